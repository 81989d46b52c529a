package app

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// NetDomains are the server domains an app may reach when its project has
// setting.urlCheck on: the admin console's lists, which minihost.json holds
// since no project file does. Entries are "https://host[:port]" (wss:// for
// sockets) or a bare host.
type NetDomains struct {
	Request  []string `json:"requestDomains,omitempty"`
	Upload   []string `json:"uploadDomains,omitempty"`
	Download []string `json:"downloadDomains,omitempty"`
	Socket   []string `json:"socketDomains,omitempty"`
}

func (d NetDomains) check() error {
	for _, list := range [][]string{d.Request, d.Upload, d.Download, d.Socket} {
		for _, e := range list {
			if _, ok := domainHost(e); !ok {
				return fmt.Errorf("domain %q: want https://host[:port], wss://host[:port] or a host name", e)
			}
		}
	}
	return nil
}

// domainHost is the lower-case host[:port] of a domain list entry.
func domainHost(e string) (string, bool) {
	e = strings.TrimSpace(e)
	if i := strings.Index(e, "://"); i >= 0 {
		e = e[i+3:]
	}
	e = strings.TrimSuffix(strings.ToLower(e), "/")
	if e == "" || strings.ContainsAny(e, "/?#@ ") {
		return "", false
	}
	return e, true
}

// CheckURL decides whether an app's network API may reach rawURL. With
// urlCheck off any http(s) (ws(s) for sockets) URL goes, as in the IDE; with
// it on, only https (wss) URLs of a listed domain, failing as the phone does:
// "<api>:fail url not in domain list".
func (mp *MiniProgram) CheckURL(api, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return failf(api, "invalid url %q", rawURL)
	}
	socket := api == "connectSocket"
	scheme := strings.ToLower(u.Scheme)
	switch {
	case socket && scheme != "ws" && scheme != "wss", !socket && scheme != "http" && scheme != "https":
		return failf(api, "invalid url %q", rawURL)
	}
	if !mp.URLCheck() {
		return nil
	}
	if scheme != "https" && scheme != "wss" {
		return fail(api, "url not in domain list")
	}
	list := mp.Domains.Request
	switch api {
	case "uploadFile":
		list = mp.Domains.Upload
	case "downloadFile":
		list = mp.Domains.Download
	case "connectSocket":
		list = mp.Domains.Socket
	}
	host := strings.ToLower(u.Host)
	if slices.ContainsFunc(list, func(e string) bool { h, _ := domainHost(e); return h == host || h+":443" == host }) {
		return nil
	}
	return fail(api, "url not in domain list")
}
