import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, parseUrl, MAX_PAGES } from '../src/stack.js';

const isTab = (r) => r === 'pages/home/home' || r === 'pages/me/me';

test('navigateTo pushes, up to ten pages, never a tab page', () => {
  assert.deepEqual(plan('navigateTo', ['a'], { route: 'b', isTab }), { pop: 0, push: 'b', clear: false });
  const full = Array.from({ length: MAX_PAGES }, (_, i) => `p${i}`);
  assert.equal(plan('navigateTo', full, { route: 'b', isTab }).errMsg, 'navigateTo:fail webview count limit exceed');
  assert.match(plan('navigateTo', ['a'], { route: 'pages/me/me', isTab }).errMsg, /tabbar/);
});

test('redirectTo replaces the top; navigateBack pops delta, at most to the first page', () => {
  assert.deepEqual(plan('redirectTo', ['a', 'b'], { route: 'c', isTab }), { pop: 1, push: 'c', clear: false });
  assert.deepEqual(plan('navigateBack', ['a', 'b', 'c'], { delta: 5 }), { pop: 2, push: null, clear: false });
  assert.deepEqual(plan('navigateBack', ['a', 'b', 'c'], {}), { pop: 1, push: null, clear: false });
  assert.deepEqual(plan('navigateBack', ['a', 'b', 'c'], { delta: 'x' }), { pop: 1, push: null, clear: false });
  assert.match(plan('navigateBack', ['a'], {}).errMsg, /^navigateBack:fail/);
});

test('reLaunch and switchTab clear the stack; switchTab only to tab pages', () => {
  assert.deepEqual(plan('reLaunch', ['a', 'b'], { route: 'pages/me/me', isTab }), { pop: 2, push: 'pages/me/me', clear: true });
  assert.deepEqual(plan('switchTab', ['a', 'b'], { route: 'pages/me/me', isTab }), { pop: 2, push: 'pages/me/me', clear: true });
  assert.match(plan('switchTab', ['a'], { route: 'a', isTab }).errMsg, /^switchTab:fail/);
});

test('parseUrl: absolute, relative to the current page, query decoded', () => {
  assert.deepEqual(parseUrl('/pages/a/a?x=1&y=%E4%BD%A0+b&flag'), { route: 'pages/a/a', query: { x: '1', y: '你 b', flag: '' } });
  assert.deepEqual(parseUrl('../b/b?k=v', 'pages/a/a'), { route: 'pages/b/b', query: { k: 'v' } });
  assert.deepEqual(parseUrl('c', 'pages/a/a'), { route: 'pages/a/c', query: {} });
  assert.deepEqual(parseUrl('pages/a/a.html'), { route: 'pages/a/a', query: {} });
});
