package e2e

// The host's dialogs for real: minihost runs with its Fyne window on an Xvfb
// display, the demo's WXML pages in headless Chromium call the prompting APIs from real taps, and
// the test answers each dialog on the real X window with xdotool (pointer
// clicks and the Return key), then checks what the page got and what the
// window's Settings tab shows. Screenshots of the main window and of every
// dialog are saved to artifacts/screenshots/ (README.md shows copies from
// docs/screenshots/).

import (
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Window names (ui's titles: "<kind> · <app name>").
const (
	winMain      = "^minihost · minihost demo$"
	winAuthorize = "^Authorize · minihost demo$"
	winProfile   = "^User profile · minihost demo$"
	winSettings  = "^Settings · minihost demo$"
	winSoter     = "^SOTER · minihost demo$"
)

func TestGUIDialogs(t *testing.T) {
	requireGUITools(t)
	busesBefore := forkedBusDaemons()
	x := startXvfb(t)
	w := startWindowHost(t, x)
	h := w.h
	shots := filepath.Join(repoRoot(t), "artifacts", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	save := func(t *testing.T, name string, png []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", filepath.Join("artifacts", "screenshots", name))
	}

	// The window is up and painted: its Settings tab has the subscription
	// messages main switch on, so at least one switch shows.
	mainWin := x.waitWindow(winMain, 20*time.Second)
	_, img := x.waitImage(mainWin, "the Settings tab painted", 20*time.Second, func(img image.Image) bool { return len(switchesOn(img)) > 0 })
	switchesBefore := len(switchesOn(img))

	// The demo is a WXML mini program: its Permissions page is opened with the launch path, the
	// other groups by tapping their tab. Taps are real mouse clicks (a user gesture).
	p := newMPTab(t, 150*time.Second)
	p.open(t, launchURL(t, h.Demo.URL, "pages/auth/auth", ""))
	p.waitNonEmpty(t, "btn-authorize") // rendered: the page and its tab bar are ready

	// result waits for #out-<api> to show the call's JSON once the dialog is answered (the page
	// empties it when the tap starts the call).
	result := func(t *testing.T, api string) map[string]any {
		t.Helper()
		return p.jsonOf(t, "out-"+api)
	}
	// dialog waits for a dialog window and for its primary button to be painted where it stays.
	dialog := func(t *testing.T, pattern string) (string, []byte, image.Image) {
		t.Helper()
		id := x.waitWindow(pattern, 15*time.Second)
		png, img := x.waitSettled(id, "its primary button", 10*time.Second, func(img image.Image) bool { _, ok := primaryButton(img); return ok })
		return id, png, img
	}
	clickPrimary := func(t *testing.T, id string, img image.Image) {
		t.Helper()
		b, _ := primaryButton(img)
		x.click(id, b.center())
	}

	t.Run("authorize: Allow clicked on the real dialog", func(t *testing.T) {
		defer x.use(t)()
		// The picked scope chip has the class "on" (the runtime may add its scope classes beside it).
		if _, ok, err := poll(p, "((el) => el ? el.className : null)("+byID("scope-scope.userLocation")+")", waitLong, func(c *string) bool {
			return c != nil && slices.Contains(strings.Fields(*c), "on")
		}); !ok {
			t.Fatalf("scope.userLocation is not the picked scope chip (last error %v), want the demo's default scope.userLocation\n%s", err, p.diag())
		}
		p.tap(t, "btn-authorize")
		id, png, img := dialog(t, winAuthorize)
		save(t, "dialog-authorize.png", png)
		clickPrimary(t, id, img) // Allow
		wantErrMsg(t, "authorize after Allow", result(t, "authorize"), "authorize:ok")
		x.waitNoWindow(winAuthorize, 5*time.Second)

		// The host has it on...
		p.tap(t, "btn-getSetting")
		if auth := obj(result(t, "getSetting"), "authSetting"); auth["scope.userLocation"] != true {
			t.Errorf("getSetting.authSetting = %v, want scope.userLocation true", auth)
		}
		// ...and the window's Settings tab shows one more switch on: Your location.
		png, _ = x.waitImage(mainWin, "the location switch on in the Settings tab", 5*time.Second, func(img image.Image) bool {
			return len(switchesOn(img)) == switchesBefore+1
		})
		save(t, "main-window.png", png)
	})

	t.Run("getUserProfile: Return on the real dialog", func(t *testing.T) {
		defer x.use(t)()
		p.tapLabel(t, "User")
		p.tap(t, "btn-getUserProfile")
		id, png, _ := dialog(t, winProfile)
		save(t, "dialog-profile.png", png)
		x.key(id, "Return") // Enter allows
		res := result(t, "getUserProfile")
		wantErrMsg(t, "getUserProfile after Return", res, "getUserProfile:ok")
		if got := str(obj(res, "userInfo"), "nickName"); got != "Alice" {
			t.Errorf("getUserProfile.userInfo.nickName = %q, want Alice", got)
		}
		x.waitNoWindow(winProfile, 5*time.Second)
	})

	t.Run("openSetting: switch flipped on the real page", func(t *testing.T) {
		defer x.use(t)()
		p.tapLabel(t, "Permissions")
		p.tap(t, "btn-openSetting")
		id, png, img := dialog(t, winSettings)
		save(t, "dialog-settings.png", png)
		// Two switches on: Your location (top), Subscription messages.
		on := switchesOn(img)
		if len(on) != 2 {
			t.Fatalf("settings page shows %d switches on, want 2 (Your location, Subscription messages)", len(on))
		}
		x.click(id, on[0].center()) // Your location → off
		_, img = x.waitImage(id, "the location switch off", 5*time.Second, func(img image.Image) bool { return len(switchesOn(img)) == 1 })
		clickPrimary(t, id, img) // Done
		res := result(t, "openSetting")
		wantErrMsg(t, "openSetting after Done", res, "openSetting:ok")
		if auth := obj(res, "authSetting"); auth["scope.userLocation"] != false {
			t.Errorf("openSetting.authSetting = %v, want scope.userLocation false after switching it off", auth)
		}
		x.waitNoWindow(winSettings, 5*time.Second)
		x.waitImage(mainWin, "the location switch off in the Settings tab", 5*time.Second, func(img image.Image) bool {
			return len(switchesOn(img)) == switchesBefore
		})
	})

	t.Run("SOTER: Match on the real dialog", func(t *testing.T) {
		defer x.use(t)()
		p.tapLabel(t, "SOTER")
		p.tap(t, "btn-startSoterAuthentication")
		id, _, _ := dialog(t, winSoter)
		time.Sleep(300 * time.Millisecond) // let the reader's status line arrive before the screenshot
		png, img := x.capture(id)
		save(t, "dialog-soter.png", png)
		clickPrimary(t, id, img) // Match
		checkSoterResult(t, result(t, "startSoterAuthentication"), "demo-challenge-123")
		x.waitNoWindow(winSoter, 5*time.Second)
	})

	if ex := p.takeExceptions(); len(ex) > 0 {
		t.Errorf("uncaught exceptions in the demo's pages:\n%s", strings.Join(ex, "\n"))
	}

	// SIGINT closes the window and ends minihost cleanly.
	state, err := w.interrupt(15 * time.Second)
	if err != nil {
		t.Fatalf("after SIGINT: %v\n%s", err, h.Output())
	}
	if !state.Success() {
		t.Errorf("minihost exited with %v after SIGINT, want 0\n%s", state, h.Output())
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Errorf("minihost was killed by %v rather than shutting down", ws.Signal())
	}
	if ids := x.windows(winMain); len(ids) > 0 {
		t.Errorf("main window still there after minihost exited")
	}
	// CI has no session bus: minihost must not have had one autolaunched
	// (a dbus-daemon that outlives it).
	for pid := range forkedBusDaemons() {
		if !busesBefore[pid] {
			t.Errorf("a session bus daemon (pid %d) was started by dbus-launch during the test and is still running", pid)
		}
	}
	// The first-run welcome was on screen: ending by SIGINT counts as seen.
	if _, err := os.Stat(filepath.Join(h.DataDir, "welcome-seen")); err != nil {
		t.Errorf("welcome not recorded as seen after SIGINT: %v", err)
	}
}
