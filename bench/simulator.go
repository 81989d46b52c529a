package main

// The simulator's rows: minihost DIR to the first page drawn in the
// simulator, against the same Chromium opened in app mode on a static page
// by the same code (ui/simulator); and a save to the reloaded page running,
// against reloading the static page.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/minihost/minihost/hostapi"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/ui/simulator"
)

const benchMarker = "minihost-bench-loaded"

func simulatorRows(ctx context.Context, bin, dir string, runs int) ([]row, []string) {
	fail := func(err error) ([]row, []string) {
		return nil, []string{"simulator rows skipped: " + err.Error()}
	}
	browser, err := simulator.FindBrowser("")
	if err != nil {
		return fail(err)
	}
	project := filepath.Join(dir, "shop")
	if err := os.CopyFS(project, os.DirFS(filepath.Join("e2e", "testdata", "miniprograms", "shop"))); err != nil {
		return fail(err)
	}
	pageJS := filepath.Join(project, "miniprogram", "pages", "home", "home.js")
	if b, err := os.ReadFile(pageJS); err != nil {
		return fail(err)
	} else if err := os.WriteFile(pageJS, append(b, "\nconsole.log('"+benchMarker+"')\n"...), 0o644); err != nil {
		return fail(err)
	}

	// minihost DIR → "minihost: simulator" (printed once the page has drawn).
	// Every run listens on the same port, as minihost's default --addr
	// (127.0.0.1:7878) does from one start to the next: the app's origin,
	// and with it what the simulator's kept profile caches for it, stays.
	addr, err := freeAddr()
	if err != nil {
		return fail(err)
	}
	if os.Getenv("MINIHOST_BENCH_NEW_PORT") != "" { // each start on a new port (a new origin)
		addr = "127.0.0.1:0"
	}
	dataDir := filepath.Join(dir, "data")
	// startHost runs minihost until it prints that the page has drawn.
	startHost := func() (*exec.Cmd, time.Duration, error) {
		t0 := time.Now()
		cmd := exec.CommandContext(ctx, bin, "--headless", "--simulator", "on", "--addr", addr, "--data-dir", dataDir, project)
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			return nil, 0, err
		}
		sc := bufio.NewScanner(out)
		drawn := false
		for !drawn && sc.Scan() {
			drawn = strings.HasPrefix(sc.Text(), "minihost: simulator ")
		}
		took := time.Since(t0)
		go io.Copy(io.Discard, out)
		if !drawn {
			cmd.Process.Kill()
			cmd.Wait()
			return nil, 0, fmt.Errorf("minihost printed no simulator line")
		}
		return cmd, took, nil
	}

	// The baseline: the same Chromium, app mode, a static page.
	page := `<!doctype html><meta name=viewport content="width=device-width"><title>static</title><p>static page</p><script>console.log("` + benchMarker + `")</script>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-cache")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	loaded := make(chan struct{}, 16)
	// A profile kept from run to run, as minihost keeps its simulator's.
	opts := simulator.Options{Browser: browser, Headless: true, Logger: slog.New(slog.DiscardHandler), ProfileDir: filepath.Join(dir, "static-profile"),
		Console: func(c simulator.ConsoleMessage) {
			if c.Text == benchMarker {
				select { // never block the browser's event goroutine: each start loads the page once more
				case loaded <- struct{}{}:
				default:
				}
			}
		}}
	if os.Getuid() == 0 {
		opts.Flags = map[string]any{"no-sandbox": true}
	}
	// startBase opens the static page in a new Manager until it has loaded.
	startBase := func() (*simulator.Manager, time.Duration, error) {
		m := simulator.New(opts)
		t0 := time.Now()
		if err := m.Open(ctx, "static", "static", srv.URL+"/"); err != nil {
			return nil, 0, err
		}
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
			var ok bool
			if m.Eval(ctx, "static", `document.readyState === "complete" && document.body.children.length > 0`, &ok) == nil && ok {
				break
			}
		}
		return m, time.Since(t0), nil
	}

	// The baseline's starts and minihost's alternate, so that other work on
	// the machine weighs on both alike; the first of each is not counted
	// (it creates the data dir and the profiles).
	var mh, base []time.Duration
	var keep *exec.Cmd
	for i := 0; i < runs+1; i++ {
		m, took, err := startBase()
		if err != nil {
			return fail(err)
		}
		m.CloseAll() // not open while minihost starts
		if i > 0 {
			base = append(base, took)
		}
		cmd, took, err := startHost()
		if err != nil {
			return fail(err)
		}
		if i > 0 {
			mh = append(mh, took)
		}
		if i < runs {
			cmd.Process.Signal(os.Interrupt)
			cmd.Wait()
		} else {
			keep = cmd
		}
	}
	defer func() {
		keep.Process.Signal(os.Interrupt)
		keep.Wait()
	}()
	m, _, err := startBase() // for the reloads below
	if err != nil {
		return fail(err)
	}
	defer m.CloseAll()
	start := row{name: "simulator: minihost DIR to the first page drawn, median", value: ms(median(mh)), baseline: ms(median(base)),
		ratio: secs(median(mh)) / secs(median(base)), target: "≤ 1.5×"}
	start.met = verdict(start.ratio <= 1.5)

	// Reload: a save to the page's code running again, against a static reload.
	c, err := client.Connect(dataDir)
	if err != nil {
		return []row{start}, []string{"reload row skipped: " + err.Error()}
	}
	wxml := filepath.Join(project, "miniprogram", "pages", "home", "home.wxml")
	var rl, rb []time.Duration
	for i := 0; i < runs; i++ {
		d, err := reloadOnSave(ctx, c, wxml, i)
		if err != nil {
			return []row{start}, []string{"reload row skipped: " + err.Error()}
		}
		rl = append(rl, d)
		for len(loaded) > 0 {
			<-loaded
		}
		t0 := time.Now()
		if err := m.Reload(ctx, "static"); err != nil {
			return []row{start}, []string{"reload row skipped: " + err.Error()}
		}
		select {
		case <-loaded:
			rb = append(rb, time.Since(t0))
		case <-time.After(5 * time.Second):
			return []row{start}, []string{"reload row skipped: the static page did not reload"}
		}
	}
	reload := row{name: "simulator: save to the reloaded page running, median", value: ms(median(rl)), baseline: ms(median(rb)),
		ratio: secs(median(rl)) / secs(median(rb)), target: "< 1 s"}
	reload.met = verdict(median(rl) < time.Second)
	return []row{start, reload}, []string{"simulator baseline: the same Chromium opened/reloaded by ui/simulator on a static page"}
}

// freeAddr is a loopback address with a port free now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// reloadOnSave saves the .wxml and times until the page's marker log comes again.
func reloadOnSave(ctx context.Context, c *client.Client, wxml string, n int) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	got := make(chan time.Time, 1)
	opened := make(chan struct{})
	go c.StreamLogs(ctx, "", func(e hostapi.LogEntry) error {
		if e.Message == benchMarker {
			select {
			case got <- time.Now():
			default:
			}
		}
		return nil
	})
	go func() { time.Sleep(300 * time.Millisecond); close(opened) }() // let the stream open
	<-opened
	b, err := os.ReadFile(wxml)
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	if err := os.WriteFile(wxml, append(b, fmt.Sprintf("\n<text>save %d</text>\n", n)...), 0o644); err != nil {
		return 0, err
	}
	select {
	case t := <-got:
		return t.Sub(t0), nil
	case <-ctx.Done():
		return 0, fmt.Errorf("no reload within 10 s of a save")
	}
}
