// The router: the real page stack. Each page is a glass-easel root in its own
// container; hidden pages stay in the DOM (display:none) so they keep their
// state, as on the phone.
import { plan, parseUrl, stringifyQuery } from './stack.js';
import { scopeName } from './paths.js';

let nextId = 1;

export function createRouter(rt) {
  const stack = []; // {id, route, query, container, root, caller, win, tab}
  const tabCache = new Map(); // route → live tab page

  const callHook = (page, name, ...args) => {
    const fn = page.caller && page.caller[name];
    if (typeof fn !== 'function') return undefined;
    try {
      return fn.apply(page.caller, args);
    } catch (e) {
      rt.pageError(e, page.route);
      return undefined;
    }
  };
  const pageLifetime = (page, name) => {
    try { page.root.getComponent().triggerPageLifetime(name, []); } catch (e) { rt.pageError(e, page.route); }
  };

  function show(page) {
    page.container.hidden = false;
    rt.chrome(page, stack.length > 1);
    callHook(page, 'onShow');
    pageLifetime(page, 'show');
    syncUrl(page);
  }
  function hide(page) {
    if (page.container.hidden) return;
    page.container.hidden = true;
    callHook(page, 'onHide');
    pageLifetime(page, 'hide');
  }
  function unload(page) {
    callHook(page, 'onUnload');
    try { page.root.release(); } catch (e) { console.warn('page release failed', e); }
    page.container.remove();
    if (page.tab) tabCache.delete(page.route);
  }

  function syncUrl(page) {
    const qs = stringifyQuery(page.query);
    // the launch URL already names the launch page: replaceState costs
    // more than a millisecond of the first render
    const cur = new URLSearchParams(location.search);
    if (cur.get('path') === page.route && (cur.get('query') || '') === qs && [...cur.keys()].every((k) => k === 'path' || k === 'query')) return;
    const search = `?path=${encodeURIComponent(page.route)}${qs ? `&query=${encodeURIComponent(qs)}` : ''}`;
    try { history.replaceState(history.state, '', location.pathname + search); } catch { /* sandboxed */ }
  }

  function create(route, query, extra) {
    const container = document.createElement('div');
    container.className = `mh-page mh-page--${scopeName(route)}`;
    container.dataset.route = route;
    const placeholder = document.createElement('div');
    container.appendChild(placeholder);
    rt.shell.pages.appendChild(container);
    const page = { id: nextId++, route, query, container, root: null, caller: null, tab: rt.isTab(route), reachedBottom: false };
    const qs = stringifyQuery(query);
    page.root = rt.createRoot(route + (qs ? `?${qs}` : ''));
    page.caller = page.root.get();
    try {
      Object.defineProperty(page.caller, 'route', { value: route, configurable: true });
      Object.defineProperty(page.caller, '__route__', { value: route, configurable: true });
      Object.defineProperty(page.caller, 'options', { value: { ...query }, configurable: true });
      // a page not opened by navigateTo (the launch page, a tab) gets an
      // empty channel, as on the phone, not a TypeError
      const channel = (extra && extra.eventChannel) || rt.makeEventChannel({});
      Object.defineProperty(page.caller, 'getOpenerEventChannel', { value: () => channel, configurable: true });
    } catch { /* a frozen caller keeps working without these */ }
    page.root.attach(container, placeholder);
    container.addEventListener('scroll', () => onScroll(page), { passive: true });
    watchPull(page);
    return page;
  }

  // pull-down refresh (enablePullDownRefresh): a mouse or finger pulling the
  // page down from its top, a wheel turned up there, or wx.startPullDownRefresh
  function startRefresh(page) {
    if (!page || page.refreshing) return;
    page.refreshing = true;
    page.container.classList.add('mh-refreshing');
    callHook(page, 'onPullDownRefresh');
  }
  function stopRefresh(page) {
    if (!page) return;
    page.refreshing = false;
    page.container.classList.remove('mh-refreshing');
  }
  function watchPull(page) {
    const c = page.container;
    const enabled = () => !!rt.windowOf(page.route).enablePullDownRefresh;
    let wheel = 0;
    let wheelTimer = 0;
    c.addEventListener('wheel', (ev) => {
      if (!enabled() || c.scrollTop > 0 || ev.deltaY >= 0) return;
      wheel += -ev.deltaY;
      clearTimeout(wheelTimer);
      wheelTimer = setTimeout(() => { wheel = 0; }, 300);
      if (wheel > 150) { wheel = 0; startRefresh(page); }
    }, { passive: true });
    let y0 = null;
    c.addEventListener('pointerdown', (ev) => { y0 = c.scrollTop === 0 ? ev.clientY : null; });
    c.addEventListener('pointermove', (ev) => {
      if (y0 !== null && (ev.buttons & 1) && enabled() && ev.clientY - y0 > 80) { y0 = null; startRefresh(page); }
    });
    c.addEventListener('pointerup', () => { y0 = null; });
  }

  function onScroll(page) {
    const c = page.container;
    callHook(page, 'onPageScroll', { scrollTop: c.scrollTop });
    const distance = Number(rt.windowOf(page.route).onReachBottomDistance ?? 50);
    const atBottom = c.scrollHeight - c.clientHeight - c.scrollTop <= distance;
    if (atBottom && !page.reachedBottom) callHook(page, 'onReachBottom');
    page.reachedBottom = atBottom;
  }

  function open(route, query, extra) {
    const page = create(route, query, extra);
    stack.push(page);
    if (page.tab) tabCache.set(route, page);
    callHook(page, 'onLoad', { ...query });
    show(page);
    requestAnimationFrame(() => requestAnimationFrame(() => callHook(page, 'onReady')));
    return page;
  }

  // navigations run one after another (a double tap on a navigator opens
  // the page twice, as on the phone, but never interleaves two changes)
  let queue = Promise.resolve();
  function navigate(api, opts = {}) {
    const run = queue.then(() => navigateNow(api, opts));
    queue = run.catch(() => {});
    return run;
  }

  // navigateNow carries out one navigation API; returns a Promise of the result.
  async function navigateNow(api, opts = {}) {
    const from = stack.length ? stack[stack.length - 1].route : '';
    let target = null;
    if (api !== 'navigateBack') {
      if (typeof opts.url !== 'string' || !opts.url) throw { errMsg: `${api}:fail parameter error: parameter.url should be String` };
      target = parseUrl(opts.url, from);
      if (!rt.hasPage(target.route)) {
        rt.pageNotFound(target.route, target.query);
        throw { errMsg: `${api}:fail page "${target.route}" is not found` };
      }
    }
    const p = plan(api, stack.map((s) => s.route), { route: target && target.route, delta: opts.delta, isTab: rt.isTab });
    if (p.errMsg) throw { errMsg: p.errMsg };
    if (target) await rt.ensurePackage(target.route);
    const top = stack[stack.length - 1];
    if (p.push && p.pop === 0 && top) hide(top);
    for (let i = 0; i < p.pop; i++) {
      const page = stack.pop();
      if (api === 'switchTab' && page.tab) hide(page);
      else unload(page);
    }
    if (api === 'reLaunch') for (const t of [...tabCache.values()]) unload(t);
    if (p.push) {
      const cached = api === 'switchTab' ? tabCache.get(target.route) : null;
      if (cached) {
        stack.push(cached);
        show(cached);
      } else {
        const channel = api === 'navigateTo' ? rt.makeEventChannel(opts.events) : null;
        open(target.route, target.query, { eventChannel: channel });
        if (channel) return { eventChannel: channel };
      }
    } else {
      show(stack[stack.length - 1]);
    }
    return {};
  }

  return {
    navigate,
    open,
    pages: () => stack.map((p) => p.caller),
    // stack and find: the page records ({id, route, query, root, caller,
    // container}) for the automation bridge; find also sees hidden tabs
    stack: () => stack.slice(),
    find: (id) => stack.find((p) => p.id === id) || [...tabCache.values()].find((p) => p.id === id) || null,
    top: () => stack[stack.length - 1] || null,
    startRefresh: () => startRefresh(stack[stack.length - 1]),
    stopRefresh: () => stopRefresh(stack[stack.length - 1]),
    // callTop calls a page hook (onTabItemTap…) of the shown page
    callTop(name, arg) { const t = stack[stack.length - 1]; if (t) callHook(t, name, arg); },
    refreshChrome() { const t = stack[stack.length - 1]; if (t) rt.chrome(t, stack.length > 1); },
    appHidden() { const t = stack[stack.length - 1]; if (t) { callHook(t, 'onHide'); pageLifetime(t, 'hide'); } },
    appShown() { const t = stack[stack.length - 1]; if (t) { callHook(t, 'onShow'); pageLifetime(t, 'show'); } },
  };
}
