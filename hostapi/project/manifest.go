package project

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/minihost/minihost/app"
)

// Manifest is /__minihost/project.json: what the runtime needs of the
// project, keyed by paths relative to the mini program folder.
type Manifest struct {
	AppID string                     `json:"appid"`
	Name  string                     `json:"name"`
	App   json.RawMessage            `json:"app"`
	Theme json.RawMessage            `json:"theme"` // null without themeLocation
	JSON  map[string]json.RawMessage `json:"json"`
	WXML  map[string]string          `json:"wxml"`
	WXS   map[string]string          `json:"wxs"`
	WXSS  map[string]string          `json:"wxss"`
	JS    map[string]string          `json:"js"` // path -> content hash, the ?v= of its URL
	// Requires lists each module's literal require("…") requests (as
	// written, unresolved), so the runtime can load what the first page
	// needs in one go; a computed require is not in it.
	Requires map[string][]string `json:"requires"`
	Warnings []app.Warning       `json:"warnings"`
	Errors   []FileError         `json:"errors"`
}

// FileError is a problem with one project file that the runtime shows:
// a JS syntax error (line and column from 1), or a file too large to read.
type FileError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// manifest is one build of the manifest, with the transformed JS.
type manifest struct {
	stamp string // hash of every read file's path, size and modification time
	body  []byte
	etag  string
	js    map[string]jsFile
	errs  []FileError // the manifest's errors, kept for files reused unchanged
}

type jsFile struct {
	hash     string   // content hash, with the transform's version in it
	code     []byte   // the transformed module, or the stub of a file with errors
	requires []string // its literal require requests
}

func (m *manifest) jsFile(name string) (jsFile, bool) {
	if m == nil {
		return jsFile{}, false
	}
	f, ok := m.js[name]
	return f, ok
}

// listed is a project file the manifest reads.
type listed struct {
	path string
	info fs.FileInfo
}

// manifest returns the manifest, rebuilt when a file was added, removed or
// changed (size or modification time) since the last build. Rebuilding
// re-reads the files but re-transforms only JS whose content changed.
func (h *Handler) manifest() (*manifest, error) {
	files, stamp, err := h.list()
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.walked = time.Now()
	if h.cur != nil && !h.stale && h.cur.stamp == stamp {
		return h.cur, nil
	}
	m, err := h.build(files, stamp, h.cur)
	if err != nil {
		return nil, err
	}
	h.cur, h.stale = m, false
	return m, nil
}

// recentManifest is manifest without walking the folder again when it was
// walked less than Options.Recheck ago and nothing called Invalidate since.
func (h *Handler) recentManifest() (*manifest, error) {
	h.mu.Lock()
	m, walked, stale := h.cur, h.walked, h.stale
	h.mu.Unlock()
	if m != nil && !stale && time.Since(walked) < h.opts.Recheck {
		return m, nil
	}
	return h.manifest()
}

// list walks the mini program folder for the files the manifest reads,
// leaving out dot names and node_modules, within the entry limit.
func (h *Handler) list() ([]listed, string, error) {
	fsys, lim := h.mp.Files, h.opts.Limits
	var files []listed
	entries := 0
	sum := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if entries++; entries > lim.Entries {
			return fmt.Errorf("the mini program folder has more than %d files and folders (dot folders and node_modules not counted)", lim.Entries)
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || (d.IsDir() && name == "node_modules") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !wanted(p, h.mp.ThemeLocation) {
			return nil
		}
		if t := d.Type(); t != 0 && t != fs.ModeSymlink {
			return nil // a FIFO, device or socket is never read
		}
		// A link is followed (inside the folder only, when Files is an
		// os.Root) if it leads to a regular file; linked folders are not walked.
		info, err := fs.Stat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		files = append(files, listed{p, info})
		fmt.Fprintf(sum, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("project files: %w", err)
	}
	return files, hex.EncodeToString(sum.Sum(nil)), nil
}

// wanted reports whether the manifest holds the file at p.
func wanted(p, theme string) bool {
	switch path.Ext(p) {
	case ".json", ".wxml", ".wxs", ".wxss", ".js":
		return true
	case ".less", ".scss", ".sass":
		return true // counted for a warning, never read (see styleWarning)
	case ".ts":
		return !strings.HasSuffix(p, ".d.ts") // declarations hold no code
	}
	return p == theme
}

// build reads the listed files into a manifest, reusing prev's transformed
// JS for files whose content is unchanged.
func (h *Handler) build(files []listed, stamp string, prev *manifest) (*manifest, error) {
	lim := h.opts.Limits
	doc := Manifest{
		AppID: h.mp.AppID, Name: h.mp.Name, Theme: json.RawMessage("null"), App: json.RawMessage("null"),
		JSON: map[string]json.RawMessage{}, WXML: map[string]string{}, WXS: map[string]string{},
		WXSS: map[string]string{}, JS: map[string]string{}, Requires: map[string][]string{},
		Warnings: append([]app.Warning{}, h.mp.Warnings...), Errors: []FileError{},
	}
	m := &manifest{stamp: stamp, js: map[string]jsFile{}}
	present := map[string]bool{}
	for _, f := range files {
		present[f.path] = true
	}
	var total int64
	var styles []string // .less/.scss/.sass with no .wxss beside them
	for _, f := range files {
		if ext := path.Ext(f.path); ext == ".less" || ext == ".scss" || ext == ".sass" {
			if !present[strings.TrimSuffix(f.path, ext)+".wxss"] {
				styles = append(styles, f.path)
			}
			continue
		}
		if f.info.Size() > lim.FileBytes {
			doc.Errors = append(doc.Errors, FileError{File: f.path, Message: fmt.Sprintf("%d bytes, more than minihost reads (%d)", f.info.Size(), lim.FileBytes)})
			continue
		}
		if total += f.info.Size(); total > lim.Total {
			return nil, fmt.Errorf("the mini program's code, templates and styles are more than %d bytes together", lim.Total)
		}
		data, err := app.ReadProjectFile(h.mp.Files, f.path, lim.FileBytes)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since the walk; the next request rebuilds
		}
		if err != nil {
			doc.Errors = append(doc.Errors, FileError{File: f.path, Message: err.Error()})
			continue
		}
		stem := strings.TrimSuffix(f.path, path.Ext(f.path))
		switch {
		case f.path == "app.json":
			if !json.Valid(data) {
				return nil, errors.New("app.json: malformed JSON (it was valid when the app was loaded)")
			}
			doc.App = data
		case f.path == h.mp.ThemeLocation:
			if json.Valid(data) {
				doc.Theme = data
			} else {
				doc.Warnings = append(doc.Warnings, app.Warning{File: f.path, Message: "malformed JSON; theme variables stay unresolved"})
			}
		case path.Ext(f.path) == ".json":
			if !present[stem+".wxml"] && !present[stem+".js"] && !present[stem+".ts"] {
				continue // not a page or component config
			}
			if json.Valid(data) {
				doc.JSON[f.path] = data
			} else {
				doc.Errors = append(doc.Errors, FileError{File: f.path, Message: "malformed JSON"})
			}
		case path.Ext(f.path) == ".wxml":
			doc.WXML[f.path] = string(data)
		case path.Ext(f.path) == ".wxs":
			doc.WXS[f.path] = string(data)
		case path.Ext(f.path) == ".wxss":
			doc.WXSS[f.path] = string(data)
		case path.Ext(f.path) == ".js", path.Ext(f.path) == ".ts":
			// A .ts file is the module of its .js name, as the IDE's
			// TypeScript compile makes it, unless a .js stands beside it.
			module := stem + ".js"
			if f.path != module && present[module] {
				continue
			}
			hash := jsHash(f.path, data)
			js, ok := prev.jsFile(module)
			var ferr *FileError
			if !ok || js.hash != hash {
				js = jsFile{hash: hash}
				js.code, ferr = transformJS(module, f.path, data)
				js.requires = requiresOf(js.code)
			} else if failed := prev.errorOf(f.path); failed != nil {
				ferr = failed
			}
			if ferr != nil {
				doc.Errors = append(doc.Errors, *ferr)
			}
			m.js[module] = js
			doc.JS[module] = hash
			doc.Requires[module] = js.requires
		}
	}
	if w, ok := styleWarning(styles); ok {
		doc.Warnings = append(doc.Warnings, w)
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	m.body = body
	sum := sha256.Sum256(body)
	m.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
	m.errs = doc.Errors
	return m, nil
}

// errorOf returns the error recorded for file in m's build, if any.
func (m *manifest) errorOf(file string) *FileError {
	if m == nil {
		return nil
	}
	for _, e := range m.errs {
		if e.File == file {
			return &e
		}
	}
	return nil
}

// styleWarning is the one warning for style files written in less or sass
// (project.config.json useCompilerPlugins) that have no .wxss beside them:
// minihost does not compile them yet, so what they style shows unstyled;
// the page and its JS still work.
func styleWarning(files []string) (app.Warning, bool) {
	if len(files) == 0 {
		return app.Warning{}, false
	}
	slices.Sort(files)
	return app.Warning{File: files[0], Message: fmt.Sprintf(
		"%d style files in less/sass (useCompilerPlugins) are not compiled by minihost yet: the pages and components they style show unstyled", len(files))}, true
}
