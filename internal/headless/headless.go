// Package headless holds the one set of flags the tests and the bench start
// headless Chromium with, so a test's browser and the bench's are the same.
package headless

import "github.com/chromedp/chromedp"

// Options are chromedp's defaults plus what works on a CI machine: headless,
// no sandbox (tests run as root), no GPU, none of the browser's own network
// traffic (QUIC, background fetches, component updates, sync) and no omnibox
// (below), with the executable at execPath and its profile in profile (a
// folder the caller owns). Callers append more (a window size).
//
// The omnibox: Chromium 156 draws the address bar's suggestions with a WebUI
// page, loaded in a renderer of its own for every new window. A target in a
// new browser context (every cold load of the bench, many tests) is a new
// window, so that renderer started beside the page and took 80–220 ms of CPU
// (one of a CI machine's two cores) during its load. The simulator's window
// is an app window, which has no omnibox and never loads it; with these
// features off, the tests' and the bench's windows do not either.
func Options(execPath, profile string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// chromedp's own two, then the omnibox's WebUI popups
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"),
		chromedp.UserDataDir(profile),
	)
}
