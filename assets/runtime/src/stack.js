// The rules of the page stack, as on the phone, without the DOM: each
// navigation API becomes a plan the router carries out.

export const MAX_PAGES = 10;

// plan answers {errMsg} when the call must fail, otherwise
// {pop: how many pages leave the top, push: route to open or null,
//  clear: true when every page leaves (reLaunch, switchTab)}.
// stackRoutes: routes from bottom to top; isTab(route): a tabBar page.
export function plan(api, stackRoutes, { route = null, delta = 1, isTab = () => false } = {}) {
  const n = stackRoutes.length;
  switch (api) {
    case 'navigateTo':
      if (isTab(route)) return { errMsg: 'navigateTo:fail can not navigateTo a tabbar page' };
      if (n >= MAX_PAGES) return { errMsg: 'navigateTo:fail webview count limit exceed' };
      return { pop: 0, push: route, clear: false };
    case 'redirectTo':
      if (isTab(route)) return { errMsg: 'redirectTo:fail can not redirectTo a tabbar page' };
      return { pop: n > 0 ? 1 : 0, push: route, clear: false };
    case 'navigateBack': {
      let d = Math.floor(Number(delta));
      if (!Number.isFinite(d) || d < 1) d = 1;
      if (n <= 1) return { errMsg: 'navigateBack:fail cannot navigate back at first page.' };
      return { pop: Math.min(d, n - 1), push: null, clear: false };
    }
    case 'reLaunch':
      return { pop: n, push: route, clear: true };
    case 'switchTab':
      if (!isTab(route)) return { errMsg: 'switchTab:fail can not switch to no-tabBar page' };
      return { pop: n, push: route, clear: true };
    default:
      return { errMsg: `${api}:fail unknown navigation` };
  }
}

// parseUrl splits "pages/a/a?x=1&y=2" (leading "/" optional, relative to
// `from` when it starts with "." or has no "/") into {route, query}.
export function parseUrl(url, fromRoute = '') {
  const s = String(url ?? '');
  const q = s.indexOf('?');
  let path = q < 0 ? s : s.slice(0, q);
  const query = {};
  if (q >= 0) {
    for (const part of s.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const k = eq < 0 ? part : part.slice(0, eq);
      const v = eq < 0 ? '' : part.slice(eq + 1);
      query[safeDecode(k)] = safeDecode(v);
    }
  }
  if (path.startsWith('/')) path = path.slice(1);
  else if (fromRoute && (path.startsWith('./') || path.startsWith('../') || !path.includes('/'))) {
    const parts = fromRoute.split('/').slice(0, -1);
    for (const seg of path.split('/')) {
      if (seg === '.' || seg === '') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    path = parts.join('/');
  }
  path = path.replace(/\.(wxml|js|html)$/, '');
  return { route: path, query };
}

function safeDecode(s) {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

export function stringifyQuery(query) {
  return Object.keys(query || {}).map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k])}`).join('&');
}
