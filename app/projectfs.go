package app

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// errNotRegular refuses a FIFO, device or socket among a project's files.
var errNotRegular = errors.New("not a regular file or directory")

// projectFS is a mini program directory opened as an os.Root: no path, by
// ".." or by a symbolic link (to a file or a folder), leads outside it. Only
// regular files and directories open; anything else fails without blocking
// (a FIFO is opened non-blocking and closed again), since project files are
// untrusted.
type projectFS struct{ root *os.Root }

// openProject opens dir as a projectFS.
func openProject(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return projectFS{r}, nil // the Root is closed when it is garbage
}

func (p projectFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := p.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	return f, nil
}

// Stat follows links inside the root, as Open does, without opening.
func (p projectFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return p.root.Stat(name)
}
