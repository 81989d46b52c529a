package apitype

import (
	"net/url"
	"reflect"
	"testing"
)

func TestServerEndpoints(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range ServerEndpoints() {
		if seen[e.Name()] {
			t.Errorf("%s: two endpoints share the name", e.Name())
		}
		seen[e.Name()] = true
		if _, err := url.ParseQuery(e.Query); err != nil {
			t.Errorf("%s: example query %q: %v", e.Name(), e.Query, err)
		}
		if e.Method != "GET" && e.Method != "POST" {
			t.Errorf("%s: method %q", e.Name(), e.Method)
		}
		if got, ok := LookupServerEndpoint(e.Name()); !ok || got.Path != e.Path {
			t.Errorf("LookupServerEndpoint(%q) = %v, %v", e.Name(), got, ok)
		}
	}
	if _, ok := LookupServerEndpoint("nope"); ok {
		t.Error("LookupServerEndpoint found an unknown name")
	}
}

func TestServerEndpointDefaults(t *testing.T) {
	tests := []struct {
		e    ServerEndpoint
		want url.Values
	}{
		{Jscode2Session, url.Values{"appid": {"wxA"}, "secret": {"S"}, "grant_type": {"authorization_code"}}},
		{Token, url.Values{"appid": {"wxA"}, "secret": {"S"}, "grant_type": {"client_credential"}}},
		{CheckSession, url.Values{"sig_method": {"hmac_sha256"}}},
		{VerifySignature, url.Values{}},
		{StableToken, url.Values{}},
	}
	for _, tt := range tests {
		if got := tt.e.Defaults("wxA", "S"); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Defaults = %v, want %v", tt.e.Name(), got, tt.want)
		}
	}
}
