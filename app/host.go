package app

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Store buckets. Keys that belong to a persona and an app are "persona|appid".
const (
	bucketMeta     = "meta"
	bucketPersonas = "personas"
	bucketApps     = "apps"
	bucketAuth     = "auth"
	bucketSubs     = "subscriptions"
	bucketSessions = "sessions"
	bucketCodes    = "codes"
	bucketTokens   = "tokens"
	bucketSoter    = "soter"
	bucketCalls    = "calls"
)

// Defaults of Options.
const (
	DefaultCodeTTL     = 5 * time.Minute
	DefaultLoginExpiry = 24 * time.Hour
	accessTokenTTL     = 7200 * time.Second
)

// Options configure a Host. Store, Keys and Prompter are required.
type Options struct {
	Store    Store
	Keys     KeyStore
	Prompter Prompter
	Auth     Authenticator // nil: no biometrics (checkIsSupportSoterAuthentication fails 90001)
	Clock    Clock         // default time.Now
	Rand     io.Reader     // default crypto/rand.Reader
	Logger   *slog.Logger  // default slog.Default()
	// CodeTTL is the validity of a login code (default 5 minutes).
	CodeTTL time.Duration
	// LoginExpiry is how long a session may stay idle (default 24 hours); an
	// app's minihost.json loginExpiry overrides it.
	LoginExpiry time.Duration
	// Device describes the machine in SOTER resultJSON.
	Device DeviceInfo
	// CallLogSize bounds the stored call log (default 10000 records).
	CallLogSize int
	// PhotosDir is the album saveImageToPhotosAlbum saves to; "" refuses.
	PhotosDir string
}

// Host is the simulated host client. Its methods are safe for concurrent use.
//
// Host is a thin assembly of services, one per concern, built by New. Each
// service owns its state and its locks and names the peers it calls; what
// they all share (ports, the loaded apps, the current persona, secrets) is
// core. The services are embedded so their methods are promoted: h.Login is
// h.SessionService.Login, and the many callers of the one Host type did not
// change when it was split. A consumer (hostapi, ui) declares the few methods
// it uses as an interface of its own.
type Host struct {
	*core
	*SoterService
	*SessionService
	*BackendService
	*PersonaService
	*SettingsService
	*StorageService
	*FileService
	*DeviceService
	*FaultService
	*UserDataService
	*AppService
}

// core is what every service shares: the ports, and the lookups nearly every
// call starts with (which app, which persona, which openid).
//
// It holds no lock of its own: each piece of memory state is a small type
// owning its lock, held only while that state is read or changed.
type core struct {
	opts     Options
	store    *versionedStore // opts.Store, counting writes for settings
	settings settingsCache   // settingscache.go
	log      *slog.Logger

	apps    appRegistry    // the loaded apps (registry.go)
	persona currentPersona // which persona is signed in, cached (currentpersona.go)
	secrets *secrets       // the KeyStore, cached (secrets.go)
	calls   *callLog       // calllog.go
	state   notifier       // WatchState (watch.go)

	baseURL   guarded[string]   // SetBaseURL
	overrides guarded[Timeouts] // code TTL and login expiry overrides (apps.go)
	warnings  guarded[[]string] // found at start (Warnings)

	bg sync.WaitGroup // background work (key generation) Close waits for
}

// New opens a Host on the given state. It seeds the built-in personas into a
// fresh store and restores the current persona.
func New(ctx context.Context, opts Options) (*Host, error) {
	if opts.Store == nil || opts.Keys == nil || opts.Prompter == nil {
		return nil, errors.New("app.New: Store, Keys and Prompter are required")
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.CodeTTL <= 0 {
		opts.CodeTTL = DefaultCodeTTL
	}
	if opts.LoginExpiry <= 0 {
		opts.LoginExpiry = DefaultLoginExpiry
	}
	if opts.CallLogSize <= 0 {
		opts.CallLogSize = 10000
	}
	store := &versionedStore{Store: opts.Store, log: opts.Logger}
	opts.Store = store
	c := &core{opts: opts, store: store, log: opts.Logger}
	c.secrets = newSecrets(opts.Keys, opts.Rand, c.log, c.noteSecretMade)
	var (
		soter    = newSoterService(c)
		sessions = &SessionService{core: c}
		backend  = &BackendService{core: c, sessions: sessions}
		settings = &SettingsService{core: c}
		faults   = &FaultService{core: c}
	)
	h := &Host{
		core:            c,
		SoterService:    soter,
		SessionService:  sessions,
		BackendService:  backend,
		PersonaService:  &PersonaService{core: c, soter: soter},
		SettingsService: settings,
		StorageService:  &StorageService{core: c},
		FileService:     &FileService{core: c},
		DeviceService:   &DeviceService{core: c, settings: settings},
		FaultService:    faults,
		UserDataService: &UserDataService{core: c, sessions: sessions, settings: settings},
		AppService:      &AppService{core: c, soter: soter, backend: backend, faults: faults},
	}
	err := opts.Store.Update(func(tx Tx) error {
		empty := true
		if err := tx.ForEach(bucketPersonas, func(string, []byte) error { empty = false; return errStop }); err != nil && !errors.Is(err, errStop) {
			return err
		}
		if empty {
			for _, p := range BuiltinPersonas() {
				if err := putJSON(tx, bucketPersonas, p.ID, p); err != nil {
					return err
				}
			}
		}
		id := string(tx.Get(bucketMeta, "persona"))
		if id == "" || tx.Get(bucketPersonas, id) == nil {
			id = BuiltinPersonas()[0].ID
			if err := tx.Put(bucketMeta, "persona", []byte(id)); err != nil {
				return err
			}
		}
		h.persona.switchTo(id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open host state: %w", err)
	}
	if err := h.checkLostKeys(ctx); err != nil {
		return nil, err
	}
	h.calls, err = openCallLog(opts.Store, opts.CallLogSize, h.log)
	if err != nil {
		return nil, err
	}
	return h, nil
}

var errStop = errors.New("stop")

// Close waits for background work and flushes the call log. The Store and
// KeyStore are the caller's to close, after this.
func (h *Host) Close() error {
	h.bg.Wait()
	return h.calls.close()
}

// SetBaseURL tells the host where it is served, for avatar URLs.
func (h *Host) SetBaseURL(u string) {
	h.baseURL.set(u)
}

// BaseURL is the host's own origin, as set by SetBaseURL.
func (h *core) BaseURL() string {
	return h.baseURL.get()
}

func (h *core) now() time.Time { return h.opts.Clock() }

// AppRecord is what the store remembers of every app ever loaded.
type AppRecord struct {
	AppID       string    `json:"appid"`
	Name        string    `json:"name"`
	FirstLoaded time.Time `json:"firstLoaded"`
}

// LoadedApp describes a loaded app, including its credentials.
type LoadedApp struct {
	*MiniProgram
	Secret string // AppSecret, for the developer's backend
	Token  string // the app token wx.js presents
}

// KnownApps lists every app the store remembers, loaded or not; a damaged
// record is left out.
func KnownApps(st Store) ([]AppRecord, error) {
	var out []AppRecord
	err := st.View(func(tx Tx) error {
		return decodeEach(tx, bucketApps, func(_ string, r AppRecord) error {
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// Personas lists the personas sorted by ID.
func (h *core) Personas() ([]Persona, error) {
	var out []Persona
	err := h.opts.Store.View(func(tx Tx) error {
		return decodeEach(tx, bucketPersonas, func(_ string, p Persona) error {
			out = append(out, p)
			return nil
		})
	})
	return out, err
}

// Persona returns one persona.
func (h *core) Persona(id string) (Persona, error) {
	var p Persona
	err := h.opts.Store.View(func(tx Tx) error { return getJSON(tx, bucketPersonas, id, &p) })
	if errors.Is(err, ErrNotFound) {
		return p, fmt.Errorf("persona %q: %w", id, ErrNotFound)
	}
	return p, err
}

// CurrentPersona is the test user now "logged in" on the simulated phone.
// Every wx call asks for it, so it is cached; personasChanged drops the cache.
func (h *core) CurrentPersona() Persona {
	id, gen, cached := h.persona.snapshot()
	if cached != nil {
		return *cached
	}
	p, err := h.Persona(id)
	if err != nil {
		h.log.Error("current persona vanished", "persona", id, "err", err)
		return Persona{ID: id, NickName: id, Language: "en"}
	}
	h.persona.cache(gen, p)
	return p
}

// personasChanged is called after any persona is created, edited, deleted or
// switched to: it drops the cached current persona and tells watchers.
func (h *core) personasChanged() {
	h.persona.changed()
	h.state.notify()
}

// OpenID is the persona's stable openid in an app.
func (h *core) OpenID(ctx context.Context, personaID, appID string) (string, error) {
	return h.derivedID(ctx, "openid|"+personaID+"|"+appID)
}

// UnionID is the persona's unionid, the same across apps.
func (h *core) UnionID(ctx context.Context, personaID string) (string, error) {
	return h.derivedID(ctx, "unionid|"+personaID)
}

// derivedID makes a 28-character id like WeChat's ("o" + 27) from a per-install
// secret, so ids are stable across restarts but differ between installs.
func (h *core) derivedID(ctx context.Context, label string) (string, error) {
	secret, err := h.secrets.orCreate(ctx, idSecretName, 32)
	if err != nil {
		return "", fmt.Errorf("id secret: %w", err)
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return "o" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:27], nil
}

// personaByOpenID finds which persona has openid in appID.
func (h *core) personaByOpenID(ctx context.Context, appID, openid string) (Persona, error) {
	ps, err := h.Personas()
	if err != nil {
		return Persona{}, err
	}
	for _, p := range ps {
		id, err := h.OpenID(ctx, p.ID, appID)
		if err != nil {
			return Persona{}, err
		}
		if id == openid {
			return p, nil
		}
	}
	return Persona{}, fmt.Errorf("openid %q: %w", openid, ErrNotFound)
}

func (h *core) random(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(h.opts.Rand, b); err != nil {
		return nil, randomError(err)
	}
	return b, nil
}

func randomError(err error) error { return fmt.Errorf("random: %w", err) }

func (h *core) randomHex(n int) (string, error) {
	b, err := h.random(n)
	return hex.EncodeToString(b), err
}

// app returns a loaded app or a wx-level failure for api.
func (h *core) app(api, appID string) (*loadedApp, error) {
	a, ok := h.apps.get(appID)
	if !ok {
		return nil, failf(api, "app %s is not loaded", appID)
	}
	return a, nil
}

func userKey(personaID, appID string) string { return personaID + "|" + appID }

func putJSON(tx Tx, bucket, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(bucket, key, b)
}

// getJSON decodes the value at key, or returns ErrNotFound. A record that
// does not decode (a damaged file, a hand edit) is logged and counts as
// absent, so that one bad record never fails its API for good: the next
// write of that key replaces it.
func getJSON(tx Tx, bucket, key string, v any) error {
	b := tx.Get(bucket, key)
	if b == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(b, v); err != nil {
		return damaged(tx, bucket, key, err)
	}
	return nil
}

// decodeEach visits every record of bucket that decodes as T, skipping (and
// logging) damaged ones.
func decodeEach[T any](tx Tx, bucket string, fn func(key string, v T) error) error {
	return tx.ForEach(bucket, func(k string, b []byte) error {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			damaged(tx, bucket, k, err)
			return nil
		}
		return fn(k, v)
	})
}

// DamagedRecordError is a stored record that does not decode. It wraps
// ErrNotFound: callers treat the record as absent.
type DamagedRecordError struct {
	Bucket, Key string
	Err         error
}

func (e *DamagedRecordError) Error() string {
	return fmt.Sprintf("damaged record %s/%s skipped: %v", e.Bucket, e.Key, e.Err)
}

func (e *DamagedRecordError) Unwrap() []error { return []error{ErrNotFound, e.Err} }

func damaged(tx Tx, bucket, key string, err error) error {
	e := &DamagedRecordError{Bucket: bucket, Key: key, Err: err}
	if l, ok := tx.(loggingTx); ok {
		l.log.Warn("state: damaged record skipped; it counts as absent until written again", "bucket", bucket, "key", key, "err", err)
	}
	return e
}

// loggingTx is the Tx the Host's code sees: the Store's, plus the logger
// that reports damaged records.
type loggingTx struct {
	Tx
	log *slog.Logger
}
