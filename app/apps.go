package app

import (
	"context"
	"crypto/hmac"
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
func (h *AppService) Unload(appID string) error {
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
func (h *AppService) ResetApp(ctx context.Context, personaID, appID string) error {
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
	h.soter.lockout.forget(k)
	h.backend.quota.forget(k)
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
func (h *AppService) SetTimeoutOverrides(t Timeouts) error {
	for name, d := range map[string]time.Duration{"codeTTL": t.CodeTTL, "loginExpiry": t.LoginExpiry} {
		if d < 0 || d > maxTimeout {
			return invalidf("%s %s: want 0 (no override) up to %s", name, d, maxTimeout)
		}
	}
	h.overrides.set(t)
	h.log.Info("timeouts overridden", "codeTTL", t.CodeTTL, "loginExpiry", t.LoginExpiry)
	h.faults.notifyWatchers()
	return nil
}

// TimeoutOverrides returns the overrides in force (zero: none).
func (h *core) TimeoutOverrides() Timeouts {
	return h.overrides.get()
}

// DefaultTimeouts returns the host's timeouts without overrides.
func (h *AppService) DefaultTimeouts() Timeouts {
	return Timeouts{CodeTTL: h.opts.CodeTTL, LoginExpiry: h.opts.LoginExpiry}
}

// codeTTL is the validity of a login code now.
func (h *core) codeTTL() time.Duration {
	if o := h.TimeoutOverrides().CodeTTL; o > 0 {
		return o
	}
	return h.opts.CodeTTL
}

// AppService loads and unloads mini programs and changes them at run time:
// envVersion, user info policy, timeouts, a persona's reset.
type AppService struct {
	*core
	soter   *SoterService   // an app's AuthKeys are made at load; lockouts go at reset
	backend *BackendService // its exchange quota goes at reset
	faults  *FaultService   // whose watchers show the timeout overrides
}

// Load registers a mini program. Its AppSecret and app token are created on
// first load and kept in the KeyStore; later loads reuse them.
func (h *AppService) Load(ctx context.Context, mp *MiniProgram) error {
	if err := h.checkLabel(mp.AppID); err != nil {
		return err
	}
	secret, err := h.secrets.orCreate(ctx, appSecretName(mp.AppID), 16)
	if err != nil {
		return fmt.Errorf("load %s: app secret: %w", mp.AppID, err)
	}
	token, err := h.secrets.orCreate(ctx, appTokenName(mp.AppID), 24)
	if err != nil {
		return fmt.Errorf("load %s: app token: %w", mp.AppID, err)
	}
	rec := AppRecord{AppID: mp.AppID, Name: mp.Name}
	if err := h.opts.Store.Update(func(tx Tx) error {
		var old AppRecord
		if getJSON(tx, bucketApps, mp.AppID, &old) == nil {
			rec.FirstLoaded = old.FirstLoaded
		}
		if rec.FirstLoaded.IsZero() {
			rec.FirstLoaded = h.now()
		}
		return putJSON(tx, bucketApps, mp.AppID, rec)
	}); err != nil {
		return fmt.Errorf("load %s: %w", mp.AppID, err)
	}
	if other := h.apps.add(&loadedApp{mp: mp, secret: string(secret), token: string(token)}); other != "" {
		return labelError(mp.AppID, other) // loaded meanwhile
	}
	h.soter.prepareSoterKey(mp.AppID, h.CurrentPersona().ID)
	h.state.notify()
	return nil
}

// Apps lists the loaded apps sorted by appid.
func (h *AppService) Apps() []LoadedApp { return h.apps.list() }

// App returns a loaded app.
func (h *core) App(appID string) (LoadedApp, bool) {
	a, ok := h.apps.get(appID)
	if !ok {
		return LoadedApp{}, false
	}
	return a.public(), true
}

// CheckAppToken reports whether token is appID's app token, in constant time.
func (h *AppService) CheckAppToken(appID, token string) bool {
	a, ok := h.App(appID)
	if !ok {
		return false
	}
	return hmac.Equal([]byte(a.Token), []byte(token))
}
