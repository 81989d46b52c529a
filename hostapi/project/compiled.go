package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"sync"
)

// The compiled-template cache: the runtime compiles the app's WXML in the
// page with a 2 MB wasm compiler; it keeps the output in the page's own
// storage and also posts it here, so a page in a fresh browser profile (a
// new simulator window, a test's browser) skips the compiler too.
//
//	GET  /__minihost/compiled?key=<k>  the stored output, or 404
//	POST /__minihost/compiled?key=<k>[&manifest=<etag>]  store it (same origin only), 204
//
// The shell page inlines the output stored for its manifest's ETag, so a
// fresh browser profile needs no request for it either.
//
// The key is the runtime's hash of every compiler input (the WXML and WXS
// sources, the compiler's version), so a changed project never meets stale
// output. What is stored is JS the page evaluates: only a page of the app's
// own origin may store it (that page runs the app's code anyway), never
// another site or app; it lives in memory, bounded, until the app is
// reloaded.

const (
	// MaxCompiled bounds one stored output.
	MaxCompiled = 8 << 20
	// compiledEntries is how many outputs are kept (a few versions of a
	// project being edited); the oldest goes first.
	compiledEntries = 4
)

var compiledKey = regexp.MustCompile(`^[0-9a-f]{16,128}$`)

type compiledCache struct {
	mu    sync.Mutex
	keys  []string // oldest first
	items map[string][]byte
	// byManifest names the key a page stored for a manifest (by its ETag,
	// unquoted), so the shell page can preload the output before the
	// runtime has even computed the key.
	byManifest map[string]string
}

// forManifest returns the key and output stored for the manifest whose
// ETag is etag.
func (c *compiledCache) forManifest(etag string) (string, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.byManifest[etag]
	body, ok := c.items[k]
	return k, body, ok
}

// inlineCompiled is the stored output as a JS expression for the shell
// page's script: {key, source, problems}. HTMLEscape keeps a "</script>" in
// a template's text from ending the script.
func inlineCompiled(key string, body []byte) template.JS {
	var entry map[string]json.RawMessage
	if json.Unmarshal(body, &entry) != nil {
		return ""
	}
	entry["key"], _ = json.Marshal(key)
	b, err := json.Marshal(entry)
	if err != nil {
		return ""
	}
	var out bytes.Buffer
	json.HTMLEscape(&out, b)
	return template.JS(out.String())
}

func (c *compiledCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.items[key]
	return b, ok
}

func (c *compiledCache) put(key, manifest string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil {
		c.items = map[string][]byte{}
	}
	if manifest != "" {
		if c.byManifest == nil || len(c.byManifest) >= 4*compiledEntries {
			c.byManifest = map[string]string{}
		}
		c.byManifest[manifest] = key
	}
	if _, ok := c.items[key]; !ok {
		c.keys = append(c.keys, key)
	}
	c.items[key] = body
	for len(c.keys) > compiledEntries {
		delete(c.items, c.keys[0])
		c.keys = c.keys[1:]
	}
}

func (h *Handler) serveCompiled(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if !compiledKey.MatchString(key) {
		http.Error(w, "minihost: compiled: key must be 16 to 128 lower-case hex digits", http.StatusBadRequest)
		return
	}
	body, ok := h.tmpl.get(key)
	if !ok {
		w.Header().Set("Cache-Control", "no-store")
		http.NotFound(w, r)
		return
	}
	// The key is a hash of what the output is made from.
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// errCrossOrigin refuses a store from anything but the app's own pages.
var errCrossOrigin = errors.New("compiled: only the app's own pages may store compiled templates")

// sameOrigin reports whether a browser sent r from a page of the origin r
// is addressed to. A cross-site form or a no-cors fetch can POST without a
// preflight, so the Origin header (which browsers always send on POST) must
// name this very host; a JSON content type makes other origins preflight.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && o == "http://"+r.Host && r.Header.Get("Content-Type") == "application/json"
}

func (h *Handler) storeCompiled(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if !compiledKey.MatchString(key) {
		http.Error(w, "minihost: compiled: key must be 16 to 128 lower-case hex digits", http.StatusBadRequest)
		return
	}
	if !sameOrigin(r) {
		http.Error(w, "minihost: "+errCrossOrigin.Error(), http.StatusForbidden)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxCompiled))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		http.Error(w, "minihost: compiled: too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(w, "minihost: compiled: "+err.Error(), http.StatusBadRequest)
		return
	case !json.Valid(body):
		http.Error(w, "minihost: compiled: not JSON", http.StatusBadRequest)
		return
	}
	// manifest: the ETag of the manifest the page compiled (optional).
	manifest := r.URL.Query().Get("manifest")
	if !compiledKey.MatchString(manifest) {
		manifest = ""
	}
	h.tmpl.put(key, manifest, body)
	w.WriteHeader(http.StatusNoContent)
}
