package app

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
)

// dnsLabel is one host name label (RFC 1123), lower case.
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// OriginLabel is the host name label of an app's own origin,
// http://<label>.localhost:<port>: the lower-cased appid when that is a valid
// DNS label, otherwise "a-" and a hash of the appid. Browsers lower-case host
// names, so two appids that differ only in case share a label; Load refuses
// the second.
func OriginLabel(appID string) string {
	l := strings.ToLower(appID)
	if dnsLabel.MatchString(l) {
		return l
	}
	sum := sha256.Sum256([]byte(appID))
	return "a-" + hex.EncodeToString(sum[:8])
}

// OriginURL is the origin of an app served at baseURL (the host's own
// origin, e.g. http://127.0.0.1:7878): http://<label>.localhost:7878. Every
// app gets its own origin on the host's one port, so its storage is kept
// apart from other apps' and survives restarts; browsers resolve *.localhost
// to loopback themselves.
func OriginURL(baseURL, appID string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return ""
	}
	host := OriginLabel(appID) + ".localhost"
	if p := u.Port(); p != "" {
		host += ":" + p
	}
	return u.Scheme + "://" + host
}

// AppByLabel returns the loaded app whose OriginLabel is label.
func (h *AppService) AppByLabel(label string) (LoadedApp, bool) {
	a, ok := h.apps.byLabel(label)
	if !ok {
		return LoadedApp{}, false
	}
	return a.public(), true
}

// checkLabel refuses an app whose origin would be another loaded app's.
func (h *AppService) checkLabel(appID string) error {
	if other := h.apps.labelTaken(appID); other != "" {
		return labelError(appID, other)
	}
	return nil
}

func labelError(appID, other string) error {
	return invalidf("load %s: its origin %s.localhost is already app %s's (appids that differ only in case share an origin); unload %s first", appID, OriginLabel(appID), other, other)
}
