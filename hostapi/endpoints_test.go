package hostapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// TestBackendEndpointsServed checks that every endpoint the window lists is
// served with its method and Content-Type, and answers in WeChat's
// {errcode, errmsg} shape (the example query's placeholders make each call
// fail, as they should); the other method answers 43001/43002 in that shape.
func TestBackendEndpointsServed(t *testing.T) {
	e := newEnv(t, true)
	eps := hostapi.BackendEndpoints()
	var paths []string
	for _, ep := range eps {
		paths = append(paths, ep.Method+" "+ep.Path)
	}
	want := []string{"GET /sns/jscode2session", "GET /cgi-bin/token", "POST /cgi-bin/stable_token", "GET /wxa/checksession",
		"GET /wxa/resetusersessionkey", "POST /cgi-bin/soter/verify_signature", "POST /wxa/business/getuserphonenumber",
		"POST /cgi-bin/message/subscribe/send", "POST /wxa/getwxacodeunlimit"}
	if !slices.Equal(paths, want) {
		t.Errorf("BackendEndpoints = %q, want %q", paths, want)
	}
	// What the server serves is what the client's table describes (scenario
	// backend steps read that one).
	if !slices.Equal(eps, apitype.ServerEndpoints()) {
		t.Errorf("served endpoints differ from apitype.ServerEndpoints():\n%v\n%v", eps, apitype.ServerEndpoints())
	}
	for _, ep := range eps {
		t.Run(ep.Path, func(t *testing.T) {
			if (ep.Method == http.MethodGet && ep.Query == "") || ep.Doc == "" || ep.ContentType == "" {
				t.Errorf("%s lacks an example query, a doc line or a Content-Type", ep.Path)
			}
			r := e.do(ep.Method, ep.Path+"?"+ep.Query, "{}", nil)
			if r.status != http.StatusOK || r.body["errcode"] == nil {
				t.Errorf("%s %s = %d %v, want 200 with an errcode", ep.Method, ep.Path, r.status, r.body)
			}
			if got := r.header.Get("Content-Type"); got != ep.ContentType {
				t.Errorf("%s Content-Type %q, want %q", ep.Path, got, ep.ContentType)
			}
			other, wantCode := http.MethodPost, float64(43001)
			if ep.Method == http.MethodPost {
				other, wantCode = http.MethodGet, 43002
			}
			if r := e.do(other, ep.Path, "", nil); r.status != http.StatusOK || r.body["errcode"] != wantCode {
				t.Errorf("%s %s = %d %v, want 200 errcode %v", other, ep.Path, r.status, r.body, wantCode)
			}
		})
	}
}
