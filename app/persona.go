package app

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
)

// Persona is a test user: who "is logged in" on the simulated phone.
type Persona struct {
	ID       string `json:"id"`
	NickName string `json:"nickName"`
	Language string `json:"language"` // en, zh_CN, zh_TW
	Gender   int    `json:"gender"`   // 0 unknown, 1 male, 2 female (no longer returned to apps)
	// Color is the avatar's base colour, "#rrggbb".
	Color string `json:"color"`
	// Phone is the phone number bound to the account, "+<country code>
	// <number>" (e.g. "+86 13800138000"); "" when none is bound, and then
	// getPhoneNumber fails. See ParsePhone.
	Phone string `json:"phone,omitempty"`
}

// BuiltinPersonas are the test users every fresh data dir starts with.
func BuiltinPersonas() []Persona {
	return []Persona{
		{ID: "alice", NickName: "Alice", Language: "en", Gender: 2, Color: "#2e86de", Phone: "+1 2025550143"},
		{ID: "bob", NickName: "Bob", Language: "en", Gender: 1, Color: "#10ac84", Phone: "+86 13800138002"},
		{ID: "xiaoming", NickName: "小明", Language: "zh_CN", Gender: 1, Color: "#ee5253", Phone: "+86 13800138003"},
	}
}

// AvatarSizes are the sizes an avatar URL may end with; 0 means 640×640.
var avatarSizes = []int{0, 46, 64, 96, 132}

// ValidAvatarSize reports whether size may end an avatarUrl.
func ValidAvatarSize(size int) error {
	if !slices.Contains(avatarSizes, size) {
		return fmt.Errorf("avatar size %d: want one of %v", size, avatarSizes)
	}
	return nil
}

// DefaultAvatarID names the gray avatar of anonymous user info.
const DefaultAvatarID = "default"

// AnonymousNickName is what clients return since 2022-11-08 for base library >= 2.27.1.
const AnonymousNickName = "微信用户"

// RenderAvatar draws a persona's avatar as a PNG: a symmetric 5×5 identicon in
// the persona's colour, derived from its ID, so each persona is recognisable in
// a page without shipping image files. size 0 renders 640×640.
func RenderAvatar(p Persona, size int) ([]byte, error) {
	if err := ValidAvatarSize(size); err != nil {
		return nil, err
	}
	if size == 0 {
		size = 640
	}
	fg := parseColor(p.Color)
	if p.ID == DefaultAvatarID {
		fg = color.RGBA{0xc8, 0xc8, 0xc8, 0xff}
	}
	bg := color.RGBA{0xf2, 0xf2, 0xf2, 0xff}
	sum := sha256.Sum256([]byte(p.ID))
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	cell := float64(size) / 6 // 5 cells plus half a cell margin each side
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			cx := int((float64(x) - cell/2) / cell)
			cy := int((float64(y) - cell/2) / cell)
			c := bg
			if float64(x) >= cell/2 && float64(y) >= cell/2 && cx < 5 && cy < 5 {
				col := cx
				if col > 2 {
					col = 4 - col // mirror
				}
				if p.ID == DefaultAvatarID || sum[cy*3+col]&1 == 1 {
					c = fg
				}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode avatar: %w", err)
	}
	return buf.Bytes(), nil
}

func parseColor(s string) color.RGBA {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.RGBA{0x57, 0x65, 0x74, 0xff}
	}
	return color.RGBA{r, g, b, 0xff}
}
