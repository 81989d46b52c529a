// Boot: manifest → compile WXML → define components → load JS → App → first page.
import { createModules } from './modules.js';
import { compileAll, groupsFrom, loadCompiler, tagsOf, templateFor, wxmlClosure } from './compiler.js';
import { currentVersion } from './distscript.js';
import { cachedTemplates, writeFirst, writeHost, writeLocal } from './bootcache.js';
import { componentClosure, loadClosure } from './lazyload.js';
import { builtinClosure, builtinTemplates, defineBuiltins, installButtonOpenTypes, isBuiltin, isPlaceholder } from './builtins.js';
import { createReporter, forwardConsole, whereFrom } from './errors.js';
import { createMapper } from './sourcemap.js';
import { buildWx, inertObject, stubKind, wrap } from './api.js';
import { lazyTable } from './apis/index.js';
import { createAppEvents } from './apis/device.js';
import { personaLanguage } from './apis/system.js';
import { networkType } from './apis/environment.js';
import { hostClient } from './apis/host.js';
import { drawCapsule } from './capsule.js';
import { drawStatusBar, applyStatusBar } from './statusbar.js';
import { fixIntersectionObservers, fixNodesRef } from './apis/query.js';
import { installAnimate, installAnimationAttribute } from './animation.js';
import { createWorklet, installAnimatedStyle } from './worklet.js';
import { themeVars, resolveTheme } from './theme.js';
import { transformWxss } from './wxss.js';
import { dirname, jsURL, resolveFrom, scopeName, stripExt } from './paths.js';
import { subpackagesOf, packageOf, allPages, launchTarget, preloadFor } from './packages.js';
import { createShell, applyNavbar, renderTabBar, withTabChanges } from './chrome.js';
import { createRouter } from './router.js';
import { createEventChannel } from './events.js';
import { createDomBackend, connectEvents, emulateTouch, measureInPageArea } from './dom.js';
import { loadEngine, rememberEngine } from './engineload.js';
import { createAutomation } from './automation/index.js';

const GLOBALS = ['wx', 'App', 'Page', 'Component', 'Behavior', 'getApp', 'getCurrentPages', 'requirePlugin'];

function safeString(v) {
  try { return typeof v === 'object' ? JSON.stringify(v) : String(v); } catch { return String(v); }
}

function setGlobal(name, value) {
  Object.defineProperty(window, name, { value, writable: true, enumerable: true, configurable: true });
}

// mark leaves a performance mark per boot phase (DevTools' Performance panel
// and the bench read them).
function mark(name) {
  try { performance.mark(`minihost:${name}`); } catch { /* no performance API */ }
}

// adjustOptions changes two things in how the adapter sets up a component:
// - WXML ids reach the DOM as written. The adapter gives every component a
//   random id prefix ("8f3a…--name"); WXSS #id selectors and tests selecting
//   by #id would never match.
// - `options.styleIsolation` / `options.addGlobalClass` written in the JS
//   Component() count as on the phone (the adapter reads them from the
//   component's .json only; the .json still wins).
function adjustOptions(space) {
  const prepare = space.prepareComponentOptions;
  space.prepareComponentOptions = function (is, options) {
    const cfg = this.getComponentStaticConfig(is);
    if (cfg && options && cfg.styleIsolation === undefined && cfg.addGlobalClass === undefined
      && (options.styleIsolation !== undefined || options.addGlobalClass !== undefined)) {
      this.addComponentStaticConfig(is, { ...cfg, styleIsolation: options.styleIsolation, addGlobalClass: options.addGlobalClass });
    }
    const [out, isolation] = prepare.call(this, is, options);
    return [{ ...out, idPrefixGenerator: null }, isolation];
  };
}

// boot starts the runtime; early is engine.js's loadEngine when the caller
// asked for it already (main.js).
export function boot(early) {
  mark('boot');
  // the runtime's version (runtime.js's ?v=): engine.js, the compiled-template cache
  const version = currentVersion();
  // glass-easel comes in a script of its own, compiled while this one boots.
  // Every promise made from it handles its failure, which start() reports
  // where it waits for the engine (once, not as unhandled rejections too).
  const engine = early ?? loadEngine(version);
  engine.then(() => rememberEngine(version), () => {});
  const reporter = createReporter();
  forwardConsole(reporter);
  let manifest = null;
  let jsFiles = new Set();
  const envStack = [];
  let codeSpace = null;
  let appInstance = null;
  let router = null;
  let shell = null;
  let tabs = { isTab: () => false, select() {} };
  // what wx.hideTabBar, setTabBarStyle and setTabBarItem changed (apis/tabbar.js)
  const tabChanges = { hidden: false, style: {}, items: new Map() };
  let drawTabs = () => {};
  let launchOptions = { path: '', query: {}, scene: 1001, referrerInfo: {} };
  const windowOverrides = new Map(); // route → changes by setNavigationBar*
  const loadedPackages = new Map(); // root → Promise: scripts loaded and registered
  const fetchedPackages = new Map(); // root → Promise: scripts loaded
  const backTakers = []; // what takes the back arrow before the page does (interceptBack)
  let subs = [];
  let pages = [];
  // app.json lazyCodeLoading "requiredComponents": as on the phone, a
  // page's JS and its components' run when the page is first opened, not
  // every page's when its package loads (an error in one page's JS then
  // stays with that page)
  let lazy = false;
  let usingOfAll = new Map();
  const registered = new Set();
  let dark = matchMedia('(prefers-color-scheme: dark)').matches;

  const modules = createModules({
    has: (p) => jsFiles.has(p),
    run: (path, fn) => codeSpace.componentEnv(stripExt(path, '.js'), (env) => {
      envStack.push(env);
      try { fn(); } finally { envStack.pop(); }
    }),
    fetchSync: (path) => loadScriptSync(path),
    fetch: (path) => fetchPackage(packageOf(subs, path)),
  });
  const scripts = new Map(); // path → Promise: its <script> loaded

  const mapper = createMapper((file) => jsURL(file, manifest?.js?.[file]));
  // jsError reports an exception of project code at the author's line.
  const jsError = (err, fallbackFile, prefix = '') => {
    const where = whereFrom(err);
    const message = prefix + (err?.message || String(err));
    const stack = err?.stack ? String(err.stack) : '';
    automation.exception(message, stack);
    if (!where.file) {
      reporter.report('error', message, { file: fallbackFile || '', stack });
      return;
    }
    mapper(where.file, where.line, where.column)
      .catch(() => null)
      .then((pos) => reporter.report('error', message, { file: where.file, line: pos ? pos.line : where.line, column: pos ? pos.column : where.column, stack }));
  };
  const pageError = (err, route) => {
    jsError(err, route ? `${route}.js` : '');
    callApp('onError', String(err?.stack || err));
  };
  const callApp = (name, ...args) => {
    const fn = appInstance && appInstance[name];
    if (typeof fn !== 'function') return false;
    try { fn.apply(appInstance, args); } catch (e) { if (name !== 'onError') pageError(e); else console.error(e); }
    return true;
  };

  window.__minihost = {
    define: (path, factory) => modules.define(path, factory),
    moduleError(path) {
      const e = manifest?.errors?.find((x) => x.file === path);
      modules.markFailed(path, e ? e.message : 'syntax error');
      if (!e) reporter.report('error', 'syntax error (see the host log)', { file: path });
    },
    version: '1',
  };

  // ---- globals
  const currentEnv = (what) => {
    const env = envStack[envStack.length - 1];
    if (!env) throw new Error(`${what}() must be called while a module of the mini program loads`);
    return env;
  };
  // getApp() before App() while app.js loads (a helper module app.js
  // requires first, doing `const app = getApp()` at its top) hands out the
  // object App() then fills, so the helper sees globalData once the app is
  // defined instead of crashing. Elsewhere (an independent subpackage) it is
  // undefined until App(), as on the phone.
  let appDefined = false;
  setGlobal('App', function App(def) {
    if (appDefined) { console.warn('App() called more than once; the first one is kept'); return; }
    appDefined = true;
    const d = def && typeof def === 'object' ? def : {};
    if (appInstance) Object.assign(appInstance, d);
    else appInstance = d;
  });
  let appLoading = false; // app.js (and what it requires) is running
  setGlobal('getApp', function getApp(opts) {
    if (!appInstance && (appLoading || (opts && opts.allowDefault))) appInstance = {};
    return appInstance;
  });
  // The phone's built-in behaviors, named by string in `behaviors: [...]`
  // (the adapter only takes Behavior objects); an unknown name is dropped.
  const builtinBehaviors = new Map();
  const BUILTIN_BEHAVIORS = {
    'wx://form-field': { properties: { name: { type: String, value: '' }, value: { type: null, value: null } } },
    'wx://form-field-group': {},
    'wx://form-field-button': {},
    'wx://component-export': {},
  };
  const withBehaviors = (def) => {
    if (!def || typeof def !== 'object' || !Array.isArray(def.behaviors) || !def.behaviors.some((b) => typeof b === 'string')) return def;
    const behaviors = [];
    for (const b of def.behaviors) {
      if (typeof b !== 'string') { behaviors.push(b); continue; }
      if (!Object.prototype.hasOwnProperty.call(BUILTIN_BEHAVIORS, b)) { console.warn(`behavior "${b}" is not supported in minihost; ignored`); continue; }
      if (!builtinBehaviors.has(b)) builtinBehaviors.set(b, codeSpace.componentEnv('', (e) => e.Behavior(BUILTIN_BEHAVIORS[b])));
      behaviors.push(builtinBehaviors.get(b));
    }
    return { ...def, behaviors };
  };
  setGlobal('Page', function Page(def) { return currentEnv('Page').Page(withBehaviors(def ?? {})); });
  setGlobal('Component', function Component(def) { return currentEnv('Component').Component(withBehaviors(def)); });
  setGlobal('Behavior', function Behavior(def) {
    const env = envStack[envStack.length - 1];
    if (env) return env.Behavior(withBehaviors(def));
    return codeSpace.componentEnv('', (e) => e.Behavior(withBehaviors(def)));
  });
  setGlobal('getCurrentPages', function getCurrentPages() { return router ? router.pages() : []; });
  setGlobal('requirePlugin', function requirePlugin(name) {
    console.warn(`requirePlugin("${name}"): plugins are not supported in minihost`);
    return {};
  });
  // the host's client (the boot answer, the base APIs' calls), one per page
  const host = hostClient();
  const ctx = {
    router: () => { if (!router) throw new Error('the router is not ready'); return router; },
    launchOptions: () => launchOptions,
    manifest: () => manifest,
    // tabBar: the tab bar's changes; redraw() shows them on the page shown
    tabBar: {
      changes: tabChanges,
      isTab: (route) => tabs.isTab(route),
      redraw() { drawTabs(); const top = router?.top(); if (top) tabs.select(top.route); },
    },
    // setWindow changes the window of the page shown, or of route
    setWindow(change, route = router?.top()?.route) {
      if (!route) throw new Error('no page');
      windowOverrides.set(route, { ...(windowOverrides.get(route) || {}), ...change });
      router.refreshChrome();
    },
    shell: () => shell,
    host,
    language: personaLanguage(() => host.boot()),
    appEvents: createAppEvents(),
    worklets: createWorklet(),
    implemented: (name) => Object.prototype.hasOwnProperty.call(wxBase, name),
  };
  const warned = new Set();
  const warnOnce = (name) => {
    if (warned.has(name)) return;
    warned.add(name);
    console.warn(`wx.${name} is not supported in minihost yet`);
  };
  const wxBase = window.wx && typeof window.wx === 'object' ? window.wx : {};
  // __API_ROWS__: every row's name and kind, worked out by the build (apis/index.js rowIndex)
  const rows = __API_ROWS__;
  setGlobal('wx', buildWx(wxBase, lazyTable(ctx, rows), warnOnce, (name) => rows[name][1]));
  for (const g of GLOBALS) if (!(g in window)) setGlobal(g, undefined);
  // the automation bridge (issue 15): answers the SDK's requests once the
  // first page rendered; a session's mocks come back before app.js runs
  let launched;
  const ready = new Promise((resolve, reject) => { launched = { resolve, reject }; });
  ready.catch(() => {});
  const automation = createAutomation({
    ready,
    router: () => router,
    home: () => launchTarget('', manifest?.app || {}, pages).path,
    api: { stubKind, wrap, inertObject },
  });
  window.__minihost.automation = { handle: automation.handle };
  // errors glass-easel catches itself (event handlers, observers, component
  // lifetimes) are only printed; the automation host hears of them too
  engine.then(({ glassEasel }) => glassEasel.addGlobalErrorListener((err) => { automation.exception(err?.message || String(err), err?.stack || ''); }), () => {});
  // mini program JS has a `global` object (regenerator-runtime and other
  // packages from miniprogram_npm write to it)
  if (!('global' in window)) setGlobal('global', window);

  window.addEventListener('error', (ev) => {
    if (!ev.error && !ev.message) return;
    const err = ev.error instanceof Error ? ev.error : new Error(ev.message);
    jsError(err, ev.filename && ev.filename.includes('/__minihost/js/') ? ev.filename.replace(/^.*\/__minihost\/js\//, '').replace(/\?.*$/, '') : '');
    callApp('onError', String(err.stack || err.message));
  });
  window.addEventListener('unhandledrejection', (ev) => {
    const r = ev.reason;
    // An Error is a bug in page code: overlay. A wx API's rejection value is a
    // plain {errMsg} (a denied prompt, say): the phone only logs it, so do we.
    if (r instanceof Error) {
      jsError(r, '', 'Unhandled promise rejection: ');
      return;
    }
    const msg = r && typeof r === 'object' && typeof r.errMsg === 'string' ? r.errMsg : safeString(r);
    console.warn(`Unhandled promise rejection: ${msg}`);
  });
  document.addEventListener('visibilitychange', () => {
    if (!router) return;
    if (document.hidden) { router.appHidden(); callApp('onHide'); ctx.appEvents.emit('hide'); } else { callApp('onShow', { ...launchOptions }); ctx.appEvents.emit('show', { ...launchOptions }); router.appShown(); }
  });

  // The project's warnings found while booting are printed after the first
  // render: with DevTools attached (the simulator) each console call takes
  // a stack trace, which V8 pays for by reparsing the functions on it.
  // They come from the project's files, so every load has them again: the
  // host logs each once (reportOnce).
  let bootWarnings = [];
  const warnFiles = (messages) => reporter.reportOnce(messages.map((message) => ({ level: 'warn', message })), manifestVersion);
  const warnBoot = (m) => { if (bootWarnings) bootWarnings.push(m); else warnFiles([m]); };
  const flushWarnings = () => {
    const w = bootWarnings || [];
    bootWarnings = null;
    warnFiles(w);
  };

  mark('booted');
  let manifestVersion = '';
  start()
    .then(() => launched.resolve())
    .catch((e) => {
      flushWarnings();
      if (shell) shell.app.style.display = '';
      reporter.report('error', `minihost runtime: ${e?.message || e}`, { stack: e?.stack });
      launched.reject(new Error(`the mini program did not start: ${e?.message || e}`));
    })
    .finally(() => setTimeout(reporter.release, 0));

  async function start() {
    // Not while runtime.js evaluates: a request made then (the first
    // page's scripts) has the whole bundle on its stack, and a DevTools
    // client recording the network makes V8 reparse all of it (~70 ms).
    await null;
    // The shell page names the manifest at its ETag (immutable there) and
    // inlines it unless it is large.
    const manifestURL = typeof window.__minihostManifest === 'string' ? window.__minihostManifest : '';
    manifestVersion = manifestURL ? new URL(manifestURL, location.href).searchParams.get('v') || '' : '';
    manifest = inlinedManifest();
    if (!manifest) {
      const resp = await fetch(manifestURL || '/__minihost/project.json', manifestURL ? {} : { cache: 'no-cache' });
      if (!resp.ok) throw new Error(`GET /__minihost/project.json: ${resp.status}`);
      manifest = await resp.json();
    }
    mark('manifest');
    const app = manifest.app || {};
    jsFiles = new Set(Object.keys(manifest.js || {}));
    subs = subpackagesOf(app);
    pages = allPages(app, subs);
    const target = launchTarget(location.search, app, pages);
    // the launch URL's path as given: what the host keeps the launch
    // page's scripts under (writeFirst)
    const launchPath = new URLSearchParams(location.search).get('path') ?? '';
    for (const w of manifest.warnings || []) warnBoot(`${w.file}: ${w.message}`);
    for (const e of manifest.errors || []) reporter.report('error', e.message, e);

    // WXML: compile everything, with the built-ins and unknown-tag placeholders
    const json = manifest.json || {};
    // usingComponents resolved per file; a component that cannot be found
    // (wrong path, a plugin) is left out, so its tag becomes a placeholder
    const appUsing = resolveUsing('app.json', app.usingComponents);
    const usingOf = new Map();
    const usingFor = (path) => {
      if (!usingOf.has(path)) {
        if (manifest.wxml?.[`${path}.wxml`] === undefined) return undefined;
        const cfg = json[`${path}.json`] || {};
        // app.json's global components do not reach an independent
        // subpackage (it runs without the main package)
        const indep = subs.find((x) => x.root === packageOf(subs, path))?.independent;
        usingOf.set(path, { ...(indep ? {} : appUsing), ...resolveUsing(`${path}.json`, cfg.usingComponents) });
      }
      return usingOf.get(path);
    };
    // only what the first page needs loads before it renders (lazyload.js);
    // its scripts are asked for first, so they load while the rest is scanned
    const firstComponents = target.path ? componentClosure(target.path, usingFor) : [];
    const firstLoaded = target.path ? loadClosure(
      [...(packagesFor(target.path).includes('') ? ['app.js'] : []), `${target.path}.js`, ...firstComponents.map((c) => `${c}.js`)],
      { load: loadScript, source: (f) => modules.sourceOf(f), has: (f) => jsFiles.has(f), requires: (f) => manifest.requires?.[f] ?? null },
    ) : Promise.resolve();
    const unknown = new Set();
    const plain = new Set();
    // a usingComponents (app.json's or a page's) names the tag
    const declares = (using, tag) => !!using && typeof using === 'object' && Object.hasOwn(using, tag);
    // the names the WXML may create a built-in by: its tags (by file),
    // generic: attributes and placeholders (by any file)
    const tagsByFile = new Map();
    const dynamic = new Set();
    for (const [file, src] of Object.entries(manifest.wxml || {})) {
      const path = stripExt(file, '.wxml');
      const cfg = json[`${path}.json`] || {};
      const known = new Set([
        ...Object.keys(usingFor(path)),
        ...Object.keys(cfg.componentGenerics || {}), ...Object.keys(cfg.componentPlaceholder || {}),
      ]);
      const tags = tagsOf(src);
      tagsByFile.set(file, tags);
      for (const tag of tags) {
        if (isBuiltin(tag) || known.has(tag) || !/^[a-z][a-z0-9-]*$/.test(tag)) continue;
        // a WeChat built-in minihost lacks, or a component the json names
        // but minihost cannot load (a plugin's, a missing file), is a
        // placeholder box; any other name (<i class="iconfont">, <div>) is a
        // plain element with its children, as the phone renders it
        if (isPlaceholder(tag) || declares(app.usingComponents, tag) || declares(cfg.usingComponents, tag)) unknown.add(tag); else plain.add(tag);
      }
      for (const m of String(src).matchAll(/\bgeneric:[\w-]+\s*=\s*["']([^"']*)["']/g)) dynamic.add(m[1]);
      for (const v of Object.values(cfg.componentPlaceholder || {})) dynamic.add(String(v));
    }
    const usedBy = (files) => {
      const out = new Set(dynamic);
      for (const f of files) for (const t of tagsByFile.get(f) || []) out.add(t);
      return out;
    };
    // the built-ins the project uses at all: only their templates are
    // compiled and only they are defined; those the first page renders
    // with (its WXML, its components', what they import) before it renders
    const builtinNames = builtinClosure(usedBy(tagsByFile.keys()));
    const firstUsed = usedBy(wxmlClosure([target.path, ...firstComponents].map((p) => `${p}.wxml`), manifest.wxml || {}));
    usingOfAll = usingOf;
    lazy = app.lazyCodeLoading === 'requiredComponents';
    for (const tag of unknown) warnBoot(`<${tag}> is not supported in minihost yet: shown as a placeholder`);
    if (plain.size) warnBoot(`not WeChat components, rendered as plain elements with their children, as on the phone: ${[...plain].map((t) => `<${t}>`).join(' ')}`);
    mark('scanned');
    const { groups, problems, store } = await compileTemplates({ ...manifest.wxml, ...builtinTemplates(unknown, builtinNames) }, manifest.wxs || {});
    mark('compiled');
    reporter.reportOnce(problems.map((p) => ({ ...p, message: `WXML: ${p.message}` })), manifestVersion);

    // What needs no glass-easel is done while engine.js may still compile:
    // the launch page's styles and the window's chrome.
    const pageSet = new Set(pages);
    const restStyles = injectStyles(pageSet, new Set([target.path, ...firstComponents]));
    // The shell page loads the runtime in <body>, so it need not wait for
    // the whole document (DOMContentLoaded) to draw into it.
    if (!document.body) await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
    shell = createShell(document.body);
    // Not shown until the first page is in it: the browser would otherwise
    // lay out and paint the empty chrome (its first text: a costly first
    // layout) while the page's scripts load, and lay it all out again.
    shell.app.style.display = 'none';
    drawStatusBar(shell);
    drawCapsule(shell);
    // the back arrow closes what a page shows over itself (a page-container)
    // before it leaves the page, the newest first, as the phone's back does
    shell.back.addEventListener('click', () => {
      const taker = backTakers.findLast((t) => t.active());
      if (taker) taker.close();
      else window.wx.navigateBack({ fail: () => {} });
    });
    // a tap on a tab: switch to it, then the page's onTabItemTap (also when
    // it is already shown, as on the phone)
    const selectTab = (route, item) => {
      const tapped = () => router?.callTop('onTabItemTap', item);
      if (router?.top()?.route === route) tapped();
      else window.wx.switchTab({ url: `/${route}`, success: tapped, fail: (r) => console.warn(r.errMsg) });
    };
    drawTabs = () => {
      tabs = renderTabBar(shell, withTabChanges(resolveTheme(app.tabBar, themeVars(manifest.theme, dark)), tabChanges), selectTab, () => tabChanges.hidden);
    };
    drawTabs();
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
      dark = e.matches;
      drawTabs();
      router?.refreshChrome();
    });
    mark('styled');

    const { glassEasel, MiniProgramEnv } = await engine;
    mark('engine');
    glassEasel.globalOptions.writeIdToDOM = true;
    installAnimationAttribute(glassEasel);
    measureInPageArea(glassEasel);
    // no properties and methods as fields of the element: a property named
    // like an element field (vant's button has `dataset`) broke creating it
    glassEasel.globalOptions.writeFieldsToNode = false;
    const env = new MiniProgramEnv();
    const dom = createDomBackend(glassEasel);
    const backend = env.associateBackend(dom);
    const builtins = defineBuiltins(env.getGlobalCodeSpace(), groups, unknown, {
      navigate(openType, url, delta) {
        const api = { navigate: 'navigateTo', redirect: 'redirectTo', switchTab: 'switchTab', reLaunch: 'reLaunch', navigateBack: 'navigateBack' }[openType || 'navigate'];
        if (!api) { console.warn(`navigator open-type="${openType}" is not supported in minihost`); return; }
        window.wx[api]({ url, delta, fail: (r) => console.warn(r.errMsg) });
      },
      // interceptBack: taker {active(), close()} takes the back arrow while
      // active; the function returned lets go of it
      interceptBack(taker) {
        backTakers.push(taker);
        return () => { const i = backTakers.indexOf(taker); if (i >= 0) backTakers.splice(i, 1); };
      },
      // pageWindow: page-meta's and navigation-bar's window settings, for
      // the page whose area (.mh-page) holds them
      pageWindow(pageEl, change) { if (pageEl?.dataset.route) ctx.setWindow(change, pageEl.dataset.route); },
      // pageLoading: navigation-bar's loading, shown while its page is
      pageLoading(pageEl, on) {
        if (pageEl && router?.top()?.container === pageEl) shell.nav.classList.toggle('mh-navbar-loading', on);
      },
    }, { names: builtinNames, first: firstUsed });
    codeSpace = env.createCodeSpace('main', true);
    adjustOptions(env.getGlobalCodeSpace());
    adjustOptions(codeSpace);
    builtins.install(codeSpace.getComponentSpace());
    installButtonOpenTypes(() => window.wx);

    for (const file of Object.keys(manifest.wxml || {})) {
      const path = stripExt(file, '.wxml');
      if (!(path in groups)) continue;
      codeSpace.addCompiledTemplate(path, templateFor(groups, path));
      const cfg = json[`${path}.json`] || {};
      codeSpace.addComponentStaticConfig(path, { ...cfg, usingComponents: usingOf.get(path) || {} });
      if (!pageSet.has(path)) codeSpace.addStyleSheet(path, undefined, scopeName(path));
    }
    connectEvents(dom, glassEasel);
    emulateTouch();

    launchOptions = { path: target.path, query: target.query, scene: target.scene, referrerInfo: {}, apiCategory: 'default' };
    const firstFiles = await firstLoaded;
    if (target.path) {
      if (packagesFor(target.path).includes('')) runApp();
      for (const c of firstComponents) if ((json[`${c}.json`] || {}).component) registerOne(c, false);
      registerOne(target.path, true);
    }
    mark('scripts');

    router = createRouter({
      shell,
      isTab: (r) => tabs.isTab(r),
      hasPage: (r) => pageSet.has(r),
      ensurePackage,
      createRoot: (url) => {
        const route = url.split('?')[0];
        if (route !== target.path) { restStyles(); builtins.rest(); } // another page: every style and built-in first
        if (lazy) requireTree(route, true);
        preload(route);
        const r = backend.createRoot('page', codeSpace, url);
        fixIntersectionObservers(r.get());
        fixNodesRef(r.get());
        installAnimate(r.get());
        installAnimatedStyle(r.get(), ctx.worklets.applyAnimatedStyle);
        return r;
      },
      windowOf,
      chrome(page, canGoBack) {
        applyNavbar(shell, windowOf(page.route), canGoBack);
        applyStatusBar(shell, windowOf(page.route));
        tabs.select(page.route);
      },
      pageError,
      pageNotFound(path, query) { callApp('onPageNotFound', { path, query, isEntryPage: false }); },
      makeEventChannel: createEventChannel,
    });
    callApp('onLaunch', { ...launchOptions });
    callApp('onShow', { ...launchOptions });
    if (target.notFound && !callApp('onPageNotFound', { path: target.notFound, query: target.query, isEntryPage: true })) {
      console.warn(`launch path "${target.notFound}" is not a page of this mini program; opened ${target.path}`);
    }
    if (!target.path) throw new Error('app.json lists no pages');
    try { router.open(target.path, target.query); } finally { shell.app.style.display = ''; }
    mark('rendered');
    // the rest of the launch page's packages, as lazyCodeLoading does
    // (once the page has loaded: its load event, which whoever waits for
    // the page waits for, does not wait for the scripts of other pages; a
    // navigation before that loads them itself)
    setTimeout(() => {
      flushWarnings();
      restStyles();
      builtins.rest();
      store();
      if (!window.__minihostFirst && firstFiles?.size) writeFirst(launchPath, [...firstFiles], manifestVersion, version);
      const rest = () => ensurePackage(target.path).catch((e) => jsError(e, ''));
      if (document.readyState === 'complete') rest();
      else window.addEventListener('load', rest, { once: true });
    }, 0);
  }

  // inlinedManifest is the manifest the shell page carries, or null.
  function inlinedManifest() {
    const el = document.getElementById('minihost-manifest');
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch { return null; }
  }

  // compileTemplates compiles the WXML and WXS, or takes the compiler's
  // output from the compiled-template cache (bootcache.js) without loading
  // the compiler. store() saves what is not cached yet, after the first render.
  async function compileTemplates(wxml, wxs) {
    let key = '';
    try {
      const hit = await cachedTemplates(version, wxml, wxs);
      mark('looked-up');
      key = hit.key;
      if (hit.entry) {
        mark('compiler');
        const groups = groupsFrom(hit.entry.source);
        return { groups, problems: hit.entry.problems, store: () => { if (!hit.local) writeLocal(key, hit.entry); } };
      }
    } catch { /* a broken entry: compile */ }
    const compiler = await loadCompiler();
    mark('compiler');
    const out = compileAll(compiler, wxml, wxs);
    const entry = { source: out.source, problems: out.problems };
    // to the host at once, not after the render: a host stopped right after
    // the page drew (a script, the bench) would otherwise never get it, and
    // every start would pay for the compiler again; this load has paid for
    // the compiler already. The page's own storage is written after the
    // render (a synchronous write of the whole output).
    if (key) writeHost(key, entry, manifestVersion, version);
    return { ...out, store: () => { if (key) writeLocal(key, entry); } };
  }

  function windowOf(route) {
    const app = manifest.app || {};
    const vars = themeVars(manifest.theme, dark);
    const pageCfg = (manifest.json || {})[`${route}.json`] || {};
    const own = { ...pageCfg };
    delete own.usingComponents;
    return resolveTheme({ ...(app.window || {}), ...own, ...(windowOverrides.get(route) || {}) }, vars);
  }

  // resolveUsing makes usingComponents paths absolute ("/components/a/a"),
  // trying a relative path first, then miniprogram_npm/ folders upwards.
  function resolveUsing(fromFile, using) {
    const out = {};
    const wxml = manifest.wxml || {};
    const has = (p) => p !== null && (wxml[`${p}.wxml`] !== undefined);
    for (const [name, ref] of Object.entries(using || {})) {
      const r = String(ref);
      if (/^[a-z-]+:\/\//.test(r)) {
        warnBoot(`${fromFile}: usingComponents "${name}": "${r}": plugins are not supported in minihost; shown as a placeholder`);
        continue;
      }
      let found = null;
      const cands = (base) => [base, base === null ? null : `${base}/index`];
      for (const c of cands(resolveFrom(fromFile, r))) if (has(c)) { found = c; break; }
      if (!found && !r.startsWith('.') && !r.startsWith('/')) {
        let dir = dirname(fromFile);
        for (;;) {
          for (const c of cands(resolveFrom(`${dir ? `${dir}/` : ''}x`, `miniprogram_npm/${r}`))) if (has(c)) { found = c; break; }
          if (found || dir === '') break;
          dir = dirname(dir);
        }
      }
      if (found) out[name] = `/${found}`;
      else warnBoot(`${fromFile}: usingComponents "${name}": "${r}" not found; shown as a placeholder`);
    }
    return out;
  }

  // injectStyles puts a <style> per WXSS file into the document, in file
  // order (the cascade's). Only app.wxss and the files of `first` (the
  // paths the first page shows) are made now; the function returned makes
  // the others, each in its place among those (called after the first
  // render, or before another page is created).
  function injectStyles(pageSet, first) {
    const files = manifest.wxss || {};
    const warn = (m) => warnBoot(`WXSS ${m}`);
    // {file, opts (for transformWxss), now (made before the first render)}, in document order
    const list = [];
    if (files['app.wxss'] !== undefined) list.push({ file: 'app.wxss', opts: {}, now: true });
    for (const file of Object.keys(files)) {
      if (file === 'app.wxss') continue;
      const path = stripExt(file, '.wxss');
      if (manifest.wxml?.[`${path}.wxml`] === undefined) continue; // only imported by others
      const opts = pageSet.has(path) ? { pageRoot: `.mh-page--${scopeName(path)}` } : { prefix: scopeName(path) };
      list.push({ file, opts, now: first.has(path) });
    }
    const make = ({ file, opts }) => {
      const s = document.createElement('style');
      s.dataset.wxss = file;
      s.textContent = transformWxss(file, files, opts, warn);
      return s;
    };
    const els = list.map((f) => (f.now ? make(f) : null));
    for (const s of els) if (s) document.head.appendChild(s);
    return () => {
      for (let i = els.length - 1, next = null; i >= 0; next = els[i], i--) {
        if (els[i]) continue;
        els[i] = make(list[i]);
        document.head.insertBefore(els[i], next);
      }
    };
  }

  // ensurePackage loads the JS of the package holding `route` (and of the main
  // package unless that package is independent), then registers its pages
  // and components.
  function ensurePackage(route) {
    return Promise.all(packagesFor(route).map(loadPackage));
  }

  // fetchPackage starts loading a package's scripts (they only define
  // modules, nothing runs), so it can start before the WXML is compiled.
  function fetchPackage(root) {
    if (!fetchedPackages.has(root)) {
      const files = [...jsFiles].filter((f) => packageOf(subs, f) === root);
      fetchedPackages.set(root, Promise.all(files.map(loadScript)));
    }
    return fetchedPackages.get(root);
  }

  // preload fetches the packages app.json's preloadRule names for a page
  // that opens, as the phone downloads them after entering it: their
  // scripts only define modules, nothing runs until a page of theirs opens.
  // It waits for the document's load, so the launch page's first render
  // does not share the machine with it.
  function preload(route) {
    const run = () => {
      for (const root of preloadFor(manifest.app, subs, route, networkType())) fetchPackage(root).catch((e) => jsError(e, ''));
    };
    setTimeout(() => {
      if (document.readyState === 'complete') run();
      else window.addEventListener('load', run, { once: true });
    }, 0);
  }

  function packagesFor(route) {
    const root = packageOf(subs, route);
    const sub = subs.find((s) => s.root === root);
    return root && sub && sub.independent ? [root] : root ? ['', root] : [''];
  }

  function loadPackage(root) {
    if (!loadedPackages.has(root)) {
      const p = fetchPackage(root).then(() => {
        if (root === '') runApp();
        const wxml = manifest.wxml || {};
        const json = manifest.json || {};
        for (const file of Object.keys(wxml)) {
          const path = stripExt(file, '.wxml');
          if (packageOf(subs, path) !== root) continue;
          const isPage = pages.includes(path);
          if (!isPage && !(json[`${path}.json`] || {}).component) continue;
          if (!lazy) registerOne(path, isPage);
        }
      });
      loadedPackages.set(root, p);
    }
    return loadedPackages.get(root);
  }

  // runApp runs app.js once; getApp() while it loads is the object App()
  // then fills.
  function runApp() {
    if (!jsFiles.has('app.js')) return;
    appLoading = true;
    try { runModule('app.js'); } finally { appLoading = false; }
  }

  // registerOne runs the JS of a page or component once; with no JS, or a
  // JS that failed before calling Page()/Component(), it registers an empty
  // one so the WXML still renders (the error is in the overlay).
  function registerOne(path, isPage) {
    if (registered.has(path)) return;
    registered.add(path);
    if (jsFiles.has(`${path}.js`)) runModule(`${path}.js`);
    if (!codeSpace.getComponentSpace().getComponentByUrlWithoutDefault(`/${path}`, '')) {
      codeSpace.componentEnv(path, (e) => (isPage ? e.Page({}) : e.Component({})));
    }
  }

  // requireTree registers a page and every component it uses, transitively.
  function requireTree(path, isPage) {
    if (registered.has(path) || manifest.wxml?.[`${path}.wxml`] === undefined) return;
    registerOne(path, isPage);
    for (const ref of Object.values(usingOfAll.get(path) || {})) requireTree(String(ref).replace(/^\//, ''), false);
  }

  function runModule(path) {
    try {
      modules.require(path);
    } catch (e) {
      if (modules.isFailed(path)) return; // its syntax error is already shown
      jsError(e, path);
    }
  }

  // loadScriptSync defines a module required before its script loaded
  // (a computed require of the first page): a synchronous GET, from the
  // cache after the first time (immutable URL).
  function loadScriptSync(path) {
    if (!jsFiles.has(path) || !manifest) return;
    const url = jsURL(path, manifest.js[path]);
    try {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.send(null);
      if (xhr.status !== 200) throw new Error(`HTTP ${xhr.status}`);
      runScript(path, xhr.responseText);
    } catch (e) {
      reporter.report('error', `could not load ${path}: ${e?.message || e}`, { file: path });
    }
  }

  // loadScript loads a project script: from the code the shell page carries
  // for the launch page (hostapi/project/first.go), else by a script element
  function loadScript(path) {
    const carried = window.__minihostFirst?.[path];
    if (!scripts.has(path) && typeof carried === 'string') {
      try {
        runScript(path, carried);
      } catch (e) {
        jsError(e, path);
        scripts.set(path, Promise.resolve());
      }
    }
    if (!scripts.has(path)) scripts.set(path, appendScript(path));
    return scripts.get(path);
  }

  // runScript evaluates a project script's code under the script's own URL
  // (stack traces, the error overlay and source maps as for its <script>)
  // and counts it as loaded.
  function runScript(path, code) {
    (0, eval)(`${code}\n//# sourceURL=${location.origin}${jsURL(path, manifest.js[path])}`); // eslint-disable-line no-eval
    scripts.set(path, Promise.resolve());
  }

  function appendScript(path) {
    return new Promise((resolve) => {
      const s = document.createElement('script');
      s.src = jsURL(path, manifest.js[path]);
      s.async = false;
      s.onload = () => resolve();
      s.onerror = () => { reporter.report('error', `could not load ${path}`, { file: path }); resolve(); };
      document.head.appendChild(s);
    });
  }
}
