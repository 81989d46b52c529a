package simulator

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long Watch waits after a change for more: an
// editor's save is often several writes, a git checkout many.
const DefaultDebounce = 100 * time.Millisecond

// Watch calls fn with the project-relative paths (forward slashes) changed
// under dir, debounced, until ctx ends. Sub-folders are watched as they
// appear; dot folders and node_modules are not (editors, VCS and npm churn
// there and the project never serves them).
func Watch(ctx context.Context, dir string, debounce time.Duration, fn func(changed []string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := addTree(w, dir); err != nil {
		w.Close()
		return err
	}
	go func() {
		defer w.Close()
		pending := map[string]bool{}
		var timer <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				rel, err := filepath.Rel(dir, ev.Name)
				if err != nil || ignored(rel) {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
						_ = addTree(w, ev.Name)
					}
				}
				pending[filepath.ToSlash(rel)] = true
				timer = time.After(debounce)
			case <-w.Errors:
				// An overflowed queue loses events: treat it as "something changed".
				pending["."] = true
				timer = time.After(debounce)
			case <-timer:
				timer = nil
				changed := make([]string, 0, len(pending))
				for p := range pending {
					changed = append(changed, p)
				}
				clear(pending)
				fn(changed)
			}
		}
	}()
	return nil
}

func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder that vanished or cannot be read is skipped
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && skipDir(d.Name()) {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

func skipDir(name string) bool { return strings.HasPrefix(name, ".") || name == "node_modules" }

// ignored says whether a change at rel (relative to the project) is one
// Watch leaves out: inside a dot folder or node_modules, or an editor's
// swap/backup file.
func ignored(rel string) bool {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for _, p := range parts[:len(parts)-1] {
		if skipDir(p) {
			return true
		}
	}
	base := parts[len(parts)-1]
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp")
}
