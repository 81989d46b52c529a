// The DOM backend. Component host elements are created with the tag name the
// WXML uses; for names that are HTML elements which do not render children
// (input, video, canvas…) that would break the page, so those hosts get a
// "wx-" name. The built-ins' own inner elements use "mh-" aliases for the real
// HTML element.
import * as glassEasel from 'glass-easel';
import { domTag } from './tags.js';

export class DomBackend extends glassEasel.CurrentWindowBackendContext {
  constructor() {
    super();
    this.document = {
      createElement: (tag) => document.createElement(domTag(tag)),
      createTextNode: (text) => document.createTextNode(text),
      createDocumentFragment: () => document.createDocumentFragment(),
    };
  }
}

// connectEvents feeds the backend's DOM events (mouse/touch → tap, …) into
// glass-easel's event system; without it no bind/catch handler ever runs.
// Needs document.body.
export function connectEvents(backend) {
  backend.onEvent((target, type, detail, options) => {
    const ev = new glassEasel.Event(type, detail, options);
    glassEasel.Event.dispatchEvent(target, ev);
    return ev.defaultPrevented() ? glassEasel.EventBubbleStatus.NoDefault : glassEasel.EventBubbleStatus.Normal;
  });
}

// emulateTouch turns a mouse drag into touchstart/touchmove/touchend events
// for glass-easel, so pages written for the phone (bindtouchstart… for
// swipe gestures) work with a desktop mouse. A device with a real touch
// screen sends real touch events and is left alone.
export function emulateTouch() {
  let realTouch = false;
  let pressed = null; // glass-easel element under the press
  const touchOf = (ev) => ({
    identifier: 0, clientX: ev.clientX, clientY: ev.clientY, pageX: ev.pageX, pageY: ev.pageY,
    screenX: ev.screenX, screenY: ev.screenY, force: 1,
  });
  const wxElementOf = (node) => {
    let t = node;
    while (t && !t.__wxElement) t = t.parentNode;
    return t ? t.__wxElement : null;
  };
  const fire = (target, type, ev, touching) => {
    const t = touchOf(ev);
    glassEasel.Event.triggerEvent(target, type, {}, { bubbles: true, composed: true, originalEvent: ev, extraFields: {
      touches: touching ? [t] : [], changedTouches: [t],
    } });
  };
  document.addEventListener('touchstart', () => { realTouch = true; }, { capture: true, passive: true });
  document.addEventListener('mousedown', (ev) => {
    if (realTouch || ev.button !== 0) return;
    pressed = wxElementOf(ev.target);
    if (pressed) fire(pressed, 'touchstart', ev, true);
  }, true);
  document.addEventListener('mousemove', (ev) => {
    if (pressed && ev.buttons & 1) fire(pressed, 'touchmove', ev, true);
  }, true);
  document.addEventListener('mouseup', (ev) => {
    if (!pressed) return;
    const target = pressed;
    pressed = null;
    fire(target, 'touchend', ev, false);
  }, true);
}
