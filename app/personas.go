package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	_ "image/jpeg" // avatar uploads may be JPEG
	"image/png"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/image/draw"
)

// Persona management for the control API: create, edit, delete, avatars,
// export and import. The built-in personas are ordinary personas once seeded.

const bucketAvatars = "avatars" // "<persona>/<size>" -> PNG

// MaxAvatarBytes bounds an uploaded avatar file.
const MaxAvatarBytes = 2 << 20

// maxAvatarSide bounds an uploaded avatar's width and height, checked before
// decoding so a small file cannot unpack into gigabytes.
const maxAvatarSide = 4096

var personaIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// maxNickName is WeChat's nickname limit in characters.
const maxNickName = 32

// PersonaChange edits a persona; nil fields stay as they are.
type PersonaChange struct {
	NickName *string `json:"nickName,omitempty"`
	Language *string `json:"language,omitempty"`
	Gender   *int    `json:"gender,omitempty"`
	Color    *string `json:"color,omitempty"`
	Phone    *string `json:"phone,omitempty"` // "" unbinds the number
}

func checkPersona(p Persona) error {
	switch {
	case !personaIDPattern.MatchString(p.ID) || p.ID == DefaultAvatarID:
		return invalidf("persona id %q: want 1-32 lowercase letters, digits, '-' or '_' (not %q)", p.ID, DefaultAvatarID)
	case p.NickName == "" || len([]rune(p.NickName)) > maxNickName || strings.ContainsFunc(p.NickName, unicode.IsControl):
		return invalidf("persona %s: nickName %q: want 1-%d characters, no control characters", p.ID, p.NickName, maxNickName)
	case p.Language == "" || ValidLang(p.Language) != nil: // a persona names its language
		return invalidf("persona %s: language %q: %s", p.ID, p.Language, wantLang)
	case p.Gender < 0 || p.Gender > 2:
		return invalidf("persona %s: gender %d: want 0 (unknown), 1 (male) or 2 (female)", p.ID, p.Gender)
	}
	if p.Phone != "" {
		if _, err := ParsePhone(p.Phone); err != nil {
			return invalidf("persona %s: %v", p.ID, err)
		}
	}
	var r, g, b uint8
	if n, err := fmt.Sscanf(p.Color, "#%02x%02x%02x", &r, &g, &b); err != nil || n != 3 || len(p.Color) != 7 {
		return invalidf("persona %s: color %q: want #rrggbb", p.ID, p.Color)
	}
	return nil
}

// defaultColor derives a persona's avatar colour from its ID.
func defaultColor(id string) string {
	sum := sha256.Sum256([]byte("color|" + id))
	return fmt.Sprintf("#%02x%02x%02x", sum[0]/2+32, sum[1]/2+32, sum[2]/2+32)
}

// CreatePersona adds a test user. Language defaults to en and Color to one
// derived from the ID.
func (h *PersonaService) CreatePersona(ctx context.Context, p Persona) (Persona, error) {
	if p.Language == "" {
		p.Language = "en"
	}
	if p.Color == "" {
		p.Color = defaultColor(p.ID)
	}
	ph, err := NormalizePhone(p.Phone)
	if err != nil {
		return Persona{}, invalidf("persona %s: %v", p.ID, err)
	}
	p.Phone = ph
	if err := checkPersona(p); err != nil {
		return Persona{}, err
	}
	err = h.opts.Store.Update(func(tx Tx) error {
		if tx.Get(bucketPersonas, p.ID) != nil {
			return fmt.Errorf("persona %q exists: %w", p.ID, ErrConflict)
		}
		return putJSON(tx, bucketPersonas, p.ID, p)
	})
	if err != nil {
		return Persona{}, err
	}
	h.log.Info("persona created", "persona", p.ID)
	h.personasChanged()
	return p, nil
}

// UpdatePersona edits a persona's nickname, language, gender or colour.
func (h *PersonaService) UpdatePersona(ctx context.Context, id string, c PersonaChange) (Persona, error) {
	var p Persona
	err := h.opts.Store.Update(func(tx Tx) error {
		if err := getJSON(tx, bucketPersonas, id, &p); err != nil {
			return fmt.Errorf("persona %q: %w", id, err)
		}
		if c.NickName != nil {
			p.NickName = *c.NickName
		}
		if c.Language != nil {
			p.Language = *c.Language
		}
		if c.Gender != nil {
			p.Gender = *c.Gender
		}
		if c.Color != nil {
			p.Color = *c.Color
		}
		if c.Phone != nil {
			ph, err := NormalizePhone(*c.Phone)
			if err != nil {
				return invalidf("persona %s: %v", id, err)
			}
			p.Phone = ph
		}
		if err := checkPersona(p); err != nil {
			return err
		}
		return putJSON(tx, bucketPersonas, id, p)
	})
	if err != nil {
		return Persona{}, err
	}
	h.personasChanged()
	return p, nil
}

// DeletePersona removes a persona and everything it did in every app:
// settings, sessions, SOTER keys and counters, its avatar. The current
// persona cannot be deleted (ErrConflict): switch first.
func (h *PersonaService) DeletePersona(ctx context.Context, id string) error {
	if h.CurrentPersona().ID == id {
		return fmt.Errorf("persona %q is the current persona; switch to another first: %w", id, ErrConflict)
	}
	prefix := id + "|"
	var keyIDs, soterApps []string
	err := h.opts.Store.Update(func(tx Tx) error {
		if tx.Get(bucketPersonas, id) == nil {
			return fmt.Errorf("persona %q: %w", id, ErrNotFound)
		}
		for _, b := range []string{bucketAuth, bucketSubs, bucketSubQuota, bucketSessions, bucketSoter, bucketAvatars, bucketStorage, bucketLocations} {
			var del []string
			err := tx.ForEach(b, func(k string, v []byte) error {
				switch {
				case b == bucketAvatars && strings.HasPrefix(k, id+"/"):
				case b == bucketLocations && k == id:
				case b != bucketAvatars && b != bucketLocations && strings.HasPrefix(k, prefix):
					if b == bucketSessions {
						var s session
						if getJSON(tx, b, k, &s) == nil {
							keyIDs = append(keyIDs, s.KeyID)
						}
					}
				default:
					return nil
				}
				del = append(del, k)
				return nil
			})
			if err != nil {
				return err
			}
			for _, k := range del {
				if err := tx.Delete(b, k); err != nil {
					return err
				}
			}
		}
		if err := tx.ForEach(bucketApps, func(k string, _ []byte) error { soterApps = append(soterApps, k); return nil }); err != nil {
			return err
		}
		return tx.Delete(bucketPersonas, id)
	})
	if err != nil {
		return err
	}
	for _, k := range keyIDs {
		h.secrets.delete(ctx, sessionKeyName(k))
	}
	for _, a := range soterApps {
		h.soter.authKeys.forget(userKey(id, a))
		h.secrets.delete(ctx, authKeyName(id, a))
	}
	h.log.Info("persona deleted", "persona", id)
	h.personasChanged()
	return nil
}

// SetAvatar replaces a persona's avatar with an uploaded PNG or JPEG image:
// it is cropped to a square, scaled and re-encoded as PNG at every avatar
// size, so what apps receive is always a clean image of the promised size.
func (h *PersonaService) SetAvatar(ctx context.Context, id string, data []byte) error {
	if len(data) > MaxAvatarBytes {
		return invalidf("avatar: %d bytes, at most %d", len(data), MaxAvatarBytes)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return invalidf("avatar: want a PNG or JPEG image")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxAvatarSide || cfg.Height > maxAvatarSide {
		return invalidf("avatar: %d×%d pixels, want 1 to %d on each side", cfg.Width, cfg.Height, maxAvatarSide)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return invalidf("avatar: %v", err)
	}
	sizes := map[int][]byte{}
	for _, size := range avatarSizes {
		b, err := scaleAvatar(img, size)
		if err != nil {
			return err
		}
		sizes[size] = b
	}
	err = h.opts.Store.Update(func(tx Tx) error {
		if tx.Get(bucketPersonas, id) == nil {
			return fmt.Errorf("persona %q: %w", id, ErrNotFound)
		}
		for size, b := range sizes {
			if err := tx.Put(bucketAvatars, avatarKey(id, size), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	h.log.Info("avatar set", "persona", id, "format", format, "width", cfg.Width, "height", cfg.Height)
	return nil
}

func avatarKey(id string, size int) string { return id + "/" + strconv.Itoa(size) }

// scaleAvatar crops img's centre square and scales it to size (0: 640).
func scaleAvatar(img image.Image, size int) ([]byte, error) {
	if size == 0 {
		size = 640
	}
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	crop := image.Rect(0, 0, side, side).Add(b.Min).Add(image.Pt((b.Dx()-side)/2, (b.Dy()-side)/2))
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, crop, draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, fmt.Errorf("encode avatar: %w", err)
	}
	return buf.Bytes(), nil
}

// ClearAvatar goes back to the persona's drawn avatar.
func (h *PersonaService) ClearAvatar(ctx context.Context, id string) error {
	return h.opts.Store.Update(func(tx Tx) error {
		if tx.Get(bucketPersonas, id) == nil {
			return fmt.Errorf("persona %q: %w", id, ErrNotFound)
		}
		for _, size := range avatarSizes {
			if err := tx.Delete(bucketAvatars, avatarKey(id, size)); err != nil {
				return err
			}
		}
		return nil
	})
}

// CustomAvatar reports whether the persona has an uploaded avatar.
func (h *PersonaService) CustomAvatar(id string) bool {
	found := false
	_ = h.opts.Store.View(func(tx Tx) error {
		found = tx.Get(bucketAvatars, avatarKey(id, 0)) != nil
		return nil
	})
	return found
}

// Avatar returns a persona's avatar PNG at size (see ValidAvatarSize): the
// uploaded one, else the drawn one. DefaultAvatarID is the gray anonymous one.
func (h *PersonaService) Avatar(id string, size int) ([]byte, error) {
	if err := ValidAvatarSize(size); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if id == DefaultAvatarID {
		return RenderAvatar(Persona{ID: DefaultAvatarID}, size)
	}
	var p Persona
	var uploaded []byte
	err := h.opts.Store.View(func(tx Tx) error {
		if err := getJSON(tx, bucketPersonas, id, &p); err != nil {
			return fmt.Errorf("persona %q: %w", id, err)
		}
		uploaded = bytes.Clone(tx.Get(bucketAvatars, avatarKey(id, size)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if uploaded != nil {
		return uploaded, nil
	}
	return RenderAvatar(p, size)
}

// PersonaExport is a persona as shared in a file: its fields and, when it
// has one, its uploaded avatar (640×640 PNG).
type PersonaExport struct {
	Persona
	AvatarPNG []byte `json:"avatarPng,omitempty" yaml:"avatarPng,omitempty"`
}

// ExportPersonas returns the named personas (all when ids is empty) for a file.
func (h *PersonaService) ExportPersonas(ids ...string) ([]PersonaExport, error) {
	all, err := h.Personas()
	if err != nil {
		return nil, err
	}
	var out []PersonaExport
	for _, id := range ids {
		if !slices.ContainsFunc(all, func(p Persona) bool { return p.ID == id }) {
			return nil, fmt.Errorf("persona %q: %w", id, ErrNotFound)
		}
	}
	for _, p := range all {
		if len(ids) > 0 && !slices.Contains(ids, p.ID) {
			continue
		}
		e := PersonaExport{Persona: p}
		if h.CustomAvatar(p.ID) {
			if e.AvatarPNG, err = h.Avatar(p.ID, 0); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// ImportPersonas creates or replaces personas from a file. Everything is
// checked before anything changes, so a bad file changes nothing.
func (h *PersonaService) ImportPersonas(ctx context.Context, ps []PersonaExport) error {
	seen := map[string]bool{}
	for i := range ps {
		p := &ps[i]
		if p.Language == "" {
			p.Language = "en"
		}
		if p.Color == "" {
			p.Color = defaultColor(p.ID)
		}
		if err := checkPersona(p.Persona); err != nil {
			return fmt.Errorf("personas[%d]: %w", i, err)
		}
		if seen[p.ID] {
			return invalidf("personas[%d]: %s appears twice", i, p.ID)
		}
		seen[p.ID] = true
		if p.AvatarPNG != nil {
			if _, format, err := image.DecodeConfig(bytes.NewReader(p.AvatarPNG)); err != nil || format != "png" && format != "jpeg" {
				return invalidf("personas[%d] (%s): avatarPng is not a PNG or JPEG image", i, p.ID)
			}
		}
	}
	err := h.opts.Store.Update(func(tx Tx) error {
		for _, p := range ps {
			if err := putJSON(tx, bucketPersonas, p.ID, p.Persona); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import personas: %w", err)
	}
	for _, p := range ps {
		if p.AvatarPNG == nil {
			if err := h.ClearAvatar(ctx, p.ID); err != nil {
				return err
			}
			continue
		}
		if err := h.SetAvatar(ctx, p.ID, p.AvatarPNG); err != nil {
			return fmt.Errorf("import %s: %w", p.ID, err)
		}
	}
	h.personasChanged()
	return nil
}

// PersonaService edits the test users: create, edit, delete, switch,
// avatars, locations, export and import. Reading them (CurrentPersona,
// Persona, OpenID) is core's, as every call needs it.
type PersonaService struct {
	*core
	soter *SoterService // a persona's AuthKeys are made at switch and dropped at delete
}

// SwitchPersona makes id the current persona.
func (h *PersonaService) SwitchPersona(ctx context.Context, id string) error {
	err := h.opts.Store.Update(func(tx Tx) error {
		if tx.Get(bucketPersonas, id) == nil {
			return fmt.Errorf("persona %q: %w", id, ErrNotFound)
		}
		return tx.Put(bucketMeta, "persona", []byte(id))
	})
	if err != nil {
		return err
	}
	h.persona.switchTo(id)
	appIDs := h.apps.ids()
	h.log.Info("persona switched", "persona", id)
	for _, a := range appIDs {
		h.soter.prepareSoterKey(a, id)
	}
	h.personasChanged()
	return nil
}
