//go:build darwin && cgo

package keyring

import (
	"context"
	"errors"
	"fmt"

	"github.com/keybase/go-keychain"

	"github.com/minihost/minihost/app"
)

// Keychain keeps secrets as generic passwords in the user's login keychain:
// service "minihost", account "<data dir>:<name>" (the data dir keeps
// instances apart), not synchronised to iCloud, readable only while the Mac is
// unlocked. The Keychain API has no cancellation; calls return quickly unless
// macOS asks the user for the keychain password.
type Keychain struct {
	dataDir string
}

var _ app.KeyStore = (*Keychain)(nil)

func openNative(dataDir string) (Store, Info, bool) {
	return &Keychain{dataDir: dataDir}, Info{Name: "keychain", Detail: "macOS login keychain, service \"minihost\""}, true
}

func (k *Keychain) account(name string) string { return k.dataDir + ":" + name }

func (k *Keychain) query(name string) keychain.Item {
	q := keychain.NewItem()
	q.SetSecClass(keychain.SecClassGenericPassword)
	q.SetService("minihost")
	q.SetAccount(k.account(name))
	return q
}

// Put stores secret under name, replacing any earlier value.
func (k *Keychain) Put(ctx context.Context, name string, secret []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	item := k.query(name)
	item.SetLabel("minihost: " + name)
	item.SetData(secret)
	item.SetSynchronizable(keychain.SynchronizableNo)
	item.SetAccessible(keychain.AccessibleWhenUnlocked)
	err := keychain.AddItem(item)
	if errors.Is(err, keychain.ErrorDuplicateItem) {
		update := keychain.NewItem()
		update.SetData(secret)
		err = keychain.UpdateItem(k.query(name), update)
	}
	if err != nil {
		return fmt.Errorf("keychain: put %s: %w", name, err)
	}
	return nil
}

// Get returns the secret stored under name, or app.ErrNotFound.
func (k *Keychain) Get(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q := k.query(name)
	q.SetMatchLimit(keychain.MatchLimitOne)
	q.SetReturnData(true)
	results, err := keychain.QueryItem(q)
	if err != nil {
		return nil, fmt.Errorf("keychain: get %s: %w", name, err)
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("keychain: get %s: %w", name, app.ErrNotFound)
	}
	return results[0].Data, nil
}

// Delete removes name. Deleting a name that is not there is not an error.
func (k *Keychain) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := keychain.DeleteItem(k.query(name))
	if err != nil && !errors.Is(err, keychain.ErrorItemNotFound) {
		return fmt.Errorf("keychain: delete %s: %w", name, err)
	}
	return nil
}

// Close does nothing; the Keychain needs no connection.
func (k *Keychain) Close() error { return nil }
