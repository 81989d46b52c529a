package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/wxacode"
)

// ctl open --scan FILE reads a mini program code as a phone's scanner does
// and opens the app's page with scene 1047 and query.scene.
var ctlOpen = ctlCommand{
	name: "open",
	usage: `  open --scan FILE                        read a mini program code (PNG/JPEG from getwxacodeunlimit) and open
                                          its page with scene 1047 in the browser (prints the URL; --print: only that)
`,
	verbs: []ctlVerb{{bind: func(fs *flag.FlagSet) ctlRunFunc {
		var a openArgs
		fs.StringVar(&a.scan, "scan", "", "open: a mini program code image to read")
		fs.BoolVar(&a.printOnly, "print", false, "open: print the URL, do not open a browser")
		return a.run
	}}},
}

type openArgs struct {
	scan      string
	printOnly bool
}

func (a *openArgs) run(ctx context.Context, k *ctl) error {
	if err := k.want("open", 0, 0, "no arguments (the code is --scan FILE)"); err != nil {
		return err
	}
	if a.scan == "" {
		return errors.New("ctl open: want --scan FILE, a mini program code image (from /wxa/getwxacodeunlimit)")
	}
	st, err := os.Stat(a.scan)
	if err != nil {
		return fmt.Errorf("--scan: %w", err)
	}
	if !st.Mode().IsRegular() || st.Size() > wxacode.MaxImageBytes {
		return fmt.Errorf("--scan %s: want an image file of at most %d bytes", a.scan, wxacode.MaxImageBytes)
	}
	img, err := os.ReadFile(a.scan)
	if err != nil {
		return fmt.Errorf("--scan: %w", err)
	}
	text, err := wxacode.Decode(img)
	if err != nil {
		return fmt.Errorf("--scan %s: %w", a.scan, err)
	}
	code, err := app.ParseWXACode(text)
	if err != nil {
		return fmt.Errorf("--scan %s: %w", a.scan, err)
	}
	info, err := k.c.App(ctx, code.AppID)
	if err != nil {
		return fmt.Errorf("the code is for app %s: %w", code.AppID, err)
	}
	u := code.LaunchURL(info.URL)
	opened := false
	if !a.printOnly && hasDisplay() {
		browse := k.browse
		if browse == nil {
			browse = openBrowser
		}
		if err := browse(ctx, u); err != nil {
			fmt.Fprintf(k.stderr, "could not open a browser (%v); open the URL yourself\n", err)
		} else {
			opened = true
		}
	}
	out := map[string]any{"url": u, "appid": code.AppID, "page": code.Page, "scene": app.SceneScanCode,
		"query": map[string]string{"scene": code.Scene}, "envVersion": code.EnvVersion, "opened": opened}
	if k.g.json {
		return k.printJSON(out)
	}
	fmt.Fprintln(k.stdout, u)
	return nil
}

// hasDisplay reports whether a browser can be shown.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// openBrowser opens u with the desktop's handler for web links.
func openBrowser(ctx context.Context, u string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", u)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", u)
	}
	return cmd.Run()
}
