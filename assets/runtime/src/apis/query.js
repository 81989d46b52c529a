// wx.createSelectorQuery / wx.createIntersectionObserver: the page's own
// (glass-easel-miniprogram-adapter gives pages and components both, with
// select/selectAll/selectViewport, fields, in(component), relativeTo…);
// wx.* uses the top page, as on the phone.
export function queryRows(ctx) {
  const topCaller = (api) => {
    const page = ctx.router().top();
    if (!page || !page.caller) throw new Error(`${api}: no page is shown`);
    return page.caller;
  };
  return {
    createSelectorQuery: {
      kind: 'plain',
      impl: () => (ctx.router().top()?.caller ? topCaller('createSelectorQuery').createSelectorQuery() : deferredQuery(topCaller)),
    },
    createIntersectionObserver: {
      kind: 'plain',
      // (component, options) or (options) alone: the top page then
      impl: (component, options) => {
        if (component && typeof component.createIntersectionObserver === 'function') return component.createIntersectionObserver(options);
        return topCaller('createIntersectionObserver').createIntersectionObserver(component);
      },
    },
  };
}

// deferredQuery is wx.createSelectorQuery() asked while no page is shown
// yet: a component of the page being created (vant's `.in(this)` in
// attached). Its calls are recorded and replayed on the query of in()'s
// component, or of the page shown when exec() runs.
function deferredQuery(topCaller) {
  const ops = [];
  let scope = null;
  const q = new Proxy({}, {
    get(_, name) {
      if (name === 'then') return undefined;
      if (name === 'in') return (component) => { scope = component; return q; };
      if (name === 'exec') {
        return (cb) => {
          let cur = scope && typeof scope.createSelectorQuery === 'function' ? scope.createSelectorQuery() : topCaller('createSelectorQuery').createSelectorQuery();
          for (const [m, args] of ops) cur = cur[m](...args);
          return cur.exec(cb);
        };
      }
      return (...args) => { ops.push([name, args]); return q; };
    },
  });
  return q;
}

// fixIntersectionObservers replaces observe() of the adapter's
// IntersectionObserver (the class is not exported: reached through a page's
// instance, once): the adapter drops the first notice exactly when the ratio
// differs from initialRatio, and passes it on when it does not, the reverse
// of the phone, where an observer of a node out of view stays silent until
// the node comes into view.
export function fixIntersectionObservers(caller) {
  const io = caller && typeof caller.createIntersectionObserver === 'function' ? caller.createIntersectionObserver() : null;
  const proto = io && Object.getPrototypeOf(io);
  if (!proto || proto.__minihostFixed || typeof proto.observe !== 'function' || !('_$comp' in io)) return;
  proto.__minihostFixed = true;
  proto.observe = function observe(selector, listener) {
    const root = this._$comp._$.getShadowRoot();
    let targets = [];
    if (root) targets = this._$observeAll ? root.querySelectorAll(selector) : [root.querySelector(selector)].filter(Boolean);
    const relative = this._$selector !== null && root ? root.querySelector(this._$selector) : null;
    if (!this._$margins) throw new Error('`relativeTo` or `relativeToViewport` should be called before observe');
    const { left, top, right, bottom } = this._$margins;
    const initial = this._$initialRatio;
    for (const t of targets) {
      let first = true;
      const o = t.createIntersectionObserver(relative, `${top}px ${right}px ${bottom}px ${left}px`, this._$thresholds, (res) => {
        if (first) { first = false; if (res.intersectionRatio === initial) return; }
        listener(res);
      });
      if (o) this._$observers.push(o);
    }
  };
}

// fixNodesRef adds node() to the adapter's NodesRef and `node: true` to its
// fields(), which it does not have (both classes reached through a page's
// instance, once): res.node is what the element's built-in answers (a
// canvas of type 2d or webgl: the <canvas> itself, components/canvas.js; a
// scroll-view: its ScrollViewContext), null for any other element, as on
// the phone for a node without one.
export function fixNodesRef(caller) {
  const sq = caller && typeof caller.createSelectorQuery === 'function' ? caller.createSelectorQuery() : null;
  const ref = sq && typeof sq.select === 'function' ? sq.select('*') : null;
  const sqProto = sq && Object.getPrototypeOf(sq);
  const refProto = ref && Object.getPrototypeOf(ref);
  if (!sqProto || !refProto || sqProto.__minihostNode || typeof sqProto._$push !== 'function') return;
  sqProto.__minihostNode = true;
  refProto.node = function node(cb) { return this.fields({ node: true }, cb); };
  const push = sqProto._$push;
  sqProto._$push = function _$push(selector, comp, single, fields, cb) {
    if (!fields || !fields.node || selector === null) return push.call(this, selector, comp, single, fields, cb);
    const add = (res) => {
      const root = comp?._$?.getShadowRoot?.();
      if (!root || !res) return;
      if (single) res.node = nodeOf(root.querySelector(selector));
      else root.querySelectorAll(selector).forEach((el, i) => { if (res[i]) res[i].node = nodeOf(el); });
    };
    return push.call(this, selector, comp, single, fields, (res) => { add(res); if (typeof cb === 'function') cb(res); });
  };
}

function nodeOf(el) {
  const builtin = el?.$$?.__mhBuiltin;
  return builtin && typeof builtin.__mhNode === 'function' ? builtin.__mhNode() : null;
}
