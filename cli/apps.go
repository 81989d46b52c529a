package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/biometrics/keyring"
	"github.com/minihost/minihost/hostapi/client"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// runApps is `minihost apps`: it lists apps with their AppSecrets. bbolt
// lets one process open the state file, so when a minihost is running there
// it asks that one.
func runApps(ctx context.Context, args []string, o Options) error {
	fs := flag.NewFlagSet("minihost apps", flag.ContinueOnError)
	fs.SetOutput(o.Stderr)
	dataDir := fs.String("data-dir", DefaultDataDir(), "data dir of the minihost to ask")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var apps []apitype.AppInfo
	db, err := boltstore.Open(*dataDir, 300*time.Millisecond)
	switch {
	case errors.Is(err, boltstore.ErrLocked):
		apps, err = appsFromRunning(ctx, *dataDir)
	case err == nil:
		apps, err = appsFromStore(ctx, db, *dataDir)
		db.Close()
	}
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(o.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APPID\tNAME\tAPPSECRET\tTOKEN")
	for _, a := range apps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.AppID, a.Name, a.Secret, a.Token)
	}
	return tw.Flush()
}

// appsFromStore reads the apps from the state file and their secrets from
// the keystore. A secret not there yet is left empty; a keystore that
// cannot answer is an error, not a silently empty column.
func appsFromStore(ctx context.Context, db *boltstore.DB, dataDir string) ([]apitype.AppInfo, error) {
	recs, err := app.KnownApps(db)
	if err != nil {
		return nil, err
	}
	keys, _, err := keyring.Open(ctx, dataDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	defer keys.Close()
	return appInfos(ctx, recs, keys)
}

// appInfos joins the apps the store knows with their credentials in keys.
func appInfos(ctx context.Context, recs []app.AppRecord, keys app.KeyStore) ([]apitype.AppInfo, error) {
	var out []apitype.AppInfo
	for _, r := range recs {
		secret, token, err := app.StoredAppCredentials(ctx, keys, r.AppID)
		if err != nil {
			return nil, fmt.Errorf("keystore: %w", err)
		}
		out = append(out, apitype.AppInfo{AppID: r.AppID, Name: r.Name, Secret: secret, Token: token})
	}
	return out, nil
}

func appsFromRunning(ctx context.Context, dataDir string) ([]apitype.AppInfo, error) {
	c, err := client.Connect(dataDir)
	if err != nil {
		return nil, fmt.Errorf("the state file in %s is locked by another process, but: %w", dataDir, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.Apps(ctx)
}
