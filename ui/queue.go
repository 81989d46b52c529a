package ui

import (
	"context"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Prompts are shown one at a time, each in its own window, in the order they
// arrived, the way a phone shows one permission sheet after another. The
// queue is only changed on the Fyne thread; u.mu also guards it because the
// test driver has no single thread.

// pending is one prompt, waiting in the queue or on screen.
type pending struct {
	title   string
	content func() dialogContent // builds the widgets when the prompt's turn comes
	win     fyne.Window          // set while on screen
	onClose func()               // what the window's close button does, set when shown
	ended   bool                 // answered or given up; it never shows again
}

// dialogContent is what a prompt puts in its window.
type dialogContent struct {
	body    fyne.CanvasObject
	onKey   func(*fyne.KeyEvent) // Enter / Escape, when no widget has focus
	onClose func()               // the window manager's close button
	shown   func(fyne.Window)    // optional: the window it is shown in
}

// dialogWidth keeps prompts a readable, phone-sheet-like width.
const dialogWidth = 420

type answer[T any] struct {
	v   T
	err error
}

// ask shows a prompt and blocks until the person answers (build's reply is
// called, on the Fyne thread), ctx ends (the prompt closes itself and ask
// returns ctx.Err()) or the UI stops (ErrWindowClosed).
func ask[T any](ctx context.Context, u *UI, title string, build func(reply func(T, error)) dialogContent) (T, error) {
	res := make(chan answer[T], 1)
	p := &pending{title: title}
	reply := func(v T, err error) {
		if u.dismiss(p) {
			res <- answer[T]{v, err}
		}
	}
	p.content = func() dialogContent { return build(reply) }
	u.runOnUI(func() { u.enqueue(p) })

	var zero T
	select {
	case a := <-res:
		return a.v, a.err
	case <-ctx.Done():
		// The caller gave up (request aborted, timeout, SOTER ended): the
		// prompt closes itself, wherever it is in the queue.
		u.runOnUI(func() { u.dismiss(p) })
		return zero, ctx.Err()
	case <-u.done:
		return zero, ErrWindowClosed
	}
}

// enqueue adds p and shows it when nothing else is on screen.
func (u *UI) enqueue(p *pending) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if p.ended {
		return
	}
	u.queue = append(u.queue, p)
	if u.current == nil {
		u.showNextLocked()
	}
}

// dismiss ends p: closes its window and shows the next prompt, or takes it
// out of the queue. It reports false when p had already ended, so each prompt
// is answered once.
func (u *UI) dismiss(p *pending) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if p.ended {
		return false
	}
	p.ended = true
	if u.current != p {
		u.queue = slices.DeleteFunc(u.queue, func(q *pending) bool { return q == p })
		return true
	}
	p.win.Close()
	u.current = nil
	u.showNextLocked()
	return true
}

func (u *UI) showNextLocked() {
	if len(u.queue) == 0 {
		return
	}
	p := u.queue[0]
	u.queue = u.queue[1:]
	c := p.content()
	w := u.app.NewWindow(p.title)
	minWidth := canvas.NewRectangle(color.Transparent)
	minWidth.SetMinSize(fyne.NewSize(dialogWidth, 0))
	w.SetContent(container.NewStack(minWidth, c.body))
	if c.onKey != nil {
		w.Canvas().SetOnTypedKey(c.onKey)
	}
	if c.onClose != nil {
		w.SetCloseIntercept(c.onClose)
		p.onClose = c.onClose
	}
	w.SetFixedSize(true)
	w.CenterOnScreen()
	w.Show()
	w.RequestFocus()
	p.win = w
	u.current = p
	if c.shown != nil {
		c.shown(w)
	}
}

// isEnter is true for both Return and the keypad's Enter.
func isEnter(ev *fyne.KeyEvent) bool { return ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter }
