package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // saveImageToPhotosAlbum takes GIFs too
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// What a phone's devices give a mini program: the clipboard, the persona's
// location, phone calls, the photo album (DeviceService).

// clipboard is the host's one clipboard, shared by every app as a phone's
// is; in memory, so it works headless and never touches the desktop's.
type clipboard struct {
	mu   sync.Mutex
	text string
}

// SetClipboard is wx.setClipboardData.
func (h *DeviceService) SetClipboard(text string) {
	h.clip.mu.Lock()
	h.clip.text = text
	h.clip.mu.Unlock()
}

// Clipboard is wx.getClipboardData's data.
func (h *DeviceService) Clipboard() string {
	h.clip.mu.Lock()
	defer h.clip.mu.Unlock()
	return h.clip.text
}

// MakePhoneCall is wx.makePhoneCall: nothing rings; the call log entry is
// what the window shows.
func (h *DeviceService) MakePhoneCall(appID, number string) (Result, error) {
	const api = "makePhoneCall"
	if strings.TrimSpace(number) == "" {
		return nil, fail(api, "parameter error: parameter.phoneNumber should be String instead of Undefined;")
	}
	h.log.Info("phone call", "appid", appID, "number", number)
	return OK(api, nil), nil
}

const bucketLocations = "locations" // persona -> Location

// Location is where a persona is.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// DefaultLocation is where a persona is until told otherwise (Shenzhen).
var defaultLocation = Location{Latitude: 22.540503, Longitude: 113.934528, Name: "Tencent Binhai Towers", Address: "Nanshan, Shenzhen"}

func checkLocation(l Location) error {
	switch {
	case math.IsNaN(l.Latitude) || l.Latitude < -90 || l.Latitude > 90:
		return invalidf("latitude %v: want -90 to 90", l.Latitude)
	case math.IsNaN(l.Longitude) || l.Longitude < -180 || l.Longitude > 180:
		return invalidf("longitude %v: want -180 to 180", l.Longitude)
	case len(l.Name) > 200 || len(l.Address) > 500:
		return invalidf("location name or address too long")
	}
	return nil
}

// PersonaLocation returns a persona's location.
func (h *DeviceService) PersonaLocation(id string) (Location, error) {
	if _, err := h.Persona(id); err != nil {
		return Location{}, err
	}
	l := defaultLocation
	err := h.opts.Store.View(func(tx Tx) error { return getJSON(tx, bucketLocations, id, &l) })
	if errors.Is(err, ErrNotFound) {
		return defaultLocation, nil
	}
	return l, err
}

// SetPersonaLocation moves a persona.
func (h *DeviceService) SetPersonaLocation(ctx context.Context, id string, l Location) error {
	if err := checkLocation(l); err != nil {
		return err
	}
	if _, err := h.Persona(id); err != nil {
		return err
	}
	return h.opts.Store.Update(func(tx Tx) error { return putJSON(tx, bucketLocations, id, l) })
}

// GetLocation is wx.getLocation: after scope.userLocation (the first call
// prompts, as on a phone), the current persona's location. Both coordinate
// systems answer the same point: the persona's is taken as given.
func (h *DeviceService) GetLocation(ctx context.Context, appID, typ string) (Result, error) {
	const api = "getLocation"
	if typ != "" && typ != "wgs84" && typ != "gcj02" {
		return nil, failf(api, "invalid type %q: want wgs84 or gcj02", typ)
	}
	if _, err := h.settings.Authorize(ctx, appID, "scope.userLocation"); err != nil {
		var f *Fail
		if errors.As(err, &f) {
			return nil, fail(api, f.Reason)
		}
		return nil, fmt.Errorf("getLocation: %w", err)
	}
	l, err := h.PersonaLocation(h.CurrentPersona().ID)
	if err != nil {
		return nil, err
	}
	return OK(api, Result{
		"latitude": l.Latitude, "longitude": l.Longitude, "speed": -1, "accuracy": 65,
		"altitude": 0, "verticalAccuracy": 65, "horizontalAccuracy": 65,
	}), nil
}

// MaxPhotoBytes bounds a saved photo.
const MaxPhotoBytes = 10 << 20

// SavePhoto is wx.saveImageToPhotosAlbum: after scope.writePhotosAlbum, the
// image is written to Options.PhotosDir under a fresh name; it returns the
// file's path.
func (h *DeviceService) SavePhoto(ctx context.Context, appID, name string, data []byte) (string, error) {
	const api = "saveImageToPhotosAlbum"
	if h.opts.PhotosDir == "" {
		return "", fail(api, "no photo album on this host")
	}
	if len(data) == 0 || len(data) > MaxPhotoBytes {
		return "", failf(api, "image must be 1 byte to %d MB", MaxPhotoBytes>>20)
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return "", failf(api, "not a PNG, JPEG or GIF image: %v", err)
	} else if format == "" {
		return "", fail(api, "not an image")
	}
	if _, err := h.settings.Authorize(ctx, appID, "scope.writePhotosAlbum"); err != nil {
		var f *Fail
		if errors.As(err, &f) {
			return "", fail(api, f.Reason)
		}
		return "", fmt.Errorf("%s: %w", api, err)
	}
	if err := os.MkdirAll(h.opts.PhotosDir, 0o700); err != nil {
		return "", fmt.Errorf("%s: %w", api, err)
	}
	base := filepath.Base(name)
	if base == "." || base == "/" || strings.HasPrefix(base, ".") {
		base = "photo"
	}
	f, err := os.CreateTemp(h.opts.PhotosDir, h.opts.Clock().Format("20060102-150405")+"-*-"+base)
	if err != nil {
		return "", fmt.Errorf("%s: %w", api, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("%s: %w", api, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("%s: %w", api, err)
	}
	h.log.Info("photo saved", "appid", appID, "path", f.Name())
	return f.Name(), nil
}

// DeviceService is the simulated phone's hardware: clipboard, phone calls,
// location and the photo album.
type DeviceService struct {
	*core
	settings *SettingsService // getLocation asks for scope.userLocation
	clip     clipboard
}
