package project

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// The compiled-template cache: the runtime compiles the app's WXML in the
// page with a 2 MB wasm compiler; it keeps the output in the page's own
// storage and also posts it here, so a page in a fresh browser profile (a
// new simulator window, a test's browser) skips the compiler too.
//
//	GET  /__minihost/compiled?key=<k>  the stored output, or 404
//	POST /__minihost/compiled?key=<k>[&manifest=<etag>&runtime=<hash>]  store it (same origin only), 204
//
// The shell page inlines the output stored for its manifest's ETag by this
// host's runtime, so a fresh browser profile needs no request for it
// either, and the runtime takes it without hashing the sources.
//
// With Options.CacheDir the outputs are also kept there, by key, so a
// restarted host (a new simulator, a fresh browser) skips the compiler as
// long as the project's WXML is unchanged; the folder is the host's own
// (the data dir), each app has a folder of its own in it (an app's pages
// must not store what another app's pages evaluate), and what it holds is
// bounded (compiledFiles).
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
	// compiledFiles is how many outputs CacheDir keeps per app; the least
	// recently stored go first.
	compiledFiles = 8
)

var compiledKey = regexp.MustCompile(`^[0-9a-f]{16,128}$`)

type compiledCache struct {
	mu    sync.Mutex
	items fifo[[]byte] // key → output, compiledEntries of them
	// byManifest names the key a page stored for a manifest and runtime
	// (manifestTag), so the shell page can inline the output and the
	// runtime need not compute the key.
	byManifest map[string]string
	dir        string // Options.CacheDir: kept across restarts when set
	log        *slog.Logger
}

// manifestTag names a manifest (its ETag) compiled by a runtime (its hash):
// what the shell page looks compiled output up by.
func manifestTag(etag, runtime string) string { return etag + "-" + runtime }

// forManifest returns the key and output stored for the manifest tag
// (manifestTag).
func (c *compiledCache) forManifest(tag string) (string, []byte, bool) {
	c.mu.Lock()
	k, ok := c.byManifest[tag]
	c.mu.Unlock()
	if ok {
		body, ok := c.get(k)
		return k, body, ok
	}
	b, err := c.readFile("m-" + tag)
	if k = string(b); err != nil || !compiledKey.MatchString(k) {
		return "", nil, false
	}
	body, ok := c.get(k)
	if ok {
		c.put(k, tag, body, false)
	}
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
	b, ok := c.items.get(key)
	c.mu.Unlock()
	if ok {
		return b, true
	}
	b, err := c.readFile(key + ".json")
	if err != nil || !json.Valid(b) {
		return nil, false
	}
	c.put(key, "", b, false)
	return b, true
}

// readFile reads one file of CacheDir, bounded by MaxCompiled.
func (c *compiledCache) readFile(name string) ([]byte, error) {
	if c.dir == "" {
		return nil, fs.ErrNotExist
	}
	f, err := os.Open(filepath.Join(c.dir, name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxCompiled+1))
	if err == nil && len(b) > MaxCompiled {
		err = fmt.Errorf("%s: larger than %d bytes", name, MaxCompiled)
	}
	return b, err
}

// persist writes an output (and which manifest it is for) to CacheDir and
// drops the oldest files beyond compiledFiles. A failure only costs a
// compile after the next restart.
func (c *compiledCache) persist(key, manifest string, body []byte) {
	if c.dir == "" {
		return
	}
	err := os.MkdirAll(c.dir, 0o700)
	if err == nil {
		err = writeAtomic(filepath.Join(c.dir, key+".json"), body)
	}
	if err == nil && manifest != "" {
		err = writeAtomic(filepath.Join(c.dir, "m-"+manifest), []byte(key))
	}
	if err != nil {
		c.log.Warn("compiled templates not kept for the next start", "err", err)
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	type file struct {
		name string
		mod  int64
	}
	var outputs, manifests []file
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		f := file{e.Name(), info.ModTime().UnixNano()}
		switch {
		case strings.HasSuffix(f.name, ".json"):
			outputs = append(outputs, f)
		case strings.HasPrefix(f.name, "m-"):
			manifests = append(manifests, f)
		}
	}
	for _, list := range [][]file{outputs, manifests} {
		slices.SortFunc(list, func(a, b file) int { return cmp.Compare(b.mod, a.mod) }) // newest first
		for _, f := range list[min(len(list), compiledFiles):] {
			os.Remove(filepath.Join(c.dir, f.name))
		}
	}
}

// writeAtomic writes a file by renaming a complete temporary one over it,
// so a crash never leaves half an output to be evaluated.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// put keeps an output in memory, and in CacheDir when persist is set.
func (c *compiledCache) put(key, manifest string, body []byte, persist bool) {
	if persist {
		c.persist(key, manifest, body)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if manifest != "" {
		if c.byManifest == nil || len(c.byManifest) >= 4*compiledEntries {
			c.byManifest = map[string]string{}
		}
		c.byManifest[manifest] = key
	}
	c.items.put(key, body)
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

// sameOrigin reports whether a browser sent r from a page of the origin r
// is addressed to. A cross-site form or a no-cors fetch can POST without a
// preflight, so the Origin header (which browsers always send on POST) must
// name this very host; a JSON content type makes other origins preflight.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && o == "http://"+r.Host && r.Header.Get("Content-Type") == "application/json"
}

// readOwnPost reads the body of a POST only the app's own pages may send
// (sameOrigin), of at most max bytes. When it refuses one it has answered
// (403, 413 or 400, its message naming what) and returns false.
func readOwnPost(w http.ResponseWriter, r *http.Request, what, refusal string, max int64) ([]byte, bool) {
	if !sameOrigin(r) {
		http.Error(w, "minihost: "+what+": "+refusal, http.StatusForbidden)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		http.Error(w, "minihost: "+what+": too large", http.StatusRequestEntityTooLarge)
		return nil, false
	case err != nil:
		http.Error(w, "minihost: "+what+": "+err.Error(), http.StatusBadRequest)
		return nil, false
	}
	return body, true
}

func (h *Handler) storeCompiled(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if !compiledKey.MatchString(key) {
		http.Error(w, "minihost: compiled: key must be 16 to 128 lower-case hex digits", http.StatusBadRequest)
		return
	}
	body, ok := readOwnPost(w, r, "compiled", "only the app's own pages may store compiled templates", MaxCompiled)
	if !ok {
		return
	}
	if !json.Valid(body) {
		http.Error(w, "minihost: compiled: not JSON", http.StatusBadRequest)
		return
	}
	// manifest: the ETag of the manifest the page compiled, and runtime: the
	// version of the runtime that compiled it (both optional). Only output
	// of this host's runtime is inlined in the shell page, which the
	// runtime then takes without checking it against the sources.
	manifest := r.URL.Query().Get("manifest")
	if rt, err := h.runtime(); err != nil || !compiledKey.MatchString(manifest) || r.URL.Query().Get("runtime") != rt.hash {
		manifest = ""
	} else {
		manifest = manifestTag(manifest, rt.hash)
	}
	h.tmpl.put(key, manifest, body, true)
	w.WriteHeader(http.StatusNoContent)
}
