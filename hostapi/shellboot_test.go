package hostapi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi"
)

// TestWXJSVersioned: wx.js is immutable at its hashed URL and revalidated
// (by ETag) at /wx.js and at any other ?v=.
func TestWXJSVersioned(t *testing.T) {
	e := newEnv(t, true)
	url := hostapi.WXJSURL([]byte("/* wx.js */"))
	if !strings.HasPrefix(url, "/wx.js?v=") || url == hostapi.WXJSURL([]byte("/* other */")) {
		t.Fatalf("WXJSURL %q does not name the content", url)
	}
	for path, want := range map[string]string{url: "public, max-age=31536000, immutable", "/wx.js": "no-cache", "/wx.js?v=0": "no-cache"} {
		for _, host := range []string{"", e.appHost(appID)} {
			r := e.get(host, path)
			if r.StatusCode != 200 || r.Header.Get("Cache-Control") != want || r.body != "/* wx.js */" || r.Header.Get("ETag") == "" {
				t.Errorf("GET %s on %q: %d Cache-Control %q ETag %q", path, host, r.StatusCode, r.Header.Get("Cache-Control"), r.Header.Get("ETag"))
			}
		}
	}
}

// TestBootAnswer: what the shell page inlines is GET /wx/boot?storage=1's
// answer on the app's origin, without the storage when that is over 64 KB;
// on the host's origin there is none.
func TestBootAnswer(t *testing.T) {
	e := newEnv(t, true)
	var srv *hostapi.Server
	var inlined []byte
	srv = hostapi.New(e.host, hostapi.Options{Logger: slog.New(slog.DiscardHandler), AppRuntime: func(app.LoadedApp) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, err := srv.BootAnswer(r)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			inlined = b
		})
	}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	shell := func() map[string]any {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+"/__minihost/x", nil)
		req.Host = e.appHost(appID)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var got map[string]any
		if err := json.Unmarshal(inlined, &got); err != nil {
			t.Fatalf("inlined %q: %v", inlined, err)
		}
		return got
	}
	boot := func() map[string]any {
		return e.do("GET", "/wx/boot?storage=1", "", map[string]string{"Host": e.appHost(appID)}).body
	}

	if r := e.call("setStorage", `{"key":"token","data":"abc","_persona":"alice"}`); r.body["errMsg"] != "setStorage:ok" {
		t.Fatalf("setStorage: %v", r.body)
	}
	got, want := shell(), boot()
	if got["token"] != e.token || got["token"] != want["token"] || got["appid"] != want["appid"] || got["errMsg"] != "boot:ok" {
		t.Errorf("inlined %v, GET /wx/boot %v", got, want)
	}
	if !reflect.DeepEqual(got["storage"], want["storage"]) || !strings.Contains(fmt.Sprint(got["storage"]), "abc") {
		t.Errorf("inlined storage %v, GET /wx/boot?storage=1 %v", got["storage"], want["storage"])
	}

	big := `{"key":"big","data":"` + strings.Repeat("x", 70<<10) + `","_persona":"alice"}`
	if r := e.call("setStorage", big); r.body["errMsg"] != "setStorage:ok" {
		t.Fatalf("setStorage big: %v", r.body)
	}
	if got := shell(); got["storage"] != nil || got["token"] != e.token {
		t.Errorf("a storage over 64 KB was inlined, or the answer lost its token: token %v, storage present %v", got["token"], got["storage"] != nil)
	}
	if want := boot(); want["storage"] == nil {
		t.Error("GET /wx/boot?storage=1 has no storage")
	}

	if _, err := srv.BootAnswer(httptest.NewRequest("GET", "/", nil)); err == nil {
		t.Error("a request outside an app's origin got a boot answer")
	}
}
