// The automation hook of the runtime (issue 15), small on purpose: the
// bridge itself (bridge.js, dist/automation.js) loads the first time the host
// calls handle(), or at boot when this tab's session left mocks to put back
// before app.js runs (a live reload).
import { emit } from './events.js';
import { hasState } from './state.js';

const GLOBAL = '__minihostAutomationBridge';

// bridgeURL: automation.js next to the runtime.js now running, same version.
function bridgeURL() {
  const src = document.currentScript?.src || '';
  return /\/runtime\.js(\?|$)/.test(src) ? src.replace(/\/runtime\.js(\?|$)/, '/automation.js$1') : '/__minihost/runtime/automation.js';
}

// rt: see createBridge.
export function createAutomation(rt) {
  const url = bridgeURL();
  let bridge = null;
  const take = () => {
    const create = window[GLOBAL];
    delete window[GLOBAL];
    if (typeof create !== 'function') throw new Error(`automation: ${url} did not define the bridge`);
    return create(rt);
  };
  const load = () => {
    bridge ??= new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = () => { s.remove(); try { resolve(take()); } catch (e) { reject(e); } };
      s.onerror = () => { s.remove(); reject(new Error(`automation: could not load ${url}`)); };
      document.head.appendChild(s);
    });
    bridge.catch(() => { bridge = null; }); // the next call tries again
    return bridge;
  };
  if (hasState()) {
    try {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.send(null);
      if (xhr.status !== 200) throw new Error(`HTTP ${xhr.status}`);
      (0, eval)(xhr.responseText); // eslint-disable-line no-eval
      bridge = Promise.resolve(take());
    } catch (e) {
      console.warn(`automation: the session's mocks could not be restored: ${e?.message || e}`);
    }
  }
  return {
    handle: async (method, params) => (await load()).handle(method, params),
    // exception: an error the runtime reported (uncaught, page lifecycle)
    exception(message, stack) {
      emit('App.exceptionThrown', { message: String(message), stack: String(stack || '') });
    },
  };
}
