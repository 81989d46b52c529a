package scenario

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/minihost/minihost/hostapi"
)

// TestBackendDefaults: a backend step's endpoint and default query come
// from hostapi's endpoint table: the app's appid and secret for APPID and
// APPSECRET, literal values kept, the step's own placeholders left out.
func TestBackendDefaults(t *testing.T) {
	a := hostapi.AppInfo{AppID: "wxa", Secret: "s3"}
	for name, want := range map[string]url.Values{
		"jscode2session":      {"appid": {"wxa"}, "secret": {"s3"}, "grant_type": {"authorization_code"}},
		"token":               {"appid": {"wxa"}, "secret": {"s3"}, "grant_type": {"client_credential"}},
		"checksession":        {"sig_method": {"hmac_sha256"}},
		"resetusersessionkey": {"sig_method": {"hmac_sha256"}},
		"verify_signature":    {},
	} {
		ep, ok := backendEndpoint(name)
		if !ok {
			t.Errorf("%s: no backend endpoint", name)
			continue
		}
		if got := defaultQuery(ep, a); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: default query %v, want %v", name, got, want)
		}
	}
	if _, ok := backendEndpoint("getwxacodeunlimit"); ok {
		t.Error("getwxacodeunlimit answers an image: not a backend step")
	}
}
