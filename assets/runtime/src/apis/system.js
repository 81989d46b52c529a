// System APIs: window and system info, launch options, nextTick, wx.env.
// More in device.js.
import { SDK_VERSION } from './device.js';
import { USER_DATA_PATH } from './fs.js';
import { deviceFrame, safeAreaOf } from '../statusbar.js';
import { NAVBAR_HEIGHT, TABBAR_HEIGHT } from '../chrome.js';

// personaLanguage returns a function answering the language of the persona
// the host runs the app as, from the host's boot answer (`boot` is the host
// client's, apis/host.js: the shell page's answer, else GET /wx/boot; read
// once, on first use), else the browser's: en, zh_CN or zh_TW, as the
// phone's wx names them.
export function personaLanguage(boot) {
  let lang = null;
  return () => {
    if (lang) return lang;
    try {
      const l = boot()?.language;
      if (typeof l === 'string' && l) lang = l;
    } catch { /* not served by minihost: the browser's language */ }
    if (!lang) {
      const nav = String(navigator.language || 'en');
      lang = /^zh[-_](TW|HK|Hant)/i.test(nav) ? 'zh_TW' : /^zh/i.test(nav) ? 'zh_CN' : 'en';
    }
    return lang;
  };
}

// pageAreaHeight is windowHeight as on the phone: the page's area, below the
// status and navigation bars and above the tabBar (pages size scroll-views
// by it). Measured from the chrome once it is laid out; while the first page
// loads (the chrome not shown yet) worked out from the bars it will show.
export function pageAreaHeight(shell, frame, viewport) {
  if (!shell) return viewport;
  if (shell.pages.clientHeight > 0) return shell.pages.clientHeight;
  const custom = shell.nav.hidden;
  let hgt = viewport;
  if (!custom) hgt -= NAVBAR_HEIGHT + (frame.shown ? frame.statusBarHeight : 0);
  if (!shell.tabbar.hidden) hgt -= TABBAR_HEIGHT + (shell.tabbar.classList.contains('mh-tabbar-top') || !frame.shown ? 0 : frame.bottomInset);
  return Math.max(0, hgt);
}

export function systemRows(ctx) {
  const windowInfo = () => {
    const w = document.documentElement.clientWidth;
    const h = document.documentElement.clientHeight;
    const shell = ctx.shell?.();
    // the status bar and safe area the runtime draws (before the shell: what it will draw)
    const frame = shell?.statusFrame || deviceFrame();
    // the phone's screen is the whole viewport: minihost draws the status
    // bar and the home indicator's inset in it (window.screen is the
    // monitor's, or in headless Chromium 600 px, less than the page area)
    const sw = window.innerWidth || w;
    const sh = window.innerHeight || h;
    return {
      pixelRatio: window.devicePixelRatio || 1,
      screenWidth: sw,
      screenHeight: sh,
      windowWidth: w,
      windowHeight: pageAreaHeight(shell, frame, h),
      statusBarHeight: frame.statusBarHeight,
      screenTop: 0,
      safeArea: frame.shown ? safeAreaOf(frame, sw, sh) : { left: 0, top: 0, right: w, bottom: h, width: w, height: h },
    };
  };
  const systemInfo = () => ({
    ...windowInfo(),
    brand: 'minihost', model: 'minihost', system: 'Linux', platform: 'devtools',
    language: ctx.language(), version: '8.0.50', SDKVersion: SDK_VERSION,
    fontSizeSetting: 16, benchmarkLevel: 1, host: { appId: '' },
    theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  });
  return {
    getSystemInfoSync: { kind: 'sync', impl: systemInfo },
    getSystemInfo: { kind: 'async', impl: systemInfo },
    getSystemInfoAsync: { kind: 'async', impl: systemInfo },
    getWindowInfo: { kind: 'sync', impl: windowInfo },
    getLaunchOptionsSync: { kind: 'sync', impl: () => structuredClone(ctx.launchOptions()) },
    getEnterOptionsSync: { kind: 'sync', impl: () => structuredClone(ctx.launchOptions()) },
    nextTick: { kind: 'plain', impl: (fn) => { if (typeof fn === 'function') Promise.resolve().then(fn); } },
    env: { kind: 'value', value: Object.freeze({ USER_DATA_PATH }) },
  };
}
