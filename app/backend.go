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
