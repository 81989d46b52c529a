// Package assets holds the files minihost embeds: the JS SDK wx.js served to
// mini program pages, the demo mini program loaded when no directory is given,
// and the application icon.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed wx.js
var WXJS []byte

//go:embed all:demo
var demo embed.FS

// Demo returns the embedded demo mini program as a directory tree.
func Demo() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory exists
	}
	return sub
}
