package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// The first-run welcome: a card at the top of the call log (empty on a first
// run anyway) that explains personas, the demo and where the biometrics come
// from. It is not a modal dialog so that the host is usable at once, and
// what the window shows stays visible.
//
// Whether it was seen is the file welcomeMarker in the data dir: a data dir
// without it is new to the person. The marker is written when the welcome is
// dismissed, or when the window that showed it closes normally, so a crash
// before anyone could read it shows it again. A file rather than a flag in
// state.db because the store belongs to the host core and is held by one
// process, while this is the window's business.
const welcomeMarker = "welcome-seen"

// welcomeSeen reports whether the welcome was seen with dataDir. Without a
// data dir there is nowhere to remember it, so it counts as seen.
func welcomeSeen(dataDir string) (bool, error) {
	if dataDir == "" {
		return true, nil
	}
	_, err := os.Stat(filepath.Join(dataDir, welcomeMarker))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("ui: welcome marker: %w", err)
}

// markWelcomeSeen writes the marker; it records which version showed it.
func markWelcomeSeen(dataDir, version string) error {
	if err := os.WriteFile(filepath.Join(dataDir, welcomeMarker), []byte("minihost "+version+"\n"), 0o600); err != nil {
		return fmt.Errorf("ui: welcome marker: %w", err)
	}
	return nil
}

// showWelcomeIfNew puts the welcome into mw.welcome when the data dir has
// not seen it. An unreadable marker is logged and the welcome skipped: it is
// not worth nagging about.
func (mw *mainWindow) showWelcomeIfNew() {
	seen, err := welcomeSeen(mw.info.DataDir)
	if err != nil {
		mw.u.log.Warn("first-run welcome skipped", "err", err)
		return
	}
	if seen {
		return
	}
	mw.welcomeOn = true
	mw.welcome.Objects = []fyne.CanvasObject{container.NewPadded(mw.welcomeCard())}
	mw.welcome.Refresh()
}

// dismissWelcome removes the welcome and remembers that it was seen.
func (mw *mainWindow) dismissWelcome() {
	mw.welcome.Objects = nil
	mw.welcome.Refresh()
	mw.welcomeDone()
}

// welcomeDone writes the marker if the welcome is showing (or was, and not
// yet recorded). quit calls it too.
func (mw *mainWindow) welcomeDone() {
	if !mw.welcomeOn {
		return
	}
	mw.welcomeOn = false
	if err := markWelcomeSeen(mw.info.DataDir, mw.info.Build.Version); err != nil {
		mw.u.log.Warn("first-run welcome: remember it was seen", "err", err)
	}
}

func (mw *mainWindow) welcomeCard() fyne.CanvasObject {
	a, _ := mw.host.App(mw.appID)
	var names []string
	if ps, err := mw.host.Personas(); err == nil {
		for _, p := range ps {
			names = append(names, p.NickName)
		}
	}
	bio := wrapped(biometricsWelcome(app.BiometricInfo{}, nil))
	// The authenticator answers over D-Bus for fprintd: asked off the Fyne thread.
	go func() {
		ctx, cancel := context.WithTimeout(mw.ctx, 5*time.Second)
		defer cancel()
		bi, err := mw.host.BiometricInfo(ctx)
		mw.u.runOnUI(func() { bio.SetText(biometricsWelcome(bi, err)) })
	}()

	title := widget.NewLabelWithStyle("Welcome to minihost", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVBox(
		title,
		wrapped("minihost plays the WeChat client for your mini program: it serves the wx API to its "+
			"pages and emulates the WeChat server for its backend."),
		wrapped(demoWelcome(a.Name)),
		wrapped(personasWelcome(names)),
		bio,
		// The button keeps its height when the note wraps to two lines.
		container.NewBorder(nil, nil, nil, container.NewCenter(primaryButton("Got it", mw.dismissWelcome)),
			muted("Shown once for the data dir "+mw.info.DataDir+".")),
	)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return container.NewStack(bg, container.NewPadded(body))
}

func demoWelcome(appName string) string {
	return "Try it: " + appName + " is loaded, a mini program written as for the phone (WXML pages, a tab bar). " +
		"Press Open in browser, or open any of its pages from the Pages tab, and tap its buttons: every wx call " +
		"appears in the log below, and prompts (Authorize, User profile, Settings, SOTER) open as dialogs " +
		"for you to answer. Errors its pages report show in the Pages tab."
}

func personasWelcome(names []string) string {
	who := "a test user"
	if len(names) > 0 {
		who += " (" + strings.Join(names, ", ") + ")"
	}
	return "Personas: you act as " + who + ". Switch with the Persona picker; each has their own " +
		"openid, permissions and login, kept across restarts."
}

// biometricsWelcome says where wx.startSoterAuthentication's verdicts come
// from; a zero BiometricInfo means the authenticator has not answered yet.
func biometricsWelcome(bi app.BiometricInfo, err error) string {
	const choose = " Choose another with --biometrics; the Biometrics tab has the details."
	var src string
	switch {
	case err != nil:
		return "Biometrics: the authenticator could not be asked (" + err.Error() + ")." + choose
	case bi.Name == "":
		return "Biometrics: asking the authenticator…"
	case bi.Name == "simulated":
		src = "the simulated reader (no sensor: its dialog lets you say whether the finger matches)"
	case bi.Name == "fprintd":
		src = "fprintd, with this computer's fingerprint reader and the fingers enrolled for you (fprintd-enroll)"
	case bi.Name == "touchid":
		src = "Touch ID on this Mac"
	default:
		src = bi.Name
	}
	return "Biometrics: wx.startSoterAuthentication is answered by " + src + "." + choose
}
