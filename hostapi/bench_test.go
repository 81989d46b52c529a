package hostapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkWxCall is one wx call through the handler, without the network:
// what minihost adds per call (guards, the app call, the call log, JSON).
// make bench measures the same over loopback against a bare handler.
func BenchmarkWxCall(b *testing.B) {
	for _, api := range []string{"getSetting", "login"} {
		b.Run(api, func(b *testing.B) {
			e := newEnv(b, true)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest("POST", e.srv.URL+"/wx/"+appID+"/"+api, strings.NewReader(`{}`))
					req.Header.Set("Authorization", "Bearer "+e.token)
					rec := httptest.NewRecorder()
					e.handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d %s", api, rec.Code, rec.Body)
					}
				}
			})
		})
	}
}
