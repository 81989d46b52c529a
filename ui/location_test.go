package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestLocationRow: the window shows the current persona's location and
// saves an edit, which is what getLocation then answers; bad input is
// refused in the status line and changes nothing.
func TestLocationRow(t *testing.T) {
	tw := newTestWindow(t)
	r := tw.mw.messages.where
	tw.th.run(func() {
		tw.mw.messages.refresh()
		if r.lat.Text != "22.540503" || r.lon.Text != "113.934528" {
			t.Errorf("shown location %s, %s, want the default (Shenzhen)", r.lat.Text, r.lon.Text)
		}
		r.lat.SetText("31.2304")
		r.lon.SetText("121.4737")
		r.name.SetText("People's Square")
		test.Tap(button(t, r.content, "Save"))
	})
	l, err := tw.host.PersonaLocation("alice")
	if err != nil || l.Latitude != 31.2304 || l.Longitude != 121.4737 || l.Name != "People's Square" {
		t.Fatalf("after Save: %+v %v", l, err)
	}
	tw.th.run(func() {
		r.lat.SetText("north")
		test.Tap(button(t, r.content, "Save"))
		if !strings.Contains(tw.mw.status.Text, "latitude and longitude must be numbers") {
			t.Errorf("status after a bad latitude: %q", tw.mw.status.Text)
		}
		r.lat.SetText("95")
		test.Tap(button(t, r.content, "Save"))
		if !strings.Contains(tw.mw.status.Text, "latitude 95") {
			t.Errorf("status after latitude 95: %q", tw.mw.status.Text)
		}
	})
	if l, _ := tw.host.PersonaLocation("alice"); l.Latitude != 31.2304 {
		t.Errorf("a refused edit changed the location to %+v", l)
	}
}
