// listeners: the callbacks of one wx event (onX/offX): on(fn) adds, off(fn)
// removes fn and off() all, emit(res) calls each; a callback that throws is
// logged under label and the others still run.
export function listeners(label) {
  const set = new Set();
  return {
    on: (fn) => { if (typeof fn === 'function') set.add(fn); },
    off: (fn) => { if (typeof fn === 'function') set.delete(fn); else set.clear(); },
    emit(res) {
      for (const fn of [...set]) {
        try { fn(res); } catch (e) { console.error(`${label} listener threw`, e); }
      }
    },
  };
}
