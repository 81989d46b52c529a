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
