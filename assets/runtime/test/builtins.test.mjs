// Which built-in components are defined before the first render and which
// after it (builtins.js), against a recording stand-in for glass-easel's
// code space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinClosure, builtinTemplates, defineBuiltins, COMPONENT_NAMES } from '../src/builtins.js';
import { wxmlClosure } from '../src/compiler.js';
import { lengthPx } from '../src/components/pagemeta.js';

function fakeSpace() {
  const defined = [];
  return {
    defined,
    addCompiledTemplate() {},
    addComponentStaticConfig() {},
    addStyleSheet() {},
    componentEnv(path, fn) { fn({ Component: () => defined.push(path) }); },
    getComponentSpace: () => ({ getComponentByUrl: (url) => `def:${url}` }),
  };
}

function installed() {
  const names = new Map();
  return { names, setGlobalUsingComponent: (name, def) => names.set(name, def) };
}

test('builtinClosure keeps the built-in components among the names', () => {
  assert.deepEqual(builtinClosure(['view', 'picker', 'input', 'my-card', 'picker']), ['picker', 'input']);
  assert.deepEqual(builtinClosure([]), []);
});

test('defineBuiltins defines the first page\'s built-ins first and the rest on rest()', () => {
  const g = fakeSpace();
  const b = defineBuiltins(g, {}, new Set(['my-unknown']), {}, { first: new Set(['view', 'picker']) });
  assert.deepEqual(g.defined, ['__minihost__/picker', '__minihost__/unknown/my-unknown']);
  const space = installed();
  b.install(space);
  assert.deepEqual([...space.names.keys()].sort(), ['my-unknown', 'picker']);
  assert.equal(space.names.get('picker'), 'def:/__minihost__/picker');

  b.rest();
  assert.equal(g.defined.length, COMPONENT_NAMES.length + 1);
  assert.deepEqual([...space.names.keys()].sort(), [...COMPONENT_NAMES, 'my-unknown'].sort());
  b.rest(); // nothing left: nothing defined twice
  assert.equal(g.defined.length, COMPONENT_NAMES.length + 1);
});

test('defineBuiltins without a list of used names defines every built-in at once', () => {
  const g = fakeSpace();
  const b = defineBuiltins(g, {}, new Set(), {});
  assert.equal(g.defined.length, COMPONENT_NAMES.length);
  const space = installed();
  b.install(space);
  assert.deepEqual([...space.names.keys()].sort(), [...COMPONENT_NAMES].sort());
});

test('defineBuiltins defines only the names given, the first page\'s now and the others on rest()', () => {
  const g = fakeSpace();
  const names = builtinClosure(['input', 'picker', 'swiper']);
  const b = defineBuiltins(g, {}, new Set(), {}, { names, first: new Set(['text', 'input']) });
  assert.deepEqual(g.defined, ['__minihost__/input']);
  b.rest();
  assert.deepEqual(g.defined.sort(), names.map((n) => `__minihost__/${n}`).sort());
  assert.ok(!g.defined.includes('__minihost__/video'), 'a built-in no page uses is never defined');
});

test('builtinTemplates has the WXML of the names given and of the placeholders', () => {
  const t = builtinTemplates(new Set(['my-map']), ['input']);
  assert.deepEqual(Object.keys(t).sort(), ['__minihost__/input.wxml', '__minihost__/unknown/my-map.wxml']);
  assert.equal(Object.keys(builtinTemplates(new Set())).length, COMPONENT_NAMES.length);
});

test('wxmlClosure follows <import> and <include> from the files, transitively', () => {
  const wxml = {
    'pages/a/a.wxml': '<import src="../../tpl/row.wxml"/><include src="/tpl/foot"/><!-- <import src="/tpl/gone.wxml"/> --><view/>',
    'tpl/row.wxml': "<import src='./cell.wxml' /><template name=\"row\"><input/></template>",
    'tpl/cell.wxml': '<template name="cell"><picker/></template>',
    'tpl/foot.wxml': '<view>foot</view>',
    'tpl/gone.wxml': '<video/>',
    'pages/b/b.wxml': '<import src="/tpl/gone.wxml"/>',
  };
  assert.deepEqual([...wxmlClosure(['pages/a/a.wxml', 'missing.wxml'], wxml)].sort(),
    ['pages/a/a.wxml', 'tpl/cell.wxml', 'tpl/foot.wxml', 'tpl/row.wxml']);
  assert.deepEqual([...wxmlClosure(['pages/b/b.wxml'], { 'pages/b/b.wxml': '<import src="../../../x.wxml"/>' })], ['pages/b/b.wxml']);
});

test('match-media: the media query of its attributes; web-view: the URLs it opens', async () => {
  const { mediaQuery } = await import('../src/components/matchmedia.js');
  const { webViewURL } = await import('../src/components/webview.js');
  for (const [props, want] of [
    [{ minWidth: '200', maxWidth: 600 }, '(min-width: 200px) and (max-width: 600px)'],
    [{ width: 0, height: '320', orientation: 'portrait' }, '(width: 0px) and (height: 320px) and (orientation: portrait)'],
    [{ minHeight: 150, orientation: 'landscape' }, '(min-height: 150px) and (orientation: landscape)'],
    [{ maxHeight: null, minWidth: '', width: 'wide', height: -1, orientation: 'sideways' }, ''],
    [{}, ''],
  ]) assert.equal(mediaQuery(props), want, JSON.stringify(props));
  const page = 'http://wxabc.localhost:7878';
  for (const [src, want] of [
    ['https://example.com/help?a=1#top', 'https://example.com/help?a=1#top'],
    ['http://localhost:7878/x', 'http://localhost:7878/x'],
    ['http://wxabc.localhost:7878/pages/a', ''],
    ['/pages/a', ''],
    ['javascript:alert(1)', ''],
    ['data:text/html,<b>x</b>', ''],
    ['', ''],
    [undefined, ''],
  ]) assert.equal(webViewURL(src, page), want, String(src));
});

test('page-meta scroll-top: px, rpx and bare numbers; anything else is not a length', () => {
  const cases = [
    [0, 0], ['120', 120], ['120px', 120], [' 30.5px ', 30.5], ['750rpx', 390], ['375rpx', 195], ['-10px', -10],
    ['', null], ['10em', null], ['top', null], [undefined, null],
  ];
  for (const [v, want] of cases) assert.equal(lengthPx(v, 390), want, `scroll-top=${JSON.stringify(v)}`);
});

test('Skyline containers: padding arrays, grid columns, masonry places', async () => {
  const { paddingStyle, gridColumns, masonryPlaces } = await import('../src/components/skyline.js');
  for (const [p, want] of [
    [[8, 16, 8, 16], 'padding:8px 16px 8px 16px;'],
    [['4', 0, '2.5', 0], 'padding:4px 0px 2.5px 0px;'],
    [[1, 2, 3], ''],
    [[1, 2, 'x', 4], ''],
    ['8px', ''],
    [null, ''],
  ]) assert.equal(paddingStyle(p), want, JSON.stringify(p));
  for (const [props, width, want] of [
    [{ crossAxisCount: 3 }, 360, 3],
    [{}, 360, 2], // the default
    [{ crossAxisCount: 0 }, 360, 1],
    [{ crossAxisCount: 2.7 }, 360, 2],
    // max-cross-axis-extent: the fewest columns no wider than it, gaps counted
    [{ crossAxisCount: 5, maxCrossAxisExtent: 100 }, 360, 4],
    [{ maxCrossAxisExtent: 100, crossAxisGap: 20 }, 360, 4], // 3 columns would be 106.7 wide
    [{ maxCrossAxisExtent: 120, crossAxisGap: 0 }, 360, 3],
    [{ maxCrossAxisExtent: 500 }, 360, 1],
    [{ maxCrossAxisExtent: 100, crossAxisCount: 3 }, 0, 3], // not laid out yet
  ]) assert.equal(gridColumns(props, width), want, `${JSON.stringify(props)} at ${width}`);
  assert.deepEqual(masonryPlaces([100, 50, 60, 40, 30], 2, 10), [
    { column: 0, top: 0 }, { column: 1, top: 0 }, { column: 1, top: 60 }, { column: 0, top: 110 }, { column: 1, top: 130 },
  ]);
  // equal bottoms: the leftmost; one column: a stack
  assert.deepEqual(masonryPlaces([10, 10, 10, 10], 3, 0).map((p) => p.column), [0, 1, 2, 0]);
  assert.deepEqual(masonryPlaces([10, 20, 30], 1, 5), [{ column: 0, top: 0 }, { column: 0, top: 15 }, { column: 0, top: 40 }]);
  assert.deepEqual(masonryPlaces([], 2, 10), []);
});

test('audio: the player\'s clock', async () => {
  const { clockText } = await import('../src/components/audio.js');
  for (const [s, want] of [[0, '00:00'], [0.99, '00:00'], [1, '00:01'], [59.5, '00:59'], [61, '01:01'], [3600, '60:00'], [-4, '00:00'], [NaN, '00:00'], ['12', '00:12']]) {
    assert.equal(clockText(s), want, String(s));
  }
});

test('editor: format values, status, the html\'s spaces', async () => {
  const { formatValue, statusOf, plainSpaces } = await import('../src/components/editor.js');
  for (const [name, value, cur, want] of [
    ['bold', undefined, {}, true], // no value toggles
    ['bold', undefined, { bold: true }, false],
    ['italic', '', { italic: false }, true],
    ['header', 'H2', {}, 2],
    ['header', 2, {}, 2],
    ['header', '3', { header: 3 }, false], // the same heading again takes it off
    ['header', 'H1', { header: 2 }, 1],
    ['list', 'check', {}, 'unchecked'],
    ['list', 'check', { list: 'checked' }, false],
    ['list', 'ordered', { list: 'bullet' }, 'ordered'],
    ['align', 'left', { align: 'center' }, false],
    ['align', 'center', { align: 'center' }, false],
    ['color', '#ff0000', { color: '#ff0000' }, '#ff0000'], // a style stays set
    ['lineHeight', '2', {}, '2'],
    ['indent', '+1', {}, '+1'],
  ]) assert.deepEqual(formatValue(name, value, cur), want, `${name} ${value} on ${JSON.stringify(cur)}`);
  assert.deepEqual(statusOf({ bold: true, list: 'unchecked', header: 2 }), { bold: true, list: 'check', header: 2 });
  assert.deepEqual(statusOf({ list: 'checked' }), { list: 'check' });
  assert.deepEqual(statusOf({ list: 'ordered' }), { list: 'ordered' });
  for (const [html, want] of [
    ['<p>Hello&nbsp;world</p>', '<p>Hello world</p>'],
    ['<p>a&nbsp;&nbsp;&nbsp;b</p>', '<p>a &nbsp;&nbsp;b</p>'],
    ['<p>plain</p>', '<p>plain</p>'],
  ]) assert.equal(plainSpaces(html), want);
});
