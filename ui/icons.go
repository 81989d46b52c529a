package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/minihost/minihost/app"
)

// Fyne's theme has no biometric icons; these are drawn in strokes. Fyne's
// themed resources recolour fills only, so the stroke colour is written
// into the SVG when the prompt is built.

const fingerprintPaths = `<path d="M4.5 10a7.5 7.5 0 0 1 15 0v2.5"/>
<path d="M7 18.5a10.5 10.5 0 0 1-1-4.5v-4a6 6 0 0 1 12 0v4.5"/>
<path d="M9.5 20.8a8.5 8.5 0 0 1-1.5-4.8v-6a4 4 0 0 1 8 0v5.5a7 7 0 0 1-.9 3.3"/>
<path d="M12 10v6a5.5 5.5 0 0 0 1.6 3.9"/>
<path d="M17.9 18a9.5 9.5 0 0 0 1.4-3"/>
<path d="M6.5 4.2a9.5 9.5 0 0 1 11 0"/>`

const facePaths = `<path d="M3 8V5a2 2 0 0 1 2-2h3"/><path d="M16 3h3a2 2 0 0 1 2 2v3"/>
<path d="M21 16v3a2 2 0 0 1-2 2h-3"/><path d="M8 21H5a2 2 0 0 1-2-2v-3"/>
<path d="M9 9v1.5"/><path d="M15 9v1.5"/><path d="M12 9v4h-1"/>
<path d="M9 16a4 4 0 0 0 6 0"/>`

func strokeIcon(name, paths string, c color.Color) fyne.Resource {
	r, g, b, _ := c.RGBA()
	// Each path carries its own attributes: the SVG renderer does not
	// reliably inherit them from the root.
	attrs := fmt.Sprintf(`<path fill="none" stroke="#%02x%02x%02x" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" `, r>>8, g>>8, b>>8)
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">` + strings.ReplaceAll(paths, "<path ", attrs) + `</svg>`
	return fyne.NewStaticResource(name, []byte(svg))
}

// soterIcon shows the mode being verified, in the theme's success green,
// like a phone's biometric sheet.
func soterIcon(mode string) fyne.Resource {
	green := theme.Color(theme.ColorNameSuccess)
	switch mode {
	case app.SoterFacial:
		return strokeIcon("face.svg", facePaths, green)
	case app.SoterSpeech:
		return theme.NewSuccessThemedResource(theme.VolumeUpIcon())
	}
	return strokeIcon("fingerprint.svg", fingerprintPaths, green)
}
