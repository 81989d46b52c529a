package app

// BackendService is the emulated WeChat server a developer's backend calls:
// jscode2session, access tokens, checksession and resetusersessionkey,
// getuserphonenumber, subscribe send, getwxacodeunlimit and
// verify_signature. Its answers are Results or *ServerErrors.
type BackendService struct {
	*core
	sessions *SessionService // the sessions a code exchange or a signature checks
	quota    exchangeQuota   // jscode2session per user per minute (quota.go)
	stable   stableTokens    // stable_token (stabletoken.go)
}

// CodeExchange is jscode2session's query.
type CodeExchange struct {
	AppID     string // appid
	Secret    string // secret: the AppSecret
	JSCode    string // js_code: the code wx.login returned
	GrantType string // grant_type: authorization_code
}

// TokenRequest is cgi-bin/token's query and stable_token's body.
type TokenRequest struct {
	GrantType    string // grant_type: client_credential
	AppID        string // appid
	Secret       string // secret: the AppSecret
	ForceRefresh bool   // force_refresh: stable_token only
}

// SessionKeyCheck is the query of checksession and resetusersessionkey: the
// user's openid and hex(hmac_sha256(key = session_key, message = "")).
type SessionKeyCheck struct {
	AccessToken string // access_token
	OpenID      string // openid
	Signature   string // signature
	SigMethod   string // sig_method: hmac_sha256
}

// SignatureCheck is verify_signature's request: a SOTER resultJSON and its
// signature, by the user's AuthKey in the app.
type SignatureCheck struct {
	AccessToken   string // access_token
	OpenID        string // openid
	JSONString    string // json_string: resultJSON
	JSONSignature string // json_signature: resultJSONSignature
}

// The endpoints' answers, marshalled as they are. Fields are in the order the
// JSON had when these were maps (sorted), so the bytes on the wire are as before.

// ServerStatus is {errcode, errmsg}: a failure's whole answer, and the start
// of some successes ({0, "ok"}).
type ServerStatus struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func serverOK() ServerStatus { return ServerStatus{ErrCode: 0, ErrMsg: "ok"} }

// CodeSession is jscode2session's answer.
type CodeSession struct {
	OpenID     string `json:"openid"`
	SessionKey string `json:"session_key"` // base64
	UnionID    string `json:"unionid"`
}

// TokenResult is cgi-bin/token's and stable_token's answer.
type TokenResult struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"` // seconds
}

// SessionKeyReset is resetusersessionkey's answer: the user's new key.
type SessionKeyReset struct {
	ServerStatus
	OpenID     string `json:"openid"`
	SessionKey string `json:"session_key"` // base64
}

// SignatureVerdict is verify_signature's answer.
type SignatureVerdict struct {
	ServerStatus
	IsOK bool `json:"is_ok"`
}

// PhoneNumberResult is getuserphonenumber's answer.
type PhoneNumberResult struct {
	ServerStatus
	PhoneInfo PhoneInfo `json:"phone_info"`
}

// PhoneInfo is a phone number with the watermark that ties it to the app.
type PhoneInfo struct {
	PhoneNumber
	Watermark Watermark `json:"watermark"`
}

// SentMessage is subscribe/send's answer.
type SentMessage struct {
	ServerStatus
	MsgID uint64 `json:"msgid"`
}
