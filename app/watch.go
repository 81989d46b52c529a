package app

import "context"

// WatchState signals (coalesced) when host state the window shows changes,
// until ctx ends: personas (switch, create, edit, delete, import), a
// persona's settings in an app (including the answers authorize and
// openSetting store), login sessions, and the loaded apps (load, unload,
// reset, envVersion, user-info policy). The control API changes these with
// no window control involved, so the window listens here instead of polling.
// Faults and timeout overrides have WatchFaults, prompt policies
// Broker.WatchPolicies.
func (h *Host) WatchState(ctx context.Context) <-chan struct{} { return h.state.watch(ctx) }

// stateChanged notifies WatchState watchers when err is nil and returns err,
// so a method can end in `return h.stateChanged(change())` and notify only
// on success.
func (h *core) stateChanged(err error) error {
	if err == nil {
		h.state.notify()
	}
	return err
}
