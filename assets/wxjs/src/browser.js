// The entry point of /wx.js, the bundle a mini program page loads with <script src="/wx.js">:
// window.minihostWx = { createWx, install, version } and, on an app's own origin, the global wx.

import { createWx } from './wx.js';
import { install } from './install.js';
import { bootPage } from './page.js';
import { version } from './version.js';
import { inBrowser } from './util.js';

globalThis.minihostWx = { createWx, install, version };
if (inBrowser) bootPage();
