// Issue 12's interaction and system APIs, and the stubs of every other wx
// API, in real headless Chromium (testdata/apis), answered by real clicks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { serve } from './server.mjs';
import { launch, hasChromium } from './cdp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const skip = !hasChromium() || !existsSync(join(here, '..', 'dist', 'runtime.js')) ? 'no chromium or no dist' : false;
let browser;
let srv;
let tab;

before(async () => {
  if (skip) return;
  srv = await serve(join(here, '..', 'testdata', 'apis'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

async function open(search = '') {
  tab ??= await browser.newPage();
  await tab.eval('window.__stale = true');
  await tab.goto(`http://127.0.0.1:${srv.port}/${search}`);
  await tab.waitFor('!window.__stale && !!window.__minihost');
  return tab;
}
const text = (p, sel) => p.eval(`document.querySelector(${JSON.stringify(sel)})?.textContent ?? null`);

test('a page that makes a dozen unsupported managers and contexts at top level renders', { skip }, async () => {
  const p = await open('?path=pages/stubs/stubs');
  assert.equal(await p.waitFor(`document.querySelector('#stubs')?.textContent`), 'stubs page rendered: 11');
  assert.equal(await p.waitFor('globalThis.__requestFail'), 'preDownloadSubpackage:fail not supported in minihost');
  assert.equal(await p.eval('globalThis.__ble'), 'exists');
  assert.equal(await p.eval(`document.querySelectorAll('.mh-overlay-item').length`), 0);
  // one warning per name, however often it is called
  // (log posts are held until the first render, so they may arrive after it)
  const recorderWarns = () => srv.logs.filter((l) => l.level === 'warn' && /wx\.createMapContext is not supported/.test(l.message));
  for (let end = Date.now() + 5000; recorderWarns().length === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
  await p.eval(`wx.createMapContext('m'); 1`); // called again: still one warning
  await new Promise((r) => setTimeout(r, 500));
  const warns = recorderWarns();
  assert.equal(warns.length, 1, JSON.stringify(warns));
  // sync stubs throw the phone's message, async ones reject
  assert.equal(await p.eval(`(() => { try { wx.getBatteryInfoSync(); return 'no throw'; } catch (e) { return e.message; } })()`), 'getBatteryInfoSync:fail not supported in minihost');
  assert.deepEqual(await p.eval(`wx.startWifi().then(() => 'resolved', (e) => e)`), { errMsg: 'startWifi:fail not supported in minihost' });
});

test('showActionSheet and an editable showModal answered by real clicks and typing', { skip }, async () => {
  const p = await open();
  await p.click('#sheet');
  await p.waitFor(`document.querySelectorAll('.mh-sheet-item').length === 3`);
  await p.click('.mh-sheet-item:nth-of-type(2)');
  assert.equal(await p.waitFor(`document.querySelector('#answer')?.textContent === 'sheet 1' && 'sheet 1'`), 'sheet 1');
  assert.equal(await p.eval(`!!document.querySelector('.mh-sheet')`), false);
  await p.click('#sheet');
  await p.click('.mh-sheet-cancel');
  assert.equal(await p.waitFor(`/fail/.test(document.querySelector('#answer')?.textContent) && document.querySelector('#answer').textContent`), 'showActionSheet:fail cancel');

  await p.click('#ask');
  await p.click('.mh-modal-input');
  await p.type('Zhang San');
  await p.click('.mh-modal-confirm');
  assert.equal(await p.waitFor(`/^ok:/.test(document.querySelector('#answer')?.textContent) && document.querySelector('#answer').textContent`), 'ok:Zhang San');
});

test('showToast is visible; tabBar badge and red dot; navigation bar loading; pageScrollTo', { skip }, async () => {
  const p = await open();
  await p.waitFor(`!!document.querySelector('#top')`);
  await p.eval(`wx.showToast({ title: 'Saved', icon: 'success', duration: 5000 }); 1`);
  const box = await p.waitFor(`(() => { const b = document.querySelector('.mh-toast-box'); if (!b) return null; const r = b.getBoundingClientRect(); const s = getComputedStyle(b); return { w: r.width, h: r.height, text: b.textContent, inView: r.top >= 0 && r.bottom <= innerHeight && s.visibility === 'visible' && s.opacity === '1' && getComputedStyle(b.parentNode).zIndex === '5000' }; })()`);
  assert.ok(box.w > 50 && box.h > 30, JSON.stringify(box));
  assert.equal(box.inView, true);
  assert.match(box.text, /Saved/);
  await p.eval(`wx.hideToast()`);

  assert.deepEqual(await p.eval(`wx.setTabBarBadge({ index: 1, text: '3' })`), { errMsg: 'setTabBarBadge:ok' });
  const badge = await p.eval(`(() => { const b = document.querySelectorAll('.mh-tab')[1].querySelector('.mh-tab-badge'); const r = b.getBoundingClientRect(); return { text: b.textContent, w: r.width, bg: getComputedStyle(b).backgroundColor }; })()`);
  assert.deepEqual(badge, { text: '3', w: 16, bg: 'rgb(250, 81, 81)' });
  // the tabBar is drawn again when the colour scheme changes: the badge stays
  await p.eval(`document.querySelectorAll('.mh-tab')[1].__drawnBefore = true`);
  await p.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  try {
    await p.waitFor(`!document.querySelectorAll('.mh-tab')[1]?.__drawnBefore`);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await p.eval(`document.querySelectorAll('.mh-tab')[1]?.querySelector('.mh-tab-badge')?.textContent`), '3');
  } finally {
    await p.send('Emulation.setEmulatedMedia', { features: [] });
  }
  await p.eval(`wx.removeTabBarBadge({ index: 1 })`);
  assert.equal(await p.eval(`document.querySelectorAll('.mh-tab-badge').length`), 0);
  await p.eval(`wx.showTabBarRedDot({ index: 0 })`);
  assert.equal(await p.eval(`document.querySelectorAll('.mh-tab')[0].querySelector('.mh-tab-reddot').getBoundingClientRect().width`), 10);
  await p.eval(`wx.hideTabBarRedDot({ index: 0 })`);
  assert.equal(await p.eval(`document.querySelectorAll('.mh-tab-badge').length`), 0);
  assert.deepEqual(await p.eval(`wx.setTabBarBadge({ index: 7, text: '1' }).catch((e) => e)`), { errMsg: 'setTabBarBadge:fail tabbar item not found' });

  await p.eval(`wx.showNavigationBarLoading()`);
  assert.equal(await p.eval(`getComputedStyle(document.querySelector('.mh-navbar-title'), '::before').animationName`), 'mh-spin');
  await p.eval(`wx.hideNavigationBarLoading()`);
  assert.equal(await p.eval(`getComputedStyle(document.querySelector('.mh-navbar-title'), '::before').content`), 'none');

  await p.eval(`wx.setBackgroundColor({ backgroundColor: '#ff0000' })`);
  assert.equal(await p.eval(`getComputedStyle(document.querySelector('.mh-pages')).backgroundColor`), 'rgb(255, 0, 0)');

  await p.eval(`wx.pageScrollTo({ selector: '#far', duration: 0 })`);
  const far = await p.eval(`(() => { const c = document.querySelector('.mh-page:not([hidden])'); return Math.abs(document.querySelector('#far').getBoundingClientRect().top - c.getBoundingClientRect().top) < 1; })()`);
  assert.equal(far, true);
  await p.eval(`wx.pageScrollTo({ scrollTop: 0, duration: 0 })`);
  assert.equal(await p.eval(`document.querySelector('.mh-page:not([hidden])').scrollTop`), 0);
});

test('createSelectorQuery: page and component queries, viewport, fields', { skip }, async () => {
  const p = await open();
  await p.waitFor(`!!document.querySelector('#top')`);
  const res = await p.eval(`new Promise((resolve) => {
    const q = wx.createSelectorQuery();
    q.select('#top').boundingClientRect();
    q.selectAll('.item').boundingClientRect();
    q.selectViewport().scrollOffset();
    q.select('#top').fields({ id: true, dataset: true, size: true, computedStyle: ['height'] });
    q.exec(resolve);
  })`);
  const top = await p.eval(`JSON.parse(JSON.stringify(document.querySelector('#top').getBoundingClientRect()))`);
  const area = await p.eval(`JSON.parse(JSON.stringify(document.querySelector('.mh-pages').getBoundingClientRect()))`);
  assert.equal(res[0].id, 'top');
  // relative to the page area, as the phone's web view measures: not the window
  assert.ok(area.top > 0);
  assert.deepEqual([res[0].left, res[0].top], [top.left - area.left, top.top - area.top]);
  assert.equal(res[0].height, 120);
  assert.deepEqual(res[1].map((r) => r.height), [50, 50, 50]);
  assert.deepEqual([res[2].scrollTop, res[2].scrollHeight], [0, await p.eval(`document.querySelector('.mh-page:not([hidden])').scrollHeight`)]);
  // scrolled: the viewport's scrollOffset is the page's, the rects move with it, the viewport is the page area
  const scrolled = await p.eval(`new Promise((resolve) => {
    document.querySelector('.mh-page:not([hidden])').scrollTop = 40;
    wx.createSelectorQuery().selectViewport().scrollOffset().select('#top').boundingClientRect().selectViewport().boundingClientRect().exec(resolve);
  })`);
  assert.deepEqual([scrolled[0].scrollTop, scrolled[1].top, scrolled[2].height], [40, res[0].top - 40, await p.eval('wx.getSystemInfoSync().windowHeight')]);
  await p.eval(`document.querySelector('.mh-page:not([hidden])').scrollTop = 0; 1`);
  assert.equal(res[3].id, 'top');
  assert.equal(res[3].height, 120);
  assert.equal(res[3].computedStyle?.height ?? res[3].height, res[3].computedStyle ? '120px' : 120);
  // the component's own this.createSelectorQuery() and wx's .in(component)
  const inner = await p.eval(`getCurrentPages()[0].selectComponent('#box1').measure()`);
  assert.equal(inner[0].width, 100);
  const viaIn = await p.eval(`new Promise((r) => wx.createSelectorQuery().in(getCurrentPages()[0].selectComponent('#box1')).select('.inner').boundingClientRect().exec(r))`);
  assert.equal(viaIn[0].height, 30);
  assert.equal(await p.eval(`new Promise((r) => wx.createSelectorQuery().select('.inner').boundingClientRect().exec(r)).then((x) => x[0])`), null);
});

test('an IntersectionObserver relative to the viewport observes against the page area, its margins reaching into the page\'s unscrolled part', { skip }, async () => {
  const p = await open();
  await p.waitFor(`!!document.querySelector('#far')`);
  // #far 30px below the page area's bottom: out of view, but within a 60px bottom margin (loading ahead, as lists do)
  await p.eval(`(() => { const page = document.querySelector('.mh-page:not([hidden])'); const area = document.querySelector('.mh-pages').getBoundingClientRect(); page.scrollTop += document.querySelector('#far').getBoundingClientRect().top - area.bottom - 30; return 1; })()`);
  await p.eval(`window.__io = {}; for (const bottom of [0, 60]) getCurrentPages()[0].createIntersectionObserver().relativeToViewport({ bottom }).observe('#far', (r) => { window.__io[bottom] = r.intersectionRatio; }); 1`);
  assert.ok(await p.waitFor(`window.__io[60] ?? null`) > 0.5);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(await p.eval(`window.__io[0] ?? 'silent'`), 'silent'); // out of view: no notice, as on the phone
  await p.eval(`document.querySelector('.mh-page:not([hidden])').scrollTop = 0; 1`);
});

test('canvas: a type="2d" node from SelectorQuery, a legacy canvas-id context and drawCanvas draw real pixels; canvasToTempFilePath', { skip }, async () => {
  const p = await open('?path=pages/canvas/canvas');
  const state = await p.waitFor(`(() => { const t = document.querySelector('#canvas-state')?.textContent; return t && t !== 'drawing' && t; })()`);
  assert.equal(state, 'drawn, text measured');
  // the page's own drawing, read back from the <canvas> elements on screen
  const pixels = await p.eval(`(() => {
    const [chart, poster, old] = document.querySelectorAll('wx-canvas canvas');
    const at = (c, x, y) => [...c.getContext('2d').getImageData(x, y, 1, 1).data];
    const r = (c) => c.getBoundingClientRect();
    return {
      chart: { w: chart.width, h: chart.height, css: [r(chart).width, r(chart).height], left: at(chart, 10, 10), right: at(chart, chart.width - 10, 10) },
      poster: { w: poster.width, h: poster.height, css: [r(poster).width, r(poster).height], left: at(poster, 5, 5), right: at(poster, poster.width - 5, 5) },
      old: at(old, 10, 10),
      dpr: devicePixelRatio,
    };
  })()`);
  assert.deepEqual(pixels.chart.css, [200, 100]);
  assert.deepEqual([pixels.chart.w, pixels.chart.h], [200 * pixels.dpr, 100 * pixels.dpr]);
  assert.deepEqual(pixels.chart.left, [255, 0, 0, 255]);
  assert.deepEqual(pixels.chart.right, [0, 0, 255, 255]);
  // the legacy canvas: its backing store follows its CSS size; the context draws in CSS pixels
  assert.deepEqual(pixels.poster.css, [100, 50]);
  assert.deepEqual([pixels.poster.w, pixels.poster.h], [100 * pixels.dpr, 50 * pixels.dpr]);
  assert.deepEqual(pixels.poster.left, [0, 255, 0, 255]);
  assert.deepEqual(pixels.poster.right, [0, 0, 255, 255]);
  assert.deepEqual(pixels.old, [255, 255, 0, 255]); // createContext + drawCanvas
  // the temp file is an image of destWidth × destHeight with the same halves
  const file = await p.eval(`new Promise((resolve) => {
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = img.naturalWidth; c.height = img.naturalHeight;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      resolve({ url: img.src.slice(0, 5), w: img.naturalWidth, h: img.naturalHeight, left: [...g.getImageData(10, 25, 1, 1).data], right: [...g.getImageData(90, 25, 1, 1).data] });
    };
    img.onerror = () => resolve('not an image');
    img.src = document.querySelector('#canvas-temp').textContent;
  })`);
  assert.deepEqual(file, { url: 'blob:', w: 100, h: 50, left: [0, 255, 0, 255], right: [0, 0, 255, 255] });
  // a canvas-id that is not on the page, and node() of an element that has none
  assert.deepEqual(await p.eval(`wx.canvasToTempFilePath({ canvasId: 'nope' }).then(() => 'resolved', (e) => e)`), { errMsg: 'canvasToTempFilePath:fail canvas is empty' });
  assert.equal(await p.eval(`new Promise((r) => wx.createSelectorQuery().select('#canvas-state').node().exec(r)).then((x) => x[0].node)`), null);
  const got = await p.eval(`new Promise((r) => wx.createSelectorQuery().select('#chart').node((res) => r(res.node === document.querySelector('wx-canvas canvas') && typeof res.node.createImage)).exec())`);
  assert.equal(got, 'function');
  const data = await p.eval(`wx.canvasGetImageData({ canvasId: 'poster', x: 0, y: 0, width: 1, height: 1 }).then((r) => [r.width, r.height, [...r.data.slice(0, 4)]])`);
  assert.deepEqual(data, [pixels.dpr, pixels.dpr, [0, 255, 0, 255]]);
  // a touch (the mouse, pressed) on the chart carries x/y within the canvas
  await p.click('#chart');
  assert.equal(await p.waitFor(`document.querySelector('#canvas-touch').textContent || null`), '100,50');
  assert.equal(await p.eval(`document.querySelectorAll('.mh-overlay-item').length`), 0);
});

test('wx.createAnimation steps played through the animation attribute; this.animate, clearAnimation, getPageId', { skip }, async () => {
  const p = await open('?path=pages/anim/anim');
  assert.match(await p.waitFor(`document.querySelector('#anim-state')?.textContent || null`), /^animated pageId-\d+$/);
  // both steps have run (100 ms, then 50): the first's transform and opacity stay, the second's width
  const box = await p.waitFor(`(() => { const s = getComputedStyle(document.querySelector('#box')); return s.width === '80px' && { m: [...new DOMMatrix(s.transform).toFloat64Array()].slice(0, 6).concat([12, 13].map((i) => new DOMMatrix(s.transform).toFloat64Array()[i])).map((v) => Math.round(v * 100) / 100), opacity: s.opacity, width: s.width, origin: s.transformOrigin }; })()`);
  assert.deepEqual(box, { m: [0, 1, 0, 0, -1, 0, 50, 0], opacity: '0.5', width: '80px', origin: '40px 20px' });
  // this.animate fills forwards: the last keyframe holds
  const kf = () => p.eval(`(() => { const s = getComputedStyle(document.querySelector('#kf')); return { opacity: s.opacity, y: new DOMMatrix(s.transform === 'none' ? undefined : s.transform).f }; })()`);
  assert.deepEqual(await kf(), { opacity: '0.25', y: 40 });
  await p.eval(`getCurrentPages().pop().reset(); 1`);
  assert.equal(await p.waitFor(`document.querySelector('#anim-state').textContent === 'cleared' && 'cleared'`), 'cleared');
  assert.deepEqual(await kf(), { opacity: '1', y: 0 });
  assert.equal(await p.eval(`document.querySelectorAll('.mh-overlay-item').length`), 0);
});

test('InnerAudioContext plays a sound of the package to its end; a missing file is onError; VideoContext seeks and plays the page\'s video', { skip }, async () => {
  const p = await open('?path=pages/media/media');
  assert.equal(await p.waitFor(`document.querySelector('#audio-state')?.textContent || null`), 'play,ended 1.0s');
  assert.equal(await p.waitFor(`document.querySelector('#bad-state')?.textContent || null`), 'error 10004');
  assert.equal(await p.eval(`document.querySelector('#player video').paused`), true);
  await p.eval(`getCurrentPages().pop().playFromHalf(); 1`);
  assert.equal(await p.waitFor(`document.querySelector('#video-state').textContent || null`), 'playing');
  const t = await p.eval(`document.querySelector('#player video').currentTime`);
  assert.ok(t >= 0.5, `currentTime ${t}`);
  await p.eval(`getCurrentPages().pop().video.pause(); 1`);
  assert.equal(await p.eval(`document.querySelector('#player video').paused`), true);
  // the same player through SelectorQuery's context()
  await p.eval(`getCurrentPages().pop().playFromContext(); 1`);
  await p.waitFor(`!document.querySelector('#player video').paused || null`, 3000).catch(() => {});
  assert.equal(await p.eval(`document.querySelector('#player video').paused`), false);
  await p.eval(`getCurrentPages().pop().video.pause(); 1`);
  // the older audio component: the phone's player, played by a real click on its poster to the end
  assert.equal(await text(p, '#song .mh-b--audio-name'), 'Tone');
  assert.equal(await text(p, '#song .mh-b--audio-author'), 'minihost');
  assert.match(await p.eval(`getComputedStyle(document.querySelector('#song .mh-b--audio-poster')).backgroundImage`), /\/images\/.*\.png/);
  await p.click('#song .mh-b--audio-poster');
  assert.equal(await p.waitFor(`document.querySelector('#song-state').textContent.includes('ended') ? document.querySelector('#song-state').textContent : null`, 5000), 'play ended');
  assert.equal(await text(p, '#song .mh-b--audio-time'), '00:01');
  assert.equal(await p.eval(`getCurrentPages().pop().songDuration.toFixed(1)`), '1.0');
  // its AudioContext, by id: from the middle
  await p.eval(`getCurrentPages().pop().songFrom(0.6); 1`);
  await p.waitFor(`document.querySelector('#song-state').textContent.split(' ').length === 4 || null`, 5000);
  assert.equal(await text(p, '#song-state'), 'play ended play ended');
  // a missing file is binderror; without controls it shows nothing
  assert.equal(await p.waitFor(`document.querySelector('#broken-state').textContent || null`), 'MEDIA_ERR_SRC_NOT_SUPPORTED');
  assert.equal(await p.eval(`document.querySelector('#broken').getBoundingClientRect().height`), 0);
  assert.equal(await p.eval(`document.querySelectorAll('.mh-overlay-item').length`), 0);
});

test('getRecorderManager records the microphone as WAV after scope.record, in frames, pause left out; the default format; a refused scope is onError', { skip }, async () => {
  const p = await open('?path=pages/voice/voice');
  const click = async (id) => { await p.waitFor(`!!document.getElementById('${id}')`); await p.click(`#${id}`); };
  const until = (sel, want, ms = 5000) => p.waitFor(`document.querySelector(${JSON.stringify(sel)}).textContent === ${JSON.stringify(want)} || null`, ms)
    .catch(async () => assert.equal(await text(p, sel), want));
  await click('record');
  await until('#state', 'start');
  assert.deepEqual(await p.eval(`wx.calls.filter((c) => c.api === 'authorize').map((c) => c.scope)`), ['scope.record']);
  await new Promise((r) => setTimeout(r, 700));
  await click('pause');
  await new Promise((r) => setTimeout(r, 600));
  await click('resume');
  await new Promise((r) => setTimeout(r, 700));
  await click('stop');
  await until('#state', 'start pause resume stop');
  // a real WAV of the asked shape, of the fake microphone's tone, its size as onStop said
  await until('#header', 'RIFF WAVE 1ch 16000Hz 16bit true true');
  // about 1.4 s recorded (the pause left out): 32 000 bytes a second
  const { duration, bytes } = await p.eval(`(async () => { const r = getCurrentPages()[0].result; return { duration: r.duration, bytes: r.fileSize - 44 }; })()`);
  assert.ok(duration > 1100 && duration < 2600, `duration ${duration}`);
  assert.ok(Math.abs(bytes / 32 - duration) < 500, `${bytes} bytes for ${duration} ms`);
  // frames of 8 KB as it recorded, the last one marked
  const [frames, last, isLast] = (await text(p, '#frames')).split(' ');
  assert.ok(Number(frames) >= 4, `frames ${frames}`);
  assert.ok(Number(last) > 0 && isLast === 'true', `last frame ${last} ${isLast}`);
  // the default format: the browser's compressed audio, stopped by its duration, one warning
  await p.eval(`getCurrentPages()[0].setData({ state: '' }); 1`);
  await click('quick');
  await until('#state', 'start stop');
  await until('#header', 'audio/webm true true');
  // the older pair
  assert.match(await p.eval(`(async () => { const started = wx.startRecord(); await new Promise((r) => setTimeout(r, 300)); await wx.stopRecord(); const res = await started; return res.errMsg + ' ' + res.tempFilePath.slice(0, 5); })()`), /^startRecord:ok blob:$/);
  // one warning about the format for both recordings (the page's log reaches the host in batches)
  const formatWarns = () => srv.logs.filter((l) => l.level === 'warn' && /format aac is recorded as the browser's WebM/.test(l.message)).length;
  for (let end = Date.now() + 3000; formatWarns() === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(formatWarns(), 1);
  // refused
  await p.eval(`sessionStorage.setItem('deny', 'scope.record'); 1`);
  try {
    const q = await open('?path=pages/voice/voice');
    await q.waitFor(`!!document.getElementById('record')`);
    await q.click('#record');
    await until('#state', 'operateRecorder:fail auth deny');
    assert.deepEqual(await q.eval(`wx.startRecord().then(() => 'ok', (e) => e.errMsg)`), 'startRecord:fail auth deny');
  } finally {
    await p.eval(`sessionStorage.removeItem('deny'); 1`);
  }
});

test('wx.worklet: shared and derived values animated by timing in a sequence restyle an element through applyAnimatedStyle', { skip }, async () => {
  const p = await open('?path=pages/worklet/worklet');
  assert.equal(await p.waitFor(`/^moved/.test(document.querySelector('#worklet-state')?.textContent) && document.querySelector('#worklet-state').textContent`), 'moved true 100');
  const dot = await p.eval(`(() => { const s = getComputedStyle(document.querySelector('#dot')); return { x: new DOMMatrix(s.transform).e, opacity: s.opacity }; })()`);
  assert.deepEqual(dot, { x: 100, opacity: '0.5' });
  assert.equal(await p.eval(`getCurrentPages().pop().renderer`), 'webview');
  assert.equal(await p.eval(`document.querySelectorAll('.mh-overlay-item').length`), 0);
});

test('wx.createWorker runs the project\'s worker script in a real Web Worker, with require, both ways', { skip }, async () => {
  const p = await open('?path=pages/worker/worker');
  assert.equal(await p.waitFor(`document.querySelector('#worker-state')?.textContent || null`), 'square 49, in a worker: true');
  assert.equal(await p.eval(`(() => { try { wx.createWorker('workers/none.js'); return 'made'; } catch (e) { return e.message; } })()`), 'createWorker:fail workers/none.js is not a JS file of the mini program');
  assert.equal(await p.eval(`document.querySelectorAll('.mh-overlay-item').length`), 0);
});

test('onThemeChange follows the colour scheme (app.json darkmode); getNetworkType and onNetworkStatusChange follow the browser going offline; setKeepScreenOn', { skip }, async () => {
  const p = await open();
  await p.waitFor(`!!document.querySelector('#top')`);
  await p.eval(`window.__themes = []; wx.onThemeChange((r) => __themes.push(r.theme)); window.__nets = []; wx.onNetworkStatusChange((r) => __nets.push(r.isConnected + ':' + r.networkType)); 1`);
  await p.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  assert.deepEqual(await p.waitFor(`__themes.length === 1 && __themes`), ['dark']);
  await p.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
  assert.deepEqual(await p.waitFor(`__themes.length === 2 && __themes`), ['dark', 'light']);
  await p.send('Emulation.setEmulatedMedia', { features: [] });
  assert.equal(await p.eval(`wx.getNetworkType().then((r) => r.errMsg + ' ' + r.networkType)`), 'getNetworkType:ok wifi');
  await p.send('Network.enable');
  try {
    await p.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    assert.deepEqual(await p.waitFor(`__nets.length === 1 && __nets`), ['false:none']);
    assert.equal(await p.eval(`wx.getNetworkType().then((r) => r.networkType)`), 'none');
    await p.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    assert.deepEqual(await p.waitFor(`__nets.length === 2 && __nets`), ['false:none', 'true:wifi']);
  } finally {
    await p.send('Network.disable');
  }
  await p.eval(`wx.offThemeChange(); wx.offNetworkStatusChange(); 1`);
  assert.equal(await p.eval(`wx.setKeepScreenOn({ keepScreenOn: true }).then((r) => r.errMsg)`), 'setKeepScreenOn:ok');
});

test('hideTabBar/showTabBar, setTabBarStyle and setTabBarItem change the tab bar and last through a dark mode redraw; a page that is not a tab fails', { skip }, async () => {
  const p = await open();
  // the launch page is open (the tab bar is drawn before it, while the engine loads)
  await p.waitFor(`getCurrentPages().length === 1 && !!document.querySelector('.mh-tab')`);
  const bar = () => p.eval(`(() => { const b = document.querySelector('.mh-tabbar'); const t = document.querySelectorAll('.mh-tab'); return { shown: !b.hidden && b.getBoundingClientRect().height > 0, bg: getComputedStyle(b).backgroundColor, text: t[1].textContent, color: getComputedStyle(t[1].querySelector('.mh-tab-text')).color }; })()`);
  assert.equal(await p.eval(`wx.hideTabBar().then((r) => r.errMsg)`), 'hideTabBar:ok');
  assert.equal((await bar()).shown, false);
  assert.equal(await p.eval(`wx.showTabBar().then((r) => r.errMsg)`), 'showTabBar:ok');
  assert.equal((await bar()).shown, true);
  await p.eval(`wx.setTabBarStyle({ backgroundColor: '#102030', color: '#405060' })`);
  await p.eval(`wx.setTabBarItem({ index: 1, text: 'Renamed' })`);
  const want = { shown: true, bg: 'rgb(16, 32, 48)', text: 'Renamed', color: 'rgb(64, 80, 96)' };
  assert.deepEqual(await bar(), want);
  // drawn again for dark mode: the changes stay
  await p.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  await p.send('Emulation.setEmulatedMedia', { features: [] });
  assert.deepEqual(await bar(), want);
  assert.deepEqual(await p.eval(`wx.setTabBarItem({ index: 9, text: 'x' }).catch((e) => e)`), { errMsg: 'setTabBarItem:fail tabbar item not found' });
  await p.eval(`wx.navigateTo({ url: '/pages/custom/custom' }); 1`);
  await p.waitFor(`getCurrentPages().length === 2`);
  assert.deepEqual(await p.eval(`wx.hideTabBar().catch((e) => e)`), { errMsg: 'hideTabBar:fail not TabBar page' });
});

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
test('loadFontFace adds a font the page can use; a missing file fails with status error', { skip: skip || (!existsSync(FONT) && `no ${FONT}`) }, async () => {
  const p = await open();
  await p.waitFor(`!!document.querySelector('#top')`);
  const data = `data:font/ttf;base64,${readFileSync(FONT).toString('base64')}`;
  const res = await p.eval(`wx.loadFontFace({ family: 'Shop Sans', source: 'url("${data}")', desc: { weight: 'bold' } })`);
  assert.deepEqual(res, { errMsg: 'loadFontFace:ok', status: 'loaded' });
  assert.equal(await p.eval(`document.fonts.check('bold 12px "Shop Sans"')`), true);
  // text in that family is drawn with it: a different width than the fallback
  const widths = await p.eval(`(() => { const g = document.createElement('canvas').getContext('2d'); const w = (f) => { g.font = f; return g.measureText('minihost WWW iii').width; }; return [w('bold 20px "Shop Sans"'), w('bold 20px monospace')]; })()`);
  assert.notEqual(widths[0], widths[1]);
  const bad = await p.eval(`wx.loadFontFace({ family: 'Nope', source: '/fonts/missing.ttf' }).catch((e) => e)`);
  assert.equal(bad.status, 'error');
  assert.match(bad.errMsg, /^loadFontFace:fail .*\/fonts\/missing\.ttf$/);
  assert.deepEqual(await p.eval(`wx.loadFontFace({ family: '', source: 'x' }).catch((e) => e.errMsg)`), 'loadFontFace:fail parameter error: family and source must be non-empty strings');
});

test('createIntersectionObserver: the far node enters the viewport when scrolled to', { skip }, async () => {
  const p = await open();
  await p.waitFor(`!!document.querySelector('#far')`);
  await p.eval(`window.seen = []; window.io = wx.createIntersectionObserver(getCurrentPages()[0]).relativeToViewport(); io.observe('#far', (r) => seen.push(r.intersectionRatio > 0)); 1`);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await p.eval('window.seen'), []);
  await p.eval(`wx.pageScrollTo({ selector: '#far', duration: 0 })`);
  assert.deepEqual(await p.waitFor(`window.seen.length && window.seen`), [true]);
  await p.eval('io.disconnect()');
});

test('system info, the capsule rect, canIUse, launch options, random values', { skip }, async () => {
  const p = await open('?path=pages/custom/custom&query=' + encodeURIComponent('a=1&b=x'));
  await p.waitFor(`!!document.querySelector('#custom')`);
  const rect = await p.eval(`wx.getMenuButtonBoundingClientRect()`);
  const drawn = await p.eval(`JSON.parse(JSON.stringify(document.querySelector('.mh-capsule').getBoundingClientRect()))`);
  for (const k of ['width', 'height', 'top', 'left', 'right', 'bottom']) assert.equal(rect[k], drawn[k], k);
  assert.equal(rect.width, 87);
  assert.equal(await p.eval(`document.querySelector('#custom').getBoundingClientRect().height`), rect.bottom + 4);
  const win = await p.eval('wx.getWindowInfo()');
  assert.equal(win.windowWidth, await p.eval('document.documentElement.clientWidth'));
  const base = await p.eval('wx.getAppBaseInfo()');
  assert.match(base.language, /^(en|zh_CN|zh_TW)$/);
  assert.equal(base.SDKVersion, (await p.eval('wx.getSystemInfoSync()')).SDKVersion);
  assert.equal((await p.eval('wx.getDeviceInfo()')).platform, 'devtools');
  assert.deepEqual(await p.eval('wx.getLaunchOptionsSync()'), { path: 'pages/custom/custom', query: { a: '1', b: 'x' }, scene: 1001, referrerInfo: {}, apiCategory: 'default' });
  assert.deepEqual(await p.eval('wx.getEnterOptionsSync().query'), { a: '1', b: 'x' });
  assert.equal(await p.eval(`wx.canIUse('showActionSheet')`), true);
  assert.equal(await p.eval(`wx.canIUse('getSystemInfoSync.return.screenWidth')`), true);
  assert.equal(await p.eval(`wx.canIUse('view')`), true);
  assert.equal(await p.eval(`wx.canIUse('createLivePusherContext')`), false);
  assert.equal(await p.eval(`wx.canIUse('live-pusher')`), false);
  const rnd = await p.eval(`wx.getRandomValues({ length: 16 }).then((r) => [r.errMsg, r.randomValues.byteLength])`);
  assert.deepEqual(rnd, ['getRandomValues:ok', 16]);
  assert.equal(await p.eval(`new Promise((r) => { let x = 'sync'; wx.nextTick(() => r(x)); x = 'later'; })`), 'later');
});

test('onAppShow/onAppHide listeners follow the window being hidden and shown; off removes them', { skip }, async () => {
  const p = await open('?path=pages/home/home&query=' + encodeURIComponent('k=v'));
  await p.waitFor(`!!document.querySelector('#top')`);
  // the page's visibility as the browser reports it when the window is
  // minimised or restored, then the event the runtime listens to
  const flip = (hidden) => p.eval(`Object.defineProperty(document, 'hidden', { value: ${hidden}, configurable: true }); document.dispatchEvent(new Event('visibilitychange')); 1`);
  await p.eval(`window.got = []; window.onShowFn = (o) => got.push(['show', o.path, o.query.k, o.scene]); wx.onAppShow(onShowFn); wx.onAppHide(() => got.push(['hide'])); 1`);
  await flip(true);
  await flip(false);
  assert.deepEqual(await p.eval('window.got'), [['hide'], ['show', 'pages/home/home', 'v', 1001]]);
  await p.eval('wx.offAppShow(onShowFn); wx.offAppHide(); got.length = 0; 1');
  await flip(true);
  await flip(false);
  assert.deepEqual(await p.eval('window.got'), []);
});
