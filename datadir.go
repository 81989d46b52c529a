package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/minihost/minihost/app/boltstore"
)

// stateBackupEvery is how often a running minihost saves a good copy of its
// state file, besides the one at each clean start.
const stateBackupEvery = time.Hour

// tightenDataDir makes an existing data dir private (0700): it holds the
// state, the control token and maybe the secrets file.
func tightenDataDir(dir string, log *slog.Logger) error {
	return tighten(dir, 0o700, "data dir", log)
}

// tighten drops the group and other permission bits of an existing path,
// saying so; a missing path is created private later.
func tighten(path string, want fs.FileMode, what string, log *slog.Logger) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if st.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, want); err != nil {
		return fmt.Errorf("%s %s has mode %v and cannot be made %v: %w", what, path, st.Mode().Perm(), want, err)
	}
	log.Warn("permissions tightened: others could read it", "what", what, "path", path, "was", st.Mode().Perm().String(), "now", want.String())
	return nil
}

// damagedState explains a damaged state file and the two ways on, as the
// error minihost exits with.
func damagedState(dataDir string, err error) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%v\nbbolt cannot repair a damaged file. To go on, either\n", err)
	state := filepath.Join(dataDir, boltstore.FileName)
	if copies := boltstore.GoodCopies(dataDir); len(copies) > 0 {
		fmt.Fprintf(&b, "  - restore the newest good copy (saved %s; the damaged file is kept aside):\n        minihost --data-dir %s --restore-state\n",
			copies[0].Saved.UTC().Format("2006-01-02 15:04:05 UTC"), shellQuote(dataDir))
	} else {
		fmt.Fprintf(&b, "  - (there is no good copy in %s to restore)\n", filepath.Join(dataDir, boltstore.BackupDir))
	}
	fmt.Fprintf(&b, "  - or start fresh (personas, authorizations, sessions and the call log are lost; AppSecrets and openids stay, they are in the keystore):\n        mv %s %s && minihost --data-dir %s",
		shellQuote(state), shellQuote(state+".damaged"), shellQuote(dataDir))
	return errors.New(b.String())
}

// restoreState is --restore-state.
func restoreState(dataDir string, stdout io.Writer) error {
	r, err := boltstore.Restore(dataDir, time.Now())
	if errors.Is(err, boltstore.ErrLocked) {
		return fmt.Errorf("--restore-state: %w (stop the minihost running on %s first)", err, dataDir)
	}
	if err != nil {
		return fmt.Errorf("--restore-state: %w", err)
	}
	fmt.Fprintf(stdout, "minihost: restored the state file from %s (saved %s)\n", r.From.Path, r.From.Saved.UTC().Format("2006-01-02 15:04:05 UTC"))
	if r.DamagedAs != "" {
		fmt.Fprintf(stdout, "minihost: the damaged state file is kept as %s\n", r.DamagedAs)
	}
	return nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+=:@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
