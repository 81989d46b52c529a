package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// session is a persona's login state in one app, keyed "persona|appid".
type session struct {
	KeyID string `json:"keyID"` // KeyStore name suffix of the session_key
	// PrevKeyID is the key this one replaced, kept until the next rotation:
	// a reader that read the session just before it changed still finds the
	// key it names.
	PrevKeyID string    `json:"prevKeyID,omitempty"`
	Created   time.Time `json:"created"`
	LastUsed  time.Time `json:"lastUsed"`
	Expired   bool      `json:"expired,omitempty"` // expired by hand (UI, control API)
}

// loginCode is one wx.login code.
type loginCode = oneUseCode

// oneUseCode is what a code a backend redeems once records: wx.login's and
// getPhoneNumber's.
type oneUseCode struct {
	Persona string    `json:"persona"`
	AppID   string    `json:"appid"`
	Issued  time.Time `json:"issued"`
	Used    bool      `json:"used,omitempty"`
}

// redeemable says why appID's backend may not redeem c at now, if it may
// not: another app's code and an expired one are invalid, a used one used.
func (c oneUseCode) redeemable(appID string, now time.Time, ttl time.Duration) error {
	switch {
	case c.AppID != appID:
		return errInvalidCode
	case c.Used:
		return errCodeUsed
	case now.Sub(c.Issued) > ttl:
		return errInvalidCode
	}
	return nil
}

func sessionKeyName(keyID string) string { return "sessionkey/" + keyID }

// rotate makes keyID the session's key and returns the key id to delete:
// the one two rotations back, not the one just replaced (see PrevKeyID).
func (s session) rotate(keyID string) (session, string) {
	if s.KeyID == keyID {
		return s, ""
	}
	drop := s.PrevKeyID
	s.PrevKeyID, s.KeyID = s.KeyID, keyID
	return s, drop
}

// touchEvery bounds how often using a session rewrites its LastUsed: a write
// per call would make every wx call a disk sync.
const touchEvery = time.Minute

// SessionService is wx.login's side of sessions: codes, sessions and their
// keys, wx.checkSession, and the control API's view of them. The server's
// side (jscode2session, checksession) is BackendService.
type SessionService struct {
	*core
	codePurge minuteTimer // of old login codes
}

// Login is wx.login: it issues a single-use code and starts a new session whose
// session_key is fixed now, so getUserInfo and the backend's code exchange
// agree on it.
func (h *SessionService) Login(ctx context.Context, appID string) (Result, error) {
	const api = apiLogin
	if _, err := h.app(api, appID); err != nil {
		return nil, err
	}
	p := h.CurrentPersona()
	code, err := h.randomCode()
	if err != nil {
		return nil, err
	}
	now := h.now()
	// Retried when a concurrent login replaced the session between reading it
	// and writing: reusing a key read before that could name a deleted key.
	for attempt := 0; ; attempt++ {
		err := h.loginOnce(ctx, p.ID, appID, code, now)
		if !errors.Is(err, errSessionChanged) || attempt == 5 {
			if err != nil {
				return nil, fmt.Errorf("login: %w", err)
			}
			break
		}
	}
	h.state.notify()
	return OK(api, Result{"code": code}), nil
}

var errSessionChanged = errors.New("session changed concurrently")

// loginOnce records a new login code and renews or starts the session. A
// session that is still valid keeps its session_key: wx.login renews it, as a
// phone does, and the code exchanges for that same key. Only a new or expired
// session gets a fresh key, so the common login is one synced write.
func (h *SessionService) loginOnce(ctx context.Context, personaID, appID, code string, now time.Time) error {
	var cur session
	err := h.opts.Store.View(func(tx Tx) error { return getJSON(tx, bucketSessions, userKey(personaID, appID), &cur) })
	reuse := err == nil && !cur.Expired && now.Sub(cur.LastUsed) <= h.loginExpiry(appID)
	if reuse {
		// A session whose key is gone (a lost keystore) is expired: renewing
		// it would hand out codes that never exchange.
		if _, kerr := h.secrets.get(ctx, sessionKeyName(cur.KeyID)); errors.Is(kerr, ErrNotFound) {
			reuse = false
		}
	}
	keyID := cur.KeyID
	if !reuse {
		key, err := h.random(16)
		if err != nil {
			return err
		}
		if keyID, err = h.randomHex(12); err != nil {
			return err
		}
		// The key goes to the KeyStore before the session that names it is
		// committed: a crash in between leaves an orphan key, never a
		// session without its key.
		if err := h.secrets.put(ctx, sessionKeyName(keyID), key); err != nil {
			return fmt.Errorf("store session key: %w", err)
		}
	}
	var drop string
	err = h.opts.Store.Update(func(tx Tx) error {
		var old session
		found := getJSON(tx, bucketSessions, userKey(personaID, appID), &old) == nil
		if reuse && (!found || old.KeyID != keyID) {
			return errSessionChanged // the key read above may be gone
		}
		next := session{KeyID: keyID, Created: now}
		drop = ""
		if found {
			next, drop = old.rotate(keyID)
			if old.KeyID != keyID {
				next.Created = now
			}
		}
		next.LastUsed, next.Expired = now, false
		if err := putJSON(tx, bucketSessions, userKey(personaID, appID), next); err != nil {
			return err
		}
		if err := putJSON(tx, bucketCodes, code, loginCode{Persona: personaID, AppID: appID, Issued: now}); err != nil {
			return err
		}
		if !h.codePurge.due(now) {
			return nil
		}
		return h.purgeCodes(tx, now)
	})
	if err != nil {
		if !reuse {
			h.secrets.delete(ctx, sessionKeyName(keyID))
		}
		return err
	}
	if drop != "" && drop != keyID {
		h.secrets.delete(ctx, sessionKeyName(drop))
	}
	return nil
}

// sessionWithKey reads a persona's session in appID and its session_key. A
// concurrent login or reset may replace the session and delete its old key
// between the two reads; the session is then read again.
func (h *SessionService) sessionWithKey(ctx context.Context, personaID, appID string) (session, []byte, error) {
	for attempt := 0; ; attempt++ {
		var s session
		if err := h.opts.Store.View(func(tx Tx) error { return getJSON(tx, bucketSessions, userKey(personaID, appID), &s) }); err != nil {
			return s, nil, err
		}
		key, err := h.secrets.get(ctx, sessionKeyName(s.KeyID))
		if errors.Is(err, ErrNotFound) && attempt < 3 {
			continue
		}
		if err != nil {
			return s, nil, fmt.Errorf("session key: %w", err)
		}
		return s, key, nil
	}
}

// randomCode makes a code like WeChat's: 32 URL-safe characters.
func (h *core) randomCode() (string, error) {
	b, err := h.random(24)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// purgeCodes drops codes long past their validity. Used codes are kept a
// while so a second exchange says "code been used" rather than "invalid code".
func (h *SessionService) purgeCodes(tx Tx, now time.Time) error {
	return deleteWhere(tx, bucketCodes, func(k string, _ []byte) bool {
		var c loginCode
		return getJSON(tx, bucketCodes, k, &c) != nil || now.Sub(c.Issued) > h.codeTTL()+time.Hour
	})
}

// deleteWhere deletes the records of bucket that stale picks (collected
// first: a bucket must not change while it is walked).
func deleteWhere(tx Tx, bucket string, stale func(k string, v []byte) bool) error {
	var del []string
	err := tx.ForEach(bucket, func(k string, v []byte) error {
		if stale(k, v) {
			del = append(del, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range del {
		if err := tx.Delete(bucket, k); err != nil {
			return err
		}
	}
	return nil
}

// loginExpiry is the idle time after which appID's sessions end.
func (h *SessionService) loginExpiry(appID string) time.Duration {
	if o := h.TimeoutOverrides().LoginExpiry; o > 0 {
		return o // a control override beats the app's minihost.json
	}
	if a, ok := h.App(appID); ok && a.LoginExpiry > 0 {
		return a.LoginExpiry
	}
	return h.opts.LoginExpiry
}

// activeSession returns the persona's valid session in appID and marks it
// used, or ErrNotFound when there is none or it has expired.
func (h *SessionService) activeSession(ctx context.Context, personaID, appID string) (session, []byte, error) {
	now := h.now()
	s, key, err := h.sessionWithKey(ctx, personaID, appID)
	if err != nil {
		return s, nil, err
	}
	if s.Expired || now.Sub(s.LastUsed) > h.loginExpiry(appID) {
		return s, nil, ErrNotFound
	}
	if now.Sub(s.LastUsed) >= touchEvery {
		err := h.opts.Store.Update(func(tx Tx) error {
			var cur session
			if getJSON(tx, bucketSessions, userKey(personaID, appID), &cur) != nil || cur.KeyID != s.KeyID {
				return nil // replaced meanwhile; nothing to touch
			}
			cur.LastUsed = now
			return putJSON(tx, bucketSessions, userKey(personaID, appID), cur)
		})
		if err != nil {
			return s, nil, err
		}
	}
	return s, key, nil
}

// CheckSession is wx.checkSession.
func (h *SessionService) CheckSession(ctx context.Context, appID string) (Result, error) {
	const api = apiCheckSession
	if _, err := h.app(api, appID); err != nil {
		return nil, err
	}
	_, _, err := h.activeSession(ctx, h.CurrentPersona().ID, appID)
	if errors.Is(err, ErrNotFound) {
		return nil, fail(api, "session time out")
	}
	if err != nil {
		return nil, err
	}
	return OK(api, nil), nil
}

// SessionState describes a persona's login in an app, for the UI and control API.
type SessionState struct {
	LoggedIn bool      `json:"loggedIn"`
	Valid    bool      `json:"valid"`
	Created  time.Time `json:"created,omitzero"`
	LastUsed time.Time `json:"lastUsed,omitzero"`
	Expires  time.Time `json:"expires,omitzero"`
}

// Session reports the persona's session state in appID without touching it.
func (h *SessionService) Session(personaID, appID string) (SessionState, error) {
	var s session
	err := h.opts.Store.View(func(tx Tx) error { return getJSON(tx, bucketSessions, userKey(personaID, appID), &s) })
	if errors.Is(err, ErrNotFound) {
		return SessionState{}, nil
	}
	if err != nil {
		return SessionState{}, err
	}
	exp := s.LastUsed.Add(h.loginExpiry(appID))
	return SessionState{LoggedIn: true, Valid: !s.Expired && h.now().Before(exp), Created: s.Created, LastUsed: s.LastUsed, Expires: exp}, nil
}

// ExpireSession makes the persona's session in appID expire now, as if idle
// for too long: checkSession fails until the next wx.login.
func (h *SessionService) ExpireSession(ctx context.Context, personaID, appID string) error {
	return h.stateChanged(h.opts.Store.Update(func(tx Tx) error {
		var s session
		if err := getJSON(tx, bucketSessions, userKey(personaID, appID), &s); err != nil {
			return err
		}
		s.Expired = true
		return putJSON(tx, bucketSessions, userKey(personaID, appID), s)
	}))
}

// ForgetLogin deletes the persona's session in appID and its key.
func (h *SessionService) ForgetLogin(ctx context.Context, personaID, appID string) error {
	var s session
	err := h.opts.Store.Update(func(tx Tx) error {
		if err := getJSON(tx, bucketSessions, userKey(personaID, appID), &s); err != nil {
			return err
		}
		return tx.Delete(bucketSessions, userKey(personaID, appID))
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	h.secrets.delete(ctx, sessionKeyName(s.KeyID))
	if s.PrevKeyID != "" {
		h.secrets.delete(ctx, sessionKeyName(s.PrevKeyID))
	}
	h.state.notify()
	return nil
}

// Code2Session is GET /sns/jscode2session: it redeems a login code once and
// returns the session_key fixed by the wx.login that issued it.
func (h *BackendService) Code2Session(ctx context.Context, req CodeExchange) (CodeSession, error) {
	appID, code := req.AppID, req.JSCode
	if appID == "" {
		return CodeSession{}, errInvalidArgs
	}
	if err := h.checkSecret(appID, req.Secret, errInvalidSecret); err != nil {
		return CodeSession{}, err
	}
	if req.GrantType != "authorization_code" {
		return CodeSession{}, errInvalidGrant
	}
	if code == "" {
		return CodeSession{}, errMissingCode
	}
	now := h.now()
	var c loginCode
	err := h.opts.Store.Update(func(tx Tx) error {
		if err := getJSON(tx, bucketCodes, code, &c); err != nil {
			return errInvalidCode
		}
		if err := c.redeemable(appID, now, h.codeTTL()); err != nil {
			return err
		}
		if !h.quota.allow(userKey(c.Persona, appID), now) {
			return errQuota
		}
		c.Used = true
		return putJSON(tx, bucketCodes, code, c)
	})
	if err != nil {
		return CodeSession{}, err
	}
	_, key, err := h.sessions.sessionWithKey(ctx, c.Persona, appID)
	if errors.Is(err, ErrNotFound) {
		return CodeSession{}, errInvalidCode // the session was forgotten after the code was issued
	}
	if err != nil {
		return CodeSession{}, err
	}
	openid, err := h.OpenID(ctx, c.Persona, appID)
	if err != nil {
		return CodeSession{}, err
	}
	unionid, err := h.UnionID(ctx, c.Persona)
	if err != nil {
		return CodeSession{}, err
	}
	return CodeSession{OpenID: openid, SessionKey: base64.StdEncoding.EncodeToString(key), UnionID: unionid}, nil
}

// checkSecret compares an AppSecret in constant time; bad is the error the
// endpoint reports for a wrong one.
func (h *BackendService) checkSecret(appID, secret string, bad *ServerError) error {
	a, ok := h.App(appID)
	if !ok {
		return errInvalidAppID
	}
	if secret == "" {
		return errMissingSecret
	}
	if !hmac.Equal([]byte(a.Secret), []byte(secret)) {
		return bad
	}
	return nil
}

type accessToken struct {
	AppID   string    `json:"appid"`
	Expires time.Time `json:"expires"`
}

// checkCredential checks an access token request's grant_type, appid and
// secret, as cgi-bin/token and stable_token both do.
func (h *BackendService) checkCredential(req TokenRequest) error {
	if req.GrantType != "client_credential" {
		return errInvalidGrant
	}
	if req.AppID == "" {
		return errInvalidArgs
	}
	return h.checkSecret(req.AppID, req.Secret, errInvalidSecret)
}

// AccessToken is GET /cgi-bin/token. A wrong secret is 40125, as the real
// server answers: SDKs read 40001 as "stale token, fetch a new one" and retry.
func (h *BackendService) AccessToken(ctx context.Context, req TokenRequest) (TokenResult, error) {
	if err := h.checkCredential(req); err != nil {
		return TokenResult{}, err
	}
	tok, err := h.randomCode()
	if err != nil {
		return TokenResult{}, err
	}
	now := h.now()
	err = h.opts.Store.Update(func(tx Tx) error { return putToken(tx, tok, req.AppID, now.Add(accessTokenTTL), now) })
	if err != nil {
		return TokenResult{}, err
	}
	return TokenResult{AccessToken: tok, ExpiresIn: int(accessTokenTTL / time.Second)}, nil
}

// putToken stores a new access_token (by its hash) valid until expires, and
// drops the expired ones.
func putToken(tx Tx, tok, appID string, expires, now time.Time) error {
	err := deleteWhere(tx, bucketTokens, func(k string, _ []byte) bool {
		var t accessToken
		// A key that is not a hash is a token stored in clear by an older
		// minihost: it no longer resolves (lookups hash the token), so it
		// goes, and its backend fetches a new token as on expiry.
		return len(k) != tokenKeyLen || getJSON(tx, bucketTokens, k, &t) != nil || now.After(t.Expires)
	})
	if err != nil {
		return err
	}
	return putJSON(tx, bucketTokens, tokenKey(tok), accessToken{AppID: appID, Expires: expires})
}

// tokenKey is the store key of an access_token: its SHA-256, so that the
// state file (and its backups) never hold a token a backend could use.
func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

const tokenKeyLen = 2 * sha256.Size

// appForToken resolves a valid access_token to its appid.
func (h *core) appForToken(token string) (string, error) {
	if token == "" {
		return "", errInvalidCred
	}
	var t accessToken
	if err := h.opts.Store.View(func(tx Tx) error { return getJSON(tx, bucketTokens, tokenKey(token), &t) }); err != nil || h.now().After(t.Expires) {
		return "", errInvalidCred
	}
	if _, ok := h.App(t.AppID); !ok {
		return "", errInvalidCred
	}
	return t.AppID, nil
}

// CheckSessionKey is GET /wxa/checksession: signature must be
// hex(hmac_sha256(key = session_key, message = "")) for the user's current key.
func (h *BackendService) CheckSessionKey(ctx context.Context, req SessionKeyCheck) (ServerStatus, error) {
	appID, p, _, err := h.sessionForSigned(ctx, req)
	if err != nil {
		return ServerStatus{}, err
	}
	// A key that matches but whose session has idled out is no longer valid.
	if st, err := h.sessions.Session(p.ID, appID); err != nil || !st.Valid {
		return ServerStatus{}, errInvalidSig
	}
	return serverOK(), nil
}

// ResetSessionKey is GET /wxa/resetusersessionkey: the user gets a new
// session_key and the old one stops working.
func (h *BackendService) ResetSessionKey(ctx context.Context, req SessionKeyCheck) (SessionKeyReset, error) {
	appID, p, _, err := h.sessionForSigned(ctx, req)
	if err != nil {
		return SessionKeyReset{}, err
	}
	key, err := h.random(16)
	if err != nil {
		return SessionKeyReset{}, err
	}
	keyID, err := h.randomHex(12)
	if err != nil {
		return SessionKeyReset{}, err
	}
	if err := h.secrets.put(ctx, sessionKeyName(keyID), key); err != nil {
		return SessionKeyReset{}, err
	}
	var drop string
	err = h.opts.Store.Update(func(tx Tx) error {
		var s session
		if err := getJSON(tx, bucketSessions, userKey(p.ID, appID), &s); err != nil {
			return errInvalidSig
		}
		// The old key stops working at once (checksession compares with the
		// current key only); it stays stored one rotation, like any replaced key.
		s, drop = s.rotate(keyID)
		return putJSON(tx, bucketSessions, userKey(p.ID, appID), s)
	})
	if err != nil {
		h.secrets.delete(ctx, sessionKeyName(keyID))
		return SessionKeyReset{}, err
	}
	if drop != "" {
		h.secrets.delete(ctx, sessionKeyName(drop))
	}
	h.state.notify()
	return SessionKeyReset{ServerStatus: serverOK(), OpenID: req.OpenID, SessionKey: base64.StdEncoding.EncodeToString(key)}, nil
}

// sessionForSigned checks the access token and the session-key signature of a
// /wxa/ call and returns the app, persona and current session key.
func (h *BackendService) sessionForSigned(ctx context.Context, req SessionKeyCheck) (string, Persona, []byte, error) {
	appID, err := h.appForToken(req.AccessToken)
	if err != nil {
		return "", Persona{}, nil, err
	}
	if req.OpenID == "" {
		return "", Persona{}, nil, errMissingOpenID
	}
	if req.SigMethod != "hmac_sha256" {
		return "", Persona{}, nil, errInvalidSig
	}
	p, err := h.personaByOpenID(ctx, appID, req.OpenID)
	if err != nil {
		return "", Persona{}, nil, errInvalidOpenID
	}
	_, key, err := h.sessions.sessionWithKey(ctx, p.ID, appID)
	if err != nil {
		return "", Persona{}, nil, errInvalidSig
	}
	m := hmac.New(sha256.New, []byte(base64.StdEncoding.EncodeToString(key)))
	want := hex.EncodeToString(m.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(req.Signature)) {
		return "", Persona{}, nil, errInvalidSig
	}
	return appID, p, key, nil
}
