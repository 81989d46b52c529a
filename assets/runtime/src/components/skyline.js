// The Skyline layout containers, as WeChat's own WebView implementation of
// them lays out (base library 2.30.4 on): list-view, grid-view (aligned and
// masonry), sticky-section and sticky-header. Skyline renders them lazily;
// here every child is in the DOM, so very long lists cost what a view does.
import { inner } from './util.js';

// paddingStyle is the CSS of the padding property: [top, right, bottom,
// left] in px; anything else is no padding.
export function paddingStyle(p) {
  if (!Array.isArray(p) || p.length !== 4 || !p.every((v) => Number.isFinite(Number(v)))) return '';
  return `padding:${p.map((v) => `${Number(v)}px`).join(' ')};`;
}

const num = (v, dflt) => (Number.isFinite(Number(v)) && v !== null && v !== '' ? Number(v) : dflt);

// gridColumns is how many columns a grid-view has at a content width:
// cross-axis-count, or, with max-cross-axis-extent, the fewest columns no
// wider than it (gaps included), as Skyline's grid delegate does.
export function gridColumns({ crossAxisCount, maxCrossAxisExtent, crossAxisGap }, width) {
  const extent = num(maxCrossAxisExtent, 0);
  if (extent > 0 && width > 0) return Math.max(1, Math.ceil((width + num(crossAxisGap, 0)) / (extent + num(crossAxisGap, 0))));
  return Math.max(1, Math.floor(num(crossAxisCount, 2)));
}

// masonryPlaces puts items of the given heights, in order, each in the
// column whose bottom is then highest (the leftmost of equals), gap apart:
// [{column, top}].
export function masonryPlaces(heights, columns, gap) {
  const bottoms = new Array(columns).fill(0);
  return heights.map((h) => {
    let c = 0;
    for (let i = 1; i < columns; i++) if (bottoms[i] < bottoms[c] - 0.5) c = i;
    const top = bottoms[c];
    bottoms[c] = top + h + gap;
    return { column: c, top };
  });
}

// padded adds the padding property every container has to a definition:
// _pad is its style; the definition's own padding observer runs after.
function padded(def) {
  const own = def.observers?.padding;
  return {
    ...def,
    properties: { padding: { type: Array, value: [0, 0, 0, 0] }, ...def.properties },
    data: { _pad: '', ...def.data },
    observers: {
      ...def.observers,
      padding(p) { this.setData({ _pad: paddingStyle(p) }); own?.call(this, p); },
    },
  };
}

export const listView = {
  wxml: '<view class="list-view" style="{{_pad}}"><slot /></view>',
  def: () => padded({}),
};

// grid-view: a CSS grid. Masonry places each child in the shortest column
// with rules of a style sheet of the grid's own (nth-child), so that the
// children's own style attributes stay the page's.
export const gridView = {
  wxml: '<view id="g" class="grid-view grid-{{type}}" style="{{_pad}}{{_grid}}"><slot /></view>',
  def: () => padded({
    properties: {
      type: { type: String, value: 'aligned' }, crossAxisCount: { type: Number, value: 2 },
      maxCrossAxisExtent: { type: Number, value: 0 }, mainAxisGap: { type: Number, value: 0 }, crossAxisGap: { type: Number, value: 0 },
    },
    data: { _grid: '' },
    observers: {
      padding() { this._later(); },
      'type, crossAxisCount, maxCrossAxisExtent, mainAxisGap, crossAxisGap'() { this._later(); },
    },
    lifetimes: {
      attached() {
        const g = inner(this, 'g');
        if (!g) return;
        // children come and go (wx:for) and change size (images load)
        this._sizes = new ResizeObserver(() => this._later());
        this._sizes.observe(g);
        this._kids = new MutationObserver((records) => {
          for (const r of records) {
            for (const el of r.removedNodes) if (el.nodeType === 1) this._sizes.unobserve(el);
            for (const el of r.addedNodes) if (el.nodeType === 1) this._sizes.observe(el);
          }
          this._later();
        });
        this._kids.observe(g, { childList: true });
        for (const el of g.children) this._sizes.observe(el);
        this._layout();
      },
      detached() {
        this._sizes?.disconnect();
        this._kids?.disconnect();
        cancelAnimationFrame(this._frame);
        if (this._sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this._sheet);
      },
    },
    methods: {
      _later() {
        if (this._frame || !this._sizes) return;
        this._frame = requestAnimationFrame(() => { this._frame = 0; this._layout(); });
      },
      _layout() {
        const g = inner(this, 'g');
        if (!g) return;
        const d = this.data;
        const style = getComputedStyle(g);
        const width = g.clientWidth - parseFloat(style.paddingLeft || 0) - parseFloat(style.paddingRight || 0);
        const columns = gridColumns(d, width);
        const main = num(d.mainAxisGap, 0);
        const masonry = d.type === 'masonry';
        const grid = `grid-template-columns:repeat(${columns},minmax(0,1fr));column-gap:${num(d.crossAxisGap, 0)}px;row-gap:${masonry ? 0 : main}px;`;
        // the columns first (setData updates the DOM at once): masonry measures in them
        if (grid !== d._grid) this.setData({ _grid: grid });
        if (!masonry && !this._sheet) return;
        let rules = '';
        if (masonry) {
          const kids = [...g.children];
          const places = masonryPlaces(kids.map((el) => el.getBoundingClientRect().height), columns, main);
          const id = (this._id ??= Math.random().toString(36).slice(2, 10));
          g.setAttribute('data-mh-gv', id);
          rules = places.map((p, i) => `[data-mh-gv="${id}"]>:nth-child(${i + 1}){grid-area:1/${p.column + 1};align-self:start;margin-top:${p.top}px}`).join('\n');
        }
        if (!this._sheet) {
          this._sheet = new CSSStyleSheet();
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, this._sheet];
        }
        if (rules !== this._rules) { this._rules = rules; this._sheet.replaceSync(rules); }
      },
    },
  }),
};

export const stickySection = {
  wxml: '<view class="sticky-section" style="{{_pad}}"><slot /></view>',
  def: () => padded({ properties: { pushPinnedHeader: { type: Boolean, value: true } } }),
};

// sticky-header: position: sticky within its section (or scroll-view). A
// zero-height mark stands where the header would be unstuck: the header is
// stuck when it lies below its mark.
export const stickyHeader = {
  wxml: '<view id="m" class="sticky-mark"></view><view id="h" class="sticky-header" style="top:{{offsetTop}}px;{{_pad}}"><slot /></view>',
  def: () => padded({
    properties: { offsetTop: { type: Number, value: 0 }, allowOverlapping: Boolean },
    lifetimes: {
      attached() {
        this._stuck = false;
        this._onScroll = () => {
          if (this._frame) return;
          this._frame = requestAnimationFrame(() => { this._frame = 0; this._check(); });
        };
        document.addEventListener('scroll', this._onScroll, { capture: true, passive: true });
      },
      detached() {
        document.removeEventListener('scroll', this._onScroll, { capture: true });
        cancelAnimationFrame(this._frame);
      },
    },
    methods: {
      _check() {
        const m = inner(this, 'm');
        const h = inner(this, 'h');
        if (!m || !h || !h.getClientRects().length) return;
        const stuck = h.getBoundingClientRect().top - m.getBoundingClientRect().top > 0.5;
        if (stuck === this._stuck) return;
        this._stuck = stuck;
        this.triggerEvent('stickontopchange', { isStickOnTop: stuck });
      },
    },
  }),
};
