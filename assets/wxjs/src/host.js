// The minihost object: the control API (QA automation), for Node or a test runner.
//
//     import { createHost } from 'minihost-wx/host';
//     const host = createHost({ baseURL: 'http://127.0.0.1:7878', token: '<minihost ctl token>' });
//     const p = await host.prompts.next();          // wait for the next prompt
//     await host.prompts.answer(p.id, 'deny');
//     await host.faults.add({ api: 'server.jscode2session', errCode: 45011 });
//
// The verbs mirror `minihost ctl` and the Go client (hostapi/client): status, personas, apps,
// prompts, policies, sessions, timeouts, faults, calls. Every method returns a Promise; a refusal
// rejects with an Error whose .status is the HTTP status and .body the host's answer. The host
// refuses the control API to every request from a web page (Origin or Sec-Fetch-Site header),
// an app's page included (403), so the page bundle (/wx.js) does not carry this client.

import { globalFetch, pageOrigin, reportError, trimSlash } from './util.js';

function query(params) {
  const parts = [];
  for (const k of Object.keys(params || {})) {
    const v = params[k];
    if (v === undefined || v === null || v === '' || v === false) continue;
    for (const x of Array.isArray(v) ? v : [v]) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(x)));
  }
  return parts.length ? '?' + parts.join('&') : '';
}

function seg(s) { return encodeURIComponent(String(s)); }

function isBinary(v) {
  return (typeof ArrayBuffer !== 'undefined' && (v instanceof ArrayBuffer || ArrayBuffer.isView(v))) ||
    (typeof Blob !== 'undefined' && v instanceof Blob);
}

/** createHost({baseURL, token, fetch?}) → the minihost control client. */
export function createHost(cfg) {
  cfg = cfg || {};
  let baseURL = cfg.baseURL || pageOrigin();
  if (!baseURL) throw new TypeError('minihost wx.js: createHost needs baseURL (e.g. "http://127.0.0.1:7878")');
  if (!cfg.token) throw new TypeError('minihost wx.js: createHost needs the control token (print it with: minihost ctl token)');
  baseURL = trimSlash(baseURL);
  const token = String(cfg.token);
  function getFetch() {
    const f = typeof cfg.fetch === 'function' ? cfg.fetch : globalFetch();
    if (!f) throw new Error('minihost wx.js: createHost needs fetch (Node 18+, a browser, or cfg.fetch)');
    return f;
  }

  // request resolves with the JSON answer (null for 204) or rejects with an Error.
  function request(method, path, body, signal) {
    const headers = { Authorization: 'Bearer ' + token };
    const init = { method, headers };
    if (body !== undefined) {
      if (isBinary(body)) {
        init.body = body;
      } else {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    if (signal) init.signal = signal;
    return Promise.resolve().then(() => getFetch()(baseURL + path, init))
      .then((resp) => {
        if (resp.status === 204) return null;
        return resp.text().then((text) => {
          let data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
          if (resp.status >= 300) {
            const msg = data && data.error ? data.error : 'HTTP ' + resp.status;
            const err = new Error(method + ' ' + path + ': ' + resp.status + ': ' + msg);
            err.status = resp.status;
            err.body = data;
            throw err;
          }
          return data;
        });
      });
  }
  const get = (path) => request('GET', path);
  const pick = (key) => (data) => data[key];
  const persona = (opts) => query({ persona: opts && opts.persona });

  let lastPrompt = 0;

  // next long-polls GET /_minihost/prompts/next until a prompt newer than `after` comes.
  function nextPrompt(opts) {
    opts = opts || {};
    const after = typeof opts.after === 'number' ? opts.after : lastPrompt;
    const deadline = typeof opts.timeout === 'number' ? Date.now() + opts.timeout : Infinity;
    function poll() {
      const left = deadline - Date.now();
      if (left <= 0) {
        const err = new Error('minihost: no prompt within ' + opts.timeout + ' ms');
        err.status = 408;
        return Promise.reject(err);
      }
      const wait = Math.max(1, Math.min(25000, left === Infinity ? 25000 : left));
      return get('/_minihost/prompts/next' + query({ after: String(after), timeout: wait + 'ms' })).then((p) => {
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
    const ctrl = new AbortController();
    let closed = false;
    const done = Promise.resolve().then(() => getFetch()(baseURL + '/_minihost/calls/stream' + query(filter), {
      headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' },
      signal: ctrl.signal,
    })).then((resp) => {
      if (resp.status !== 200) {
        return resp.text().then((t) => {
          const err = new Error('GET /_minihost/calls/stream: ' + resp.status + ': ' + t);
          err.status = resp.status;
          throw err;
        });
      }
      const reader = resp.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      function pump() {
        return reader.read().then((chunk) => {
          if (chunk.done) return undefined;
          buf += decoder.decode(chunk.value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const event = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = event.split('\n').filter((l) => l.indexOf('data:') === 0)
              .map((l) => l.slice(5).replace(/^ /, '')).join('\n');
            if (data) {
              try { onCall(JSON.parse(data)); } catch (e) { reportError('calls.stream callback threw', e); }
            }
          }
          return pump();
        });
      }
      return pump();
    }).catch((err) => {
      if (closed) return undefined; // close() aborts the request
      throw err;
    });
    return { done, close() { closed = true; ctrl.abort(); } };
  }

  return {
    baseURL,
    status: () => get('/_minihost/status'),
    personas: {
      list: () => get('/_minihost/personas'),
      create: (p) => request('POST', '/_minihost/personas', p),
      update: (id, change) => request('PATCH', '/_minihost/personas/' + seg(id), change),
      delete: (id) => request('DELETE', '/_minihost/personas/' + seg(id)),
      switch: (id) => request('POST', '/_minihost/personas/' + seg(id) + '/switch'),
      setAvatar: (id, image) => request('PUT', '/_minihost/personas/' + seg(id) + '/avatar', image),
      clearAvatar: (id) => request('DELETE', '/_minihost/personas/' + seg(id) + '/avatar'),
      export: (ids) => get('/_minihost/personas/export' + query({ id: ids || [] })),
      import: (file) => request('POST', '/_minihost/personas/import', file),
    },
    apps: {
      list: () => get('/_minihost/apps').then(pick('apps')),
      load: (dir) => request('POST', '/_minihost/apps', { dir }),
      unload: (appid) => request('DELETE', '/_minihost/apps/' + seg(appid)),
      reset: (appid, opts) => request('POST', '/_minihost/apps/' + seg(appid) + '/reset', { persona: (opts && opts.persona) || '' }),
      set: (appid, change) => request('PATCH', '/_minihost/apps/' + seg(appid), change),
      settings: (appid, opts) => get('/_minihost/apps/' + seg(appid) + '/settings' + persona(opts)),
      setSettings: (appid, settings, opts) =>
        request('PUT', '/_minihost/apps/' + seg(appid) + '/settings' + persona(opts), settings),
    },
    prompts: {
      list: () => get('/_minihost/prompts').then(pick('prompts')),
      next: nextPrompt,
      answer(id, answer, opts) {
        const body = { answer };
        if (opts && opts.authSetting) body.authSetting = opts.authSetting;
        if (opts && opts.subscriptionsSetting) body.subscriptionsSetting = opts.subscriptionsSetting;
        if (opts && opts.choices) body.choices = opts.choices; // subscribe prompts: {tmplId: 'accept'|'reject'}
        if (opts && opts.keep) body.keep = true; // subscribe prompts: always keep this choice
        return request('POST', '/_minihost/prompts/' + seg(id) + '/answer', body);
      },
    },
    policies: {
      list: () => get('/_minihost/policies'),
      set: (key, policy) => request('PUT', '/_minihost/policies/' + seg(key), { policy }),
      clear: (key) => (key ? request('DELETE', '/_minihost/policies/' + seg(key)) : request('DELETE', '/_minihost/policies')),
    },
    sessions: {
      get: (appid, opts) => get('/_minihost/sessions/' + seg(appid) + persona(opts)),
      expire: (appid, opts) =>
        request('POST', '/_minihost/sessions/' + seg(appid) + '/expire', { persona: (opts && opts.persona) || '' }),
      forget: (appid, opts) => request('DELETE', '/_minihost/sessions/' + seg(appid) + persona(opts)),
    },
    timeouts: {
      get: () => get('/_minihost/timeouts'),
      set: (t) => request('PUT', '/_minihost/timeouts', t || {}),
    },
    faults: {
      list: () => get('/_minihost/faults').then(pick('faults')),
      add: (spec) => request('POST', '/_minihost/faults', spec),
      clear: (api) => request('DELETE', '/_minihost/faults' + query({ api })).then(pick('cleared')),
      remove: (id) => request('DELETE', '/_minihost/faults/' + seg(id)),
    },
    messages: {
      list: (opts) => get('/_minihost/messages' + persona(opts)).then(pick('messages')),
    },
    calls: {
      list: (filter) => get('/_minihost/calls' + query(filter)).then(pick('calls')),
      stream: streamCalls,
    },
  };
}
