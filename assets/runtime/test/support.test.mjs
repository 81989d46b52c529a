// The list of every wx API (from miniprogram-api-typings), the stubs it
// gives, canIUse and the README's support table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { members, kindOf, generate } from '../tools/api-names.mjs';
import { table, splice, hostBacked } from '../tools/support-table.mjs';
import { typedKind, typedNames } from '../src/apis/all-names.js';
import { buildWx, stubKind } from '../src/api.js';
import { apiTable } from '../src/apis/index.js';
import { canIUseFrom } from '../src/apis/device.js';

const here = dirname(fileURLToPath(import.meta.url));
const tick = () => new Promise((r) => setTimeout(r, 0));

test('the typings parser reads methods, overloads and properties of interface Wx, not the code in comments', () => {
  const dts = `declare namespace WechatMiniprogram {
    interface Wx {
        /** example:
         * wx.fake({ success () { console.log(res) } })
         */
        login<T extends LoginOption = LoginOption>(
            option?: T
        ): PromisifySuccessResult<T, LoginOption>
        getStorageSync<T = any>(key: string): T
        getRecorderManager(): RecorderManager
        request<T extends RequestOption = RequestOption>(option: T): RequestTask
        onAppShow(listener: (res: X) => void): void
        getWindowInfo(): WindowInfo
        env: { USER_DATA_PATH: string }
        cloud: WxCloud
    }
  }`;
  const m = members(dts);
  assert.deepEqual([...m.keys()], ['login', 'getStorageSync', 'getRecorderManager', 'request', 'onAppShow', 'getWindowInfo', 'env', 'cloud']);
  const kinds = Object.fromEntries([...m].map(([n, x]) => [n, kindOf(n, x)]));
  assert.deepEqual(kinds, {
    login: 'async', getStorageSync: 'sync', getRecorderManager: 'factory', request: 'task',
    onAppShow: 'event', getWindowInfo: 'sync', env: 'namespace', cloud: 'namespace',
  });
  assert.throws(() => members('interface Other {}'), /no `interface Wx`/);
});

test('src/apis/all-names.js is what tools/api-names.mjs makes from the pinned typings', () => {
  assert.equal(readFileSync(join(here, '../src/apis/all-names.js'), 'utf8'), generate());
  const names = typedNames();
  assert.ok(names.length > 400, 'the typings list hundreds of APIs');
  assert.equal(new Set(names.map(([n]) => n)).size, names.length, 'each name once');
  for (const [n, k] of names) assert.equal(typedKind(n), k, n);
  for (const n of ['log', 'logi', 'in', 'login checkSession', ' login', '']) assert.equal(typedKind(n), undefined, `${JSON.stringify(n)} is no name`);
  for (const [n, k] of [['login', 'async'], ['getRecorderManager', 'factory'], ['createCanvasContext', 'factory'], ['request', 'task'], ['getStorageSync', 'sync'], ['onNetworkStatusChange', 'event'], ['createAnimation', 'factory']]) {
    assert.equal(typedKind(n), k, n);
    assert.equal(stubKind(n), k, n);
  }
});

test('stubs by kind: task fails its callbacks and returns an inert task; namespaces and unknown names', async () => {
  const warned = [];
  const wx = buildWx({}, {}, (n) => warned.push(n));
  const seen = [];
  const task = wx.downloadFile({ url: 'x', fail: (r) => seen.push(r.errMsg), complete: (r) => seen.push(`c ${r.errMsg}`) });
  assert.equal(task.abort(), task);
  await tick();
  assert.deepEqual(seen, ['downloadFile:fail not supported in minihost', 'c downloadFile:fail not supported in minihost']);
  assert.equal(typeof wx.getAppAuthorizeSetting, 'function');
  assert.throws(() => wx.getAppAuthorizeSetting(), /getAppAuthorizeSetting:fail not supported in minihost/);
  assert.equal(typeof wx.worklet.timing, 'function'); // a namespace
  assert.equal(wx.downloadFile, wx.downloadFile); // one stub per name (the runtime's warnOnce says it once)
  assert.ok(warned.includes('downloadFile'));
  await assert.rejects(wx.someFutureApi({}), { errMsg: 'someFutureApi:fail not supported in minihost' });
});

test('canIUse: true for table rows, open interfaces and real built-ins; false for stubs and placeholders', () => {
  const base = { canIUse: (s) => s === 'login.object.timeout', login() {} };
  const rows = apiTable({ implemented: (n) => Object.prototype.hasOwnProperty.call(base, n) });
  const wx = buildWx(base, rows, () => {});
  // wx.js's canIUse answers the open interfaces; the runtime's the rest
  assert.equal(wx.canIUse('login.object.timeout'), true);
  for (const yes of ['login', 'showActionSheet', 'getSystemInfoSync.return.screenWidth', 'createSelectorQuery', 'view', 'scroll-view', 'navigator.open-type.switchTab', 'button.open-type.getPhoneNumber', 'button.open-type.openSetting', 'createCameraContext', 'camera', 'grid-view', 'sticky-header', 'getRecorderManager', 'startRecord']) {
    assert.equal(wx.canIUse(yes), true, yes);
  }
  for (const no of ['createLivePusherContext', 'getBatteryInfoSync', 'live-pusher', 'map', 'template', '', 'requestPayment', 'button.open-type.launchApp', 'button.open-type.contact']) {
    assert.equal(wx.canIUse(no), false, no);
  }
  assert.equal(canIUseFrom(() => false)(42), false);
});

test('the support table lists every implemented and host-backed API and sits between the README markers', async () => {
  const t = await table();
  for (const n of Object.keys(apiTable({}))) assert.match(t, new RegExp(`\\| \`${n}\` \\| implemented \\|`), n);
  const wxJs = readFileSync(join(here, '../../wxjs/src/openapis.js'), 'utf8');
  for (const n of hostBacked(wxJs)) assert.match(t, new RegExp(`\\| \`${n}\` \\| (host-backed|implemented) \\|`), n);
  assert.match(t, /`getRecorderManager`/);
  assert.match(t, /\| `view` \| supported \|/);
  assert.throws(() => splice('no markers', t), /markers/);
  const spliced = splice('a\n<!-- support-table:start -->old<!-- support-table:end -->\nb', t);
  assert.ok(spliced.startsWith('a\n<!-- support-table:start -->') && spliced.endsWith('<!-- support-table:end -->\nb'));
  const readme = readFileSync(join(here, '../../../README.md'), 'utf8');
  assert.equal(splice(readme, t), readme, 'README.md is stale: run make support-table');
});

test('small sync APIs pages call at top level: base64 both ways, authorize and system settings', () => {
  const rows = apiTable({ launchOptions: () => ({ apiCategory: 'default' }) });
  const wx = buildWx({}, rows, () => {});
  const buf = new Uint8Array([0, 1, 2, 250, 255]).buffer;
  assert.equal(wx.arrayBufferToBase64(buf), 'AAEC+v8=');
  assert.deepEqual([...new Uint8Array(wx.base64ToArrayBuffer('AAEC+v8='))], [0, 1, 2, 250, 255]);
  assert.throws(() => wx.base64ToArrayBuffer('%%%'), /base64ToArrayBuffer:fail invalid base64/);
  assert.equal(wx.getAppAuthorizeSetting().cameraAuthorized, 'authorized');
  assert.equal(wx.getApiCategory(), 'default');
  assert.equal(wx.isVKSupport('v2'), false);
});
