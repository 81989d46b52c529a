package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LoadMiniProgramDir loads a mini program project from disk: a project root
// whose project.config.json names miniprogramRoot, or the mini program folder
// itself (see LoadProject). dir must be absolute: it comes from a client whose
// working directory is not ours. Files are read through an os.Root, so no
// link or ".." leads out of dir. Every error wraps ErrInvalid: the directory
// is the caller's input.
func LoadMiniProgramDir(ctx context.Context, dir string) (*MiniProgram, error) {
	if !filepath.IsAbs(dir) {
		return nil, invalidf("mini program directory %q: want an absolute path", dir)
	}
	dir = filepath.Clean(dir)
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: mini program directory: %w", ErrInvalid, err)
	}
	if !st.IsDir() {
		return nil, invalidf("mini program directory: %s is not a directory", dir)
	}
	fsys, err := openProject(dir) // symlinks and ".." cannot leave dir; FIFOs are never read
	if err != nil {
		return nil, fmt.Errorf("%w: mini program directory: %w", ErrInvalid, err)
	}
	mp, err := LoadProject(ctx, fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalid, dir, err)
	}
	return mp, nil
}

// Unload stops serving a loaded app. Its state (settings, sessions,
// secrets) stays in the store for when it is loaded again.
func (h *Host) Unload(appID string) error {
	if !h.apps.remove(appID) {
		return fmt.Errorf("app %s is not loaded: %w", appID, ErrNotFound)
	}
	h.log.Info("app unloaded", "appid", appID)
	h.state.notify()
	return nil
}

// ResetApp forgets what a persona did in an app, as if they had never opened
// it: authorizations, subscription choices, the login session and SOTER
// lockouts. The SOTER key and its counter stay, since counters only go up.
func (h *Host) ResetApp(ctx context.Context, personaID, appID string) error {
	k := userKey(personaID, appID)
	var keyID string
	err := h.opts.Store.Update(func(tx Tx) error {
		if tx.Get(bucketPersonas, personaID) == nil {
			return fmt.Errorf("persona %q: %w", personaID, ErrNotFound)
		}
		var s session
		if getJSON(tx, bucketSessions, k, &s) == nil {
			keyID = s.KeyID
		}
		for _, b := range []string{bucketAuth, bucketSubs, bucketSessions} {
			if err := tx.Delete(b, k); err != nil {
				return err
			}
		}
		// The accepted one-time subscriptions ("persona|appid|tmplId") go too.
		var subs []string
		if err := tx.ForEach(bucketSubQuota, func(key string, _ []byte) error {
			if strings.HasPrefix(key, k+"|") {
				subs = append(subs, key)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, key := range subs {
			if err := tx.Delete(bucketSubQuota, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reset %s for %s: %w", appID, personaID, err)
	}
	if keyID != "" {
		h.secrets.delete(ctx, sessionKeyName(keyID))
	}
	h.lockout.forget(k)
	h.quota.forget(k)
	h.log.Info("app state reset", "appid", appID, "persona", personaID)
	h.state.notify()
	return nil
}

// Timeouts are the login code validity and the session idle expiry. As
// overrides, zero means "not overridden".
type Timeouts struct {
	CodeTTL     time.Duration `json:"codeTTL"`
	LoginExpiry time.Duration `json:"loginExpiry"`
}

// maxTimeout bounds the overrides.
const maxTimeout = 365 * 24 * time.Hour

// SetTimeoutOverrides overrides the code TTL and login expiry for every app
// (winning over an app's minihost.json loginExpiry), so a test can make a
// code or a session run out in seconds. Zero fields clear their override.
func (h *Host) SetTimeoutOverrides(t Timeouts) error {
	for name, d := range map[string]time.Duration{"codeTTL": t.CodeTTL, "loginExpiry": t.LoginExpiry} {
		if d < 0 || d > maxTimeout {
			return invalidf("%s %s: want 0 (no override) up to %s", name, d, maxTimeout)
		}
	}
	h.overrides.set(t)
	h.log.Info("timeouts overridden", "codeTTL", t.CodeTTL, "loginExpiry", t.LoginExpiry)
	h.faults.changed.notify() // WatchFaults watchers show overrides too
	return nil
}

// TimeoutOverrides returns the overrides in force (zero: none).
func (h *core) TimeoutOverrides() Timeouts {
	return h.overrides.get()
}

// DefaultTimeouts returns the host's timeouts without overrides.
func (h *Host) DefaultTimeouts() Timeouts {
	return Timeouts{CodeTTL: h.opts.CodeTTL, LoginExpiry: h.opts.LoginExpiry}
}

// codeTTL is the validity of a login code now.
func (h *core) codeTTL() time.Duration {
	if o := h.TimeoutOverrides().CodeTTL; o > 0 {
		return o
	}
	return h.opts.CodeTTL
}
