// testdata/realstyle: a mini program written the way published ones are
// (vant/tdesign-style WXS and components, iView's `var class`, getApp() at a
// helper's top, ext config, wx.cloud, a missing component, a missing .wxs, a
// broken page), in headless Chromium: every page but the broken one renders
// with no error, and the broken one degrades alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { serve } from './server.mjs';
import { launch, hasChromium } from './cdp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const skip = !hasChromium() || !existsSync(join(here, '..', 'dist', 'runtime.js')) ? 'no chromium or no dist' : false;
let browser;
let srv;
let brokenSrv;
let tab;

before(async () => {
  if (skip) return;
  srv = await serve(join(here, '..', 'testdata', 'realstyle'));
  brokenSrv = await serve(join(here, '..', 'testdata', 'realstyle-broken'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
  brokenSrv?.server.close();
});

async function open(search = '', server = srv) {
  tab ??= await browser.newPage();
  await tab.eval('window.__stale = true');
  await tab.goto(`http://127.0.0.1:${server.port}/${search}`);
  await tab.waitFor('!window.__stale && !!window.__minihost');
  return tab;
}
const overlay = (p) => p.eval(`[...document.querySelectorAll('.mh-overlay-item')].map((e) => e.textContent)`);
const rendered = (p) => p.waitFor(`performance.getEntriesByName('minihost:rendered').length > 0 || document.querySelector('.mh-overlay-item')`);

test('realstyle home: WXS require with .wxs, reserved names, components, relations, selectComponent, getApp before App', { skip }, async () => {
  const p = await open();
  await rendered(p);
  assert.equal(await p.waitFor(`document.querySelector('#reset')?.textContent`), 'reset');
  assert.deepEqual(await overlay(p), []);
  assert.equal(await p.eval(`document.querySelector('#user').textContent`), 'user: ada');
  assert.equal(await p.eval(`document.querySelector('#launched').textContent`), 'launched: true');
  // utils.wxs → require('./bem.wxs'): the vant class names
  assert.equal(await p.eval(`document.querySelector('#inner').className.split(' ').filter((c) => /van-button/.test(c)).length === 2 && document.querySelector('#inner').className.includes('van-button--primary')`), true);
  // WXS `constructor` is the type's name: style.wxs turns an array of an
  // object and a string into inline CSS, as vant's does
  assert.deepEqual(await p.eval(`(() => { const s = getComputedStyle(document.querySelector('#inner')); return [s.borderTopLeftRadius, s.letterSpacing, s.color]; })()`), ['6px', '1px', 'rgb(1, 2, 3)']);
  // `var class` in an inline wxs
  assert.equal(await p.eval(`document.querySelector('#step').textContent`), 'step-process');
  // a property named `dataset`, an observer named by string, a form-field behavior
  assert.equal(await p.eval(`document.querySelector('#inner text').textContent`), '100');
  assert.deepEqual(await p.eval(`(() => { const d = getCurrentPages()[0].selectComponent('#btn').data; return [d.seen, d.name, d.dataset]; })()`), ['Go', '', { id: 7 }]);
  // wx.createSelectorQuery().in(this) from attached, before the page is shown
  assert.equal(await p.waitFor(`getCurrentPages()[0].selectComponent('#btn').data.measured`), 'measured');
  // relations
  assert.equal(await p.waitFor(`document.querySelector('#group-count')?.textContent === 'items: 2' && 'ok'`), 'ok');
  // template spread data, a missing .wxs (empty module)
  assert.equal(await p.eval(`document.querySelector('#row-2').textContent.trim()`), 'b');
  // a component whose path does not exist: its placeholder, the page goes on
  assert.match(await p.eval(`document.querySelector('.mh-page').textContent`), /fallback|ui-gone/);
  // wx.cloud.init is a no-op, wx.cloud.callFunction fails with an errMsg
  assert.match(await p.waitFor(`getCurrentPages()[0].cloudErr`), /^cloud\.callFunction:fail/);
  assert.equal(await p.eval(`getApp().globalData.touched`), true);
  assert.equal(await p.eval(`getApp().globalData.sub`), 'main');
  assert.equal(await p.eval(`document.querySelector('#sdk').textContent`), 'sdk ok');
  assert.deepEqual(await p.waitFor(`getCurrentPages()[0].observed`), { id: 'month-1', date: 1700000000000 });
  assert.equal(await p.waitFor(`getApp().globalData.asyncOk`), 'async loaded');
  assert.equal(await p.waitFor(`getCurrentPages()[0].observed2`), 'month-1');
  await p.click('#inner');
  assert.equal(await p.waitFor(`getCurrentPages()[0].clicked`), 1);
});

test('realstyle lazyCodeLoading: a page whose JS throws shows its error only when opened, and still renders', { skip }, async () => {
  const p = await open('?path=pages/other/other');
  const items = await p.waitFor(`(() => { const a = [...document.querySelectorAll('.mh-overlay-item')].map((e) => e.textContent); return a.length && a; })()`);
  assert.ok(items.every((t) => t.startsWith('pages/other/other.js')), JSON.stringify(items));
  assert.match(await p.waitFor(`document.querySelector('#other')?.textContent`), /^other page/);
});

test('realstyle independent subpackage: app.json global components do not reach it', { skip }, async () => {
  const p = await open('?path=solo/pages/s/s');
  await rendered(p);
  assert.equal(await p.waitFor(`document.querySelector('#solo')?.textContent`), 'solo false');
  assert.deepEqual(await overlay(p), []);
});

test('realstyle subpackage page renders with the main package components', { skip }, async () => {
  const p = await open('?path=pkg/pages/deep/deep');
  await rendered(p);
  assert.equal(await p.waitFor(`document.querySelector('#deep')?.textContent`), 'deep ada');
  assert.equal(await p.eval(`document.querySelector('#step').textContent`), 'step-finish');
  assert.deepEqual(await overlay(p), []);
});

test('realstyle-broken: a template the runtime cannot evaluate is left out and named; the other page renders', { skip }, async () => {
  const p = await open('', brokenSrv);
  assert.equal(await p.waitFor(`document.querySelector('#good')?.textContent`), 'good 1');
  const items = await p.waitFor(`(() => { const a = [...document.querySelectorAll('.mh-overlay-item')].map((e) => e.textContent); return a.length && a; })()`);
  assert.equal(items.length, 1, JSON.stringify(items));
  assert.match(items[0], /^pages\/broken\/broken\.wxml.*left out/);
  // the broken page itself opens (empty), the app goes on
  await p.eval(`wx.navigateTo({ url: '/pages/broken/broken' })`);
  assert.equal(await p.waitFor(`getCurrentPages().length === 2 && getCurrentPages()[1].route`), 'pages/broken/broken');
  await p.eval(`wx.navigateBack()`);
  assert.equal(await p.waitFor(`getCurrentPages().length === 1 && document.querySelector('#good')?.textContent`), 'good 1');
});
