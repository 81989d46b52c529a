// Package headless holds the one set of flags the tests and the bench start
// headless Chromium with, so a test's browser and the bench's are the same.
package headless

import "github.com/chromedp/chromedp"

// Options are chromedp's defaults plus what works on a CI machine: headless,
// no sandbox (tests run as root), no GPU, and none of the browser's own
// network traffic (QUIC, background fetches, component updates, sync), with
// the executable at execPath and its profile in profile (a folder the caller
// owns). Callers append more (a window size).
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
		chromedp.UserDataDir(profile),
	)
}
