package hostapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// The base APIs the host answers for the runtime (assets/runtime/src/apis):
// what a page cannot do alone, because the state is the host's (storage,
// clipboard, the persona's location) or a browser may not (network without
// CORS). Same path, token and call log as the open interfaces:
// POST /wx/{appid}/{api}.
var baseAPIs = map[string]wxHandler{
	"setStorage":     storageCall("setStorage"),
	"getStorage":     storageCall("getStorage"),
	"removeStorage":  storageCall("removeStorage"),
	"clearStorage":   storageCall("clearStorage"),
	"getStorageInfo": storageCall("getStorageInfo"),
	"setClipboardData": func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a struct {
			Data *string `json:"data"`
		}
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		if a.Data == nil {
			return app.Result{"errMsg": "setClipboardData:fail parameter error: parameter.data should be String instead of Undefined;"}, nil
		}
		h.SetClipboard(*a.Data)
		return app.OK("setClipboardData", nil), nil
	},
	"getClipboardData": func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		return app.OK("getClipboardData", app.Result{"data": h.Clipboard()}), nil
	},
	"vibrateShort": noted("vibrateShort"),
	"vibrateLong":  noted("vibrateLong"),
	"makePhoneCall": func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a struct {
			PhoneNumber string `json:"phoneNumber"`
		}
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		return h.MakePhoneCall(appID, a.PhoneNumber)
	},
	"getLocation": func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a struct {
			Type string `json:"type"`
		}
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		return h.GetLocation(ctx, appID, a.Type)
	},
	"saveImageToPhotosAlbum": func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a struct {
			FileName string `json:"fileName"`
			File64   []byte `json:"file64"`
		}
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		if _, err := h.SavePhoto(ctx, appID, a.FileName, a.File64); err != nil {
			return nil, err
		}
		return app.OK("saveImageToPhotosAlbum", nil), nil
	},
	// connectSocket: the page opens the WebSocket itself (WebSocket has no
	// CORS to get around); the host checks the URL against the app's
	// socketDomains first, and the call log has the connection.
	"connectSocket": func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a struct {
			URL string `json:"url"`
		}
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		la, ok := h.App(appID)
		if !ok {
			return app.Result{"errMsg": "connectSocket:fail app " + appID + " is not loaded"}, nil
		}
		if err := la.MiniProgram.CheckURL("connectSocket", a.URL); err != nil {
			return nil, err
		}
		return app.OK("connectSocket", nil), nil
	},
	"fileSystemManager": fileSystemManager,
	"request":           forward("request"),
	"downloadFile":      forward("downloadFile"),
	"uploadFile":        forward("uploadFile"),
}

// noted answers ok: the call log entry is the whole effect (a desktop does
// not vibrate).
func noted(api string) wxHandler {
	return func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a struct {
			Type string `json:"type"`
		}
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		return app.OK(api, nil), nil
	}
}

// storageArgs are the storage APIs' arguments. _persona is the persona the
// page loaded its copy for: a write from a page opened before a persona
// switch must not land in the new persona's storage.
type storageArgs struct {
	Key     string          `json:"key"`
	Data    json.RawMessage `json:"data"`
	Type    string          `json:"type"`
	Persona string          `json:"_persona"`
}

func storageCall(api string) wxHandler {
	return func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a storageArgs
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		if cur := h.CurrentPersona().ID; a.Persona != "" && a.Persona != cur {
			return app.Result{"errMsg": api + ":fail the persona changed to " + cur + "; reload the page"}, nil
		}
		switch api {
		case "setStorage":
			return okOr(api, h.StorageSet(app.StorageAt{API: api, AppID: appID}, app.StorageItem{Key: a.Key, Data: a.Data, Type: a.Type}))
		case "getStorage":
			it, err := h.StorageGet(app.StorageAt{API: api, AppID: appID}, a.Key)
			if err != nil {
				return nil, err
			}
			return app.OK(api, app.Result{"data": it.Data, "type": it.Type}), nil
		case "removeStorage":
			return okOr(api, h.StorageRemove(app.StorageAt{API: api, AppID: appID}, a.Key))
		case "clearStorage":
			return okOr(api, h.StorageClear(app.StorageAt{AppID: appID}))
		}
		st, err := h.Storage(app.StorageAt{AppID: appID})
		if err != nil {
			return nil, err
		}
		info := st.Info()
		return app.OK(api, app.Result{"keys": info.Keys, "currentSize": info.CurrentSize, "limitSize": info.LimitSize}), nil
	}
}

func okOr(api string, err error) (app.Result, error) {
	if err != nil {
		return nil, err
	}
	return app.OK(api, nil), nil
}

// The control API's storage endpoints: ?persona= picks a persona other than
// the current one.

func (s *Server) storageRoutes(c func(string, http.HandlerFunc)) {
	c("GET /_minihost/storage/{appid}", s.listStorage)
	c("GET /_minihost/storage/{appid}/{key}", s.getStorageKey)
	c("PUT /_minihost/storage/{appid}/{key}", s.putStorageKey)
	c("DELETE /_minihost/storage/{appid}/{key}", s.removeStorageKey)
	c("DELETE /_minihost/storage/{appid}", s.clearStorage)
	c("GET /_minihost/personas/{id}/location", s.getLocation)
	c("PUT /_minihost/personas/{id}/location", s.putLocation)
}

func (s *Server) getLocation(w http.ResponseWriter, r *http.Request) {
	l, err := s.host.PersonaLocation(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.Location(l))
}

func (s *Server) putLocation(w http.ResponseWriter, r *http.Request) {
	var l apitype.Location
	if !readBody(w, r, MaxBody, &l) {
		return
	}
	if err := s.host.SetPersonaLocation(r.Context(), r.PathValue("id"), app.Location(l)); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}

func (s *Server) listStorage(w http.ResponseWriter, r *http.Request) {
	st, err := s.host.Storage(app.StorageAt{Persona: r.URL.Query().Get("persona"), AppID: r.PathValue("appid")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wireStorage(st))
}

func (s *Server) getStorageKey(w http.ResponseWriter, r *http.Request) {
	it, err := s.host.StorageGet(app.StorageAt{API: "getStorage", Persona: r.URL.Query().Get("persona"), AppID: r.PathValue("appid")}, r.PathValue("key"))
	if _, isFail := app.IsStorageFail(err); isFail {
		controlErr(w, http.StatusNotFound, "%v", err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.StorageItem(it))
}

func (s *Server) putStorageKey(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Data json.RawMessage `json:"data"`
		Type string          `json:"type"`
	}
	if !readBody(w, r, app.StorageItemLimit+4096, &req) {
		return
	}
	it := app.StorageItem{Key: r.PathValue("key"), Data: req.Data, Type: req.Type}
	if err := s.host.StorageSet(app.StorageAt{API: "setStorage", Persona: r.URL.Query().Get("persona"), AppID: r.PathValue("appid")}, it); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.StorageItem(it))
}

func (s *Server) removeStorageKey(w http.ResponseWriter, r *http.Request) {
	if err := s.host.StorageRemove(app.StorageAt{API: "removeStorage", Persona: r.URL.Query().Get("persona"), AppID: r.PathValue("appid")}, r.PathValue("key")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) clearStorage(w http.ResponseWriter, r *http.Request) {
	if err := s.host.StorageClear(app.StorageAt{Persona: r.URL.Query().Get("persona"), AppID: r.PathValue("appid")}); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// bodyLimit bounds a wx call's body: MaxBody, but a storage value may be
// 1 MB and an upload or request body MaxForwardBody (JSON-escaped or
// base64, hence the margins).
func bodyLimit(api string) int64 {
	switch api {
	case "setStorage":
		return 2*app.StorageItemLimit + 4096
	case "request", "uploadFile", "saveImageToPhotosAlbum", "fileSystemManager":
		return MaxForwardBody*4/3 + 64<<10
	}
	return MaxBody
}

// maxLogged bounds a call's args or result in the call log: a storage value
// or a response body may be megabytes.
const maxLogged = 8 << 10

// forLog is what the call log keeps of a call: a forwarded request as
// method, URL, status and size; anything else as is, unless too large.
func forLog(api string, args, result []byte) (json.RawMessage, json.RawMessage) {
	switch api {
	case "request", "downloadFile", "uploadFile":
		var a struct {
			URL    string `json:"url"`
			Method string `json:"method"`
		}
		var r struct {
			ErrMsg     string `json:"errMsg"`
			StatusCode int    `json:"statusCode"`
			Body64     string `json:"body64"`
		}
		json.Unmarshal(args, &a)
		json.Unmarshal(result, &r)
		if a.Method == "" || api != "request" {
			a.Method = map[string]string{"request": "GET", "downloadFile": "GET", "uploadFile": "POST"}[api]
		}
		la, _ := json.Marshal(map[string]any{"method": strings.ToUpper(a.Method), "url": a.URL})
		lr, _ := json.Marshal(map[string]any{"errMsg": r.ErrMsg, "statusCode": r.StatusCode, "bytes": base64.StdEncoding.DecodedLen(len(r.Body64))})
		return la, lr
	}
	shrink := func(b []byte) json.RawMessage {
		if len(b) <= maxLogged {
			return b
		}
		out, _ := json.Marshal(map[string]any{"_omitted": fmt.Sprintf("%d bytes", len(b))})
		return out
	}
	return shrink(args), shrink(result)
}
