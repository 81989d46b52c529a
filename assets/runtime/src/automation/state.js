// The session's state kept across a live reload: mocks, bindings and the log
// flag in sessionStorage, so a reload does not silently drop a QA mock.
const KEY = '__minihost_automation';

// HINT marks window.name while the tab has state. window.name lives as long
// as the tab's sessionStorage does across a reload or a navigation of the
// tab, and reading it costs nothing, where the first sessionStorage read of
// a page is a synchronous call to the browser (1–4 ms of a cold first
// render, waiting on a busy browser process): a tab that never had a
// session does not pay for looking.
const HINT = '[minihost-automation]';

export function loadState() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (s && typeof s === 'object') return { mocks: s.mocks || {}, bindings: s.bindings || [], log: !!s.log };
  } catch { /* no storage or a broken entry: a fresh session */ }
  return { mocks: {}, bindings: [], log: false };
}

export function saveState(state) {
  const empty = !Object.keys(state.mocks).length && !state.bindings.length && !state.log;
  try {
    if (empty) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch { /* storage full or denied: the session still works until a reload */ }
  const name = String(window.name).replaceAll(HINT, '');
  window.name = empty ? name : name + HINT;
}

// hasState: this tab's session left something to put back.
export function hasState() {
  if (!String(window.name).includes(HINT)) return false;
  try { return sessionStorage.getItem(KEY) !== null; } catch { return false; }
}
