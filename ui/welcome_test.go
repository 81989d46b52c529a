package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

// openWindow starts another main window on tw's host, as a new start of
// minihost with dataDir would.
func openWindow(t *testing.T, tw *testWindow, dataDir string) *mainWindow {
	t.Helper()
	var mw *mainWindow
	var err error
	tw.th.run(func() {
		mw, err = newMainWindow(tw.ctx, tw.u, tw.host, Info{
			BaseURL: "http://127.0.0.1:7878", AppID: demoID, DataDir: dataDir,
			Build: Build{Version: "0.1.0", Number: "1"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return mw
}

func welcomeShown(tw *testWindow, mw *mainWindow) bool {
	var shown bool
	tw.th.run(func() { shown = hasText(mw.win.Content(), "Welcome to minihost") })
	return shown
}

func TestWelcomeShownOnceForANewDataDir(t *testing.T) {
	tests := []struct {
		name  string
		leave func(t *testing.T, tw *testWindow, mw *mainWindow) // how the first start ends with the welcome
	}{
		{"dismissed with Got it", func(t *testing.T, tw *testWindow, mw *mainWindow) {
			tap(tw.th, button(t, mw.win.Content(), "Got it"))
			if welcomeShown(tw, mw) {
				t.Error("the welcome is still shown after Got it")
			}
		}},
		{"window closed without dismissing it", func(t *testing.T, tw *testWindow, mw *mainWindow) {
			tw.th.run(mw.quit)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tw := newTestWindow(t)
			dataDir := t.TempDir()

			first := openWindow(t, tw, dataDir)
			if !welcomeShown(tw, first) {
				t.Fatalf("no welcome on the first start with a new data dir; the window shows %q", texts(first.win.Content()))
			}
			// It explains personas (the host's own), the demo, and names
			// the active authenticator once it has answered.
			tw.th.run(func() {
				c := first.win.Content()
				for _, want := range []string{"Personas: ", "(Alice, Bob, 小明)", "Try it: minihost demo is loaded", "Shown once for the data dir " + dataDir} {
					if !containsText(c, want) {
						t.Errorf("the welcome lacks %q; it shows %q", want, texts(c))
					}
				}
			})
			eventually(t, tw.th, "the welcome naming the simulated reader", func() bool {
				return containsText(first.win.Content(), "answered by the simulated reader")
			})
			if _, err := os.Stat(filepath.Join(dataDir, welcomeMarker)); err == nil {
				t.Fatal("the welcome was recorded as seen before the person did anything")
			}

			tt.leave(t, tw, first)
			b, err := os.ReadFile(filepath.Join(dataDir, welcomeMarker))
			if err != nil {
				t.Fatalf("welcome not recorded as seen: %v", err)
			}
			if got := string(b); got != "minihost 0.1.0\n" {
				t.Errorf("marker holds %q, want the version that showed it", got)
			}

			second := openWindow(t, tw, dataDir)
			if welcomeShown(tw, second) {
				t.Error("the welcome is shown again on the second start")
			}
		})
	}
}

func TestWelcomeNotShownWithoutDataDir(t *testing.T) {
	tw := newTestWindow(t)
	if mw := openWindow(t, tw, ""); welcomeShown(tw, mw) {
		t.Error("welcome shown with no data dir to remember it in")
	}
}

func TestBiometricsWelcome(t *testing.T) {
	tests := []struct {
		name string
		bi   app.BiometricInfo
		err  error
		want string
	}{
		{"not answered yet", app.BiometricInfo{}, nil, "asking the authenticator"},
		{"simulated", app.BiometricInfo{Name: "simulated"}, nil, "answered by the simulated reader"},
		{"fprintd", app.BiometricInfo{Name: "fprintd"}, nil, "answered by fprintd, with this computer's fingerprint reader"},
		{"touchid", app.BiometricInfo{Name: "touchid"}, nil, "answered by Touch ID on this Mac"},
		{"another backend", app.BiometricInfo{Name: "hsm"}, nil, "answered by hsm."},
		{"failed", app.BiometricInfo{}, errors.New("no reader"), "could not be asked (no reader)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := biometricsWelcome(tt.bi, tt.err); !strings.Contains(got, tt.want) {
				t.Errorf("biometricsWelcome = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}
