package hostapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"minihost/app"
)

// The emulated WeChat server endpoints answer HTTP 200 with WeChat's own
// {errcode, errmsg} shapes, as the real server does, so a backend's SDK sees
// what it would see in production.

func (s *Server) jscode2session(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, "jscode2session", q.Get("appid"), func(ctx context.Context) (app.Result, error) {
		return s.host.Code2Session(ctx, q.Get("appid"), q.Get("secret"), q.Get("js_code"), q.Get("grant_type"))
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, "token", q.Get("appid"), func(ctx context.Context) (app.Result, error) {
		return s.host.AccessToken(ctx, q.Get("grant_type"), q.Get("appid"), q.Get("secret"))
	})
}

func (s *Server) checkSession(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, "checksession", "", func(ctx context.Context) (app.Result, error) {
		return s.host.CheckSessionKey(ctx, q.Get("access_token"), q.Get("openid"), q.Get("signature"), q.Get("sig_method"))
	})
}

func (s *Server) resetSessionKey(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.backend(w, r, "resetusersessionkey", "", func(ctx context.Context) (app.Result, error) {
		return s.host.ResetSessionKey(ctx, q.Get("access_token"), q.Get("openid"), q.Get("signature"), q.Get("sig_method"))
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
	s.backend(w, r, "verify_signature", "", func(ctx context.Context) (app.Result, error) {
		if err != nil {
			return nil, &app.ServerError{Code: 47001, Msg: "data format error: " + err.Error()}
		}
		return s.host.VerifySignature(ctx, r.URL.Query().Get("access_token"), body.OpenID, body.JSONString, body.JSONSignature)
	})
}

// backend runs one server endpoint, maps errors to {errcode, errmsg} and
// records the call (the query's secrets are redacted by the call log).
func (s *Server) backend(w http.ResponseWriter, r *http.Request, api, appID string, run func(context.Context) (app.Result, error)) {
	start := time.Now()
	// An injected fault answers (or holds) the call before it runs.
	faultID, err := s.host.ApplyFault(r.Context(), app.ServerPrefix+api)
	var res app.Result
	if err == nil {
		res, err = run(r.Context())
	}
	var se *app.ServerError
	switch {
	case errors.As(err, &se):
		res = app.Result{"errcode": se.Code, "errmsg": se.Msg}
	case err != nil:
		s.log.Error("server endpoint", "api", api, "err", err)
		res = app.Result{"errcode": -1, "errmsg": "system error"}
	}
	out, _ := json.Marshal(res)
	errMsg := api + ":ok"
	if se != nil || err != nil {
		errMsg = api + ":fail " + res["errmsg"].(string)
	}
	s.host.RecordCall(app.CallRecord{
		Time: start, AppID: appID, API: "server." + api, Args: queryJSON(r.URL.Query()),
		Result: out, ErrMsg: errMsg, Duration: time.Since(start), Fault: faultID,
	})
	writeJSON(w, http.StatusOK, res)
}

func queryJSON(q url.Values) json.RawMessage {
	m := make(map[string]string, len(q))
	for k := range q {
		m[k] = q.Get(k)
	}
	b, _ := json.Marshal(m)
	return b
}
