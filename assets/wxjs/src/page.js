// Page mode: the global wx of a page minihost serves on an app's own origin,
// http://<label>.localhost:<port>/…; the host names the app, so the page needs no appid.

import { build, makeCtx } from './wx.js';
import { isObject, reportError } from './util.js';

// bootPage defines globalThis.wx when the page is on an app's origin; elsewhere it does nothing.
export function bootPage() {
  if (!/^https?:$/.test(location.protocol) || !/\.localhost$/i.test(location.hostname)) return;
  // The label stands in for the appid until the boot answer names it.
  const label = location.hostname.replace(/\.localhost$/i, '');
  const ctx = makeCtx({ baseURL: location.origin, appid: label, token: '' }, null);
  try {
    // The WXML runtime's shell page inlines the boot answer; HTML pages ask.
    let boot = globalThis.__minihostBoot;
    if (!isObject(boot)) {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/wx/boot', false); // synchronous on purpose: wx is ready from the page's first line
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.send(null);
      if (xhr.status !== 200) {
        throw new Error('HTTP ' + xhr.status + ' ' + String(xhr.responseText || '').slice(0, 200));
      }
      boot = JSON.parse(xhr.responseText);
    }
    if (!isObject(boot) || typeof boot.token !== 'string' || !isObject(boot.accountInfo)) {
      throw new Error('malformed boot answer');
    }
    if (boot.appid) ctx.appid = String(boot.appid);
    ctx.token = boot.token;
    ctx.accountInfo = boot.accountInfo;
    ctx.apis = Array.isArray(boot.apis) ? boot.apis : null;
  } catch (e) {
    ctx.bootError = 'boot failed (GET /wx/boot): ' + (e && e.message ? e.message : e);
    reportError('boot', ctx.bootError);
  }
  globalThis.wx = build(ctx);
}
