// lazyProperty defines obj[key] as make()'s value, made on the first read;
// an assignment before that replaces it (an app that wraps wx.request).
export function lazyProperty(obj, key, make) {
  const set = (value) => Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(obj, key, {
    get() { const v = make(); set(v); return v; },
    set,
    enumerable: true,
    configurable: true,
  });
}
