package e2e

// The developer's backend, played by the test: it checks what the page got (code, rawData,
// signature, encryptedData, iv, SOTER resultJSON) against the server-side emulation, with its own
// crypto, the way a real backend would.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"testing"
	"time"
)

// decryptOpenData decrypts encryptedData as WeChat's sample code does:
// AES-128-CBC, key = base64(session_key), iv = base64(iv), PKCS#7.
func decryptOpenData(sessionKey, encryptedData, iv string) (map[string]any, error) {
	key, err := base64.StdEncoding.DecodeString(sessionKey)
	if err != nil {
		return nil, fmt.Errorf("session_key is not base64: %v", err)
	}
	if len(key) != 16 {
		return nil, fmt.Errorf("session_key decodes to %d bytes, want 16", len(key))
	}
	ivb, err := base64.StdEncoding.DecodeString(iv)
	if err != nil {
		return nil, fmt.Errorf("iv is not base64: %v", err)
	}
	if len(ivb) != aes.BlockSize {
		return nil, fmt.Errorf("iv decodes to %d bytes, want 16", len(ivb))
	}
	ct, err := base64.StdEncoding.DecodeString(encryptedData)
	if err != nil {
		return nil, fmt.Errorf("encryptedData is not base64: %v", err)
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("encryptedData is %d bytes, not a positive multiple of 16", len(ct))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, ivb).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > aes.BlockSize || pad > len(pt) {
		return nil, fmt.Errorf("bad PKCS#7 padding %d (wrong key?)", pad)
	}
	for _, b := range pt[len(pt)-pad:] {
		if int(b) != pad {
			return nil, fmt.Errorf("bad PKCS#7 padding bytes (wrong key?)")
		}
	}
	var out map[string]any
	if err := json.Unmarshal(pt[:len(pt)-pad], &out); err != nil {
		return nil, fmt.Errorf("plaintext is not a JSON object: %v: %q", err, pt[:len(pt)-pad])
	}
	return out, nil
}

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// checkUserCredentials verifies a getUserInfo / getUserProfile result against session_key:
// rawData is the userInfo JSON, signature = sha1(rawData + session_key), encryptedData decrypts
// to the user's data with a fresh watermark for appid. It returns the plaintext.
func checkUserCredentials(t *testing.T, what string, res map[string]any, sessionKey, appid string) map[string]any {
	t.Helper()
	rawData := str(res, "rawData")
	var raw map[string]any
	if err := json.Unmarshal([]byte(rawData), &raw); err != nil {
		t.Errorf("%s: rawData is not JSON: %v (%q)", what, err, rawData)
	} else if ui := obj(res, "userInfo"); !reflect.DeepEqual(raw, ui) {
		t.Errorf("%s: rawData %s does not match userInfo %v", what, rawData, ui)
	}
	if got, want := str(res, "signature"), sha1Hex(rawData+sessionKey); got != want {
		t.Errorf("%s: signature = %q, want hex(sha1(rawData + session_key)) = %q", what, got, want)
	}
	for _, k := range []string{"encryptedData", "iv", "cloudID"} {
		if str(res, k) == "" {
			t.Errorf("%s: %s missing or empty: %v", what, k, res)
		}
	}
	plain, err := decryptOpenData(sessionKey, str(res, "encryptedData"), str(res, "iv"))
	if err != nil {
		t.Fatalf("%s: decrypting encryptedData with session_key: %v", what, err)
	}
	wm := obj(plain, "watermark")
	if got := str(wm, "appid"); got != appid {
		t.Errorf("%s: watermark.appid = %q, want %q (plaintext %v)", what, got, appid, plain)
	}
	ts, _ := wm["timestamp"].(float64)
	if d := time.Since(time.Unix(int64(ts), 0)); d < -time.Minute || d > 10*time.Minute {
		t.Errorf("%s: watermark.timestamp %v is not recent (now %d)", what, wm["timestamp"], time.Now().Unix())
	}
	ui := obj(res, "userInfo")
	for _, k := range []string{"nickName", "avatarUrl"} {
		if plain[k] != ui[k] {
			t.Errorf("%s: plaintext %s = %v, userInfo has %v", what, k, plain[k], ui[k])
		}
	}
	return plain
}

// checkBackend plays the developer's backend after the page ran login, getUserInfo (with
// credentials), getUserProfile and startSoterAuthentication in one session.
func checkBackend(t *testing.T, h *Host, code string, userInfo, profile, soter map[string]any) {
	if code == "" {
		t.Fatal("no login code from the page")
	}
	sess := h.Code2Session(code)
	openid, sessionKey, unionid := str(sess, "openid"), str(sess, "session_key"), str(sess, "unionid")
	if openid == "" || sessionKey == "" {
		t.Fatalf("jscode2session: want openid and session_key, got %v", sess)
	}
	if _, has := sess["errcode"]; has && sess["errcode"] != float64(0) {
		t.Errorf("jscode2session: unexpected errcode in %v", sess)
	}
	if unionid == "" {
		t.Errorf("jscode2session: unionid missing: %v", sess)
	}

	plain := checkUserCredentials(t, "getUserInfo", userInfo, sessionKey, DemoAppID)
	if got := str(plain, "openId"); got != openid {
		t.Errorf("getUserInfo plaintext openId = %q, jscode2session openid = %q", got, openid)
	}
	if got := str(plain, "unionId"); got != unionid {
		t.Errorf("getUserInfo plaintext unionId = %q, jscode2session unionid = %q", got, unionid)
	}

	if profile != nil {
		pp := checkUserCredentials(t, "getUserProfile", profile, sessionKey, DemoAppID)
		for _, k := range []string{"openId", "unionId"} {
			if _, has := pp[k]; has {
				t.Errorf("getUserProfile plaintext must not carry %s: %v", k, pp)
			}
		}
	}

	// A code works once.
	wantErrcode(t, "jscode2session with a used code", h.Code2Session(code), 40163)
	wantErrcode(t, "jscode2session with an unknown code", h.Code2Session("not-a-code"), 40029)
	_, bad := h.Get("/sns/jscode2session", url.Values{
		"appid": {DemoAppID}, "secret": {"00000000000000000000000000000000"}, "js_code": {"x"}, "grant_type": {"authorization_code"},
	})
	if c, _ := bad["errcode"].(float64); c != 40125 && c != 40001 {
		t.Errorf("jscode2session with a wrong secret: errcode %v, want 40125 or 40001 (%v)", bad["errcode"], bad)
	}

	// checksession: signature = hex(hmac_sha256(key = session_key, message = "")).
	token := h.AccessToken()
	mac := hmac.New(sha256.New, []byte(sessionKey))
	_, cs := h.Get("/wxa/checksession", url.Values{
		"access_token": {token}, "signature": {hex.EncodeToString(mac.Sum(nil))}, "openid": {openid}, "sig_method": {"hmac_sha256"},
	})
	wantErrcode(t, "wxa/checksession with the right signature", cs, 0)
	_, cs = h.Get("/wxa/checksession", url.Values{
		"access_token": {token}, "signature": {sha1Hex("wrong")}, "openid": {openid}, "sig_method": {"hmac_sha256"},
	})
	wantErrcode(t, "wxa/checksession with a wrong signature", cs, 87009)

	// SOTER: the backend verifies resultJSON as received; a re-serialized copy must not verify.
	if soter != nil {
		resultJSON, sig := str(soter, "resultJSON"), str(soter, "resultJSONSignature")
		status, v := h.postJSON("/cgi-bin/soter/verify_signature?access_token="+url.QueryEscape(token),
			map[string]string{"openid": openid, "json_string": resultJSON, "json_signature": sig})
		if status != 200 || v["is_ok"] != true {
			t.Errorf("soter verify_signature of the page's resultJSON: HTTP %d %v, want is_ok true", status, v)
		}
		var parsed map[string]any
		json.Unmarshal([]byte(resultJSON), &parsed)
		parsed["raw"] = str(parsed, "raw") + "-tampered"
		tampered, _ := json.Marshal(parsed)
		_, v = h.postJSON("/cgi-bin/soter/verify_signature?access_token="+url.QueryEscape(token),
			map[string]string{"openid": openid, "json_string": string(tampered), "json_signature": sig})
		if v["is_ok"] != false {
			t.Errorf("soter verify_signature of a tampered resultJSON: %v, want is_ok false", v)
		}
	}
}
