// Animations as the phone runs them, on the browser's own machinery:
// - wx.createAnimation(): the Animation object whose export() a page puts in
//   an element's `animation` attribute; each step() is a CSS transition,
//   played in order (playSteps);
// - this.animate(selector, keyframes, duration, callback) and
//   this.clearAnimation(selector, options, callback) of pages and components:
//   Web Animations (installAnimate).
import { elementsOf, extendCaller } from './caller.js';

const TRANSFORMS = {
  rotate: 'deg', rotateX: 'deg', rotateY: 'deg', rotateZ: 'deg', rotate3d: ['', '', '', 'deg'],
  scale: '', scaleX: '', scaleY: '', scaleZ: '', scale3d: '',
  translate: 'px', translateX: 'px', translateY: 'px', translateZ: 'px', translate3d: 'px',
  skew: 'deg', skewX: 'deg', skewY: 'deg', matrix: '', matrix3d: '',
};
const STYLES = ['opacity', 'backgroundColor', 'width', 'height', 'left', 'top', 'right', 'bottom'];
// style properties whose numbers have no unit; any other number is px
const UNITLESS = new Set(['opacity', 'zIndex', 'flex', 'flexGrow', 'flexShrink', 'fontWeight', 'lineHeight', 'order', 'scale']);

// withUnit: a number gets the unit; a string ("50%", "2rem") is kept.
const withUnit = (v, unit) => (typeof v === 'number' && unit ? `${v}${unit}` : String(v));
const transformCSS = (name, args) => {
  const u = TRANSFORMS[name];
  return `${name}(${args.map((a, i) => withUnit(a, Array.isArray(u) ? u[i] : u)).join(', ')})`;
};
const styleCSS = (name, v) => (UNITLESS.has(name) ? String(v) : withUnit(v, 'px'));

// setStyle sets a style of el named as the animation APIs name them
// (camelCase, or a "--custom" property), a number in px unless unitless.
export function setStyle(el, name, v) {
  const n = String(name);
  el.style.setProperty(n.startsWith('--') ? n : n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), styleCSS(n, v));
}

// createAnimation is wx.createAnimation(defaults): calls are collected into
// the current step; step(options) closes it; export() hands the steps over
// and starts afresh, as on the phone.
export function createAnimation(defaults = {}) {
  const base = {
    duration: 400, timingFunction: 'linear', delay: 0, transformOrigin: '50% 50% 0',
    ...(defaults && typeof defaults === 'object' ? defaults : {}),
  };
  let actions = [];
  let current = [];
  const a = {};
  for (const name of Object.keys(TRANSFORMS)) {
    a[name] = (...args) => { current.push({ type: name, args }); return a; };
  }
  for (const name of STYLES) {
    a[name] = (v) => { current.push({ type: 'style', args: [name, v] }); return a; };
  }
  a.step = (opts = {}) => {
    const o = { ...base, ...(opts && typeof opts === 'object' ? opts : {}) };
    actions.push({
      animates: current,
      option: { transformOrigin: o.transformOrigin, transition: { duration: Number(o.duration) || 0, timingFunction: o.timingFunction, delay: Number(o.delay) || 0 } },
    });
    current = [];
    return a;
  };
  a.export = () => {
    const out = { actions };
    actions = [];
    return out;
  };
  return a;
}

// playSteps runs the steps of an export() on el one after the other, each a
// CSS transition of its styles and transforms; a new export() on the same
// element replaces what is still to come.
export function playSteps(el, data) {
  const actions = Array.isArray(data?.actions) ? data.actions : [];
  clearTimeout(el.__mhSteps);
  if (!actions.length) return; // the usual initial data, {}: no layout forced
  let i = 0;
  const next = () => {
    if (i >= actions.length) return;
    const { animates = [], option = {} } = actions[i++] || {};
    const t = option.transition || {};
    const duration = Number(t.duration) || 0;
    const delay = Number(t.delay) || 0;
    el.style.transition = `all ${duration}ms ${t.timingFunction || 'linear'} ${delay}ms`;
    el.style.transformOrigin = option.transformOrigin || '50% 50% 0';
    const transforms = [];
    for (const { type, args = [] } of animates) {
      if (type === 'style') setStyle(el, args[0], args[1]);
      else if (Object.prototype.hasOwnProperty.call(TRANSFORMS, type)) transforms.push(transformCSS(type, args));
    }
    if (transforms.length) el.style.transform = transforms.join(' ');
    el.__mhSteps = setTimeout(next, duration + delay);
  };
  // the element's present style must be laid out before the first change,
  // or the browser starts from the new value without a transition
  void el.offsetWidth;
  next();
}

// keyframe turns one of this.animate's keyframes into a Web Animations one.
function keyframe(k) {
  const out = {};
  const transforms = [];
  for (const [name, v] of Object.entries(k || {})) {
    if (name === 'offset') out.offset = v;
    else if (name === 'ease') out.easing = v;
    else if (name === 'transformOrigin') out.transformOrigin = v;
    else if (Object.prototype.hasOwnProperty.call(TRANSFORMS, name)) transforms.push(transformCSS(name, Array.isArray(v) ? v : [v]));
    else out[name] = styleCSS(name, v);
  }
  if (transforms.length) out.transform = transforms.join(' ');
  return out;
}

// installAnimate gives pages and components animate, clearAnimation and
// getPageId where the adapter has none (caller: any page's instance).
export function installAnimate(caller) {
  const ids = new WeakMap(); // page component → its id
  let next = 0;
  extendCaller(caller, '__minihostAnimate', {
    animate(selector, keyframes, duration, callback) {
      const els = elementsOf(this, selector);
      const frames = (Array.isArray(keyframes) ? keyframes : []).map(keyframe);
      const runs = els.map((el) => {
        const run = el.animate(frames, { duration: Number(duration) || 0, fill: 'forwards' });
        (el.__mhAnimations ??= new Set()).add(run);
        return run.finished.catch(() => {});
      });
      Promise.all(runs).then(() => { if (typeof callback === 'function') callback(); });
    },
    clearAnimation(selector, options, callback) {
      const cb = typeof options === 'function' ? options : callback;
      for (const el of elementsOf(this, selector)) {
        for (const run of el.__mhAnimations || []) run.cancel();
        el.__mhAnimations?.clear();
      }
      if (typeof cb === 'function') setTimeout(cb, 0);
    },
    getPageId() {
      let comp = this._$;
      while (comp?.ownerShadowRoot) comp = comp.ownerShadowRoot.getHostNode();
      if (!comp) return '';
      if (!ids.has(comp)) ids.set(comp, `pageId-${++next}`);
      return ids.get(comp);
    },
  });
}

// installAnimationAttribute makes the `animation` attribute of an element
// play the export() it is given (glass-easel would write it to the DOM as
// "[object Object]").
export function installAnimationAttribute(glassEasel) {
  const proto = glassEasel.Element.prototype;
  const set = proto.setAttribute;
  if (set.__minihost) return;
  proto.setAttribute = function setAttribute(name, value) {
    if (name === 'animation' && value && typeof value === 'object') {
      if (this.$$) playSteps(this.$$, value);
      return;
    }
    set.call(this, name, value);
  };
  proto.setAttribute.__minihost = true;
}
