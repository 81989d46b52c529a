// minihost demo page: one button per open interface. Each call writes JSON.stringify(result) into
// <pre id="out-<api>"> when it ends (the e2e tests read these), and a line into the activity log.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var isOk = function (res) { return !!res && typeof res.errMsg === 'string' && /:ok$/.test(res.errMsg); };

  function log(text, ok) {
    var li = document.createElement('li');
    li.className = ok === undefined ? '' : ok ? 'ok' : 'fail';
    li.textContent = new Date().toLocaleTimeString() + '  ' + text;
    var list = $('log');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 50) list.removeChild(list.lastChild);
  }

  function begin(api) {
    var out = $('out-' + api);
    out.textContent = '';
    out.dataset.state = 'pending';
  }

  function show(api, res, ok) {
    var out = $('out-' + api);
    if (ok === undefined) ok = isOk(res);
    out.textContent = JSON.stringify(res, null, 2);
    out.dataset.state = ok ? 'ok' : 'fail';
    log(api + ' → ' + (res && res.errMsg ? res.errMsg : ok ? 'ok' : 'failed'), ok);
    if (ok && res && res.userInfo) showUser(res.userInfo);
  }

  function showUser(userInfo) {
    if (userInfo.avatarUrl) $('avatar').src = userInfo.avatarUrl;
    $('nickname').textContent = userInfo.nickName || '(no nickname)';
  }

  function args(api) {
    switch (api) {
      case 'getUserProfile': return { desc: $('desc').value, lang: $('lang').value };
      case 'getUserInfo': return { withCredentials: $('withCredentials').checked, lang: $('lang').value };
      case 'getSetting':
      case 'openSetting': return { withSubscriptions: $('withSubscriptions').checked };
      case 'authorize': return { scope: $('scope').value };
      case 'checkIsSoterEnrolledInDevice': return { checkAuthMode: $('authMode').value };
      case 'startSoterAuthentication':
        return {
          requestAuthModes: [$('authMode').value],
          challenge: $('challenge').value,
          authContent: $('authContent').value,
        };
      default: return {};
    }
  }

  // call runs one async API the way a mini program usually does (success/fail/complete callbacks)
  // and resolves with the result when complete has run. It must be called synchronously from the
  // tap handler so getUserProfile/openSetting carry the user gesture.
  function call(api) {
    begin(api);
    return new Promise(function (resolve) {
      var a = args(api);
      a.complete = function (res) {
        show(api, res);
        resolve(res);
      };
      wx[api](a);
    });
  }

  function accountInfo() {
    begin('getAccountInfoSync');
    var info;
    try {
      info = wx.getAccountInfoSync();
    } catch (e) {
      show('getAccountInfoSync', { error: String(e && e.message || e) }, false);
      return null;
    }
    show('getAccountInfoSync', info, true);
    return info;
  }

  var ASYNC = ['login', 'checkSession', 'getUserProfile', 'getUserInfo', 'getSetting', 'openSetting', 'authorize',
    'checkIsSupportSoterAuthentication', 'checkIsSoterEnrolledInDevice', 'startSoterAuthentication'];

  ASYNC.forEach(function (api) {
    $('btn-' + api).addEventListener('click', function () { call(api); });
  });
  $('btn-getAccountInfoSync').addEventListener('click', accountInfo);

  $('btn-canIUse').addEventListener('click', function () {
    var name = $('canIUseName').value;
    var res = { name: name, canIUse: wx.canIUse(name) };
    $('out-canIUse').textContent = JSON.stringify(res, null, 2);
    $('out-canIUse').dataset.state = res.canIUse ? 'ok' : 'fail';
  });

  // Run all: the non-interactive flow of a typical mini program, in order.
  $('btn-runAll').addEventListener('click', async function () {
    var btn = $('btn-runAll');
    btn.disabled = true;
    $('runAll-done').textContent = '';
    log('Run all: started');
    try {
      await call('login');
      await call('checkSession');
      accountInfo();
      await call('authorize');
      var setting = await call('getSetting');
      if (!(setting && setting.authSetting && setting.authSetting['scope.userInfo'] === true)) {
        // Clients grant scope.userInfo without a prompt; ask for it so getUserInfo can succeed.
        var res = await wx.authorize({ scope: 'scope.userInfo' }).catch(function (r) { return r; });
        log('authorize scope.userInfo (for getUserInfo) → ' + res.errMsg, isOk(res));
      }
      await call('getUserInfo');
      await call('checkIsSupportSoterAuthentication');
      await call('checkIsSoterEnrolledInDevice');
      await call('startSoterAuthentication');
    } catch (e) {
      log('Run all: ' + (e && e.message || e), false);
    } finally {
      btn.disabled = false;
      $('runAll-done').textContent = 'done';
      log('Run all: done');
    }
  });

  // Header: account info, synchronously available from the first line of page code.
  try {
    var info = wx.getAccountInfoSync();
    var mp = info.miniProgram;
    $('account').textContent = mp.appId + ' · ' + mp.envVersion + (mp.version ? ' ' + mp.version : '') +
      (info.plugin ? ' · plugin ' + info.plugin.appId + '@' + info.plugin.version : '');
  } catch (e) {
    $('account').textContent = 'wx.js did not boot: ' + (e && e.message || e);
  }
})();
