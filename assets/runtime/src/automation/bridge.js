// The automation bridge of issue 15, loaded on demand (index.js): handle(
// method, params) answers the automation SDK's App.*, Page.*, Element.*
// requests (and the contract's Native.*, Automation.reset) in the page.
// Resolves to the SDK response's `result`, rejects with an Error whose
// message the host sends back. Every request answers: unknown methods
// reject at once, the others wait for the first page (or its failure).
// Taps are DOM events made here, which carry no user activation: the host
// evaluates handle() with CDP's userGesture: true so that a tapped button's
// getUserProfile / getPhoneNumber / openSetting pass as after a finger.
import { appMethods } from './app.js';
import { pageMethods, createRegistry } from './page.js';
import { elementMethods } from './element.js';
import { nativeMethods } from './native.js';
import { createMocks } from './mocks.js';
import { hookConsole, jsonSafe } from './events.js';
import { loadState, saveState } from './state.js';

// Methods that need no launched app.
const ANYTIME = new Set(['Automation.reset', 'App.mockWxMethod', 'App.addBinding', 'App.enableLog']);

// rt: {ready: Promise of the first render, router() → router, home() →
// entry route, api: {wrap, stubKind, inertObject} of api.js}
export function createBridge(rt) {
  const mocks = createMocks(rt.api);
  const state = loadState();
  const save = () => saveState(state);
  const reg = createRegistry();
  const app = appMethods(rt, mocks, state, save);
  const methods = {
    ...app.methods,
    ...pageMethods(rt, reg),
    ...elementMethods(reg),
    ...nativeMethods(rt),
    'Automation.reset': () => {
      for (const name of mocks.names()) mocks.restore(name);
      for (const name of state.bindings) { try { delete window[name]; } catch { /* not ours to delete */ } }
      state.mocks = {};
      state.bindings = [];
      state.log = false;
      save();
      return {};
    },
  };

  hookConsole(() => state.log);
  // what the last session set up before a reload
  for (const [name, spec] of Object.entries(state.mocks)) {
    try { mocks.install(name, spec); } catch (e) { console.warn(`automation: mock of wx.${name} not restored: ${e.message}`); delete state.mocks[name]; }
  }
  for (const name of state.bindings) { try { app.bind(name); } catch { /* a bad name stays out */ } }

  return {
    async handle(method, params) {
      const fn = Object.prototype.hasOwnProperty.call(methods, method) ? methods[method] : null;
      if (!fn) throw new Error(`unknown method ${method}`);
      if (!ANYTIME.has(method)) await rt.ready;
      const p = params && typeof params === 'object' ? params : {};
      try {
        return jsonSafe(await fn(p)) ?? {};
      } catch (e) {
        // page code may throw anything; a wx promise rejects with {errMsg}
        throw e instanceof Error ? e : new Error(e?.errMsg || e?.message || jsonSafe(e) || String(e));
      }
    },
  };
}
