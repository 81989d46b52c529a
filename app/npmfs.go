package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// The IDE's "Build npm" step copies, for each dependency in the mini program
// folder's package.json (and their own dependencies), the package's mini
// program folder (package.json "miniprogram", else miniprogram_dist) from
// node_modules into miniprogram_npm/, where pages require it from. On Linux there is no IDE to
// run that step. A project with node_modules but no miniprogram_npm/ is
// shown to the runtime with a miniprogram_npm/ made of those folders, read
// in place (nothing is written into the project).

const npmDir = "miniprogram_npm"

// npmName is a valid npm package name ("x" or "@scope/x"), so no name
// leads out of node_modules or makes an odd path ("..", "a/b/c").
var npmName = regexp.MustCompile(`^(@[A-Za-z0-9~-][A-Za-z0-9._~-]*/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*$`)

// npmFS is the mini program folder with a miniprogram_npm/ folder whose
// packages are node_modules folders of src (the folder of the package.json):
// pkgs maps a package name ("x" or "@scope/x") to the folder of src shown
// as miniprogram_npm/<name>.
type npmFS struct {
	fs.FS
	src   fs.FS
	pkgs  map[string]string
	shims map[string][]byte // miniprogram_npm/<name>/index.js of a package whose main is elsewhere
}

// withNpm returns fsys, the mini program folder, with a miniprogram_npm/
// made from node_modules when it has none and the package.json of src (the
// folder itself, or the one the project's packNpmRelationList names) names
// dependencies installed beside it; and the packages it shows and those it
// cannot.
func withNpm(fsys, src fs.FS) (fs.FS, []string, []string) {
	if _, err := fs.Stat(fsys, npmDir); err == nil {
		return fsys, nil, nil
	}
	data, err := ReadProjectFile(src, "package.json", 1<<20)
	if err != nil {
		return fsys, nil, nil
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if json.Unmarshal(data, &pkg) != nil || len(pkg.Dependencies) == 0 {
		return fsys, nil, nil
	}
	pkgs := map[string]string{}
	shims := map[string][]byte{}
	var shown, missing []string
	// the dependencies, and theirs (npm installs them side by side in
	// node_modules; Build npm copies them too)
	queue := slices.Sorted(maps.Keys(pkg.Dependencies))
	seen := map[string]bool{}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] || !npmName.MatchString(name) {
			continue
		}
		dir := "node_modules/" + name
		seen[name] = true
		if st, err := fs.Stat(src, dir); err != nil || !st.IsDir() {
			missing = append(missing, name)
			continue
		}
		sub, main, deps := npmFolder(src, dir)
		if sub == "" {
			missing = append(missing, name)
			continue
		}
		pkgs[name] = sub
		if main != "" {
			// Build npm bundles such a package into index.js; one that
			// requires its main file does here (npm's own layout, in place)
			shims[npmDir+"/"+name+"/index.js"] = []byte("module.exports = require('./" + main + "');\n")
		}
		shown = append(shown, name)
		queue = append(queue, deps...)
	}
	sort.Strings(shown)
	sort.Strings(missing)
	if len(pkgs) == 0 {
		return fsys, nil, missing
	}
	return npmFS{FS: fsys, src: src, pkgs: pkgs, shims: shims}, shown, missing
}

// npmFolder is the folder of an installed package that Build npm copies:
// package.json's "miniprogram", else miniprogram_dist, else the package
// itself when it has an index.js, else the folder of its "main" file (main:
// that file's name when it is not index.js); "" when none. deps are the
// package's own dependencies.
func npmFolder(fsys fs.FS, dir string) (folder, main string, deps []string) {
	var meta struct {
		Miniprogram  string            `json:"miniprogram"`
		Main         string            `json:"main"`
		Dependencies map[string]string `json:"dependencies"`
	}
	if data, err := ReadProjectFile(fsys, path.Join(dir, "package.json"), 1<<20); err == nil {
		_ = json.Unmarshal(data, &meta)
	}
	deps = slices.Sorted(maps.Keys(meta.Dependencies))
	inside := func(rel string) (string, bool) {
		p := path.Join(dir, rel)
		return p, rel != "" && fs.ValidPath(p) && strings.HasPrefix(p, dir+"/")
	}
	for _, sub := range []string{meta.Miniprogram, "miniprogram_dist"} {
		if p, ok := inside(sub); ok {
			if st, err := fs.Stat(fsys, p); err == nil && st.IsDir() {
				return p, "", deps
			}
		}
	}
	if st, err := fs.Stat(fsys, path.Join(dir, "index.js")); err == nil && st.Mode().IsRegular() {
		return dir, "", deps
	}
	m := meta.Main
	if m != "" && path.Ext(m) != ".js" {
		m += ".js"
	}
	if p, ok := inside(m); ok {
		if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
			// the main file's folder, not the whole package (its sources,
			// tests and build configs)
			if path.Base(p) == "index.js" {
				return path.Dir(p), "", deps
			}
			return path.Dir(p), path.Base(p), deps
		}
	}
	return "", "", nil
}

// real maps a path under miniprogram_npm/<package> to the package's folder;
// ok is false for any other path.
func (n npmFS) real(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, npmDir+"/")
	if !ok {
		return "", false
	}
	pkg, sub, _ := strings.Cut(rest, "/")
	if strings.HasPrefix(pkg, "@") { // a scoped name is two segments
		var second string
		second, sub, _ = strings.Cut(sub, "/")
		pkg += "/" + second
	}
	dir, ok := n.pkgs[pkg]
	if !ok {
		return "", false
	}
	return path.Join(dir, sub), true
}

// virtualDir lists the names a made-up folder holds: miniprogram_npm/ (the
// packages, and the scopes of scoped ones) or miniprogram_npm/@scope; ok is
// false when name is no such folder.
func (n npmFS) virtualDir(name string) ([]string, bool) {
	var names []string
	switch {
	case name == npmDir:
		for pkg := range n.pkgs {
			names = append(names, strings.SplitN(pkg, "/", 2)[0])
		}
	case strings.HasPrefix(name, npmDir+"/@") && strings.Count(name, "/") == 1:
		scope := strings.TrimPrefix(name, npmDir+"/")
		for pkg := range n.pkgs {
			if s, rest, ok := strings.Cut(pkg, "/"); ok && s == scope {
				names = append(names, rest)
			}
		}
		if len(names) == 0 {
			return nil, false
		}
	default:
		return nil, false
	}
	slices.Sort(names)
	return slices.Compact(names), true
}

func (n npmFS) Open(name string) (fs.File, error) {
	if data, ok := n.shims[name]; ok {
		return &shimFile{Reader: bytes.NewReader(data), info: shimInfo{path.Base(name), int64(len(data))}}, nil
	}
	if p, ok := n.real(name); ok {
		return n.src.Open(p)
	}
	if _, ok := n.virtualDir(name); ok {
		return virtualFile{name: path.Base(name)}, nil
	}
	return n.FS.Open(name)
}

func (n npmFS) Stat(name string) (fs.FileInfo, error) {
	if data, ok := n.shims[name]; ok {
		return shimInfo{path.Base(name), int64(len(data))}, nil
	}
	if p, ok := n.real(name); ok {
		return fs.Stat(n.src, p)
	}
	if _, ok := n.virtualDir(name); ok {
		return virtualInfo(path.Base(name)), nil
	}
	return fs.Stat(n.FS, name)
}

func (n npmFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if p, ok := n.real(name); ok {
		entries, err := fs.ReadDir(n.src, p)
		if data, shim := n.shims[name+"/index.js"]; shim && err == nil {
			// the made-up index.js stands for any the folder has, as Open's does
			entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "index.js" })
			entries = append(entries, fs.FileInfoToDirEntry(shimInfo{"index.js", int64(len(data))}))
			slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		}
		return entries, err
	}
	if names, ok := n.virtualDir(name); ok {
		out := make([]fs.DirEntry, len(names))
		for i, s := range names {
			full := name + "/" + s
			if _, scope := n.virtualDir(full); scope {
				out[i] = fs.FileInfoToDirEntry(virtualInfo(s))
				continue
			}
			st, err := n.Stat(full)
			if err != nil {
				return nil, err
			}
			out[i] = fs.FileInfoToDirEntry(renamed{st, s})
		}
		return out, nil
	}
	entries, err := fs.ReadDir(n.FS, name)
	if err != nil || name != "." {
		return entries, err
	}
	return append(entries, fs.FileInfoToDirEntry(virtualInfo(npmDir))), nil
}

// virtualInfo describes a made-up folder.
type virtualInfo string

func (v virtualInfo) Name() string       { return string(v) }
func (v virtualInfo) Size() int64        { return 0 }
func (v virtualInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o555 }
func (v virtualInfo) ModTime() time.Time { return time.Time{} }
func (v virtualInfo) IsDir() bool        { return true }
func (v virtualInfo) Sys() any           { return nil }

// renamed is a package folder's info under its package name.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// shimInfo describes a made-up index.js.
type shimInfo struct {
	name string
	size int64
}

func (s shimInfo) Name() string       { return s.name }
func (s shimInfo) Size() int64        { return s.size }
func (s shimInfo) Mode() fs.FileMode  { return 0o444 }
func (s shimInfo) ModTime() time.Time { return time.Time{} }
func (s shimInfo) IsDir() bool        { return false }
func (s shimInfo) Sys() any           { return nil }

// shimFile is an opened made-up index.js.
type shimFile struct {
	*bytes.Reader
	info shimInfo
}

func (f *shimFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *shimFile) Close() error               { return nil }

// virtualFile is an opened made-up folder (its entries come from ReadDir).
type virtualFile struct{ name string }

func (v virtualFile) Stat() (fs.FileInfo, error) { return virtualInfo(v.name), nil }
func (v virtualFile) Read([]byte) (int, error)   { return 0, errors.New("is a directory") }
func (v virtualFile) Close() error               { return nil }
