//go:build linux

package e2e

// Secrets in the real gnome-keyring: minihost on a private session bus with
// an unlocked gnome-keyring keeps its AppSecret, session keys and SOTER
// AuthKey there (and not in state.db), finds them again after a SIGKILL and
// restart, and falls back to a 0600 file, with a warning, when no Secret
// Service answers.

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var reKeystoreSS = regexp.MustCompile(`^minihost: keystore secret-service \(Secret Service collection /org/freedesktop/secrets/collection/\S+, DH-AES transfer encryption\)$`)

func TestBiometricsKeyring(t *testing.T) {
	ks := startKeyringSession(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", ks.Addr) // passed on to minihost by the harness
	h := StartHost(t, "allow", "--biometrics", "sim")
	if line := startupLine(t, h, "minihost: keystore "); !reKeystoreSS.MatchString(line) {
		t.Fatalf("startup line %q, want the Secret Service keystore", line)
	}
	startupLine(t, h, "minihost: headless") // the last startup line: all are read
	if hasLine(h, "minihost: warning:") {
		t.Errorf("a warning with the Secret Service running:\n%s", h.Output())
	}
	dataDir, err := filepath.Abs(h.DataDir)
	if err != nil {
		t.Fatal(err)
	}

	// A user's first session: login, user info with credentials, a SOTER
	// success; the backend exchanges the code.
	h.MustCall("authorize", map[string]any{"scope": "scope.userInfo"})
	code := str(h.MustCall("login", nil), "code")
	wantErrMsg(t, "getUserInfo", h.MustCall("getUserInfo", map[string]any{"withCredentials": true}), "getUserInfo:ok")
	soter := h.MustCall("startSoterAuthentication", map[string]any{"requestAuthModes": []string{"fingerPrint"}, "challenge": "keyring-1"})
	checkSoterResult(t, soter, "keyring-1")
	sess := h.Code2Session(code)
	openid, sessionKey := str(sess, "openid"), str(sess, "session_key")
	rawSessionKey, err := base64.StdEncoding.DecodeString(sessionKey)
	if openid == "" || err != nil || len(rawSessionKey) != 16 {
		t.Fatalf("jscode2session = %v (session_key: %v)", sess, err)
	}

	// What the keyring holds, by name, read back through secret-tool.
	lookup := func(name string) []byte {
		t.Helper()
		return ks.secretTool(t, "lookup", "service", "minihost", "name", name, "datadir", dataDir)
	}
	var names []string
	for _, attrs := range ks.minihostItems(t) {
		if attrs["datadir"] != dataDir {
			t.Errorf("item %v is not tagged with this data dir %s", attrs, dataDir)
		}
		names = append(names, attrs["name"])
	}
	t.Logf("keyring items: %q", names)
	appSecretName := "app/" + DemoAppID + "/secret"
	if got := string(lookup(appSecretName)); got != h.Demo.Secret {
		t.Errorf("keyring %s = %q, want the AppSecret %q", appSecretName, got, h.Demo.Secret)
	}
	var sessionKeyFound bool
	var authKey *rsa.PrivateKey
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "sessionkey/"):
			sessionKeyFound = sessionKeyFound || bytes.Equal(lookup(n), rawSessionKey)
		case strings.HasPrefix(n, "soter/authkey/"+DemoAppID+"/"):
			k, err := x509.ParsePKCS8PrivateKey(lookup(n))
			rk, ok := k.(*rsa.PrivateKey)
			if err != nil || !ok {
				t.Fatalf("keyring %s is not an RSA PKCS#8 key: %v", n, err)
			}
			authKey = rk
		}
	}
	if !sessionKeyFound {
		t.Errorf("no sessionkey/* item in the keyring holds the session_key jscode2session returned (items %q)", names)
	}
	if authKey == nil {
		t.Fatalf("no SOTER AuthKey for %s in the keyring (items %q)", DemoAppID, names)
	}
	// The key in the keyring is the one that signed: checked here, not by
	// minihost.
	if !verifyPSS(&authKey.PublicKey, []byte(str(soter, "resultJSON")), str(soter, "resultJSONSignature")) {
		t.Error("the SOTER signature does not verify with the AuthKey's public key from the keyring")
	}
	authKeyDER, _ := x509.MarshalPKCS8PrivateKey(authKey)

	// None of it is in the state file.
	state, err := os.ReadFile(filepath.Join(h.DataDir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	for what, secret := range map[string][]byte{
		"the AppSecret":          []byte(h.Demo.Secret),
		"the session_key":        []byte(sessionKey),
		"the raw session key":    rawSessionKey,
		"the AuthKey (PKCS#8)":   authKeyDER,
		"the AuthKey's exponent": authKey.D.Bytes()[:32],
		"the AppSecret's bytes":  mustHex(t, h.Demo.Secret),
		"the app token":          []byte(h.Demo.Token),
	} {
		if bytes.Contains(state, secret) {
			t.Errorf("state.db contains %s", what)
		}
	}

	// SIGKILL and start again on the same data dir and keyring.
	before := h.Demo
	h.Restart()
	if line := startupLine(t, h, "minihost: keystore "); !reKeystoreSS.MatchString(line) {
		t.Errorf("after restart: startup line %q, want the Secret Service keystore", line)
	}
	if h.Demo.Secret != before.Secret || h.Demo.Token != before.Token {
		t.Errorf("after restart: AppSecret/token %s/%s, want %s/%s", h.Demo.Secret, h.Demo.Token, before.Secret, before.Token)
	}
	wantErrMsg(t, "checkSession after restart", h.MustCall("checkSession", nil), "checkSession:ok")
	token := h.AccessToken()
	mac := hmac.New(sha256.New, []byte(sessionKey))
	_, cs := h.Get("/wxa/checksession", url.Values{
		"access_token": {token}, "openid": {openid}, "sig_method": {"hmac_sha256"},
		"signature": {hex.EncodeToString(mac.Sum(nil))},
	})
	wantErrcode(t, "wxa/checksession with the session_key from before the restart", cs, 0)
	code = str(h.MustCall("login", nil), "code")
	sess = h.Code2Session(code)
	if str(sess, "openid") != openid || str(sess, "session_key") != sessionKey {
		t.Errorf("after restart: jscode2session = %v, want openid %s and the same session_key", sess, openid)
	}
	soter = h.MustCall("startSoterAuthentication", map[string]any{"requestAuthModes": []string{"fingerPrint"}, "challenge": "keyring-2"})
	checkSoterResult(t, soter, "keyring-2")
	verifySoter(t, h, token, openid, soter)
	if !verifyPSS(&authKey.PublicKey, []byte(str(soter, "resultJSON")), str(soter, "resultJSONSignature")) {
		t.Error("after restart the SOTER signature is not by the AuthKey from before")
	}
	var rj map[string]any
	json.Unmarshal([]byte(str(soter, "resultJSON")), &rj)
	if rj["counter"] != float64(2) {
		t.Errorf("after restart: resultJSON.counter = %v, want 2 (strictly increasing across restarts)", rj["counter"])
	}

	t.Run("no Secret Service", func(t *testing.T) {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/minihost-e2e-bus")
		h := StartHost(t, "allow", "--biometrics", "sim")
		warning := startupLine(t, h, "minihost: warning: secrets ") // the keystore's, not a load warning
		path := filepath.Join(h.DataDir, "keyring", "secrets.json")
		if line := startupLine(t, h, "minihost: keystore "); line != "minihost: keystore file ("+mustAbs(t, path)+")" {
			t.Errorf("startup line %q, want the file keystore at %s", line, path)
		}
		if !strings.Contains(warning, "0600") || !strings.Contains(warning, "no OS keyring") {
			t.Errorf("warning %q should say secrets are only protected by file permissions", warning)
		}
		h.MustCall("login", nil)
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
		}
		var file struct {
			Secrets map[string][]byte `json:"secrets"`
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &file); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if got := string(file.Secrets["app/"+DemoAppID+"/secret"]); got != h.Demo.Secret {
			t.Errorf("%s holds AppSecret %q, want %q", path, got, h.Demo.Secret)
		}
	})
}

// verifyPSS checks a SOTER signature as a backend would, without minihost's
// code: base64 RSA-PSS, SHA-256, salt length 20, over the exact bytes.
func verifyPSS(pub *rsa.PublicKey, msg []byte, sigB64 string) bool {
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(msg)
	return rsa.VerifyPSS(pub, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: 20}) == nil
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("%q is not hex: %v", s, err)
	}
	return b
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// hasLine reports whether minihost has printed a line starting with prefix.
func hasLine(h *Host, prefix string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.stdout {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}
