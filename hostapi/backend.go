package hostapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/wxacode"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// The emulated WeChat server endpoints answer as the real server does, so a
// backend's SDK sees what it would see in production: HTTP 200 with exactly
// the JSON document (no trailing newline), the endpoint's own Content-Type,
// and errors as {errcode, errmsg} whose errmsg ends in " rid: <request id>".

func (s *Server) jscode2session(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, q.Get("appid"), nil, func(ctx context.Context) (any, error) {
		return s.host.Code2Session(ctx, app.CodeExchange{AppID: q.Get("appid"), Secret: q.Get("secret"), JSCode: q.Get("js_code"), GrantType: q.Get("grant_type")})
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, q.Get("appid"), nil, func(ctx context.Context) (any, error) {
		return s.host.AccessToken(ctx, app.TokenRequest{GrantType: q.Get("grant_type"), AppID: q.Get("appid"), Secret: q.Get("secret")})
	})
}

func (s *Server) stableToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err == nil {
		err = decode(raw, &body)
	}
	var args json.RawMessage
	if json.Valid(raw) {
		args = raw // the call log redacts the secret
	}
	s.backend(w, r, body.AppID, args, func(ctx context.Context) (any, error) {
		if err != nil {
			return nil, &app.ServerError{Code: 47001, Msg: "data format error"}
		}
		return s.host.StableAccessToken(ctx, app.TokenRequest{GrantType: body.GrantType, AppID: body.AppID, Secret: body.Secret, ForceRefresh: body.ForceRefresh})
	})
}

func (s *Server) checkSession(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, "", nil, func(ctx context.Context) (any, error) {
		return s.host.CheckSessionKey(ctx, app.SessionKeyCheck{AccessToken: q.Get("access_token"), OpenID: q.Get("openid"), Signature: q.Get("signature"), SigMethod: q.Get("sig_method")})
	})
}

func (s *Server) resetSessionKey(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, "", nil, func(ctx context.Context) (any, error) {
		return s.host.ResetSessionKey(ctx, app.SessionKeyCheck{AccessToken: q.Get("access_token"), OpenID: q.Get("openid"), Signature: q.Get("signature"), SigMethod: q.Get("sig_method")})
	})
}

func (s *Server) verifySignature(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OpenID        string `json:"openid"`
		JSONString    string `json:"json_string"`
		JSONSignature string `json:"json_signature"`
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err == nil {
		err = decode(raw, &body)
	}
	s.backend(w, r, "", nil, func(ctx context.Context) (any, error) {
		if err != nil {
			return nil, &app.ServerError{Code: 47001, Msg: "data format error: " + err.Error()}
		}
		return s.host.VerifySignature(ctx, app.SignatureCheck{AccessToken: r.URL.Query().Get("access_token"), OpenID: body.OpenID, JSONString: body.JSONString, JSONSignature: body.JSONSignature})
	})
}

func (s *Server) userPhoneNumber(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Code string `json:"code"`
	}
	raw, err := readServerBody(w, r, &body)
	s.backend(w, r, "", raw, func(ctx context.Context) (any, error) {
		if err != nil {
			return nil, err
		}
		return s.host.UserPhoneNumber(ctx, r.URL.Query().Get("access_token"), body.Code)
	})
}

func (s *Server) subscribeSend(w http.ResponseWriter, r *http.Request) {
	var body app.SubscribeMessage
	raw, err := readServerBody(w, r, &body)
	s.backend(w, r, "", raw, func(ctx context.Context) (any, error) {
		if err != nil {
			return nil, err
		}
		return s.host.SendSubscribeMessage(ctx, r.URL.Query().Get("access_token"), body)
	})
}

// wxaCodeUnlimit answers the code as the real server does: image/jpeg, or
// image/png with is_hyaline (a transparent background); errors as JSON.
func (s *Server) wxaCodeUnlimit(w http.ResponseWriter, r *http.Request) {
	var body app.WXACodeRequest
	raw, err := readServerBody(w, r, &body)
	start := time.Now()
	api := apiOf(r.URL.Path)
	faultID, ferr := s.host.ApplyFault(r.Context(), app.ServerPrefix+api)
	var code app.WXACode
	var img []byte
	format := wxacode.JPEG
	switch {
	case ferr != nil:
		err = ferr
	case err == nil:
		code, err = s.host.WXACodeUnlimit(r.Context(), r.URL.Query().Get("access_token"), body)
		if code.Hyaline {
			format = wxacode.TransparentPNG
		}
		if err == nil {
			img, err = wxacode.Encode(code.Text(), code.Width, format)
		}
	}
	c := serverCall{api: api, appID: code.AppID, args: raw, start: start, fault: faultID}
	if err != nil {
		s.serverAnswer(w, r, c, nil, err)
		return
	}
	summary, _ := json.Marshal(map[string]any{"contentType": format.ContentType(), "bytes": len(img), "text": code.Text()})
	s.host.RecordCall(app.CallRecord{
		Time: start, AppID: code.AppID, API: app.ServerPrefix + c.api, Args: raw, Result: summary,
		ErrMsg: c.api + ":ok", Duration: time.Since(start), Fault: faultID, RID: s.rids.next(time.Now()),
	})
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Length", strconv.Itoa(len(img)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(img)
}

// readServerBody reads a JSON body into v. It returns the body for the call
// log (nil unless it is JSON) and 47001 for one that does not decode.
func readServerBody(w http.ResponseWriter, r *http.Request, v any) (json.RawMessage, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err == nil {
		err = decode(raw, v)
	}
	var log json.RawMessage
	if json.Valid(raw) {
		log = raw
	}
	if err != nil {
		return log, &app.ServerError{Code: 47001, Msg: "data format error"}
	}
	return log, nil
}

// Errors the routing itself answers, with the real server's codes.
func errInvalidURL() *app.ServerError { return &app.ServerError{Code: 40066, Msg: "invalid url"} }

func wrongMethod(want string) *app.ServerError {
	if want == http.MethodPost {
		return &app.ServerError{Code: 43002, Msg: "require POST method"}
	}
	return &app.ServerError{Code: 43001, Msg: "require GET method"}
}

// misdirectedServerCall answers a server path whose Host is not loopback: a
// backend whose transport rewrote the address but kept
// Host: api.weixin.qq.com. It is told so in the shape its SDK reads, and the
// call is not run (the loopback Host check guards against DNS rebinding).
func (s *Server) misdirectedServerCall(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if len(host) > 64 {
		host = host[:64] + "…"
	}
	s.serverFail(w, r, &app.ServerError{Code: 40066, Msg: fmt.Sprintf(
		"invalid url: Host %q is not minihost's loopback address; rewrite the Host header along with the URL (README, Server emulation)", host)})
}

// backend runs one server endpoint, applying an injected fault first.
func (s *Server) backend(w http.ResponseWriter, r *http.Request, appID string, args json.RawMessage, run func(context.Context) (any, error)) {
	start := time.Now()
	api := apiOf(r.URL.Path) // serverRoutes routes the endpoint's exact path here
	faultID, err := s.host.ApplyFault(r.Context(), app.ServerPrefix+api)
	var res any
	if err == nil {
		res, err = run(r.Context())
	}
	s.serverAnswer(w, r, serverCall{api: api, appID: appID, args: args, start: start, fault: faultID}, res, err)
}

// serverFail answers a server path with an error without running anything.
// The call log gets the request line, as the path or Host is what was wrong.
func (s *Server) serverFail(w http.ResponseWriter, r *http.Request, se *app.ServerError) {
	api := "unknown"
	for _, ep := range backendRoutes() {
		if ep.Path == r.URL.Path {
			api = ep.Name()
		}
	}
	args, _ := json.Marshal(map[string]any{"method": r.Method, "path": r.URL.Path, "host": r.Host, "query": json.RawMessage(queryJSON(r.URL.Query()))})
	s.serverAnswer(w, r, serverCall{api: api, args: args, start: time.Now()}, nil, se)
}

type serverCall struct {
	api, appID string
	args       json.RawMessage // nil: the query
	start      time.Time
	fault      uint64
}

// serverAnswer maps an error to {errcode, errmsg}, gives the call its request
// id, records it (the call log redacts secrets) and writes the answer.
func (s *Server) serverAnswer(w http.ResponseWriter, r *http.Request, c serverCall, res any, err error) {
	rid := s.rids.next(time.Now())
	errMsg := c.api + ":ok"
	if err != nil {
		se := &app.ServerError{Code: -1, Msg: "system error"}
		if !errors.As(err, &se) {
			s.log.Error("server endpoint", "api", c.api, "rid", rid, "err", err)
		}
		fail := app.ServerStatus{ErrCode: se.Code, ErrMsg: se.Msg + " rid: " + rid}
		res, errMsg = fail, c.api+":fail "+fail.ErrMsg
	}
	out := serverJSON(res)
	args := c.args
	if args == nil {
		args = queryJSON(r.URL.Query())
	}
	s.host.RecordCall(app.CallRecord{
		Time: c.start, AppID: c.appID, API: app.ServerPrefix + c.api, Args: args,
		Result: out, ErrMsg: errMsg, Duration: time.Since(c.start), Fault: c.fault, RID: rid,
	})
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", apitype.ServerJSON)
	}
	h.Set("Content-Length", strconv.Itoa(len(out)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// serverJSON is exactly the JSON document: no trailing newline (strict
// parsers reject one) and no HTML escaping, as the real server writes it.
func serverJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte(`{"errcode":-1,"errmsg":"system error"}`)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// ridSource makes request ids shaped like the real server's
// ("64eed8de-4cdaca9b-1be8f193": the Unix time in hex, then two words). The
// last word counts requests from a random start, so ids never repeat within a
// run; the middle one is random per run.
type ridSource struct {
	mid uint32
	seq atomic.Uint32
}

func newRIDSource() *ridSource {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail
	s := &ridSource{mid: binary.BigEndian.Uint32(b[:4])}
	s.seq.Store(binary.BigEndian.Uint32(b[4:]))
	return s
}

func (s *ridSource) next(now time.Time) string {
	return fmt.Sprintf("%08x-%08x-%08x", uint32(now.Unix()), s.mid, s.seq.Add(1))
}

func queryJSON(q url.Values) json.RawMessage {
	m := make(map[string]string, len(q))
	for k := range q {
		m[k] = q.Get(k)
	}
	b, _ := json.Marshal(m)
	return b
}
