package app

import "fmt"

// Result is what an open interface answers: the fields of the wx result object
// plus errMsg. It marshals to JSON as the flat object a mini program receives.
type Result map[string]any

// OK builds a success result for api with the given fields.
func OK(api string, fields Result) Result {
	r := Result{}
	for k, v := range fields {
		r[k] = v
	}
	r["errMsg"] = api + ":ok"
	return r
}

// Fail is a wx-level failure: errMsg "<api>:fail <reason>", with an errCode
// when the API has numeric codes (SOTER always does).
type Fail struct {
	API    string
	Reason string
	Code   int    // 0 = no errCode field
	Extra  Result // fields a failure still carries (SOTER: authMode, resultJSON, ...)
}

func (f *Fail) Error() string { return f.API + ":fail " + f.Reason }

// Result renders the failure as the object a mini program's fail callback gets.
func (f *Fail) Result() Result {
	r := Result{}
	for k, v := range f.Extra {
		r[k] = v
	}
	r["errMsg"] = f.Error()
	if f.Code != 0 {
		r["errCode"] = f.Code
	}
	return r
}

func fail(api, reason string) *Fail { return &Fail{API: api, Reason: reason} }

// noGesture is the failure of an API that needs the user's tap and was
// called without one (the phone's wording).
func noGesture(api string) *Fail { return fail(api, "can only be invoked by user TAP gesture.") }

func failf(api, format string, args ...any) *Fail {
	return &Fail{API: api, Reason: fmt.Sprintf(format, args...)}
}

// ServerError is an emulated WeChat server error: {errcode, errmsg}.
type ServerError struct {
	Code int
	Msg  string
}

func (e *ServerError) Error() string { return fmt.Sprintf("errcode %d: %s", e.Code, e.Msg) }

// WeChat server error codes used by the emulation. Msg is the errmsg before
// the " rid: <id>" the server appends (hostapi adds it); some real messages end
// in a comma there ("code been used, rid: …"), so those Msgs do too.
var (
	errSystem         = &ServerError{-1, "system error"}
	errInvalidCred    = &ServerError{40001, "invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r"}
	errInvalidAppID   = &ServerError{40013, "invalid appid"}
	errInvalidCode    = &ServerError{40029, "invalid code,"}
	errInvalidSecret  = &ServerError{40125, "invalid appsecret"}
	errCodeUsed       = &ServerError{40163, "code been used,"}
	errCodeBlocked    = &ServerError{40226, "code blocked"}
	errQuota          = &ServerError{45011, "api minute-quota reach limit mustslower retry next minute"}
	errInvalidSig     = &ServerError{87009, "invalid signature"}
	errInvalidArgs    = &ServerError{41002, "appid missing"}
	errMissingCode    = &ServerError{41008, "missing code"}
	errMissingOpenID  = &ServerError{41009, "missing openid"}
	errInvalidOpenID  = &ServerError{40003, "invalid openid"}
	errInvalidGrant   = &ServerError{40002, "invalid grant_type"}
	errMissingSecret  = &ServerError{41004, "appsecret missing"}
	errInvalidRequest = &ServerError{47001, "data format error"}
	errDailyQuota     = &ServerError{45009, "reach max api daily quota limit"}
)
