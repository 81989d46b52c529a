package app

import (
	"context"
	"sync"
	"time"
)

// POST /cgi-bin/stable_token, as documented (getStableAccessToken): a token
// apart from /cgi-bin/token's; normal mode returns the current one while it is
// valid and renews it in its last 5 minutes; force_refresh issues a new one.
const (
	stableRenewBefore  = 5 * time.Minute // normal mode renews this early; a replaced token lives this long
	stablePerMinute    = 10000           // calls per app per minute, either mode
	stablePerDay       = 500000          // calls per app per day, either mode
	stableForcePerDay  = 20              // force_refresh calls per app per day
	stableForceSpacing = 30 * time.Second
)

// stableTokens holds each app's current stable token in memory: the state
// file keeps only hashes (tokenKey), so after a restart normal mode issues a
// new token while the old one stays valid until it expires.
type stableTokens struct {
	mu   sync.Mutex // held across the store write
	apps map[string]*stableApp
}

type stableApp struct {
	token     string
	expires   time.Time
	minute    quotaWindow
	day       time.Time // start of the counted day (quotaDay)
	calls     int       // on day
	forces    int       // force_refresh calls on day
	lastForce time.Time
}

// StableAccessToken is POST /cgi-bin/stable_token.
func (h *BackendService) StableAccessToken(ctx context.Context, req TokenRequest) (TokenResult, error) {
	appID, forceRefresh := req.AppID, req.ForceRefresh
	if err := h.checkCredential(req); err != nil {
		return TokenResult{}, err
	}
	now := h.now()
	st := &h.stable
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.apps == nil {
		st.apps = make(map[string]*stableApp)
	}
	a := st.apps[appID]
	if a == nil {
		a = &stableApp{}
		st.apps[appID] = a
	}
	if err := a.count(now, forceRefresh); err != nil {
		return TokenResult{}, err
	}
	if !forceRefresh && a.token != "" && a.expires.Sub(now) > stableRenewBefore {
		return TokenResult{AccessToken: a.token, ExpiresIn: int(a.expires.Sub(now) / time.Second)}, nil
	}
	tok, err := h.randomCode()
	if err != nil {
		return TokenResult{}, err
	}
	old := a.token
	expires := now.Add(accessTokenTTL)
	err = h.opts.Store.Update(func(tx Tx) error {
		if old != "" && forceRefresh {
			// The replaced token keeps working a short while, so calls in
			// flight with it do not fail (the access_token guide's 5 minutes).
			var t accessToken
			if getJSON(tx, bucketTokens, tokenKey(old), &t) == nil {
				if limit := now.Add(stableRenewBefore); t.Expires.After(limit) {
					t.Expires = limit
					if err := putJSON(tx, bucketTokens, tokenKey(old), t); err != nil {
						return err
					}
				}
			}
		}
		return putToken(tx, tok, appID, expires, now)
	})
	if err != nil {
		return TokenResult{}, err
	}
	a.token, a.expires = tok, expires
	if forceRefresh {
		a.lastForce = now
	}
	return TokenResult{AccessToken: tok, ExpiresIn: int(accessTokenTTL / time.Second)}, nil
}

// count applies the documented rate limits to one call and counts it.
func (a *stableApp) count(now time.Time, force bool) error {
	if day := startOfDay(now); !day.Equal(a.day) {
		a.day, a.calls, a.forces = day, 0, 0
	}
	if now.Sub(a.minute.start) >= time.Minute {
		a.minute = quotaWindow{start: now}
	}
	switch {
	case a.calls >= stablePerDay:
		return errDailyQuota
	case a.minute.n >= stablePerMinute:
		return errQuota
	case force && a.forces >= stableForcePerDay:
		return errDailyQuota
	case force && !a.lastForce.IsZero() && now.Sub(a.lastForce) < stableForceSpacing:
		return errQuota
	}
	a.calls++
	a.minute.n++
	if force {
		a.forces++
	}
	return nil
}

// startOfDay is the start of the day WeChat's daily quotas count in: they
// reset at midnight Beijing time.
func startOfDay(t time.Time) time.Time {
	beijing := time.FixedZone("UTC+8", 8*60*60)
	y, m, d := t.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, beijing)
}
