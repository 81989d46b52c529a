#!/bin/sh
# Draws assets/icon.png (512×512): a phone with a fingerprint on WeChat green.
# Needs ImageMagick 6 (Debian's imagemagick); run from the repo root.
set -eu
im=/usr/bin/convert # not a convert earlier on PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$im -size 512x512 gradient:'#24d27d-#068a46' \
	\( -size 512x512 xc:black -fill white -draw "roundrectangle 16,16 495,495 104,104" \) \
	-alpha off -compose CopyOpacity -composite "$tmp/base.png"
$im "$tmp/base.png" -fill none -stroke white \
	-strokewidth 22 -draw "roundrectangle 150,80 362,432 44,44" \
	-strokewidth 14 -draw "line 230,120 282,120" \
	-strokewidth 11 \
	-draw "ellipse 256,290 80,80 200,340" -draw "ellipse 256,290 58,58 180,360" \
	-draw "ellipse 256,290 36,36 180,360" -draw "ellipse 256,290 14,14 180,360" \
	-draw "line 198,290 198,330" -draw "line 314,290 314,322" -draw "line 220,290 220,360" \
	-draw "line 292,290 292,352" -draw "line 242,290 242,372" -draw "line 270,290 270,366" \
	assets/icon.png
