// Events to the automation host: the host adds a CDP binding named
// __minihostAutomationEmit; without one (no session) nothing is sent.

export function emit(method, params) {
  const send = window.__minihostAutomationEmit;
  if (typeof send !== 'function') return;
  try { send(JSON.stringify({ method, params })); } catch { /* never break the page */ }
}

// jsonSafe makes a value fit for JSON: primitives as they are, objects
// cloned through JSON, what JSON cannot carry (functions, cycles, BigInt,
// symbols) as String(x).
export function jsonSafe(v) {
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v !== 'object') return String(v);
  if (v instanceof Error) return String(v.stack || v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : JSON.parse(s);
  } catch {
    return String(v);
  }
}

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'];

// hookConsole sends App.logAdded for console calls while on() is true.
// Installed once; the original console still prints.
export function hookConsole(on) {
  for (const type of LEVELS) {
    const orig = console[type];
    if (typeof orig !== 'function' || orig.__mhAutomation) continue;
    const hooked = function (...args) {
      orig.apply(console, args);
      if (on()) emit('App.logAdded', { type, args: args.map(jsonSafe) });
    };
    hooked.__mhAutomation = true;
    console[type] = hooked;
  }
}
