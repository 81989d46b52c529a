// The phone's bottom sheet of wheel columns (picker) and the wheel column
// itself (picker and picker-view): a scroll-snap list whose middle row is
// the selection. Plain DOM, outside the page's component tree.

export const ROW = 48; // px, one row of a wheel

// wheel makes a column in `parent` with `labels`, selecting `index`;
// onSettle(i) runs when the user stops on a row (scroll, click, arrows).
export function wheel(parent, labels, index, onSettle) {
  const col = document.createElement('div');
  col.className = 'mh-wheel';
  col.tabIndex = 0;
  col.setAttribute('role', 'listbox');
  const fill = (ls, i) => {
    col.replaceChildren(...ls.map((l, k) => {
      const row = document.createElement('div');
      row.className = 'mh-wheel-row';
      row.setAttribute('role', 'option');
      row.textContent = l;
      row.addEventListener('click', () => select(k, true));
      return row;
    }));
    col.scrollTop = Math.max(0, i) * ROW;
    mark(i);
  };
  let cur = -1;
  const mark = (i) => {
    cur = i;
    [...col.children].forEach((r, k) => r.setAttribute('aria-selected', String(k === i)));
  };
  const select = (i, smooth) => {
    const n = col.children.length;
    const k = Math.max(0, Math.min(n - 1, i));
    col.scrollTo({ top: k * ROW, behavior: smooth ? 'smooth' : 'auto' });
    if (!smooth) settle();
  };
  const settle = () => {
    const i = Math.max(0, Math.min(col.children.length - 1, Math.round(col.scrollTop / ROW)));
    if (i !== cur) { mark(i); onSettle(i); }
  };
  let t = 0;
  col.addEventListener('scroll', () => { clearTimeout(t); t = setTimeout(settle, 90); });
  col.addEventListener('keydown', (ev) => {
    const d = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5 }[ev.key];
    if (!d) return;
    ev.preventDefault();
    select(cur + d, false);
  });
  parent.appendChild(col);
  fill(labels, index);
  // the row under the middle line now (a scroll may not have settled yet)
  return { el: col, set: fill, get: () => Math.max(0, Math.min(col.children.length - 1, Math.round(col.scrollTop / ROW))) };
}

// openSheet shows the bottom sheet. spec: {columns: [[label]], value: [index],
// change(col, i, value) → new columns or undefined, confirm(value), cancel()}.
export function openSheet(spec) {
  const mask = document.createElement('div');
  mask.className = 'mh-picker-mask';
  const box = document.createElement('div');
  box.className = 'mh-picker-sheet';
  box.setAttribute('role', 'dialog');
  const bar = document.createElement('div');
  bar.className = 'mh-picker-bar';
  const cancel = document.createElement('button');
  cancel.className = 'mh-picker-cancel';
  cancel.textContent = spec.cancelText || '取消';
  const ok = document.createElement('button');
  ok.className = 'mh-picker-ok';
  ok.textContent = spec.confirmText || '确定';
  if (spec.title) { const h = document.createElement('div'); h.className = 'mh-picker-title'; h.textContent = spec.title; bar.append(cancel, h, ok); } else bar.append(cancel, ok);
  const cols = document.createElement('div');
  cols.className = 'mh-picker-cols';
  box.append(bar, cols);
  mask.appendChild(box);
  document.body.appendChild(mask);
  const value = [...spec.value];
  const wheels = [];
  const build = (columns, from) => {
    columns.forEach((labels, c) => {
      if (c < from) return;
      value[c] = Math.max(0, Math.min(labels.length - 1, value[c] ?? 0));
      if (wheels[c]) wheels[c].set(labels, value[c]);
      else wheels[c] = wheel(cols, labels, value[c], (i) => {
        value[c] = i;
        const next = spec.change?.(c, i, [...value]);
        if (next && spec.resetBelow) for (let k = c + 1; k < value.length; k++) value[k] = 0;
        if (next) build(next, c + 1);
      });
    });
  };
  build(spec.columns, 0);
  const close = () => { mask.remove(); document.removeEventListener('keydown', key, true); };
  // read the wheels before the sheet leaves the document (scrollTop is 0 then)
  const confirm = () => { const sel = wheels.map((w) => w.get()); close(); spec.confirm?.(sel); };
  const key = (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); close(); spec.cancel?.(); }
    if (ev.key === 'Enter') { ev.preventDefault(); confirm(); }
  };
  document.addEventListener('keydown', key, true);
  cancel.addEventListener('click', () => { close(); spec.cancel?.(); });
  ok.addEventListener('click', confirm);
  mask.addEventListener('click', (ev) => { if (ev.target === mask) { close(); spec.cancel?.(); } });
  setTimeout(() => wheels[0]?.el.focus(), 0);
  return { close, el: mask };
}
