package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/minihost/minihost/app"
)

// brokenKeys fails every Get, as a locked keychain does.
type brokenKeys struct{ *memKeys }

func (*brokenKeys) Get(context.Context, string) ([]byte, error) {
	return nil, errors.New("keychain locked")
}

// TestStoredAppCredentials: a stopped host's app credentials are the ones the
// running host made, an app never loaded has none, and a failing keystore
// is an error, not an empty secret.
func TestStoredAppCredentials(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	a, _ := th.App(testAppID)
	secret, token, err := app.StoredAppCredentials(ctx, th.keys, testAppID)
	if err != nil || secret != a.Secret || token != a.Token || secret == "" || token == "" {
		t.Errorf("StoredAppCredentials = %q, %q, %v; want %q, %q", secret, token, err, a.Secret, a.Token)
	}
	if secret, token, err := app.StoredAppCredentials(ctx, th.keys, "wxnotloaded00000"); err != nil || secret != "" || token != "" {
		t.Errorf("never loaded: %q, %q, %v", secret, token, err)
	}
	if _, _, err := app.StoredAppCredentials(ctx, &brokenKeys{&memKeys{}}, testAppID); err == nil {
		t.Error("a keystore that fails gave no error")
	}
}
