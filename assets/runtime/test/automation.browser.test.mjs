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
async function call(method, params = {}) {
  const r = await tab.send('Runtime.evaluate', {
    expression: `window.__minihost.automation.handle(${JSON.stringify(method)}, ${JSON.stringify(params)})`,
    awaitPromise: true, returnByValue: true,
  });
  if (r.exceptionDetails) {
    const d = r.exceptionDetails.exception?.description || r.exceptionDetails.text;
    throw new Error(String(d).split('\n')[0].replace(/^Error: /, ''));
  }
  return r.result.value;
}
const $ = async (selector, pageId) => call('Page.getElement', { pageId: pageId ?? (await call('App.getCurrentPage')).pageId, selector });
const el = (d, method, params = {}) => call(`Element.${method}`, { ...params, elementId: d.elementId, pageId: 1 });
const text = (sel) => tab.eval(`document.querySelector(${JSON.stringify(sel)})?.textContent ?? null`);
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
  await call('Automation.reset');
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
  const t0 = Date.now();
  await assert.rejects(call('App.noSuchMethod', {}), /unknown method App.noSuchMethod/);
  await assert.rejects(call('Tool.whatever', {}), /unknown method Tool.whatever/);
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
  // mocking a name minihost does not implement, then restoring it
  await call('App.mockWxMethod', { method: 'startSoterAuthentication', result: { authMode: 'fingerPrint', resultJSON: '{}' } });
  assert.equal((await call('App.callWxMethod', { method: 'startSoterAuthentication', args: [{}] })).result.authMode, 'fingerPrint');
  await call('App.mockWxMethod', { method: 'startSoterAuthentication' });
  await assert.rejects(call('App.callWxMethod', { method: 'startSoterAuthentication', args: [{}] }), /not supported in minihost/);
});
