// Package wxacode draws and reads the mini program codes minihost's
// getwxacodeunlimit answers: plain QR codes (a phone's round "sun code" is
// proprietary), so any scanner, and minihost ctl open --scan, can read them.
package wxacode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// MaxImageBytes bounds an image Decode reads.
const MaxImageBytes = 16 << 20

// maxSide bounds a decoded image's sides, checked before decoding pixels.
const maxSide = 4096

// Format is an image format Encode writes.
type Format int

const (
	// JPEG is what the real getwxacodeunlimit answers by default (image/jpeg).
	JPEG Format = iota
	// PNG is black on white.
	PNG
	// TransparentPNG is black on a transparent background: is_hyaline.
	TransparentPNG
)

// ContentType is the format's MIME type.
func (f Format) ContentType() string {
	if f == JPEG {
		return "image/jpeg"
	}
	return "image/png"
}

// Encode draws text as a size×size QR code (black on white, medium error
// correction, a quiet zone of two modules).
func Encode(text string, size int, f Format) ([]byte, error) {
	hints := map[gozxing.EncodeHintType]any{
		gozxing.EncodeHintType_ERROR_CORRECTION: "M",
		gozxing.EncodeHintType_MARGIN:           2,
	}
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size, hints)
	if err != nil {
		return nil, fmt.Errorf("qr encode: %w", err)
	}
	bounds := image.Rect(0, 0, m.GetWidth(), m.GetHeight())
	var buf bytes.Buffer
	if f == TransparentPNG {
		img := image.NewNRGBA(bounds)
		for y := 0; y < m.GetHeight(); y++ {
			for x := 0; x < m.GetWidth(); x++ {
				if m.Get(x, y) {
					img.SetNRGBA(x, y, color.NRGBA{A: 0xff})
				}
			}
		}
		err = png.Encode(&buf, img)
	} else {
		img := image.NewGray(bounds)
		for y := 0; y < m.GetHeight(); y++ {
			for x := 0; x < m.GetWidth(); x++ {
				c := color.Gray{Y: 0xff}
				if m.Get(x, y) {
					c = color.Gray{}
				}
				img.SetGray(x, y, c)
			}
		}
		if f == JPEG {
			err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
		} else {
			err = png.Encode(&buf, img)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("encode image: %w", err)
	}
	return buf.Bytes(), nil
}

// ErrNoCode is Decode's answer for an image without a readable QR code.
var ErrNoCode = errors.New("no QR code found in the image")

// Decode reads the text of the QR code in a PNG or JPEG image.
func Decode(data []byte) (string, error) {
	if len(data) > MaxImageBytes {
		return "", fmt.Errorf("image of %d bytes: at most %d", len(data), MaxImageBytes)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("not a PNG or JPEG image: %w", err)
	}
	if cfg.Width > maxSide || cfg.Height > maxSide {
		return "", fmt.Errorf("image of %d×%d pixels: at most %d on each side", cfg.Width, cfg.Height, maxSide)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("decode image: %w", err)
	}
	// A transparent code (is_hyaline) is read as if printed on white.
	flat := image.NewGray(img.Bounds())
	draw.Draw(flat, flat.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Over)
	bmp, err := gozxing.NewBinaryBitmapFromImage(flat)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoCode, err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoCode, err)
	}
	return res.GetText(), nil
}
