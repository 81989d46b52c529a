// Entry of runtime.js: engine.js asked for (earlyengine.js), the wx.js client
// (assets/wxjs: the global wx of the open interfaces, from the inlined boot
// answer), then the runtime, which defines window.__minihost synchronously
// and starts.
import { engine } from './earlyengine.js';
import '../../wxjs/src/browser.js';
import { boot } from './runtime.js';

boot(engine);
