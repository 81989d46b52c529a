package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Mini program codes: POST /wxa/getwxacodeunlimit answers a code that, once
// scanned, opens the app at page with query.scene = scene (scene 1047).

// SceneScanCode is the launch scene of a scanned mini program code.
const SceneScanCode = 1047

// WXACodeRequest is the body of POST /wxa/getwxacodeunlimit.
type WXACodeRequest struct {
	Scene      string `json:"scene"`
	Page       string `json:"page"`
	Width      int    `json:"width"`
	CheckPath  *bool  `json:"check_path"` // default true
	EnvVersion string `json:"env_version"`
	IsHyaline  bool   `json:"is_hyaline"` // a transparent background, so a PNG
	// auto_color and line_color are accepted and ignored: codes are black.
}

// WXACode is what a mini program code means.
type WXACode struct {
	AppID      string
	Page       string // "" is the app's entry page
	Scene      string
	EnvVersion string
	Width      int // pixels, 280-1280
	Hyaline    bool
}

// maxScene is the scene's limit in characters.
const maxScene = 32

// sceneChars are the characters a scene may hold besides letters and digits.
const sceneChars = "!#$&'()*+,/:;=?@-._~"

// WXACodeUnlimit checks a getwxacodeunlimit request as the real server does.
// check_path (default true) wants page to be one of the app's pages; false
// accepts any well-formed page (a page not yet released).
func (h *BackendService) WXACodeUnlimit(ctx context.Context, accessTok string, req WXACodeRequest) (WXACode, error) {
	appID, err := h.appForToken(accessTok)
	if err != nil {
		return WXACode{}, err
	}
	a, ok := h.App(appID)
	if !ok {
		return WXACode{}, errInvalidCred
	}
	if err := validScene(req.Scene); err != nil {
		return WXACode{}, err
	}
	env := req.EnvVersion
	if env == "" {
		env = "release"
	}
	if ValidEnvVersion(env) != nil {
		return WXACode{}, errInvalidArgsWxa
	}
	page := req.Page
	// The page is a path: no leading slash, no query (the scene carries it).
	if strings.HasPrefix(page, "/") || strings.ContainsAny(page, "?#") || strings.Contains(page, "//") {
		return WXACode{}, errInvalidPage
	}
	if page != "" && (req.CheckPath == nil || *req.CheckPath) && !hasPage(a.MiniProgram, page) {
		return WXACode{}, errInvalidPage
	}
	w := req.Width
	switch {
	case w == 0:
		w = 430
	case w < 280:
		w = 280
	case w > 1280:
		w = 1280
	}
	return WXACode{AppID: appID, Page: page, Scene: req.Scene, EnvVersion: env, Width: w, Hyaline: req.IsHyaline}, nil
}

// validScene checks a scene: 1 to maxScene letters, digits and sceneChars.
func validScene(s string) error {
	if s == "" || len(s) > maxScene {
		return errInvalidScene
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(sceneChars, r)
		if !ok {
			return errInvalidScene
		}
	}
	return nil
}

// wxaCodePrefix starts the text of every minihost mini program code.
const wxaCodePrefix = "minihost://wxacode?"

// Text is what the QR code encodes.
func (c WXACode) Text() string {
	v := url.Values{"appid": {c.AppID}, "scene": {c.Scene}, "env_version": {c.EnvVersion}}
	if c.Page != "" {
		v.Set("page", c.Page)
	}
	return wxaCodePrefix + v.Encode()
}

// ParseWXACode reads the text of a scanned code.
func ParseWXACode(text string) (WXACode, error) {
	q, ok := strings.CutPrefix(text, wxaCodePrefix)
	if !ok {
		return WXACode{}, fmt.Errorf("%.80q is not a minihost mini program code (it starts with %s)", text, wxaCodePrefix)
	}
	v, err := url.ParseQuery(q)
	if err != nil {
		return WXACode{}, fmt.Errorf("mini program code: %w", err)
	}
	c := WXACode{AppID: v.Get("appid"), Page: v.Get("page"), Scene: v.Get("scene"), EnvVersion: v.Get("env_version")}
	if c.AppID == "" {
		return WXACode{}, fmt.Errorf("mini program code %.80q names no appid", text)
	}
	return c, nil
}

// LaunchURL is where scanning c opens the app whose origin is appURL: its
// page (the entry page when none) with query scene=<scene>, scene 1047. As
// on a phone, query.scene arrives URL-encoded (pages decodeURIComponent it),
// so the scene is escaped once for the page and once for the query string.
func (c WXACode) LaunchURL(appURL string) string {
	page := c.Page
	if c.Scene != "" {
		page += "?scene=" + url.QueryEscape(url.QueryEscape(c.Scene))
	}
	return PageURL(appURL, page, SceneScanCode)
}
