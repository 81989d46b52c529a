/*!
 * minihost wx.js — the `wx` open interfaces of a mini program host, served by minihost.
 *
 * Plain ES2018, no build step, no dependencies. One file, three ways to use it.
 *
 * 1. Page mode (a mini program page served by minihost on the app's own origin,
 *    http://<label>.localhost:<port>/…, the url= minihost prints for the app):
 *
 *        <script src="/wx.js"></script>
 *        <script>
 *          const info = wx.getAccountInfoSync();          // synchronous from the first line
 *          wx.login({ success(res) { console.log(res.code) } });
 *          const { authSetting } = await wx.getSetting(); // no callbacks → Promise
 *        </script>
 *
 *    The host name names the app; the script fetches GET /wx/boot with a synchronous XHR while it
 *    loads (answered to the app's own pages only), so a global `wx` is ready at once. Each app has
 *    its own origin, so one app's page cannot get another's token.
 *    window.minihostWx = { createWx, install } is exposed as well.
 *
 * 2. Node 18+ (or any other origin) — configure with the host URL and the app's token
 *    (both printed by minihost at startup: "minihost: app <appid> … token=<token> …"):
 *
 *        const { createWx } = require('./wx.js');
 *        // from an .mjs file:  import { createRequire } from 'node:module';
 *        //                     const { createWx } = createRequire(import.meta.url)('./wx.js');
 *        const wx = createWx({ baseURL: 'http://127.0.0.1:7878', appid: 'wx…', token: '…' });
 *        await wx.ready();                  // loads account info (POST /wx/<appid>/getAccountInfoSync)
 *        wx.getAccountInfoSync();           // synchronous from here on; throws before ready()
 *        const { code } = await wx.login();
 *
 *    createWx options: baseURL (required outside a minihost page), appid, token, fetch (optional,
 *    defaults to the global fetch).
 *
 * 3. IDE patch mode — an IDE's `wx` whose open interfaces are missing or stubs:
 *
 *        minihostWx.install(wx, { baseURL: 'http://127.0.0.1:7878', appid: 'wx…', token: '…' })
 *          .then(() => wx.login());
 *
 *    Replaces the 14 open interfaces and wraps canIUse (names minihost does not know are passed to the
 *    IDE's own canIUse). Calls go through the global fetch when there is one, otherwise through the
 *    IDE's own wx.request({url, method:'POST', header, data, success, fail}). The returned Promise
 *    resolves (to the patched wx) once the account info is loaded, so getAccountInfoSync works.
 *
 * Call conventions (as on a phone client):
 *  - Every async API takes one object with optional success / fail / complete. With none of the three
 *    it returns a Promise that resolves with the success result and rejects with the fail result
 *    (a plain object with errMsg, not an Error).
 *    NOTE: unlike a phone client, minihost also promisifies wx.login (a real client does not).
 *  - A result is a success iff its errMsg ends with ":ok". complete runs after success / fail.
 *    An exception thrown by a callback is reported with console.error and does not break the SDK.
 *  - Network errors become {errMsg: "<api>:fail <message>"}.
 *  - Every API takes an optional `timeout` (ms): the request is aborted and the call fails with
 *    "<api>:fail timeout". Useful because interactive calls (authorize, getUserProfile, openSetting,
 *    startSoterAuthentication) wait until the person at the desktop answers.
 *  - getUserProfile, openSetting, getPhoneNumber, getRealtimePhoneNumber and requestSubscribeMessage
 *    need a user tap: in a browser the SDK sends
 *    _userGesture = navigator.userActivation.isActive and the host answers
 *    "<api>:fail can only be invoked by user TAP gesture." when there was none. Call them
 *    synchronously inside the click handler (not after an await that may outlive the activation).
 *
 * Wire protocol: docs/protocol.md (POST /wx/<appid>/<api>, Authorization: Bearer <app token>).
 */
(function (root, factory) {
  'use strict';
  var lib = factory(root);
  var exported = { createWx: lib.createWx, install: lib.install, createHost: lib.createHost, version: lib.version };
  if (typeof module === 'object' && module && typeof module.exports === 'object') {
    module.exports.createWx = lib.createWx;
    module.exports.install = lib.install;
    module.exports.createHost = lib.createHost;
    module.exports.version = lib.version;
  } else if (root) {
    root.minihostWx = exported;
  }
  if (lib.inBrowser) {
    root.minihostWx = exported;
    lib.bootPage();
  }
})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this, function (root) {
  'use strict';

  var VERSION = '1.0.0';

  // The open interfaces, in the order of the seed document.
  var APIS = [
    'login', 'checkSession', 'getAccountInfoSync', 'getUserProfile', 'getUserInfo', 'getSetting',
    'openSetting', 'authorize', 'checkIsSoterEnrolledInDevice', 'checkIsSupportSoterAuthentication',
    'startSoterAuthentication', 'getPhoneNumber', 'getRealtimePhoneNumber', 'requestSubscribeMessage',
  ];
  var ASYNC_APIS = APIS.filter(function (a) { return a !== 'getAccountInfoSync'; });
  // APIs that only work inside a user tap; the host enforces it from _userGesture.
  // getPhoneNumber / getRealtimePhoneNumber are what <button open-type="getPhoneNumber"> (and
  // "getRealtimePhoneNumber") call on a tap; their result is the button event's detail.
  var GESTURE_APIS = {
    getUserProfile: true, openSetting: true, getPhoneNumber: true, getRealtimePhoneNumber: true,
    requestSubscribeMessage: true,
  };

  // ---- canIUse: ${API}.${method}.${param}.${option} ----
  function set(names) {
    var o = {};
    names.forEach(function (n) { o[n] = true; });
    return o;
  }
  function object(params) {
    var o = set(['success', 'fail', 'complete', 'timeout']);
    Object.keys(params || {}).forEach(function (k) { o[k] = params[k]; });
    return o;
  }
  var LANG = set(['en', 'zh_CN', 'zh_TW']);
  var MODES = set(['fingerPrint', 'facial', 'speech']);
  var USER_INFO = set(['nickName', 'avatarUrl', 'gender', 'country', 'province', 'city', 'language']);
  var SETTING_RESULT = {
    authSetting: true,
    subscriptionsSetting: { mainSwitch: true, itemSettings: true },
    errMsg: true,
  };
  var PROFILE_RESULT = {
    userInfo: USER_INFO, rawData: true, signature: true, encryptedData: true, iv: true, cloudID: true, errMsg: true,
  };
  var PHONE_RESULT = set(['code', 'encryptedData', 'iv', 'cloudID', 'errMsg']);
  var CANIUSE = {
    login: { object: object({}), success: set(['code', 'errMsg']) },
    checkSession: { object: object({}), success: set(['errMsg']) },
    getAccountInfoSync: {
      return: {
        miniProgram: { appId: true, envVersion: set(['develop', 'trial', 'release']), version: true },
        plugin: set(['appId', 'version']),
      },
    },
    getUserProfile: { object: object({ desc: true, lang: LANG }), success: PROFILE_RESULT },
    getUserInfo: { object: object({ withCredentials: true, lang: LANG }), success: PROFILE_RESULT },
    getSetting: { object: object({ withSubscriptions: true }), success: SETTING_RESULT },
    openSetting: { object: object({ withSubscriptions: true }), success: SETTING_RESULT },
    authorize: { object: object({ scope: true }), success: set(['errMsg']) },
    checkIsSoterEnrolledInDevice: {
      object: object({ checkAuthMode: MODES }),
      success: set(['isEnrolled', 'errMsg']),
    },
    checkIsSupportSoterAuthentication: {
      object: object({}),
      success: { supportMode: MODES, errMsg: true },
    },
    startSoterAuthentication: {
      object: object({ requestAuthModes: MODES, challenge: true, authContent: true }),
      success: set(['authMode', 'resultJSON', 'resultJSONSignature', 'errCode', 'errMsg']),
    },
    getPhoneNumber: { object: object({}), success: PHONE_RESULT },
    getRealtimePhoneNumber: { object: object({}), success: set(['code', 'errMsg']) },
    requestSubscribeMessage: { object: object({ tmplIds: true }), success: set(['errMsg']) },
    canIUse: true,
  };

  function hasOwn(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function clone(v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); }
  function isOk(res) { return isObject(res) && typeof res.errMsg === 'string' && /:ok$/.test(res.errMsg); }
  function reportError(where, err) {
    if (typeof console !== 'undefined' && console.error) console.error('minihost wx.js: ' + where + ':', err);
  }

  var inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined' &&
    typeof navigator !== 'undefined' && typeof location !== 'undefined';

  function userGesture() {
    var ua = typeof navigator !== 'undefined' ? navigator.userActivation : undefined;
    return ua ? !!ua.isActive : true;
  }

  // ---- transport ----

  // toResult turns an HTTP answer into a wx result: the host always answers a JSON object with errMsg.
  function toResult(api, status, data) {
    var obj = data;
    if (typeof data === 'string') {
      try { obj = JSON.parse(data); } catch (e) { obj = null; }
    }
    if (isObject(obj) && typeof obj.errMsg === 'string') return obj;
    var why = status && (status < 200 || status > 299) ? 'HTTP ' + status : 'invalid response from host';
    return { errMsg: api + ':fail ' + why };
  }

  function networkFail(api, err) {
    var msg;
    if (err && typeof err.errMsg === 'string') {
      msg = err.errMsg.replace(/^request:fail ?/, '') || 'request failed';
    } else if (err && err.message) {
      msg = err.message;
      if (err.cause && err.cause.message && err.cause.message !== msg) msg += ': ' + err.cause.message;
    } else {
      msg = String(err || 'network error');
    }
    return { errMsg: api + ':fail ' + msg };
  }

  // send POSTs one call and always resolves with a result object (never rejects).
  function send(ctx, api, body, timeout) {
    return new Promise(function (resolve) {
      var finished = false;
      var timer = null;
      var abort = null;
      function finish(res) {
        if (finished) return;
        finished = true;
        if (timer !== null) clearTimeout(timer);
        resolve(res);
      }
      if (typeof timeout === 'number' && isFinite(timeout) && timeout > 0) {
        timer = setTimeout(function () {
          timer = null;
          finish({ errMsg: api + ':fail timeout' });
          if (abort) {
            try { abort(); } catch (e) { /* already finished */ }
          }
        }, timeout);
      }
      var url = ctx.baseURL + '/wx/' + encodeURIComponent(ctx.appid) + '/' + api;
      var headers = { 'Content-Type': 'application/json', Authorization: 'Bearer ' + ctx.token };
      var payload;
      try {
        payload = JSON.stringify(body);
      } catch (e) {
        finish({ errMsg: api + ':fail invalid arguments: ' + e.message });
        return;
      }
      var doFetch = ctx.getFetch();
      if (doFetch) {
        var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
        if (ctrl) abort = function () { ctrl.abort(); };
        var init = { method: 'POST', headers: headers, body: payload };
        if (ctrl) init.signal = ctrl.signal;
        var p;
        try {
          p = Promise.resolve(doFetch(url, init));
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(function (resp) {
          return resp.text().then(function (text) { finish(toResult(api, resp.status, text)); });
        }).catch(function (err) {
          finish(networkFail(api, err));
        });
      } else if (ctx.request) {
        try {
          var task = ctx.request({
            url: url,
            method: 'POST',
            header: headers,
            data: payload,
            dataType: 'json',
            success: function (res) { finish(toResult(api, res && res.statusCode, res && res.data)); },
            fail: function (err) { finish(networkFail(api, err)); },
          });
          if (task && typeof task.abort === 'function') abort = function () { task.abort(); };
        } catch (e) {
          finish(networkFail(api, e));
        }
      } else {
        finish({ errMsg: api + ':fail no transport: neither fetch nor wx.request is available' });
      }
    });
  }

  // ---- the wx object ----

  function deliver(opts, res) {
    var cb = isOk(res) ? opts.success : opts.fail;
    if (typeof cb === 'function') {
      try { cb.call(opts, res); } catch (e) { reportError((isOk(res) ? 'success' : 'fail') + ' callback threw', e); }
    }
    if (typeof opts.complete === 'function') {
      try { opts.complete.call(opts, res); } catch (e) { reportError('complete callback threw', e); }
    }
  }

  function makeCall(ctx, api) {
    return function (args) {
      var opts = isObject(args) ? args : {};
      var body = {};
      Object.keys(opts).forEach(function (k) {
        if (typeof opts[k] !== 'function') body[k] = opts[k]; // callbacks removed
      });
      // Read the activation now, synchronously inside the caller's tap handler.
      if (GESTURE_APIS[api] && ctx.browser) body._userGesture = userGesture();
      var hasCallback = typeof opts.success === 'function' || typeof opts.fail === 'function' ||
        typeof opts.complete === 'function';
      var pending = send(ctx, api, body, opts.timeout);
      if (!hasCallback) {
        return pending.then(function (res) { return isOk(res) ? res : Promise.reject(res); });
      }
      pending.then(function (res) { deliver(opts, res); });
      return undefined;
    };
  }

  function canIUseFor(ctx) {
    return function canIUse(name) {
      if (typeof name !== 'string' || name === '') return false;
      var parts = name.split('.');
      if (Array.isArray(ctx.apis) && ctx.apis.length && parts[0] !== 'canIUse' && ctx.apis.indexOf(parts[0]) < 0) {
        return false; // the host does not serve it
      }
      var node = CANIUSE;
      for (var i = 0; i < parts.length; i++) {
        if (node === true || !isObject(node) || !hasOwn(node, parts[i])) return false;
        node = node[parts[i]];
      }
      return true;
    };
  }

  function build(ctx) {
    var wx = {};
    ASYNC_APIS.forEach(function (api) { wx[api] = makeCall(ctx, api); });
    wx.getAccountInfoSync = function getAccountInfoSync() {
      if (ctx.accountInfo) return clone(ctx.accountInfo);
      if (ctx.bootError) throw new Error('minihost wx.js: getAccountInfoSync unavailable: ' + ctx.bootError);
      throw new Error('minihost wx.js: getAccountInfoSync() called before ready() resolved; await wx.ready() first');
    };
    wx.canIUse = canIUseFor(ctx);
    var readyPromise = null;
    // ready resolves (to this wx) once the account info is loaded.
    wx.ready = function ready() {
      if (ctx.accountInfo) return Promise.resolve(wx);
      if (!readyPromise) {
        readyPromise = send(ctx, 'getAccountInfoSync', {}, ctx.readyTimeout).then(function (res) {
          if (!isOk(res)) {
            readyPromise = null; // allow a retry
            var err = new Error('minihost wx.js: loading account info failed: ' + res.errMsg);
            err.result = res;
            throw err;
          }
          var info = clone(res);
          delete info.errMsg;
          ctx.accountInfo = info;
          return wx;
        });
      }
      return readyPromise;
    };
    return wx;
  }

  function trimSlash(s) { return String(s).replace(/\/+$/, ''); }

  function makeCtx(cfg, existing) {
    cfg = cfg || {};
    var baseURL = cfg.baseURL;
    if (!baseURL && inBrowser && /^https?:$/.test(location.protocol)) baseURL = location.origin;
    if (!baseURL) throw new TypeError('minihost wx.js: baseURL is required (e.g. "http://127.0.0.1:7878")');
    if (!cfg.appid) throw new TypeError('minihost wx.js: appid is required');
    var userFetch = typeof cfg.fetch === 'function' ? cfg.fetch : null;
    var ctx = {
      baseURL: trimSlash(baseURL),
      appid: String(cfg.appid),
      token: cfg.token ? String(cfg.token) : '',
      browser: inBrowser,
      accountInfo: null,
      bootError: null,
      apis: null,
      readyTimeout: cfg.timeout,
      request: null,
      getFetch: function () {
        if (userFetch) return userFetch;
        if (typeof root.fetch === 'function') return function (u, i) { return root.fetch(u, i); };
        return null;
      },
    };
    if (existing && typeof existing.request === 'function') {
      ctx.request = function (o) { return existing.request(o); };
    }
    return ctx;
  }

  /** createWx({baseURL, appid, token, fetch?}) → a wx object with ready(). */
  function createWx(cfg) {
    return build(makeCtx(cfg, null));
  }

  function define(obj, name, value) {
    try {
      obj[name] = value;
      if (obj[name] === value) return;
    } catch (e) { /* read-only: fall through */ }
    Object.defineProperty(obj, name, { value: value, writable: true, configurable: true, enumerable: true });
  }

  /** install(existingWx, {baseURL, appid, token, fetch?}) → Promise<existingWx>, resolved once ready. */
  function install(existingWx, cfg) {
    if (!existingWx || (typeof existingWx !== 'object' && typeof existingWx !== 'function')) {
      return Promise.reject(new TypeError('minihost wx.js: install needs an existing wx object'));
    }
    var ctx;
    try {
      ctx = makeCtx(cfg, existingWx);
    } catch (e) {
      return Promise.reject(e);
    }
    var ours = build(ctx);
    var theirCanIUse = typeof existingWx.canIUse === 'function' ? existingWx.canIUse : null;
    APIS.forEach(function (api) { define(existingWx, api, ours[api]); });
    define(existingWx, 'canIUse', function canIUse(name) {
      if (ours.canIUse(name)) return true;
      if (!theirCanIUse) return false;
      try { return !!theirCanIUse.call(existingWx, name); } catch (e) { return false; }
    });
    return ours.ready().then(function () { return existingWx; });
  }

  // bootPage defines the global wx for a page served by minihost on an app's own origin,
  // http://<label>.localhost:<port>/…; the host names the app, so the page needs no appid.
  function bootPage() {
    if (!/^https?:$/.test(location.protocol) || !/\.localhost$/i.test(location.hostname)) return;
    // The label stands in for the appid until the boot answer names it.
    var label = location.hostname.replace(/\.localhost$/i, '');
    var ctx = makeCtx({ baseURL: location.origin, appid: label, token: '' }, null);
    try {
      // The WXML runtime's shell page inlines the boot answer; HTML pages ask.
      var boot = root.__minihostBoot;
      if (!isObject(boot)) {
        var xhr = new XMLHttpRequest();
        xhr.open('GET', '/wx/boot', false); // synchronous on purpose
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.send(null);
        if (xhr.status !== 200) {
          throw new Error('HTTP ' + xhr.status + ' ' + String(xhr.responseText || '').slice(0, 200));
        }
        boot = JSON.parse(xhr.responseText);
      }
      if (!isObject(boot) || typeof boot.token !== 'string' || !isObject(boot.accountInfo)) {
        throw new Error('malformed boot answer');
      }
      if (boot.appid) ctx.appid = String(boot.appid);
      ctx.token = boot.token;
      ctx.accountInfo = boot.accountInfo;
      ctx.apis = Array.isArray(boot.apis) ? boot.apis : null;
    } catch (e) {
      ctx.bootError = 'boot failed (GET /wx/boot): ' + (e && e.message ? e.message : e);
      reportError('boot', ctx.bootError);
    }
    root.wx = build(ctx);
  }

  // ---- the minihost object: the control API (QA automation) ----
  //
  //     const { createHost } = require('./wx.js');
  //     const host = createHost({ baseURL: 'http://127.0.0.1:7878', token: '<minihost ctl token>' });
  //     const p = await host.prompts.next();          // wait for the next prompt
  //     await host.prompts.answer(p.id, 'deny');
  //     await host.faults.add({ api: 'server.jscode2session', errCode: 45011 });
  //
  // The verbs mirror `minihost ctl` and the Go client (hostapi/client): status, personas, apps,
  // prompts, policies, sessions, timeouts, faults, calls. Every method returns a Promise; a refusal
  // rejects with an Error whose .status is the HTTP status and .body the host's answer. The host
  // refuses the control API to every request from a web page (Origin or Sec-Fetch-Site header),
  // an app's page included (403); use it from Node or a test runner.

  function query(params) {
    var parts = [];
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v === undefined || v === null || v === '' || v === false) return;
      (Array.isArray(v) ? v : [v]).forEach(function (x) {
        parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(x)));
      });
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function seg(s) { return encodeURIComponent(String(s)); }

  function isBinary(v) {
    return (typeof ArrayBuffer !== 'undefined' && (v instanceof ArrayBuffer || ArrayBuffer.isView(v))) ||
      (typeof Blob !== 'undefined' && v instanceof Blob);
  }

  /** createHost({baseURL, token, fetch?}) → the minihost control client. */
  function createHost(cfg) {
    cfg = cfg || {};
    var baseURL = cfg.baseURL;
    if (!baseURL && inBrowser && /^https?:$/.test(location.protocol)) baseURL = location.origin;
    if (!baseURL) throw new TypeError('minihost wx.js: createHost needs baseURL (e.g. "http://127.0.0.1:7878")');
    if (!cfg.token) throw new TypeError('minihost wx.js: createHost needs the control token (print it with: minihost ctl token)');
    baseURL = trimSlash(baseURL);
    var token = String(cfg.token);
    function getFetch() {
      if (typeof cfg.fetch === 'function') return cfg.fetch;
      if (typeof root.fetch === 'function') return function (u, i) { return root.fetch(u, i); };
      throw new Error('minihost wx.js: createHost needs fetch (Node 18+, a browser, or cfg.fetch)');
    }

    // request resolves with the JSON answer (null for 204) or rejects with an Error.
    function request(method, path, body, signal) {
      var headers = { Authorization: 'Bearer ' + token };
      var init = { method: method, headers: headers };
      if (body !== undefined) {
        if (isBinary(body)) {
          init.body = body;
        } else {
          headers['Content-Type'] = 'application/json';
          init.body = JSON.stringify(body);
        }
      }
      if (signal) init.signal = signal;
      return Promise.resolve().then(function () { return getFetch()(baseURL + path, init); })
        .then(function (resp) {
          if (resp.status === 204) return null;
          return resp.text().then(function (text) {
            var data = null;
            try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
            if (resp.status >= 300) {
              var msg = data && data.error ? data.error : 'HTTP ' + resp.status;
              var err = new Error(method + ' ' + path + ': ' + resp.status + ': ' + msg);
              err.status = resp.status;
              err.body = data;
              throw err;
            }
            return data;
          });
        });
    }
    function get(path) { return request('GET', path); }
    function pick(key) { return function (data) { return data[key]; }; }
    function persona(opts) { return query({ persona: opts && opts.persona }); }

    var lastPrompt = 0;

    // next long-polls GET /_minihost/prompts/next until a prompt newer than `after` comes.
    function nextPrompt(opts) {
      opts = opts || {};
      var after = typeof opts.after === 'number' ? opts.after : lastPrompt;
      var deadline = typeof opts.timeout === 'number' ? Date.now() + opts.timeout : Infinity;
      function poll() {
        var left = deadline - Date.now();
        if (left <= 0) {
          var err = new Error('minihost: no prompt within ' + opts.timeout + ' ms');
          err.status = 408;
          return Promise.reject(err);
        }
        var wait = Math.max(1, Math.min(25000, left === Infinity ? 25000 : left));
        return get('/_minihost/prompts/next' + query({ after: String(after), timeout: wait + 'ms' })).then(function (p) {
          if (!p) return poll();
          if (typeof opts.after !== 'number') lastPrompt = Math.max(lastPrompt, p.id);
          return p;
        });
      }
      return poll();
    }

    // stream follows the call log (Server-Sent Events) and calls onCall(record) for each call.
    function streamCalls(filter, onCall) {
      if (typeof filter === 'function') { onCall = filter; filter = {}; }
      var ctrl = new AbortController();
      var closed = false;
      var done = Promise.resolve().then(function () {
        return getFetch()(baseURL + '/_minihost/calls/stream' + query(filter), {
          headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' },
          signal: ctrl.signal,
        });
      }).then(function (resp) {
        if (resp.status !== 200) {
          return resp.text().then(function (t) {
            var err = new Error('GET /_minihost/calls/stream: ' + resp.status + ': ' + t);
            err.status = resp.status;
            throw err;
          });
        }
        var reader = resp.body.getReader();
        var decoder = new TextDecoder();
        var buf = '';
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return undefined;
            buf += decoder.decode(chunk.value, { stream: true });
            var i;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              var event = buf.slice(0, i);
              buf = buf.slice(i + 2);
              var data = event.split('\n').filter(function (l) { return l.indexOf('data:') === 0; })
                .map(function (l) { return l.slice(5).replace(/^ /, ''); }).join('\n');
              if (data) {
                try { onCall(JSON.parse(data)); } catch (e) { reportError('calls.stream callback threw', e); }
              }
            }
            return pump();
          });
        }
        return pump();
      }).catch(function (err) {
        if (closed) return undefined; // close() aborts the request
        throw err;
      });
      return { done: done, close: function () { closed = true; ctrl.abort(); } };
    }

    return {
      baseURL: baseURL,
      status: function () { return get('/_minihost/status'); },
      personas: {
        list: function () { return get('/_minihost/personas'); },
        create: function (p) { return request('POST', '/_minihost/personas', p); },
        update: function (id, change) { return request('PATCH', '/_minihost/personas/' + seg(id), change); },
        delete: function (id) { return request('DELETE', '/_minihost/personas/' + seg(id)); },
        switch: function (id) { return request('POST', '/_minihost/personas/' + seg(id) + '/switch'); },
        setAvatar: function (id, image) { return request('PUT', '/_minihost/personas/' + seg(id) + '/avatar', image); },
        clearAvatar: function (id) { return request('DELETE', '/_minihost/personas/' + seg(id) + '/avatar'); },
        export: function (ids) { return get('/_minihost/personas/export' + query({ id: ids || [] })); },
        import: function (file) { return request('POST', '/_minihost/personas/import', file); },
      },
      apps: {
        list: function () { return get('/_minihost/apps').then(pick('apps')); },
        load: function (dir) { return request('POST', '/_minihost/apps', { dir: dir }); },
        unload: function (appid) { return request('DELETE', '/_minihost/apps/' + seg(appid)); },
        reset: function (appid, opts) {
          return request('POST', '/_minihost/apps/' + seg(appid) + '/reset', { persona: (opts && opts.persona) || '' });
        },
        set: function (appid, change) { return request('PATCH', '/_minihost/apps/' + seg(appid), change); },
        settings: function (appid, opts) { return get('/_minihost/apps/' + seg(appid) + '/settings' + persona(opts)); },
        setSettings: function (appid, settings, opts) {
          return request('PUT', '/_minihost/apps/' + seg(appid) + '/settings' + persona(opts), settings);
        },
      },
      prompts: {
        list: function () { return get('/_minihost/prompts').then(pick('prompts')); },
        next: nextPrompt,
        answer: function (id, answer, opts) {
          var body = { answer: answer };
          if (opts && opts.authSetting) body.authSetting = opts.authSetting;
          if (opts && opts.subscriptionsSetting) body.subscriptionsSetting = opts.subscriptionsSetting;
          if (opts && opts.choices) body.choices = opts.choices; // subscribe prompts: {tmplId: 'accept'|'reject'}
          if (opts && opts.keep) body.keep = true; // subscribe prompts: always keep this choice
          return request('POST', '/_minihost/prompts/' + seg(id) + '/answer', body);
        },
      },
      policies: {
        list: function () { return get('/_minihost/policies'); },
        set: function (key, policy) { return request('PUT', '/_minihost/policies/' + seg(key), { policy: policy }); },
        clear: function (key) {
          return key ? request('DELETE', '/_minihost/policies/' + seg(key)) : request('DELETE', '/_minihost/policies');
        },
      },
      sessions: {
        get: function (appid, opts) { return get('/_minihost/sessions/' + seg(appid) + persona(opts)); },
        expire: function (appid, opts) {
          return request('POST', '/_minihost/sessions/' + seg(appid) + '/expire', { persona: (opts && opts.persona) || '' });
        },
        forget: function (appid, opts) { return request('DELETE', '/_minihost/sessions/' + seg(appid) + persona(opts)); },
      },
      timeouts: {
        get: function () { return get('/_minihost/timeouts'); },
        set: function (t) { return request('PUT', '/_minihost/timeouts', t || {}); },
      },
      faults: {
        list: function () { return get('/_minihost/faults').then(pick('faults')); },
        add: function (spec) { return request('POST', '/_minihost/faults', spec); },
        clear: function (api) { return request('DELETE', '/_minihost/faults' + query({ api: api })).then(pick('cleared')); },
        remove: function (id) { return request('DELETE', '/_minihost/faults/' + seg(id)); },
      },
      messages: {
        list: function (opts) { return get('/_minihost/messages' + persona(opts)).then(pick('messages')); },
      },
      calls: {
        list: function (filter) { return get('/_minihost/calls' + query(filter)).then(pick('calls')); },
        stream: streamCalls,
      },
    };
  }

  return {
    createWx: createWx, install: install, createHost: createHost, version: VERSION, inBrowser: inBrowser, bootPage: bootPage,
  };
});
