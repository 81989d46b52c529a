package app

import (
	"encoding/binary"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

// User files: what wx.getFileSystemManager() writes under wx.env.USER_DATA_PATH,
// kept by the host per persona and app as storage is (a phone keeps them per
// WeChat user and mini program). Each change is one Store transaction, so a
// write that returned is on disk. Reading the page's temporary files and its
// package's files is the runtime's own business; paths outside the user
// folder do not reach the host.

const bucketFiles = "files" // "persona|appid|<path below the user folder>" -> fileEntry

const (
	// UserDataPath is wx.env.USER_DATA_PATH, the user folder's path.
	UserDataPath = "wxfile://usr"
	// FilesAppLimit is the phone's limit of one app's user files together.
	FilesAppLimit = 200 << 20
	maxFilePath   = 1024
)

// FilesAt names whose files are touched: API names the errMsg; an empty
// Persona is the current one.
type FilesAt struct {
	API     string
	Persona string
	AppID   string
}

// FileStat is what stat answers for one path. Path is relative to the path
// asked about ("" for itself), as a recursive stat lists them.
type FileStat struct {
	Path  string `json:"path"`
	Dir   bool   `json:"dir"`
	Size  int    `json:"size"`
	Mtime int64  `json:"mtime"` // unix seconds
}

// A stored entry is a kind byte ('d' a folder, 'f' a file), the modification
// time (8 bytes, big-endian unix seconds), then a file's bytes.
type fileEntry struct {
	dir   bool
	mtime int64
	data  []byte
}

func (e fileEntry) encode() []byte {
	b := make([]byte, 9+len(e.data))
	b[0] = 'f'
	if e.dir {
		b[0] = 'd'
	}
	binary.BigEndian.PutUint64(b[1:9], uint64(e.mtime))
	copy(b[9:], e.data)
	return b
}

func decodeFileEntry(v []byte) (fileEntry, bool) {
	if len(v) < 9 || (v[0] != 'd' && v[0] != 'f') {
		return fileEntry{}, false
	}
	return fileEntry{dir: v[0] == 'd', mtime: int64(binary.BigEndian.Uint64(v[1:9])), data: append([]byte(nil), v[9:]...)}, true
}

// userFile is a checked path in the user folder: rel is "" for the folder itself.
type userFile struct {
	full, rel string
}

// parent is the folder holding f ("" is the user folder).
func (f userFile) parent() string {
	if i := strings.LastIndexByte(f.rel, '/'); i >= 0 {
		return f.rel[:i]
	}
	return ""
}

// userPath checks a page's path: in the user folder, valid UTF-8 without
// NUL, at most maxFilePath bytes. "." and ".." are resolved and cannot leave
// the folder. verb names the operation in the phone's errMsg ("open").
func userPath(api, verb, p string) (userFile, error) {
	if p == "" || len(p) > maxFilePath || !utf8.ValidString(p) || strings.ContainsRune(p, 0) {
		return userFile{}, failf(api, "parameter error: invalid path %q", p)
	}
	if p != UserDataPath && !strings.HasPrefix(p, UserDataPath+"/") {
		return userFile{}, failf(api, "permission denied, %s %s", verb, p)
	}
	rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(p, UserDataPath)), "/")
	return userFile{full: p, rel: rel}, nil
}

func filesPrefix(persona, appID string) string { return userKey(persona, appID) + "|" }

// FileService keeps the user files.
type FileService struct{ *core }

// files runs fn in a transaction (update or not) on the persona's files in
// the app; fn gets the key prefix.
func (h *FileService) files(at FilesAt, update bool, fn func(tx Tx, prefix string) error) error {
	persona := at.Persona
	if persona == "" {
		persona = h.CurrentPersona().ID
	} else if _, err := h.Persona(persona); err != nil {
		return err
	}
	prefix := filesPrefix(persona, at.AppID)
	if update {
		return h.opts.Store.Update(func(tx Tx) error { return fn(tx, prefix) })
	}
	return h.opts.Store.View(func(tx Tx) error { return fn(tx, prefix) })
}

// lookup returns the entry at rel; the user folder always exists.
func lookup(tx Tx, prefix, rel string) (fileEntry, bool) {
	if rel == "" {
		return fileEntry{dir: true}, true
	}
	v := tx.Get(bucketFiles, prefix+rel)
	if v == nil {
		return fileEntry{}, false
	}
	return decodeFileEntry(v)
}

// below lists the keys (relative paths) under folder rel, at any depth.
func below(tx Tx, prefix, rel string) ([]string, error) {
	start := prefix
	if rel != "" {
		start = prefix + rel + "/"
	}
	var out []string
	err := tx.ForEach(bucketFiles, func(k string, _ []byte) error {
		if strings.HasPrefix(k, start) {
			out = append(out, k[len(prefix):])
		}
		return nil
	})
	return out, err
}

// used is the bytes of all files of the prefix but skip.
func used(tx Tx, prefix, skip string) (int, error) {
	total := 0
	err := tx.ForEach(bucketFiles, func(k string, v []byte) error {
		if strings.HasPrefix(k, prefix) && k != prefix+skip && len(v) > 9 {
			total += len(v) - 9
		}
		return nil
	})
	return total, err
}

// FileWrite writes (or with appendTo adds to) a file; its folder must exist.
func (h *FileService) FileWrite(at FilesAt, p string, data []byte, appendTo bool) error {
	f, err := userPath(at.API, "open", p)
	if err != nil {
		return err
	}
	return h.files(at, true, func(tx Tx, prefix string) error {
		if f.rel == "" {
			return failf(at.API, "illegal operation on a directory, open %s", p)
		}
		if d, ok := lookup(tx, prefix, f.parent()); !ok || !d.dir {
			return failf(at.API, "no such file or directory, open %s", p)
		}
		old, exists := lookup(tx, prefix, f.rel)
		if exists && old.dir {
			return failf(at.API, "illegal operation on a directory, open %s", p)
		}
		if appendTo {
			if !exists {
				return failf(at.API, "no such file or directory, open %s", p)
			}
			data = append(old.data, data...)
		}
		total, err := used(tx, prefix, f.rel)
		if err != nil {
			return err
		}
		if total+len(data) > FilesAppLimit {
			return fail(at.API, "the maximum size of the file storage limit is exceeded")
		}
		return tx.Put(bucketFiles, prefix+f.rel, fileEntry{mtime: h.opts.Clock().Unix(), data: data}.encode())
	})
}

// FileRead returns a file's bytes.
func (h *FileService) FileRead(at FilesAt, p string) ([]byte, error) {
	f, err := userPath(at.API, "open", p)
	if err != nil {
		return nil, err
	}
	var data []byte
	err = h.files(at, false, func(tx Tx, prefix string) error {
		e, ok := lookup(tx, prefix, f.rel)
		switch {
		case !ok:
			return failf(at.API, "no such file or directory, open %s", p)
		case e.dir:
			return failf(at.API, "illegal operation on a directory, open %s", p)
		}
		data = e.data
		return nil
	})
	return data, err
}

// FileStat answers for a path, and with recursive for everything in it.
func (h *FileService) FileStat(at FilesAt, p string, recursive bool) ([]FileStat, error) {
	f, err := userPath(at.API, "stat", p)
	if err != nil {
		return nil, err
	}
	var out []FileStat
	err = h.files(at, false, func(tx Tx, prefix string) error {
		e, ok := lookup(tx, prefix, f.rel)
		if !ok {
			return failf(at.API, "no such file or directory %s", p)
		}
		out = append(out, FileStat{Dir: e.dir, Size: len(e.data), Mtime: e.mtime})
		if !recursive || !e.dir {
			return nil
		}
		keys, err := below(tx, prefix, f.rel)
		for _, k := range keys {
			if c, ok := lookup(tx, prefix, k); ok {
				out = append(out, FileStat{Path: strings.TrimPrefix(k, f.rel+"/"), Dir: c.dir, Size: len(c.data), Mtime: c.mtime})
			}
		}
		return err
	})
	return out, err
}

// FileReadDir lists the names in a folder.
func (h *FileService) FileReadDir(at FilesAt, p string) ([]string, error) {
	f, err := userPath(at.API, "scandir", p)
	if err != nil {
		return nil, err
	}
	names := []string{}
	err = h.files(at, false, func(tx Tx, prefix string) error {
		e, ok := lookup(tx, prefix, f.rel)
		switch {
		case !ok:
			return failf(at.API, "no such file or directory %s", p)
		case !e.dir:
			return failf(at.API, "not a directory %s", p)
		}
		keys, err := below(tx, prefix, f.rel)
		for _, k := range keys {
			if f.rel != "" {
				k = k[len(f.rel)+1:]
			}
			if !strings.Contains(k, "/") { // a child, not a grandchild
				names = append(names, k)
			}
		}
		sort.Strings(names)
		return err
	})
	return names, err
}

// FileMkdir makes a folder; with recursive, the folders above it too.
func (h *FileService) FileMkdir(at FilesAt, p string, recursive bool) error {
	f, err := userPath(at.API, "mkdir", p)
	if err != nil {
		return err
	}
	return h.files(at, true, func(tx Tx, prefix string) error {
		if _, ok := lookup(tx, prefix, f.rel); ok {
			return failf(at.API, "file already exists %s", p)
		}
		parts := strings.Split(f.rel, "/")
		for i := range parts {
			rel := strings.Join(parts[:i+1], "/")
			e, ok := lookup(tx, prefix, rel)
			switch {
			case ok && !e.dir:
				return failf(at.API, "not a directory %s", p)
			case ok:
				continue
			case i < len(parts)-1 && !recursive:
				return failf(at.API, "no such file or directory %s", p)
			}
			if err := tx.Put(bucketFiles, prefix+rel, fileEntry{dir: true, mtime: h.opts.Clock().Unix()}.encode()); err != nil {
				return err
			}
		}
		return nil
	})
}

// FileRemove removes a file (unlink) or, with dir, a folder (rmdir): an
// empty one, or with recursive everything in it.
func (h *FileService) FileRemove(at FilesAt, p string, dir, recursive bool) error {
	verb := "unlink"
	if dir {
		verb = "rmdir"
	}
	f, err := userPath(at.API, verb, p)
	if err != nil {
		return err
	}
	return h.files(at, true, func(tx Tx, prefix string) error {
		e, ok := lookup(tx, prefix, f.rel)
		switch {
		case f.rel == "":
			return failf(at.API, "permission denied, %s %s", verb, p)
		case !ok:
			return failf(at.API, "no such file or directory %s", p)
		case !dir && e.dir:
			return failf(at.API, "operation not permitted, unlink %s", p)
		case dir && !e.dir:
			return failf(at.API, "not a directory %s", p)
		}
		keys, err := below(tx, prefix, f.rel)
		if err != nil {
			return err
		}
		if dir && len(keys) > 0 && !recursive {
			return failf(at.API, "directory not empty %s", p)
		}
		for _, k := range append(keys, f.rel) {
			if err := tx.Delete(bucketFiles, prefix+k); err != nil {
				return err
			}
		}
		return nil
	})
}

// FileMove renames a file or folder (rename), or copies a file (copy).
func (h *FileService) FileMove(at FilesAt, from, to string, copyOnly bool) error {
	verb := "rename"
	if copyOnly {
		verb = "copyFile"
	}
	src, err := userPath(at.API, verb, from)
	if err != nil {
		return err
	}
	dst, err := userPath(at.API, verb, to)
	if err != nil {
		return err
	}
	return h.files(at, true, func(tx Tx, prefix string) error {
		e, ok := lookup(tx, prefix, src.rel)
		switch {
		case src.rel == "" || dst.rel == "":
			return failf(at.API, "permission denied, %s %s -> %s", verb, from, to)
		case !ok:
			return failf(at.API, "no such file or directory, %s %s -> %s", verb, from, to)
		case copyOnly && e.dir:
			return failf(at.API, "illegal operation on a directory, %s %s -> %s", verb, from, to)
		case e.dir && strings.HasPrefix(dst.rel+"/", src.rel+"/"):
			return failf(at.API, "invalid argument, %s %s -> %s", verb, from, to)
		}
		if d, ok := lookup(tx, prefix, dst.parent()); !ok || !d.dir {
			return failf(at.API, "no such file or directory, %s %s -> %s", verb, from, to)
		}
		if old, ok := lookup(tx, prefix, dst.rel); ok && old.dir {
			return failf(at.API, "illegal operation on a directory, %s %s -> %s", verb, from, to)
		}
		if copyOnly {
			total, err := used(tx, prefix, dst.rel)
			if err != nil {
				return err
			}
			if total+len(e.data) > FilesAppLimit {
				return fail(at.API, "the maximum size of the file storage limit is exceeded")
			}
			e.mtime = h.opts.Clock().Unix()
			return tx.Put(bucketFiles, prefix+dst.rel, e.encode())
		}
		keys, err := below(tx, prefix, src.rel)
		if err != nil {
			return err
		}
		for _, k := range append([]string{src.rel}, keys...) {
			c, _ := lookup(tx, prefix, k)
			if err := tx.Delete(bucketFiles, prefix+k); err != nil {
				return err
			}
			if err := tx.Put(bucketFiles, prefix+dst.rel+strings.TrimPrefix(k, src.rel), c.encode()); err != nil {
				return err
			}
		}
		return nil
	})
}
