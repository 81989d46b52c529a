//go:build linux

package e2e

// The package a tester installs: `make package` builds minihost.tar.xz with
// fyne package, `make install` puts it under a prefix, the installed .desktop
// entry validates and names the installed binary and icon, the installed
// binary shows its window on Xvfb (with the first-run welcome, since its data
// dir is new) and reports FyneApp.toml's version with the commit, and
// `make uninstall` leaves the prefix as it found it.

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const desktopID = "io.github.minihost" // FyneApp.toml's ID

func TestPackageInstallRunUninstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the release package with fyne (a cgo build): not in -short mode")
	}
	requireGUITools(t)
	for _, tool := range []string{"make", "git", "desktop-file-validate"} { // make package installs xz
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the package test needs %s: run `make deps` (desktop-file-validate is in desktop-file-utils)", tool)
		}
	}
	root := repoRoot(t)
	src := snapshotTree(t, root)
	dist := t.TempDir()
	// Built from a snapshot of the working tree: fyne package writes
	// fyne_metadata_init.go and the binary next to main.go while it builds,
	// which must not land in the tree that other tests (and people) compile.
	// The fyne command itself is the repo's pinned one in bin/tools.
	makeIn := func(t *testing.T, timeout time.Duration, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		args = append([]string{"-C", src, "DIST=" + dist, "TOOLS=" + filepath.Join(root, "bin", "tools")}, args...)
		cmd := exec.CommandContext(ctx, "make", args...)
		cmd.Env = append(hostEnv(), "LANG=C.UTF-8")
		cmd.WaitDelay = 5 * time.Second
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("make %s: %v (bounded to %v)\n%s", strings.Join(args, " "), err, timeout, tail(string(out), 6000))
		}
		return string(out)
	}

	toml, err := os.ReadFile(filepath.Join(src, "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	makeIn(t, 10*time.Minute, "package") // about a minute once the cgo build is cached
	t.Logf("make package: %v", time.Since(start).Round(time.Second))
	// fyne package bumps Build in FyneApp.toml; make package must undo that.
	if after, err := os.ReadFile(filepath.Join(src, "FyneApp.toml")); err != nil || !bytes.Equal(after, toml) {
		t.Errorf("make package changed FyneApp.toml (%v):\n%s", err, after)
	}
	pkg := filepath.Join(dist, "minihost.tar.xz")
	listing, err := exec.Command("tar", "-tJf", pkg).Output()
	if err != nil {
		t.Fatalf("tar -tJf %s: %v", pkg, err)
	}
	for _, want := range []string{"minihost/Makefile", "/bin/minihost", "/share/applications/" + desktopID + ".desktop", "/share/pixmaps/" + desktopID + ".png"} {
		if !strings.Contains(string(listing), want) {
			t.Errorf("the tarball has no %s:\n%s", want, listing)
		}
	}

	// A prefix with someone else's files in it: install and uninstall must
	// leave them alone.
	prefix := filepath.Join(t.TempDir(), "prefix")
	for _, f := range []string{"bin/other-tool", "share/applications/other.desktop", "share/icons/hicolor/48x48/apps/other.png"} {
		if err := os.MkdirAll(filepath.Join(prefix, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(prefix, f), []byte("not minihost's\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := treeListing(t, prefix)
	makeIn(t, 2*time.Minute, "install", "PREFIX="+prefix)

	bin := filepath.Join(prefix, "bin", "minihost")
	desktop := filepath.Join(prefix, "share", "applications", desktopID+".desktop")
	icon := filepath.Join(prefix, "share", "icons", "hicolor", "512x512", "apps", desktopID+".png")

	t.Run("desktop entry", func(t *testing.T) {
		out, err := exec.Command("desktop-file-validate", desktop).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("desktop-file-validate %s: %v\n%s", desktop, err, out)
		}
		entry := desktopEntry(t, desktop)
		if argv := strings.Fields(entry["Exec"]); len(argv) == 0 || argv[0] != bin {
			t.Errorf("Exec=%q, want the installed binary %s", entry["Exec"], bin)
		}
		if entry["Icon"] != icon {
			t.Errorf("Icon=%q, want the installed icon %s", entry["Icon"], icon)
		}
		if entry["Name"] != "minihost" || entry["Type"] != "Application" {
			t.Errorf("Name=%q Type=%q, want minihost, Application", entry["Name"], entry["Type"])
		}
		if st, err := os.Stat(bin); err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("installed binary: %v (mode %v), want an executable", err, st)
		}
		// The icon is the real one from the repo, not fyne's default.
		got, err := os.ReadFile(icon)
		if err != nil {
			t.Fatalf("installed icon: %v", err)
		}
		want, err := os.ReadFile(filepath.Join(root, "assets", "icon.png"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("installed icon %s differs from assets/icon.png", icon)
		}
		if cfg, err := png.DecodeConfig(bytes.NewReader(got)); err != nil || cfg.Width != 512 || cfg.Height != 512 {
			t.Errorf("installed icon: %v, %dx%d; want a 512x512 PNG", err, cfg.Width, cfg.Height)
		}
	})

	t.Run("version", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "version")
		cmd.Env = append(hostEnv(), "LANG=C.UTF-8")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s version: %v", bin, err)
		}
		version := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
		build := regexp.MustCompile(`(?m)^\s*Build\s*=\s*(\d+)`).FindSubmatch(toml)
		if version == nil || build == nil {
			t.Fatalf("FyneApp.toml has no Version or Build:\n%s", toml)
		}
		head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
		if err != nil {
			t.Fatalf("git rev-parse HEAD: %v", err)
		}
		want := "minihost " + string(version[1]) + " (build " + string(build[1]) + ", commit " + string(head[:12])
		if !strings.HasPrefix(string(out), want) {
			t.Errorf("installed `minihost version` printed %q, want it to start with %q", out, want)
		}
	})

	t.Run("window", func(t *testing.T) {
		// startWindowHost runs $MINIHOST_BIN: the installed binary, on a
		// new data dir, with LANG=C.UTF-8 and --addr 127.0.0.1:0.
		t.Setenv("MINIHOST_BIN", bin)
		x := startXvfb(t)
		w := startWindowHost(t, x)
		mainWin := x.waitWindow(winMain, 30*time.Second)
		// The menu entry's StartupWMClass must be the window's class, or the
		// desktop does not show the window under the entry's icon.
		if class := desktopEntry(t, desktop)["StartupWMClass"]; class != "" {
			out, err := x.run("xdotool", "search", "--onlyvisible", "--class", "^"+regexp.QuoteMeta(class)+"$")
			if err != nil || !slices.Contains(strings.Fields(out), mainWin) {
				t.Errorf("StartupWMClass=%s, but the window's class is not that (%v)", class, err)
			}
		}
		// Painted: the Settings tab's switch is on, and the first-run
		// welcome's "Got it" is the window's one primary button.
		// Settled: a window can be painted once with an earlier layout, and a
		// click on that frame's button lands on nothing.
		png, img := x.waitSettled(mainWin, "the Settings tab and the welcome's Got it button", 30*time.Second, func(img image.Image) bool {
			_, ok := primaryButton(img)
			return ok && len(switchesOn(img)) > 0
		})
		shot, _ := x.capture("root")
		saveScreenshot(t, root, "package-window.png", shot)
		saveScreenshot(t, root, "package-main-window.png", png)

		marker := filepath.Join(w.h.DataDir, "welcome-seen")
		if _, err := os.Stat(marker); err == nil {
			t.Fatal("welcome recorded as seen before anyone dismissed it")
		}
		gotIt, _ := primaryButton(img)
		x.click(mainWin, gotIt.center())
		x.waitImage(mainWin, "the welcome gone", 10*time.Second, func(img image.Image) bool {
			_, ok := primaryButton(img)
			return !ok
		})
		if _, err := os.Stat(marker); err != nil {
			t.Errorf("welcome dismissed but not recorded: %v", err)
		}

		state, err := w.interrupt(15 * time.Second)
		if err != nil {
			t.Fatalf("after SIGINT: %v\n%s", err, w.h.Output())
		}
		if !state.Success() {
			t.Errorf("installed minihost exited with %v after SIGINT, want 0\n%s", state, w.h.Output())
		}
	})

	makeIn(t, time.Minute, "uninstall", "PREFIX="+prefix)
	if after := treeListing(t, prefix); !slices.Equal(before, after) {
		t.Errorf("the prefix after uninstall differs from before install:\nbefore: %q\nafter:  %q", before, after)
	}
}

// snapshotTree copies the working tree (tracked and untracked files that are
// not ignored, plus .git so the build can stamp the commit) into a temporary
// directory. Files that vanish meanwhile (a lock of a concurrent git command,
// a file deleted in the tree) are skipped.
func snapshotTree(t *testing.T, root string) string {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	files := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	err = filepath.WalkDir(filepath.Join(root, ".git"), func(path string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case d.Type().IsRegular():
			rel, _ := filepath.Rel(root, path)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list .git: %v", err)
	}
	dst := t.TempDir()
	for _, rel := range files {
		from := filepath.Join(root, rel)
		st, err := os.Stat(from)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(from)
		if err != nil {
			continue
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), data, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// treeListing is every path under dir, directories ending in /, sorted.
func treeListing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// desktopEntry reads the [Desktop Entry] group of a .desktop file.
func desktopEntry(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entry := map[string]string{}
	group := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "["):
			group = line
		case group == "[Desktop Entry]" && strings.Contains(line, "="):
			k, v, _ := strings.Cut(line, "=")
			entry[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return entry
}

func saveScreenshot(t *testing.T, root, name string, png []byte) {
	t.Helper()
	dir := filepath.Join(root, "artifacts", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", filepath.Join("artifacts", "screenshots", name))
}

// On Linux, make package-darwin explains where and how to build the .app
// instead of failing somewhere inside fyne.
func TestPackageDarwinOnLinux(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", "-s", "-C", repoRoot(t), "package-darwin")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		t.Fatalf("make package-darwin succeeded on Linux; want it to refuse\n%s", stderr.String())
	}
	for _, want := range []string{"can only be built on a Mac", "make package-darwin", "fyne package -os darwin -release"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("make package-darwin said %q, want it to mention %q", stderr.String(), want)
		}
	}
}
