package project

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
// runtime.js carries the wx.js client (assets/wxjs) itself: one script fewer
// to fetch and compile on the main thread before the runtime starts.
// The boot answer is inlined (window.__minihostBoot, read by that client and
// by the runtime's host client: the token, the language and, when small, the
// storage); the manifest is inlined too (a JSON script element the runtime
// parses) when it is at most maxInlineManifest, else preloaded at its
// ETag-versioned URL;
// window.__minihostManifest names that URL either way (its ?v= is the
// manifest's version). The compiled templates are inlined when the host has
// them for this manifest from this runtime (compiled.go). So nothing waits on a request the
// runtime would make: the runtime starts as soon as it is parsed, and a
// DevTools client recording the network (the simulator, the bench) does not
// make V8 reparse the whole runtime for the stack of a request made while it
// evaluates. The scripts are in <body>, so the runtime can draw into it
// without waiting for the end of the document. glass-easel (engine.js): see
// engineCookie. A warm load finds every script in the cache.
//
// The <link rel=expect> names no element, so the browser renders no frame
// until the document is parsed, that is until runtime.js has run: the
// frames it drew before (the empty page, the hidden chrome, between
// runtime.js and engine.js) showed nothing and cost each load 2–4 frames of
// style, layout and compositing on the cores the first render needs (cold,
// in the bench's A/B both ways round: 3% faster). Parsing ends whether the
// runtime's first render has come or not, so a slow launch still shows its
// progress.
var shellPage = template.Must(template.New("shell").Parse(`<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{{.Name}}</title>
<link rel="expect" href="#minihost-parsed" blocking="render">
{{if not .ManifestJSON}}<link rel="preload" as="fetch" crossorigin href="{{.Manifest}}">
{{end}}<link rel="stylesheet" href="/__minihost/runtime/runtime.css?v={{.Hash}}">
<script>{{if .Boot}}window.__minihostBoot={{.Boot}};{{end}}window.__minihostManifest={{.Manifest}};{{if .Compiled}}
window.__minihostCompiled={{.Compiled}};{{end}}{{if .First}}
window.__minihostFirst={{.First}};{{end}}</script>
</head><body>{{if .ManifestJSON}}<script id="minihost-manifest" type="application/json">{{.ManifestJSON}}</script>
{{end}}{{if .EngineCached}}<script src="/__minihost/runtime/engine.js?v={{.Hash}}"></script>
{{end}}<script src="/__minihost/runtime/runtime.js?v={{.Hash}}"></script>
</body></html>
`))

// preloadLinks are the shell page's Link headers for a browser without the
// scripts in its cache (no engineCookie): it asks for runtime.js as soon as
// the response's headers arrive, while it is still setting up the page (a
// fresh browser context spends some 20 ms there before its parser finds the
// tag), so it arrives and compiles sooner. engine.js is not preloaded: the
// page needs it only once the launch page's styles are made, and fetched
// beside runtime.js its compile slowed runtime.js's, which the page waits
// for first (cold, in the bench's A/B both ways round: 1–11% slower with
// it preloaded first or second). A browser that has the scripts cached gets
// no preloads: they made its load slower (7% in the bench's warm A/B).
func preloadLinks(hash string) []string {
	return []string{"</__minihost/runtime/runtime.js?v=" + hash + ">; rel=preload; as=script"}
}

type shellData struct {
	Name, Hash, Manifest string
	Compiled             template.JS // the compiled templates, when the host has them
	ManifestJSON         template.JS // the manifest, when small enough to inline
	Boot                 template.JS
	// EngineCached: the browser said (engineCookie) that it has this
	// engine.js; it then runs before runtime.js instead of being asked for
	// by the runtime.
	EngineCached bool
	First        template.JS
}

// engineCookie is set by the runtime once engine.js ran, to the runtime's
// version. A browser with engine.js in its cache gets it as a plain script
// before runtime.js: run from the cache at once, as part of the boot (from
// the cache, an async script would only run after runtime.js's task, which
// then waits for it). One without (a fresh profile) gets no tag: the
// runtime adds it when it starts (engineload.js), so that the 170 kB
// compile in the background while runtime.js boots instead of beside
// runtime.js's own compile, which the page waits for first. In the bench's
// A/B, 2-7% faster cold than an async tag in <head>.
const engineCookie = "minihost_engine"

// maxInlineManifest bounds the manifest the shell page carries: the page is
// never cached (it holds the app's token), so a larger one (a project with a
// big miniprogram_npm) is fetched once and cached at its immutable URL.
const maxInlineManifest = 512 << 10

// inlineJSON returns b, JSON, escaped to sit inside a script element.
func inlineJSON(b []byte) template.JS {
	var esc bytes.Buffer
	json.HTMLEscape(&esc, b) // no "</script>" can end the script
	return template.JS(esc.String())
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
