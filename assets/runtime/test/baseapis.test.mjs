import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWx } from '../src/api.js';
import { storageRows } from '../src/apis/storage.js';
import { requestBody } from '../src/apis/network.js';
import { toBase64, fromBase64 } from '../src/apis/bytes.js';

// fakeHost answers like the Go host: a boot answer with the persona's
// storage, and writes that succeed unless `refuse` says otherwise.
function fakeHost(items = [], { itemLimit = 1 << 20, appLimit = 10 << 20 } = {}) {
  const h = {
    sent: [],
    boots: 0,
    refuse: null,
    boot() { h.boots++; return { appid: 'wxa', token: 't', storage: { persona: 'alice', appid: 'wxa', items, itemLimit, appLimit } }; },
    callSync(api, body) {
      h.sent.push([api, body]);
      return h.refuse ? { errMsg: `${api}:fail ${h.refuse}` } : { errMsg: `${api}:ok` };
    },
  };
  return h;
}

const wxWith = (host) => buildWx({}, storageRows({}, host), () => {});

test('storage: Sync forms read the boot copy and write through in order', async () => {
  const host = fakeHost([{ key: 'old', data: { a: 1 } }, { key: 'when', data: '1970-01-01T00:00:00.000Z', type: 'Date' }]);
  const wx = wxWith(host);
  assert.deepEqual(wx.getStorageSync('old'), { a: 1 });
  assert.equal(wx.getStorageSync('missing'), '');
  assert.ok(wx.getStorageSync('when') instanceof Date);
  const got = wx.getStorageSync('old');
  got.a = 99; // a copy, not the stored value
  assert.deepEqual(wx.getStorageSync('old'), { a: 1 });
  wx.setStorageSync('n', 1);
  wx.setStorageSync('d', new Date(5));
  await wx.setStorage({ key: 'o', data: { x: [1, 2] } });
  wx.removeStorageSync('old');
  assert.deepEqual(host.sent, [
    ['setStorage', { key: 'n', data: 1, type: '', _persona: 'alice' }],
    ['setStorage', { key: 'd', data: '1970-01-01T00:00:00.005Z', type: 'Date', _persona: 'alice' }],
    ['setStorage', { key: 'o', data: { x: [1, 2] }, type: '', _persona: 'alice' }],
    ['removeStorage', { key: 'old', _persona: 'alice' }],
  ]);
  assert.equal(wx.getStorageSync('d').getTime(), 5);
  assert.deepEqual(wx.getStorageInfoSync().keys.sort(), ['d', 'n', 'o', 'when']);
  assert.equal(wx.getStorageInfoSync().limitSize, 10240);
  assert.deepEqual(await wx.getStorage({ key: 'o' }), { errMsg: 'getStorage:ok', data: { x: [1, 2] } });
  await assert.rejects(wx.getStorage({ key: 'old' }), { errMsg: 'getStorage:fail data not found' });
  assert.equal(host.boots, 1, 'the boot answer is read once');
});

test('storage: limits and refusals fail like the phone and leave the copy as it was', async () => {
  const host = fakeHost([], { itemLimit: 20, appLimit: 30 });
  const wx = wxWith(host);
  assert.throws(() => wx.setStorageSync('k', 'x'.repeat(20)), /^Error: setStorageSync:fail exceed storage item max length$/);
  wx.setStorageSync('a', 'x'.repeat(10)); // 1 + 12 bytes
  wx.setStorageSync('b', 'x'.repeat(10));
  await assert.rejects(wx.setStorage({ key: 'c', data: 'x'.repeat(5) }), { errMsg: 'setStorage:fail exceed storage max size 10Mb' });
  assert.throws(() => wx.setStorageSync('', 1), /setStorageSync:fail parameter error/);
  assert.throws(() => wx.setStorageSync('u', undefined), /setStorageSync:fail parameter error/);
  host.refuse = 'the persona changed to bob; reload the page';
  assert.throws(() => wx.setStorageSync('a', 1), /^Error: setStorageSync:fail the persona changed to bob/);
  assert.equal(wx.getStorageSync('a'), 'x'.repeat(10), 'a refused write changes nothing');
  await assert.rejects(wx.clearStorage(), { errMsg: 'clearStorage:fail the persona changed to bob; reload the page' });
  assert.equal(wx.getStorageInfoSync().keys.length, 2);
  host.refuse = null;
  wx.clearStorageSync();
  assert.deepEqual(wx.getStorageInfoSync().keys, []);
});

test('storage: a failed boot is a clear failure, not a TypeError', () => {
  const wx = wxWith({ boot() { throw new Error('host boot answered HTTP 404'); } });
  assert.throws(() => wx.getStorageSync('k'), /^Error: getStorageSync:fail host boot answered HTTP 404$/);
});

test('request bodies follow the phone: GET data in the query, objects as JSON or form', () => {
  const dec = (b) => new TextDecoder().decode(fromBase64(b));
  let r = requestBody({ url: 'https://a.test/x?y=1', data: { q: 'a b', n: 2 } });
  assert.equal(r.url, 'https://a.test/x?y=1&q=a%20b&n=2');
  assert.equal(dec(r.body64), '');
  r = requestBody({ url: 'https://a.test/x', method: 'post', data: { q: 1 } });
  assert.equal(r.method, 'POST');
  assert.equal(dec(r.body64), '{"q":1}');
  assert.equal(r.header['content-type'], 'application/json');
  r = requestBody({ url: 'https://a.test/x', method: 'POST', data: { q: 'a&b' }, header: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(dec(r.body64), 'q=a%26b');
  assert.equal(r.header['content-type'], undefined);
  r = requestBody({ url: 'https://a.test/x', method: 'PUT', data: new Uint8Array([0, 255, 7]).buffer });
  assert.deepEqual([...fromBase64(r.body64)], [0, 255, 7]);
  r = requestBody({ url: 'https://a.test/x', method: 'POST', data: '中文' });
  assert.equal(dec(r.body64), '中文');
  assert.equal(toBase64(new Uint8Array(0)), '');
});

test('request: the host answers; abort ends one task only; callbacks get the task', async () => {
  const { networkRows } = await import('../src/apis/network.js');
  const calls = [];
  const host = {
    call(api, body, signal) {
      calls.push([api, body]);
      return new Promise((resolve) => {
        const answer = () => resolve({ errMsg: `${api}:ok`, statusCode: 200, header: { 'Content-Type': 'application/json' }, body64: toBase64(new TextEncoder().encode('{"ok":1}')) });
        const aborted = () => resolve({ errMsg: `${api}:fail abort` });
        if (signal.aborted) aborted();
        else if (body.url.endsWith('/slow')) signal.addEventListener('abort', aborted);
        else answer();
      });
    },
  };
  const wx = buildWx({}, networkRows({}, host), () => {});
  let failed;
  const slow = wx.request({ url: 'https://a.test/slow', fail: (r) => { failed = r.errMsg; } });
  assert.equal(typeof slow.abort, 'function');
  slow.abort();
  const res = await wx.request({ url: 'https://a.test/fast' });
  assert.deepEqual(res, { errMsg: 'request:ok', data: { ok: 1 }, statusCode: 200, header: { 'Content-Type': 'application/json' }, cookies: [] });
  assert.equal(failed, 'request:fail abort');
  const text = await wx.request({ url: 'https://a.test/fast', dataType: 'text' });
  assert.equal(text.data, '{"ok":1}');
  const buf = await wx.request({ url: 'https://a.test/fast', responseType: 'arraybuffer' });
  assert.ok(buf.data instanceof ArrayBuffer);
  assert.equal(calls[0][0], 'request');
});
