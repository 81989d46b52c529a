package app

import (
	"context"
	"reflect"
	"slices"
	"strings"
)

// The names of the open interfaces, each spelled once: the table rows
// and the methods that answer them (their errMsg) use these.
const (
	apiLogin         = "login"
	apiCheckSession  = "checkSession"
	apiAccountInfo   = "getAccountInfoSync"
	apiUserProfile   = "getUserProfile"
	apiUserInfo      = "getUserInfo"
	apiGetSetting    = "getSetting"
	apiOpenSetting   = "openSetting"
	apiAuthorize     = "authorize"
	apiSoterEnrolled = "checkIsSoterEnrolledInDevice"
	apiSoterSupport  = "checkIsSupportSoterAuthentication"
	apiSoter         = "startSoterAuthentication"
	apiPhone         = "getPhoneNumber"
	apiRealtimePhone = "getRealtimePhoneNumber"
	apiSubscribe     = "requestSubscribeMessage"
)

// OpenAPI is one wx open interface the host serves at POST /wx/{appid}/{name}.
// OpenAPIs is the one table of them: the HTTP routes, the fault and policy
// keys, boot's "apis", wx.canIUse and wx.js's list are all derived from it.
type OpenAPI struct {
	Name string
	// Sync: a ...Sync interface; wx.js answers it from its boot copy.
	Sync bool
	// Gesture: it needs a user tap; wx.js sends _userGesture and Call gets it.
	Gesture bool
	// Prompt is the kind of prompt it may show ("" none); such an API is a
	// policy key.
	Prompt string
	// Params are the request's fields (from its argument struct's json tags);
	// Options the values canIUse knows for some of them.
	Params  []string
	Options map[string][]string
	// Success lists the result's fields, dotted for nested ones
	// ("userInfo.nickName"); errMsg is implied. For a Sync API they are its
	// return value's.
	Success []string
	// Call decodes the request and runs it.
	Call func(ctx context.Context, h *Host, c APICall) (Result, error)
}

// CallOpen runs one open interface of the table on h, for a transport that
// holds the Host behind an interface of its own.
func (h *Host) CallOpen(ctx context.Context, api OpenAPI, c APICall) (Result, error) {
	return api.Call(ctx, h, c)
}

// APICall is one call of an open interface as the transport received it.
type APICall struct {
	AppID string
	// Gesture: the call came inside a user tap (meaningful for Gesture APIs;
	// clients that cannot tell count as a tap).
	Gesture bool
	// Decode reads the request's arguments into a struct (json tags); it
	// fails with the transport's bad-request error.
	Decode func(v any) error
}

// openAPI builds a table row whose Call decodes the arguments A and whose
// Params are A's json field names.
func openAPI[A any](name string, run func(ctx context.Context, h *Host, c APICall, a A) (Result, error)) OpenAPI {
	return OpenAPI{Name: name, Params: jsonFields(reflect.TypeFor[A]()),
		Call: func(ctx context.Context, h *Host, c APICall) (Result, error) {
			var a A
			if err := c.Decode(&a); err != nil {
				return nil, err
			}
			return run(ctx, h, c, a)
		}}
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// The row builders below keep the table one expression per API.

// returns names the result's fields.
func (a OpenAPI) returns(fields ...string) OpenAPI {
	a.Success = fields
	return a
}

// prompts marks an API that may show a prompt of that kind.
func (a OpenAPI) prompts(kind string) OpenAPI {
	a.Prompt = kind
	return a
}

// sync marks a ...Sync API: its fields are its return value's.
func (a OpenAPI) sync() OpenAPI {
	a.Sync = true
	return a
}

// tap marks an API that needs a user tap.
func (a OpenAPI) tap() OpenAPI {
	a.Gesture = true
	return a
}

// options names the values canIUse knows for one parameter.
func (a OpenAPI) options(param string, values ...string) OpenAPI {
	a.Options = map[string][]string{param: values}
	return a
}

type noArgs struct{}

// OpenAPIs is the table of open interfaces, in the seed document's order
// (wx-api.md). Adding one is adding its row here (and its Host method);
// `make api-table` then regenerates wx.js's copy.
func OpenAPIs() []OpenAPI {
	// Field lists shared by several results.
	userInfoFields := []string{"userInfo.nickName", "userInfo.avatarUrl", "userInfo.gender", "userInfo.country",
		"userInfo.province", "userInfo.city", "userInfo.language", "rawData", "signature", "encryptedData", "iv", "cloudID"}
	settingFields := []string{"authSetting", "subscriptionsSetting.mainSwitch", "subscriptionsSetting.itemSettings"}
	languages := []string{"en", "zh_CN", "zh_TW"}
	return []OpenAPI{
		openAPI(apiLogin, func(ctx context.Context, h *Host, c APICall, _ noArgs) (Result, error) {
			return h.Login(ctx, c.AppID)
		}).returns("code"),
		openAPI(apiCheckSession, func(ctx context.Context, h *Host, c APICall, _ noArgs) (Result, error) {
			return h.CheckSession(ctx, c.AppID)
		}),
		openAPI(apiAccountInfo, func(ctx context.Context, h *Host, c APICall, _ noArgs) (Result, error) {
			info, err := h.AccountInfo(c.AppID)
			if err != nil {
				return nil, err
			}
			return OK(apiAccountInfo, info), nil
		}).sync().returns("miniProgram.appId", "miniProgram.envVersion.develop", "miniProgram.envVersion.trial",
			"miniProgram.envVersion.release", "miniProgram.version", "plugin.appId", "plugin.version"),
		openAPI(apiUserProfile, func(ctx context.Context, h *Host, c APICall, a struct {
			Desc string `json:"desc"`
			Lang string `json:"lang"`
		}) (Result, error) {
			return h.GetUserProfile(ctx, c.AppID, UserProfileRequest{Desc: a.Desc, Lang: a.Lang, UserGesture: c.Gesture})
		}).prompts(PromptProfile).tap().returns(userInfoFields...).options("lang", languages...),
		openAPI(apiUserInfo, func(ctx context.Context, h *Host, c APICall, a struct {
			WithCredentials bool   `json:"withCredentials"`
			Lang            string `json:"lang"`
		}) (Result, error) {
			return h.GetUserInfo(ctx, c.AppID, a.WithCredentials, a.Lang)
		}).returns(userInfoFields...).options("lang", languages...),
		openAPI(apiGetSetting, func(ctx context.Context, h *Host, c APICall, a struct {
			WithSubscriptions bool `json:"withSubscriptions"`
		}) (Result, error) {
			return h.GetSetting(ctx, c.AppID, a.WithSubscriptions)
		}).returns(settingFields...),
		openAPI(apiOpenSetting, func(ctx context.Context, h *Host, c APICall, a struct {
			WithSubscriptions bool `json:"withSubscriptions"`
		}) (Result, error) {
			return h.OpenSetting(ctx, c.AppID, a.WithSubscriptions, c.Gesture)
		}).prompts(PromptSettings).tap().returns(settingFields...),
		openAPI(apiAuthorize, func(ctx context.Context, h *Host, c APICall, a struct {
			Scope string `json:"scope"`
		}) (Result, error) {
			return h.Authorize(ctx, c.AppID, a.Scope)
		}).prompts(PromptAuthorize),
		openAPI(apiSoterEnrolled, func(ctx context.Context, h *Host, c APICall, a struct {
			CheckAuthMode string `json:"checkAuthMode"`
		}) (Result, error) {
			return h.CheckIsSoterEnrolledInDevice(ctx, c.AppID, a.CheckAuthMode)
		}).returns("isEnrolled").options("checkAuthMode", soterModes...),
		openAPI(apiSoterSupport, func(ctx context.Context, h *Host, c APICall, _ noArgs) (Result, error) {
			return h.CheckIsSupportSoterAuthentication(ctx, c.AppID)
		}).returns(prefixed("supportMode.", soterModes)...),
		openAPI(apiSoter, func(ctx context.Context, h *Host, c APICall, a struct {
			RequestAuthModes []string `json:"requestAuthModes"`
			Challenge        string   `json:"challenge"`
			AuthContent      string   `json:"authContent"`
		}) (Result, error) {
			return h.StartSoterAuthentication(ctx, c.AppID, SoterRequest(a))
		}).prompts(PromptSoter).returns("authMode", "resultJSON", "resultJSONSignature", "errCode").
			options("requestAuthModes", soterModes...),
		openAPI(apiPhone, func(ctx context.Context, h *Host, c APICall, _ noArgs) (Result, error) {
			return h.GetPhoneNumber(ctx, c.AppID, false, c.Gesture)
		}).prompts(PromptPhone).tap().returns("code", "encryptedData", "iv", "cloudID"),
		openAPI(apiRealtimePhone, func(ctx context.Context, h *Host, c APICall, _ noArgs) (Result, error) {
			return h.GetPhoneNumber(ctx, c.AppID, true, c.Gesture)
		}).prompts(PromptPhone).tap().returns("code"),
		openAPI(apiSubscribe, func(ctx context.Context, h *Host, c APICall, a struct {
			TmplIDs []string `json:"tmplIds"`
		}) (Result, error) {
			return h.RequestSubscribeMessage(ctx, c.AppID, a.TmplIDs, c.Gesture)
		}).prompts(PromptSubscribe).tap(),
	}
}

func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// LookupOpenAPI finds an open interface by name.
func LookupOpenAPI(name string) (OpenAPI, bool) {
	apis := OpenAPIs()
	i := slices.IndexFunc(apis, func(a OpenAPI) bool { return a.Name == name })
	if i < 0 {
		return OpenAPI{}, false
	}
	return apis[i], true
}

// OpenAPINames lists the open interfaces' names in table order.
func OpenAPINames() []string {
	var out []string
	for _, a := range OpenAPIs() {
		out = append(out, a.Name)
	}
	return out
}

// CanIUse is the tree wx.canIUse walks for an open interface
// (${API}.${method}.${param}.${option}): object.<param>[.<option>] and
// success.<field> for an async API, return.<field> for a Sync one; a leaf
// is true.
func (a OpenAPI) CanIUse() map[string]any {
	tree := map[string]any{}
	results := "success"
	if a.Sync {
		results = "return"
	} else {
		for _, p := range append([]string{"success", "fail", "complete", "timeout"}, a.Params...) {
			put(tree, "object."+p)
		}
		for p, values := range a.Options {
			for _, v := range values {
				put(tree, "object."+p+"."+v)
			}
		}
		put(tree, "success.errMsg")
	}
	for _, f := range a.Success {
		put(tree, results+"."+f)
	}
	return tree
}

// put sets the dotted path in tree, a leaf true; a leaf under which a path
// goes becomes a node.
func put(tree map[string]any, path string) {
	head, rest, more := strings.Cut(path, ".")
	if !more {
		if _, ok := tree[head]; !ok {
			tree[head] = true
		}
		return
	}
	sub, ok := tree[head].(map[string]any)
	if !ok {
		sub = map[string]any{}
		tree[head] = sub
	}
	put(sub, rest)
}
