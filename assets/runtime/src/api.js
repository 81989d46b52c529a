// The wx object: the open interfaces from wx.js plus the base APIs the
// runtime implements, described by one table so that more APIs are only more
// rows. Names not in the table answer a stub that fails clearly instead of
// throwing at a page's top level.

// Kinds: 'async' (object argument, success/fail/complete or a Promise),
// 'sync' (returns a value; throws "<api>:fail …" on failure), 'plain'
// (called as is: factories, event registration), 'value' (a member that is
// no function, such as wx.env), 'wrap' (impl(existing) makes the member from
// the one wx.js put there: canIUse answers for both).
import { typedKind } from './apis/all-names.js';
import { lazyProperty } from './lazyprop.js';

export function notSupported(name) {
  return `${name}:fail not supported in minihost`;
}

function callbackOrPromise(name, impl, args, self) {
  const opts = args[0] && typeof args[0] === 'object' ? args[0] : {};
  const hasCb = ['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function');
  const p = Promise.resolve()
    .then(() => impl.call(self, opts))
    .then(
      (res) => ({ ok: true, res: { errMsg: `${name}:ok`, ...(res || {}) } }),
      (err) => ({ ok: false, res: failResult(name, err) }),
    );
  if (!hasCb) return p.then(({ ok, res }) => (ok ? res : Promise.reject(res)));
  p.then(({ ok, res }) => {
    const cb = ok ? opts.success : opts.fail;
    try { if (typeof cb === 'function') cb(res); } catch (e) { console.error(`${name} callback threw`, e); }
    try { if (typeof opts.complete === 'function') opts.complete(res); } catch (e) { console.error(`${name} complete threw`, e); }
  });
  return undefined;
}

function failResult(name, err) {
  if (err && typeof err === 'object' && typeof err.errMsg === 'string') return err;
  const msg = err instanceof Error ? err.message : String(err ?? '');
  return { errMsg: msg.startsWith(`${name}:`) ? msg : `${name}:fail ${msg}` };
}

// fail makes the rejection value of an async API.
export function fail(name, reason) {
  return { errMsg: `${name}:fail ${reason}` };
}

// wrap turns one table row into the function put on wx.
export function wrap(name, row, existing) {
  if (row.kind === 'async') {
    return function (...args) { return callbackOrPromise(name, row.impl, args, this); };
  }
  if (row.kind === 'value') return row.value;
  if (row.kind === 'wrap') return row.impl(existing);
  return row.impl;
}

// Members that are namespaces of APIs (wx.cloud.callFunction…): init is a
// no-op so app.js's onLaunch goes on; database() is a database whose
// queries fail (cloudDatabase); every other member is a stub.
const NAMESPACES = { cloud: new Set(['init']) };

function namespaceStub(name, warnOnce) {
  const members = new Map();
  const make = (k) => {
    if (NAMESPACES[name].has(k)) return () => { warnOnce(`${name}.${k}`); };
    if (name === 'cloud' && k === 'database') return () => { warnOnce('cloud.database'); return cloudDatabase(); };
    return stubFor(`${name}.${k}`, warnOnce);
  };
  return new Proxy({}, {
    get(t, k) {
      if (typeof k !== 'string' || k === 'then' || k === 'toJSON') return undefined;
      if (!members.has(k)) members.set(k, make(k));
      return members.get(k);
    },
  });
}

// What ends a cloud database query or change: it answers as an async API
// (success/fail/complete, else a Promise) and fails; watch() returns a
// watcher that closes.
const CLOUD_DB_CALLS = new Set(['get', 'add', 'update', 'set', 'remove', 'count']);

// cloudDatabase is wx.cloud.database() without cloud development: building a
// query (collection, doc, where, orderBy, command, …) goes on as on the
// phone, and running it fails with "cloud.database.<call>:fail not
// supported in minihost", so a page that reads its data degrades instead of
// throwing "db.collection is not a function" at its top.
function cloudDatabase() {
  const fail = (call) => wrap(`cloud.database.${call}`, { kind: 'async', impl: () => { throw new Error(notSupported(`cloud.database.${call}`)); } });
  const chain = new Proxy(function () {}, {
    get(t, k) {
      if (typeof k !== 'string' || k === 'then' || k === 'toJSON') return undefined;
      if (CLOUD_DB_CALLS.has(k)) return fail(k);
      if (k === 'watch') return (opts) => { if (opts && typeof opts.onError === 'function') opts.onError(new Error(notSupported('cloud.database.watch'))); return { close: () => Promise.resolve() }; };
      return chain;
    },
    apply: () => chain,
  });
  return chain;
}

// stubKind is the kind of stub for a name: from the typings' list
// (apis/all-names.js), else guessed from its shape.
export function stubKind(name) {
  const typed = typedKind(name);
  if (typed) return typed;
  if (name.endsWith('Sync')) return 'sync';
  if (/^cloud\.(uploadFile|downloadFile)$/.test(name)) return 'task';
  if (/^(create[A-Z]|get[A-Za-z]*Manager$)/.test(name)) return 'factory';
  if (/^(on|off)[A-Z]/.test(name)) return 'event';
  return 'async';
}

// stubFor makes the function for an API minihost does not have.
export function stubFor(name, warnOnce = () => {}) {
  if (Object.prototype.hasOwnProperty.call(NAMESPACES, name)) return namespaceStub(name, warnOnce);
  switch (stubKind(name)) {
    case 'namespace': return inertObject();
    case 'sync': return () => { warnOnce(name); throw new Error(notSupported(name)); };
    case 'factory': return () => { warnOnce(name); return inertObject(); };
    case 'event': return () => { warnOnce(name); };
    case 'task': // request-like: fail/complete called, an inert task returned
      return (opts) => {
        warnOnce(name);
        const o = opts && typeof opts === 'object' ? opts : {};
        const res = { errMsg: notSupported(name) };
        // wx.cloud's answer a Promise when given no callback
        if (name.startsWith('cloud.') && !['success', 'fail', 'complete'].some((k) => typeof o[k] === 'function')) return Promise.reject(res);
        Promise.resolve().then(() => {
          try { if (typeof o.fail === 'function') o.fail(res); if (typeof o.complete === 'function') o.complete(res); } catch (e) { console.error(`${name} callback threw`, e); }
        });
        return inertObject();
      };
    default:
      return wrap(name, { kind: 'async', impl: () => { warnOnce(name); throw new Error(notSupported(name)); } });
  }
}

// inertObject answers every method call with itself (chainable, does nothing).
export function inertObject() {
  const target = {};
  const proxy = new Proxy(target, {
    get(t, k) {
      if (typeof k === 'symbol' || k === 'then') return undefined;
      if (!(k in t)) t[k] = () => proxy;
      return t[k];
    },
  });
  return proxy;
}

// Synchronous getters (no "Sync" in the name) split out of
// getSystemInfoSync by newer base libraries; until one is in the table its
// stub answers what getSystemInfoSync says (a superset), as the libraries'
// own fallbacks do (tdesign reads getAppBaseInfo().SDKVersion).
const SPLIT_SYSTEM_INFO = new Set(['getAppBaseInfo', 'getDeviceInfo', 'getWindowInfo', 'getSystemSetting', 'getAppAuthorizeSetting']);

// buildWx puts every row of `table` on `base` (an existing member, e.g. an
// open interface from wx.js, is kept) as a writable, enumerable property and
// returns a Proxy that answers unknown API names with stubs. A row is
// wrapped, and read from the table, when its name is first read; kindOf
// tells a row's kind without reading it (a lazy table makes rows on read).
export function buildWx(base, table, warnOnce, kindOf = (name) => table[name].kind) {
  for (const name of Object.keys(table)) {
    const has = Object.prototype.hasOwnProperty.call(base, name);
    if (has && kindOf(name) !== 'wrap') continue;
    const member = has ? base[name] : undefined;
    lazyProperty(base, name, () => wrap(name, table[name], member));
  }
  const stubs = new Map();
  return new Proxy(base, {
    get(t, k, r) {
      if (typeof k !== 'string' || k in t || !/^[a-z][A-Za-z0-9]*$/.test(k) || k === 'then' || k === 'toJSON') {
        return Reflect.get(t, k, r);
      }
      if (!stubs.has(k)) stubs.set(k, SPLIT_SYSTEM_INFO.has(k) && typeof t.getSystemInfoSync === 'function' ? () => { warnOnce(k); return t.getSystemInfoSync(); } : stubFor(k, warnOnce));
      return stubs.get(k);
    },
  });
}
