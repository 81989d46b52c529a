import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subpackagesOf, packageOf, allPages, launchTarget, preloadFor } from '../src/packages.js';
import { createEventChannel } from '../src/events.js';

const app = {
  pages: ['pages/index/index', 'pages/b/b'],
  subPackages: [{ root: 'pkgA/', pages: ['pages/x'] }, { root: '/solo', pages: ['p/p'], independent: true }],
  entryPagePath: 'pages/b/b',
};

test('subpackages (either spelling), the package of a file, every page', () => {
  const subs = subpackagesOf(app);
  assert.deepEqual(subs.map((s) => [s.root, s.independent]), [['pkgA', false], ['solo', true]]);
  assert.equal(packageOf(subs, 'pkgA/pages/x.js'), 'pkgA');
  assert.equal(packageOf(subs, 'pkgAB/x.js'), '');
  assert.deepEqual(allPages(app, subs), ['pages/index/index', 'pages/b/b', 'pkgA/pages/x', 'solo/p/p']);
});

test('launch path: ?path&query, else entryPagePath; an unknown path is reported', () => {
  const pages = allPages(app, subpackagesOf(app));
  assert.deepEqual(launchTarget('?path=pkgA/pages/x&query=a%3D1%26b%3D%E4%BD%A0', app, pages), { path: 'pkgA/pages/x', query: { a: '1', b: '你' }, notFound: '', scene: 1001 });
  assert.equal(launchTarget('?path=pkgA/pages/x&query=scene%3Do42&scene=1047', app, pages).scene, 1047);
  assert.equal(launchTarget('?scene=abc', app, pages).scene, 1001);
  assert.deepEqual(launchTarget('', app, pages), { path: 'pages/b/b', query: {}, notFound: '', scene: 1001 });
  assert.deepEqual(launchTarget('?path=/nope', app, pages), { path: 'pages/b/b', query: {}, notFound: 'nope', scene: 1001 });
  assert.deepEqual(launchTarget('', { pages: ['a'] }, ['a']).path, 'a');
});

test('preloadRule: the packages a page\'s rule names, by root or name, on the networks it allows', () => {
  const subs = subpackagesOf({ subpackages: [{ root: 'pkgA', pages: ['x'] }, { root: 'pkgB/', name: 'bee', pages: ['y'] }] });
  const roots = (preloadRule, net = 'wifi', route = 'pages/a') => preloadFor({ preloadRule }, subs, route, net);
  const all = { 'pages/a': { network: 'all', packages: ['pkgA', 'bee', '__APP__'] } };
  const wifi = { '/pages/a': { packages: ['/pkgB/', 'pkgB', 'nope'] } };
  for (const [name, got, want] of [
    ['root and name, main package', roots(all), ['pkgA', 'pkgB', '']],
    ['"all" on 4g', roots(all, '4g'), ['pkgA', 'pkgB', '']],
    ['nothing offline', roots(all, 'none'), []],
    ['wifi by default; slashes, repeats and unknown names', roots(wifi), ['pkgB']],
    ['the default on 4g', roots(wifi, '4g'), []],
    ['another network is wifi', roots({ 'pages/a': { network: '4g', packages: ['pkgA'] } }, '4g'), []],
    ['no rule for the page', roots({ 'pages/b': { packages: ['pkgA'] } }), []],
    ['no packages list', roots({ 'pages/a': { packages: 'pkgA' } }), []],
    ['a package that is no string', roots({ 'pages/a': { packages: ['pkgA', 7] } }), []],
    ['a network that is no string', roots({ 'pages/a': { network: 1, packages: ['pkgA'] } }), []],
    ['no preloadRule', roots(undefined), []],
    ['not an object', roots('pages/a'), []],
  ]) assert.deepEqual(got, want, name);
});

test('event channel: opener listeners, on/once/off, emit from either side', () => {
  const got = [];
  const ch = createEventChannel({ fromPage: (v) => got.push(['opener', v]) });
  ch.emit('fromPage', 1);
  ch.once('toPage', (v) => got.push(['page once', v]));
  ch.emit('toPage', 2);
  ch.emit('toPage', 3);
  assert.deepEqual(got, [['opener', 1], ['page once', 2]]);
});
