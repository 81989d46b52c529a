package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// locationRow edits where the current persona is: what wx.getLocation
// answers once the app holds scope.userLocation.
type locationRow struct {
	mw       *mainWindow
	content  fyne.CanvasObject
	lat, lon *widget.Entry
	name     *widget.Entry
	shownID  string // the persona whose location the entries hold
}

func newLocationRow(mw *mainWindow) *locationRow {
	r := &locationRow{mw: mw, lat: widget.NewEntry(), lon: widget.NewEntry(), name: widget.NewEntry()}
	r.lat.SetPlaceHolder("latitude")
	r.lon.SetPlaceHolder("longitude")
	r.name.SetPlaceHolder("place name (optional)")
	for _, e := range []*widget.Entry{r.lat, r.lon, r.name} {
		e.OnSubmitted = func(string) { r.save() }
	}
	fields := container.NewGridWithColumns(3, r.lat, r.lon, r.name)
	r.content = container.NewBorder(nil, nil, widget.NewLabel("Location"), widget.NewButton("Save", r.save), fields)
	return r
}

func (r *locationRow) save() {
	p := r.mw.host.CurrentPersona()
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(r.lat.Text), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(r.lon.Text), 64)
	if err1 != nil || err2 != nil {
		r.mw.fail("save the location", fmt.Errorf("latitude and longitude must be numbers, e.g. 22.5405 and 113.9345"))
		return
	}
	l := app.Location{Latitude: lat, Longitude: lon, Name: strings.TrimSpace(r.name.Text)}
	if err := r.mw.host.SetPersonaLocation(r.mw.ctx, p.ID, l); err != nil {
		r.mw.fail("save the location", err)
		return
	}
	r.mw.u.log.Info("location changed from the window", "persona", p.ID)
	r.mw.status.SetText(fmt.Sprintf("%s is now at %.6f, %.6f", p.NickName, lat, lon))
}

// refresh shows the current persona's location; only when the persona
// changed, so a refresh never eats typing.
func (r *locationRow) refresh() {
	p := r.mw.host.CurrentPersona()
	if p.ID == r.shownID {
		return
	}
	l, err := r.mw.host.PersonaLocation(p.ID)
	if err != nil {
		r.mw.fail("read the location", err)
		return
	}
	r.shownID = p.ID
	r.lat.SetText(strconv.FormatFloat(l.Latitude, 'f', -1, 64))
	r.lon.SetText(strconv.FormatFloat(l.Longitude, 'f', -1, 64))
	r.name.SetText(l.Name)
}
