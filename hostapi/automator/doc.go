// Package automator serves the WebSocket protocol of the official mini
// program automation SDK (npm miniprogram-automator, and minium, which
// speaks the same) on loopback, so test scripts written for WeChat
// DevTools drive a mini program running in minihost's simulator.
//
// Tool.* requests, App.captureScreenshot and App.exit are answered here; every
// other App.*, Page.* and Element.* request is forwarded into the page,
// to window.__minihost.automation.handle(method, params) of the WXML
// runtime, which answers it in the mini program's own context. The page
// sends events (console, exceptions, exposed functions) back through a
// page binding. The SDK has no timeouts, so every request gets an answer:
// unknown methods an error at once.
//
// One session at a time: a second connection while one is open is refused
// (409) after a short grace period for the first to finish closing, so a
// script that disconnects and connects again works. Upgrades carrying an
// Origin header (a web page in a browser; the SDK sends none) or a
// non-loopback Host are refused (403).
package automator
