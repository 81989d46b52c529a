// The mock table of App.mockWxMethod. A mock is put on the one wx object every
// module shares (window.wx), so page code's own calls, calls through
// promises and modules holding `wx` all get it; restore puts the real member
// back.

// compile turns a function's source (function, arrow or method shorthand)
// into the function.
export function compile(src) {
  let fn;
  try {
    fn = (0, eval)(`(${src})`); // eslint-disable-line no-eval
  } catch (e) {
    try { fn = Object.values((0, eval)(`({${src}})`))[0]; } catch { throw e; } // eslint-disable-line no-eval
  }
  if (typeof fn !== 'function') throw new Error('functionDeclaration is not a function');
  return fn;
}

// isSyncApi: a sync API answers its return value (api: the runtime's
// api.js, {stubKind, wrap}).
export const isSyncApi = (api, name) => name.endsWith('Sync') || ['sync', 'plain', 'factory', 'value'].includes(api.stubKind(name));

export function createMocks(api) {
  const saved = new Map(); // name → {desc: own property before the mock | null, origin}
  const wx = () => window.wx;

  // make builds the mocked member: spec {result} or {functionDeclaration, args}
  function make(name, spec, origin) {
    const fn = spec.functionDeclaration !== undefined ? compile(String(spec.functionDeclaration)) : null;
    const extra = Array.isArray(spec.args) ? spec.args : [];
    const self = { origin };
    if (isSyncApi(api, name)) {
      return fn ? (...args) => fn.apply(self, [...args, ...extra]) : () => structuredCloneSafe(spec.result);
    }
    const member = api.wrap(name, {
      kind: 'async',
      impl: fn ? async (opts) => fn.apply(self, [opts, ...extra]) : () => ({ ...(spec.result || {}) }),
    });
    if (api.stubKind(name) !== 'task') return member;
    // wx.request and its kin hand back a task (abort, onProgressUpdate…)
    // that page code goes on using: an inert one, as the call has no network
    return function (...args) { return member.apply(this, args) ?? api.inertObject(); };
  }

  return {
    install(name, spec) {
      if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`mockWxMethod: bad method name ${JSON.stringify(name)}`);
      const w = wx();
      if (!saved.has(name)) saved.set(name, { desc: Object.getOwnPropertyDescriptor(w, name) || null, origin: w[name] });
      const member = make(name, spec, saved.get(name).origin);
      Object.defineProperty(w, name, { value: member, writable: true, enumerable: true, configurable: true });
    },
    restore(name) {
      const s = saved.get(name);
      if (!s) return;
      saved.delete(name);
      const w = wx();
      if (s.desc) Object.defineProperty(w, name, s.desc);
      else delete w[name];
    },
    names: () => [...saved.keys()],
  };
}

function structuredCloneSafe(v) {
  if (v === null || typeof v !== 'object') return v;
  try { return JSON.parse(JSON.stringify(v)); } catch { return v; }
}
