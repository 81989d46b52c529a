// IDE patch mode: replace the open interfaces of an IDE's wx (missing or stubs) with minihost's.

import { APIS, build, makeCtx } from './wx.js';

function define(obj, name, value) {
  try {
    obj[name] = value;
    if (obj[name] === value) return;
  } catch (e) { /* read-only: fall through */ }
  Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: true });
}

/** install(existingWx, {baseURL, appid, token, fetch?}) → Promise<existingWx>, resolved once ready. */
export function install(existingWx, cfg) {
  if (!existingWx || (typeof existingWx !== 'object' && typeof existingWx !== 'function')) {
    return Promise.reject(new TypeError('minihost wx.js: install needs an existing wx object'));
  }
  let ctx;
  try {
    ctx = makeCtx(cfg, existingWx);
  } catch (e) {
    return Promise.reject(e);
  }
  const ours = build(ctx);
  const theirCanIUse = typeof existingWx.canIUse === 'function' ? existingWx.canIUse : null;
  for (const api of APIS) define(existingWx, api, ours[api]);
  define(existingWx, 'canIUse', function canIUse(name) {
    if (ours.canIUse(name)) return true;
    if (!theirCanIUse) return false;
    try { return !!theirCanIUse.call(existingWx, name); } catch (e) { return false; }
  });
  return ours.ready().then(() => existingWx);
}
