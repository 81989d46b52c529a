package e2e

// The host-backed base APIs (issue 12) with the real binary and Chromium:
// storage kept per app and persona across a SIGKILL restart, wx.request
// through the host to a local server (refused when urlCheck is on),
// getLocation after authorize, the clipboard. Fixture:
// e2e/testdata/miniprograms/baseapis; a copy with another appid and urlCheck
// on is the second app.

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

const (
	baseAppID  = "wx6261736561706931"
	base2AppID = "wx6261736561706932"
)

// copyFixture copies a flat-enough fixture and rewrites its project.config.json.
func copyFixture(t *testing.T, from, appID string, urlCheck bool) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "project.config.json" {
			var cfg map[string]any
			if err := json.Unmarshal(data, &cfg); err != nil {
				return err
			}
			cfg["appid"] = appID
			cfg["setting"] = map[string]any{"urlCheck": urlCheck}
			data, _ = json.Marshal(cfg)
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func TestBaseAPIsInBrowser(t *testing.T) {
	dir := fixtureDir(t, "baseapis")
	second := copyFixture(t, dir, base2AppID, true)
	var seen []string
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"body": string(body), "from": r.Header.Get("X-From"), "type": r.Header.Get("Content-Type")})
	}))
	defer backend.Close()
	query := "url=" + url.QueryEscape(backend.URL+"/echo")

	h := startProject(t, dir, "--prompt-policy", "allow")
	ctx := context.Background()
	var ctl *client.Client
	// connect (again, after a restart) and load the second app.
	connect := func(t *testing.T) {
		t.Helper()
		var err error
		if ctl, err = client.Connect(h.DataDir); err != nil {
			t.Fatal(err)
		}
		a, err := ctl.LoadApp(ctx, second)
		if err != nil {
			t.Fatal(err)
		}
		h.Apps[a.AppID] = App{AppID: a.AppID, URL: a.URL}
	}
	connect(t)
	p := newMPTab(t, 5*time.Minute)
	open := func(t *testing.T, appID string) {
		t.Helper()
		p.open(t, launchURL(t, h.Apps[appID].URL, "pages/index/index", query))
		p.waitNonEmpty(t, "launches")
	}
	hostValue := func(t *testing.T, appID, persona, key string) string {
		t.Helper()
		var it apitype.StorageItem
		var err error
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if it, err = ctl.StorageGet(ctx, appID, persona, key); err == nil {
				break
			}
		}
		return string(it.Data)
	}

	t.Run("storage in the page, written through to the host", func(t *testing.T) {
		open(t, baseAppID)
		p.waitText(t, "count", "0")
		p.waitText(t, "launches", "1")
		p.tap(t, "inc")
		p.tap(t, "inc")
		p.waitText(t, "count", "2")
		p.tap(t, "info")
		info := p.jsonOf(t, "info-out")
		if keys, _ := json.Marshal(info["keys"]); string(keys) != `["at","count","launches","saved"]` || info["isDate"] != true || info["time"] != float64(0) || info["count"] != float64(2) {
			t.Errorf("storage info in the page: %v", info)
		}
		if got := hostValue(t, baseAppID, "", "count"); got != "2" {
			t.Errorf("the host has count=%s, want 2", got)
		}
		// What a write-through costs the page: a synchronous POST and a bbolt commit.
		var ms float64
		p.eval(t, `(() => { const t0 = performance.now(); for (let i = 0; i < 20; i++) wx.setStorageSync('bench', i); wx.removeStorageSync('bench'); return (performance.now() - t0) / 21; })()`, &ms)
		t.Logf("setStorageSync: %.1f ms a write", ms)
	})

	t.Run("apps are isolated", func(t *testing.T) {
		open(t, base2AppID)
		p.waitText(t, "count", "0")
		p.waitText(t, "launches", "1")
	})

	t.Run("personas are isolated", func(t *testing.T) {
		if err := ctl.SwitchPersona(ctx, "bob"); err != nil {
			t.Fatal(err)
		}
		open(t, baseAppID)
		p.waitText(t, "count", "0")
		p.tap(t, "inc")
		p.waitText(t, "count", "1")
		if got := hostValue(t, baseAppID, "bob", "count"); got != "1" {
			t.Errorf("bob's count on the host: %s", got)
		}
		if err := ctl.SwitchPersona(ctx, "alice"); err != nil {
			t.Fatal(err)
		}
		open(t, baseAppID)
		p.waitText(t, "count", "2")
		p.waitText(t, "launches", "2")
	})

	t.Run("ctl edits what the page reads", func(t *testing.T) {
		if err := ctl.StorageSet(ctx, baseAppID, "", "count", json.RawMessage(`40`)); err != nil {
			t.Fatal(err)
		}
		open(t, baseAppID)
		p.waitText(t, "count", "40")
	})

	t.Run("request through the host; urlCheck refuses", func(t *testing.T) {
		open(t, baseAppID)
		p.tap(t, "req")
		res := p.jsonOf(t, "req-out")
		data, _ := res["data"].(map[string]any)
		if res["errMsg"] != "request:ok" || res["statusCode"] != float64(200) || data["body"] != `{"hello":"host"}` || data["from"] != "page" || data["type"] != "application/json" {
			t.Fatalf("request: %v", res)
		}
		calls, err := ctl.Calls(ctx, apitype.CallFilter{API: "request", AppID: baseAppID})
		if err != nil || len(calls) != 1 || !strings.Contains(string(calls[0].Args), `"method":"POST"`) || !strings.Contains(string(calls[0].Result), `"statusCode":200`) {
			t.Errorf("call log: %+v %v", calls, err)
		}
		n := len(seen)
		open(t, base2AppID)
		p.tap(t, "req")
		if res := p.jsonOf(t, "req-out"); res["errMsg"] != "request:fail url not in domain list" {
			t.Fatalf("urlCheck on: %v", res)
		}
		if len(seen) != n {
			t.Errorf("a refused request reached the server: %v", seen)
		}
	})

	t.Run("getLocation after authorize; clipboard", func(t *testing.T) {
		if err := ctl.SetLocation(ctx, "alice", apitype.Location{Latitude: 31.2304, Longitude: 121.4737, Name: "People's Square"}); err != nil {
			t.Fatal(err)
		}
		open(t, baseAppID)
		p.tap(t, "loc")
		loc := p.jsonOf(t, "loc-out")
		if loc["errMsg"] != "getLocation:ok" || loc["latitude"] != 31.2304 || loc["longitude"] != 121.4737 {
			t.Fatalf("getLocation: %v", loc)
		}
		st, err := ctl.Settings(ctx, baseAppID, "")
		if err != nil || !st.Settings.Auth["scope.userLocation"] {
			t.Errorf("scope.userLocation not granted after getLocation: %+v %v", st, err)
		}
		p.tap(t, "clip")
		if clip := p.jsonOf(t, "clip-out"); clip["data"] != "copied 40" {
			t.Errorf("clipboard: %v", clip)
		}
	})
	t.Run("media: image info, photo album, file chooser, preview; phone call", func(t *testing.T) {
		open(t, baseAppID)
		p.tap(t, "media")
		m := p.jsonOf(t, "media-out")
		info, _ := m["info"].(map[string]any)
		save, _ := m["save"].(map[string]any)
		if info["width"] != float64(4) || info["height"] != float64(3) || info["type"] != "png" || save["errMsg"] != "saveImageToPhotosAlbum:ok" {
			t.Fatalf("getImageInfo/saveImageToPhotosAlbum: %v", m)
		}
		photos, _ := filepath.Glob(filepath.Join(h.DataDir, "photos", "*red.png"))
		want, _ := os.ReadFile(filepath.Join(dir, "images", "red.png"))
		if len(photos) != 1 {
			t.Fatalf("photos saved: %v", photos)
		}
		if got, _ := os.ReadFile(photos[0]); string(got) != string(want) {
			t.Errorf("the saved photo differs from the image")
		}

		// chooseImage: the browser's file chooser, answered over CDP as a person would pick a file.
		chosen := make(chan cdp.BackendNodeID, 1)
		chromedp.Listen(p.ctx, func(ev any) {
			if ev, ok := ev.(*cdppage.EventFileChooserOpened); ok {
				chosen <- ev.BackendNodeID
			}
		})
		cdpDo := func(f func(ctx context.Context, tg *chromedp.Target) error) {
			t.Helper()
			if err := chromedp.Do(p.ctx, chromedp.Func(f)); err != nil {
				t.Fatal(err)
			}
		}
		cdpDo(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdppage.SetInterceptFileChooserDialog, cdppage.SetInterceptFileChooserDialogParams{Enabled: true})
			return err
		})
		p.tap(t, "choose")
		select {
		case node := <-chosen:
			cdpDo(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: []string{filepath.Join(dir, "images", "red.png")}, BackendNodeID: node})
				return err
			})
		case <-time.After(10 * time.Second):
			t.Fatal("no file chooser opened")
		}
		c := p.jsonOf(t, "choose-out")
		if c["path"] != "blob:" || c["size"] != float64(len(want)) || c["width"] != float64(4) {
			t.Errorf("chooseImage: %v", c)
		}

		p.tap(t, "preview")
		if _, ok, _ := poll(p, `!!document.querySelector('.mh-preview img')`, waitLong, func(b bool) bool { return b }); !ok {
			t.Fatal("previewImage showed no overlay")
		}
		p.click(t, "the preview", `(() => { const r = document.querySelector('.mh-preview').getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + 20, W: r.width, H: r.height, Hit: true}; })()`)
		if _, ok, _ := poll(p, `!document.querySelector('.mh-preview')`, waitLong, func(b bool) bool { return b }); !ok {
			t.Error("a tap did not close the preview")
		}

		// chooseLocation: a sheet in the page; type a name, press OK.
		p.tap(t, "chooseloc")
		p.click(t, "the name field", `(() => { const el = document.querySelector('.mh-sheet input[name=name]'); if (!el) return null; const r = el.getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2, W: r.width, H: r.height, Hit: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el}; })()`)
		if err := chromedp.Do(p.ctx, chromedp.KeyEvent("Cafe")); err != nil {
			t.Fatal(err)
		}
		p.click(t, "OK", `(() => { const el = [...document.querySelectorAll('.mh-sheet button')].find((b) => b.textContent === 'OK'); if (!el) return null; const r = el.getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2, W: r.width, H: r.height, Hit: true}; })()`)
		if loc := p.jsonOf(t, "chooseloc-out"); loc["errMsg"] != "chooseLocation:ok" || loc["name"] != "Cafe" || loc["latitude"] != 22.540503 {
			t.Errorf("chooseLocation: %v", loc)
		}

		p.tap(t, "phone")
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		call, err := ctl.WaitCall(wctx, apitype.CallFilter{API: "makePhoneCall", AppID: baseAppID})
		if err != nil || !strings.Contains(string(call.Args), "10086") || call.ErrMsg != "makePhoneCall:ok" {
			t.Errorf("makePhoneCall in the call log: %+v %v", call, err)
		}
	})
	if ex := p.takeExceptions(); len(ex) > 0 {
		t.Errorf("uncaught exceptions: %q", ex)
	}

	t.Run("storage survives kill -9", func(t *testing.T) {
		dataDir := h.DataDir
		h.Kill()
		h = startProject(t, dir, "--data-dir", dataDir, "--prompt-policy", "allow")
		h.DataDir = dataDir
		connect(t)
		open(t, baseAppID)
		p.waitText(t, "count", "40")
		p.waitText(t, "launches", "7") // one launch per page load of alice's, before and after
		open(t, base2AppID)
		p.waitText(t, "count", "0")
	})
}
