package app

import (
	"context"
	"fmt"
	"slices"
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

func TestPageLogAfter(t *testing.T) {
	l := NewPageLog(2)
	l.Add(PageMessage{AppID: "a", Message: "1"})
	l.Add(PageMessage{AppID: "b", Message: "2"})
	l.Add(PageMessage{AppID: "a", Message: "3"})
	l.Add(PageMessage{AppID: "a", Message: "4"}) // drops "1" (limit 2)
	tests := []struct {
		app  string
		seq  uint64
		want []string
	}{
		{"", 0, []string{"2", "3", "4"}},
		{"a", 0, []string{"3", "4"}},
		{"a", 3, []string{"4"}},
		{"b", 2, nil},
		{"", 4, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range l.After(tt.app, tt.seq) {
			got = append(got, m.Message)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("After(%q, %d) = %v, want %v", tt.app, tt.seq, got, tt.want)
		}
	}
}
