package ui

import (
	"errors"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/wxacode"
)

// onDropped takes an image of a mini program code dropped on the window and
// opens the page it names, as scanning it with a phone does (scene 1047).
func (mw *mainWindow) onDropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		if u.Scheme() != "file" {
			continue
		}
		target, err := mw.scanned(u.Path())
		if err != nil {
			mw.fail("open the dropped code", err)
			continue
		}
		mw.openURL(target)
	}
}

// scanned reads the code in the image at path and returns its launch URL.
func (mw *mainWindow) scanned(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return "", errors.New(path + " is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, wxacode.MaxImageBytes+1))
	if err != nil {
		return "", err
	}
	text, err := wxacode.Decode(data)
	if err != nil {
		return "", err
	}
	code, err := app.ParseWXACode(text)
	if err != nil {
		return "", err
	}
	if _, ok := mw.host.App(code.AppID); !ok {
		return "", fmt.Errorf("the code is for app %s, which is not loaded", code.AppID)
	}
	return code.LaunchURL(app.OriginURL(mw.info.BaseURL, code.AppID)), nil
}
