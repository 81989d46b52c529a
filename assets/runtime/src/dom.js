// The DOM backend. Component host elements are created with the tag name the
// WXML uses; for names that are HTML elements which do not render children
// (input, video, canvas…) that would break the page, so those hosts get a
// "wx-" name. The built-ins' own inner elements use "mh-" aliases for the real
// HTML element.
import { domTag } from './tags.js';

// el makes a host element (chrome, sheets, toasts): tag with class cls,
// optional text, appended to parent when given.
export function el(tag, cls, parent, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

// createDomBackend makes the DOM backend on glass-easel (the engine,
// engine.js: the runtime has no glass-easel of its own, so its boot does not
// wait for it to be compiled). Component host elements get the tag the WXML
// uses (domTag).
export function createDomBackend(glassEasel) {
  class DomBackend extends glassEasel.CurrentWindowBackendContext {
    constructor() {
      super();
      this.document = {
        createElement: (tag) => document.createElement(domTag(tag)),
        createTextNode: (text) => document.createTextNode(text),
        createDocumentFragment: () => document.createDocumentFragment(),
      };
    }

    // A mini program has no DOM "click": `bind:click` is a component's own
    // event (vant's button triggers it on tap). glass-easel would also forward
    // the browser's click, so every vant button handler ran twice.
    setListenerStats(element, type, capture, mutLevel) {
      if (type === 'click') return;
      super.setListenerStats(element, type, capture, mutLevel);
    }

    // SelectorQuery's context(): a built-in that has one (the editor's
    // EditorContext) sets __mhContext on its host; other elements answer
    // themselves, as glass-easel's backend does.
    getContext(el, cb) {
      cb(typeof el?.__mhContext === 'function' ? el.__mhContext() : el);
    }

    // The viewport a page measures (selectViewport, relativeToViewport) is
    // the page area, as the phone's web view: below the navigation bar,
    // above the tab bar (the window while the first page renders unshown).
    getWindowWidth() { return pageArea()?.clientWidth || super.getWindowWidth(); }
    getWindowHeight() { return pageArea()?.clientHeight || super.getWindowHeight(); }

    // An IntersectionObserver result names its target (`id`, `dataset`) on
    // the phone; vant's calendar reads res.dataset.date of each month. One
    // relative to the viewport observes against the page's own box.
    createIntersectionObserver(target, root, margin, thresholds, listener) {
      const el = target && target.__wxElement;
      // relativeToViewport({ bottom: 50 }) leaves the other sides undefined,
      // which the adapter writes as "undefinedpx" and the browser refuses
      const rootMargin = String(margin || '').split(/\s+/).filter(Boolean)
        .map((v) => (/^-?\d+(\.\d+)?(px|%)$/.test(v) ? v : '0px')).join(' ') || '0px';
      return super.createIntersectionObserver(target, root ?? target?.closest?.('.mh-page') ?? null, rootMargin, thresholds, (res) => {
        listener({ id: (el && el.id) || '', dataset: { ...((el && el.dataset) || {}) }, ...res });
      });
    }
  }
  return new DomBackend();
}

// pageArea is the element the pages are shown in (chrome.js's .mh-pages).
function pageArea() {
  return document.querySelector('.mh-pages');
}

// measureInPageArea makes glass-easel's element rects (SelectorQuery's
// boundingClientRect and fields({rect, size})) relative to the page area,
// as the phone's web view measures them: an element at the top of a page
// that is not scrolled has top 0, not the navigation bar's height. The
// adapter reads the viewport's scrollOffset as the rect of the page's root:
// for that element, the page's scroll position and size.
export function measureInPageArea(glassEasel) {
  const proto = glassEasel.Element.prototype;
  const measure = proto.getBoundingClientRect;
  if (measure.__minihost) return;
  proto.getBoundingClientRect = function getBoundingClientRect(cb) {
    const node = this.$$;
    const page = node?.closest?.('.mh-page');
    if (page && !this.ownerShadowRoot) {
      const r = { left: page.scrollLeft, top: page.scrollTop, width: page.scrollWidth, height: page.scrollHeight };
      setTimeout(() => cb(r), 0);
      return;
    }
    const area = node?.isConnected ? pageArea()?.getBoundingClientRect() : null; // measured with the element, now
    measure.call(this, (r) => {
      if (!area) { cb(r); return; }
      const left = r.left - area.left;
      const top = r.top - area.top;
      cb({ left, top, right: left + r.width, bottom: top + r.height, width: r.width, height: r.height });
    });
  };
  proto.getBoundingClientRect.__minihost = true;
}

// connectEvents feeds the backend's DOM events (mouse/touch → tap, …) into
// glass-easel's event system; without it no bind/catch handler ever runs.
// Needs document.body.
export function connectEvents(backend, glassEasel) {
  backend.onEvent((target, type, detail, options) => {
    const ev = new glassEasel.Event(type, detail, options);
    glassEasel.Event.dispatchEvent(target, ev);
    return ev.defaultPrevented() ? glassEasel.EventBubbleStatus.NoDefault : glassEasel.EventBubbleStatus.Normal;
  });
}

// emulateTouch turns a mouse drag into touchstart/touchmove/touchend events
// for glass-easel, so pages written for the phone (bindtouchstart… for
// swipe gestures) work with a desktop mouse, and adds longpress/longtap,
// which glass-easel's DOM backend does not make. A device with a real touch
// screen sends real touch events and is left alone.
export function emulateTouch() {
  let realTouch = false;
  let pressed = null; // glass-easel element under the press
  let pressedCanvas = null; // the <wx-canvas> it is in, if any
  // a touch on a canvas also has x/y within it, as on the phone (charts read them)
  const touchOf = (ev, canvas) => {
    const t = { identifier: 0, clientX: ev.clientX, clientY: ev.clientY, pageX: ev.pageX, pageY: ev.pageY, screenX: ev.screenX, screenY: ev.screenY, force: 1 };
    if (!canvas) return t;
    const r = canvas.getBoundingClientRect();
    return { ...t, x: ev.clientX - r.left, y: ev.clientY - r.top };
  };
  const wxElementOf = (node) => {
    let t = node;
    while (t && !t.__wxElement) t = t.parentNode;
    return t ? t.__wxElement : null;
  };
  const fire = (target, type, ev, touching) => {
    const t = touchOf(ev, pressedCanvas);
    target.triggerEvent(type, {}, { bubbles: true, composed: true, originalEvent: ev, extraFields: {
      touches: touching ? [t] : [], changedTouches: [t],
    } });
  };
  // longpress/longtap: a press held 350 ms without moving (mouse or finger)
  let longTimer = 0;
  let start = null;
  const cancelLong = () => { clearTimeout(longTimer); longTimer = 0; };
  const armLong = (node, x, y) => {
    cancelLong();
    const target = wxElementOf(node);
    if (!target) return;
    start = { x, y };
    longTimer = setTimeout(() => {
      longTimer = 0;
      for (const type of ['longpress', 'longtap']) {
        target.triggerEvent(type, { x, y }, { bubbles: true, composed: true });
      }
    }, 350);
  };
  const movedFar = (x, y) => start && (Math.abs(x - start.x) > 10 || Math.abs(y - start.y) > 10);
  document.addEventListener('touchstart', (ev) => {
    realTouch = true;
    const t = ev.changedTouches[0];
    if (t && ev.touches.length === 1) armLong(ev.target, t.clientX, t.clientY);
    else cancelLong();
  }, { capture: true, passive: true });
  document.addEventListener('touchmove', (ev) => {
    const t = ev.changedTouches[0];
    if (t && movedFar(t.clientX, t.clientY)) cancelLong();
  }, { capture: true, passive: true });
  document.addEventListener('touchend', cancelLong, { capture: true, passive: true });
  document.addEventListener('touchcancel', cancelLong, { capture: true, passive: true });
  document.addEventListener('mousedown', (ev) => {
    if (realTouch || ev.button !== 0) return;
    pressed = wxElementOf(ev.target);
    pressedCanvas = ev.target?.closest?.('wx-canvas') || null;
    if (pressed) fire(pressed, 'touchstart', ev, true);
    armLong(ev.target, ev.clientX, ev.clientY);
  }, true);
  document.addEventListener('mousemove', (ev) => {
    if (movedFar(ev.clientX, ev.clientY)) cancelLong();
    if (pressed && ev.buttons & 1) fire(pressed, 'touchmove', ev, true);
  }, true);
  document.addEventListener('mouseup', (ev) => {
    cancelLong();
    if (!pressed) return;
    const target = pressed;
    pressed = null;
    fire(target, 'touchend', ev, false);
  }, true);
}
