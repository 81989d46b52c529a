package fprintd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/godbus/dbus/v5"

	"github.com/minihost/minihost/biometrics/internal/bus"
)

// session is one claim of the default reader: the signals watched for it and
// the calls owed to fprintd for what was started (Release for the claim,
// VerifyStop or EnrollStop for the action). end settles all of it, whatever
// happened in between.
type session struct {
	a     *Authenticator
	path  dbus.ObjectPath
	dev   dbus.BusObject
	owner string // unique bus name of the fprintd that holds our claim
	ch    chan *dbus.Signal
	rules [][]dbus.MatchOption

	undo     []string // calls owed to fprintd (Release, VerifyStop...), in the order owed
	released bool     // the owed calls have been made
	gone     bool     // the reader failed or went away: cleanup may well fail
}

// begin claims the default reader for a.user, watching the device signals
// named by members and fprintd's presence on the bus.
func (a *Authenticator) begin(ctx context.Context, members ...string) (_ *session, err error) {
	path, err := a.defaultDevice(ctx)
	if err != nil {
		return nil, err
	}
	s := &session{a: a, path: path, dev: a.conn.Object(service, path), ch: make(chan *dbus.Signal, 16)}
	defer func() {
		if err != nil {
			s.end(ctx) // undo whatever part of the claim was made
		}
	}()

	// Subscribe before Claim and VerifyStart: a status emitted right after
	// the start call would otherwise be lost, and the caller would wait for
	// a verdict that already came.
	a.conn.Signal(s.ch)
	for _, m := range members {
		s.rules = append(s.rules, []dbus.MatchOption{
			dbus.WithMatchSender(service), dbus.WithMatchObjectPath(path),
			dbus.WithMatchInterface(deviceIface), dbus.WithMatchMember(m),
		})
	}
	// fprintd leaving the bus (crash, stop, restart) or removing the reader
	// (unplugged) ends the action: the status we wait for will never come.
	s.rules = append(s.rules, []dbus.MatchOption{
		dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, service),
	}, []dbus.MatchOption{
		dbus.WithMatchSender(service), dbus.WithMatchInterface(objectManagerIface),
		dbus.WithMatchMember("InterfacesRemoved"),
	})
	for i, rule := range s.rules {
		if err := a.conn.AddMatchSignalContext(ctx, rule...); err != nil {
			s.rules = s.rules[:i]
			return nil, fmt.Errorf("fprintd: watch signals: %w", err)
		}
	}
	// Signals are accepted only from this unique name: anyone on the bus can
	// send a signal addressed to us, and a forged "verify-match" must not
	// count.
	if err := a.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, service).Store(&s.owner); err != nil {
		return nil, fmt.Errorf("fprintd: find daemon: %w", err)
	}
	if err := s.start(ctx, "Claim", "Release", a.user); err != nil {
		if bus.ErrorName(err) == errAlreadyInUse {
			return nil, fmt.Errorf("fprintd: the fingerprint reader is in use by another program: %w", err)
		}
		return nil, fmt.Errorf("fprintd: claim reader for %s: %w", a.user, err)
	}
	return s, nil
}

func (s *session) call(ctx context.Context, method string, args ...any) error {
	return s.dev.CallWithContext(ctx, deviceIface+"."+method, 0, args...).Err
}

// start calls method, after which undo is owed (Claim/Release,
// VerifyStart/VerifyStop, EnrollStart/EnrollStop). undo is recorded before
// the call: if ctx ends while it is in flight, fprintd may have done it
// anyway. Only a refusal from fprintd proves there is nothing to undo.
func (s *session) start(ctx context.Context, method, undo string, args ...any) error {
	s.undo = append(s.undo, undo)
	err := s.call(ctx, method, args...)
	if err != nil && bus.ErrorName(err) != "" {
		s.undo = s.undo[:len(s.undo)-1]
	}
	return err
}

// next returns the next device signal from our fprintd. It fails with
// ErrDisconnected when fprintd leaves the bus, removes the reader or our
// connection closes, and with ctx.Err() when ctx ends.
func (s *session) next(ctx context.Context) (*dbus.Signal, error) {
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case sig, ok := <-s.ch:
			if !ok {
				s.gone = true
				return nil, fmt.Errorf("fprintd: lost the D-Bus connection: %w", ErrDisconnected)
			}
			if sig.Name == "org.freedesktop.DBus.NameOwnerChanged" {
				var name, oldOwner, newOwner string
				if sig.Sender == "org.freedesktop.DBus" && dbus.Store(sig.Body, &name, &oldOwner, &newOwner) == nil &&
					name == service && oldOwner == s.owner {
					s.gone = true
					return nil, fmt.Errorf("fprintd left the bus: %w", ErrDisconnected)
				}
				continue
			}
			if sig.Sender != s.owner {
				continue
			}
			if sig.Name == objectManagerIface+".InterfacesRemoved" {
				var path dbus.ObjectPath
				var ifaces []string
				if dbus.Store(sig.Body, &path, &ifaces) == nil && path == s.path && slices.Contains(ifaces, deviceIface) {
					s.gone = true
					return nil, fmt.Errorf("fprintd: the reader was removed: %w", ErrDisconnected)
				}
				continue
			}
			if sig.Path != s.path {
				continue
			}
			return sig, nil
		}
	}
}

// removed releases the reader and reports whether fprintd then removes it
// within removalGrace. An unplugged reader reports an unknown error, and
// fprintd removes it from the bus only once its client has released it; this
// tells that apart from a reader that merely failed.
func (s *session) removed(ctx context.Context) bool {
	s.gone = true
	s.release(ctx)
	ctx, cancel := context.WithTimeout(ctx, removalGrace)
	defer cancel()
	for {
		_, err := s.next(ctx)
		if errors.Is(err, ErrDisconnected) {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// placePrompt is the first thing to tell the person, worded for the reader's
// scan type.
func (s *session) placePrompt(ctx context.Context) string {
	var scanType string
	_ = s.dev.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, deviceIface, "scan-type").Store(&scanType)
	if scanType == "swipe" {
		return "Swipe your finger across the fingerprint reader"
	}
	return "Place your finger on the fingerprint reader"
}

// release makes the owed calls, latest first (stop the action, then release
// the claim), once. It runs after ctx may have ended, so it uses a fresh
// bounded context.
func (s *session) release(ctx context.Context) {
	if s.released {
		return
	}
	s.released = true
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	log := func(what string, err error) {
		level := slog.LevelWarn
		switch {
		case s.gone, errors.Is(err, dbus.ErrClosed), isUnavailable(err):
			level = slog.LevelDebug // fprintd or the reader is gone: nothing is left to undo
		case bus.ErrorName(err) == errNoActionInProgress, bus.ErrorName(err) == errClaimDevice:
			level = slog.LevelDebug // a start cut short by ctx had not happened after all
		}
		s.a.logger.Log(ctx, level, "fprintd cleanup failed", "call", what, "err", err)
	}
	for _, method := range slices.Backward(s.undo) {
		if err := s.call(ctx, method); err != nil {
			log(method, err)
		}
	}
}

// end releases the reader and drops the signal watch.
func (s *session) end(ctx context.Context) {
	s.release(ctx)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	for _, rule := range s.rules {
		if err := s.a.conn.RemoveMatchSignalContext(ctx, rule...); err != nil && !errors.Is(err, dbus.ErrClosed) {
			s.a.logger.DebugContext(ctx, "fprintd: remove signal match", "err", err)
		}
	}
	s.a.conn.RemoveSignal(s.ch)
}
