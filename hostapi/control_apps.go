package hostapi

import (
	"net/http"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

func (s *Server) loadApp(w http.ResponseWriter, r *http.Request) {
	var req LoadRequest
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	mp, err := app.LoadMiniProgramDir(r.Context(), req.Dir)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.host.Load(r.Context(), mp); err != nil {
		s.fail(w, r, err)
		return
	}
	a, _ := s.host.App(mp.AppID)
	writeJSON(w, http.StatusCreated, s.appInfo(r, a))
}

func (s *Server) changeApp(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.loadedApp(w, r); !ok {
		return
	}
	var req AppChange
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	id := r.PathValue("appid")
	// Both are checked before either changes, so a bad request changes nothing.
	if req.EnvVersion != nil {
		if err := app.ValidEnvVersion(*req.EnvVersion); err != nil {
			controlErr(w, http.StatusBadRequest, "envVersion %v", err)
			return
		}
	}
	if req.UserInfoPolicy != nil {
		if err := app.ValidUserInfoPolicy(*req.UserInfoPolicy); err != nil {
			controlErr(w, http.StatusBadRequest, "userInfoPolicy %v", err)
			return
		}
	}
	if req.EnvVersion != nil {
		if err := s.host.SetEnvVersion(r.Context(), id, *req.EnvVersion); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if req.UserInfoPolicy != nil {
		if err := s.host.SetUserInfoPolicy(r.Context(), id, *req.UserInfoPolicy); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	a, _ := s.host.App(id)
	writeJSON(w, http.StatusOK, s.appInfo(r, a))
}

func (s *Server) unloadApp(w http.ResponseWriter, r *http.Request) {
	if err := s.host.Unload(r.PathValue("appid")); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unloaded": r.PathValue("appid")})
}

func (s *Server) resetApp(w http.ResponseWriter, r *http.Request) {
	var req PersonaRequest
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	p := s.personaParam(r, req.Persona)
	if err := s.host.ResetApp(r.Context(), p, r.PathValue("appid")); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"appid": r.PathValue("appid"), "persona": p, "reset": true})
}

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) {
	a, ok := s.loadedApp(w, r)
	if !ok {
		return
	}
	p := s.personaParam(r, "")
	if _, err := s.host.Persona(p); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeSettings(w, r, p, a.AppID)
}

// writeSettings answers with persona p's settings for appID.
func (s *Server) writeSettings(w http.ResponseWriter, r *http.Request, p, appID string) {
	st, err := s.host.Settings(p, appID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SettingsInfo{AppID: appID, Persona: p, Settings: wireSettings(st)})
}

// putSettings replaces a persona's settings, as flipping switches in the
// settings page would (any known scope may be set).
func (s *Server) putSettings(w http.ResponseWriter, r *http.Request) {
	a, ok := s.loadedApp(w, r)
	if !ok {
		return
	}
	var body apitype.Settings
	if !readBody(w, r, MaxBody, &body) {
		return
	}
	req := domainSettings(body)
	p := s.personaParam(r, "")
	if _, err := s.host.Persona(p); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Auth == nil {
		req.Auth = map[string]bool{}
	}
	if req.Subscriptions.ItemSettings == nil {
		req.Subscriptions.ItemSettings = map[string]string{}
	}
	if err := s.host.SetSettings(r.Context(), p, a.AppID, req); err != nil {
		// SetSettings refuses only unknown scopes and choices.
		controlErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	s.writeSettings(w, r, p, a.AppID)
}

// writeSession answers with a persona's session state in an app.
func (s *Server) writeSession(w http.ResponseWriter, r *http.Request, appID, persona string) {
	st, err := s.host.Session(persona, appID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SessionInfo{AppID: appID, Persona: persona, SessionState: apitype.SessionState(st)})
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request) {
	id, p := r.PathValue("appid"), s.personaParam(r, "")
	s.writeSession(w, r, id, p)
}

func (s *Server) expireSession(w http.ResponseWriter, r *http.Request) {
	var req PersonaRequest
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	id, p := r.PathValue("appid"), s.personaParam(r, req.Persona)
	if err := s.host.ExpireSession(r.Context(), p, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeSession(w, r, id, p)
}

func (s *Server) forgetSession(w http.ResponseWriter, r *http.Request) {
	id, p := r.PathValue("appid"), s.personaParam(r, "")
	if err := s.host.ForgetLogin(r.Context(), p, id); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SessionInfo{AppID: id, Persona: p})
}

func (s *Server) timeoutsInfo() TimeoutsInfo {
	return TimeoutsInfo{Defaults: durations(s.host.DefaultTimeouts()), Overrides: durations(s.host.TimeoutOverrides())}
}

func (s *Server) getTimeouts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.timeoutsInfo())
}

// putTimeouts replaces the overrides; an absent or "0" field clears one.
func (s *Server) putTimeouts(w http.ResponseWriter, r *http.Request) {
	var req Durations
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	code, err := parseDuration("codeTTL", req.CodeTTL)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	login, err := parseDuration("loginExpiry", req.LoginExpiry)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.host.SetTimeoutOverrides(app.Timeouts{CodeTTL: code, LoginExpiry: login}); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.timeoutsInfo())
}
