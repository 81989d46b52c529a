package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// Local storage (wx.setStorage and friends), kept by the host per persona and
// app, as a phone keeps it per WeChat user and mini program.

const bucketStorage = "storage" // "persona|appid|key" -> storedItem JSON

// Limits of the phone: 1 MB a key, 10 MB an app (for one user).
const (
	StorageItemLimit = 1 << 20
	StorageAppLimit  = 10 << 20
)

// The phone's errMsg reasons for the two limits.
const (
	reasonItemTooLarge = "exceed storage item max length"
	reasonAppFull      = "exceed storage max size 10Mb"
)

// StorageItem is one key of an app's storage. Data is the value as JSON;
// Type is "Date" for a Date the page stored (Data is then its ISO string),
// else "".
type StorageItem struct {
	Key  string          `json:"key"`
	Data json.RawMessage `json:"data"`
	Type string          `json:"type,omitempty"`
}

// size is what the item counts against the limits: key plus value bytes.
func (it StorageItem) size() int { return len(it.Key) + len(it.Data) }

// StorageInfo is wx.getStorageInfo's answer: sizes in KB, as on the phone.
type StorageInfo struct {
	Keys        []string `json:"keys"`
	CurrentSize int      `json:"currentSize"`
	LimitSize   int      `json:"limitSize"`
}

// Storage is one persona's storage in one app, in key order.
type Storage struct {
	Persona string        `json:"persona"`
	AppID   string        `json:"appid"`
	Items   []StorageItem `json:"items"`
	// Limits, for pages that check sizes before writing (Sync forms must
	// throw at once, before the host has answered).
	ItemLimit int `json:"itemLimit"`
	AppLimit  int `json:"appLimit"`
}

// Info sums the storage up.
func (s Storage) Info() StorageInfo {
	info := StorageInfo{Keys: []string{}, LimitSize: StorageAppLimit / 1024}
	total := 0
	for _, it := range s.Items {
		info.Keys = append(info.Keys, it.Key)
		total += it.size()
	}
	info.CurrentSize = (total + 1023) / 1024
	return info
}

func storagePrefix(persona, appID string) string { return userKey(persona, appID) + "|" }

// checkStorageKey refuses what the phone refuses: an empty key.
func checkStorageKey(api, key string) error {
	if key == "" || !utf8.ValidString(key) {
		return fail(api, "parameter error: parameter.key should be String instead of Undefined;")
	}
	return nil
}

// storageTarget names the persona and app whose storage is touched; an
// empty persona is the current one. The app need not be loaded (ctl may edit
// the storage of an app loaded earlier), but the persona must exist.
func (h *StorageService) storageTarget(persona string) (string, error) {
	if persona == "" {
		return h.CurrentPersona().ID, nil
	}
	if _, err := h.Persona(persona); err != nil {
		return "", err
	}
	return persona, nil
}

// Storage returns a persona's storage in an app.
func (h *StorageService) Storage(at StorageAt) (Storage, error) {
	persona, err := h.storageTarget(at.Persona)
	if err != nil {
		return Storage{}, err
	}
	s := Storage{Persona: persona, AppID: at.AppID, Items: []StorageItem{}, ItemLimit: StorageItemLimit, AppLimit: StorageAppLimit}
	prefix := storagePrefix(persona, at.AppID)
	err = h.opts.Store.View(func(tx Tx) error {
		return tx.ForEach(bucketStorage, func(k string, v []byte) error {
			if !strings.HasPrefix(k, prefix) {
				return nil
			}
			var it StorageItem
			if err := json.Unmarshal(v, &it); err != nil {
				h.log.Warn("damaged storage item skipped", "key", k, "err", err)
				return nil
			}
			it.Key = k[len(prefix):]
			s.Items = append(s.Items, it)
			return nil
		})
	})
	return s, err
}

// StorageGet returns one key; a missing key fails "<api>:fail data not found".
func (h *StorageService) StorageGet(at StorageAt, key string) (StorageItem, error) {
	if err := checkStorageKey(at.API, key); err != nil {
		return StorageItem{}, err
	}
	persona, err := h.storageTarget(at.Persona)
	if err != nil {
		return StorageItem{}, err
	}
	var it StorageItem
	err = h.opts.Store.View(func(tx Tx) error {
		v := tx.Get(bucketStorage, storagePrefix(persona, at.AppID)+key)
		if v == nil {
			return fail(at.API, "data not found")
		}
		return json.Unmarshal(v, &it)
	})
	it.Key = key
	return it, err
}

// StorageSet stores one key, within the phone's limits. data must be JSON.
func (h *StorageService) StorageSet(at StorageAt, it StorageItem) error {
	if err := checkStorageKey(at.API, it.Key); err != nil {
		return err
	}
	if it.Type != "" && it.Type != "Date" {
		return failf(at.API, "parameter error: unknown data type %q", it.Type)
	}
	it.Data = bytes.TrimSpace(it.Data)
	if len(it.Data) == 0 || !json.Valid(it.Data) {
		return fail(at.API, "parameter error: parameter.data should be a JSON value")
	}
	if it.size() > StorageItemLimit {
		return fail(at.API, reasonItemTooLarge)
	}
	persona, err := h.storageTarget(at.Persona)
	if err != nil {
		return err
	}
	prefix := storagePrefix(persona, at.AppID)
	val, err := json.Marshal(StorageItem{Data: it.Data, Type: it.Type})
	if err != nil {
		return err
	}
	return h.opts.Store.Update(func(tx Tx) error {
		total := it.size()
		err := tx.ForEach(bucketStorage, func(k string, v []byte) error {
			if strings.HasPrefix(k, prefix) && k != prefix+it.Key {
				var old StorageItem
				if json.Unmarshal(v, &old) == nil {
					total += len(k) - len(prefix) + len(old.Data)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if total > StorageAppLimit {
			return fail(at.API, reasonAppFull)
		}
		return tx.Put(bucketStorage, prefix+it.Key, val)
	})
}

// StorageRemove deletes one key; a missing key is no error, as on the phone.
func (h *StorageService) StorageRemove(at StorageAt, key string) error {
	if err := checkStorageKey(at.API, key); err != nil {
		return err
	}
	persona, err := h.storageTarget(at.Persona)
	if err != nil {
		return err
	}
	return h.opts.Store.Update(func(tx Tx) error {
		return tx.Delete(bucketStorage, storagePrefix(persona, at.AppID)+key)
	})
}

// StorageClear deletes every key of a persona in an app.
func (h *StorageService) StorageClear(at StorageAt) error {
	persona, err := h.storageTarget(at.Persona)
	if err != nil {
		return err
	}
	return h.opts.Store.Update(func(tx Tx) error { return deletePrefix(tx, bucketStorage, storagePrefix(persona, at.AppID)) })
}

// deletePrefix deletes a bucket's keys that start with prefix.
func deletePrefix(tx Tx, bucket, prefix string) error {
	return deleteWhere(tx, bucket, func(k string, _ []byte) bool { return strings.HasPrefix(k, prefix) })
}

// IsStorageFail reports whether err is a wx failure (as opposed to a store
// error), for callers outside a wx call that show its reason.
func IsStorageFail(err error) (string, bool) {
	var f *Fail
	if errors.As(err, &f) {
		return f.Reason, true
	}
	return "", false
}

// StorageService is wx storage (setStorage and friends) per persona and app.
type StorageService struct {
	*core
}

// StorageAt names whose storage a call touches, and for which wx API.
type StorageAt struct {
	API     string // named in failures ("getStorage:fail data not found"); "" for Storage and StorageClear
	Persona string // "" is the current persona
	AppID   string
}
