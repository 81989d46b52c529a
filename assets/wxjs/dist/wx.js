/*!
 * minihost wx.js 0.1.0: the `wx` open interfaces of a mini program host, served by minihost.
 * Built from assets/wxjs (the minihost-wx package) by `make runtime`: do not edit.
 *
 * In a mini program page served by minihost on the app's own origin:
 *     <script src="/wx.js"></script>
 *     <script> wx.login({ success(res) { console.log(res.code) } }) </script>
 * It defines the global wx (ready from the first line) and minihostWx = { createWx, install, version }.
 * Node, test runners and IDEs: npm install the package (assets/wxjs/README.md).
 * Wire protocol: docs/protocol.md.
 */
(() => {
  // ../wxjs/src/openapis.js
  var OPEN_APIS = [
    {
      "name": "login",
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "code": true,
          "errMsg": true
        }
      }
    },
    {
      "name": "checkSession",
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "errMsg": true
        }
      }
    },
    {
      "name": "getAccountInfoSync",
      "sync": true,
      "canIUse": {
        "return": {
          "miniProgram": {
            "appId": true,
            "envVersion": {
              "develop": true,
              "release": true,
              "trial": true
            },
            "version": true
          },
          "plugin": {
            "appId": true,
            "version": true
          }
        }
      }
    },
    {
      "name": "getUserProfile",
      "gesture": true,
      "canIUse": {
        "object": {
          "complete": true,
          "desc": true,
          "fail": true,
          "lang": {
            "en": true,
            "zh_CN": true,
            "zh_TW": true
          },
          "success": true,
          "timeout": true
        },
        "success": {
          "cloudID": true,
          "encryptedData": true,
          "errMsg": true,
          "iv": true,
          "rawData": true,
          "signature": true,
          "userInfo": {
            "avatarUrl": true,
            "city": true,
            "country": true,
            "gender": true,
            "language": true,
            "nickName": true,
            "province": true
          }
        }
      }
    },
    {
      "name": "getUserInfo",
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "lang": {
            "en": true,
            "zh_CN": true,
            "zh_TW": true
          },
          "success": true,
          "timeout": true,
          "withCredentials": true
        },
        "success": {
          "cloudID": true,
          "encryptedData": true,
          "errMsg": true,
          "iv": true,
          "rawData": true,
          "signature": true,
          "userInfo": {
            "avatarUrl": true,
            "city": true,
            "country": true,
            "gender": true,
            "language": true,
            "nickName": true,
            "province": true
          }
        }
      }
    },
    {
      "name": "getSetting",
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true,
          "withSubscriptions": true
        },
        "success": {
          "authSetting": true,
          "errMsg": true,
          "subscriptionsSetting": {
            "itemSettings": true,
            "mainSwitch": true
          }
        }
      }
    },
    {
      "name": "openSetting",
      "gesture": true,
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true,
          "withSubscriptions": true
        },
        "success": {
          "authSetting": true,
          "errMsg": true,
          "subscriptionsSetting": {
            "itemSettings": true,
            "mainSwitch": true
          }
        }
      }
    },
    {
      "name": "authorize",
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "scope": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "errMsg": true
        }
      }
    },
    {
      "name": "checkIsSoterEnrolledInDevice",
      "canIUse": {
        "object": {
          "checkAuthMode": {
            "facial": true,
            "fingerPrint": true,
            "speech": true
          },
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "errMsg": true,
          "isEnrolled": true
        }
      }
    },
    {
      "name": "checkIsSupportSoterAuthentication",
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "errMsg": true,
          "supportMode": {
            "facial": true,
            "fingerPrint": true,
            "speech": true
          }
        }
      }
    },
    {
      "name": "startSoterAuthentication",
      "canIUse": {
        "object": {
          "authContent": true,
          "challenge": true,
          "complete": true,
          "fail": true,
          "requestAuthModes": {
            "facial": true,
            "fingerPrint": true,
            "speech": true
          },
          "success": true,
          "timeout": true
        },
        "success": {
          "authMode": true,
          "errCode": true,
          "errMsg": true,
          "resultJSON": true,
          "resultJSONSignature": true
        }
      }
    },
    {
      "name": "getPhoneNumber",
      "gesture": true,
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "cloudID": true,
          "code": true,
          "encryptedData": true,
          "errMsg": true,
          "iv": true
        }
      }
    },
    {
      "name": "getRealtimePhoneNumber",
      "gesture": true,
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true
        },
        "success": {
          "code": true,
          "errMsg": true
        }
      }
    },
    {
      "name": "requestSubscribeMessage",
      "gesture": true,
      "canIUse": {
        "object": {
          "complete": true,
          "fail": true,
          "success": true,
          "timeout": true,
          "tmplIds": true
        },
        "success": {
          "errMsg": true
        }
      }
    }
  ];

  // ../wxjs/src/util.js
  function hasOwn(o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  }
  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }
  function clone(v) {
    return v === void 0 ? v : JSON.parse(JSON.stringify(v));
  }
  function trimSlash(s) {
    return String(s).replace(/\/+$/, "");
  }
  function isOk(res) {
    return isObject(res) && typeof res.errMsg === "string" && /:ok$/.test(res.errMsg);
  }
  function reportError(where, err) {
    if (typeof console !== "undefined" && console.error) console.error("minihost wx.js: " + where + ":", err);
  }
  var inBrowser = typeof window !== "undefined" && typeof document !== "undefined" && typeof navigator !== "undefined" && typeof location !== "undefined";
  function pageOrigin() {
    return inBrowser && /^https?:$/.test(location.protocol) ? location.origin : void 0;
  }
  function globalFetch() {
    if (typeof globalThis.fetch !== "function") return null;
    return (u, i) => globalThis.fetch(u, i);
  }

  // ../wxjs/src/caniuse.js
  var TREE = { canIUse: true };
  for (const a of OPEN_APIS) TREE[a.name] = a.canIUse;
  function canIUseFor(ctx) {
    return function canIUse(name) {
      if (typeof name !== "string" || name === "") return false;
      const parts = name.split(".");
      if (Array.isArray(ctx.apis) && ctx.apis.length && parts[0] !== "canIUse" && ctx.apis.indexOf(parts[0]) < 0) {
        return false;
      }
      let node = TREE;
      for (const part of parts) {
        if (node === true || !isObject(node) || !hasOwn(node, part)) return false;
        node = node[part];
      }
      return true;
    };
  }

  // ../wxjs/src/transport.js
  function toResult(api, status, data) {
    let obj = data;
    if (typeof data === "string") {
      try {
        obj = JSON.parse(data);
      } catch (e) {
        obj = null;
      }
    }
    if (isObject(obj) && typeof obj.errMsg === "string") return obj;
    const why = status && (status < 200 || status > 299) ? "HTTP " + status : "invalid response from host";
    return { errMsg: api + ":fail " + why };
  }
  function networkFail(api, err) {
    let msg;
    if (err && typeof err.errMsg === "string") {
      msg = err.errMsg.replace(/^request:fail ?/, "") || "request failed";
    } else if (err && err.message) {
      msg = err.message;
      if (err.cause && err.cause.message && err.cause.message !== msg) msg += ": " + err.cause.message;
    } else {
      msg = String(err || "network error");
    }
    return { errMsg: api + ":fail " + msg };
  }
  function send(ctx, api, body, timeout) {
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
      if (typeof timeout === "number" && isFinite(timeout) && timeout > 0) {
        timer = setTimeout(() => {
          timer = null;
          finish({ errMsg: api + ":fail timeout" });
          if (abort) {
            try {
              abort();
            } catch (e) {
            }
          }
        }, timeout);
      }
      const url = ctx.baseURL + "/wx/" + encodeURIComponent(ctx.appid) + "/" + api;
      const headers = { "Content-Type": "application/json", Authorization: "Bearer " + ctx.token };
      let payload;
      try {
        payload = JSON.stringify(body);
      } catch (e) {
        finish({ errMsg: api + ":fail invalid arguments: " + e.message });
        return;
      }
      const doFetch = ctx.getFetch();
      if (doFetch) {
        const ctrl = typeof AbortController === "function" ? new AbortController() : null;
        if (ctrl) abort = () => ctrl.abort();
        const init = { method: "POST", headers, body: payload };
        if (ctrl) init.signal = ctrl.signal;
        let p;
        try {
          p = Promise.resolve(doFetch(url, init));
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then((resp) => resp.text().then((text) => finish(toResult(api, resp.status, text)))).catch((err) => finish(networkFail(api, err)));
      } else if (ctx.request) {
        try {
          const task = ctx.request({
            url,
            method: "POST",
            header: headers,
            data: payload,
            dataType: "json",
            success: (res) => finish(toResult(api, res && res.statusCode, res && res.data)),
            fail: (err) => finish(networkFail(api, err))
          });
          if (task && typeof task.abort === "function") abort = () => task.abort();
        } catch (e) {
          finish(networkFail(api, e));
        }
      } else {
        finish({ errMsg: api + ":fail no transport: neither fetch nor wx.request is available" });
      }
    });
  }

  // ../wxjs/src/wx.js
  var APIS = OPEN_APIS.map((a) => a.name);
  var GESTURE = new Set(OPEN_APIS.filter((a) => a.gesture).map((a) => a.name));
  function userGesture() {
    const ua = typeof navigator !== "undefined" ? navigator.userActivation : void 0;
    return ua ? !!ua.isActive : true;
  }
  function deliver(opts, res) {
    const cb = isOk(res) ? opts.success : opts.fail;
    if (typeof cb === "function") {
      try {
        cb.call(opts, res);
      } catch (e) {
        reportError((isOk(res) ? "success" : "fail") + " callback threw", e);
      }
    }
    if (typeof opts.complete === "function") {
      try {
        opts.complete.call(opts, res);
      } catch (e) {
        reportError("complete callback threw", e);
      }
    }
  }
  function makeCall(ctx, api) {
    return function(args) {
      const opts = isObject(args) ? args : {};
      const body = {};
      for (const k of Object.keys(opts)) {
        if (typeof opts[k] !== "function") body[k] = opts[k];
      }
      if (GESTURE.has(api) && ctx.browser) body._userGesture = userGesture();
      const hasCallback = typeof opts.success === "function" || typeof opts.fail === "function" || typeof opts.complete === "function";
      const pending = send(ctx, api, body, opts.timeout);
      if (!hasCallback) {
        return pending.then((res) => isOk(res) ? res : Promise.reject(res));
      }
      pending.then((res) => deliver(opts, res));
      return void 0;
    };
  }
  function build(ctx) {
    const wx = {};
    for (const a of OPEN_APIS) if (!a.sync) wx[a.name] = makeCall(ctx, a.name);
    wx.getAccountInfoSync = function getAccountInfoSync() {
      if (ctx.accountInfo) return clone(ctx.accountInfo);
      if (ctx.bootError) throw new Error("minihost wx.js: getAccountInfoSync unavailable: " + ctx.bootError);
      throw new Error("minihost wx.js: getAccountInfoSync() called before ready() resolved; await wx.ready() first");
    };
    wx.canIUse = canIUseFor(ctx);
    let readyPromise = null;
    wx.ready = function ready() {
      if (ctx.accountInfo) return Promise.resolve(wx);
      if (!readyPromise) {
        readyPromise = send(ctx, "getAccountInfoSync", {}, ctx.readyTimeout).then((res) => {
          if (!isOk(res)) {
            readyPromise = null;
            const err = new Error("minihost wx.js: loading account info failed: " + res.errMsg);
            err.result = res;
            throw err;
          }
          const info = clone(res);
          delete info.errMsg;
          ctx.accountInfo = info;
          return wx;
        });
      }
      return readyPromise;
    };
    return wx;
  }
  function makeCtx(cfg, existing) {
    cfg = cfg || {};
    const baseURL = cfg.baseURL || pageOrigin();
    if (!baseURL) throw new TypeError('minihost wx.js: baseURL is required (e.g. "http://127.0.0.1:7878")');
    if (!cfg.appid) throw new TypeError("minihost wx.js: appid is required");
    const userFetch = typeof cfg.fetch === "function" ? cfg.fetch : null;
    const ctx = {
      baseURL: trimSlash(baseURL),
      appid: String(cfg.appid),
      token: cfg.token ? String(cfg.token) : "",
      browser: inBrowser,
      accountInfo: null,
      bootError: null,
      apis: null,
      readyTimeout: cfg.timeout,
      request: null,
      getFetch: () => userFetch || globalFetch()
    };
    if (existing && typeof existing.request === "function") {
      ctx.request = (o) => existing.request(o);
    }
    return ctx;
  }
  function createWx(cfg) {
    return build(makeCtx(cfg, null));
  }

  // ../wxjs/src/install.js
  function define(obj, name, value) {
    try {
      obj[name] = value;
      if (obj[name] === value) return;
    } catch (e) {
    }
    Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: true });
  }
  function install(existingWx, cfg) {
    if (!existingWx || typeof existingWx !== "object" && typeof existingWx !== "function") {
      return Promise.reject(new TypeError("minihost wx.js: install needs an existing wx object"));
    }
    let ctx;
    try {
      ctx = makeCtx(cfg, existingWx);
    } catch (e) {
      return Promise.reject(e);
    }
    const ours = build(ctx);
    const theirCanIUse = typeof existingWx.canIUse === "function" ? existingWx.canIUse : null;
    for (const api of APIS) define(existingWx, api, ours[api]);
    define(existingWx, "canIUse", function canIUse(name) {
      if (ours.canIUse(name)) return true;
      if (!theirCanIUse) return false;
      try {
        return !!theirCanIUse.call(existingWx, name);
      } catch (e) {
        return false;
      }
    });
    return ours.ready().then(() => existingWx);
  }

  // ../wxjs/src/page.js
  function bootPage() {
    if (!/^https?:$/.test(location.protocol) || !/\.localhost$/i.test(location.hostname)) return;
    const label = location.hostname.replace(/\.localhost$/i, "");
    const ctx = makeCtx({ baseURL: location.origin, appid: label, token: "" }, null);
    try {
      let boot = globalThis.__minihostBoot;
      if (!isObject(boot)) {
        const xhr = new XMLHttpRequest();
        xhr.open("GET", "/wx/boot", false);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.send(null);
        if (xhr.status !== 200) {
          throw new Error("HTTP " + xhr.status + " " + String(xhr.responseText || "").slice(0, 200));
        }
        boot = JSON.parse(xhr.responseText);
      }
      if (!isObject(boot) || typeof boot.token !== "string" || !isObject(boot.accountInfo)) {
        throw new Error("malformed boot answer");
      }
      if (boot.appid) ctx.appid = String(boot.appid);
      ctx.token = boot.token;
      ctx.accountInfo = boot.accountInfo;
      ctx.apis = Array.isArray(boot.apis) ? boot.apis : null;
    } catch (e) {
      ctx.bootError = "boot failed (GET /wx/boot): " + (e && e.message ? e.message : e);
      reportError("boot", ctx.bootError);
    }
    globalThis.wx = build(ctx);
  }

  // ../wxjs/src/version.js
  var version = "0.1.0";

  // ../wxjs/src/browser.js
  globalThis.minihostWx = { createWx, install, version };
  if (inBrowser) bootPage();
})();
