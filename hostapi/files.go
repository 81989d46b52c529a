package hostapi

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/minihost/minihost/app"
)

// servedTypes is what an app's origin serves from its project, by
// extension, with the Content-Type sent: what a page loads (markup, code,
// styles, templates, images, fonts, media). Anything else, a dotfile or
// dot-folder, and the project's configuration are 404: a project folder
// also holds things no page needs (.git, .env, keys, private config).
var servedTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
	".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".wxs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
	".wxss": "text/css; charset=utf-8", ".wxml": "text/plain; charset=utf-8",
	".json": "application/json; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".svg": "image/svg+xml", ".ico": "image/x-icon", ".bmp": "image/bmp",
	".avif": "image/avif",
	".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".wav": "audio/wav",
	".ogg": "audio/ogg", ".mp4": "video/mp4", ".webm": "video/webm",
}

// privateFiles are project files never served, in any folder.
var privateFiles = map[string]bool{
	"project.config.json": true, "project.private.config.json": true, "minihost.json": true,
}

// servedType is the Content-Type of a project path an app's origin serves;
// false when the path is not one it serves.
func servedType(name string) (string, bool) {
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	if privateFiles[strings.ToLower(path.Base(name))] {
		return "", false
	}
	ct, ok := servedTypes[strings.ToLower(path.Ext(name))]
	return ct, ok
}

// appRoot is GET / on an app's origin: the runtime shell of a WXML app, or
// the first page of an HTML one.
func (s *Server) appRoot(w http.ResponseWriter, r *http.Request) {
	a, _ := originApp(r)
	if a.Kind == app.KindWXML {
		s.appRuntime(w, r)
		return
	}
	http.Redirect(w, r, "/"+a.Pages[0]+".html", http.StatusFound)
}

// appRuntime hands an app origin's /__minihost/ paths (and a WXML app's
// root) to the WXML runtime's handler.
func (s *Server) appRuntime(w http.ResponseWriter, r *http.Request) {
	a, _ := originApp(r)
	var h http.Handler
	if s.opts.AppRuntime != nil {
		h = s.opts.AppRuntime(a)
	}
	if h == nil {
		http.Error(w, "the WXML runtime is not available in this host", http.StatusNotFound)
		return
	}
	h.ServeHTTP(w, r)
}

// appFiles serves the project files of the app whose origin was asked.
func (s *Server) appFiles(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	a, _ := originApp(r)
	serveFile(w, r, a.Files, r.PathValue("path"))
}

// redirectToOrigin is GET /app/{appid}/{path...} on the host's origin, the
// address apps had before each got its own origin: it sends the browser
// there and serves nothing itself.
func (s *Server) redirectToOrigin(w http.ResponseWriter, r *http.Request) {
	appID := r.PathValue("appid")
	if _, ok := s.host.App(appID); !ok {
		http.Error(w, "app "+appID+" is not loaded", http.StatusNotFound)
		return
	}
	rest := ""
	if parts := strings.SplitN(r.URL.EscapedPath(), "/", 4); len(parts) == 4 {
		rest = parts[3] // keeps the path's escaping
	}
	target := appOrigin(r, appID) + "/" + rest
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// serveFile serves one regular file of a mini program, if servedType allows
// its path. fsys is the project's (app.LoadMiniProgramDir opens it as an
// os.Root, so links cannot lead out of it). The type is checked by Stat
// before the file is opened, so a FIFO or device is never read; unlike
// http.FileServer, ".../index.html" is not redirected to the folder, since
// mini program pages are named index.html.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	ct, ok := servedType(name)
	if !ok || !fs.ValidPath(name) {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if st, err := fs.Stat(fsys, name); err != nil || !st.Mode().IsRegular() {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	f, err := fsys.Open(name)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat() // it may have been replaced since
	if err != nil || !st.Mode().IsRegular() {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		http.Error(w, "file not seekable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, st.Name(), st.ModTime(), rs)
}
