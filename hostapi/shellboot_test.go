package hostapi_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
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

// TestBootAnswer: what the shell page inlines is GET /wx/boot's answer on
// the app's origin; on the host's origin there is none.
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
	req, _ := http.NewRequest("GET", ts.URL+"/__minihost/x", nil)
	req.Host = e.appHost(appID)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var got, want map[string]any
	if err := json.Unmarshal(inlined, &got); err != nil {
		t.Fatalf("inlined %q: %v", inlined, err)
	}
	r := e.do("GET", "/wx/boot", "", map[string]string{"Host": e.appHost(appID)})
	want = r.body
	if got["token"] != e.token || got["token"] != want["token"] || got["appid"] != want["appid"] || got["errMsg"] != "boot:ok" {
		t.Errorf("inlined %v, GET /wx/boot %v", got, want)
	}
	if _, err := srv.BootAnswer(httptest.NewRequest("GET", "/", nil)); err == nil {
		t.Error("a request outside an app's origin got a boot answer")
	}
}
