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
