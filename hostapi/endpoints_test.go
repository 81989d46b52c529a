package hostapi_test

import (
	"net/http"
	"slices"
	"testing"

	"minihost/hostapi"
)

// TestBackendEndpointsServed checks that every endpoint the window lists is
// served with its method, and answers in WeChat's {errcode, errmsg} shape
// (the example query's placeholders make each call fail, as they should).
func TestBackendEndpointsServed(t *testing.T) {
	e := newEnv(t, true)
	eps := hostapi.BackendEndpoints()
	var paths []string
	for _, ep := range eps {
		paths = append(paths, ep.Method+" "+ep.Path)
	}
	want := []string{"GET /sns/jscode2session", "GET /cgi-bin/token", "GET /wxa/checksession",
		"GET /wxa/resetusersessionkey", "POST /cgi-bin/soter/verify_signature"}
	if !slices.Equal(paths, want) {
		t.Errorf("BackendEndpoints = %q, want %q", paths, want)
	}
	for _, ep := range eps {
		t.Run(ep.Path, func(t *testing.T) {
			if ep.Query == "" || ep.Doc == "" {
				t.Errorf("%s lacks an example query or a doc line", ep.Path)
			}
			r := e.do(ep.Method, ep.Path+"?"+ep.Query, "{}", nil)
			if r.status != http.StatusOK || r.body["errcode"] == nil {
				t.Errorf("%s %s = %d %v, want 200 with an errcode", ep.Method, ep.Path, r.status, r.body)
			}
			other := http.MethodPost
			if ep.Method == http.MethodPost {
				other = http.MethodGet
			}
			if r := e.do(other, ep.Path, "", nil); r.status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", other, ep.Path, r.status)
			}
		})
	}
}
