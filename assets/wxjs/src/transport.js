// The wire: POST /wx/<appid>/<api> with the app's token (docs/protocol.md), over fetch or,
// in an IDE without fetch, over its own wx.request. Every answer becomes a wx result object.

import { isObject } from './util.js';

// toResult turns an HTTP answer into a wx result: the host always answers a JSON object with errMsg.
export function toResult(api, status, data) {
  let obj = data;
  if (typeof data === 'string') {
    try { obj = JSON.parse(data); } catch (e) { obj = null; }
  }
  if (isObject(obj) && typeof obj.errMsg === 'string') return obj;
  const why = status && (status < 200 || status > 299) ? 'HTTP ' + status : 'invalid response from host';
  return { errMsg: api + ':fail ' + why };
}

export function networkFail(api, err) {
  let msg;
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

// send POSTs one call and always resolves with a result object (never rejects). ctx carries
// baseURL, appid, token, getFetch() and, in an IDE, request (its wx.request).
export function send(ctx, api, body, timeout) {
  return new Promise((resolve) => {
    let finished = false;
    let timer = null;
    let abort = null;
    function finish(res) {
      if (finished) return;
      finished = true;
      if (timer !== null) clearTimeout(timer);
      resolve(res);
    }
    if (typeof timeout === 'number' && isFinite(timeout) && timeout > 0) {
      timer = setTimeout(() => {
        timer = null;
        finish({ errMsg: api + ':fail timeout' });
        if (abort) {
          try { abort(); } catch (e) { /* already finished */ }
        }
      }, timeout);
    }
    const url = ctx.baseURL + '/wx/' + encodeURIComponent(ctx.appid) + '/' + api;
    const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer ' + ctx.token };
    let payload;
    try {
      payload = JSON.stringify(body);
    } catch (e) {
      finish({ errMsg: api + ':fail invalid arguments: ' + e.message });
      return;
    }
    const doFetch = ctx.getFetch();
    if (doFetch) {
      const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
      if (ctrl) abort = () => ctrl.abort();
      const init = { method: 'POST', headers, body: payload };
      if (ctrl) init.signal = ctrl.signal;
      let p;
      try {
        p = Promise.resolve(doFetch(url, init));
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then((resp) => resp.text().then((text) => finish(toResult(api, resp.status, text))))
        .catch((err) => finish(networkFail(api, err)));
    } else if (ctx.request) {
      try {
        const task = ctx.request({
          url,
          method: 'POST',
          header: headers,
          data: payload,
          dataType: 'json',
          success: (res) => finish(toResult(api, res && res.statusCode, res && res.data)),
          fail: (err) => finish(networkFail(api, err)),
        });
        if (task && typeof task.abort === 'function') abort = () => task.abort();
      } catch (e) {
        finish(networkFail(api, e));
      }
    } else {
      finish({ errMsg: api + ':fail no transport: neither fetch nor wx.request is available' });
    }
  });
}
