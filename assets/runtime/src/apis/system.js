// A few system APIs pages read at their top level. Issue 12 completes them.
export function systemRows(ctx) {
  const windowInfo = () => ({
    pixelRatio: window.devicePixelRatio || 1,
    screenWidth: window.screen?.width || window.innerWidth,
    screenHeight: window.screen?.height || window.innerHeight,
    windowWidth: document.documentElement.clientWidth,
    windowHeight: document.documentElement.clientHeight,
    statusBarHeight: 0,
    safeArea: { left: 0, top: 0, right: document.documentElement.clientWidth, bottom: document.documentElement.clientHeight, width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
  });
  const systemInfo = () => ({
    ...windowInfo(),
    brand: 'minihost', model: 'minihost', system: 'Linux', platform: 'devtools',
    language: (navigator.language || 'en').replace('-', '_'), version: '8.0.50', SDKVersion: '3.5.0',
    theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  });
  return {
    getSystemInfoSync: { kind: 'sync', impl: systemInfo },
    getSystemInfo: { kind: 'async', impl: systemInfo },
    getWindowInfo: { kind: 'sync', impl: windowInfo },
    getLaunchOptionsSync: { kind: 'sync', impl: () => ({ ...ctx.launchOptions() }) },
    getEnterOptionsSync: { kind: 'sync', impl: () => ({ ...ctx.launchOptions() }) },
    nextTick: { kind: 'plain', impl: (fn) => { Promise.resolve().then(fn); } },
    env: { kind: 'value', value: Object.freeze({ USER_DATA_PATH: 'wxfile://usr' }) },
  };
}
