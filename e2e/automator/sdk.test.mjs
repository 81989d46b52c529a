// miniprogram-automator, the official SDK unchanged, against minihost:
// every public call on the fixture e2e/testdata/miniprograms/automator.
//
//   MINIHOST_AUTO_WS   ws://127.0.0.1:PORT of a running `minihost --auto-port PORT <fixture>`
//   MINIHOST_FINGER_URL  (optional) GET it to put the enrolled finger on the real
//                      fprintd reader; without it the simulated reader is answered
//                      by native().authorizeAllow()
//   MINIHOST_FIXTURE_COPY (optional) the project folder the host runs, a copy this
//                      test may write to (a live reload)
//   MINIHOST_CLI, MINIHOST_FIXTURE, MINIHOST_LAUNCH_PORT, MINIHOST_LAUNCH_ARGS (JSON array)
//                      (optional) also check automator.launch({cliPath, projectPath})
//
// Run by e2e/automator_test.go (go test ./e2e -run TestAutomatorSDK).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import automator from 'miniprogram-automator';

const wsEndpoint = process.env.MINIHOST_AUTO_WS;
if (!wsEndpoint) throw new Error('MINIHOST_AUTO_WS is not set (see the top of this file)');

/** @type {import('miniprogram-automator/out/MiniProgram').default} */
let mp;
let page;

// The SDK has no timeouts; a test waits for page state with one.
async function until(what, fn, ms = 5000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

async function home() {
  page = await mp.reLaunch('/pages/index/index');
  assert.equal(page.path, 'pages/index/index');
  return page;
}

before(async () => {
  mp = await automator.connect({ wsEndpoint });
  page = await mp.currentPage();
});

after(async () => {
  if (mp) mp.disconnect();
});

test('currentPage, pageStack and systemInfo', async () => {
  page = await home();
  assert.ok(page.id, 'the page has an id');
  const stack = await mp.pageStack();
  assert.deepEqual(stack.map((p) => p.path), ['pages/index/index']);
  const info = await mp.systemInfo();
  assert.match(info.SDKVersion, /^\d+\.\d+\.\d+$/);
  assert.ok(info.windowWidth > 0 && info.pixelRatio > 0, JSON.stringify(info));
});

test('$ with no match answers null at once', async () => {
  const start = Date.now();
  assert.equal(await page.$('#no-such-element'), null);
  assert.equal(await page.$('.nothing .at-all'), null);
  assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
  assert.deepEqual(await page.$$('.nothing'), []);
});

test('tap, data, setData, callMethod', async () => {
  await page.setData({ count: 0 });
  const btn = await page.$('#btn-count');
  assert.equal(btn.tagName, 'button');
  await btn.tap();
  await btn.tap();
  assert.equal(await page.data('count'), 2);
  assert.equal(await (await page.$('#count')).text(), '2');
  await page.setData({ count: 10 });
  assert.equal(await (await page.$('#count')).text(), '10', 'setData re-renders');
  assert.equal(await page.callMethod('add', 5), 15);
  assert.equal((await page.data()).count, 15);
  assert.equal(await page.waitFor(async () => (await page.data('count')) === 15), undefined);
  await page.waitFor('#btn-count');
});

test('element queries and properties', async () => {
  const items = await page.$$('.item');
  assert.equal(items.length, 3);
  assert.equal(await items[1].text(), 'banana');
  assert.equal(await items[2].attribute('class'), 'item');
  assert.equal(await items[0].style('color'), 'rgb(7, 193, 96)');
  const size = await items[0].size();
  assert.ok(size.width > 0 && size.height > 0, JSON.stringify(size));
  const off = await items[0].offset();
  assert.ok(off.top > 0, JSON.stringify(off));
  const list = await page.$('.list');
  assert.equal((await list.$$('.item')).length, 3);
  assert.equal(await (await list.$('.item')).text(), 'apple');
  assert.equal(await list.$('.missing'), null);
  assert.match(await list.wxml(), /apple/);
  assert.match(await list.outerWxml(), /^<view/);
  const byXpath = await page.xpath('//*[@id="title"]');
  assert.ok(byXpath, 'xpath finds the title');
  assert.equal(await byXpath.text(), 'Automator fixture');
  assert.equal((await page.getElementsByXpath('//*[contains(@class,"item")]')).length, 3);
  const pageSize = await page.size();
  assert.ok(pageSize.width > 0 && pageSize.height > 0, JSON.stringify(pageSize));
});

test('input, value and property', async () => {
  const input = await page.$('#name');
  assert.equal(input.tagName, 'input');
  await input.input('Ada');
  await until('the bindinput handler', async () => (await page.data('name')) === 'Ada');
  assert.equal(await input.value(), 'Ada');
  assert.equal(await input.property('placeholder'), 'Your name');
});

test('custom component: data, setData, callMethod, $ inside', async () => {
  const counter = await page.$('#counter');
  assert.equal(counter.tagName, 'counter');
  assert.equal(await counter.data('value'), 5);
  assert.equal(await counter.callMethod('bump', 2), 7);
  await counter.setData({ value: 1 });
  assert.equal(await (await counter.$('.value')).text(), '1');
  await (await counter.$('.plus')).tap();
  assert.equal(await counter.data('value'), 2);
  assert.equal(await page.data('fromCounter'), 2, "the component's triggerEvent reached the page");
});

test('built-in components: scroll-view, swiper, slider, switch, movable-view', async () => {
  const scroller = await page.$('#scroller');
  await scroller.scrollTo(0, 50);
  assert.equal(await scroller.property('scrollTop'), 50);
  assert.ok((await scroller.scrollHeight()) > 80);
  assert.ok((await scroller.scrollWidth()) > 0);
  const swiper = await page.$('#swiper');
  await swiper.swipeTo(2);
  assert.equal(await swiper.property('current'), 2);
  const slider = await page.$('#slider');
  await slider.slideTo(60);
  await until('slider bindchange', async () => (await page.data('slide')) === 60);
  const sw = await page.$('#switch');
  await sw.tap();
  assert.equal(await sw.property('checked'), true);
  const movable = await page.$('#movable');
  await movable.moveTo(30, 20);
  assert.equal(await movable.property('x'), 30);
  assert.equal(await movable.property('y'), 20);
});

test('touch events, longpress, trigger and dispatchEvent', async () => {
  await page.setData({ count: 0 });
  const btn = await page.$('#btn-count');
  const touch = { identifier: 0, pageX: 10, pageY: 10, clientX: 10, clientY: 10 };
  await btn.touchstart({ touches: [touch], changedTouches: [touch] });
  await btn.touchmove({ touches: [touch], changedTouches: [touch] });
  await btn.touchend({ touches: [], changedTouches: [touch] });
  await btn.longpress();
  await btn.trigger('tap');
  assert.equal(await page.data('count'), 1, 'trigger("tap") ran the bound handler');
  await btn.dispatchEvent({ eventName: 'tap' });
  assert.equal(await page.data('count'), 2, 'dispatchEvent tap ran the bound handler');
});

test("mockWxMethod: the page's own wx.showToast gets the mock; restore undoes it", async () => {
  await page.setData({ toast: '' });
  await mp.mockWxMethod('showToast', { errMsg: 'showToast:ok (mocked)' });
  await (await page.$('#btn-toast')).tap();
  await until('the mocked toast', async () => (await page.data('toast')) === 'showToast:ok (mocked)');
  await mp.restoreWxMethod('showToast');
  await page.setData({ toast: '' });
  await (await page.$('#btn-toast')).tap();
  await until('the real toast', async () => (await page.data('toast')) === 'showToast:ok');

  await mp.mockWxMethod('getStorageSync', function (key, fallback) { return `${key}:${fallback}`; }, 'unknown');
  assert.equal(await mp.callWxMethod('getStorageSync', 'token'), 'token:unknown');
  await mp.restoreWxMethod('getStorageSync');
  assert.equal(await mp.callWxMethod('getStorageSync', 'token'), '');
});

test('callWxMethod: sync answers, async answers, failures reject', async () => {
  await mp.callWxMethod('setStorageSync', 'k', 'v');
  assert.equal(await mp.callWxMethod('getStorageSync', 'k'), 'v');
  const res = await mp.callWxMethod('getStorage', { key: 'k' });
  assert.equal(res.data, 'v');
  await assert.rejects(mp.callWxMethod('getStorage', { key: 'no-such-key' }), /getStorage:fail/);
});

test('evaluate and exposeFunction', async () => {
  assert.equal(await mp.evaluate(() => getApp().globalData.greeting), 'hello from app.js');
  assert.equal(await mp.evaluate((a, b) => a + b, 2, 3), 5);
  assert.equal(await mp.evaluate(async () => getCurrentPages().length), 1);
  const calls = [];
  await mp.exposeFunction('onFixtureHit', (...args) => calls.push(args));
  await mp.evaluate(() => onFixtureHit('x', 2));
  await until('the exposed function call', async () => calls.length === 1);
  assert.deepEqual(calls[0], ['x', 2]);
});

test('console and exception events', async () => {
  const logs = [];
  const errors = [];
  mp.on('console', (msg) => logs.push(msg));
  mp.on('exception', (e) => errors.push(e));
  try {
    await page.setData({ count: 0 });
    await (await page.$('#btn-count')).tap();
    const log = await until('App.logAdded', async () => logs.find((l) => l.args && l.args[0] === 'count is'));
    assert.equal(log.type, 'log');
    assert.deepEqual(log.args, ['count is', 1, { count: 1 }]);
    await (await page.$('#btn-fail-later')).tap();
    const ex = await until('App.exceptionThrown', async () => errors.find((e) => /fixture failure in a timer/.test(e.message)));
    assert.match(ex.stack, /fixture failure in a timer/);
  } finally {
    mp.removeAllListeners('console');
    mp.removeAllListeners('exception');
  }
});

// On a phone and in DevTools an error thrown by an event handler is an
// exception too (the framework catches it, the host reports it).
test('exception event for an error thrown by an event handler', async () => {
  const errors = [];
  mp.on('exception', (e) => errors.push(e));
  try {
    await (await page.$('#btn-fail')).tap();
    const ex = await until('App.exceptionThrown', async () => errors.find((e) => /fixture failure on purpose/.test(e.message)));
    assert.equal(typeof ex.stack, 'string');
  } finally {
    mp.removeAllListeners('exception');
  }
});

test('native(): confirmModal and cancelModal answer the page’s wx.showModal', async () => {
  await page.setData({ modal: '' });
  await (await page.$('#btn-modal')).tap();
  await mp.native().confirmModal();
  await until('the modal answer', async () => (await page.data('modal')) === 'confirm');
  await (await page.$('#btn-modal')).tap();
  await mp.native().cancelModal();
  await until('the modal answer', async () => (await page.data('modal')) === 'cancel');
  await assert.rejects(mp.native().confirmModal(), /no modal/);
});

test('native(): authorizeAllow answers minihost’s real authorization prompt', async () => {
  await page.setData({ auth: '' });
  await (await page.$('#btn-authorize')).tap();
  assert.equal(await page.data('auth'), '', 'the prompt waits for an answer');
  await mp.native().authorizeAllow();
  await until('authorize success', async () => (await page.data('auth')) === 'authorize:ok');
  const setting = await mp.callWxMethod('getSetting');
  assert.equal(setting.authSetting['scope.userLocation'], true);
});

test('native(): authorizeCancel refuses, and no prompt is a clear error', async () => {
  await page.setData({ record: '' });
  await (await page.$('#btn-record')).tap();
  await mp.native().authorizeCancel();
  await until('authorize refused', async () => (await page.data('record')) === 'authorize:fail auth deny');
  await assert.rejects(mp.native().authorizeCancel(), /no authorization prompt/);
});

test('a tap is a user gesture: getUserProfile prompts, authorizeAllow answers', async () => {
  await page.setData({ profile: '' });
  await (await page.$('#btn-profile')).tap();
  await mp.native().authorizeAllow();
  const name = await until('the profile', async () => page.data('profile'));
  const accounts = await mp.testAccounts();
  assert.ok(accounts.some((a) => a.nickName === name), `getUserProfile answered ${JSON.stringify(name)}, not a persona's nickName`);
});

test('wx.login from the page', async () => {
  await page.setData({ loginCode: '' });
  await (await page.$('#btn-login')).tap();
  const code = await until('a login code', async () => page.data('loginCode'));
  assert.match(code, /^[\w-]{8,}$/);
});

test('SOTER: startSoterAuthentication answered by a finger', async () => {
  await page.setData({ soter: '' });
  await (await page.$('#btn-soter')).tap();
  await until('the SOTER call to start', async () => (await page.data('soter')) === 'waiting');
  if (process.env.MINIHOST_FINGER_URL) {
    const res = await fetch(process.env.MINIHOST_FINGER_URL);
    assert.equal(res.status, 200, await res.text());
  } else {
    await mp.native().authorizeAllow(); // the simulated reader: a matching finger
  }
  await until('SOTER success', async () => (await page.data('soter')) === 'startSoterAuthentication:ok', 15000);
  const result = JSON.parse(await page.data('soterResult'));
  assert.equal(result.raw, 'automator-challenge');
});

test('navigation: navigateTo, navigateBack, redirectTo, switchTab, reLaunch, pageScrollTo', async () => {
  let p = await mp.navigateTo('/pages/detail/detail?id=3');
  assert.equal(p.path, 'pages/detail/detail');
  assert.deepEqual(p.query, { id: '3' });
  assert.equal(await (await p.$('#detail-id')).text(), 'item 3');
  assert.equal((await mp.pageStack()).length, 2);
  p = await mp.navigateBack();
  assert.equal(p.path, 'pages/index/index');
  p = await mp.switchTab('/pages/me/me');
  assert.equal(p.path, 'pages/me/me');
  assert.equal(await (await p.$('#me-greeting')).text(), 'hello from app.js');
  p = await mp.reLaunch('/pages/index/index');
  p = await mp.navigateTo('/pages/detail/detail?id=4');
  p = await mp.redirectTo('/pages/detail/detail?id=5');
  assert.deepEqual(p.query, { id: '5' });
  assert.equal((await mp.pageStack()).length, 2);
  page = await home();
  await mp.pageScrollTo(300);
  await until('the page to scroll', async () => (await page.scrollTop()) >= 250);
  await mp.pageScrollTo(0);
});

test('native(): switchTab, goHome, navigateLeft', async () => {
  await mp.native().switchTab({ url: '/pages/me/me' });
  await until('the Me tab', async () => (await mp.currentPage()).path === 'pages/me/me');
  await mp.native().goHome();
  await until('the home page', async () => (await mp.currentPage()).path === 'pages/index/index');
  await (await (await mp.currentPage()).$('#btn-detail')).tap();
  await until('the detail page', async () => (await mp.currentPage()).path === 'pages/detail/detail');
  await mp.native().navigateLeft();
  await until('back home', async () => (await mp.currentPage()).path === 'pages/index/index');
  page = await mp.currentPage();
});

test('screenshot', async () => {
  const b64 = await mp.screenshot();
  const png = Buffer.from(b64, 'base64');
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const dir = mkdtempSync(join(tmpdir(), 'minihost-shot-'));
  try {
    const path = join(dir, 'home.png');
    await mp.screenshot({ path });
    assert.equal(readFileSync(path).subarray(1, 4).toString(), 'PNG');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('testAccounts lists the personas', async () => {
  const accounts = await mp.testAccounts();
  assert.ok(accounts.length >= 3, JSON.stringify(accounts));
  for (const a of accounts) {
    assert.equal(typeof a.nickName, 'string');
    assert.match(a.openid, /\S{8,}/);
  }
});

test('DevTools-only calls answer an error, not a hang', async () => {
  await assert.rejects(mp.remote(), /not available in minihost/);
  await assert.rejects(mp.getTicket(), /not available in minihost/);
});

test('disconnect and connect again: a new session starts clean', async () => {
  await mp.mockWxMethod('getStorageSync', { mocked: true });
  assert.deepEqual(await mp.callWxMethod('getStorageSync', 'k'), { mocked: true });
  mp.disconnect();
  mp = await automator.connect({ wsEndpoint });
  assert.equal(await mp.callWxMethod('getStorageSync', 'k'), 'v', 'the old session’s mock is gone');
  page = await mp.currentPage();
  assert.ok(page.path);
});

test('a live reload (a saved file) keeps the session’s mock', { skip: !process.env.MINIHOST_FIXTURE_COPY && 'MINIHOST_FIXTURE_COPY not set' }, async () => {
  await mp.mockWxMethod('getStorageSync', { fromMock: 'before the save' });
  await mp.evaluate(() => { window.__beforeSave = true; });
  appendFileSync(join(process.env.MINIHOST_FIXTURE_COPY, 'app.wxss'), '\n/* saved by the test */\n');
  await until('the reload', async () => {
    try {
      return (await mp.evaluate(() => window.__beforeSave !== true)) === true;
    } catch {
      return false; // the document is being replaced
    }
  }, 15000);
  assert.deepEqual(await mp.callWxMethod('getStorageSync', 'k'), { fromMock: 'before the save' });
  await mp.restoreWxMethod('getStorageSync');
  assert.equal(await mp.callWxMethod('getStorageSync', 'k'), 'v');
});

test('close answers App.exit and Tool.close', async () => {
  await mp.close();
  mp = await automator.connect({ wsEndpoint }); // the host is still there
  assert.ok((await mp.currentPage()).path);
});

test('automator.launch({cliPath, projectPath})', { skip: !process.env.MINIHOST_CLI && 'MINIHOST_CLI not set' }, async () => {
  const launched = await automator.launch({
    cliPath: process.env.MINIHOST_CLI,
    projectPath: process.env.MINIHOST_FIXTURE,
    port: Number(process.env.MINIHOST_LAUNCH_PORT),
    args: JSON.parse(process.env.MINIHOST_LAUNCH_ARGS || '[]'),
    timeout: 60000,
  });
  try {
    const p = await launched.currentPage();
    assert.equal(p.path, 'pages/index/index');
    await (await p.$('#btn-count')).tap();
    assert.equal(await p.data('count'), 1);
  } finally {
    await launched.close();
  }
});
