package app

import (
	"context"
	"errors"
	"time"
)

// The interfaces below are what the host needs from the outside world. They are
// declared here, where they are used, and implemented by ui/, biometrics/ and
// app/boltstore, so that app/ never imports Fyne, HTTP, D-Bus or bbolt.

// ErrCancelled is returned by a Prompter or Authenticator when the person at the
// desktop cancelled (as opposed to the caller giving up, which is ctx.Err()).
var ErrCancelled = errors.New("cancelled by user")

// ErrNotFound is returned by a KeyStore or Store lookup that finds nothing.
var ErrNotFound = errors.New("not found")

// Prompter asks the person at the desktop. Every method blocks until the person
// answers or ctx ends; when ctx ends the prompt must close itself and the method
// returns ctx.Err().
type Prompter interface {
	// Authorize asks whether the app may use a scope. true = Allow.
	Authorize(ctx context.Context, req AuthorizeRequest) (bool, error)
	// UserProfile asks whether the app may read the persona's profile. true = Allow.
	UserProfile(ctx context.Context, req ProfileRequest) (bool, error)
	// Settings shows the app's settings page (the switches for the scopes it has
	// asked) and returns the settings as the person left them on closing it.
	Settings(ctx context.Context, req SettingsRequest) (Settings, error)
	// Soter shows the biometric prompt while an Authenticator runs. It returns
	// ErrCancelled when the person cancels, or ctx.Err() when the authentication
	// ended (the host cancels ctx then) or the caller gave up.
	Soter(ctx context.Context, req SoterPrompt) error
	// PhoneNumber asks whether the app may have the persona's phone number
	// (getPhoneNumber, getRealtimePhoneNumber). true = Allow.
	PhoneNumber(ctx context.Context, req PhoneRequest) (bool, error)
	// Subscribe shows requestSubscribeMessage's dialog, a switch per
	// template, and returns the switches as the person confirmed them;
	// ErrCancelled when closed (every template is then rejected).
	Subscribe(ctx context.Context, req SubscribeRequest) (SubscribeAnswer, error)
}

// AuthorizeRequest is one wx.authorize prompt.
type AuthorizeRequest struct {
	App       AppInfo
	Persona   Persona
	Scope     string
	ScopeName string // human description of the scope, e.g. "Get your location"
	Desc      string // app.json permission[scope].desc, may be empty
}

// ProfileRequest is one wx.getUserProfile prompt.
type ProfileRequest struct {
	App     AppInfo
	Persona Persona
	Desc    string
}

// SettingsRequest is one wx.openSetting page.
type SettingsRequest struct {
	App     AppInfo
	Persona Persona
	Current Settings
	Scopes  []ScopeInfo // the scopes shown, in display order
}

// SoterPrompt is the biometric dialog.
type SoterPrompt struct {
	App         AppInfo
	Persona     Persona
	Mode        string // fingerPrint, facial, speech
	AuthContent string
	// Status carries live status lines ("Place your finger", "Try again").
	// It is closed when the authentication has ended.
	Status <-chan string
	// Simulate is non-nil when the active Authenticator is simulated: the dialog
	// then offers Match / No match buttons that call it. It returns false when
	// the simulated reader is not waiting for a finger at that moment.
	Simulate func(match bool) bool
}

// Authenticator is a biometric backend: fprintd, Touch ID, or simulated.
type Authenticator interface {
	// Info describes the backend and the modes it supports right now
	// (an empty Modes means none is available).
	Info(ctx context.Context) (BiometricInfo, error)
	// Enrolled reports whether the user has something enrolled for mode.
	Enrolled(ctx context.Context, mode string) (bool, error)
	// Authenticate waits for one biometric verification. status receives live
	// retry messages. A no-match is a Verdict with Match false, not an error.
	// It returns ErrLockedOut when the backend refuses further attempts, and
	// ctx.Err() when ctx ends; either way the device is released.
	Authenticate(ctx context.Context, mode string, status func(string)) (Verdict, error)
}

// ErrLockedOut is returned by an Authenticator that refuses further attempts.
var ErrLockedOut = errors.New("too many failed attempts")

// The SOTER auth modes, by their wx names (requestAuthModes, checkAuthMode).
const (
	SoterFingerPrint = "fingerPrint"
	SoterFacial      = "facial"
	SoterSpeech      = "speech"
)

// BiometricInfo describes an Authenticator.
type BiometricInfo struct {
	Name    string   // "fprintd", "touchid", "simulated"
	Version string   // backend version, reported in resultJSON
	Device  string   // device name, e.g. "Virtual device for debugging"
	Modes   []string // SOTER modes available now (SoterFingerPrint, …)
	Status  string   // human-readable status for the UI
}

// Verdict is the outcome of one verification.
type Verdict struct {
	Match    bool
	FingerID string // which enrolled finger/face matched, e.g. "right-index-finger"
}

// KeyStore keeps secrets by name: session keys, AppSecrets, app tokens and SOTER
// private keys. Implementations: OS keychain, Secret Service, a 0600 file, or the
// bbolt store itself.
type KeyStore interface {
	Put(ctx context.Context, name string, secret []byte) error
	Get(ctx context.Context, name string) ([]byte, error) // ErrNotFound when absent
	Delete(ctx context.Context, name string) error
}

// Store is durable state: buckets of keys to bytes, changed only inside
// transactions, so one state change is one atomic, durable write.
type Store interface {
	View(fn func(Tx) error) error
	Update(fn func(Tx) error) error
}

// Tx is one Store transaction. Values returned by Get are valid only inside it.
type Tx interface {
	Get(bucket, key string) []byte
	Put(bucket, key string, value []byte) error
	Delete(bucket, key string) error
	// ForEach visits keys in byte order; returning an error stops it.
	ForEach(bucket string, fn func(key string, value []byte) error) error
}

// Clock tells the time; tests give a fake one.
type Clock func() time.Time
