package wxacode

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg"
	"image/png"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		text   string
		size   int
		format Format
		magic  string
	}{
		{"minihost://wxacode?appid=wx1234567890abcdef&env_version=release&page=pages%2Findex%2Findex&scene=a%3D1", 430, JPEG, "\xff\xd8\xff"},
		{"x", 280, PNG, "\x89PNG"},
		{"minihost://wxacode?appid=wxa&scene=" + string(bytes.Repeat([]byte("z"), 32)), 1280, TransparentPNG, "\x89PNG"},
	} {
		b, err := Encode(tc.text, tc.size, tc.format)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(tc.magic)) {
			t.Errorf("format %d: starts % x", tc.format, b[:4])
		}
		img, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got != image.Pt(tc.size, tc.size) {
			t.Errorf("size %d: image is %v", tc.size, got)
		}
		got, err := Decode(b)
		if err != nil || got != tc.text {
			t.Errorf("Decode = %q, %v; want %q", got, err, tc.text)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	var blank bytes.Buffer
	_ = png.Encode(&blank, image.NewGray(image.Rect(0, 0, 50, 50)))
	if _, err := Decode(blank.Bytes()); !errors.Is(err, ErrNoCode) {
		t.Errorf("blank image: %v, want ErrNoCode", err)
	}
	if _, err := Decode([]byte("not an image")); err == nil {
		t.Error("text: no error")
	}
}
