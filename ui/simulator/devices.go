package simulator

import (
	"fmt"
	"strings"
)

// Device is a phone or tablet the simulator emulates: its viewport in CSS
// pixels, its device pixel ratio and the user agent its browser sends.
type Device struct {
	Name   string  `json:"name"`
	Width  int     `json:"width"`
	Height int     `json:"height"`
	DPR    float64 `json:"dpr"`
	UA     string  `json:"userAgent"`
}

const (
	iosUA     = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 minihost"
	ipadUA    = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 minihost"
	androidUA = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.50 minihost"
)

// DefaultDevice is the device used until one is chosen.
const DefaultDevice = "iPhone 15"

// Devices returns the presets, in the order the window lists them.
func Devices() []Device {
	return []Device{
		{Name: "iPhone 15", Width: 393, Height: 852, DPR: 3, UA: iosUA},
		{Name: "iPhone SE", Width: 375, Height: 667, DPR: 2, UA: iosUA},
		{Name: "Pixel 7", Width: 412, Height: 915, DPR: 2.625, UA: androidUA},
		{Name: "iPad mini", Width: 768, Height: 1024, DPR: 2, UA: ipadUA},
	}
}

// LookupDevice finds a preset by name, ignoring case, spaces and dashes
// ("iphone-se" is "iPhone SE").
func LookupDevice(name string) (Device, error) {
	want := deviceKey(name)
	var names []string
	for _, d := range Devices() {
		if deviceKey(d.Name) == want {
			return d, nil
		}
		names = append(names, d.Name)
	}
	return Device{}, fmt.Errorf("unknown device %q (known: %s)", name, strings.Join(names, ", "))
}

func deviceKey(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}
