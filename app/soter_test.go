package app_test

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/biometrics/sim"
)

func TestSoterChecks(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		auth app.Authenticator
		call func(th *testHost) (app.Result, error)
		want string
		code int
	}{
		{"support with sim", sim.New("fingerPrint"), func(th *testHost) (app.Result, error) { return th.CheckIsSupportSoterAuthentication(ctx, testAppID) }, "checkIsSupportSoterAuthentication:ok", 0},
		{"no backend", nil, func(th *testHost) (app.Result, error) { return th.CheckIsSupportSoterAuthentication(ctx, testAppID) }, "checkIsSupportSoterAuthentication:fail not support", 90001},
		{"enrolled default mode", sim.New("fingerPrint"), func(th *testHost) (app.Result, error) { return th.CheckIsSoterEnrolledInDevice(ctx, testAppID, "") }, "checkIsSoterEnrolledInDevice:ok", 0},
		{"enrolled unknown mode", sim.New("fingerPrint"), func(th *testHost) (app.Result, error) { return th.CheckIsSoterEnrolledInDevice(ctx, testAppID, "iris") }, "checkIsSoterEnrolledInDevice:fail auth mode not supported", 90003},
		{"enrolled, no backend", nil, func(th *testHost) (app.Result, error) {
			return th.CheckIsSoterEnrolledInDevice(ctx, testAppID, "fingerPrint")
		}, "checkIsSoterEnrolledInDevice:fail not support", 90001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestHost(t, tt.auth, nil)
			r, err := tt.call(th)
			if got := errMsg(t, r, err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if f, ok := err.(*app.Fail); ok && f.Code != tt.code {
				t.Fatalf("errCode %d, want %d", f.Code, tt.code)
			}
		})
	}
	th := newTestHost(t, sim.New("fingerPrint"), nil)
	r, _ := th.CheckIsSoterEnrolledInDevice(ctx, testAppID, "facial")
	if r["isEnrolled"] != false {
		t.Fatalf("facial on a fingerprint-only reader: %v", r)
	}
	s := sim.New("fingerPrint")
	s.SetEnrolled(false)
	th = newTestHost(t, s, nil)
	r, _ = th.CheckIsSoterEnrolledInDevice(ctx, testAppID, "fingerPrint")
	if r["isEnrolled"] != false {
		t.Fatalf("nothing enrolled: %v", r)
	}
}

func TestStartSoterAuthentication(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("c", 513)
	tests := []struct {
		name    string
		req     app.SoterRequest
		fingers []bool
		cancel  bool
		enroll  bool
		code    int
	}{
		{"match", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "ch-1"}, []bool{true}, false, true, 0},
		{"no match then match", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "ch-1"}, []bool{false, true}, false, true, 0},
		{"three no-matches", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "ch-1"}, []bool{false, false, false}, false, true, 90009},
		{"cancelled", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "ch-1"}, nil, true, true, 90008},
		{"unknown mode", app.SoterRequest{RequestAuthModes: []string{"iris"}, Challenge: "ch-1"}, nil, false, true, 90003},
		{"unsupported mode", app.SoterRequest{RequestAuthModes: []string{"speech"}, Challenge: "ch-1"}, nil, false, true, 90003},
		{"no modes", app.SoterRequest{Challenge: "ch-1"}, nil, false, true, 90003},
		{"first supported mode is used", app.SoterRequest{RequestAuthModes: []string{"speech", "fingerPrint"}, Challenge: "ch-1"}, []bool{true}, false, true, 0},
		{"missing challenge", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}}, nil, false, true, 90004},
		{"challenge too long", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: long}, nil, false, true, 90004},
		{"challenge 512", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: long[:512]}, []bool{true}, false, true, 0},
		{"authContent too long", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c", AuthContent: strings.Repeat("a", 43)}, nil, false, true, 90005},
		{"nothing enrolled", app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c"}, nil, false, false, 90011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New("fingerPrint", "facial")
			s.SetEnrolled(tt.enroll)
			th := newTestHost(t, s, nil)
			th.prompt.soter, th.prompt.cancelSoter = tt.fingers, tt.cancel
			cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			r, err := th.StartSoterAuthentication(cctx, testAppID, tt.req)
			if tt.code != 0 {
				f, ok := err.(*app.Fail)
				if !ok || f.Code != tt.code {
					t.Fatalf("got %v, want errCode %d", err, tt.code)
				}
				res := f.Result()
				if res["resultJSON"] != "" || res["resultJSONSignature"] != "" || res["errCode"] != tt.code || !strings.HasPrefix(res["errMsg"].(string), "startSoterAuthentication:fail ") {
					t.Fatalf("failure shape %v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r["errCode"] != 0 || r["errMsg"] != "startSoterAuthentication:ok" || r["authMode"] != "fingerPrint" {
				t.Fatalf("result %v", r)
			}
			verifyIndependently(t, th, r, tt.req.Challenge)
		})
	}
}

// verifyIndependently checks resultJSON and its signature the way SOTER's
// server does, using the AuthKey's public half and the standard library only.
func verifyIndependently(t *testing.T, th *testHost, r app.Result, challenge string) {
	t.Helper()
	var res map[string]any
	if err := json.Unmarshal([]byte(r["resultJSON"].(string)), &res); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"raw", "fid", "counter", "tee_n", "tee_v", "fp_n", "fp_v", "cpu_id", "uid"} {
		if _, ok := res[f]; !ok {
			t.Fatalf("resultJSON lacks %s: %s", f, r["resultJSON"])
		}
	}
	if res["raw"] != challenge {
		t.Fatalf("raw %v, want the challenge", res["raw"])
	}
	der, err := th.keys.Get(context.Background(), "soter/authkey/"+testAppID+"/alice")
	if err != nil {
		t.Fatal(err)
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		t.Fatal(err)
	}
	pub := &k.(*rsa.PrivateKey).PublicKey
	if pub.N.BitLen() != 2048 {
		t.Fatalf("AuthKey is %d bits", pub.N.BitLen())
	}
	sig, err := base64.StdEncoding.DecodeString(r["resultJSONSignature"].(string))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(r["resultJSON"].(string)))
	if err := rsa.VerifyPSS(pub, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: 20}); err != nil {
		t.Fatalf("signature does not verify with PSS/SHA-256/salt 20: %v", err)
	}
	// Salt length is part of the format: a verifier expecting 32 must fail.
	if rsa.VerifyPSS(pub, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: 32}) == nil {
		t.Fatal("signature verifies with salt 32 too")
	}
}

func TestSoterCounterAndVerifySignature(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, sim.New("fingerPrint"), nil)
	th.prompt.soter = []bool{true}
	var counters []float64
	var last app.Result
	for i := 0; i < 3; i++ {
		r, err := th.StartSoterAuthentication(ctx, testAppID, app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c"})
		if err != nil {
			t.Fatal(err)
		}
		var res map[string]any
		json.Unmarshal([]byte(r["resultJSON"].(string)), &res)
		counters = append(counters, res["counter"].(float64))
		last = r
	}
	if !(counters[0] < counters[1] && counters[1] < counters[2]) {
		t.Fatalf("counters not strictly increasing: %v", counters)
	}
	tok, _ := th.AccessToken(ctx, app.TokenRequest{GrantType: "client_credential", AppID: testAppID, Secret: secret(th)})
	at := tok.AccessToken
	openid, _ := th.OpenID(ctx, "alice", testAppID)
	bobOpenID, _ := th.OpenID(ctx, "bob", testAppID)
	js, sig := last["resultJSON"].(string), last["resultJSONSignature"].(string)
	var reser map[string]any
	json.Unmarshal([]byte(js), &reser)
	reserialized, _ := json.Marshal(reser) // keys re-ordered alphabetically

	tests := []struct {
		name, token, openid, json, sig string
		ok                             bool
		code                           int
	}{
		{"untampered", at, openid, js, sig, true, 0},
		{"tampered json", at, openid, strings.Replace(js, `"raw":"c"`, `"raw":"d"`, 1), sig, false, 0},
		{"re-serialized json", at, openid, string(reserialized), sig, false, 0},
		{"other user's openid", at, bobOpenID, js, sig, false, 0},
		{"garbage signature", at, openid, js, "!!!", false, 0},
		{"bad access token", "nope", openid, js, sig, false, 40001},
		{"missing openid", at, "", js, sig, false, 41009},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := th.VerifySignature(ctx, app.SignatureCheck{AccessToken: tt.token, OpenID: tt.openid, JSONString: tt.json, JSONSignature: tt.sig})
			if tt.code != 0 {
				if serverCode(err) != tt.code {
					t.Fatalf("err %v, want %d", err, tt.code)
				}
				return
			}
			if err != nil || r.IsOK != tt.ok {
				t.Fatalf("is_ok %v (err %v), want %v", r.IsOK, err, tt.ok)
			}
		})
	}
}

func TestSoterLockout(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, sim.New("fingerPrint"), nil)
	req := app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c"}
	th.prompt.soter = []bool{false, false, false}
	if _, err := th.StartSoterAuthentication(ctx, testAppID, req); err.(*app.Fail).Code != 90009 {
		t.Fatalf("first call: %v", err)
	}
	if _, err := th.StartSoterAuthentication(ctx, testAppID, req); err.(*app.Fail).Code != 90010 {
		t.Fatalf("fifth consecutive no-match should lock: %v", err)
	}
	th.prompt.soter = []bool{true}
	if _, err := th.StartSoterAuthentication(ctx, testAppID, req); err.(*app.Fail).Code != 90010 {
		t.Fatalf("while locked: %v", err)
	}
	th.clock.add(31 * time.Second)
	if _, err := th.StartSoterAuthentication(ctx, testAppID, req); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

func TestSoterCallerGivesUp(t *testing.T) {
	th := newTestHost(t, sim.New("fingerPrint"), nil) // prompter places no finger
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := th.StartSoterAuthentication(ctx, testAppID, app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c"})
		done <- err
	}()
	select {
	case err := <-done:
		if f, ok := err.(*app.Fail); !ok || f.Code != 90007 {
			t.Fatalf("got %v, want 90007 after the caller gave up", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("startSoterAuthentication did not return after its context ended")
	}
}

// gatedKeys holds AuthKey reads until released, like a keychain that is slow
// to answer or a key still being generated.
type gatedKeys struct {
	*memKeys
	gate chan struct{}
}

func (g *gatedKeys) Get(ctx context.Context, n string) ([]byte, error) {
	if strings.HasPrefix(n, "soter/authkey/") {
		select {
		case <-g.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return g.memKeys.Get(ctx, n)
}

// statusPrompter records the SOTER dialog's status lines and places a
// simulated finger once asked to.
type statusPrompter struct {
	fakePrompter
	lines chan string
}

func (p *statusPrompter) Soter(ctx context.Context, req app.SoterPrompt) error {
	for {
		select {
		case line, ok := <-req.Status:
			if !ok {
				return ctx.Err()
			}
			p.lines <- line
			if strings.HasPrefix(line, "Place your finger") {
				for !req.Simulate(true) {
					time.Sleep(time.Millisecond)
				}
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func TestSoterShowsKeyPreparation(t *testing.T) {
	ctx := context.Background()
	keys := &gatedKeys{memKeys: &memKeys{}, gate: make(chan struct{})}
	p := &statusPrompter{lines: make(chan string, 16)}
	h, err := app.New(ctx, app.Options{Store: newMemStore(), Keys: keys, Prompter: p, Auth: sim.New("fingerPrint"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := h.Load(ctx, testMiniProgram(t, nil)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := h.StartSoterAuthentication(ctx, testAppID, app.SoterRequest{RequestAuthModes: []string{"fingerPrint"}, Challenge: "c"})
		done <- err
	}()
	if first := <-p.lines; first != "Preparing the biometric key…" {
		t.Fatalf("first status %q, want the key preparation", first)
	}
	select {
	case line := <-p.lines:
		t.Fatalf("asked for the finger (%q) before the key was ready", line)
	case <-time.After(100 * time.Millisecond):
	}
	close(keys.gate)
	if next := <-p.lines; !strings.HasPrefix(next, "Place your finger") {
		t.Fatalf("status after the key %q", next)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
