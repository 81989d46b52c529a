package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/assets"
	"github.com/minihost/minihost/biometrics/fprintd"
	"github.com/minihost/minihost/biometrics/fprinttest"
	"github.com/minihost/minihost/hostapi"
)

// soterOverhead measures what minihost adds to a fingerprint verification:
// for each run, the time from fprintd emitting VerifyStatus "verify-match"
// (seen by a separate bus monitor) to the startSoterAuthentication answer
// reaching the caller. fprintd's own time from the SCAN to its signal is
// reported beside it as the baseline.
func soterOverhead(ctx context.Context, dir string, runs int) (overhead, fprintdTime time.Duration, err error) {
	fdir := filepath.Join(dir, "fprint")
	if err := os.MkdirAll(fdir, 0o700); err != nil {
		return 0, 0, err
	}
	d, err := fprinttest.Start(ctx, fdir)
	if err != nil {
		return 0, 0, err
	}
	defer d.Stop()
	if err := d.Enroll(ctx, "right-index-finger", "finger-a"); err != nil {
		return 0, 0, fmt.Errorf("enroll: %w", err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	auth, err := fprintd.Dial(ctx, d.BusAddress(), quiet)
	if err != nil {
		return 0, 0, err
	}
	defer auth.Close()

	db, err := boltstore.Open(filepath.Join(dir, "soter-host"), time.Second)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	h, err := app.New(ctx, app.Options{Store: db, Keys: db.Keys(), Prompter: app.PolicyPrompter{Allow: true}, Auth: auth, Logger: quiet})
	if err != nil {
		return 0, 0, err
	}
	defer h.Close()
	mp, err := app.LoadMiniProgram(assets.Demo())
	if err != nil {
		return 0, 0, err
	}
	if err := h.Load(ctx, mp); err != nil {
		return 0, 0, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	srv := hostapi.New(h, hostapi.Options{Logger: quiet}).HTTPServer()
	go srv.Serve(ln)
	defer srv.Close()
	a, _ := h.App(demoAppID)
	url := "http://" + ln.Addr().String() + "/wx/" + demoAppID + "/startSoterAuthentication"

	// The monitor: our own connection to fprintd's bus, watching its signal.
	mon, err := dbus.Dial(d.BusAddress())
	if err != nil {
		return 0, 0, err
	}
	defer mon.Close()
	if err := mon.Auth(nil); err != nil {
		return 0, 0, err
	}
	if err := mon.Hello(); err != nil {
		return 0, 0, err
	}
	if err := mon.AddMatchSignal(dbus.WithMatchInterface("net.reactivated.Fprint.Device"), dbus.WithMatchMember("VerifyStatus")); err != nil {
		return 0, 0, err
	}
	sigs := make(chan *dbus.Signal, 16)
	mon.Signal(sigs)

	var over, own []time.Duration
	for i := 0; i < runs; i++ {
		done := make(chan time.Time, 1)
		errc := make(chan error, 1)
		go func() {
			_, err := post(http.DefaultClient, url, a.Token, `{"requestAuthModes":["fingerPrint"],"challenge":"bench"}`)
			if err != nil {
				errc <- err
				return
			}
			done <- time.Now()
		}()
		time.Sleep(300 * time.Millisecond) // the host claims the reader and starts verifying
		drain(sigs)
		scan := time.Now()
		if err := d.Scan("finger-a"); err != nil {
			return 0, 0, err
		}
		var matched time.Time
		for matched.IsZero() {
			select {
			case s := <-sigs:
				if len(s.Body) > 0 && s.Body[0] == "verify-match" {
					matched = time.Now()
				}
			case err := <-errc:
				return 0, 0, err
			case <-time.After(10 * time.Second):
				return 0, 0, fmt.Errorf("no verify-match signal")
			}
		}
		select {
		case answered := <-done:
			over = append(over, answered.Sub(matched))
			own = append(own, matched.Sub(scan))
		case err := <-errc:
			return 0, 0, err
		case <-time.After(10 * time.Second):
			return 0, 0, fmt.Errorf("no answer after the match")
		}
	}
	slices.Sort(over)
	slices.Sort(own)
	return over[len(over)/2], own[len(own)/2], nil
}

func drain(c chan *dbus.Signal) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
