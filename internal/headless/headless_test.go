package headless

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNewWindowHasNoAddressBarPopup opens a target in a new browser context
// (a new window, as every cold load of the bench) and watches Chromium's
// processes for a while: none may be the address bar's WebUI renderer
// (--top-chrome-webui), which Options turns off. Without those flags
// Chromium 156 starts one for every new window.
func TestNewWindowHasNoAddressBarPopup(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads Chromium's processes from /proc")
	}
	chromium := os.Getenv("MINIHOST_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil || testing.Short() {
		t.Skip("no Chromium at", chromium)
	}
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, Options(chromium, profile)...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("a tab in a new browser context: %v", err)
	}
	// the popup's renderer, where it is loaded, is up within a second of
	// the window; watch for three
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if pid, ok := topChromeRenderer(profile); ok {
			t.Fatalf("process %s is a top-chrome WebUI renderer (the address bar's popup) of this browser", pid)
		}
	}
}

// topChromeRenderer finds a process of the browser using profile that runs
// a top-chrome WebUI.
func topChromeRenderer(profile string) (string, bool) {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		cmd, err := os.ReadFile(p)
		if err != nil {
			continue // gone
		}
		if bytes.Contains(cmd, []byte(profile)) && bytes.Contains(cmd, []byte("--top-chrome-webui")) {
			return filepath.Base(filepath.Dir(p)), true
		}
	}
	return "", false
}
