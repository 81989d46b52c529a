// picker (selector, multiSelector, time, date, region) opening the phone's
// bottom sheet on tap or Enter; picker-view and picker-view-column inline.
import { host, field, inner, laidOut } from './util.js';
import { openSheet, ROW } from './sheet.js';
import { REGIONS } from './region.js';

const pad = (n) => String(n).padStart(2, '0');
const range = (a, b) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
const label = (item, key) => String(item && typeof item === 'object' && key ? item[key] ?? '' : item ?? '');
const daysIn = (y, m) => new Date(y, m, 0).getDate();

// mode → {columns(d, sel), initial(d), result(d, sel)}: sel is an index per column
const MODES = {
  selector: {
    columns: (d) => [(Array.isArray(d.range) ? d.range : []).map((x) => label(x, d.rangeKey))],
    initial: (d) => [Number(d.value) || 0],
    result: (d, sel) => sel[0],
  },
  multiSelector: {
    columns: (d) => (Array.isArray(d.range) ? d.range : []).map((col) => (Array.isArray(col) ? col : []).map((x) => label(x, d.rangeKey))),
    initial: (d) => (Array.isArray(d.value) ? d.value.map(Number) : []),
    result: (d, sel) => sel,
  },
  time: {
    columns: () => [range(0, 23).map(pad), range(0, 59).map(pad)],
    initial: (d) => { const [h, m] = String(d.value || '').split(':').map(Number); return [h || 0, m || 0]; },
    result: (d, sel) => {
      let v = `${pad(sel[0])}:${pad(sel[1])}`;
      if (d.start && v < d.start) v = d.start;
      if (d.end && v > d.end) v = d.end;
      return v;
    },
  },
  date: {
    years: (d) => range(Number(String(d.start || '1900').slice(0, 4)) || 1900, Number(String(d.end || '2100').slice(0, 4)) || 2100),
    columns(d, sel = []) {
      const ys = this.years(d);
      const y = ys[sel[0] ?? 0] ?? ys[0];
      const m = (sel[1] ?? 0) + 1;
      const cols = [ys.map((x) => `${x}年`)];
      if (d.fields !== 'year') cols.push(range(1, 12).map((x) => `${pad(x)}月`));
      if (d.fields === 'day' || !d.fields) cols.push(range(1, daysIn(y, m)).map((x) => `${pad(x)}日`));
      return cols;
    },
    initial(d) {
      const now = new Date();
      const [y, m, day] = String(d.value || `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`).split('-').map(Number);
      return [Math.max(0, this.years(d).indexOf(y)), (m || 1) - 1, (day || 1) - 1];
    },
    result(d, sel) {
      const y = this.years(d)[sel[0]];
      let v = String(y);
      if (d.fields !== 'year') v += `-${pad(sel[1] + 1)}`;
      if (d.fields === 'day' || !d.fields) v += `-${pad(sel[2] + 1)}`;
      if (d.start && v < d.start) v = d.start;
      if (d.end && v > d.end) v = d.end;
      return v;
    },
  },
  region: {
    columns(d, sel = []) {
      // with custom-item, row 0 of the city and district columns is that item
      const off = d.customItem ? 1 : 0;
      const p = REGIONS[sel[0] ?? 0] || REGIONS[0];
      const c = p.s[(sel[1] ?? 0) - off] || p.s[0];
      const cols = [REGIONS.map((x) => x.n), p.s.map((x) => x.n), c.s.map((x) => x[0])];
      if (d.customItem) { cols[1].unshift(d.customItem); cols[2].unshift(d.customItem); }
      return d.level === 'province' ? cols.slice(0, 1) : d.level === 'city' ? cols.slice(0, 2) : cols;
    },
    initial(d) {
      const v = Array.isArray(d.value) ? d.value : [];
      const off = d.customItem ? 1 : 0;
      const pi = Math.max(0, REGIONS.findIndex((x) => x.n === v[0]));
      const ci = Math.max(0, REGIONS[pi].s.findIndex((x) => x.n === v[1]));
      const di = Math.max(0, REGIONS[pi].s[ci].s.findIndex((x) => x[0] === v[2]));
      return [pi, ci + off, di + off];
    },
    result(d, sel) {
      const cols = this.columns(d, sel);
      return cols.map((c, i) => c[sel[i]] ?? '');
    },
    detail(d, sel) {
      const off = d.customItem ? 1 : 0;
      const p = REGIONS[sel[0]];
      const c = p?.s[sel[1] - off];
      const x = c?.s[sel[2] - off];
      const code = [p?.c, c?.c, x?.[1]].filter(Boolean);
      return { code, postcode: x?.[2] || c?.p || p?.p || '' };
    },
  },
};

export const picker = {
  wxml: '<view class="picker" tabindex="{{disabled ? -1 : 0}}" role="button" aria-haspopup="dialog" bind:tap="_open" bind:keydown="_key"><slot /></view>',
  def: () => ({
    properties: {
      mode: { type: String, value: 'selector' }, range: { type: Array, value: [] }, rangeKey: String,
      value: { type: null, value: null }, start: String, end: String, fields: { type: String, value: 'day' },
      level: { type: String, value: 'region' }, customItem: String, disabled: Boolean, name: String,
      headerText: String,
    },
    lifetimes: {
      attached() {
        this._initialValue = this.data.value;
        field(this, { value: () => this.data.value, reset: () => this.setData({ value: this._initialValue }) });
      },
      detached() { this._sheet?.close(); },
    },
    methods: {
      _key(e) { if (e.detail?.key === 'Enter' || e.detail?.key === ' ') this._open(); },
      _open() {
        const d = this.data;
        const m = MODES[d.mode];
        if (d.disabled || this._sheet?.el.isConnected) return;
        if (!m) { console.warn(`picker mode="${d.mode}" is not supported in minihost`); return; }
        const dependent = d.mode === 'date' || d.mode === 'region';
        const initial = m.initial.call(m, d);
        this._sheet = openSheet({
          title: d.headerText,
          columns: m.columns.call(m, d, initial),
          value: initial,
          resetBelow: d.mode === 'region', // a new province starts at its first city
          change: (col, i, sel) => {
            if (d.mode === 'multiSelector') this.triggerEvent('columnchange', { column: col, value: i });
            if (!dependent) return undefined;
            if (d.mode === 'region') for (let k = col + 1; k < sel.length; k++) sel[k] = 0;
            return m.columns.call(m, d, sel);
          },
          confirm: (sel) => {
            const value = m.result.call(m, d, sel);
            this.setData({ value });
            this.triggerEvent('change', { value, ...(m.detail ? m.detail.call(m, d, sel) : {}) });
          },
          cancel: () => this.triggerEvent('cancel', {}),
        });
      },
    },
  }),
};

// picker-view: its columns are picker-view-column children, each child of a
// column is one row; bindchange {value: [index per column]} when a column settles.
export const pickerView = {
  wxml: '<view id="pv" class="picker-view"><view class="picker-view-mask" style="{{maskStyle}}"></view><view class="picker-view-line {{indicatorClass}}" style="{{indicatorStyle}}"></view><slot /></view>',
  def: () => ({
    properties: { value: { type: Array, value: [] }, indicatorStyle: String, indicatorClass: String, maskStyle: String, maskClass: String, immediateChange: Boolean },
    observers: { value() { this._apply(); } },
    lifetimes: {
      attached() {
        const h = host(this);
        h.__mhPickerView = {
          settled: () => {
            const value = this._cols().map((c) => c.__mhColumn.get());
            this.setData({ value });
            this.triggerEvent('change', { value });
          },
          start: () => this.triggerEvent('pickstart', {}),
        };
        setTimeout(() => this._apply(), 0);
      },
    },
    methods: {
      _cols() { return [...(inner(this, 'pv')?.querySelectorAll('picker-view-column') || [])].filter((c) => c.__mhColumn); },
      _apply() { this._cols().forEach((c, i) => c.__mhColumn.set(Number(this.data.value[i]) || 0)); },
    },
  }),
};

export const pickerViewColumn = {
  wxml: '<slot />',
  def: () => ({
    lifetimes: {
      attached() {
        const h = host(this);
        if (!h) return;
        const rowH = () => h.firstElementChild?.offsetHeight || ROW;
        const get = () => Math.max(0, Math.min(h.children.length - 1, Math.round(h.scrollTop / rowH())));
        let last = -1;
        let t = 0;
        h.tabIndex = 0;
        h.__mhColumn = {
          get,
          set: (i) => { last = i; h.scrollTop = i * rowH(); },
        };
        const pv = () => { for (let el = h.parentElement; el; el = el.parentElement) if (el.__mhPickerView) return el.__mhPickerView; return null; };
        laidOut(this, h, () => h.style.setProperty('--mh-row', `${rowH()}px`));
        h.addEventListener('scroll', () => {
          clearTimeout(t);
          t = setTimeout(() => { const i = get(); if (i !== last) { last = i; pv()?.settled(); } }, 90);
        });
        h.addEventListener('keydown', (ev) => {
          const d = { ArrowDown: 1, ArrowUp: -1 }[ev.key];
          if (!d) return;
          ev.preventDefault();
          h.scrollTop = (get() + d) * rowH();
        });
      },
    },
  }),
};
