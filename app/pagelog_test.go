package app

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestPageMessageWhere(t *testing.T) {
	for _, tc := range []struct {
		m    PageMessage
		want string
	}{
		{PageMessage{}, ""},
		{PageMessage{Line: 3}, ""},
		{PageMessage{File: "app.js"}, "app.js"},
		{PageMessage{File: "pages/a/a.js", Line: 12}, "pages/a/a.js:12"},
		{PageMessage{File: "pages/a/a.js", Line: 12, Column: 5}, "pages/a/a.js:12:5"},
	} {
		if got := tc.m.Where(); got != tc.want {
			t.Errorf("%+v.Where() = %q, want %q", tc.m, got, tc.want)
		}
	}
}

func TestPageLogNewestFirstBoundedPerApp(t *testing.T) {
	l := NewPageLog(3)
	if got := l.List("wxa"); len(got) != 0 {
		t.Fatalf("empty log lists %v", got)
	}
	for i := 1; i <= 5; i++ {
		l.Add(PageMessage{AppID: "wxa", Level: "error", Message: fmt.Sprint("a", i)})
	}
	l.Add(PageMessage{AppID: "wxb", Level: "warn", Message: "b1"})

	for _, tc := range []struct {
		app  string
		want []string
	}{
		{"wxa", []string{"a5", "a4", "a3"}}, // the two oldest dropped
		{"wxb", []string{"b1"}},             // another app's limit is its own
		{"wxc", nil},
	} {
		got := l.List(tc.app)
		var msgs []string
		for _, m := range got {
			msgs = append(msgs, m.Message)
			if m.Time.IsZero() {
				t.Errorf("%s: message %q has no time", tc.app, m.Message)
			}
		}
		if fmt.Sprint(msgs) != fmt.Sprint(tc.want) {
			t.Errorf("List(%s) = %v, want %v", tc.app, msgs, tc.want)
		}
	}

	l.Clear("wxa")
	if got := l.List("wxa"); len(got) != 0 {
		t.Errorf("after Clear: %v", got)
	}
	if got := l.List("wxb"); len(got) != 1 {
		t.Errorf("Clear(wxa) touched wxb: %v", got)
	}
}

func TestPageLogWatch(t *testing.T) {
	l := NewPageLog(0)
	if l.limit != DefaultPageLogLimit {
		t.Errorf("NewPageLog(0) keeps %d, want %d", l.limit, DefaultPageLogLimit)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := l.Watch(ctx)
	l.Add(PageMessage{AppID: "wxa", Message: "boom"})
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("no signal after Add")
	}
	cancel()
	for range ch { // closes once ctx ended
	}
}
