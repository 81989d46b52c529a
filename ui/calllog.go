package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/minihost/minihost/app"
)

// callLogView is the live API call log: one row per wx call or server
// endpoint hit (time, api, short arguments, errMsg, duration), filtered by
// api, cleared on demand; the selected row's full request and response JSON
// show below the list. It is only touched on the Fyne thread.
type callLogView struct {
	all     []app.CallRecord // since the last Clear, oldest first
	shown   []app.CallRecord // all, filtered
	filter  string           // api shown, "" for all
	apis    []string         // apis seen, for the filter
	lastSeq uint64           // newest record added, so a replay is not added twice
	picked  uint64           // Seq of the selected row, 0 for none

	list      *widget.List
	filterSel *widget.Select
	detail    *widget.Label
	content   fyne.CanvasObject
}

// maxCallRows bounds the view; the store keeps more (host.Calls).
const maxCallRows = 2000

const allAPIs = "All APIs"

// detailHint fills the detail pane while no row is selected.
const detailHint = "Select a call to see its full request and response."

// columns of a call log row: time, api, args, errMsg (takes the remaining
// width), duration.
var callColumns = columnsLayout{widths: []float32{108, 140, 130, 0, 76}, flex: 3}

func newCallLogView() *callLogView {
	v := &callLogView{}
	v.detail = widget.NewLabel(detailHint)
	v.detail.TextStyle.Monospace = true
	v.detail.Selectable = true
	v.list = widget.NewList(
		func() int { return len(v.shown) },
		func() fyne.CanvasObject {
			cells := make([]fyne.CanvasObject, len(callColumns.widths))
			for i := range cells {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				cells[i] = l
			}
			return container.New(callColumns, cells...)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(v.shown) {
				return
			}
			setRow(o.(*fyne.Container), v.shown[id])
		},
	)
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(v.shown) {
			return
		}
		v.picked = v.shown[id].Seq
		v.detail.SetText(callDetail(v.shown[id]))
	}
	v.list.OnUnselected = func(widget.ListItemID) {
		v.picked = 0
		v.detail.SetText(detailHint)
	}
	v.filterSel = widget.NewSelect([]string{allAPIs}, func(s string) {
		if s == allAPIs {
			s = ""
		}
		v.SetFilter(s)
	})
	v.filterSel.SetSelected(allAPIs)

	header := make([]fyne.CanvasObject, 0, len(callColumns.widths))
	for _, h := range []string{"Time", "API", "Arguments", "errMsg", "Duration"} {
		header = append(header, widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	toolbar := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle("API calls", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewButton("Clear", v.Clear),
		v.filterSel)
	top := container.NewBorder(container.NewVBox(toolbar, container.New(callColumns, header...), widget.NewSeparator()), nil, nil, nil, v.list)
	split := container.NewVSplit(top, container.NewScroll(v.detail))
	split.Offset = 0.62
	v.content = split
	return v
}

func setRow(row *fyne.Container, r app.CallRecord) {
	cells := row.Objects
	set := func(i int, s string, imp widget.Importance) {
		l := cells[i].(*widget.Label)
		if l.Text != s || l.Importance != imp {
			l.Text, l.Importance = s, imp
			l.Refresh()
		}
	}
	imp := widget.MediumImportance
	if !strings.HasSuffix(r.ErrMsg, ":ok") && r.ErrMsg != "" {
		imp = widget.DangerImportance
	}
	set(0, r.Time.Local().Format("15:04:05.000"), widget.MediumImportance)
	set(1, r.API, widget.MediumImportance)
	set(2, shortJSON(r.Args, 60), widget.LowImportance)
	set(3, r.ErrMsg, imp)
	set(4, shortDuration(r.Duration), widget.MediumImportance)
}

// Add appends a record (live or replayed) unless it was added already.
func (v *callLogView) Add(recs ...app.CallRecord) {
	added := false
	for _, r := range recs {
		if r.Seq != 0 && r.Seq <= v.lastSeq {
			continue
		}
		v.lastSeq = max(v.lastSeq, r.Seq)
		v.all = append(v.all, r)
		if !slices.Contains(v.apis, r.API) {
			v.apis = append(v.apis, r.API)
			slices.Sort(v.apis)
			v.filterSel.SetOptions(append([]string{allAPIs}, v.apis...))
		}
		added = true
	}
	if !added {
		return
	}
	if len(v.all) > maxCallRows {
		v.all = slices.Delete(v.all, 0, len(v.all)-maxCallRows)
	}
	v.apply()
	if v.picked == 0 && len(v.shown) > 0 { // follow new calls unless a row is being read
		v.list.ScrollToBottom()
	}
}

// SetFilter shows only calls of api ("" for all).
func (v *callLogView) SetFilter(api string) {
	v.filter = api
	v.list.UnselectAll()
	v.apply()
}

// Clear empties the view; the stored log (host.Calls) is kept.
func (v *callLogView) Clear() {
	v.all = nil
	v.list.UnselectAll()
	v.picked = 0
	v.detail.SetText(detailHint)
	v.apply()
}

// Shown is the rows on screen, oldest first.
func (v *callLogView) Shown() []app.CallRecord { return slices.Clone(v.shown) }

func (v *callLogView) apply() {
	v.shown = v.shown[:0]
	for _, r := range v.all {
		if v.filter == "" || r.API == v.filter {
			v.shown = append(v.shown, r)
		}
	}
	v.list.Refresh()
}

// shortJSON is a one-line preview of a JSON document.
func shortJSON(raw json.RawMessage, n int) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return "(invalid JSON)"
	}
	s := buf.String()
	if s == "{}" {
		return ""
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func shortDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return d.Round(100 * time.Millisecond).String()
}

// callDetail is the selected record in full.
func callDetail(r app.CallRecord) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d  %s  %s\n", r.Seq, r.API, r.Time.Local().Format("2006-01-02 15:04:05.000"))
	fmt.Fprintf(&b, "app %s · persona %s · %s\n", r.AppID, r.Persona, shortDuration(r.Duration))
	fmt.Fprintf(&b, "errMsg: %s\n\nRequest:\n%s\n\nResponse:\n%s\n", r.ErrMsg, prettyJSON(r.Args), prettyJSON(r.Result))
	return b.String()
}

func prettyJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "(none)"
	}
	var buf bytes.Buffer
	if json.Indent(&buf, raw, "", "  ") != nil {
		return string(raw)
	}
	return buf.String()
}

// columnsLayout places cells in fixed-width columns; the flex column takes
// what is left. The header and every row share it, so they line up.
type columnsLayout struct {
	widths []float32
	flex   int
}

func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := float32(4)
	fixed := float32(0)
	for i, w := range l.widths {
		if i != l.flex {
			fixed += w
		}
	}
	flex := max(size.Width-fixed-pad*float32(len(l.widths)-1), 40)
	x := float32(0)
	for i, o := range objs {
		w := l.widths[i]
		if i == l.flex {
			w = flex
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (l columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	w := float32(0)
	for i, cw := range l.widths {
		if i == l.flex {
			cw = 40
		}
		w += cw
	}
	return fyne.NewSize(w, h)
}
