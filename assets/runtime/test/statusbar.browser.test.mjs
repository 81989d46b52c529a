// Issue 14: the phone's status bar and safe area, drawn under the simulator's
// device emulation (CDP device metrics + user agent, as ui/simulator sets
// them), in real headless Chromium on testdata/apis; none on a desktop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { serve } from './server.mjs';
import { launch, hasChromium } from './cdp.mjs';
import { deviceFrame, safeAreaOf } from '../src/statusbar.js';
import { safeAreaVars } from '../src/wxss.js';

const here = dirname(fileURLToPath(import.meta.url));
const skip = !hasChromium() || !existsSync(join(here, '..', 'dist', 'runtime.js')) ? 'no chromium or no dist' : false;
const IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 minihost';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.50 minihost';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
let browser;
let srv;

before(async () => {
  if (skip) return;
  srv = await serve(join(here, '..', 'testdata', 'apis'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

// open loads path in a new tab emulating the device (null: the plain desktop window).
// dev.sh: a screen height other than the window's.
async function open(dev, path) {
  const p = await browser.newPage();
  if (dev) {
    await p.send('Emulation.setDeviceMetricsOverride', { width: dev.w, height: dev.h, deviceScaleFactor: dev.dpr, mobile: true, screenWidth: dev.w, screenHeight: dev.sh ?? dev.h });
    await p.send('Emulation.setUserAgentOverride', { userAgent: dev.ua });
  }
  await p.goto(`http://127.0.0.1:${srv.port}/?path=${path}`);
  await p.waitFor('!!window.__minihost && !!document.querySelector(".mh-page")');
  return p;
}
const box = (p, sel) => p.eval(`(() => { const e = document.querySelector(${JSON.stringify(sel)}); if (!e || e.hidden) return null; const r = e.getBoundingClientRect(); return r.height ? JSON.parse(JSON.stringify(r)) : null; })()`);

test('deviceFrame: notched iPhone, small iPhone, Android, iPad, desktop', () => {
  assert.deepEqual(deviceFrame(IOS, 852), { shown: true, statusBarHeight: 47, bottomInset: 34 });
  assert.deepEqual(deviceFrame(IOS, 667), { shown: true, statusBarHeight: 20, bottomInset: 0 });
  assert.deepEqual(deviceFrame(ANDROID, 915), { shown: true, statusBarHeight: 28, bottomInset: 0 });
  assert.deepEqual(deviceFrame(IOS.replace('iPhone; CPU iPhone OS', 'iPad; CPU OS'), 1024), { shown: true, statusBarHeight: 20, bottomInset: 0 });
  assert.deepEqual(deviceFrame(DESKTOP, 1080), { shown: false, statusBarHeight: 0, bottomInset: 0 });
  assert.deepEqual(safeAreaOf({ statusBarHeight: 47, bottomInset: 34 }, 393, 852), { left: 0, right: 393, top: 47, bottom: 818, width: 393, height: 771 });
});

test('env(safe-area-inset-*) and constant() read the drawn safe area', () => {
  assert.equal(safeAreaVars('.a{padding-bottom:env(safe-area-inset-bottom);margin:constant(safe-area-inset-top, 4px)}'),
    '.a{padding-bottom:var(--mh-safe-area-inset-bottom);margin:var(--mh-safe-area-inset-top, 4px)}');
  assert.equal(safeAreaVars('.a{top:env(keyboard-inset-top)}'), '.a{top:env(keyboard-inset-top)}');
});

test('iPhone 15: a 47 px status bar, the capsule below it, a 34 px bottom inset under the tabBar', { skip }, async () => {
  const p = await open({ w: 393, h: 852, dpr: 3, ua: IOS }, 'pages/home/home');
  const sb = await box(p, '.mh-statusbar');
  assert.ok(sb, 'status bar drawn');
  assert.equal(sb.top, 0);
  assert.equal(sb.height, 47);
  assert.match(await p.eval(`document.querySelector('.mh-sb-time').textContent`), /^\d\d:\d\d$/);
  assert.equal(await p.eval(`document.querySelectorAll('.mh-statusbar svg').length`), 3);
  const nav = await box(p, '.mh-navbar');
  assert.equal(nav.top, 47);
  const info = await p.eval('wx.getSystemInfoSync()');
  assert.equal(info.statusBarHeight, 47);
  assert.equal(info.windowHeight, 852 - 47 - 44 - 50 - 34, 'windowHeight: the page area between the bars');
  assert.equal(info.windowHeight, (await box(p, '.mh-pages')).height);
  assert.equal(await p.eval('getCurrentPages()[0].data.windowHeight'), info.windowHeight, 'the same in the first page\'s onLoad, before the chrome is shown');
  assert.equal(info.screenHeight, 852);
  assert.deepEqual(info.safeArea, { left: 0, right: 393, top: 47, bottom: 852 - 34, width: 393, height: 852 - 34 - 47 });
  assert.deepEqual((await p.eval('wx.getWindowInfo()')).safeArea, info.safeArea);
  const rect = await p.eval('wx.getMenuButtonBoundingClientRect()');
  const cap = await box(p, '.mh-capsule');
  for (const k of ['width', 'height', 'top', 'left', 'right', 'bottom']) assert.equal(rect[k], cap[k], k);
  assert.equal(rect.top, 47 + 6, 'capsule centred in the navigation bar below the status bar');
  const tab = await box(p, '.mh-tabbar');
  assert.equal(tab.bottom, 852);
  const label = await box(p, '.mh-tab');
  assert.equal(label.bottom, 852 - 34, 'tab items end above the inset');
  assert.equal(await p.eval(`getComputedStyle(document.documentElement).getPropertyValue('--mh-safe-area-inset-bottom').trim()`), '34px');
  await p.close();
});

test('iPhone 15, navigationStyle custom: the page starts at 0 under the status bar, the capsule below it', { skip }, async () => {
  const p = await open({ w: 393, h: 852, dpr: 3, ua: IOS }, 'pages/custom/custom');
  await p.waitFor(`!!document.querySelector('#custom')`);
  assert.equal((await box(p, '.mh-statusbar')).height, 47);
  assert.equal(await box(p, '.mh-navbar'), null);
  assert.equal((await box(p, '.mh-pages')).top, 0);
  assert.equal((await p.eval('wx.getWindowInfo()')).windowHeight, (await box(p, '.mh-pages')).height, 'custom: the page area starts under the status bar');
  assert.equal(await p.eval(`getComputedStyle(document.querySelector('.mh-statusbar')).backgroundColor`), 'rgba(0, 0, 0, 0)');
  const rect = await p.eval('wx.getMenuButtonBoundingClientRect()');
  const cap = await box(p, '.mh-capsule');
  for (const k of ['width', 'height', 'top', 'left', 'right', 'bottom']) assert.equal(rect[k], cap[k], k);
  assert.equal(rect.top, 53);
  await p.close();
});

test('iPhone SE: a 20 px status bar and no inset; Pixel 7: 28 px', { skip }, async () => {
  const p = await open({ w: 375, h: 667, dpr: 2, ua: IOS }, 'pages/home/home');
  assert.equal((await box(p, '.mh-statusbar')).height, 20);
  const info = await p.eval('wx.getSystemInfoSync()');
  assert.equal(info.statusBarHeight, 20);
  assert.equal(info.safeArea.bottom, 667);
  assert.equal((await box(p, '.mh-tabbar')).bottom, 667);
  assert.equal((await box(p, '.mh-tab')).bottom, 667);
  assert.equal((await p.eval('wx.getMenuButtonBoundingClientRect()')).top, 26);
  await p.close();
  const a = await open({ w: 412, h: 915, dpr: 2.625, ua: ANDROID }, 'pages/home/home');
  assert.equal((await box(a, '.mh-statusbar')).height, 28);
  assert.equal((await a.eval('wx.getSystemInfoSync()')).statusBarHeight, 28);
  await a.close();
});

test('desktop window: no status bar, the capsule and system info as before', { skip }, async () => {
  const p = await open(null, 'pages/home/home');
  assert.equal(await p.eval(`document.querySelector('.mh-statusbar')`), null);
  assert.equal((await box(p, '.mh-navbar')).top, 0);
  const info = await p.eval('wx.getSystemInfoSync()');
  assert.equal(info.statusBarHeight, 0);
  assert.equal(info.windowHeight, (await p.eval('innerHeight')) - 44 - 50);
  assert.equal((await p.eval('wx.getMenuButtonBoundingClientRect()')).top, 6);
  assert.equal((await box(p, '.mh-tabbar')).bottom, await p.eval('innerHeight'));
  await p.close();
});

test('a window that is not the screen (headless Chromium\'s 600 px screen): screenHeight is the window, never less than the page area', { skip }, async () => {
  const p = await open({ w: 390, h: 700, sh: 600, dpr: 2, ua: IOS }, 'pages/home/home');
  const info = await p.eval('wx.getSystemInfoSync()');
  assert.equal(await p.eval('screen.height'), 600);
  assert.deepEqual([info.screenWidth, info.screenHeight], [390, 700]);
  assert.ok(info.windowHeight < info.screenHeight, `windowHeight ${info.windowHeight} < screenHeight ${info.screenHeight}`);
  assert.equal(info.safeArea.bottom, 700);
  await p.close();
});
