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
