package project

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sync"
)

// The launch page's scripts, learned: once a page has rendered, the runtime
// posts the project scripts it loaded before its first render (app.js, the
// launch page's, its components', what they require), and the shell page
// for the same launch path, manifest and runtime then carries their code, so
// a browser without them cached asks for none of them: a request, a script
// element and a task each, which a cold first render waited for (6–12% of
// it in the bench's A/B, both ways round). A browser with the runtime
// cached (engineCookie) gets the scripts from its cache as before, with
// V8's code cache.
//
//	POST /__minihost/first?path=<the launch URL's path>&manifest=<etag>&runtime=<hash>  ["app.js", …]  204
//
// Only names are posted, by the app's own pages (sameOrigin): the shell
// page carries this host's own transform of those files of the current
// manifest, so a page cannot make a later load run code of its choosing.

const (
	// maxFirstFiles bounds one posted list, maxFirstBody its JSON.
	maxFirstFiles = 512
	maxFirstBody  = 64 << 10
	// firstEntries is how many lists are kept (launch paths and versions);
	// the oldest goes first.
	firstEntries = 32
)

type firstScripts struct {
	mu    sync.Mutex
	lists fifo[[]string] // firstKey → file names, firstEntries of them
}

// firstKey names a list: a manifest by a runtime (manifestTag) and the
// launch URL's path as the page got it.
func firstKey(tag, path string) string { return tag + "\x00" + path }

func (f *firstScripts) put(key string, files []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists.put(key, files)
}

func (f *firstScripts) get(key string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	files, _ := f.lists.get(key)
	return files
}

// firstCode is what the shell page sets window.__minihostFirst to: the code
// of the scripts learned for the launch path ({file: code}), or nothing.
func (h *Handler) firstCode(m *manifest, tag, path string) template.JS {
	files := h.first.get(firstKey(tag, path))
	if len(files) == 0 {
		return ""
	}
	code := make(map[string]string, len(files))
	for _, f := range files {
		if js, ok := m.jsFile(f); ok {
			code[f] = string(js.code)
		}
	}
	b, err := json.Marshal(code)
	if err != nil {
		return ""
	}
	return inlineJSON(b)
}

func (h *Handler) storeFirst(w http.ResponseWriter, r *http.Request) {
	fail := func(code int, msg string) { http.Error(w, "minihost: first: "+msg, code) }
	body, ok := readOwnPost(w, r, "first", "only the app's own pages may say what its launch page loads", maxFirstBody)
	if !ok {
		return
	}
	var files []string
	if json.Unmarshal(body, &files) != nil || len(files) == 0 || len(files) > maxFirstFiles {
		fail(http.StatusBadRequest, fmt.Sprintf("want a JSON array of 1 to %d file names", maxFirstFiles))
		return
	}
	q := r.URL.Query()
	rt, err := h.runtime()
	if err != nil || q.Get("runtime") != rt.hash || !compiledKey.MatchString(q.Get("manifest")) {
		fail(http.StatusBadRequest, "manifest and runtime must name this host's current ones")
		return
	}
	h.mu.Lock()
	m := h.cur
	h.mu.Unlock()
	for _, f := range files {
		if _, ok := m.jsFile(f); !ok {
			fail(http.StatusBadRequest, f+" is not a script of the project")
			return
		}
	}
	slices.Sort(files)
	h.first.put(firstKey(manifestTag(q.Get("manifest"), rt.hash), q.Get("path")), slices.Compact(files))
	w.WriteHeader(http.StatusNoContent)
}
