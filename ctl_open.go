package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/wxacode"
)

// open is `ctl open --scan FILE`: it reads a mini program code as a phone's
// scanner does and opens the app's page with scene 1047 and query.scene.
func (k *ctl) open(ctx context.Context) error {
	if err := k.want("open", 0, 0, "no arguments (the code is --scan FILE)"); err != nil {
		return err
	}
	if k.f.scan == "" {
		return errors.New("ctl open: want --scan FILE, a mini program code image (from /wxa/getwxacodeunlimit)")
	}
	st, err := os.Stat(k.f.scan)
	if err != nil {
		return fmt.Errorf("--scan: %w", err)
	}
	if !st.Mode().IsRegular() || st.Size() > wxacode.MaxImageBytes {
		return fmt.Errorf("--scan %s: want an image file of at most %d bytes", k.f.scan, wxacode.MaxImageBytes)
	}
	img, err := os.ReadFile(k.f.scan)
	if err != nil {
		return fmt.Errorf("--scan: %w", err)
	}
	text, err := wxacode.Decode(img)
	if err != nil {
		return fmt.Errorf("--scan %s: %w", k.f.scan, err)
	}
	code, err := app.ParseWXACode(text)
	if err != nil {
		return fmt.Errorf("--scan %s: %w", k.f.scan, err)
	}
	a, err := k.c.App(ctx, code.AppID)
	if err != nil {
		return fmt.Errorf("the code is for app %s: %w", code.AppID, err)
	}
	u := code.LaunchURL(a.URL)
	opened := false
	if !k.f.printOnly && hasDisplay() {
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
	if k.f.json {
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

func printMessages(ms []app.Message) func(*tabwriter.Writer) {
	return func(w *tabwriter.Writer) {
		fmt.Fprintln(w, "ID\tTIME\tPERSONA\tAPP\tTITLE\tFIELDS\tPAGE")
		for _, m := range ms {
			var fields []string
			for _, f := range m.Fields {
				fields = append(fields, f.Label+": "+f.Value)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Time.Local().Format("01-02 15:04:05"), m.Persona,
				cmp.Or(m.AppName, m.AppID), m.Title, strings.Join(fields, "; "), cmp.Or(m.Page, "-"))
		}
	}
}
