// The host client's boot answer: the shell page's, without a request, and
// its storage for the first read only; else a synchronous GET /wx/boot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostClient } from '../src/apis/host.js';
import { personaLanguage } from '../src/apis/system.js';

// withXHR puts XHR in place of the global XMLHttpRequest for the test.
function withXHR(t, XHR) {
  const before = globalThis.XMLHttpRequest;
  globalThis.XMLHttpRequest = XHR;
  t.after(() => { globalThis.XMLHttpRequest = before; });
}

// fakeXHR answers GET /wx/boot[?storage=1] and records the URLs asked for.
function fakeXHR(answer) {
  const asked = [];
  class XHR {
    open(method, url) { this.url = url; }
    setRequestHeader() {}
    send() {
      asked.push(this.url);
      this.status = 200;
      this.responseText = JSON.stringify(this.url.includes('storage=1') ? { ...answer, storage: { persona: 'p', items: [{ key: 'fresh', data: 1 }] } } : answer);
    }
  }
  return { XHR, asked };
}

test('the shell page\'s boot answer: no request for the token, its storage for the first read only', (t) => {
  const { XHR, asked } = fakeXHR({ token: 'from-host', appid: 'wx1', language: 'zh_CN' });
  withXHR(t, XHR);
  const inline = { token: 'tok', appid: 'wx1', language: 'en', storage: { persona: 'p', items: [{ key: 'k', data: 'v' }] } };
  const host = hostClient(undefined, inline);
  assert.equal(host.boot().token, 'tok');
  assert.equal(personaLanguage(() => host.boot())(), 'en');
  assert.deepEqual(host.boot(true).storage.items, [{ key: 'k', data: 'v' }]);
  assert.deepEqual(asked, []);
  // a second read of the storage (a persona switched) asks the host
  assert.deepEqual(host.boot(true).storage.items, [{ key: 'fresh', data: 1 }]);
  assert.deepEqual(asked, ['/wx/boot?storage=1']);
});

test('without the storage inlined (over the host\'s limit) or any answer, the host is asked', (t) => {
  const { XHR, asked } = fakeXHR({ token: 'from-host', appid: 'wx1', language: 'zh_TW' });
  withXHR(t, XHR);
  const host = hostClient(undefined, { token: 'tok', appid: 'wx1' });
  assert.equal(host.boot().token, 'tok');
  assert.deepEqual(host.boot(true).storage.items, [{ key: 'fresh', data: 1 }]);
  assert.deepEqual(asked, ['/wx/boot?storage=1']);
  const bare = hostClient(undefined, undefined);
  assert.equal(bare.boot().token, 'from-host');
  // the language comes from the same answer: no second request
  assert.equal(personaLanguage(() => bare.boot())(), 'zh_TW');
  assert.deepEqual(asked, ['/wx/boot?storage=1', '/wx/boot']);
});
