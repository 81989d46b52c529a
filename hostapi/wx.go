package hostapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/minihost/minihost/app"
)

// call is POST /wx/{appid}/{api}: one wx open interface call.
func (s *Server) call(w http.ResponseWriter, r *http.Request) {
	appID, api := r.PathValue("appid"), r.PathValue("api")
	start := time.Now()
	if !mayActFor(r, appID) {
		writeJSON(w, http.StatusForbidden, app.Result{"errMsg": api + ":fail origin not allowed"})
		return
	}
	if _, ok := s.host.App(appID); !ok {
		writeJSON(w, http.StatusNotFound, app.Result{"errMsg": api + ":fail app " + appID + " is not loaded"})
		return
	}
	if !s.host.CheckAppToken(appID, bearer(r)) {
		writeJSON(w, http.StatusUnauthorized, app.Result{"errMsg": api + ":fail invalid token"})
		return
	}
	open, isOpen := s.open[api]
	handler, ok := baseAPIs[api] // base.go: storage, network, location, …
	if !isOpen && !ok {
		writeJSON(w, http.StatusNotFound, app.Result{"errMsg": api + ":fail not supported by minihost"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bodyLimit(api)))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeJSON(w, http.StatusRequestEntityTooLarge, app.Result{"errMsg": api + ":fail request body too large"})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, app.Result{"errMsg": api + ":fail invalid request: " + err.Error()})
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	// An injected fault answers (or holds) the call before it runs.
	faultID, err := s.host.ApplyFault(r.Context(), api)
	var res app.Result
	switch {
	case err != nil:
	case isOpen:
		res, err = callOpen(r.Context(), s.host, open, appID, body)
	default:
		res, err = handler(r.Context(), s.host, appID, body)
	}
	status := http.StatusOK
	var badReq *requestError
	var f *app.Fail
	switch {
	case errors.As(err, &badReq):
		status, res = http.StatusBadRequest, app.Result{"errMsg": api + ":fail invalid request: " + badReq.msg}
	case errors.As(err, &f):
		res = f.Result()
	case err != nil:
		s.log.Error("wx call", "appid", appID, "api", api, "err", err)
		status, res = http.StatusInternalServerError, app.Result{"errMsg": api + ":fail internal error"}
	}
	out, _ := json.Marshal(res)
	errMsg, _ := res["errMsg"].(string)
	logArgs, logRes := forLog(api, body, out)
	s.host.RecordCall(app.CallRecord{
		Time: start, AppID: appID, Persona: s.host.CurrentPersona().ID, API: api,
		Args: logArgs, Result: logRes, ErrMsg: errMsg, Duration: time.Since(start), Fault: faultID,
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(out, '\n'))
}

// requestError is a body that does not decode into the API's arguments.
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

// decode reads a JSON object into v; unknown fields are allowed (mini programs
// pass extra ones), wrong types are not.
func decode(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		var synErr *json.SyntaxError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return &requestError{fmt.Sprintf("field %q: want %s, got JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)}
		case errors.As(err, &typeErr):
			return &requestError{"body must be a JSON object"}
		case errors.As(err, &synErr):
			return &requestError{fmt.Sprintf("malformed JSON at byte %d: %v", synErr.Offset, err)}
		}
		return &requestError{"malformed JSON: " + err.Error()}
	}
	if dec.More() {
		return &requestError{"malformed JSON: trailing data after the object"}
	}
	return nil
}

type wxHandler func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error)

// callOpen runs an open interface (app.OpenAPIs) on a JSON body. A Gesture
// API's _userGesture (wx.js's flag) is read here; absent counts as a tap
// (Node and IDE clients cannot tell).
func callOpen(ctx context.Context, h wxHost, api app.OpenAPI, appID string, body []byte) (app.Result, error) {
	c := app.APICall{AppID: appID, Gesture: true, Decode: func(v any) error { return decode(body, v) }}
	if api.Gesture {
		var g struct {
			Gesture *bool `json:"_userGesture"`
		}
		if err := decode(body, &g); err != nil {
			return nil, err
		}
		c.Gesture = g.Gesture == nil || *g.Gesture
	}
	return h.CallOpen(ctx, api, c)
}

func openAPIsByName() map[string]app.OpenAPI {
	m := map[string]app.OpenAPI{}
	for _, a := range app.OpenAPIs() {
		m[a.Name] = a
	}
	return m
}

// APIs lists the open interfaces served, for wx.canIUse and the boot info.
func APIs() []string { return app.OpenAPINames() }

// boot is GET /wx/boot or /wx/{appid}/boot on an app's origin: what wx.js
// needs in a page of that app, its token included. It answers only the
// app's own pages; on the host's origin it answers nothing (no page there
// is an app's, and other clients are given the token at startup).
func (s *Server) boot(w http.ResponseWriter, r *http.Request) {
	appID := r.PathValue("appid")
	a, onApp := originApp(r)
	switch {
	case !onApp:
		msg := "boot:fail boot answers on the app's own origin"
		if appID != "" {
			msg += " " + appOrigin(r, appID)
		}
		writeJSON(w, http.StatusForbidden, app.Result{"errMsg": msg})
		return
	case appID == "":
		appID = a.AppID
	}
	if !mayActFor(r, appID) {
		writeJSON(w, http.StatusForbidden, app.Result{"errMsg": "boot:fail origin not allowed"})
		return
	}
	answer, err := s.bootAnswer(a, appID)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, app.Result{"errMsg": "boot:fail " + err.Error()})
		return
	}
	if r.URL.Query().Has("storage") { // the runtime's Sync storage forms read from this copy
		if answer["storage"], err = s.host.Storage(app.StorageAt{AppID: appID}); err != nil {
			writeJSON(w, http.StatusInternalServerError, app.Result{"errMsg": "boot:fail " + err.Error()})
			return
		}
	}
	writeJSON(w, http.StatusOK, answer)
}

func (s *Server) bootAnswer(a app.LoadedApp, appID string) (map[string]any, error) {
	info, err := s.host.AccountInfo(appID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"appid": appID, "token": a.Token, "accountInfo": info, "apis": APIs(),
		// language: the persona's, for wx.getAppBaseInfo / getSystemInfo in the runtime
		"language": s.host.CurrentPersona().Language, "errMsg": "boot:ok"}, nil
}

// maxInlineStorage bounds the storage BootAnswer carries: a larger one (up
// to the app's 10 MB) is asked for by the runtime's first storage call.
const maxInlineStorage = 64 << 10

// BootAnswer is what GET /wx/boot?storage=1 answers for the app whose origin
// r was sent to, as JSON, for a page the host serves on that origin to
// inline (the WXML runtime's shell page), so neither wx.js nor the runtime's
// first getStorageSync or getSystemInfoSync makes a synchronous request. The
// storage is left out when it is larger than maxInlineStorage, or cannot be
// read (the runtime then asks). It fails for a request on any other origin.
func (s *Server) BootAnswer(r *http.Request) ([]byte, error) {
	a, onApp := originApp(r)
	if !onApp {
		return nil, errors.New("boot answers on the app's own origin")
	}
	answer, err := s.bootAnswer(a, a.AppID)
	if err != nil {
		return nil, err
	}
	st, err := s.host.Storage(app.StorageAt{AppID: a.AppID})
	if err != nil {
		s.log.Warn("storage for the shell page", "app", a.AppID, "err", err)
		return json.Marshal(answer)
	}
	if b, err := json.Marshal(st); err == nil && len(b) <= maxInlineStorage {
		answer["storage"] = json.RawMessage(b)
	}
	return json.Marshal(answer)
}

// WXJSURL is the address of wx.js whose content is wxjs: /wx.js?v=<hash>,
// served immutable, so a page that names it never downloads it twice.
func WXJSURL(wxjs []byte) string { return "/wx.js?v=" + wxjsHash(wxjs) }

func wxjsHash(wxjs []byte) string {
	sum := sha256.Sum256(wxjs)
	return hex.EncodeToString(sum[:8])
}

// wxJS serves the SDK: immutable at its hashed URL (WXJSURL), revalidated
// by ETag at plain /wx.js (HTML pages name it so).
func (s *Server) wxJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	if r.URL.Query().Get("v") == s.wxjsHash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+s.wxjsHash+`"`)
	http.ServeContent(w, r, "wx.js", time.Time{}, bytes.NewReader(s.opts.WXJS))
}

func (s *Server) avatar(w http.ResponseWriter, r *http.Request) {
	size, err := strconv.Atoi(r.PathValue("size"))
	if err != nil || app.ValidAvatarSize(size) != nil {
		http.Error(w, "avatar size must be 0, 46, 64, 96 or 132", http.StatusNotFound)
		return
	}
	id := r.PathValue("persona")
	p := app.Persona{ID: app.DefaultAvatarID}
	if id != app.DefaultAvatarID {
		if p, err = s.host.Persona(id); err != nil {
			http.Error(w, "no persona "+id, http.StatusNotFound)
			return
		}
	}
	png, err := s.host.Avatar(p.ID, size) // an uploaded avatar, else the drawn one
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write(png)
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>minihost</title>
<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}code{background:#f3f3f3;padding:0 .2em}</style></head>
<body><h1>minihost</h1><p>Mini programs loaded on this host:</p><ul>
{{range .}}<li><a href="{{.URL}}/">{{.Name}}</a> <code>{{.AppID}}</code> ({{.EnvVersion}})</li>{{end}}
</ul><p>Pages include <code>&lt;script src="/wx.js"&gt;&lt;/script&gt;</code> to get <code>wx</code>.</p></body></html>`))

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var apps []struct{ AppID, Name, EnvVersion, URL string }
	for _, a := range s.host.Apps() {
		apps = append(apps, struct{ AppID, Name, EnvVersion, URL string }{a.AppID, a.Name, a.EnvVersion, appOrigin(r, a.AppID)})
	}
	if err := indexPage.Execute(w, apps); err != nil {
		s.log.Warn("index page", "err", err)
	}
}
