// Element names: which WXML names get a different DOM element name (see dom.js).
// camera: Chromium has its own <camera> permission element.

export const RENAMED = new Set([
  'input', 'textarea', 'video', 'audio', 'canvas', 'camera', 'iframe', 'object', 'embed', 'select', 'picture', 'source',
  'progress', 'meter', 'img', 'br', 'hr', 'wbr', 'area', 'base', 'col', 'link', 'meta', 'param', 'track', 'option',
  'template', 'script', 'style', 'title', 'head', 'html', 'body', 'frame', 'frameset', 'noscript', 'dialog', 'details',
]);
const ALIASES = { 'mh-img': 'img', 'mh-input': 'input', 'mh-textarea': 'textarea', 'mh-video': 'video', 'mh-audio': 'audio', 'mh-canvas': 'canvas', 'mh-iframe': 'iframe' };

export function domTag(tag) {
  const t = String(tag).toLowerCase();
  if (Object.prototype.hasOwnProperty.call(ALIASES, t)) return ALIASES[t];
  return RENAMED.has(t) ? `wx-${t}` : t;
}

