// The EventChannel shared by a page opened with navigateTo and its opener.
export function createEventChannel(events) {
  const listeners = new Map();
  const add = (name, fn, once) => {
    if (typeof fn !== 'function') return;
    if (!listeners.has(name)) listeners.set(name, []);
    listeners.get(name).push({ fn, once });
  };
  for (const [name, fn] of Object.entries(events || {})) add(name, fn, false);
  return {
    on(name, fn) { add(name, fn, false); },
    once(name, fn) { add(name, fn, true); },
    off(name, fn) {
      if (!fn) listeners.delete(name);
      else listeners.set(name, (listeners.get(name) || []).filter((l) => l.fn !== fn));
    },
    emit(name, ...args) {
      const ls = listeners.get(name) || [];
      listeners.set(name, ls.filter((l) => !l.once));
      for (const l of ls) {
        try { l.fn(...args); } catch (e) { console.error(`eventChannel "${name}" listener threw`, e); }
      }
    },
  };
}
