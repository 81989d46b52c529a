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
