// Helpers shared by the component built-ins.
import { packageURL } from '../paths.js';

// inner returns the DOM element with WXML id `id` inside a built-in.
export function inner(comp, id) {
  const root = comp._$?.getShadowRoot?.() ?? comp.general?.()._$?.getShadowRoot?.();
  const el = root?.getElementById(id);
  return el ? el.$$ : null;
}

// laidOut runs fn now when el is laid out, else once after the current
// task if it is by then: the runtime shows the first page only once it has
// rendered, so a built-in measuring or scrolling itself while that page
// renders finds no layout yet.
export function laidOut(comp, el, fn) {
  if (el.getClientRects().length) { fn(); return; }
  comp._laidOutFn = fn; // the latest call wins
  if (comp._laidOutLater) return;
  comp._laidOutLater = setTimeout(() => {
    const later = comp._laidOutFn;
    comp._laidOutLater = 0;
    comp._laidOutFn = null;
    if (later && el.getClientRects().length) later();
  }, 0);
}

// host is the DOM element of the component itself (its tag in the page).
export function host(comp) {
  return comp._$?.$$ ?? null;
}

// ownerPath is the path of the page or component whose WXML holds `comp`
// (selectOwnerComponent hides owners from other code spaces).
export function ownerPath(comp) {
  return comp._$?.ownerShadowRoot?.getHostNode()?.is || '';
}

// resolveAsset makes a WXML src relative to the file that wrote it.
export function resolveAsset(comp, src) {
  return packageURL(ownerPath(comp), src);
}

// mediaAssets are the observers and the attached lifetime of a media
// built-in (video, audio) whose src and poster are paths of the file that
// wrote them: _src and _poster are the URLs.
export const mediaAssets = {
  observers: {
    src() { this.setData({ _src: resolveAsset(this, this.data.src) }); },
    poster() { this.setData({ _poster: resolveAsset(this, this.data.poster) }); },
  },
  attached() { this.setData({ _src: resolveAsset(this, this.data.src), _poster: resolveAsset(this, this.data.poster) }); },
};

// field marks a component's host as a form field: form.js reads the value of
// every field with a name on submit and resets them on reset.
// f: {value() → any, reset()}.
export function field(comp, f) {
  const h = host(comp);
  if (h) h.__mhField = { name: () => comp.data.name, ...f };
}

// closestHost walks up the DOM from comp's host to the nearest element for
// which pick(el) is truthy, and returns that value.
export function closestUp(comp, pick) {
  for (let el = host(comp)?.parentNode; el; el = el.parentNode) {
    const v = pick(el);
    if (v) return v;
  }
  return null;
}

// fieldsIn lists the field descriptors under a DOM element, document order.
export function fieldsIn(root, pick = (el) => el.__mhField) {
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    const f = pick(el);
    if (f) out.push(f);
  }
  return out;
}

export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
