package ui

import (
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// uiThread stands in for the single Fyne thread of the real driver: the test
// driver runs fyne.Do inline on the calling goroutine, so the prompts'
// goroutines and the test would otherwise touch widgets at the same time.
// Everything the test does to widgets goes through run, as the UI's own
// background work goes through UI.do.
type uiThread struct{ mu sync.Mutex }

func (th *uiThread) run(f func()) {
	th.mu.Lock()
	defer th.mu.Unlock()
	f()
}

func newTestUI(t *testing.T) (*UI, *uiThread) {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(Options{App: a, Logger: slog.New(slog.DiscardHandler)})
	th := &uiThread{}
	u.do = th.run
	t.Cleanup(u.stop)
	return u, th
}

// eventually polls cond on the UI thread until it holds, for at most 5s.
func eventually(t *testing.T, th *uiThread, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ok bool
		th.run(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after 5s waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// shownPrompt waits until a prompt titled title (its kind and app name) is
// on screen and returns it.
func shownPrompt(t *testing.T, u *UI, th *uiThread, title string) *pending {
	t.Helper()
	var p *pending
	eventually(t, th, "prompt "+title+" on screen", func() bool {
		u.mu.Lock()
		defer u.mu.Unlock()
		p = u.current
		return p != nil && p.title == title
	})
	return p
}

// noPrompt asserts that no prompt is on screen and no prompt window is open.
func noPrompt(t *testing.T, u *UI, th *uiThread) {
	t.Helper()
	th.run(func() {
		u.mu.Lock()
		cur := u.current
		u.mu.Unlock()
		if cur != nil {
			t.Errorf("prompt %q still on screen", cur.title)
		}
		for _, w := range u.app.Driver().AllWindows() {
			if w.Title() != "" && !strings.HasPrefix(w.Title(), "minihost") {
				t.Errorf("window %q still open", w.Title())
			}
		}
	})
}

// windowsTitled counts the open windows with a title.
func windowsTitled(u *UI, th *uiThread, title string) int {
	n := 0
	th.run(func() {
		for _, w := range u.app.Driver().AllWindows() {
			if w.Title() == title {
				n++
			}
		}
	})
	return n
}

// walk visits o and everything inside it, as built (not as rendered).
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, visit)
		}
	case *container.Scroll:
		walk(x.Content, visit)
	case *container.Split:
		walk(x.Leading, visit)
		walk(x.Trailing, visit)
	case *container.AppTabs:
		for _, it := range x.Items {
			walk(it.Content, visit)
		}
	}
}

func button(t *testing.T, in fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(in, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == label && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", label)
	}
	return found
}

func hasButton(in fyne.CanvasObject, label string) bool {
	found := false
	walk(in, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			found = true
		}
	})
	return found
}

func hasCheck(in fyne.CanvasObject, label string) bool {
	found := false
	walk(in, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == label {
			found = true
		}
	})
	return found
}

func check(t *testing.T, in fyne.CanvasObject, label string) *widget.Check {
	t.Helper()
	var found *widget.Check
	walk(in, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == label && found == nil {
			found = c
		}
	})
	if found == nil {
		t.Fatalf("no switch %q", label)
	}
	return found
}

// texts is every label's text inside o.
func texts(in fyne.CanvasObject) []string {
	var out []string
	walk(in, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

func hasText(in fyne.CanvasObject, want string) bool {
	for _, s := range texts(in) {
		if s == want {
			return true
		}
	}
	return false
}

func containsText(in fyne.CanvasObject, part string) bool {
	for _, s := range texts(in) {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

// content is a shown prompt's window content.
func content(p *pending) fyne.CanvasObject { return p.win.Content() }

// key presses a key in a prompt's window the way the desktop driver
// delivers it: to the focused widget if there is one, else to the window.
func key(th *uiThread, p *pending, name fyne.KeyName) {
	th.run(func() {
		ev := &fyne.KeyEvent{Name: name}
		if f := p.win.Canvas().Focused(); f != nil {
			f.TypedKey(ev)
			return
		}
		p.win.Canvas().OnTypedKey()(ev)
	})
}

func tap(th *uiThread, o fyne.Tappable) { th.run(func() { test.Tap(o) }) }

// result is what a Prompter call returned, delivered from its goroutine.
type result[T any] struct {
	v   T
	err error
}

func async[T any](f func() (T, error)) <-chan result[T] {
	ch := make(chan result[T], 1)
	go func() {
		v, err := f()
		ch <- result[T]{v, err}
	}()
	return ch
}

func await[T any](t *testing.T, ch <-chan result[T]) result[T] {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("the Prompter call did not return within 5s")
	}
	panic("unreachable")
}

// stillWaiting asserts the Prompter call has not returned.
func stillWaiting[T any](t *testing.T, ch <-chan result[T]) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("the Prompter call returned (%v, %v); want it still waiting", r.v, r.err)
	case <-time.After(50 * time.Millisecond):
	}
}

var demoApp = app.AppInfo{AppID: "wx6d696e69686f7374", Name: "minihost demo"}

var alice = app.BuiltinPersonas()[0]
