package simulator

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

// chromium skips the test when the machine has no browser.
func chromium(t *testing.T) string {
	t.Helper()
	p, err := FindBrowser(os.Getenv("MINIHOST_BROWSER"))
	if err != nil {
		t.Skip(err)
	}
	return p
}

func TestSimulatorHeadless(t *testing.T) {
	var mu sync.Mutex
	body := `<meta name=viewport content="width=device-width,initial-scale=1"><title>T</title><script>console.log("hello", 42)</script><p id=p>one</p>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	logs := make(chan ConsoleMessage, 10)
	m := New(Options{
		Browser: chromium(t), Headless: true, Logger: slog.New(slog.DiscardHandler),
		Console: func(c ConsoleMessage) { logs <- c },
		Flags:   map[string]any{"no-sandbox": true},
	})
	defer m.CloseAll()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := m.Open(ctx, "wxa", "App A", srv.URL+"/?path=pages/a/a"); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-logs:
		if c.Text != "hello 42" || c.Level != "log" || c.AppID != "wxa" || c.Line != 1 {
			t.Errorf("console = %+v", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no console message")
	}
	var got struct {
		W, H   int
		DPR    float64
		Touch  int
		UA     string
		Search string
	}
	expr := `({W: innerWidth, H: innerHeight, DPR: devicePixelRatio, Touch: navigator.maxTouchPoints, UA: navigator.userAgent, Search: location.search})`
	if err := m.Eval(ctx, "wxa", expr, &got); err != nil {
		t.Fatal(err)
	}
	if got.W != 393 || got.H != 852 || got.DPR != 3 || got.Touch < 1 || !bytes.Contains([]byte(got.UA), []byte("iPhone")) {
		t.Errorf("iPhone 15 page sees %+v", got)
	}
	shot, err := m.Screenshot(ctx, "wxa")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 393*3 || b.Dy() != 852*3 {
		t.Errorf("screenshot %v, want 1179x2556", b)
	}

	if _, err := m.SetDevice(ctx, "iphone se"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		_ = m.Eval(ctx, "wxa", expr, &got)
		return got.W == 375 && got.H == 667 && got.DPR == 2 && got.Search == "?path=pages/a/a"
	}, "iPhone SE metrics after SetDevice: %+v", &got)

	mu.Lock()
	body = `<p id=p>two</p>`
	mu.Unlock()
	if err := m.Reload(ctx, "wxa"); err != nil {
		t.Fatal(err)
	}
	var text string
	waitFor(t, func() bool {
		_ = m.Eval(ctx, "wxa", `document.getElementById("p")?.textContent ?? ""`, &text)
		return text == "two"
	}, "text after reload: %v", &text)

	m.Close("wxa")
	if err := m.Reload(ctx, "wxa"); err == nil {
		t.Error("Reload after Close: no error")
	}
}

func waitFor(t *testing.T, ok func() bool, format string, args ...any) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Errorf(format, args...)
}

// TestSimulatorGrantsMediaToTheApp: the app's own origin may open the camera
// and the microphone without Chromium's prompt (the host asked for the scope
// first); headless Chromium refuses a page it has not granted.
func TestSimulatorGrantsMediaToTheApp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<title>T</title><p>camera</p>`))
	}))
	defer srv.Close()
	m := New(Options{
		Browser: chromium(t), Headless: true, Logger: slog.New(slog.DiscardHandler),
		// a camera and a microphone that play a test pattern, as on a machine that has them
		Flags: map[string]any{"no-sandbox": true, "use-fake-device-for-media-stream": true},
	})
	defer m.CloseAll()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := m.Open(ctx, "wxa", "App A", srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	open := `navigator.mediaDevices.getUserMedia({video: true, audio: true}).then((s) => { const k = s.getTracks().map((t) => t.kind).sort().join(' '); s.getTracks().forEach((t) => t.stop()); return k; }, (e) => e.name)`
	for _, c := range []struct{ expr, want string }{
		{`navigator.permissions.query({name: 'camera'}).then((r) => r.state)`, "granted"},
		{`navigator.permissions.query({name: 'microphone'}).then((r) => r.state)`, "granted"},
		{open, "audio video"},
	} {
		var got string
		if err := m.Eval(ctx, "wxa", c.expr, &got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}
