// Element.* methods: DOM reads, WXML, taps and touches that run the
// handlers the WXML bound, custom components' data and methods, and the
// built-ins' functions (input, scroll-view, swiper, movable-view, switch,
// slider, video).
import { attrOf, isCustom, publicProps, query, scopeOf, wxmlOf, tagOf } from './tree.js';
import { getPath } from './page.js';
import { settle } from './app.js';

const compOf = (n) => n.asGeneralComponent?.() || null;
// frame: the next frame (scroll events come with it), bounded; tick: what
// a handler queued right away (a timer, a promise) has run
const frame = () => new Promise((r) => { const t = setTimeout(r, 50); requestAnimationFrame(() => { clearTimeout(t); r(); }); });
const tick = () => new Promise((r) => { setTimeout(r, 0); });

function dom(n) {
  const d = n.$$;
  if (!d) throw new Error('element has no rendered node');
  return d;
}

function centre(n) {
  const r = dom(n).getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

function touchAt(n, o = {}) {
  const { x, y } = centre(n);
  return { identifier: 0, pageX: x, pageY: y, clientX: x, clientY: y, force: 1, ...o };
}

function inner(n, id) {
  return compOf(n)?.getShadowRoot()?.getElementById(id)?.$$ || null;
}

function callerOf(n, what) {
  const c = compOf(n);
  if (!c) throw new Error(`<${tagOf(n)}> is not a component: ${what} needs one`);
  return c.getMethodCaller();
}

function customCaller(n, what) {
  if (!isCustom(n)) throw new Error(`<${tagOf(n)}> is not a custom component: ${what} needs one`);
  return compOf(n).getMethodCaller();
}

function needTag(n, tag, fn) {
  if (tagOf(n) !== tag) throw new Error(`${fn} needs a <${tag}>, not <${tagOf(n)}>`);
}

// The built-ins' functions, by the SDK's names.
const FUNCTIONS = {
  'input.input': (n, v) => typeInto(n, 'input', v),
  'textarea.input': (n, v) => typeInto(n, 'textarea', v),
  'scroll-view.scrollTo': async (n, x, y) => {
    const s = scroller(n);
    s.scrollTo({ left: Number(x) || 0, top: Number(y) || 0, behavior: 'auto' });
    await frame();
  },
  'scroll-view.scrollTop': (n) => scroller(n).scrollTop,
  'scroll-view.scrollLeft': (n) => scroller(n).scrollLeft,
  'scroll-view.scrollWidth': (n) => scroller(n).scrollWidth,
  'scroll-view.scrollHeight': (n) => scroller(n).scrollHeight,
  'swiper.swipeTo': (n, i) => { needTag(n, 'swiper', 'swipeTo'); callerOf(n, 'swipeTo')._go(Number(i) || 0, 'touch', true); },
  'movable-view.moveTo': (n, x, y) => { needTag(n, 'movable-view', 'moveTo'); callerOf(n, 'moveTo')._move(Number(x) || 0, Number(y) || 0, 'touch'); },
  'switch.tap': (n) => { needTag(n, 'switch', 'switch.tap'); callerOf(n, 'tap')._tap(); },
  'slider.slideTo': (n, v) => {
    needTag(n, 'slider', 'slideTo');
    const s = callerOf(n, 'slideTo');
    if (s.data.disabled) return;
    s._set(s._snap(Number(v) || 0), null);
    s.triggerEvent('change', { value: s.data.value });
  },
};

function scroller(n) {
  needTag(n, 'scroll-view', 'scroll-view functions');
  const s = inner(n, 's');
  if (!s) throw new Error('scroll-view is not rendered');
  return s;
}

// typeInto sets the field's value and sends the input event a keyboard
// would: bindinput runs with detail.value, model:value follows.
async function typeInto(n, tag, v) {
  needTag(n, tag, `${tag}.input`);
  const el = inner(n, 'i');
  if (!el) throw new Error(`${tag} is not rendered`);
  if (el.disabled) throw new Error(`${tag} is disabled`);
  el.focus();
  el.value = v === undefined || v === null ? '' : String(v);
  el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: el.value }));
  await tick();
}

const VIDEO = {
  play: (v) => { v.play()?.catch(() => {}); },
  pause: (v) => v.pause(),
  stop: (v) => { v.pause(); v.currentTime = 0; },
  seek: (v, t) => { v.currentTime = Number(t) || 0; },
  playbackRate: (v, r) => { v.playbackRate = Number(r) || 1; },
  requestFullScreen: (v) => { v.requestFullscreen?.().catch(() => {}); },
  exitFullScreen: () => { if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); },
};

export function elementMethods(reg) {
  const node = (p) => reg.get(p.elementId);
  // longpress: a touchstart held 350 ms (the SDK's longpress is touchstart,
  // sleep 350 ms, touchend: a touchend that comes a little early still counts)
  let press = null;
  const fireLong = (n) => {
    const { x, y } = centre(n);
    for (const type of ['longpress', 'longtap']) n.triggerEvent(type, { x, y }, { bubbles: true, composed: true });
  };
  const touch = (type) => (p) => {
    const n = node(p);
    const t = touchAt(n);
    const touches = Array.isArray(p.touches) ? p.touches : type === 'touchend' ? [] : [t];
    const changed = Array.isArray(p.changedTouches) ? p.changedTouches : Array.isArray(p.changeTouches) ? p.changeTouches : [t];
    if (type === 'touchstart') {
      clearTimeout(press?.timer);
      press = { n, at: Date.now(), fired: false, timer: setTimeout(() => { if (press && press.n === n) { press.fired = true; fireLong(n); } }, 350) };
    } else if (type === 'touchmove') {
      if (press) { clearTimeout(press.timer); press = null; }
    }
    n.triggerEvent(type, {}, { bubbles: true, composed: true, extraFields: { touches, changedTouches: changed } });
    if (type === 'touchend' && press) {
      clearTimeout(press.timer);
      if (!press.fired && press.n === n && Date.now() - press.at >= 300) fireLong(n);
      press = null;
    }
    return {};
  };

  return {
    'Element.getElement': (p) => {
      const found = query(scopeOf(node(p)), p.selector, true);
      if (!found.length) throw new Error(`no element matches selector "${p.selector}"`);
      return reg.describe(found[0]);
    },
    'Element.getElements': (p) => ({ elements: query(scopeOf(node(p)), p.selector, false).map(reg.describe) }),
    'Element.getDOMProperties': (p) => {
      const d = dom(node(p));
      return { properties: (p.names || []).map((k) => d[k]) };
    },
    'Element.getAttributes': (p) => {
      const n = node(p);
      return { attributes: (p.names || []).map((k) => attrOf(n, String(k))) };
    },
    'Element.getStyles': (p) => {
      const s = getComputedStyle(dom(node(p)));
      return { styles: (p.names || []).map((k) => s.getPropertyValue(String(k).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))) };
    },
    'Element.getOffset': (p) => {
      const d = dom(node(p));
      const r = d.getBoundingClientRect();
      const page = d.closest('.mh-page');
      if (!page) return { left: r.left + window.scrollX, top: r.top + window.scrollY };
      const pr = page.getBoundingClientRect();
      return { left: r.left - pr.left + page.scrollLeft, top: r.top - pr.top + page.scrollTop };
    },
    'Element.getWXML': (p) => ({ wxml: wxmlOf(node(p), p.type === 'outer') }),
    'Element.getProperties': (p) => {
      const n = node(p);
      const c = compOf(n);
      const props = publicProps(n);
      return {
        properties: (p.names || []).map((k) => {
          if (k === '__propPublic') {
            const out = {};
            for (const name of props) out[name] = true;
            if (!c) for (const a of n.attributes || []) out[a.name] = true;
            for (const a of ['id', 'class', 'style', 'dataset']) out[a] = true;
            return out;
          }
          if ((k === '_translateX' || k === '_translateY') && c) {
            const pos = c.getMethodCaller()._pos || { x: 0, y: 0 };
            return k === '_translateX' ? pos.x : pos.y;
          }
          if (k === 'dataset') return { ...(n.dataset || {}) };
          if (c && props.includes(k)) return c.data[k];
          if (k === 'value' && tagOf(n) === 'input') return inner(n, 'i')?.value;
          return attrOf(n, k);
        }),
      };
    },
    'Element.tap': async (p) => {
      const n = node(p);
      const d = dom(n);
      let { x, y } = centre(n);
      if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) {
        d.scrollIntoView({ block: 'center', inline: 'center' });
        ({ x, y } = centre(n));
      }
      // the element itself (a child's catchtap must not swallow it); for a
      // built-in, the part under the finger, which has the handler
      const hit = compOf(n) && !isCustom(n) ? document.elementFromPoint(x, y) : null;
      const target = hit && d.contains(hit) ? hit : d;
      const o = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0, view: window };
      target.dispatchEvent(new MouseEvent('mousedown', { ...o, buttons: 1 }));
      target.dispatchEvent(new MouseEvent('mouseup', { ...o, buttons: 0 }));
      target.dispatchEvent(new MouseEvent('click', { ...o, buttons: 0, detail: 1 }));
      await tick();
      return {};
    },
    'Element.touchstart': touch('touchstart'),
    'Element.touchmove': touch('touchmove'),
    'Element.touchend': touch('touchend'),
    'Element.longpress': async (p) => {
      const n = node(p);
      touch('touchstart')(p);
      await new Promise((r) => setTimeout(r, 350));
      if (press && press.n === n) touch('touchend')(p);
      return {};
    },
    'Element.triggerEvent': (p) => {
      const n = node(p);
      if (typeof p.type !== 'string' || !p.type) throw new Error('triggerEvent: type must be a string');
      n.triggerEvent(p.type, p.detail === undefined ? {} : p.detail, {});
      return {};
    },
    'Element.dispatchEvent': (p) => {
      const n = node(p);
      if (typeof p.eventName !== 'string' || !p.eventName) throw new Error('dispatchEvent: eventName must be a string');
      const extraFields = {};
      if (p.touches) extraFields.touches = p.touches;
      if (p.changeTouches || p.changedTouches) extraFields.changedTouches = p.changeTouches || p.changedTouches;
      n.triggerEvent(p.eventName, p.detail === undefined ? {} : p.detail, { bubbles: true, composed: true, extraFields });
      return {};
    },
    'Element.getData': (p) => ({ data: getPath(customCaller(node(p), 'data()').data, p.path) }),
    'Element.setData': (p) => {
      customCaller(node(p), 'setData()').setData(p.data && typeof p.data === 'object' ? p.data : {});
      return {};
    },
    'Element.callMethod': async (p) => {
      const c = customCaller(node(p), 'callMethod()');
      const fn = c[p.method];
      if (typeof fn !== 'function') throw new Error(`component method ${p.method} does not exist`);
      return { result: await fn.apply(c, Array.isArray(p.args) ? p.args : []) };
    },
    'Element.callFunction': async (p) => {
      const fn = FUNCTIONS[p.functionName];
      if (!fn) throw new Error(`unknown element function ${p.functionName}`);
      return { result: await fn(node(p), ...(Array.isArray(p.args) ? p.args : [])) };
    },
    'Element.callContextMethod': async (p) => {
      const n = node(p);
      needTag(n, 'video', 'callContextMethod');
      const v = inner(n, 'v');
      const fn = VIDEO[p.method];
      if (!v) throw new Error('video is not rendered');
      if (!fn) throw new Error(`video context has no method ${p.method}`);
      fn(v, ...(Array.isArray(p.args) ? p.args : []));
      await settle();
      return {};
    },
  };
}
