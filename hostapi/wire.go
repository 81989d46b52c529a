package hostapi

// The control API speaks apitype's shapes, the same definitions the client
// decodes (hostapi/client/apitype); the names below keep the server's code
// and its users reading as before. The functions convert domain values at
// this edge: where a shape is the domain's field for field, a struct
// conversion, which stops compiling when one side gains a field.

import (
	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

type (
	AppInfo        = apitype.AppInfo
	Status         = apitype.Status
	Durations      = apitype.Durations
	LoadRequest    = apitype.LoadRequest
	AppChange      = apitype.AppChange
	PersonaRequest = apitype.PersonaRequest
	SettingsInfo   = apitype.SettingsInfo
	SessionInfo    = apitype.SessionInfo
	TimeoutsInfo   = apitype.TimeoutsInfo
	FaultRequest   = apitype.FaultRequest
	FaultInfo      = apitype.FaultInfo
	PersonaInfo    = apitype.PersonaInfo
	PersonaList    = apitype.PersonaList
	PersonaFile    = apitype.PersonaFile
	PolicyRequest  = apitype.PolicyRequest
	DeviceInfo     = apitype.DeviceInfo
	LogEntry       = apitype.LogEntry
)

// PersonaFileFormat marks an exported personas file.
const PersonaFileFormat = apitype.PersonaFileFormat

func wirePersona(p app.Persona) apitype.Persona { return apitype.Persona(p) }

func wireSettings(s app.Settings) apitype.Settings {
	return apitype.Settings{Auth: s.Auth, Subscriptions: apitype.Subscriptions(s.Subscriptions)}
}

func domainSettings(s apitype.Settings) app.Settings {
	return app.Settings{Auth: s.Auth, Subscriptions: app.Subscriptions(s.Subscriptions)}
}

func wirePolicies(p app.Policies) apitype.Policies {
	out := apitype.Policies{Default: apitype.Policy(p.Default.String()), Rules: map[string]apitype.Policy{}}
	if p.Rules == nil {
		out.Rules = nil
	}
	for k, v := range p.Rules {
		out.Rules[k] = apitype.Policy(v.String())
	}
	return out
}

func wirePrompt(p app.PendingPrompt) apitype.PendingPrompt {
	out := apitype.PendingPrompt{
		ID: p.ID, Kind: p.Kind, API: p.API, AppID: p.AppID, AppName: p.AppName, Persona: p.Persona,
		Scope: p.Scope, ScopeName: p.ScopeName, Desc: p.Desc, Mode: p.Mode, AuthContent: p.AuthContent,
		Simulated: p.Simulated, Scopes: p.Scopes, Phone: p.Phone, Policy: apitype.Policy(p.Policy.String()),
		Created: p.Created, Waiters: p.Waiters,
	}
	if p.Settings != nil {
		s := wireSettings(*p.Settings)
		out.Settings = &s
	}
	for _, t := range p.Templates {
		wt := apitype.SubscribeTemplate{ID: t.ID, Title: t.Title}
		for _, f := range t.Fields {
			wt.Fields = append(wt.Fields, apitype.TemplateField(f))
		}
		out.Templates = append(out.Templates, wt)
	}
	return out
}

func wirePrompts(ps []app.PendingPrompt) []apitype.PendingPrompt {
	if ps == nil {
		return nil // as the domain gave it: null, not []
	}
	out := make([]apitype.PendingPrompt, 0, len(ps))
	for _, p := range ps {
		out = append(out, wirePrompt(p))
	}
	return out
}

func domainAnswer(a apitype.Answer) app.Answer {
	out := app.Answer{Action: a.Action, Auth: a.Auth, Choices: a.Choices, Keep: a.Keep}
	if a.Subscriptions != nil {
		s := app.Subscriptions(*a.Subscriptions)
		out.Subscriptions = &s
	}
	return out
}

func wireCalls(rs []app.CallRecord) []apitype.CallRecord {
	if rs == nil {
		return nil // as the domain gave it: null, not []
	}
	out := make([]apitype.CallRecord, 0, len(rs))
	for _, r := range rs {
		out = append(out, apitype.CallRecord(r))
	}
	return out
}

func wireMessages(ms []app.Message) []apitype.Message {
	if ms == nil {
		return nil // as the domain gave it: null, not []
	}
	out := make([]apitype.Message, 0, len(ms))
	for _, m := range ms {
		wm := apitype.Message{ID: m.ID, Time: m.Time, AppID: m.AppID, AppName: m.AppName, Persona: m.Persona,
			TemplateID: m.TemplateID, Title: m.Title, Page: m.Page, State: m.State, Lang: m.Lang}
		for _, f := range m.Fields {
			wm.Fields = append(wm.Fields, apitype.MessageField(f))
		}
		out = append(out, wm)
	}
	return out
}

func wireStorage(s app.Storage) apitype.Storage {
	out := apitype.Storage{Persona: s.Persona, AppID: s.AppID, Items: make([]apitype.StorageItem, 0, len(s.Items)), ItemLimit: s.ItemLimit, AppLimit: s.AppLimit}
	if s.Items == nil {
		out.Items = nil
	}
	for _, it := range s.Items {
		out.Items = append(out.Items, apitype.StorageItem(it))
	}
	return out
}

func wirePersonaExports(ps []app.PersonaExport) []apitype.PersonaExport {
	if ps == nil {
		return nil // as the domain gave it: null, not []
	}
	out := make([]apitype.PersonaExport, 0, len(ps))
	for _, p := range ps {
		out = append(out, apitype.PersonaExport{Persona: wirePersona(p.Persona), AvatarPNG: p.AvatarPNG})
	}
	return out
}

func domainPersonaExports(ps []apitype.PersonaExport) []app.PersonaExport {
	if ps == nil {
		return nil // as the domain gave it: null, not []
	}
	out := make([]app.PersonaExport, 0, len(ps))
	for _, p := range ps {
		out = append(out, app.PersonaExport{Persona: app.Persona(p.Persona), AvatarPNG: p.AvatarPNG})
	}
	return out
}
