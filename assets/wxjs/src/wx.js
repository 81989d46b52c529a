// The wx object: one function per open interface (OPEN_APIS), the phone client's call
// conventions (success / fail / complete, or a Promise without them), getAccountInfoSync from
// a loaded copy, canIUse and ready().

import { OPEN_APIS } from './openapis.js';
import { canIUseFor } from './caniuse.js';
import { send } from './transport.js';
import { clone, globalFetch, inBrowser, isObject, isOk, pageOrigin, reportError, trimSlash } from './util.js';

// The names of the open interfaces, in the host's table order.
export const APIS = OPEN_APIS.map((a) => a.name);
// APIs that only work inside a user tap; the host enforces it from _userGesture.
const GESTURE = new Set(OPEN_APIS.filter((a) => a.gesture).map((a) => a.name));

function userGesture() {
  const ua = typeof navigator !== 'undefined' ? navigator.userActivation : undefined;
  return ua ? !!ua.isActive : true;
}

function deliver(opts, res) {
  const cb = isOk(res) ? opts.success : opts.fail;
  if (typeof cb === 'function') {
    try { cb.call(opts, res); } catch (e) { reportError((isOk(res) ? 'success' : 'fail') + ' callback threw', e); }
  }
  if (typeof opts.complete === 'function') {
    try { opts.complete.call(opts, res); } catch (e) { reportError('complete callback threw', e); }
  }
}

function makeCall(ctx, api) {
  return function (args) {
    const opts = isObject(args) ? args : {};
    const body = {};
    for (const k of Object.keys(opts)) {
      if (typeof opts[k] !== 'function') body[k] = opts[k]; // callbacks removed
    }
    // Read the activation now, synchronously inside the caller's tap handler.
    if (GESTURE.has(api) && ctx.browser) body._userGesture = userGesture();
    const hasCallback = typeof opts.success === 'function' || typeof opts.fail === 'function' ||
      typeof opts.complete === 'function';
    const pending = send(ctx, api, body, opts.timeout);
    if (!hasCallback) {
      return pending.then((res) => (isOk(res) ? res : Promise.reject(res)));
    }
    pending.then((res) => deliver(opts, res));
    return undefined;
  };
}

// build makes the wx object over ctx (makeCtx).
export function build(ctx) {
  const wx = {};
  for (const a of OPEN_APIS) if (!a.sync) wx[a.name] = makeCall(ctx, a.name);
  wx.getAccountInfoSync = function getAccountInfoSync() {
    if (ctx.accountInfo) return clone(ctx.accountInfo);
    if (ctx.bootError) throw new Error('minihost wx.js: getAccountInfoSync unavailable: ' + ctx.bootError);
    throw new Error('minihost wx.js: getAccountInfoSync() called before ready() resolved; await wx.ready() first');
  };
  wx.canIUse = canIUseFor(ctx);
  let readyPromise = null;
  // ready resolves (to this wx) once the account info is loaded.
  wx.ready = function ready() {
    if (ctx.accountInfo) return Promise.resolve(wx);
    if (!readyPromise) {
      readyPromise = send(ctx, 'getAccountInfoSync', {}, ctx.readyTimeout).then((res) => {
        if (!isOk(res)) {
          readyPromise = null; // allow a retry
          const err = new Error('minihost wx.js: loading account info failed: ' + res.errMsg);
          err.result = res;
          throw err;
        }
        const info = clone(res);
        delete info.errMsg;
        ctx.accountInfo = info;
        return wx;
      });
    }
    return readyPromise;
  };
  return wx;
}

// makeCtx checks a configuration and makes the state one wx object works on; existing is an
// IDE's wx whose request is the fallback transport.
export function makeCtx(cfg, existing) {
  cfg = cfg || {};
  const baseURL = cfg.baseURL || pageOrigin();
  if (!baseURL) throw new TypeError('minihost wx.js: baseURL is required (e.g. "http://127.0.0.1:7878")');
  if (!cfg.appid) throw new TypeError('minihost wx.js: appid is required');
  const userFetch = typeof cfg.fetch === 'function' ? cfg.fetch : null;
  const ctx = {
    baseURL: trimSlash(baseURL),
    appid: String(cfg.appid),
    token: cfg.token ? String(cfg.token) : '',
    browser: inBrowser,
    accountInfo: null,
    bootError: null,
    apis: null,
    readyTimeout: cfg.timeout,
    request: null,
    getFetch: () => userFetch || globalFetch(),
  };
  if (existing && typeof existing.request === 'function') {
    ctx.request = (o) => existing.request(o);
  }
  return ctx;
}

/** createWx({baseURL, appid, token, fetch?}) → a wx object with ready(). */
export function createWx(cfg) {
  return build(makeCtx(cfg, null));
}
