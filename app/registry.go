package app

import (
	"slices"
	"strings"
	"sync"
)

// appRegistry is the set of loaded apps. A loadedApp is an immutable
// snapshot (a change replaces it), so readers need no lock once they hold one.
type appRegistry struct {
	mu   sync.Mutex
	apps map[string]*loadedApp
}

type loadedApp struct {
	mp     *MiniProgram
	secret string
	token  string
}

func (a *loadedApp) public() LoadedApp {
	return LoadedApp{MiniProgram: a.mp, Secret: a.secret, Token: a.token}
}

// get returns appID's snapshot.
func (r *appRegistry) get(appID string) (*loadedApp, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.apps[appID]
	return a, ok
}

// list returns the loaded apps sorted by appid.
func (r *appRegistry) list() []LoadedApp {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]LoadedApp, 0, len(r.apps))
	for _, a := range r.apps {
		out = append(out, a.public())
	}
	slices.SortFunc(out, func(a, b LoadedApp) int { return strings.Compare(a.AppID, b.AppID) })
	return out
}

// ids returns the loaded appids, unsorted.
func (r *appRegistry) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.apps))
	for id := range r.apps {
		out = append(out, id)
	}
	return out
}

// byLabel returns the loaded app whose OriginLabel is label.
func (r *appRegistry) byLabel(label string) (*loadedApp, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.apps {
		if OriginLabel(a.mp.AppID) == label {
			return a, true
		}
	}
	return nil, false
}

// labelTaken names the loaded app, other than appID, that has appID's origin
// label; "" when there is none.
func (r *appRegistry) labelTaken(appID string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.labelTakenLocked(appID)
}

func (r *appRegistry) labelTakenLocked(appID string) string {
	label := OriginLabel(appID)
	for id, a := range r.apps {
		if id != appID && OriginLabel(a.mp.AppID) == label {
			return id
		}
	}
	return ""
}

// add registers a, unless another app took its origin label meanwhile (then
// it names that app).
func (r *appRegistry) add(a *loadedApp) (other string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if other := r.labelTakenLocked(a.mp.AppID); other != "" {
		return other
	}
	if r.apps == nil {
		r.apps = map[string]*loadedApp{}
	}
	r.apps[a.mp.AppID] = a
	return ""
}

// remove unregisters appID and reports whether it was loaded.
func (r *appRegistry) remove(appID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.apps[appID]
	delete(r.apps, appID)
	return ok
}

// update replaces appID's MiniProgram with a changed copy.
func (r *appRegistry) update(appID string, change func(*MiniProgram)) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur, ok := r.apps[appID]
	if !ok {
		return false
	}
	mp := *cur.mp
	change(&mp)
	r.apps[appID] = &loadedApp{mp: &mp, secret: cur.secret, token: cur.token}
	return true
}
