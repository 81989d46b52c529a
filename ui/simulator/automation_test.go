package simulator

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Await outlives Eval's 10 s bound only by ctx, settles promises, and a
// binding added before Open (or after) reaches its func from the page,
// also after a reload.
func TestAwaitAndBind(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<title>T</title><p>x</p>`))
	}))
	defer srv.Close()
	m := New(Options{Browser: chromium(t), Headless: true, Logger: slog.New(slog.DiscardHandler), Flags: map[string]any{"no-sandbox": true}})
	defer m.CloseAll()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	early := make(chan string, 4)
	if _, err := m.Bind(ctx, "wxa", "earlyEmit", func(p string) { early <- p }); err != nil {
		t.Fatal(err)
	}
	if err := m.Open(ctx, "wxa", "A", srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	late := make(chan string, 4)
	unbind, err := m.Bind(ctx, "wxa", "lateEmit", func(p string) { late <- p })
	if err != nil {
		t.Fatal(err)
	}

	raw, err := m.Await(ctx, "wxa", `new Promise((r) => setTimeout(() => r({ok: 1}), 50))`, false)
	if err != nil || string(raw) != `{"ok":1}` {
		t.Fatalf("Await of a promise = %s, %v", raw, err)
	}
	if raw, err := m.Await(ctx, "wxa", `undefined`, false); err != nil || string(raw) != "null" {
		t.Errorf("Await of undefined = %s, %v; want null", raw, err)
	}
	if _, err := m.Await(ctx, "wxa", `Promise.reject(new Error("nope"))`, false); err == nil {
		t.Error("Await of a rejected promise: no error")
	}
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	_, err = m.Await(short, "wxa", `new Promise(() => {})`, false)
	cancelShort()
	if err == nil {
		t.Error("Await of a promise that never settles ended without an error")
	}

	call := func(name, payload string, got chan string) {
		t.Helper()
		if _, err := m.Await(ctx, "wxa", `window.`+name+`("`+payload+`"), 1`, false); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		select {
		case p := <-got:
			if p != payload {
				t.Errorf("%s passed %q, want %q", name, p, payload)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the func got nothing", name)
		}
	}
	call("earlyEmit", "one", early)
	call("lateEmit", "two", late)
	// A gesture is the page's user activation; without one there is none.
	if raw, err := m.Await(ctx, "wxa", `navigator.userActivation.hasBeenActive`, false); err != nil || string(raw) != "false" {
		t.Errorf("Await without gesture: userActivation.hasBeenActive = %s, %v", raw, err)
	}
	if raw, err := m.Await(ctx, "wxa", `navigator.userActivation.isActive`, true); err != nil || string(raw) != "true" {
		t.Errorf("Await with gesture: userActivation.isActive = %s, %v", raw, err)
	}
	if err := m.Reload(ctx, "wxa"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		var ok bool
		return m.Eval(ctx, "wxa", `typeof window.lateEmit === "function" && document.readyState === "complete"`, &ok) == nil && ok
	}, "the binding is gone after a reload")
	call("lateEmit", "three", late)

	unbind()
	if _, err := m.Await(ctx, "wxa", `window.lateEmit("four"), 1`, false); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-late:
		t.Errorf("after unbind the func still got %q", p)
	case <-time.After(300 * time.Millisecond):
	}
}
