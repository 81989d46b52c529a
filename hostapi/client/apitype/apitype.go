// Package apitype holds the JSON shapes of minihost's control API: what
// hostapi/client sends and receives, and what the server (hostapi) encodes
// and decodes, one definition of each. It imports nothing of minihost's, so
// a QA project importing the client gets neither the server nor the domain.
// The server converts its domain values to these at its edge.
package apitype

import (
	"encoding/json"
	"time"
)

// Status is GET /_minihost/status: what is running and what is active.
type Status struct {
	Version   string    `json:"version"`
	Persona   string    `json:"persona"`
	Apps      []string  `json:"apps"`
	Pending   int       `json:"pendingPrompts"`
	Faults    int       `json:"faults"`
	Policies  *Policies `json:"policies,omitempty"`
	Overrides Durations `json:"timeoutOverrides"`
}

// ---- apps ----

// AppInfo is one entry of GET /_minihost/apps.
type AppInfo struct {
	AppID          string `json:"appid"`
	Name           string `json:"name"`
	EnvVersion     string `json:"envVersion"`
	UserInfoPolicy string `json:"userInfoPolicy,omitempty"`
	URL            string `json:"url,omitempty"` // the app's origin, http://<label>.localhost:<port>
	Secret         string `json:"secret"`
	Token          string `json:"token"`
}

// LoadRequest is POST /_minihost/apps.
type LoadRequest struct {
	Dir string `json:"dir"` // absolute path on the host's machine
}

// AppChange is PATCH /_minihost/apps/{appid}: the fields set are changed.
type AppChange struct {
	EnvVersion     *string `json:"envVersion,omitempty"`
	UserInfoPolicy *string `json:"userInfoPolicy,omitempty"`
}

// PersonaRequest names a persona ("" = the current one).
type PersonaRequest struct {
	Persona string `json:"persona,omitempty"`
}

// Settings is what an app's settings page shows: authSetting and
// subscriptionsSetting.
type Settings struct {
	// Auth has the scopes the app has asked for: true granted, false denied.
	Auth          map[string]bool `json:"authSetting"`
	Subscriptions Subscriptions   `json:"subscriptionsSetting"`
}

// Subscriptions is subscriptionsSetting.
type Subscriptions struct {
	MainSwitch   bool              `json:"mainSwitch"`
	ItemSettings map[string]string `json:"itemSettings"` // tmplId -> accept | reject | ban
}

// SettingsInfo is a persona's settings in an app.
type SettingsInfo struct {
	AppID   string `json:"appid"`
	Persona string `json:"persona"`
	Settings
}

// SessionState is a persona's login session in an app.
type SessionState struct {
	LoggedIn bool      `json:"loggedIn"`
	Valid    bool      `json:"valid"`
	Created  time.Time `json:"created,omitzero"`
	LastUsed time.Time `json:"lastUsed,omitzero"`
	Expires  time.Time `json:"expires,omitzero"`
}

// SessionInfo is a persona's login state in an app.
type SessionInfo struct {
	AppID   string `json:"appid"`
	Persona string `json:"persona"`
	SessionState
}

// Durations are the login code TTL and session expiry, as Go durations
// ("30s"); "" is none.
type Durations struct {
	CodeTTL     string `json:"codeTTL,omitempty"`
	LoginExpiry string `json:"loginExpiry,omitempty"`
}

// TimeoutsInfo is GET /_minihost/timeouts.
type TimeoutsInfo struct {
	Defaults  Durations `json:"defaults"`
	Overrides Durations `json:"overrides"`
}

// ---- personas ----

// Persona is a test user.
type Persona struct {
	ID       string `json:"id"`
	NickName string `json:"nickName"`
	Language string `json:"language"` // en, zh_CN, zh_TW
	Gender   int    `json:"gender"`   // 0 unknown, 1 male, 2 female
	Color    string `json:"color"`    // the avatar's base colour, "#rrggbb"
	// Phone is the bound number, "+<country code> <number>"; "" for none.
	Phone string `json:"phone,omitempty"`
}

// PersonaChange is PATCH /_minihost/personas/{id}: the fields set are changed.
type PersonaChange struct {
	NickName *string `json:"nickName,omitempty"`
	Language *string `json:"language,omitempty"`
	Gender   *int    `json:"gender,omitempty"`
	Color    *string `json:"color,omitempty"`
	Phone    *string `json:"phone,omitempty"` // "" unbinds the number
}

// PersonaInfo is a persona as the control API shows it.
type PersonaInfo struct {
	Persona
	Current      bool   `json:"current"`
	CustomAvatar bool   `json:"customAvatar"`
	AvatarURL    string `json:"avatarUrl"` // 132×132, as apps get it
}

// PersonaList is GET /_minihost/personas.
type PersonaList struct {
	Current  string        `json:"current"`
	Personas []PersonaInfo `json:"personas"`
}

// PersonaFileFormat marks an exported personas file.
const PersonaFileFormat = "minihost-personas/v1"

// PersonaFile is an exported personas file, as GET /_minihost/personas/export
// writes it and POST /_minihost/personas/import reads it.
type PersonaFile struct {
	Format   string          `json:"format"`
	Personas []PersonaExport `json:"personas"`
}

// PersonaExport is a persona with its uploaded avatar, if any.
type PersonaExport struct {
	Persona
	AvatarPNG []byte `json:"avatarPng,omitempty" yaml:"avatarPng,omitempty"`
}

// Location is where a persona is (getLocation).
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// ---- prompts and policies ----

// Prompt kinds.
const (
	PromptAuthorize = "authorize"
	PromptProfile   = "profile"
	PromptSettings  = "settings"
	PromptSoter     = "soter"
	PromptPhone     = "phone"
	PromptSubscribe = "subscribe"
)

// Answers to a prompt.
const (
	AnswerAllow   = "allow"
	AnswerDeny    = "deny"
	AnswerCancel  = "cancel"
	AnswerMatch   = "match"    // soter, simulated reader
	AnswerNoMatch = "no-match" // soter, simulated reader
)

// A subscribe prompt's choices per template.
const (
	SubAccept = "accept"
	SubReject = "reject"
	SubBan    = "ban"
)

// PendingPrompt is a prompt waiting for a person (or a script).
type PendingPrompt struct {
	ID          uint64    `json:"id"`
	Kind        string    `json:"kind"` // authorize, profile, settings, soter, phone, subscribe
	API         string    `json:"api"`  // the wx API that prompted
	AppID       string    `json:"appid"`
	AppName     string    `json:"appName"`
	Persona     string    `json:"persona"`
	Scope       string    `json:"scope,omitempty"`
	ScopeName   string    `json:"scopeName,omitempty"`
	Desc        string    `json:"desc,omitempty"`
	Mode        string    `json:"mode,omitempty"`        // soter
	AuthContent string    `json:"authContent,omitempty"` // soter
	Simulated   bool      `json:"simulated,omitempty"`   // soter: match / no-match answers work
	Scopes      []string  `json:"scopes,omitempty"`      // settings: the switches on the page
	Settings    *Settings `json:"settings,omitempty"`    // settings: as the page opened
	Phone       string    `json:"phone,omitempty"`       // phone: the number the app would get
	// Templates are a subscribe prompt's switches.
	Templates []SubscribeTemplate `json:"templates,omitempty"`
	Policy    Policy              `json:"policy"` // the policy that applies
	Created   time.Time           `json:"created"`
	// Waiters counts the calls waiting for this prompt's answer.
	Waiters int `json:"waiters"`
}

// SubscribeTemplate is one switch of a subscribe prompt.
type SubscribeTemplate struct {
	ID     string          `json:"id"`
	Title  string          `json:"title"`
	Fields []TemplateField `json:"fields,omitempty"`
}

// TemplateField is a field of a subscription message template.
type TemplateField struct {
	Name  string `json:"name"`  // e.g. thing1
	Label string `json:"label"` // e.g. "Item"
}

// Answer is POST /_minihost/prompts/{id}/answer.
type Answer struct {
	Action        string            `json:"answer"` // AnswerAllow, …
	Auth          map[string]bool   `json:"authSetting,omitempty"`
	Subscriptions *Subscriptions    `json:"subscriptionsSetting,omitempty"`
	Choices       map[string]string `json:"choices,omitempty"` // subscribe: tmplId -> accept | reject
	Keep          bool              `json:"keep,omitempty"`    // subscribe
}

// PolicyDefaultKey is the policy key of the default policy.
const PolicyDefaultKey = "default"

// Policy is how a prompt is answered: "ask", "allow", "deny" or
// "after:<duration>" (e.g. "after:2s").
type Policy string

func (p Policy) String() string { return string(p) }

// Policies is GET /_minihost/policies: the default and the rules by key (a
// prompting API or a scope).
type Policies struct {
	Default Policy            `json:"default"`
	Rules   map[string]Policy `json:"rules"`
}

// PolicyRequest is PUT /_minihost/policies/{key}.
type PolicyRequest struct {
	Policy string `json:"policy"` // ask, allow, deny, after:<duration>
}

// ---- faults ----

// FaultRequest is POST /_minihost/faults.
type FaultRequest struct {
	API     string `json:"api"`             // wx API (login) or server endpoint (server.jscode2session)
	Times   *int   `json:"times,omitempty"` // default 1; 0 = every call until cleared
	ErrMsg  string `json:"errMsg,omitempty"`
	ErrCode int    `json:"errCode,omitempty"`
	Delay   string `json:"delay,omitempty"` // e.g. "3s"
	Hang    bool   `json:"hang,omitempty"`
}

// FaultInfo is an active fault.
type FaultInfo struct {
	ID        uint64    `json:"id"`
	API       string    `json:"api"`
	Times     int       `json:"times"`
	Remaining int       `json:"remaining"`
	Hits      int       `json:"hits"`
	ErrMsg    string    `json:"errMsg,omitempty"`
	ErrCode   int       `json:"errCode,omitempty"`
	Delay     string    `json:"delay,omitempty"`
	Hang      bool      `json:"hang,omitempty"`
	Created   time.Time `json:"created"`
}

// ---- call log ----

// CallFilter selects call log records (GET /_minihost/calls's query).
type CallFilter struct {
	AppID    string
	API      string
	AfterSeq uint64
	Persona  string
	Failed   bool // only calls whose errMsg is not "<api>:ok"
	Limit    int  // newest Limit records; 0 = 100
}

// CallRecord is one call in the call log.
type CallRecord struct {
	Seq      uint64          `json:"seq"`
	Time     time.Time       `json:"time"`
	AppID    string          `json:"appid"`
	Persona  string          `json:"persona"`
	API      string          `json:"api"`
	Args     json.RawMessage `json:"args,omitempty"`
	Result   json.RawMessage `json:"result,omitempty"`
	ErrMsg   string          `json:"errMsg"`
	Duration time.Duration   `json:"duration"`
	Fault    uint64          `json:"fault,omitempty"` // the injected fault that answered, if any
	// RID is the request id a server endpoint appended to its errmsg.
	RID string `json:"rid,omitempty"`
}

// ---- messages ----

// Message is a subscription message delivered to a persona.
type Message struct {
	ID         uint64         `json:"id"`
	Time       time.Time      `json:"time"`
	AppID      string         `json:"appid"`
	AppName    string         `json:"appName"`
	Persona    string         `json:"persona"`
	TemplateID string         `json:"templateId"`
	Title      string         `json:"title"`
	Fields     []MessageField `json:"fields"`
	Page       string         `json:"page,omitempty"`  // "pages/x/y?a=1", where tapping it opens the app
	State      string         `json:"state,omitempty"` // miniprogram_state: developer, trial, formal
	Lang       string         `json:"lang,omitempty"`
}

// MessageField is one line of a message.
type MessageField struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// ---- storage ----

// Storage is an app's wx storage for a persona.
type Storage struct {
	Persona string        `json:"persona"`
	AppID   string        `json:"appid"`
	Items   []StorageItem `json:"items"`
	// Limits in bytes: of one item, of the app's whole storage.
	ItemLimit int `json:"itemLimit"`
	AppLimit  int `json:"appLimit"`
}

// StorageItem is one key.
type StorageItem struct {
	Key  string          `json:"key"`
	Data json.RawMessage `json:"data"`
	Type string          `json:"type,omitempty"`
}

// ---- simulator ----

// DeviceInfo is GET and PUT /_minihost/simulator/device.
type DeviceInfo struct {
	Device  string   `json:"device"`
	Devices []string `json:"devices"`
}

// LogEntry is a page's console message or error.
type LogEntry struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	AppID   string    `json:"appid"`
	Level   string    `json:"level"`
	Source  string    `json:"source"` // "runtime" or "console"
	Message string    `json:"message"`
	File    string    `json:"file,omitempty"`
	Line    int       `json:"line,omitempty"`
	Column  int       `json:"column,omitempty"`
	Stack   string    `json:"stack,omitempty"`
}
