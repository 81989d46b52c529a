// System APIs beyond system.js: device and app base info, the capsule's
// rect, app show/hide listeners, random values, canIUse.
import { isBuiltin } from '../builtins.js';
import { bytesOf, toBase64, fromBase64 } from './bytes.js';
import { listeners } from './listeners.js';

export const SDK_VERSION = '3.5.0';

// createAppEvents keeps the onAppShow/onAppHide listeners; the runtime
// emits 'show'/'hide' when the window is shown or hidden.
export function createAppEvents() {
  const on = { show: listeners('wx.onAppShow'), hide: listeners('wx.onAppHide') };
  return {
    add: (kind, fn) => on[kind].on(fn),
    remove: (kind, fn) => on[kind].off(fn),
    emit: (kind, arg) => on[kind].emit(arg),
  };
}

// canIUseFrom answers wx.canIUse("api.method.param.option" or
// "component.attr.value") from what this runtime has: an API row or an open
// interface (implemented), a built-in component that is not a placeholder.
// A button's open-type is true only for the ones the host answers (not
// contact, feedback, launchApp…); other deeper segments are not checked.
export function canIUseFrom(has) {
  return (schema) => {
    if (typeof schema !== 'string' || !schema) return false;
    const [first, second, third] = schema.split('.');
    if (/^[a-z][A-Za-z0-9]*$/.test(first) && has(first)) return true;
    if (first === 'button' && second === 'open-type' && third) return ANSWERED_OPEN_TYPES.has(third);
    return isBuiltin(first) && !['block', 'template', 'import', 'include', 'wxs', 'slot', 'span'].includes(first);
  };
}

// ANSWERED_OPEN_TYPES are the button open-types minihost really answers.
const ANSWERED_OPEN_TYPES = new Set(['getUserInfo', 'openSetting', 'getPhoneNumber', 'getRealtimePhoneNumber', 'chooseAvatar', 'share', 'agreePrivacyAuthorization']);

export function arrayBufferToBase64(buf) {
  return toBase64(bytesOf(buf));
}

export function base64ToArrayBuffer(b64) {
  try { return fromBase64(String(b64).replace(/[\s]/g, '')).buffer; } catch { throw new Error('base64ToArrayBuffer:fail invalid base64 string'); }
}

export function deviceRows(ctx) {
  const rect = () => {
    const r = ctx.shell()?.capsule?.getBoundingClientRect();
    if (!r || !r.width) return { width: 87, height: 32, top: 6, right: document.documentElement.clientWidth - 7, bottom: 38, left: document.documentElement.clientWidth - 94 };
    return { width: r.width, height: r.height, top: r.top, right: r.right, bottom: r.bottom, left: r.left };
  };
  const deviceInfo = () => ({
    abi: 'x86_64', deviceAbi: 'x86_64', benchmarkLevel: 1, brand: 'minihost', model: 'minihost',
    system: 'Linux', platform: 'devtools', memorySize: 4096, cpuType: 'unknown',
  });
  const appBaseInfo = () => ({
    SDKVersion: SDK_VERSION, enableDebug: false, host: { appId: '' }, language: ctx.language(),
    version: '8.0.50', theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    fontSizeScaleFactor: 1, fontSizeSetting: 16,
  });
  return {
    getDeviceInfo: { kind: 'sync', impl: deviceInfo },
    getAppBaseInfo: { kind: 'sync', impl: appBaseInfo },
    getMenuButtonBoundingClientRect: { kind: 'sync', impl: rect },
    onAppShow: { kind: 'plain', impl: (fn) => { ctx.appEvents.add('show', fn); } },
    onAppHide: { kind: 'plain', impl: (fn) => { ctx.appEvents.add('hide', fn); } },
    offAppShow: { kind: 'plain', impl: (fn) => { ctx.appEvents.remove('show', fn); } },
    offAppHide: { kind: 'plain', impl: (fn) => { ctx.appEvents.remove('hide', fn); } },
    // the host app's own system permissions and switches: a desktop grants them
    getAppAuthorizeSetting: {
      kind: 'sync',
      impl: () => Object.fromEntries(['album', 'bluetooth', 'camera', 'location', 'microphone', 'notification', 'notificationAlert', 'notificationBadge', 'notificationSound', 'phoneCalendar']
        .map((k) => [`${k}Authorized`, 'authorized']).concat([['locationReducedAccuracy', false]])),
    },
    getSystemSetting: {
      kind: 'sync',
      impl: () => ({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: true, deviceOrientation: innerWidth > innerHeight ? 'landscape' : 'portrait' }),
    },
    getApiCategory: { kind: 'sync', impl: () => ctx.launchOptions().apiCategory || 'default' },
    isVKSupport: { kind: 'sync', impl: () => false },
    checkIsPictureInPictureActive: { kind: 'sync', impl: () => false },
    arrayBufferToBase64: { kind: 'sync', impl: arrayBufferToBase64 },
    base64ToArrayBuffer: { kind: 'sync', impl: base64ToArrayBuffer },
    getRandomValues: {
      kind: 'async',
      impl: (opts) => {
        const n = Number(opts.length);
        if (!Number.isInteger(n) || n <= 0 || n > 1048576) throw new Error('getRandomValues:fail parameter error: parameter.length should be an integer in 1..1048576');
        const bytes = new Uint8Array(n);
        for (let i = 0; i < n; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(n, i + 65536)));
        return { randomValues: bytes.buffer };
      },
    },
    canIUse: {
      kind: 'wrap',
      // existing: wx.js's canIUse (the open interfaces, down to their fields)
      impl: (existing) => {
        const ours = canIUseFrom((name) => ctx.implemented(name));
        return function canIUse(schema) {
          if (typeof existing === 'function') {
            try { if (existing.call(this, schema)) return true; } catch { /* ours answers */ }
          }
          return ours(schema);
        };
      },
    },
  };
}
