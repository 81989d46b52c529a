// icon, rich-text, progress, root-portal.
import { host } from './util.js';

// icon types: glyph drawn in CSS (components.css) and the phone's default colour
const ICON_COLORS = {
  success: '#07c160', success_no_circle: '#07c160', info: '#10aeff', warn: '#fa5151', waiting: '#10aeff',
  cancel: '#fa5151', download: '#07c160', search: '#b2b2b2', clear: '#b2b2b2', info_circle: '#10aeff', circle: '#c9c9c9',
};

export const icon = {
  wxml: '<view class="icon icon-{{type}}" role="img" aria-label="{{type}}" style="font-size:{{_size}};color:{{color || _color}}"></view>',
  def: () => ({
    properties: { type: String, size: { type: null, value: 23 }, color: String },
    data: { _size: '23px', _color: '' },
    observers: {
      size(s) { this.setData({ _size: typeof s === 'number' || /^\d+(\.\d+)?$/.test(String(s)) ? `${s}px` : String(s).replace(/(\d+(?:\.\d+)?)rpx/g, 'calc($1 * var(--rpx))') }); },
      type(t) { this.setData({ _color: ICON_COLORS[t] || '' }); },
    },
  }),
};

// rich-text: nodes as an HTML string or an array of {name, attrs, children}
// / {type: 'text', text}. Only a safe list of tags and attributes is kept,
// as on the phone (no scripts, no event handlers, no iframes).
const TAGS = new Set(('a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del div dl dt em fieldset font footer ' +
  'h1 h2 h3 h4 h5 h6 header hr i img ins label legend li mark nav ol p pre q rt ruby s section small span strong sub sup table tbody td tfoot th thead tr tt u ul').split(' '));
const ATTRS = new Set(['class', 'style', 'src', 'alt', 'width', 'height', 'colspan', 'rowspan', 'align', 'start', 'type', 'dir', 'color', 'face', 'size', 'span', 'title']);

export function buildNodes(doc, nodes) {
  const frag = doc.createDocumentFragment();
  if (typeof nodes === 'string') {
    const tpl = doc.createElement('template');
    tpl.innerHTML = nodes;
    for (const n of tpl.content.childNodes) appendSafe(doc, frag, n);
    return frag;
  }
  for (const n of Array.isArray(nodes) ? nodes : []) {
    if (!n || typeof n !== 'object') continue;
    if (n.type === 'text') { frag.appendChild(doc.createTextNode(String(n.text ?? ''))); continue; }
    const name = String(n.name || '').toLowerCase();
    if (!TAGS.has(name)) continue;
    const el = doc.createElement(name);
    for (const [k, v] of Object.entries(n.attrs || {})) if (ATTRS.has(k.toLowerCase())) el.setAttribute(k, String(v));
    el.appendChild(buildNodes(doc, n.children));
    frag.appendChild(el);
  }
  return frag;
}

function appendSafe(doc, parent, node) {
  if (node.nodeType === 3) { parent.appendChild(doc.createTextNode(node.textContent)); return; }
  if (node.nodeType !== 1) return;
  const name = node.localName;
  if (!TAGS.has(name)) { for (const c of node.childNodes) if (!/^(script|style|iframe|object|embed)$/.test(name)) appendSafe(doc, parent, c); return; }
  const el = doc.createElement(name);
  for (const a of node.attributes) if (ATTRS.has(a.name) && !/^\s*javascript:/i.test(a.value)) el.setAttribute(a.name, a.value);
  for (const c of node.childNodes) appendSafe(doc, el, c);
  parent.appendChild(el);
}

export const richText = {
  wxml: '<view id="rt" class="rich-text"></view>',
  def: () => ({
    properties: { nodes: { type: null, value: [] }, space: String, userSelect: Boolean },
    observers: { nodes() { this._render(); } },
    lifetimes: { attached() { this._render(); } },
    methods: {
      _render() {
        const h = host(this);
        const box = h?.querySelector('[data-mh-rt]') || h?.firstElementChild;
        if (!box) return;
        box.setAttribute('data-mh-rt', '');
        box.replaceChildren(buildNodes(document, this.data.nodes));
      },
    },
  }),
};

export const progress = {
  wxml: '<view class="progress" role="progressbar" aria-valuenow="{{_pct}}"><view class="progress-bar" style="height:{{strokeWidth}}px;background:{{backgroundColor}};border-radius:{{borderRadius}}px"><view class="progress-fill" style="width:{{_pct}}%;background:{{activeColor || color}};border-radius:{{borderRadius}}px;transition:{{active ? \'width \' + duration * 100 + \'ms linear\' : \'none\'}}"></view></view><view wx:if="{{showInfo}}" class="progress-info" style="font-size:{{fontSize}}px">{{_pct}}%</view></view>',
  def: () => ({
    properties: {
      percent: { type: Number, value: 0 }, showInfo: Boolean, borderRadius: { type: Number, value: 0 }, fontSize: { type: Number, value: 16 },
      strokeWidth: { type: Number, value: 6 }, color: { type: String, value: '#09bb07' }, activeColor: String,
      backgroundColor: { type: String, value: '#ebebeb' }, active: Boolean, activeMode: { type: String, value: 'backwards' },
      duration: { type: Number, value: 30 },
    },
    data: { _pct: 0 },
    observers: {
      percent(p) {
        const v = Math.max(0, Math.min(100, Math.round(Number(p) || 0)));
        this.setData({ _pct: v });
        if (v >= 100 || v === this._last) return;
        this._last = v;
      },
      _pct(v) { if (v >= 100) setTimeout(() => this.triggerEvent('activeend', { curPercent: v }), this.data.active ? this.data.duration * 10 : 0); },
    },
  }),
};

// root-portal: its children, rendered where it stands (the phone renders
// them at the page's root, out of their ancestors' overflow, transforms and
// stacking; here a transformed ancestor still holds a fixed child).
export const rootPortal = {
  wxml: '<slot />',
  def: () => ({ properties: { enable: { type: Boolean, value: true } } }),
};
