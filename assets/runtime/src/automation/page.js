// Page.* methods and the element ids: one id per node for the document's
// life, never reused (the SDK caches elements by id).
import { isCustom, query, tagOf, xpath } from './tree.js';

export function createRegistry() {
  const ids = new WeakMap();
  const refs = new Map(); // id → WeakRef(node)
  let next = 1;
  return {
    describe(n) {
      let id = ids.get(n);
      if (!id) {
        id = String(next++);
        ids.set(n, id);
        refs.set(id, new WeakRef(n));
        if (refs.size % 1000 === 0) for (const [k, r] of refs) if (!r.deref()) refs.delete(k);
      }
      const d = { elementId: id, tagName: tagOf(n) };
      if (isCustom(n)) d.nodeId = id;
      return d;
    },
    get(id) {
      const n = refs.get(String(id))?.deref();
      if (!n || !n.$$?.isConnected) throw new Error('element is gone (the page re-rendered it)');
      return n;
    },
  };
}

// getPath reads "a.b[0].c" out of data.
export function getPath(data, path) {
  if (path === undefined || path === null || path === '') return data;
  let v = data;
  for (const key of String(path).replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
    if (v === null || v === undefined) return undefined;
    v = v[key];
  }
  return v;
}

// Page scrolling happens in the page's container, not the document: the
// SDK's size() and scrollTop() read document.* names, answered from it.
const CONTAINER_PROPS = /^document\.(documentElement|body)\.(scroll(Top|Left|Width|Height)|client(Width|Height)|offset(Width|Height))$/;

export function pageMethods(rt, reg) {
  const page = (pageId) => {
    const r = rt.router();
    const p = r && (pageId === undefined ? r.top() : r.find(Number(pageId)));
    if (!p) throw new Error(`page ${pageId} is not open`);
    return p;
  };
  const rootOf = (p) => {
    const root = p.root?.getComponent()?.getShadowRoot();
    if (!root) throw new Error(`page ${p.route} has no rendered tree`);
    return root;
  };
  const one = (list, what) => {
    if (!list.length) throw new Error(`no element matches ${what}`);
    return reg.describe(list[0]);
  };
  return {
    'Page.getElement': ({ pageId, selector }) => one(query(rootOf(page(pageId)), selector, true), `selector "${selector}"`),
    'Page.getElements': ({ pageId, selector }) => ({ elements: query(rootOf(page(pageId)), selector, false).map(reg.describe) }),
    'Page.getElementByXpath': ({ pageId, selector }) => one(xpath(rootOf(page(pageId)), selector), `xpath "${selector}"`),
    'Page.getElementsByXpath': ({ pageId, selector }) => ({ elements: xpath(rootOf(page(pageId)), selector).map(reg.describe) }),
    'Page.getData': ({ pageId, path }) => ({ data: getPath(page(pageId).caller.data, path) }),
    'Page.setData': ({ pageId, data }) => {
      page(pageId).caller.setData(data && typeof data === 'object' ? data : {});
      return {};
    },
    'Page.callMethod': async ({ pageId, method, args }) => {
      const p = page(pageId);
      const fn = p.caller[method];
      if (typeof fn !== 'function') throw new Error(`page method ${method} does not exist`);
      return { result: await fn.apply(p.caller, Array.isArray(args) ? args : []) };
    },
    'Page.getWindowProperties': ({ pageId, names }) => {
      const p = page(pageId);
      return {
        properties: (Array.isArray(names) ? names : []).map((name) => {
          const m = CONTAINER_PROPS.exec(String(name));
          if (m) return p.container[m[2]];
          return getPath(window, String(name).replace(/^window\./, ''));
        }),
      };
    },
  };
}
