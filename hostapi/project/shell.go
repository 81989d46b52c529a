package project

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/minihost/minihost/app"
)

// shellPage is the page a WXML app's origin answers at /: the runtime
// reads location.search (?path=&query=) itself.
// The boot answer is inlined (window.__minihostBoot, read by wx.js) and the
// manifest is preloaded at its ETag-versioned URL (window.__minihostManifest,
// read by the runtime), and the compiled templates are inlined when the
// host has them for this manifest (compiled.go), so nothing waits on a synchronous request and a
// warm load finds every script and the manifest in the cache.
var shellPage = template.Must(template.New("shell").Parse(`<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{{.Name}}</title>
<link rel="preload" as="fetch" crossorigin href="{{.Manifest}}">
<link rel="stylesheet" href="/__minihost/runtime/runtime.css?v={{.Hash}}">
<script>{{if .Boot}}window.__minihostBoot={{.Boot}};{{end}}window.__minihostManifest={{.Manifest}};{{if .Compiled}}
window.__minihostCompiled={{.Compiled}};{{end}}</script>
<script src="{{.WXJS}}"></script>
<script src="/__minihost/runtime/runtime.js?v={{.Hash}}"></script>
</head><body></body></html>
`))

type shellData struct {
	Name, Hash, WXJS, Manifest string
	Compiled                   template.JS // the compiled templates, when the host has them
	Boot                       template.JS
}

// maxRuntimeFile bounds one runtime file read into memory (the template
// compiler's .wasm is about 2 MB).
const maxRuntimeFile = 32 << 20

// runtimeFiles is the runtime bundle, read once: it is built into the binary.
type runtimeFiles struct {
	files map[string][]byte
	hash  string // of every file: the ?v= of their URLs
	err   error
}

func (h *Handler) runtime() (*runtimeFiles, error) {
	h.rtOnce.Do(func() { h.rt = readRuntime(h.opts.Runtime) })
	return h.rt, h.rt.err
}

func readRuntime(fsys fs.FS) *runtimeFiles {
	rt := &runtimeFiles{files: map[string][]byte{}}
	if fsys == nil {
		rt.err = fmt.Errorf("no runtime bundle was given")
		return rt
	}
	sum := sha256.New()
	rt.err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := app.ReadProjectFile(fsys, p, maxRuntimeFile)
		if err != nil {
			return err
		}
		rt.files[p] = data
		fmt.Fprintf(sum, "%s\x00%d\x00", p, len(data))
		sum.Write(data)
		return nil
	})
	rt.hash = hex.EncodeToString(sum.Sum(nil)[:8])
	return rt
}

func (h *Handler) serveRuntime(w http.ResponseWriter, r *http.Request) {
	rt, err := h.runtime()
	if err != nil {
		http.Error(w, "minihost: the runtime bundle cannot be read: "+err.Error(), http.StatusInternalServerError)
		return
	}
	name := r.PathValue("file")
	data, ok := rt.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == rt.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	serveBytes(w, r, path.Base(name), `"`+rt.hash+`"`, data)
}
