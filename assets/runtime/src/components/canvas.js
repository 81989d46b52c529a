// canvas: the browser's <canvas>. type="2d" and "webgl" hand the page the
// element itself through SelectorQuery's node() (canvasNode adds what the
// phone's Canvas has beyond HTMLCanvasElement: createImage,
// requestAnimationFrame…). Without a type it is the legacy canvas that
// wx.createCanvasContext draws on, by canvas-id: its backing store follows
// its CSS size times devicePixelRatio, as on the phone, so that context
// draws in CSS pixels (apis/canvas.js).
import { host, inner, ownerPath, resolveAsset } from './util.js';

export const canvas = {
  wxml: '<mh-canvas id="c" class="canvas" /><view class="cover"><slot /></view>',
  def: () => ({
    properties: { type: String, canvasId: String, disableScroll: Boolean },
    lifetimes: {
      attached() {
        const h = host(this);
        if (h) h.__mhBuiltin = this;
        if (!this.data.type) this._fit();
      },
      detached() {
        this._resize?.disconnect();
        this._resize = null;
      },
    },
    methods: {
      // __mhNode: what node() answers for this element (apis/query.js).
      __mhNode() {
        const c = inner(this, 'c');
        return c && this.data.type ? canvasNode(c, (src) => resolveAsset(this, src)) : null;
      },
      // __mhLegacy: the element a legacy context draws on, with its owner's
      // path to resolve image paths against.
      __mhLegacy() {
        const c = inner(this, 'c');
        if (!c || this.data.type) return null;
        this._fitNow?.(); // sized before a draw that comes before the first resize notice
        return { el: c, from: ownerPath(this) };
      },
      _fit() {
        const c = inner(this, 'c');
        if (!c || this._resize) return;
        const fit = () => {
          const dpr = window.devicePixelRatio || 1;
          const w = Math.round(c.clientWidth * dpr);
          const h = Math.round(c.clientHeight * dpr);
          // a new size clears the canvas: only when it really changed
          if (w > 0 && h > 0 && (c.width !== w || c.height !== h)) { c.width = w; c.height = h; }
        };
        fit();
        this._fitNow = fit;
        this._resize = new ResizeObserver(fit);
        this._resize.observe(c);
      },
    },
  }),
};

// canvasNode gives a <canvas> element the phone's Canvas methods, once.
// resolve maps an image path of the package to its URL.
export function canvasNode(el, resolve = (s) => s) {
  if (el.__mhNode) return el;
  const win = el.ownerDocument.defaultView;
  const extra = {
    createImage: () => projectImage(win, resolve),
    createImageData: (...a) => (a[0] instanceof win.ImageData ? new win.ImageData(a[0].width, a[0].height) : new win.ImageData(...a)),
    createPath2D: (path) => new win.Path2D(path),
    requestAnimationFrame: (cb) => win.requestAnimationFrame(cb),
    cancelAnimationFrame: (id) => win.cancelAnimationFrame(id),
    __mhNode: true,
  };
  for (const [k, v] of Object.entries(extra)) Object.defineProperty(el, k, { value: v, configurable: true });
  return el;
}

// projectImage is an <img> whose src, when a path of the package, is
// resolved first ("/images/a.png", "../a.png"); other URLs and blob:
// temp files are kept.
function projectImage(win, resolve) {
  const img = new win.Image();
  const desc = Object.getOwnPropertyDescriptor(win.HTMLImageElement.prototype, 'src');
  Object.defineProperty(img, 'src', {
    configurable: true,
    enumerable: true,
    get() { return desc.get.call(img); },
    set(v) { desc.set.call(img, resolve(String(v ?? ''))); },
  });
  return img;
}
