package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

func TestWXACodeUnlimit(t *testing.T) {
	ctx := context.Background()
	no := false
	tests := []struct {
		name  string
		req   app.WXACodeRequest
		token string
		want  int
		width int
	}{
		{"page and scene", app.WXACodeRequest{Scene: "id=42", Page: "pages/index/index"}, "", 0, 430},
		{"entry page", app.WXACodeRequest{Scene: "a"}, "", 0, 430},
		{"width clamped up", app.WXACodeRequest{Scene: "a", Width: 10}, "", 0, 280},
		{"width clamped down", app.WXACodeRequest{Scene: "a", Width: 5000}, "", 0, 1280},
		{"unreleased page without check_path", app.WXACodeRequest{Scene: "a", Page: "pages/new/new", CheckPath: &no}, "", 0, 430},
		{"unknown page", app.WXACodeRequest{Scene: "a", Page: "pages/new/new"}, "", 41030, 0},
		{"leading slash", app.WXACodeRequest{Scene: "a", Page: "/pages/index/index"}, "", 41030, 0},
		{"page with query", app.WXACodeRequest{Scene: "a", Page: "pages/index/index?x=1"}, "", 41030, 0},
		{"no scene", app.WXACodeRequest{Page: "pages/index/index"}, "", 40129, 0},
		{"scene too long", app.WXACodeRequest{Scene: strings.Repeat("a", 33)}, "", 40129, 0},
		{"scene with %", app.WXACodeRequest{Scene: "a%20b"}, "", 40129, 0},
		{"scene with Chinese", app.WXACodeRequest{Scene: "编号"}, "", 40129, 0},
		{"bad env_version", app.WXACodeRequest{Scene: "a", EnvVersion: "beta"}, "", 40097, 0},
		{"bad token", app.WXACodeRequest{Scene: "a"}, "bogus", 40001, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, nil, nil)
			tok := tt.token
			if tok == "" {
				tok = accessToken(t, th)
			}
			c, err := th.WXACodeUnlimit(ctx, tok, tt.req)
			if got := serverCode(err); got != tt.want {
				t.Fatalf("errcode %d (%v), want %d", got, err, tt.want)
			}
			if err != nil {
				return
			}
			if c.Width != tt.width || c.AppID != testAppID || c.EnvVersion != "release" {
				t.Fatalf("code %+v", c)
			}
			back, err := app.ParseWXACode(c.Text())
			back.Width = c.Width
			if err != nil || back != c {
				t.Fatalf("ParseWXACode(%q) = %+v, %v; want %+v", c.Text(), back, err, c)
			}
		})
	}
	for _, bad := range []string{"https://example.com/", "minihost://wxacode?scene=a", ""} {
		if _, err := app.ParseWXACode(bad); err == nil {
			t.Errorf("ParseWXACode(%q) accepted", bad)
		}
	}
}

func TestWXACodeLaunchURL(t *testing.T) {
	for _, tt := range []struct {
		c    app.WXACode
		want string
	}{
		// The runtime reads query "scene=id%253D42", so query.scene is
		// "id%3D42": encoded, as a phone gives it.
		{app.WXACode{AppID: "wxa", Page: "pages/item/item", Scene: "id=42"}, "http://wxa.localhost:7878/?path=pages%2Fitem%2Fitem&query=scene%3Did%25253D42&scene=1047"},
		{app.WXACode{AppID: "wxa", Scene: "abc"}, "http://wxa.localhost:7878/?path=&query=scene%3Dabc&scene=1047"},
	} {
		if got := tt.c.LaunchURL("http://wxa.localhost:7878"); got != tt.want {
			t.Errorf("LaunchURL(%+v) = %s, want %s", tt.c, got, tt.want)
		}
	}
}
