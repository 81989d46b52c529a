// App.* methods: the app service side (wx, pages, evaluate, mocks, bindings).
import { compile, isSyncApi } from './mocks.js';
import { emit } from './events.js';

const ROUTES = new Set(['navigateTo', 'redirectTo', 'reLaunch', 'switchTab', 'navigateBack']);

// settle waits for the browser to draw what a route change rendered, bounded
// (a hidden window draws no frames).
export const settle = () => new Promise((r) => {
  const t = setTimeout(r, 100);
  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); r(); }));
});

export function pageInfo(p) {
  return { pageId: p.id, path: p.route, query: { ...(p.query || {}) } };
}

// callWx calls wx[method] as page code would: a sync API answers its return
// value, an async one its success result; a fail rejects with the errMsg.
export async function callWx(api, method, args = []) {
  if (typeof method !== 'string' || !method) throw new Error('callWxMethod: method must be a string');
  const fn = window.wx[method];
  if (typeof fn !== 'function') throw new Error(`wx.${method} is not a function`);
  const list = Array.isArray(args) ? args : [args];
  if (isSyncApi(api, method)) return fn.apply(window.wx, list);
  const opts = list[0] && typeof list[0] === 'object' ? list[0] : {};
  const res = await new Promise((resolve, reject) => {
    const call = {
      ...opts,
      success: (r) => resolve(r),
      fail: (r) => reject(new Error(r && r.errMsg ? r.errMsg : `${method}:fail`)),
    };
    try {
      const ret = fn.call(window.wx, call, ...list.slice(1));
      // a member that ignores callbacks but returns a promise still answers
      if (ret && typeof ret.then === 'function') ret.then(resolve, (r) => reject(new Error(r?.errMsg || r?.message || String(r))));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e?.errMsg || e)));
    }
  });
  if (ROUTES.has(method)) await settle();
  return res;
}

function noPlugin(pluginId) {
  if (pluginId) throw new Error(`plugin ${pluginId}: plugins are not supported in minihost`);
}

export function appMethods(rt, mocks, state, save) {
  const top = () => {
    const p = rt.router()?.top();
    if (!p) throw new Error('no page is open');
    return p;
  };
  const bind = (name) => {
    if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`addBinding: bad name ${JSON.stringify(name)}`);
    window[name] = (...args) => emit('App.bindingCalled', { name, args });
  };
  const methods = {
    'App.getCurrentPage': () => pageInfo(top()),
    'App.getPageStack': () => ({ pageStack: (rt.router()?.stack() || []).map(pageInfo) }),
    'App.callWxMethod': async ({ method, args, pluginId }) => {
      noPlugin(pluginId);
      return { result: await callWx(rt.api, method, args) };
    },
    'App.mockWxMethod': ({ method, result, functionDeclaration, args, pluginId }) => {
      noPlugin(pluginId);
      if (result === undefined && functionDeclaration === undefined) {
        mocks.restore(method);
        delete state.mocks[method];
      } else {
        const spec = functionDeclaration !== undefined ? { functionDeclaration: String(functionDeclaration), args: args || [] } : { result };
        mocks.install(method, spec);
        state.mocks[method] = spec;
      }
      save();
      return {};
    },
    'App.callFunction': async ({ functionDeclaration, args }) => {
      const fn = compile(String(functionDeclaration ?? ''));
      return { result: await fn(...(Array.isArray(args) ? args : [])) };
    },
    'App.addBinding': ({ name }) => {
      bind(name);
      if (!state.bindings.includes(name)) state.bindings.push(name);
      save();
      return {};
    },
    'App.enableLog': () => {
      state.log = true;
      save();
      return {};
    },
  };
  return { methods, bind };
}
