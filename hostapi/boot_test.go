package hostapi_test

import (
	"context"
	"testing"
)

// TestBootNamesThePersonasLanguage: the runtime's wx.getAppBaseInfo and
// getSystemInfo answer the language of the persona the app runs as.
func TestBootNamesThePersonasLanguage(t *testing.T) {
	e := newEnv(t, true)
	host := map[string]string{"Host": e.appHost(appID), "Sec-Fetch-Site": "same-origin"}
	tests := []struct{ persona, want string }{
		{"alice", "en"},
		{"xiaoming", "zh_CN"},
	}
	for _, tt := range tests {
		if err := e.host.SwitchPersona(context.Background(), tt.persona); err != nil {
			t.Fatal(err)
		}
		r := e.do("GET", "/wx/boot", "", host)
		if r.status != 200 || r.body["language"] != tt.want {
			t.Errorf("%s: boot = %d %v, want language %q", tt.persona, r.status, r.body, tt.want)
		}
	}
}
