package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// bucketKeyNames records the names of the host secrets (AppSecrets, app
// tokens, the id secret) the state relies on, so that a start can tell a
// keystore that lost them from one that never had them.
const bucketKeyNames = "keynames"

const idSecretName = "host/id-secret"

func appSecretName(appID string) string { return "app/" + appID + "/secret" }
func appTokenName(appID string) string  { return "app/" + appID + "/token" }

// StoredAppCredentials reads an app's appsecret and token from the keystore
// (for a command that runs beside a stopped host); an absent one is empty.
func StoredAppCredentials(ctx context.Context, keys KeyStore, appID string) (secret, token string, err error) {
	get := func(name string) (string, error) {
		v, err := keys.Get(ctx, name)
		if errors.Is(err, ErrNotFound) {
			return "", nil
		}
		return string(v), err
	}
	if secret, err = get(appSecretName(appID)); err != nil {
		return "", "", fmt.Errorf("app %s secret: %w", appID, err)
	}
	if token, err = get(appTokenName(appID)); err != nil {
		return "", "", fmt.Errorf("app %s token: %w", appID, err)
	}
	return secret, token, nil
}

// noteSecretMade records that the state now relies on the named secret.
func (h *core) noteSecretMade(name string) {
	err := h.opts.Store.Update(func(tx Tx) error {
		return tx.Put(bucketKeyNames, name, []byte(h.now().UTC().Format(time.RFC3339)))
	})
	if err != nil {
		h.log.Warn("record secret name", "name", name, "err", err)
	}
}

// Warnings are problems found at start that the person should know about,
// one sentence each, for the console and the window.
func (h *Host) Warnings() []string {
	return slices.Clone(h.warnings.get())
}

func (h *core) warn(msg string) {
	h.log.Warn(msg)
	h.warnings.update(func(w *[]string) { *w = append(*w, msg) })
}

// checkLostKeys compares what the state says exists with what the keystore
// holds. A keystore that was deleted, reset or replaced (a new login keyring,
// a lost secrets file) would otherwise make new AppSecrets, tokens and openids
// without a word, and leave every session naming a key that is gone. Sessions
// whose key is gone are marked expired, so the next wx.login starts afresh.
func (h *Host) checkLostKeys(ctx context.Context) error {
	var (
		apps     []AppRecord
		recorded = map[string]bool{}
		sessions = map[string]session{}
		soter    []string
	)
	err := h.opts.Store.View(func(tx Tx) error {
		if err := tx.ForEach(bucketApps, func(k string, _ []byte) error {
			var r AppRecord
			if getJSON(tx, bucketApps, k, &r) == nil {
				apps = append(apps, r)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEach(bucketKeyNames, func(k string, _ []byte) error {
			recorded[k] = true
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEach(bucketSessions, func(k string, _ []byte) error {
			var s session
			if getJSON(tx, bucketSessions, k, &s) == nil {
				sessions[k] = s
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.ForEach(bucketSoter, func(k string, _ []byte) error {
			soter = append(soter, k)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("check keystore: %w", err)
	}
	// present reads a secret into the cache; a keystore that does not answer
	// is not taken for a lost one.
	present := func(name string) bool {
		_, err := h.secrets.get(ctx, name)
		if err != nil && !errors.Is(err, ErrNotFound) {
			h.log.Warn("keystore check", "name", name, "err", err)
			return true
		}
		return err == nil
	}

	var lostApps, unrecorded []string
	for _, a := range apps {
		for _, name := range []string{appSecretName(a.AppID), appTokenName(a.AppID)} {
			if !present(name) {
				lostApps = append(lostApps, fmt.Sprintf("%s (%q)", a.AppID, a.Name))
				break
			} else if !recorded[name] {
				unrecorded = append(unrecorded, name)
			}
		}
	}
	lostAppIDs := len(lostApps) > 0
	// A state from before names were recorded has none: there, a session
	// means a backend may have seen openids.
	switch idWanted := recorded[idSecretName] || (len(recorded) == 0 && len(sessions) > 0); {
	case idWanted && !present(idSecretName):
		h.warn("the keystore lost the id secret: every persona gets a new openid and unionid in every app, so backends see existing users as new ones")
	case !recorded[idSecretName] && present(idSecretName):
		unrecorded = append(unrecorded, idSecretName)
	}
	// Secrets made before names were recorded are recorded now, so that
	// their loss is told apart from their never having been made.
	if len(unrecorded) > 0 {
		err := h.opts.Store.Update(func(tx Tx) error {
			for _, name := range unrecorded {
				if err := tx.Put(bucketKeyNames, name, []byte(h.now().UTC().Format(time.RFC3339))); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("record secret names: %w", err)
		}
	}
	if lostAppIDs {
		h.warn(fmt.Sprintf("the keystore lost the AppSecret and app token of %s: new ones are made, so put the new AppSecret (minihost apps) in the backend's configuration", strings.Join(lostApps, ", ")))
	}

	var expire []string
	for k, s := range sessions {
		if !s.Expired && !present(sessionKeyName(s.KeyID)) {
			expire = append(expire, k)
		}
	}
	if len(expire) > 0 {
		slices.Sort(expire)
		err := h.opts.Store.Update(func(tx Tx) error {
			for _, k := range expire {
				var s session
				if getJSON(tx, bucketSessions, k, &s) != nil {
					continue
				}
				s.Expired = true
				if err := putJSON(tx, bucketSessions, k, s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("expire sessions without a key: %w", err)
		}
		h.warn(fmt.Sprintf("the keystore lost the session_key of %d login session(s) (%s): they count as expired, and the next wx.login starts a new session", len(expire), strings.Join(expire, ", ")))
	}

	var lostSoter []string
	for _, k := range soter {
		persona, appID, _ := strings.Cut(k, "|")
		if !present(authKeyName(persona, appID)) {
			lostSoter = append(lostSoter, k)
		}
	}
	if len(lostSoter) > 0 {
		h.warn(fmt.Sprintf("the keystore lost the SOTER AuthKey of %s: new keys are made, so signatures a backend checks against a stored public key fail until it takes the new one", strings.Join(lostSoter, ", ")))
	}
	return nil
}
