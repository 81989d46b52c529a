// minihost-wx: the wx open interfaces of a minihost, for Node, a test runner or an IDE's wx.
// The control client is its own entry point, minihost-wx/host.

export { createWx } from './wx.js';
export { install } from './install.js';
export { version } from './version.js';
