package main

// Test automation (issue 15): `minihost --auto-port N [DIR]` and `minihost
// auto ...` (cli/auto.go). The protocol is hostapi/automator's; this file
// wires it to the simulator, the personas and the prompt broker.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/cli"
	"github.com/minihost/minihost/hostapi/automator"
)

// startAutomation serves the automation WebSocket on 127.0.0.1:f.AutoPort
// for mp's app and opens its simulator (headless without a window). The
// returned func stops it.
func startAutomation(ctx context.Context, f cli.HostArgs, appID string, host *app.Host, prompts *app.Broker, sims *simHost, stdout io.Writer, log *slog.Logger) (func(), error) {
	if sims == nil {
		return nil, errors.New("--auto-port needs the simulator (--simulator off was given)")
	}
	if sims.m == nil {
		return nil, fmt.Errorf("--auto-port needs the simulator: %w", sims.missing)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(f.AutoPort)))
	if err != nil {
		return nil, fmt.Errorf("--auto-port: %w", err)
	}
	page := autoPage{sims: sims, appID: appID}
	opts := automator.Options{
		AppID: appID, Page: page, Screen: page, Prompts: prompts, Logger: log,
		Accounts: autoAccounts{host: host, appID: appID},
	}
	if f.AutoLaunched {
		// mp.close() closes the project, as in DevTools: the SDK's launch()
		// started this minihost and nobody else will stop it. SIGTERM takes
		// the host's own clean shutdown path.
		opts.OnClose = func() {
			log.Info("automation: closed by the script; quitting")
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Signal(syscall.SIGTERM)
			}
		}
	}
	srv := automator.New(opts)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ctx, ln); err != nil {
			log.Error("automation", "err", err)
		}
	}()
	go func() {
		if err := sims.ensureOpen(ctx, appID); err != nil && ctx.Err() == nil {
			log.Warn("automation: simulator", "err", err)
		}
	}()
	fmt.Fprintf(stdout, "minihost: automation ws://%s (miniprogram-automator: connect({wsEndpoint}))\n", ln.Addr())
	return func() {
		cancel()
		<-done
	}, nil
}

// autoPage is the app's simulator page as the automator sees it.
type autoPage struct {
	sims  *simHost
	appID string
}

func (p autoPage) Await(ctx context.Context, expr string, gesture bool) (json.RawMessage, error) {
	if err := p.sims.ensureOpen(ctx, p.appID); err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		res, err := p.sims.m.Await(ctx, p.appID, expr, gesture)
		// A live reload replaces the document under a running call: the
		// new document answers it.
		if err != nil && attempt < 3 && ctx.Err() == nil && strings.Contains(err.Error(), "context was destroyed") {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		return res, err
	}
}

func (p autoPage) Bind(ctx context.Context, name string, fn func(string)) (func(), error) {
	return p.sims.m.Bind(ctx, p.appID, name, fn)
}

func (p autoPage) Screenshot(ctx context.Context) ([]byte, error) {
	return p.sims.Screenshot(ctx, p.appID)
}

// autoAccounts lists the personas as test accounts, with their openid in the app.
type autoAccounts struct {
	host  *app.Host
	appID string
}

func (a autoAccounts) TestAccounts(ctx context.Context) ([]automator.Account, error) {
	ps, err := a.host.Personas()
	if err != nil {
		return nil, err
	}
	out := make([]automator.Account, 0, len(ps))
	for _, p := range ps {
		openid, err := a.host.OpenID(ctx, p.ID, a.appID)
		if err != nil {
			return nil, err
		}
		out = append(out, automator.Account{ID: p.ID, NickName: p.NickName, OpenID: openid})
	}
	return out, nil
}
