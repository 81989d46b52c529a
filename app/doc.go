// Package app is minihost's domain: what a mini program's host client does,
// independent of how it is shown (ui/), served (hostapi/) or backed by
// hardware (biometrics/).
//
// Host has one method per open interface (login, authorize, SOTER, ...) and per
// emulated server endpoint (jscode2session, verify_signature, ...). It owns the
// rules: login codes are single use and valid for five minutes, a denied scope
// stays denied until changed in settings, getUserInfo signs and encrypts with
// the session_key fixed at wx.login, SOTER counters only go up. Everything it
// needs from outside is an interface declared in ports.go.
//
// Host is assembled by New from services, one per concern, whose methods it
// promotes: AppService (apps.go, account.go, origin.go), PersonaService
// (personas.go), SessionService (login.go), BackendService (the emulated
// server: backend.go and its endpoints in login.go, stabletoken.go, phone.go,
// subscribe.go, wxacode.go, soter.go), SettingsService, UserDataService
// (userinfo.go, phone.go, subscribe.go), SoterService, StorageService,
// DeviceService and FaultService. What they share is core (host.go): the
// ports and the lookups of app, persona and openid.
//
// No lock spans concerns: each piece of memory state is a small type owning
// its lock (registry.go, currentpersona.go, secrets.go, quota.go,
// soterstate.go, faults.go, stabletoken.go, settingscache.go, devices.go).
//
// Conventions: a Valid* function returns nil or an error that quotes the value
// and says what is wanted; its caller adds which field and its error kind.
// Server endpoints with several inputs take a request struct.
package app
