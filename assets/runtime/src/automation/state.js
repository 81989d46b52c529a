// The session's state kept across a live reload: mocks, bindings and the log
// flag in sessionStorage, so a reload does not silently drop a QA mock.
const KEY = '__minihost_automation';

export function loadState() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (s && typeof s === 'object') return { mocks: s.mocks || {}, bindings: s.bindings || [], log: !!s.log };
  } catch { /* no storage or a broken entry: a fresh session */ }
  return { mocks: {}, bindings: [], log: false };
}

export function saveState(state) {
  try {
    if (!Object.keys(state.mocks).length && !state.bindings.length && !state.log) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch { /* storage full or denied: the session still works until a reload */ }
}

// hasState: this tab's session left something to put back.
export function hasState() {
  try { return sessionStorage.getItem(KEY) !== null; } catch { return false; }
}
