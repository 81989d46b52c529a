// The device's environment as the browser knows it: the colour scheme
// (wx.onThemeChange, which the phone fires only when app.json sets
// darkmode: true), the network (getNetworkType, onNetworkStatusChange from
// the browser's online/offline state and connection type), and
// setKeepScreenOn (the Screen Wake Lock where the browser grants one).
import { listeners } from './listeners.js';

// networkType: the phone's names from the browser's NetworkInformation.
export function networkType() {
  if (!navigator.onLine) return 'none';
  const c = navigator.connection;
  if (c?.type === 'cellular') return ({ 'slow-2g': '2g', '2g': '2g', '3g': '3g' })[c.effectiveType] || '4g';
  return c?.type && c.type !== 'wifi' && c.type !== 'ethernet' && c.type !== 'unknown' ? 'unknown' : 'wifi';
}

export function environmentRows(ctx) {
  const theme = listeners('wx.onThemeChange');
  const network = listeners('wx.onNetworkStatusChange');
  let watching = false;
  const watch = () => {
    if (watching) return;
    watching = true;
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
      if (ctx.manifest?.()?.app?.darkmode === true) theme.emit({ theme: e.matches ? 'dark' : 'light' });
    });
    const changed = () => network.emit({ isConnected: navigator.onLine, networkType: networkType() });
    window.addEventListener('online', changed);
    window.addEventListener('offline', changed);
  };
  let wakeLock = null;
  return {
    onThemeChange: { kind: 'plain', impl: (fn) => { watch(); theme.on(fn); } },
    offThemeChange: { kind: 'plain', impl: (fn) => theme.off(fn) },
    onNetworkStatusChange: { kind: 'plain', impl: (fn) => { watch(); network.on(fn); } },
    offNetworkStatusChange: { kind: 'plain', impl: (fn) => network.off(fn) },
    getNetworkType: {
      kind: 'async',
      impl: () => ({ networkType: networkType(), signalStrength: 0, hasSystemProxy: false }),
    },
    setKeepScreenOn: {
      kind: 'async',
      impl: async (o) => {
        // a browser that grants no wake lock (headless, a hidden tab) keeps
        // the screen as it is: the phone's call succeeds either way
        if (o.keepScreenOn) wakeLock ??= await navigator.wakeLock?.request('screen').catch(() => null) ?? null;
        else { await wakeLock?.release().catch(() => {}); wakeLock = null; }
        return {};
      },
    },
  };
}
