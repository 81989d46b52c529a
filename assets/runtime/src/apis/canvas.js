// Canvas APIs on the browser's own canvas (components/canvas.js):
// createCanvasContext (the legacy context of a canvas-id canvas: calls are
// recorded and drawn by draw(), in CSS pixels), canvasToTempFilePath (a
// blob: URL, as other temp files), canvasGetImageData, canvasPutImageData,
// createOffscreenCanvas, and the oldest form: wx.createContext() records,
// getActions() hands the record over, wx.drawCanvas({canvasId, actions}) draws it.
import { wrap } from '../api.js';
import { packageURL } from '../paths.js';
import { contextScope } from '../caller.js';
import { loadImage } from './media.js';
import { canvasNode } from '../components/canvas.js';

// Calls of the legacy context that are the 2D context's methods of the same name.
const METHODS = [
  'arc', 'arcTo', 'beginPath', 'bezierCurveTo', 'clearRect', 'clip', 'closePath', 'fill', 'fillRect', 'fillText',
  'lineTo', 'moveTo', 'quadraticCurveTo', 'rect', 'restore', 'rotate', 'save', 'scale', 'setLineDash', 'setTransform',
  'stroke', 'strokeRect', 'strokeText', 'transform', 'translate', 'drawImage',
];
// Properties of the legacy context that are the 2D context's.
const PROPS = [
  'fillStyle', 'strokeStyle', 'lineWidth', 'lineCap', 'lineJoin', 'miterLimit', 'lineDashOffset', 'font', 'globalAlpha',
  'globalCompositeOperation', 'shadowOffsetX', 'shadowOffsetY', 'shadowBlur', 'shadowColor', 'textAlign', 'textBaseline',
];
// The setX(v) forms of the old API.
const SETTERS = {
  setFillStyle: 'fillStyle', setStrokeStyle: 'strokeStyle', setLineWidth: 'lineWidth', setLineCap: 'lineCap',
  setLineJoin: 'lineJoin', setMiterLimit: 'miterLimit', setGlobalAlpha: 'globalAlpha', setTextAlign: 'textAlign',
  setTextBaseline: 'textBaseline',
};
const FONT_FAMILY = 'sans-serif';

export function canvasRows(ctx) {
  // legacyCanvas finds the canvas-id canvas of component (or of the top
  // page): {el, from} (from: the path image paths are relative to).
  const legacyCanvas = (id, component) => {
    const root = contextScope(ctx, component);
    if (!root) return null;
    for (const h of root.querySelectorAll('wx-canvas')) {
      const b = h.__mhBuiltin;
      if (b && b.data.canvasId === id && typeof b.__mhLegacy === 'function') return b.__mhLegacy();
    }
    return null;
  };
  // source: the element an options object names, by `canvas` (a node) or
  // `canvasId`; scale: its device pixels per CSS pixel (legacy canvases).
  const source = (api, o, component) => {
    if (o.canvas && typeof o.canvas.getContext === 'function') return { el: o.canvas, scale: 1 };
    const found = legacyCanvas(String(o.canvasId ?? ''), component);
    if (!found) throw new Error(`${api}:fail canvas is empty`);
    return { el: found.el, scale: window.devicePixelRatio || 1 };
  };
  // withComponent: an async API called as (options, component), the phone's form.
  const withComponent = (name, impl) => ({
    kind: 'plain',
    impl(o, component) { return wrap(name, { kind: 'async', impl: (opts) => impl(opts, component) }).call(this, o); },
  });
  const num = (v, d) => (Number.isFinite(Number(v)) && v !== undefined && v !== null && v !== '' ? Number(v) : d);

  return {
    createCanvasContext: {
      kind: 'plain',
      impl: (id, component) => createContext(() => legacyCanvas(String(id ?? ''), component)),
    },
    createContext: { kind: 'plain', impl: () => createContext(() => null) },
    drawCanvas: withComponent('drawCanvas', async (o, component) => {
      const found = legacyCanvas(String(o.canvasId ?? ''), component);
      if (!found) throw new Error('drawCanvas:fail canvas is empty');
      await replay(found, Array.isArray(o.actions) ? o.actions.filter(isOp) : [], !!o.reserve);
      return {};
    }),
    canvasToTempFilePath: withComponent('canvasToTempFilePath', async (o, component) => {
      const { el, scale } = source('canvasToTempFilePath', o, component);
      const x = num(o.x, 0); const y = num(o.y, 0);
      const w = num(o.width, el.width / scale - x); const h = num(o.height, el.height / scale - y);
      const out = document.createElement('canvas');
      out.width = Math.max(1, Math.round(num(o.destWidth, w * scale)));
      out.height = Math.max(1, Math.round(num(o.destHeight, h * scale)));
      out.getContext('2d').drawImage(el, x * scale, y * scale, w * scale, h * scale, 0, 0, out.width, out.height);
      return { tempFilePath: await canvasFile(out, o.fileType === 'jpg' ? 'image/jpeg' : 'image/png', num(o.quality, 1)) };
    }),
    canvasGetImageData: withComponent('canvasGetImageData', (o, component) => {
      const { el, scale } = source('canvasGetImageData', o, component);
      const w = num(o.width, 0); const h = num(o.height, 0);
      if (w <= 0 || h <= 0) throw new Error('canvasGetImageData:fail width and height must be positive');
      const img = el.getContext('2d').getImageData(num(o.x, 0) * scale, num(o.y, 0) * scale, w * scale, h * scale);
      return { width: img.width, height: img.height, data: img.data };
    }),
    canvasPutImageData: withComponent('canvasPutImageData', (o, component) => {
      const { el, scale } = source('canvasPutImageData', o, component);
      const w = num(o.width, 0); const h = num(o.height, 0);
      if (!o.data || w <= 0 || h <= 0 || o.data.length !== w * h * 4) throw new Error('canvasPutImageData:fail data must hold width × height × 4 bytes');
      const data = new ImageData(new Uint8ClampedArray(o.data), w, h);
      el.getContext('2d').putImageData(data, num(o.x, 0) * scale, num(o.y, 0) * scale);
      return {};
    }),
    createOffscreenCanvas: {
      kind: 'plain',
      impl: (o = {}, height) => {
        // (options) or the older (width, height)
        const opts = typeof o === 'object' && o !== null ? o : { width: o, height };
        const c = document.createElement('canvas');
        c.width = num(opts.width, 300);
        c.height = num(opts.height, 150);
        return canvasNode(c, (src) => packageURL('', src));
      },
    },
  };
}

// createContext is the legacy CanvasContext: it records, and draw() replays
// the record on the canvas find() returns once its images have loaded.
export function createContext(find) {
  let ops = [];
  let font = `10px ${FONT_FAMILY}`;
  let measure = null;
  const c = {};
  const rec = (...op) => { ops.push(op); return c; };
  for (const m of METHODS) c[m] = (...args) => rec('call', m, args);
  for (const [name, prop] of Object.entries(SETTERS)) c[name] = (v) => rec('set', prop, v);
  for (const p of PROPS) {
    let v;
    Object.defineProperty(c, p, {
      enumerable: true,
      get: () => v,
      set: (nv) => { v = nv; if (p === 'font') font = String(nv); rec('set', p, nv); },
    });
  }
  c.setFontSize = (size) => { font = `${Number(size) || 10}px ${FONT_FAMILY}`; return rec('set', 'font', font); };
  c.setShadow = (x = 0, y = 0, blur = 0, color = 'black') => {
    rec('set', 'shadowOffsetX', x); rec('set', 'shadowOffsetY', y); rec('set', 'shadowBlur', blur); return rec('set', 'shadowColor', color);
  };
  c.createLinearGradient = (x0, y0, x1, y1) => gradient(['createLinearGradient', x0, y0, x1, y1]);
  c.createCircularGradient = (x, y, r) => gradient(['createRadialGradient', x, y, 0, x, y, r]);
  c.createPattern = (image, repetition) => ({ __pattern: [image, repetition] });
  c.measureText = (text) => {
    measure ??= document.createElement('canvas').getContext('2d');
    measure.font = font;
    return { width: measure.measureText(String(text)).width };
  };
  c.getActions = () => { const record = ops; ops = []; return record; };
  c.clearActions = () => { ops = []; };
  c.draw = (reserve = false, callback) => {
    const done = typeof reserve === 'function' ? reserve : callback;
    const keep = typeof reserve === 'function' ? false : !!reserve;
    const record = ops;
    ops = [];
    const target = find();
    if (!target) { if (typeof done === 'function') setTimeout(done, 0); return; }
    replay(target, record, keep).catch((e) => console.warn(`CanvasContext.draw: ${e?.message || e}`)).finally(() => {
      if (typeof done === 'function') done();
    });
  };
  return c;
}

// isOp: an entry of a record (getActions), not something else a page put in actions.
const isOp = (op) => Array.isArray(op) && ((op[0] === 'set' && PROPS.includes(op[1])) || (op[0] === 'call' && METHODS.includes(op[1]) && Array.isArray(op[2])));

function gradient(make) {
  const stops = [];
  return { __gradient: make, stops, addColorStop(offset, color) { stops.push([offset, color]); } };
}

// replay draws a record on {el, from}: images (drawImage, createPattern) are
// loaded first, then every call is made in one go, scaled to the device.
async function replay({ el, from }, record, keep) {
  const images = new Map();
  const want = (p) => {
    if (typeof p !== 'string' || images.has(p)) return;
    images.set(p, loadImage(packageURL(from, p)).catch(() => { console.warn(`CanvasContext: could not load image ${p}`); return null; }));
  };
  for (const [kind, name, args] of record) {
    if (kind === 'call' && name === 'drawImage') want(args[0]);
    if (kind === 'set' && args && args.__pattern) want(args.__pattern[0]);
  }
  const loaded = new Map();
  for (const [p, img] of images) loaded.set(p, await img);
  const g = el.getContext('2d');
  const scale = window.devicePixelRatio || 1;
  g.save();
  g.setTransform(1, 0, 0, 1, 0, 0);
  if (!keep) g.clearRect(0, 0, el.width, el.height);
  g.restore();
  g.save();
  g.setTransform(scale, 0, 0, scale, 0, 0);
  g.font = `10px ${FONT_FAMILY}`;
  const value = (v) => {
    if (v && v.__gradient) {
      const [m, ...a] = v.__gradient;
      const out = g[m](...a);
      for (const [o, col] of v.stops) out.addColorStop(o, col);
      return out;
    }
    if (v && v.__pattern) {
      const img = loaded.get(v.__pattern[0]);
      return img ? g.createPattern(img, v.__pattern[1] || 'repeat') : 'transparent';
    }
    return v;
  };
  for (const [kind, name, args] of record) {
    if (kind === 'set') { g[name] = value(args); continue; }
    if (name === 'drawImage') {
      const img = typeof args[0] === 'string' ? loaded.get(args[0]) : args[0];
      if (img) g.drawImage(img, ...args.slice(1));
      continue;
    }
    if (name === 'setLineDash') { g.setLineDash(Array.isArray(args[0]) ? args[0] : []); g.lineDashOffset = Number(args[1]) || 0; continue; }
    if (name === 'setTransform') { g.setTransform(scale, 0, 0, scale, 0, 0); g.transform(...args); continue; }
    g[name](...args);
  }
  g.restore();
}

// canvasFile encodes a canvas as a temp file (a blob: URL) of type at quality.
export async function canvasFile(canvas, type, quality) {
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, type, quality));
  if (!blob) throw new Error('the canvas could not be encoded');
  return URL.createObjectURL(blob);
}
