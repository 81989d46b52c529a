// The automation bridge (issue 15): window.__minihost.automation.handle
// driven over CDP as the Go host drives it, on testdata/automation in real
// headless Chromium. Events come back through a real CDP binding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { serve } from './server.mjs';
import { launch, hasChromium } from './cdp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const skip = !hasChromium() || !existsSync(join(here, '..', 'dist', 'runtime.js')) ? 'no chromium or no dist' : false;
const BINDING = '__minihostAutomationEmit';
let browser;
let srv;
let tab;
const events = [];

before(async () => {
  if (skip) return;
  srv = await serve(join(here, '..', 'testdata', 'automation'));
  browser = await launch();
  tab = await browser.newPage();
  browser.on((msg) => {
    if (msg.method === 'Runtime.bindingCalled' && msg.sessionId === tab.sessionId && msg.params.name === BINDING) {
      events.push(JSON.parse(msg.params.payload));
    }
  });
  await tab.send('Runtime.addBinding', { name: BINDING });
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

// open loads the fixture; handle works right away (it waits for the first page)
async function open(search = '') {
  await tab.eval('window.__stale = true');
  await tab.goto(`http://127.0.0.1:${srv.port}/${search}`);
  await tab.waitFor('!window.__stale && !!window.__minihost?.automation');
  return tab;
}

// call is what the Go host sends: handle(METHOD, PARAMS), awaited, by value
async function call(method, params = {}, userGesture = false) {
  const r = await tab.send('Runtime.evaluate', {
    expression: `window.__minihost.automation.handle(${JSON.stringify(method)}, ${JSON.stringify(params)})`,
    awaitPromise: true, returnByValue: true, userGesture,
  });
  if (r.exceptionDetails) {
    const d = r.exceptionDetails.exception?.description || r.exceptionDetails.text;
    throw new Error(String(d).split('\n')[0].replace(/^Error: /, ''));
  }
  return r.result.value;
}
const $ = async (selector, pageId) => call('Page.getElement', { pageId: pageId ?? (await call('App.getCurrentPage')).pageId, selector });
const el = (d, method, params = {}) => call(`Element.${method}`, { ...params, elementId: d.elementId, pageId: 1 });
// text reads the DOM; a component's classes are scoped there ("m-components_card_card--card-title")
const text = (sel) => tab.eval(`document.querySelector(${JSON.stringify(sel.replace(/^\.card-(\w+)$/, '[class$="--card-$1"]'))})?.textContent ?? null`);
const until = async (fn, ms = 3000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${fn}`);
    await new Promise((r) => setTimeout(r, 30));
  }
};
const eventsOf = (method) => events.filter((e) => e.method === method);

test('App: current page and stack, routes answer once the page is current and rendered', { skip }, async () => {
  await open('?path=pages/index/index&query=a%3D1');
  // the bridge is its own file, fetched on the first call only
  const loaded = () => tab.eval(`performance.getEntriesByType('resource').some((e) => /\\/automation\\.js/.test(e.name))`);
  assert.equal(await loaded(), false);
  await call('Automation.reset');
  assert.equal(await loaded(), true);
  const home = await call('App.getCurrentPage');
  assert.equal(home.path, 'pages/index/index');
  assert.deepEqual(home.query, { a: '1' });
  assert.equal(typeof home.pageId, 'number');
  await call('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/form/form?x=2' }] });
  // rendered when the call answers: no waiting here
  assert.equal(await tab.eval(`!!document.querySelector('.mh-page--m-pages_form_form:not([hidden]) #name')`), true);
  const form = await call('App.getCurrentPage');
  assert.deepEqual({ path: form.path, query: form.query }, { path: 'pages/form/form', query: { x: '2' } });
  assert.ok(form.pageId > home.pageId);
  const { pageStack } = await call('App.getPageStack');
  assert.deepEqual(pageStack.map((p) => p.path), ['pages/index/index', 'pages/form/form']);
  await call('App.callWxMethod', { method: 'navigateBack', args: [{ url: null }] });
  assert.equal((await call('App.getCurrentPage')).pageId, home.pageId);
  await call('App.callWxMethod', { method: 'switchTab', args: [{ url: '/pages/other/other' }] });
  assert.equal((await call('App.getCurrentPage')).path, 'pages/other/other');
  await call('App.callWxMethod', { method: 'reLaunch', args: [{ url: '/pages/index/index' }] });
  const again = await call('App.getCurrentPage');
  assert.equal(again.path, 'pages/index/index');
  assert.ok(again.pageId > form.pageId, 'page ids are never reused');
  await assert.rejects(call('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/nope/nope' }] }), /navigateTo:fail page "pages\/nope\/nope" is not found/);
  await assert.rejects(call('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/other/other' }] }), /navigateTo:fail/);
});

test('App: callWxMethod sync and async, callFunction awaits, unknown method rejects at once', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const info = (await call('App.callWxMethod', { method: 'getSystemInfoSync', args: [] })).result;
  assert.equal(typeof info.windowWidth, 'number');
  assert.ok(info.SDKVersion);
  assert.equal((await call('App.callWxMethod', { method: 'getAccountInfoSync', args: [] })).result.miniProgram.appId, 'wxfixture');
  const got = (await call('App.callWxMethod', { method: 'getSystemInfo', args: [{}] })).result;
  assert.equal(got.errMsg, 'getSystemInfo:ok');
  assert.equal(got.windowWidth, info.windowWidth);
  assert.equal((await call('App.callWxMethod', { method: 'canIUse', args: ['showModal'] })).result, true);
  await assert.rejects(call('App.callWxMethod', { method: 'showActionSheet', args: [{ itemList: [] }] }), /showActionSheet:fail/);
  await assert.rejects(call('App.callWxMethod', { method: 'noSuchThing', args: [] }), /noSuchThing:fail not supported/);
  assert.deepEqual(await call('App.callFunction', { functionDeclaration: 'function (a, b) { return getApp().globalData.launched + a + b }', args: [1, 2] }), { result: 4 });
  assert.deepEqual(await call('App.callFunction', { functionDeclaration: '(v) => new Promise((r) => setTimeout(() => r({ v, pages: getCurrentPages().length }), 20))', args: ['x'] }), { result: { v: 'x', pages: 1 } });
  await assert.rejects(call('App.callFunction', { functionDeclaration: 'async () => { throw new Error("boom in evaluate") }', args: [] }), /boom in evaluate/);
  // a wx promise rejects with {errMsg}: the host still gets a message
  const rejection = (fn) => tab.eval(`window.__minihost.automation.handle('App.callFunction', { functionDeclaration: ${JSON.stringify(fn)}, args: [] }).then(() => 'resolved', (e) => [e instanceof Error, e.message])`);
  assert.deepEqual(await rejection('() => wx.showActionSheet({ itemList: [] })'), [true, 'showActionSheet:fail parameter error: parameter.itemList should be a non-empty Array']);
  assert.deepEqual(await rejection('() => { throw "a string" }'), [true, 'a string']);
  const t0 = Date.now();
  await assert.rejects(call('App.noSuchMethod', {}), /unknown method App.noSuchMethod/);
  await assert.rejects(call('Tool.whatever', {}), /unknown method Tool.whatever/);
  await assert.rejects(call('App.callWxMethod', { method: 'getSystemInfoSync', args: [], pluginId: 'wxplugin' }), /plugins are not supported in minihost/);
  assert.ok(Date.now() - t0 < 1000);
});

test('App: mockWxMethod object and function form hit page code (promise form, captured wx), restore undoes it', { skip }, async () => {
  await open();
  await call('Automation.reset');
  await tab.eval(`window.__shown = []; const real = wx.showToast; window.__realToast = real; 1`);
  await call('App.mockWxMethod', { method: 'showToast', result: { mocked: true } });
  await call('App.mockWxMethod', { method: 'showModal', result: { confirm: true, cancel: false } });
  const btn = await $('#toast');
  await el(btn, 'tap');
  // page code's own wx.showModal (promise form) got the mock: no dialog, answer at once
  await until(async () => (await text('#answer')) === 'confirmed');
  assert.equal(await tab.eval(`!!document.querySelector('.mh-modal')`), false);
  // the page's toast (through a helper module holding wx since load) was mocked too
  assert.equal(await tab.eval(`!!document.querySelector('.mh-toast')`), false);
  assert.equal((await call('Page.getData', { pageId: (await call('App.getCurrentPage')).pageId, path: 'toastMsg' })).data, 'showToast:ok');
  assert.deepEqual((await call('App.callWxMethod', { method: 'showToast', args: [{ title: 'x' }] })).result, { errMsg: 'showToast:ok', mocked: true });

  // function form: (...callArgs, ...mockArgs), this.origin is the real API
  await call('App.mockWxMethod', { method: 'getStorageSync', functionDeclaration: 'function (key, def) { return key === "token" ? "T-" + def : typeof this.origin }', args: ['mocked'] });
  assert.equal((await call('App.callWxMethod', { method: 'getStorageSync', args: ['plain'] })).result, 'function');
  await el(await $('#token'), 'tap');
  assert.equal(await until(async () => { const t = await text('#answer'); return t.startsWith('token:') && t; }), 'token:T-mocked');
  await call('App.mockWxMethod', { method: 'getSystemInfo', functionDeclaration: 'async function (opts, extra) { const real = await this.origin({}); return { extra, width: real.windowWidth > 0 } }', args: [7] });
  assert.deepEqual((await call('App.callWxMethod', { method: 'getSystemInfo', args: [{}] })).result, { errMsg: 'getSystemInfo:ok', extra: 7, width: true });
  // a mock whose function throws is a fail
  await call('App.mockWxMethod', { method: 'login', functionDeclaration: 'function () { throw new Error("login:fail mocked outage") }', args: [] });
  await assert.rejects(call('App.callWxMethod', { method: 'login', args: [{}] }), /login:fail mocked outage/);

  // restore: the real members are back, everywhere
  for (const method of ['showToast', 'showModal', 'getStorageSync', 'getSystemInfo', 'login']) await call('App.mockWxMethod', { method });
  assert.equal(await tab.eval(`wx.showToast === window.__realToast`), true);
  await el(btn, 'tap');
  await until(() => tab.eval(`!!document.querySelector('.mh-modal')`));
  await call('Native.cancelModal');
  await until(async () => (await text('#answer')) === 'cancelled');
  await el(await $('#token'), 'tap');
  assert.equal(await until(async () => { const t = await text('#answer'); return t.startsWith('token:') && t; }), 'token:unavailable');
  // wx.request, the backend QA mocks most: the page gets the answer and a task it can abort
  await call('App.mockWxMethod', { method: 'request', result: { statusCode: 200, data: { items: [1, 2] } } });
  const req = await call('App.callFunction', { functionDeclaration: `() => new Promise((resolve) => {
    const task = wx.request({ url: 'https://api.example.com/items', success: (r) => resolve({ r, abort: typeof task.abort }) });
    task.onHeadersReceived(() => {});
  })`, args: [] });
  assert.deepEqual(req.result, { r: { errMsg: 'request:ok', statusCode: 200, data: { items: [1, 2] } }, abort: 'function' });
  assert.deepEqual((await call('App.callFunction', { functionDeclaration: '() => wx.request({ url: "x" })', args: [] })).result, { errMsg: 'request:ok', statusCode: 200, data: { items: [1, 2] } });
  await call('App.mockWxMethod', { method: 'request' });
  // mocking a name minihost does not implement, then restoring it
  await call('App.mockWxMethod', { method: 'startSoterAuthentication', result: { authMode: 'fingerPrint', resultJSON: '{}' } });
  assert.equal((await call('App.callWxMethod', { method: 'startSoterAuthentication', args: [{}] })).result.authMode, 'fingerPrint');
  await call('App.mockWxMethod', { method: 'startSoterAuthentication' });
  await assert.rejects(call('App.callWxMethod', { method: 'startSoterAuthentication', args: [{}] }), /not supported in minihost/);
});

test('Page: $ and $$ by WXSS selector and xpath, data with path, setData re-renders, callMethod, window properties', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const { pageId } = await call('App.getCurrentPage');
  const title = await call('Page.getElement', { pageId, selector: '#title' });
  assert.equal(title.tagName, 'view');
  assert.equal(title.nodeId, undefined);
  // the same node keeps its id
  assert.equal((await call('Page.getElement', { pageId, selector: 'view.title.big' })).elementId, title.elementId);
  assert.equal((await call('Page.getElement', { pageId, selector: '[data-kind=heading]' })).elementId, title.elementId);
  const items = (await call('Page.getElements', { pageId, selector: '.item' })).elements;
  assert.equal(items.length, 3);
  assert.equal(new Set(items.map((i) => i.elementId)).size, 3);
  assert.deepEqual(await Promise.all(items.map((i) => el(i, 'getDOMProperties', { names: ['innerText'] }).then((r) => r.properties[0]))), ['a', 'b', 'c']);
  const card = await call('Page.getElement', { pageId, selector: 'card' });
  assert.equal(card.tagName, 'card');
  assert.equal(card.nodeId, card.elementId);
  assert.equal((await call('Page.getElement', { pageId, selector: '.counter > .inner' })).tagName, 'view');
  assert.equal((await call('Page.getElement', { pageId, selector: 'button#toast' })).tagName, 'button');
  // inside a custom component: by >>>, and by a plain selector when the page's own tree has no match
  const cardTitle = await call('Page.getElement', { pageId, selector: 'card >>> .card-title' });
  assert.equal((await call('Page.getElement', { pageId, selector: '.card-title' })).elementId, cardTitle.elementId);
  assert.equal((await el(cardTitle, 'getDOMProperties', { names: ['innerText'] })).properties[0], 'First');
  // no match answers at once with an error (the SDK's $ gives null)
  const t0 = Date.now();
  await assert.rejects(call('Page.getElement', { pageId, selector: '.nothing-here' }), /no element matches selector ".nothing-here"/);
  await assert.rejects(call('Page.getElement', { pageId, selector: 'view:first-child' }), /unsupported selector/);
  assert.deepEqual(await call('Page.getElements', { pageId, selector: '.nothing-here' }), { elements: [] });
  assert.ok(Date.now() - t0 < 1000);
  // xpath over the WXML tree
  const x = await call('Page.getElementByXpath', { pageId, selector: '//view[@id="title"]' });
  assert.equal(x.elementId, title.elementId);
  assert.equal((await call('Page.getElementsByXpath', { pageId, selector: '//view[contains(@class, "item")]' })).elements.length, 3);
  assert.equal((await call('Page.getElementByXpath', { pageId, selector: '//card//view[@class="card-title"]' })).elementId, cardTitle.elementId);
  await assert.rejects(call('Page.getElementByXpath', { pageId, selector: '//video' }), /no element matches xpath/);
  await assert.rejects(call('Page.getElementByXpath', { pageId, selector: '//[' }), /bad xpath/);

  assert.equal((await call('Page.getData', { pageId })).data.title, 'Hello');
  assert.equal((await call('Page.getData', { pageId, path: 'nested.list[0].name' })).data, 'x');
  await call('Page.setData', { pageId, data: { title: 'Changed', 'nested.list[0].name': 'y' } });
  assert.equal(await text('#title'), 'Changed');
  assert.equal((await call('Page.getData', { pageId, path: 'nested.list[0].name' })).data, 'y');
  assert.deepEqual(await call('Page.callMethod', { pageId, method: 'sum', args: [2, 3] }), { result: 5 });
  assert.deepEqual(await call('Page.callMethod', { pageId, method: 'slow', args: ['v'] }), { result: { v: 'v' } });
  await assert.rejects(call('Page.callMethod', { pageId, method: 'nope', args: [] }), /page method nope does not exist/);
  await call('Page.callMethod', { pageId, method: 'tapped', args: [{}] });
  assert.equal(await text('.count'), '1');

  const size = (await call('Page.getWindowProperties', { pageId, names: ['document.documentElement.scrollWidth', 'document.documentElement.scrollHeight'] })).properties;
  assert.ok(size[0] > 0 && size[1] > 0, JSON.stringify(size));
  await call('Page.setData', { pageId, data: { items: Array.from({ length: 60 }, (_, i) => `row${i}`) } });
  await call('App.callWxMethod', { method: 'pageScrollTo', args: [{ scrollTop: 120, duration: 0 }] });
  const [bodyTop] = (await call('Page.getWindowProperties', { pageId, names: ['document.body.scrollTop'] })).properties;
  assert.equal(bodyTop, 120);
  assert.deepEqual((await call('Page.getWindowProperties', { pageId, names: ['navigator.userAgent', 'window.innerWidth'] })).properties, [await tab.eval('navigator.userAgent'), await tab.eval('innerWidth')]);
  await assert.rejects(call('Page.getData', { pageId: 99999 }), /page 99999 is not open/);
});

test('Element: DOM properties, attributes, styles, offset, WXML, properties incl. __propPublic; a re-rendered node is gone', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const { pageId } = await call('App.getCurrentPage');
  const title = await $('#title');
  assert.deepEqual((await el(title, 'getDOMProperties', { names: ['innerText', 'offsetWidth'] })).properties[0], 'Hello');
  assert.deepEqual((await el(title, 'getAttributes', { names: ['class', 'id', 'data-kind', 'nope'] })).attributes, ['title big', 'title', 'heading', null]);
  const cardTitle = await $('card >>> .card-title');
  assert.deepEqual((await el(cardTitle, 'getStyles', { names: ['color', 'font-weight'] })).styles, ['rgb(10, 20, 30)', '700']);
  const off = await el(title, 'getOffset');
  const want = await tab.eval(`(() => { const r = document.querySelector('#title').getBoundingClientRect(); const p = document.querySelector('.mh-page:not([hidden])').getBoundingClientRect(); return { left: r.left - p.left, top: r.top - p.top }; })()`);
  assert.deepEqual(off, want);
  assert.equal((await el(title, 'getWXML', { type: 'outer' })).wxml, '<view id="title" class="title big" data-kind="heading">Hello</view>');
  assert.equal((await el(title, 'getWXML', { type: 'inner' })).wxml, 'Hello');
  const card = await $('card');
  const inner = (await el(card, 'getWXML', { type: 'inner' })).wxml;
  assert.match(inner, /^<view class="card"><view class="card-title">First<\/view><text class="card-count">2<\/text><view class="slotted">in the slot<\/view><\/view>$/);
  assert.match((await el(card, 'getWXML', { type: 'outer' })).wxml, /^<card id="card"><view class="card">/);
  // property(): __propPublic first (keys of the public properties), then the value
  const [pub] = (await el(card, 'getProperties', { names: ['__propPublic'] })).properties;
  assert.equal(pub.title, true);
  assert.equal(pub.count, true);
  assert.equal(pub.secret, undefined);
  assert.deepEqual((await el(card, 'getProperties', { names: ['title', 'count'] })).properties, ['First', 2]);
  // a child of a component through Element.$
  const count = await el(card, 'getElement', { selector: '.card-count' });
  assert.equal(count.tagName, 'text');
  assert.equal((await el(card, 'getElements', { selector: 'view' })).elements.length, 2);
  await assert.rejects(el(card, 'getElement', { selector: '.nothing' }), /no element matches/);
  // a node the page removed: its id is gone, and never given to another node
  const items = (await call('Page.getElements', { pageId, selector: '.item' })).elements;
  await call('Page.setData', { pageId, data: { items: ['z'] } });
  await assert.rejects(el(items[2], 'getDOMProperties', { names: ['innerText'] }), /element is gone \(the page re-rendered it\)/);
  const fresh = (await call('Page.getElements', { pageId, selector: '.item' })).elements;
  assert.equal(fresh.length, 1);
  assert.ok(!items.some((i) => i.elementId === fresh[0].elementId), 'a new node gets a new id');
  assert.ok(Number(fresh[0].elementId) > Math.max(...items.map((i) => Number(i.elementId))));
  await assert.rejects(el({ elementId: '424242' }, 'tap'), /element is gone/);
});

test('Element: tap, catchtap, touches, longpress, trigger and dispatchEvent run the handlers the WXML bound', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const { pageId } = await call('App.getCurrentPage');
  const counter = await $('.counter');
  await el(counter, 'tap');
  assert.equal((await call('Page.getData', { pageId, path: 'taps' })).data, 1);
  // catchtap on the inner view: its handler runs, the outer bindtap does not
  await el(await $('.inner'), 'tap');
  assert.equal((await call('Page.getData', { pageId, path: 'innerTaps' })).data, 1);
  assert.equal((await call('Page.getData', { pageId, path: 'taps' })).data, 1);
  // a tap is a touch too, as on the phone
  assert.equal((await call('Page.getData', { pageId, path: 'events' })).data, 'start:1:n,end,start:1:n,end');
  await call('Page.setData', { pageId, data: { events: '' } });
  await el(counter, 'touchstart', { touches: [{ identifier: 0, pageX: 5, pageY: 6, clientX: 5, clientY: 6 }], changedTouches: [{ identifier: 0, pageX: 5, pageY: 6, clientX: 5, clientY: 6 }] });
  await el(counter, 'touchmove', { touches: [{ identifier: 0, pageX: 9, pageY: 6, clientX: 9, clientY: 6 }], changedTouches: [{ identifier: 0, pageX: 9, pageY: 6, clientX: 9, clientY: 6 }] });
  await el(counter, 'touchend', {});
  assert.equal((await call('Page.getData', { pageId, path: 'events' })).data, 'start:1:n,move:9,end');
  // the SDK's longpress: touchstart, 350 ms, touchend
  await call('Page.setData', { pageId, data: { events: '' } });
  await el(counter, 'touchstart');
  await new Promise((r) => setTimeout(r, 350));
  await el(counter, 'touchend');
  assert.equal((await call('Page.getData', { pageId, path: 'events' })).data, 'start:1:n,longpress,end');
  await call('Page.setData', { pageId, data: { events: '' } });
  await el(counter, 'triggerEvent', { type: 'custom', detail: { a: 1 } });
  await el(counter, 'dispatchEvent', { eventName: 'custom', detail: { b: 2 } });
  assert.equal((await call('Page.getData', { pageId, path: 'events' })).data, 'custom:{"a":1},custom:{"b":2}');
  // a tap inside a custom component runs its own handler, which triggers the page's bindbumped
  await call('Page.setData', { pageId, data: { events: '' } });
  await el(await $('card >>> .card-title'), 'tap');
  assert.equal((await call('Page.getData', { pageId, path: 'events' })).data, 'bumped:3');
  assert.equal(await text('.card-count'), '3');
});

test('a tap the host evaluates with userGesture counts as the user\'s tap (getUserProfile)', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const profile = await $('#profile');
  // a synthetic tap alone is no user activation: the gesture-gated API refuses
  await call('Element.tap', { elementId: profile.elementId });
  assert.equal(await until(() => text('#answer')), 'getUserProfile:fail can only be invoked by user TAP gesture.');
  // Runtime.evaluate({userGesture: true}), as the host sends Element.tap
  await call('Element.tap', { elementId: profile.elementId }, true);
  assert.equal(await until(async () => { const t = await text('#answer'); return t.startsWith('profile:') && t; }), 'profile:Tester');
});

test('Element: custom component data, setData and callMethod', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const card = await $('card');
  assert.equal((await el(card, 'getData', {})).data.secret, 's3');
  assert.equal((await el(card, 'getData', { path: 'title' })).data, 'First');
  await el(card, 'setData', { data: { title: 'Renamed' } });
  assert.equal(await text('.card-title'), 'Renamed');
  assert.deepEqual(await el(card, 'callMethod', { method: 'add', args: [3, 4] }), { result: 9 });
  assert.equal(await text('.card-count'), '9');
  assert.deepEqual(await el(card, 'callMethod', { method: 'later', args: ['x'] }), { result: 'later x' });
  await assert.rejects(el(card, 'callMethod', { method: 'nope', args: [] }), /component method nope does not exist/);
  await assert.rejects(el(await $('#title'), 'getData', {}), /not a custom component/);
});

test('Element: built-ins: input/textarea typing, scroll-view, swiper, switch, slider, movable-view, video', { skip }, async () => {
  await open('?path=pages/form/form');
  await call('Automation.reset');
  const { pageId } = await call('App.getCurrentPage');
  const data = async (path) => (await call('Page.getData', { pageId, path })).data;
  const name = await $('#name');
  assert.equal(name.tagName, 'input');
  await el(name, 'callFunction', { functionName: 'input.input', args: ['Zhang San'] });
  assert.equal(await data('name'), 'Zhang San');
  assert.equal(await tab.eval(`document.querySelector('#name input').value`), 'Zhang San');
  assert.deepEqual((await el(name, 'getProperties', { names: ['value'] })).properties, ['Zhang San']);
  const bio = await $('textarea');
  await el(bio, 'callFunction', { functionName: 'textarea.input', args: ['line'] });
  assert.equal(await data('bio'), 'line');
  await assert.rejects(el(bio, 'callFunction', { functionName: 'input.input', args: ['x'] }), /input.input needs a <input>/);

  const sv = await $('scroll-view');
  assert.equal(sv.tagName, 'scroll-view');
  assert.ok((await el(sv, 'callFunction', { functionName: 'scroll-view.scrollHeight' })).result >= 500);
  assert.equal((await el(sv, 'callFunction', { functionName: 'scroll-view.scrollWidth' })).result > 0, true);
  await el(sv, 'callFunction', { functionName: 'scroll-view.scrollTo', args: [0, 150] });
  assert.equal((await el(sv, 'callFunction', { functionName: 'scroll-view.scrollTop' })).result, 150);
  assert.equal((await el(sv, 'callFunction', { functionName: 'scroll-view.scrollLeft' })).result, 0);
  await until(async () => (await data('scrolled')) === 150);

  await el(await $('swiper'), 'callFunction', { functionName: 'swiper.swipeTo', args: [2] });
  assert.equal(await data('swiped'), 2);
  assert.equal(await data('log'), 'swipe:touch');

  await el(await $('switch'), 'callFunction', { functionName: 'switch.tap', args: [] });
  assert.equal(await data('on'), true);
  await el(await $('switch'), 'tap');
  assert.equal(await data('on'), false, 'a plain tap on the switch toggles it too');

  const slider = await $('slider');
  await el(slider, 'callFunction', { functionName: 'slider.slideTo', args: [42] });
  assert.equal(await data('level'), 40);
  assert.deepEqual((await el(slider, 'getProperties', { names: ['value'] })).properties, [40]);

  const mv = await $('movable-view');
  await el(mv, 'callFunction', { functionName: 'movable-view.moveTo', args: [30, 40] });
  assert.equal(await data('moved'), '30,40');
  assert.deepEqual((await el(mv, 'getProperties', { names: ['_translateX', '_translateY'] })).properties, [30, 40]);

  const video = await $('video');
  assert.equal(video.tagName, 'video');
  await el(video, 'callContextMethod', { method: 'seek', args: [0] });
  await assert.rejects(el(video, 'callContextMethod', { method: 'explode', args: [] }), /video context has no method explode/);
  await assert.rejects(el(video, 'callFunction', { functionName: 'video.nope', args: [] }), /unknown element function video.nope/);
});

test('Events: console after enableLog, exceptions always, bindings called from page code', { skip }, async () => {
  await open();
  await call('Automation.reset');
  events.length = 0;
  await tab.eval(`console.log('before enableLog'); 1`);
  await call('App.enableLog');
  await tab.eval(`console.log('hello', 1, { a: [1, 2] }, null); console.warn('careful'); console.error(new Error('bad thing')); const c = {}; c.self = c; console.info(c, () => 1); 1`);
  await until(() => eventsOf('App.logAdded').length >= 4);
  const logs = eventsOf('App.logAdded').map((e) => e.params);
  assert.ok(!logs.some((l) => l.args[0] === 'before enableLog'), 'nothing is forwarded before enableLog');
  assert.deepEqual(logs[0], { type: 'log', args: ['hello', 1, { a: [1, 2] }, null] });
  assert.deepEqual(logs[1], { type: 'warn', args: ['careful'] });
  assert.equal(logs[2].type, 'error');
  assert.match(logs[2].args[0], /bad thing/);
  assert.equal(logs[3].type, 'info');
  assert.deepEqual(logs[3].args, ['[object Object]', '() => 1']);

  // a handler that throws (glass-easel catches it and only prints it)
  await el(await $('#fail'), 'tap');
  const handler = await until(() => eventsOf('App.exceptionThrown').find((e) => e.params.message === 'handler failed on purpose'));
  assert.match(handler.params.stack, /index/);
  // a page whose onLoad throws: App.exceptionThrown, no enable needed
  await call('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/broken/broken' }] });
  const ex = await until(() => eventsOf('App.exceptionThrown').find((e) => /broken page onLoad failed/.test(e.params.message)));
  assert.match(ex.params.stack, /broken/);
  // an uncaught error in page code
  await call('App.callFunction', { functionDeclaration: 'function () { setTimeout(() => { throw new Error("uncaught later") }, 0) }', args: [] });
  await until(() => eventsOf('App.exceptionThrown').find((e) => e.params.message === 'uncaught later'));

  // exposeFunction: a global the mini program's code calls
  await call('App.addBinding', { name: 'reportScore' });
  await call('App.callFunction', { functionDeclaration: 'function () { reportScore(42, { by: getCurrentPages().length }) }', args: [] });
  const b = await until(() => eventsOf('App.bindingCalled').find((e) => e.params.name === 'reportScore'));
  assert.deepEqual(b.params, { name: 'reportScore', args: [42, { by: 2 }] });
  await assert.rejects(call('App.addBinding', { name: 'not a name' }), /bad name/);
});

test('Native: confirmModal/cancelModal answer the page modal (waiting for it), goHome, navigateLeft, switchTab', { skip }, async () => {
  await open();
  await call('Automation.reset');
  const { pageId } = await call('App.getCurrentPage');
  const t0 = Date.now();
  await assert.rejects(call('Native.confirmModal', {}), /no modal is showing/);
  assert.ok(Date.now() - t0 >= 1900, 'it waits for a modal first');
  // the call right after the tap that opens it works
  await el(await $('#toast'), 'tap');
  await call('Native.confirmModal', {});
  await until(async () => (await call('Page.getData', { pageId, path: 'answer' })).data === 'confirmed');
  assert.equal(await tab.eval(`!!document.querySelector('.mh-modal')`), false);
  await el(await $('#toast'), 'tap');
  await call('Native.cancelModal', {});
  await until(async () => (await call('Page.getData', { pageId, path: 'answer' })).data === 'cancelled');
  await call('App.callFunction', { functionDeclaration: 'function () { wx.showModal({ title: "x", showCancel: false }); }', args: [] });
  await assert.rejects(call('Native.cancelModal', {}), /no cancel button/);
  await call('Native.confirmModal', {});
  // an editable modal gets the text first
  await el(await $('#ask'), 'tap');
  await call('Native.confirmModal', { data: { content: 'Li Lei' } });
  await until(async () => (await text('#answer')) === 'ask:true:Li Lei');
  // the action sheet, beyond the SDK's own native() list
  await el(await $('#sheet'), 'tap');
  await call('Native.actionSheetTap', { data: { index: 1 } });
  await until(async () => (await text('#answer')) === 'sheet:1');
  await el(await $('#sheet'), 'tap');
  await assert.rejects(call('Native.actionSheetTap', { data: { index: 5 } }), /no item 5 \(the sheet has 2\)/);
  await call('Native.actionSheetCancel', { data: null });
  await until(async () => (await text('#answer')) === 'showActionSheet:fail cancel');
  await assert.rejects(call('Native.actionSheetCancel', {}), /no action sheet is showing/);

  await call('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/form/form' }] });
  await call('Native.navigateLeft', {});
  assert.equal((await call('App.getCurrentPage')).pageId, pageId);
  await assert.rejects(call('Native.navigateLeft', {}), /no page to go back to/);
  await call('Native.switchTab', { data: { url: '/pages/other/other' } });
  assert.equal((await call('App.getCurrentPage')).path, 'pages/other/other');
  await assert.rejects(call('Native.switchTab', { data: { url: '/pages/form/form' } }), /not a tab bar item/);
  await call('App.callWxMethod', { method: 'navigateTo', args: [{ url: '/pages/form/form' }] });
  await call('Native.goHome', {});
  const home = await call('App.getCurrentPage');
  assert.equal(home.path, 'pages/index/index');
  assert.deepEqual((await call('App.getPageStack')).pageStack.map((p) => p.path), ['pages/index/index']);
  await assert.rejects(call('Native.shareTimeline', {}), /unknown method Native.shareTimeline/);
});

// A tab that never had a session does not read sessionStorage at boot: its
// first read is a synchronous call to the browser, paid on every cold load.
test('State: a tab without a session reads no sessionStorage; one with a session does', { skip }, async () => {
  const { identifier } = await tab.send('Page.addScriptToEvaluateOnNewDocument', {
    source: `window.__reads = 0; { const get = Storage.prototype.getItem;
      Storage.prototype.getItem = function (k) { if (this === sessionStorage) window.__reads++; return get.call(this, k); }; }`,
  });
  try {
    await open();
    await call('Automation.reset');
    await open();
    assert.equal(await tab.eval('window.__reads'), 0, 'no session: no sessionStorage read');
    await call('App.mockWxMethod', { method: 'showModal', result: { confirm: true, cancel: false } });
    await open();
    assert.ok(await tab.eval('window.__reads') > 0, 'a session: its state is read back');
    assert.equal((await call('App.callWxMethod', { method: 'showModal', args: [{ title: 't' }] })).result.confirm, true, 'the mock is back');
    await call('Automation.reset');
    await open();
    assert.equal(await tab.eval('window.__reads'), 0, 'after a reset: no sessionStorage read');
  } finally {
    await tab.send('Page.removeScriptToEvaluateOnNewDocument', { identifier });
  }
});

test('State: mocks, bindings and the log flag survive a reload; Automation.reset clears them', { skip }, async () => {
  await open();
  await call('Automation.reset');
  await call('App.mockWxMethod', { method: 'showModal', result: { confirm: true, cancel: false } });
  await call('App.mockWxMethod', { method: 'getStorageSync', functionDeclaration: '(key, v) => `${key}=${v}`', args: ['m'] });
  await call('App.addBinding', { name: 'seen' });
  await call('App.enableLog');
  await open(); // a live reload
  events.length = 0;
  // the mock is in place before app.js and the pages run
  assert.deepEqual(await call('App.callFunction', { functionDeclaration: '() => getApp().globalData.token', args: [] }), { result: 'token=m' });
  assert.equal((await call('App.callWxMethod', { method: 'getStorageSync', args: ['token'] })).result, 'token=m');
  await el(await $('#token'), 'tap');
  await until(async () => (await text('#answer')) === 'token:token=m');
  await el(await $('#toast'), 'tap');
  await until(async () => (await text('#answer')) === 'confirmed');
  await tab.eval(`seen('x'); console.log('after reload'); 1`);
  await until(() => eventsOf('App.bindingCalled').length && eventsOf('App.logAdded').some((e) => e.params.args[0] === 'after reload'));

  await call('Automation.reset');
  assert.equal(await tab.eval(`typeof window.seen`), 'undefined');
  assert.equal(await tab.eval(`sessionStorage.getItem('__minihost_automation')`), null);
  events.length = 0;
  await tab.eval(`console.log('after reset'); 1`);
  await el(await $('#toast'), 'tap');
  await until(() => tab.eval(`!!document.querySelector('.mh-modal')`));
  await call('Native.cancelModal');
  assert.equal(eventsOf('App.logAdded').length, 0);
  await open();
  assert.equal(await tab.eval(`typeof window.seen`), 'undefined');
  await el(await $('#token'), 'tap');
  await until(async () => (await text('#answer')) === 'token:unavailable');
});

test('a document whose boot fails: handle rejects with the reason instead of hanging', { skip }, async () => {
  await tab.eval('window.__stale = true');
  await tab.send('Fetch.enable', { patterns: [{ urlPattern: '*/__minihost/project.json*' }] });
  const fail = (msg) => {
    if (msg.method === 'Fetch.requestPaused' && msg.sessionId === tab.sessionId) {
      tab.send('Fetch.fulfillRequest', { requestId: msg.params.requestId, responseCode: 500, body: Buffer.from('no').toString('base64') }).catch(() => {});
    }
  };
  browser.on(fail);
  try {
    await tab.goto(`http://127.0.0.1:${srv.port}/`);
    await tab.waitFor('!window.__stale && !!window.__minihost?.automation');
    await assert.rejects(call('App.getCurrentPage'), /the mini program did not start: GET \/__minihost\/project.json: 500/);
    // what needs no app still answers
    assert.deepEqual(await call('Automation.reset'), {});
  } finally {
    await tab.send('Fetch.disable');
  }
});
