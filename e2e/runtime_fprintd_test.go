//go:build linux

package e2e

// The WXML demo's SOTER page against the real fprintd (libfprint's virtual
// reader on a private system bus): taps are real mouse events in Chromium,
// prints are put on the reader while the page waits.

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/biometrics/fprinttest"
)

func TestWXMLSoterFprintd(t *testing.T) {
	d := fprinttest.StartT(t)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", d.BusAddress())
	h := startProject(t, filepath.Join(repoRoot(t), demoWXMLDir), "--prompt-policy", "allow", "--biometrics", "fprintd")
	if out := h.Output(); !strings.Contains(out, "minihost: biometrics fprintd (Virtual device for debugging") {
		t.Fatalf("minihost did not pick the virtual fprintd reader:\n%s", out)
	}
	w := watchFprintd(t, d.BusAddress())
	p := newMPTab(t, 2*time.Minute)
	p.open(t, launchURL(t, h.app().URL, "pages/soter/soter", ""))

	p.tap(t, "btn-checkIsSoterEnrolledInDevice")
	if res := p.jsonOf(t, "out-checkIsSoterEnrolledInDevice"); errMsg(res) != "checkIsSoterEnrolledInDevice:ok" || res["isEnrolled"] != false {
		t.Fatalf("checkIsSoterEnrolledInDevice with nothing enrolled in fprintd = %v, want isEnrolled false", res)
	}
	if err := d.Enroll(t.Context(), enrolledFinger, enrolledPrint); err != nil {
		t.Fatalf("enroll %s through fprintd: %v", enrolledFinger, err)
	}
	p.tap(t, "btn-checkIsSoterEnrolledInDevice")
	p.waitTextContains(t, "out-checkIsSoterEnrolledInDevice", `"isEnrolled": true`)

	const challenge = "wxml-fprintd-challenge"
	p.typeInto(t, "challenge", challenge)
	w.drain()
	p.tap(t, "btn-startSoterAuthentication")
	w.waitVerifyStarted(10 * time.Second)
	if err := d.Scan(enrolledPrint); err != nil {
		t.Fatalf("SCAN %s: %v", enrolledPrint, err)
	}
	res := p.jsonOf(t, "out-startSoterAuthentication")
	if errMsg(res) != "startSoterAuthentication:ok" || res["authMode"] != "fingerPrint" {
		t.Fatalf("startSoterAuthentication after the enrolled print = %v, want ok with fingerPrint", res)
	}
	if rj, _ := res["resultJSON"].(string); !strings.Contains(rj, challenge) {
		t.Errorf("resultJSON %q does not carry the challenge typed into the page", rj)
	}
}
