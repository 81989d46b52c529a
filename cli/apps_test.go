package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

// keysFunc is an app.KeyStore whose Get is get.
type keysFunc func(name string) ([]byte, error)

func (f keysFunc) Get(_ context.Context, name string) ([]byte, error) { return f(name) }
func (keysFunc) Put(context.Context, string, []byte) error            { return nil }
func (keysFunc) Delete(context.Context, string) error                 { return nil }

// minihost apps shows a credential not in the keystore yet as empty, and
// fails when the keystore cannot answer rather than print empty columns.
func TestAppInfosKeystore(t *testing.T) {
	recs := []app.AppRecord{{AppID: "wxapps0000000001", Name: "One"}}
	got, err := appInfos(t.Context(), recs, keysFunc(func(name string) ([]byte, error) {
		if name == "app/wxapps0000000001/secret" {
			return []byte("s3cret"), nil
		}
		return nil, app.ErrNotFound
	}))
	if err != nil || len(got) != 1 || got[0].Secret != "s3cret" || got[0].Token != "" || got[0].Name != "One" {
		t.Fatalf("appInfos = %+v, %v", got, err)
	}
	locked := errors.New("the keyring is locked")
	_, err = appInfos(t.Context(), recs, keysFunc(func(string) ([]byte, error) { return nil, locked }))
	if !errors.Is(err, locked) || !strings.Contains(err.Error(), "keystore") {
		t.Fatalf("a failing keystore: %v, want the keystore's error", err)
	}
}
