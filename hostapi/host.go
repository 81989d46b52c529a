package hostapi

import (
	"context"

	"github.com/minihost/minihost/app"
)

// The domain as the server uses it: one small interface per concern, listing
// only the methods hostapi calls, so what a handler depends on is written
// here and not implied by a whole *app.Host. *app.Host implements them all.

// Host is everything the server needs; New takes it.
type Host interface {
	lookups
	openAPIs
	deviceAPIs
	storageAPIs
	fileAPIs
	backendAPIs
	appControl
	personaControl
	faultControl
	callLog
}

// wxHost is what a wx call's handler gets (wxHandler).
type wxHost interface {
	lookups
	openAPIs
	deviceAPIs
	storageAPIs
	fileAPIs
}

var _ Host = (*app.Host)(nil)

// openAPIs runs the open interfaces of app.OpenAPIs (wx.go).
type openAPIs interface {
	CallOpen(ctx context.Context, api app.OpenAPI, c app.APICall) (app.Result, error)
	AccountInfo(appID string) (app.Result, error) // boot's copy for the Sync API
}

// lookups find the app and the persona a request is about.
type lookups interface {
	App(appID string) (app.LoadedApp, bool)
	Apps() []app.LoadedApp
	AppByLabel(label string) (app.LoadedApp, bool)
	CheckAppToken(appID, token string) bool
	CurrentPersona() app.Persona
	Persona(id string) (app.Persona, error)
	BaseURL() string
	AvatarURL(personaID string, size int) string
}

// deviceAPIs are the simulated phone's hardware (base.go).
type deviceAPIs interface {
	Clipboard() string
	SetClipboard(text string)
	MakePhoneCall(appID, number string) (app.Result, error)
	GetLocation(ctx context.Context, appID, typ string) (app.Result, error)
	SavePhoto(ctx context.Context, appID, name string, data []byte) (string, error)
	PersonaLocation(id string) (app.Location, error)
	SetPersonaLocation(ctx context.Context, id string, l app.Location) error
}

// storageAPIs are wx storage, for wx calls and the control API (base.go).
type storageAPIs interface {
	Storage(at app.StorageAt) (app.Storage, error)
	StorageGet(at app.StorageAt, key string) (app.StorageItem, error)
	StorageSet(at app.StorageAt, it app.StorageItem) error
	StorageRemove(at app.StorageAt, key string) error
	StorageClear(at app.StorageAt) error
}

// backendAPIs are the emulated WeChat server endpoints (backend.go).
type backendAPIs interface {
	Code2Session(ctx context.Context, req app.CodeExchange) (app.CodeSession, error)
	AccessToken(ctx context.Context, req app.TokenRequest) (app.TokenResult, error)
	StableAccessToken(ctx context.Context, req app.TokenRequest) (app.TokenResult, error)
	CheckSessionKey(ctx context.Context, req app.SessionKeyCheck) (app.ServerStatus, error)
	ResetSessionKey(ctx context.Context, req app.SessionKeyCheck) (app.SessionKeyReset, error)
	VerifySignature(ctx context.Context, req app.SignatureCheck) (app.SignatureVerdict, error)
	UserPhoneNumber(ctx context.Context, accessTok, code string) (app.PhoneNumberResult, error)
	SendSubscribeMessage(ctx context.Context, accessTok string, m app.SubscribeMessage) (app.SentMessage, error)
	WXACodeUnlimit(ctx context.Context, accessTok string, req app.WXACodeRequest) (app.WXACode, error)
}

// appControl is the control API's apps, sessions and settings (control_apps.go).
type appControl interface {
	Load(ctx context.Context, mp *app.MiniProgram) error
	Unload(appID string) error
	ResetApp(ctx context.Context, personaID, appID string) error
	SetEnvVersion(ctx context.Context, appID, env string) error
	SetUserInfoPolicy(ctx context.Context, appID, policy string) error
	TimeoutOverrides() app.Timeouts
	SetTimeoutOverrides(t app.Timeouts) error
	DefaultTimeouts() app.Timeouts
	Session(personaID, appID string) (app.SessionState, error)
	ExpireSession(ctx context.Context, personaID, appID string) error
	ForgetLogin(ctx context.Context, personaID, appID string) error
	Settings(personaID, appID string) (app.Settings, error)
	SetSettings(ctx context.Context, personaID, appID string, s app.Settings) error
}

// personaControl is the control API's personas and their messages (control_personas.go, control_messages.go).
type personaControl interface {
	Personas() ([]app.Persona, error)
	CreatePersona(ctx context.Context, p app.Persona) (app.Persona, error)
	UpdatePersona(ctx context.Context, id string, c app.PersonaChange) (app.Persona, error)
	DeletePersona(ctx context.Context, id string) error
	SwitchPersona(ctx context.Context, id string) error
	SetAvatar(ctx context.Context, id string, data []byte) error
	ClearAvatar(ctx context.Context, id string) error
	CustomAvatar(id string) bool
	Avatar(id string, size int) ([]byte, error)
	ExportPersonas(ids ...string) ([]app.PersonaExport, error)
	ImportPersonas(ctx context.Context, ps []app.PersonaExport) error
	Messages(personaID string) ([]app.Message, error)
}

// faultControl injects faults (control_faults.go) and applies them to calls.
type faultControl interface {
	Faults() []app.Fault
	InjectFault(spec app.FaultSpec) (app.Fault, error)
	RemoveFault(id uint64) bool
	ClearFaults(api string) int
	ApplyFault(ctx context.Context, api string) (uint64, error)
}

// callLog records calls and serves the log (control_calls.go).
type callLog interface {
	RecordCall(rec app.CallRecord) app.CallRecord
	Calls(f app.CallFilter) ([]app.CallRecord, error)
	SubscribeCalls(ctx context.Context) <-chan app.CallRecord
}
