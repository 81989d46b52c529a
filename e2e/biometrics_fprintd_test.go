//go:build linux

package e2e

// SOTER with the real fprintd: fprinttest runs fprintd with libfprint's
// virtual reader on a private system bus (with its polkit stand-in), minihost
// runs with --biometrics fprintd on that bus, and the HTML demo's page
// (e2e/testdata/miniprograms/html-demo) in headless Chromium calls the SOTER
// APIs while the test puts prints on the reader. TestWXMLRuntime runs the WXML
// demo's SOTER page against the simulated reader.

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/minihost/minihost/biometrics/fprinttest"
)

const (
	enrolledFinger = "right-index-finger"
	enrolledPrint  = "e2e-print-enrolled" // what the virtual reader matches
	unknownPrint   = "e2e-print-stranger"
)

func TestBiometricsFprintd(t *testing.T) {
	d := fprinttest.StartT(t)
	// minihost (and only the processes this test starts) find fprintd on
	// the private bus; the harness passes the environment on.
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", d.BusAddress())
	h := StartHost(t, "allow", "--biometrics", "fprintd", fixtureDir(t, "html-demo"))
	line := startupLine(t, h, "minihost: biometrics ")
	if !strings.HasPrefix(line, "minihost: biometrics fprintd (Virtual device for debugging; modes [fingerPrint])") {
		t.Errorf("startup line %q, want biometrics fprintd with the virtual reader", line)
	}
	w := watchFprintd(t, d.BusAddress())
	p := newPage(t, 120*time.Second)
	p.do("open the HTML demo", chromedp.Navigate(h.Demo.URL), chromedp.WaitVisible(chromedp.ID("btn-startSoterAuthentication")))

	t.Run("nothing enrolled", func(t *testing.T) {
		defer p.use(t)()
		enrolled := p.clickAPI("checkIsSoterEnrolledInDevice")
		wantErrMsg(t, "checkIsSoterEnrolledInDevice", enrolled, "checkIsSoterEnrolledInDevice:ok")
		if enrolled["isEnrolled"] != false {
			t.Errorf("isEnrolled = %v with no finger enrolled in fprintd, want false", enrolled["isEnrolled"])
		}
		res := p.clickAPI("startSoterAuthentication")
		wantSoterFail(t, res, 90011)
	})

	if err := d.Enroll(t.Context(), enrolledFinger, enrolledPrint); err != nil {
		t.Fatalf("enroll %s through fprintd: %v", enrolledFinger, err)
	}

	t.Run("enrolled", func(t *testing.T) {
		defer p.use(t)()
		enrolled := p.clickAPI("checkIsSoterEnrolledInDevice")
		if errMsg(enrolled) != "checkIsSoterEnrolledInDevice:ok" || enrolled["isEnrolled"] != true {
			t.Errorf("checkIsSoterEnrolledInDevice after fprintd enrolled %s = %v, want isEnrolled true", enrolledFinger, enrolled)
		}
		support := p.clickAPI("checkIsSupportSoterAuthentication")
		modes, _ := support["supportMode"].([]any)
		if errMsg(support) != "checkIsSupportSoterAuthentication:ok" || !slices.Equal(modes, []any{"fingerPrint"}) {
			t.Errorf("checkIsSupportSoterAuthentication = %v, want supportMode [fingerPrint]", support)
		}
	})

	var soter map[string]any
	const challenge = "e2e-fprintd-challenge-42"
	t.Run("enrolled finger matches", func(t *testing.T) {
		defer p.use(t)()
		p.setValue("challenge", challenge)
		var took time.Duration
		soter, took = soterWithScans(t, p, w, d, enrolledPrint)
		t.Logf("SCAN of the enrolled print → page result in %v", took)
		checkSoterResult(t, soter, challenge)
		var rj map[string]any
		json.Unmarshal([]byte(str(soter, "resultJSON")), &rj)
		if fp := str(rj, "fp_n"); !strings.Contains(fp, "fprintd") {
			t.Errorf("resultJSON.fp_n = %q, want it to name fprintd", fp)
		}
		if fid := str(rj, "fid"); fid != enrolledFinger && fid != "0" {
			t.Errorf("resultJSON.fid = %q, want %s (or 0 when fprintd does not say)", fid, enrolledFinger)
		}
		t.Logf("resultJSON %s", soter["resultJSON"])
	})

	t.Run("backend verifies the signature", func(t *testing.T) {
		defer p.use(t)()
		defer h.use(t)()
		if errMsg(soter) != "startSoterAuthentication:ok" {
			t.Skip("no SOTER success to verify")
		}
		login := p.clickAPI("login")
		sess := h.Code2Session(str(login, "code"))
		openid := str(sess, "openid")
		if openid == "" {
			t.Fatalf("jscode2session: %v", sess)
		}
		verifySoter(t, h, h.AccessToken(), openid, soter)
	})

	t.Run("unknown finger", func(t *testing.T) {
		defer p.use(t)()
		p.setValue("challenge", "e2e-unknown-finger")
		res, took := soterWithScans(t, p, w, d, unknownPrint, unknownPrint, unknownPrint)
		t.Logf("third SCAN of an unknown print → page result in %v", took)
		wantSoterFail(t, res, 90009)
		if state := p.evalString("document.getElementById('out-startSoterAuthentication').dataset.state"); state != "fail" {
			t.Errorf("the page shows the result as %q, want fail", state)
		}
	})

	t.Run("caller timeout releases the reader", func(t *testing.T) {
		defer p.use(t)()
		defer h.use(t)()
		w.drain()
		start := time.Now()
		res := p.evalObject(`wx.startSoterAuthentication({requestAuthModes: ['fingerPrint'], challenge: 'e2e-timeout', timeout: 1500}).then(r => r, e => e)`)
		if got := errMsg(res); got != "startSoterAuthentication:fail timeout" {
			t.Errorf("errMsg = %q, want startSoterAuthentication:fail timeout (result %v)", got, res)
		}
		if took := time.Since(start); took < 1400*time.Millisecond || took > 5*time.Second {
			t.Errorf("the call with timeout 1500 ended after %v", took)
		}
		// The verification was really running when the caller gave up.
		w.waitVerifyStarted(time.Second)
		busy := w.claimWhenFree(5 * time.Second)
		t.Logf("fprintd let another client claim the reader %v after the caller gave up", busy)
		// The host saw the caller leave: its call log has the spec's 90007.
		if rec := soterCall(t, h, "e2e-timeout"); rec == nil {
			t.Error("the call log has no startSoterAuthentication with challenge e2e-timeout")
		} else if res := obj(rec, "result"); res["errCode"] != float64(90007) {
			t.Errorf("the host answered the abandoned call with %v, want errCode 90007 (record %v)", rec["result"], rec)
		} else {
			t.Logf("host's answer to the abandoned call: %s", errMsg(res))
		}
		if strings.Contains(h.Output(), "fprintd cleanup failed") {
			t.Errorf("minihost logged a failed fprintd cleanup:\n%s", h.Output())
		}

		// And minihost itself can use it again.
		p.setValue("challenge", "e2e-after-timeout")
		res, _ = soterWithScans(t, p, w, d, enrolledPrint)
		checkSoterResult(t, res, "e2e-after-timeout")
	})

	t.Run("cancel releases the reader", func(t *testing.T) {
		// A person cancels in the SOTER dialog; headless, the control API
		// answers the same pending prompt with cancel. The reader runs
		// meanwhile, as it does behind the dialog.
		defer p.use(t)()
		defer h.use(t)()
		if status, res := h.control("PUT", "/_minihost/policies/startSoterAuthentication", map[string]string{"policy": "ask"}); status != 200 {
			t.Fatalf("set the SOTER policy to ask: HTTP %d %v", status, res)
		}
		defer h.control("PUT", "/_minihost/policies/startSoterAuthentication", map[string]string{"policy": "allow"})
		out := "document.getElementById('out-startSoterAuthentication')"
		p.eval(out + ".textContent = ''")
		w.drain()
		p.do("click startSoterAuthentication", chromedp.Click(chromedp.ID("btn-startSoterAuthentication")))
		w.waitVerifyStarted(10 * time.Second)
		status, prompt := h.control("GET", "/_minihost/prompts/next?"+url.Values{"timeout": {"5s"}}.Encode(), nil)
		if status != 200 || str(prompt, "kind") != "soter" {
			t.Fatalf("pending SOTER prompt: HTTP %d %v", status, prompt)
		}
		id, _ := prompt["id"].(float64)
		if status, res := h.control("POST", "/_minihost/prompts/"+strconv.FormatUint(uint64(id), 10)+"/answer", map[string]string{"answer": "cancel"}); status != 200 {
			t.Fatalf("cancel the prompt: HTTP %d %v", status, res)
		}
		p.waitFor("#out-startSoterAuthentication", out+".textContent !== ''", 10*time.Second)
		wantSoterFail(t, p.output("startSoterAuthentication"), 90008)
		busy := w.claimWhenFree(5 * time.Second)
		t.Logf("fprintd let another client claim the reader %v after the cancel", busy)
	})

	t.Run("reader in use by another program", func(t *testing.T) {
		defer p.use(t)()
		w.claim()
		res := p.clickAPI("startSoterAuthentication")
		w.release()
		wantSoterFail(t, res, 90007)
		if !strings.Contains(errMsg(res), "in use by another program") {
			t.Errorf("errMsg %q should say the reader is in use", errMsg(res))
		}
	})

	// Last: it ends fprintd.
	t.Run("fprintd dies mid-verification", func(t *testing.T) {
		defer p.use(t)()
		p.eval("document.getElementById('out-startSoterAuthentication').textContent = ''")
		w.drain()
		p.do("click startSoterAuthentication", chromedp.Click(chromedp.ID("btn-startSoterAuthentication")))
		w.waitVerifyStarted(10 * time.Second)
		start := time.Now()
		if err := d.KillFprintd(); err != nil {
			t.Fatal(err)
		}
		p.waitFor("#out-startSoterAuthentication", "document.getElementById('out-startSoterAuthentication').textContent !== ''", 10*time.Second)
		res := p.output("startSoterAuthentication")
		wantSoterFail(t, res, 90007)
		t.Logf("fprintd SIGKILLed → page shows %q after %v", errMsg(res), time.Since(start))
	})

	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.exceptions) > 0 {
		t.Errorf("uncaught exceptions in the page:\n%s", strings.Join(p.exceptions, "\n"))
	}
}

// soterWithScans clicks startSoterAuthentication and puts each print on the
// reader once minihost's verification for it has started (each no-match
// starts a new one), then returns the page's result and the time from the
// last SCAN to the result appearing in the page.
func soterWithScans(t *testing.T, p *page, w *fprintWatch, d *fprinttest.Daemon, prints ...string) (map[string]any, time.Duration) {
	t.Helper()
	// The page stamps the moment its output is filled, so the latency is
	// not rounded up to the test's polling.
	p.eval(`(() => {
		const o = document.getElementById('out-startSoterAuthentication');
		o.textContent = '';
		window.__soterShownAt = 0;
		new MutationObserver((_, obs) => {
			if (o.textContent !== '') { window.__soterShownAt = Date.now(); obs.disconnect(); }
		}).observe(o, {childList: true, characterData: true, subtree: true});
		return true;
	})()`)
	w.drain()
	p.do("click startSoterAuthentication", chromedp.Click(chromedp.ID("btn-startSoterAuthentication")))
	var scannedAt time.Time
	for _, print := range prints {
		w.waitVerifyStarted(10 * time.Second)
		scannedAt = time.Now()
		if err := d.Scan(print); err != nil {
			t.Fatalf("SCAN %s: %v", print, err)
		}
	}
	p.waitFor("#out-startSoterAuthentication", "window.__soterShownAt > 0", 10*time.Second)
	var shownAt int64
	if err := json.Unmarshal(p.eval("window.__soterShownAt"), &shownAt); err != nil {
		t.Fatal(err)
	}
	return p.output("startSoterAuthentication"), time.UnixMilli(shownAt).Sub(scannedAt)
}

// wantSoterFail checks a SOTER failure with errCode code and the fields a
// failure still carries.
func wantSoterFail(t *testing.T, res map[string]any, code float64) {
	t.Helper()
	if !strings.HasPrefix(errMsg(res), "startSoterAuthentication:fail") || res["errCode"] != code {
		t.Errorf("startSoterAuthentication = %v, want a fail with errCode %v", res, code)
	}
	for _, k := range []string{"authMode", "resultJSON", "resultJSONSignature"} {
		if _, ok := res[k]; !ok {
			t.Errorf("the failure lacks %s: %v", k, res)
		}
	}
}

// verifySoter has the backend verify a SOTER result as received (is_ok
// true) and with its challenge changed (is_ok false).
func verifySoter(t *testing.T, h *Host, token, openid string, soter map[string]any) {
	t.Helper()
	resultJSON, sig := str(soter, "resultJSON"), str(soter, "resultJSONSignature")
	path := "/cgi-bin/soter/verify_signature?access_token=" + url.QueryEscape(token)
	status, v := h.postJSON(path, map[string]string{"openid": openid, "json_string": resultJSON, "json_signature": sig})
	if status != 200 || v["is_ok"] != true {
		t.Errorf("verify_signature of the page's resultJSON: HTTP %d %v, want is_ok true", status, v)
	}
	tampered := strings.Replace(resultJSON, `"raw":"`, `"raw":"tampered-`, 1)
	if tampered == resultJSON {
		t.Fatalf("resultJSON has no raw field to tamper with: %s", resultJSON)
	}
	status, v = h.postJSON(path, map[string]string{"openid": openid, "json_string": tampered, "json_signature": sig})
	if status != 200 || v["is_ok"] != false {
		t.Errorf("verify_signature of a tampered resultJSON: HTTP %d %v, want is_ok false", status, v)
	}
}

// soterCall finds the startSoterAuthentication with challenge in the host's
// call log, waiting (bounded) for it: the record is written when the call
// ends on the host, which may be after the caller left.
func soterCall(t *testing.T, h *Host, challenge string) map[string]any {
	t.Helper()
	end := time.Now().Add(5 * time.Second)
	for {
		status, res := h.control("GET", "/_minihost/calls?api=startSoterAuthentication", nil)
		if status != 200 {
			t.Fatalf("GET /_minihost/calls: HTTP %d %v", status, res)
		}
		calls, _ := res["calls"].([]any)
		for _, c := range calls {
			rec, _ := c.(map[string]any)
			if str(obj(rec, "args"), "challenge") == challenge {
				return rec
			}
		}
		if time.Now().After(end) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}
