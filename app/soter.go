package app

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"
)

// SOTER modes and limits (spec: SOTER).
var soterModes = []string{SoterFingerPrint, SoterFacial, SoterSpeech}

const (
	maxChallenge   = 512
	maxAuthContent = 42
	// maxNoMatch no-matches end one startSoterAuthentication with 90009.
	maxNoMatch = 3
	// lockAfter consecutive no-matches lock SOTER for lockFor, as a phone does.
	lockAfter = 5
	lockFor   = 30 * time.Second
	rsaBits   = 2048
	pssSalt   = 20
)

// SOTER error codes.
const (
	SoterNotSupported    = 90001
	SoterNotAllowed      = 90002
	SoterModeUnsupported = 90003
	SoterBadChallenge    = 90004
	SoterBadAuthContent  = 90005
	SoterInternal        = 90007
	SoterCancelled       = 90008
	SoterNoMatch         = 90009
	SoterLocked          = 90010
	SoterNotEnrolled     = 90011
)

// DeviceInfo describes the machine for resultJSON's cpu_id and uid.
type DeviceInfo struct {
	CPUID       string // a stable machine id (hashed)
	UID         string // the OS user id running minihost
	HostVersion string // minihost's version, reported as tee_v
}

// SoterResult is resultJSON: field order is the signed byte order.
type SoterResult struct {
	Raw     string `json:"raw"`
	FID     string `json:"fid"`
	Counter uint64 `json:"counter"`
	TeeN    string `json:"tee_n"`
	TeeV    string `json:"tee_v"`
	FpN     string `json:"fp_n"`
	FpV     string `json:"fp_v"`
	CPUID   string `json:"cpu_id"`
	UID     string `json:"uid"`
}

// SoterService is SOTER biometric authentication: wx.checkIsSupportSoterAuthentication,
// checkIsSoterEnrolledInDevice and startSoterAuthentication. It owns the
// users' AuthKeys and the no-match lockout. The server's verify_signature is
// BackendService's, kept in this file beside the signing it checks.
type SoterService struct {
	*core
	authKeys authKeyFutures // being made or made (soterstate.go)
	lockout  *soterLockout  // soterstate.go
}

func newSoterService(c *core) *SoterService {
	return &SoterService{core: c, lockout: newSoterLockout(c.opts.Clock)}
}

// keyFuture is an RSA key generated in the background, so the first
// startSoterAuthentication does not wait for it when it was prepared at load.
type keyFuture struct {
	done chan struct{}
	key  *rsa.PrivateKey
	err  error
}

func authKeyName(personaID, appID string) string { return "soter/authkey/" + appID + "/" + personaID }

// prepareSoterKey starts loading or generating the persona's AuthKey for appID.
func (h *SoterService) prepareSoterKey(appID, personaID string) *keyFuture {
	f, started := h.authKeys.start(userKey(personaID, appID))
	if !started {
		return f
	}
	h.bg.Add(1)
	go func() {
		defer h.bg.Done()
		defer close(f.done)
		// Background work outlives any one call: it gets its own bounded context.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		f.key, f.err = h.loadOrCreateAuthKey(ctx, appID, personaID)
		if f.err != nil {
			h.log.Error("SOTER AuthKey", "appid", appID, "persona", personaID, "err", f.err)
		}
	}()
	return f
}

func isDone(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func (h *SoterService) loadOrCreateAuthKey(ctx context.Context, appID, personaID string) (*rsa.PrivateKey, error) {
	name := authKeyName(personaID, appID)
	der, err := h.opts.Keys.Get(ctx, name)
	if err == nil {
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s is not an RSA key", name)
		}
		return rk, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	start := time.Now()
	key, err := rsa.GenerateKey(h.opts.Rand, rsaBits)
	if err != nil {
		return nil, fmt.Errorf("generate AuthKey: %w", err)
	}
	der, err = x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	if err := h.opts.Keys.Put(ctx, name, der); err != nil {
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	h.log.Info("SOTER AuthKey generated", "appid", appID, "persona", personaID, "took", time.Since(start).Round(time.Millisecond))
	return key, nil
}

// authKey waits for the persona's AuthKey in appID.
func (h *SoterService) authKey(ctx context.Context, appID, personaID string) (*rsa.PrivateKey, error) {
	f := h.prepareSoterKey(appID, personaID)
	select {
	case <-f.done:
		return f.key, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// biometricInfo asks the Authenticator; no Authenticator means no modes.
func (h *SoterService) biometricInfo(ctx context.Context) (BiometricInfo, error) {
	if h.opts.Auth == nil {
		return BiometricInfo{Name: "none", Status: "no biometric backend"}, nil
	}
	return h.opts.Auth.Info(ctx)
}

// BiometricInfo describes the active biometric backend for the UI.
func (h *SoterService) BiometricInfo(ctx context.Context) (BiometricInfo, error) {
	return h.biometricInfo(ctx)
}

func soterFail(api string, code int, reason string, extra Result) *Fail {
	return &Fail{API: api, Reason: reason, Code: code, Extra: extra}
}

// CheckIsSupportSoterAuthentication is wx.checkIsSupportSoterAuthentication.
func (h *SoterService) CheckIsSupportSoterAuthentication(ctx context.Context, appID string) (Result, error) {
	const api = apiSoterSupport
	if _, err := h.app(api, appID); err != nil {
		return nil, err
	}
	info, err := h.biometricInfo(ctx)
	if err != nil {
		return nil, soterFail(api, SoterInternal, "internal error: "+err.Error(), nil)
	}
	if len(info.Modes) == 0 {
		return nil, soterFail(api, SoterNotSupported, "not support", nil)
	}
	return OK(api, Result{"supportMode": info.Modes}), nil
}

// CheckIsSoterEnrolledInDevice is wx.checkIsSoterEnrolledInDevice.
func (h *SoterService) CheckIsSoterEnrolledInDevice(ctx context.Context, appID, mode string) (Result, error) {
	const api = apiSoterEnrolled
	if _, err := h.app(api, appID); err != nil {
		return nil, err
	}
	if mode == "" {
		mode = SoterFingerPrint
	}
	if !slices.Contains(soterModes, mode) {
		return nil, soterFail(api, SoterModeUnsupported, "auth mode not supported", nil)
	}
	info, err := h.biometricInfo(ctx)
	if err != nil {
		return nil, soterFail(api, SoterInternal, "internal error: "+err.Error(), nil)
	}
	if len(info.Modes) == 0 {
		return nil, soterFail(api, SoterNotSupported, "not support", nil)
	}
	if !slices.Contains(info.Modes, mode) {
		return OK(api, Result{"isEnrolled": false}), nil
	}
	enrolled, err := h.opts.Auth.Enrolled(ctx, mode)
	if err != nil {
		return nil, soterFail(api, SoterInternal, "internal error: "+err.Error(), nil)
	}
	return OK(api, Result{"isEnrolled": enrolled}), nil
}

// SoterRequest is startSoterAuthentication's arguments.
type SoterRequest struct {
	RequestAuthModes []string
	Challenge        string
	AuthContent      string
}

// Simulator is implemented by a simulated Authenticator: the SOTER dialog's
// Match / No match buttons (and the control API) feed it.
type Simulator interface {
	// Simulate hands a finger to a waiting Authenticate; false when none waits.
	Simulate(match bool) bool
}

// StartSoterAuthentication is wx.startSoterAuthentication: it shows the SOTER
// prompt, waits for the biometric backend, and on a match signs resultJSON
// with the persona's AuthKey.
func (h *SoterService) StartSoterAuthentication(ctx context.Context, appID string, req SoterRequest) (Result, error) {
	const api = apiSoter
	a, err := h.app(api, appID)
	if err != nil {
		return nil, err
	}
	mode := ""
	if len(req.RequestAuthModes) > 0 {
		mode = req.RequestAuthModes[0]
	}
	failWith := func(code int, reason string) (Result, error) {
		return nil, soterFail(api, code, reason, Result{"authMode": mode, "resultJSON": "", "resultJSONSignature": ""})
	}
	for _, m := range req.RequestAuthModes {
		if !slices.Contains(soterModes, m) {
			return failWith(SoterModeUnsupported, fmt.Sprintf("auth mode %q not supported", m))
		}
	}
	if n := len(req.Challenge); n == 0 || n > maxChallenge {
		return failWith(SoterBadChallenge, "challenge is empty or too long")
	}
	if n := len([]rune(req.AuthContent)); n > maxAuthContent {
		return failWith(SoterBadAuthContent, "authContent is too long")
	}
	info, err := h.biometricInfo(ctx)
	if err != nil {
		return failWith(SoterInternal, "internal error: "+err.Error())
	}
	if len(info.Modes) == 0 {
		return failWith(SoterNotSupported, "not support")
	}
	// The first requested mode the device supports is used, as on a phone.
	mode = ""
	for _, m := range req.RequestAuthModes {
		if slices.Contains(info.Modes, m) {
			mode = m
			break
		}
	}
	if mode == "" {
		if len(req.RequestAuthModes) > 0 {
			mode = req.RequestAuthModes[0]
		}
		return failWith(SoterModeUnsupported, "auth mode not supported")
	}
	enrolled, err := h.opts.Auth.Enrolled(ctx, mode)
	if err != nil {
		return failWith(SoterInternal, "internal error: "+err.Error())
	}
	if !enrolled {
		return failWith(SoterNotEnrolled, "no biometrics enrolled")
	}
	p := h.CurrentPersona()
	k := userKey(p.ID, appID)
	if h.lockout.lockedOut(k) {
		return failWith(SoterLocked, "too many attempts, locked")
	}
	verdict, key, err := h.runSoterPrompt(ctx, a, p, mode, req.AuthContent)
	switch {
	case errors.Is(err, ErrCancelled):
		return failWith(SoterCancelled, "user cancel")
	case errors.Is(err, ErrTooManyPrompts):
		return failWith(SoterInternal, "too many pending prompts")
	case errors.Is(err, ErrLockedOut):
		h.lockout.lock(k)
		return failWith(SoterLocked, "too many attempts, locked")
	case errors.Is(err, errNoMatch):
		return failWith(SoterNoMatch, "recognition failed")
	case errors.Is(err, errAuthKey):
		return failWith(SoterInternal, "internal error: "+err.Error())
	case ctx.Err() != nil:
		return failWith(SoterInternal, "caller gave up: "+ctx.Err().Error())
	case err != nil:
		return failWith(SoterInternal, "internal error: "+err.Error())
	}
	counter, err := h.nextSoterCounter(k)
	if err != nil {
		return failWith(SoterInternal, "internal error: "+err.Error())
	}
	dev := h.opts.Device
	fid := verdict.FingerID
	if fid == "" {
		fid = "0"
	}
	resultJSON, err := json.Marshal(SoterResult{
		Raw: req.Challenge, FID: fid, Counter: counter,
		TeeN: "minihost", TeeV: dev.HostVersion, FpN: info.Name + ": " + info.Device, FpV: info.Version,
		CPUID: dev.CPUID, UID: dev.UID,
	})
	if err != nil {
		return failWith(SoterInternal, "internal error: "+err.Error())
	}
	sig, err := signPSS(h.opts.Rand, key, resultJSON)
	if err != nil {
		return failWith(SoterInternal, "internal error: "+err.Error())
	}
	return OK(api, Result{"authMode": mode, "resultJSON": string(resultJSON), "resultJSONSignature": sig, "errCode": 0}), nil
}

var (
	errNoMatch = errors.New("recognition failed")
	errAuthKey = errors.New("AuthKey")
)

// runSoterPrompt shows the prompt, waits for the persona's AuthKey (saying so
// when it is still being generated, rather than after the finger), and runs
// the Authenticator until a match, maxNoMatch no-matches, a cancel from the
// person, or the caller giving up. The prompt closes in every case.
func (h *SoterService) runSoterPrompt(ctx context.Context, a *loadedApp, p Persona, mode, authContent string) (Verdict, *rsa.PrivateKey, error) {
	// The prompt ending the authentication (the person cancelled, or too many
	// prompts) cancels ctx with that error as its cause.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	status := make(chan string, 16)
	var statusMu sync.Mutex // say and the close of status
	statusClosed := false
	say := func(s string) {
		statusMu.Lock()
		defer statusMu.Unlock()
		if statusClosed {
			return // an Authenticator reporting after it returned
		}
		select {
		case status <- s:
		default: // a slow dialog misses an intermediate line, never blocks the reader
		}
	}
	prompt := SoterPrompt{App: a.mp.Info(), Persona: p, Mode: mode, AuthContent: authContent, Status: status}
	if sim, ok := h.opts.Auth.(Simulator); ok {
		prompt.Simulate = sim.Simulate
	}
	promptDone := make(chan struct{})
	go func() {
		defer close(promptDone)
		if err := h.opts.Prompter.Soter(ctx, prompt); errors.Is(err, ErrCancelled) || errors.Is(err, ErrTooManyPrompts) {
			cancel(err)
		}
	}()
	defer func() {
		cancel(nil)
		statusMu.Lock()
		statusClosed = true
		close(status)
		statusMu.Unlock()
		<-promptDone // the prompt closes in every case before the call returns
	}()
	cancelled := func() error {
		if err := context.Cause(ctx); errors.Is(err, ErrCancelled) || errors.Is(err, ErrTooManyPrompts) {
			return err
		}
		return nil
	}
	keyReady := h.prepareSoterKey(a.mp.AppID, p.ID)
	if !isDone(keyReady.done) {
		say("Preparing the biometric key…")
	}
	key, err := h.authKey(ctx, a.mp.AppID, p.ID)
	switch {
	case cancelled() != nil:
		return Verdict{}, nil, cancelled()
	case ctx.Err() != nil:
		return Verdict{}, nil, ctx.Err()
	case err != nil:
		return Verdict{}, nil, fmt.Errorf("%w: %w", errAuthKey, err)
	}
	k := userKey(p.ID, a.mp.AppID)
	say(placePrompt(mode))
	for misses := 0; ; {
		v, err := h.opts.Auth.Authenticate(ctx, mode, say)
		if err := cancelled(); err != nil {
			return Verdict{}, nil, err
		}
		if err != nil {
			return Verdict{}, nil, err
		}
		if v.Match {
			h.lockout.matched(k)
			return v, key, nil
		}
		misses++
		if h.lockout.noMatch(k) {
			return Verdict{}, nil, ErrLockedOut
		}
		if misses >= maxNoMatch {
			return Verdict{}, nil, errNoMatch
		}
		say("Not recognized. Try again.")
	}
}

func placePrompt(mode string) string {
	switch mode {
	case SoterFacial:
		return "Look at the camera"
	case SoterSpeech:
		return "Speak now"
	}
	return "Place your finger on the reader"
}

// nextSoterCounter increments the key's anti-replay counter durably before
// the signature that carries it leaves the host.
func (h *SoterService) nextSoterCounter(k string) (uint64, error) {
	var n uint64
	err := h.opts.Store.Update(func(tx Tx) error {
		var st struct {
			Counter uint64 `json:"counter"`
		}
		if err := getJSON(tx, bucketSoter, k, &st); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		st.Counter++
		n = st.Counter
		return putJSON(tx, bucketSoter, k, st)
	})
	return n, err
}

func signPSS(rand io.Reader, key *rsa.PrivateKey, msg []byte) (string, error) {
	sum := sha256.Sum256(msg)
	sig, err := rsa.SignPSS(rand, key, crypto.SHA256, sum[:], &rsa.PSSOptions{SaltLength: pssSalt})
	if err != nil {
		return "", fmt.Errorf("sign resultJSON: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// VerifySignature is POST /cgi-bin/soter/verify_signature: is_ok is true only
// for an untampered resultJSON signed by that user's AuthKey in the app.
func (h *BackendService) VerifySignature(ctx context.Context, req SignatureCheck) (SignatureVerdict, error) {
	appID, err := h.appForToken(req.AccessToken)
	if err != nil {
		return SignatureVerdict{}, err
	}
	if req.OpenID == "" {
		return SignatureVerdict{}, errMissingOpenID
	}
	if req.JSONString == "" || req.JSONSignature == "" {
		return SignatureVerdict{}, errInvalidRequest
	}
	p, err := h.personaByOpenID(ctx, appID, req.OpenID)
	if err != nil {
		return verified(false), nil
	}
	der, err := h.opts.Keys.Get(ctx, authKeyName(p.ID, appID))
	if errors.Is(err, ErrNotFound) {
		return verified(false), nil
	}
	if err != nil {
		return SignatureVerdict{}, errSystem
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	rk, ok := k.(*rsa.PrivateKey)
	if err != nil || !ok {
		return SignatureVerdict{}, errSystem
	}
	return verified(VerifyPSS(&rk.PublicKey, []byte(req.JSONString), req.JSONSignature)), nil
}

// verified is verify_signature's documented success body.
func verified(ok bool) SignatureVerdict { return SignatureVerdict{ServerStatus: serverOK(), IsOK: ok} }

// VerifyPSS checks a base64 RSA-PSS (SHA-256, salt 20) signature.
func VerifyPSS(pub *rsa.PublicKey, msg []byte, sigB64 string) bool {
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(msg)
	return rsa.VerifyPSS(pub, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: pssSalt}) == nil
}
