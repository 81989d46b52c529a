package simulator

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
)

// ErrNoBrowser is returned when no Chromium or Chrome is found.
var ErrNoBrowser = errors.New("no Chromium or Google Chrome found for the simulator")

// FindBrowser returns the browser to run: path when given, else the first
// Chromium/Chrome found on PATH or in the usual places of this OS.
func FindBrowser(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("--browser: %w", err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	var places []string
	switch runtime.GOOS {
	case "darwin":
		places = []string{
			"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
			"/Applications/Chromium.app/Contents/MacOS/Chromium",
		}
	case "linux":
		places = []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/snap/bin/chromium"}
	}
	for _, p := range places {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: %s", ErrNoBrowser, installHint())
}

func installHint() string {
	switch runtime.GOOS {
	case "darwin":
		return "install Google Chrome (https://www.google.com/chrome/) or `brew install --cask chromium`, or pass --browser PATH; \"Open in browser\" still works"
	case "linux":
		return "install it (Debian/Ubuntu: `sudo apt install chromium`), or pass --browser PATH; \"Open in browser\" still works"
	}
	return "install Google Chrome or Chromium, or pass --browser PATH; \"Open in browser\" still works"
}
