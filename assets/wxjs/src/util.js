// Small helpers shared by the page SDK and the host-control client.

export function hasOwn(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
export function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
export function clone(v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); }
export function trimSlash(s) { return String(s).replace(/\/+$/, ''); }

// isOk: a wx result is a success iff its errMsg ends with ":ok".
export function isOk(res) { return isObject(res) && typeof res.errMsg === 'string' && /:ok$/.test(res.errMsg); }

// reportError logs an exception of a caller's callback without breaking the SDK.
export function reportError(where, err) {
  if (typeof console !== 'undefined' && console.error) console.error('minihost wx.js: ' + where + ':', err);
}

export const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined' &&
  typeof navigator !== 'undefined' && typeof location !== 'undefined';

// pageOrigin is the page's own origin in a browser (http/https), else undefined.
export function pageOrigin() {
  return inBrowser && /^https?:$/.test(location.protocol) ? location.origin : undefined;
}

// globalFetch calls the global fetch, looked up at call time (tests and IDEs replace it).
export function globalFetch() {
  if (typeof globalThis.fetch !== 'function') return null;
  return (u, i) => globalThis.fetch(u, i);
}
