// Package assets holds the files minihost embeds: the JS SDK wx.js served to
// mini program pages (built from the minihost-wx package in wxjs by
// `make runtime`), the WXML runtime (built from assets/runtime by
// `make runtime`), the demo mini program loaded when no directory is given,
// and the application icon.
package assets

import (
	"embed"
	"io/fs"
)

// WXJS is /wx.js, the page bundle of the minihost-wx package.
//
//go:embed wxjs/dist/wx.js
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

//go:embed runtime/dist
var runtime embed.FS

// Runtime returns the built browser runtime for WXML mini programs:
// runtime.js, engine.js (glass-easel), runtime.css, the template compiler's
// .wasm and the licences of the packages bundled in them.
func Runtime() fs.FS {
	sub, err := fs.Sub(runtime, "runtime/dist")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory exists
	}
	return sub
}
