// Main package and subpackages of app.json: which files belong to which.

export function subpackagesOf(app) {
  const list = Array.isArray(app?.subpackages) ? app.subpackages : Array.isArray(app?.subPackages) ? app.subPackages : [];
  return list
    .filter((s) => s && typeof s.root === 'string' && s.root)
    .map((s) => {
      const root = s.root.replace(/^\/+/, '').replace(/\/+$/, '');
      const pages = (Array.isArray(s.pages) ? s.pages : []).map((p) => `${root}/${String(p).replace(/^\/+/, '')}`);
      return { root, pages, independent: !!s.independent, name: s.name || root };
    });
}

// packageOf returns the subpackage root owning `path`, or '' for the main package.
export function packageOf(subs, path) {
  for (const s of subs) if (path === s.root || path.startsWith(s.root + '/')) return s.root;
  return '';
}

// allPages lists main pages then subpackage pages.
export function allPages(app, subs) {
  const main = (Array.isArray(app?.pages) ? app.pages : []).map((p) => String(p).replace(/^\/+/, ''));
  return [...main, ...subs.flatMap((s) => s.pages)];
}

// preloadFor lists the roots of the packages app.json's preloadRule asks
// to preload once the page `route` opens, on the network `net` (a
// getNetworkType name): those its rule names by root or name ('' for
// "__APP__", the main package; names no package has are left out, the host
// warned of them), if the rule's network allows: "all" any network, else
// (the phone's default, "wifi") only wifi; nothing offline.
export function preloadFor(app, subs, route, net) {
  const rules = app?.preloadRule;
  if (!rules || typeof rules !== 'object') return [];
  const rule = Object.prototype.hasOwnProperty.call(rules, route) ? rules[route] : rules[`/${route}`];
  // a rule of another shape is ignored whole, as the host warned
  if (!rule || typeof rule !== 'object' || !Array.isArray(rule.packages) || !rule.packages.every((p) => typeof p === 'string')) return [];
  if (rule.network !== undefined && rule.network !== null && typeof rule.network !== 'string') return [];
  if (net === 'none' || (rule.network !== 'all' && net !== 'wifi')) return [];
  const roots = [];
  for (const p of rule.packages) {
    const name = String(p).replace(/^\/+/, '').replace(/\/+$/, '');
    const root = name === '__APP__' ? '' : subs.find((s) => s.root === name || s.name === name)?.root;
    if (root !== undefined && !roots.includes(root)) roots.push(root);
  }
  return roots;
}

// launchTarget picks the page to open from location.search
// (?path=<page>&query=<urlencoded>), else entryPagePath, else the first page,
// and the launch scene (&scene=<n>: 1047 a scanned code, 1014 a service
// message; 1001 by default).
export function launchTarget(search, app, pages) {
  const params = new URLSearchParams(search || '');
  const n = Number(params.get('scene'));
  const scene = Number.isInteger(n) && n >= 1000 && n <= 9999 ? n : 1001;
  let path = (params.get('path') || '').replace(/^\/+/, '').replace(/\.(wxml|js|html)$/, '');
  const query = {};
  const q = params.get('query');
  if (q) for (const [k, v] of new URLSearchParams(q)) query[k] = v;
  let notFound = false;
  if (path && !pages.includes(path)) { notFound = true; }
  if (!path || notFound) {
    const entry = String(app?.entryPagePath || '').replace(/^\/+/, '').replace(/\.(wxml|js|html)$/, '');
    const fallback = pages.includes(entry) ? entry : pages[0] || '';
    return { path: fallback, query: notFound ? {} : query, notFound: notFound ? path : '', scene };
  }
  return { path, query, notFound: '', scene };
}
