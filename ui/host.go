package ui

import (
	"context"

	"github.com/minihost/minihost/app"
)

// Host is the domain as the window uses it, by concern: only the methods ui
// calls. *app.Host implements it.
type Host interface {
	watcher
	appsModel
	personasModel
	sessionsModel
	storageModel
}

var _ Host = (*app.Host)(nil)

// watcher tells the window when to redraw.
type watcher interface {
	WatchState(ctx context.Context) <-chan struct{}
	WatchFaults(ctx context.Context) <-chan struct{}
	SubscribeCalls(ctx context.Context) <-chan app.CallRecord
	Warnings() []string
}

// appsModel is the Apps page and the drop target: loaded apps, timeouts, faults, calls.
type appsModel interface {
	Apps() []app.LoadedApp
	App(appID string) (app.LoadedApp, bool)
	Load(ctx context.Context, mp *app.MiniProgram) error
	TimeoutOverrides() app.Timeouts
	DefaultTimeouts() app.Timeouts
	Faults() []app.Fault
	Calls(f app.CallFilter) ([]app.CallRecord, error)
}

// personasModel is the persona switcher and editor.
type personasModel interface {
	CurrentPersona() app.Persona
	Personas() ([]app.Persona, error)
	SwitchPersona(ctx context.Context, id string) error
	UpdatePersona(ctx context.Context, id string, c app.PersonaChange) (app.Persona, error)
	PersonaLocation(id string) (app.Location, error)
	SetPersonaLocation(ctx context.Context, id string, l app.Location) error
	Messages(personaID string) ([]app.Message, error)
	BiometricInfo(ctx context.Context) (app.BiometricInfo, error)
}

// sessionsModel is a persona's login session and settings in an app.
type sessionsModel interface {
	Session(personaID, appID string) (app.SessionState, error)
	ExpireSession(ctx context.Context, personaID, appID string) error
	ForgetLogin(ctx context.Context, personaID, appID string) error
	Settings(personaID, appID string) (app.Settings, error)
	SetSettings(ctx context.Context, personaID, appID string, s app.Settings) error
	SetScope(ctx context.Context, c app.ScopeChange) error
	ClearAuthorizations(ctx context.Context, personaID, appID string) error
}

// storageModel is the Storage page.
type storageModel interface {
	Storage(at app.StorageAt) (app.Storage, error)
	StorageSet(at app.StorageAt, it app.StorageItem) error
	StorageRemove(at app.StorageAt, key string) error
	StorageClear(at app.StorageAt) error
}
