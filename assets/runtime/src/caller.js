// Helpers on the adapter's ComponentCaller (the `this` of pages and
// components), for what the runtime adds to it.

// callerProto is the ComponentCaller prototype behind a page's instance
// (the class is not exported by the adapter).
function callerProto(caller) {
  let proto = caller;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'createSelectorQuery')) proto = Object.getPrototypeOf(proto);
  return proto || null;
}

// elementsOf: the DOM elements matching selector in the WXML of self.
export function elementsOf(self, selector) {
  const root = self._$?.getShadowRoot?.();
  return root ? root.querySelectorAll(selector).map((e) => e.$$).filter(Boolean) : [];
}

// contextScope is the DOM element under which wx.create…Context(id,
// component) looks for its element: component's, or the top page's; null
// before any page is shown (a context made at a page script's top level
// looks again when used).
export function contextScope(ctx, component) {
  let scope = component && component._$ ? component : null;
  if (!scope) {
    try { scope = ctx.router().top()?.caller; } catch { return null; }
  }
  return scope?._$?.$$ || null;
}

// extendCaller gives pages and components the members they lack (an object
// of methods and getters), once for the ComponentCaller prototype behind
// caller; key marks that it was done.
export function extendCaller(caller, key, members) {
  const proto = callerProto(caller);
  if (!proto || proto[key]) return;
  proto[key] = true;
  for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(members))) {
    if (!(name in proto)) Object.defineProperty(proto, name, { ...desc, configurable: true });
  }
}
