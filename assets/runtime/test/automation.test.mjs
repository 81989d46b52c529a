// The automation bridge's pure parts: the selector parser, data paths and
// JSON-safe values (the rest runs in Chromium: automation.browser.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector } from '../src/automation/tree.js';
import { getPath } from '../src/automation/page.js';
import { jsonSafe } from '../src/automation/events.js';

test('parseSelector: tags, ids, classes, attributes, combinators, lists', () => {
  assert.deepEqual(parseSelector(' view#a.b.c '), [[{ tag: 'view', id: 'a', classes: ['b', 'c'], attrs: [], rel: null }]]);
  const [[a, b, c]] = parseSelector('card >>> .x > text[data-id="7"]');
  assert.deepEqual([a.tag, b.rel, b.classes, c.rel, c.tag, c.attrs], ['card', '>>>', ['x'], '>', 'text', [{ name: 'data-id', op: '=', value: '7' }]]);
  const list = parseSelector('.a .b, #c');
  assert.equal(list.length, 2);
  assert.equal(list[0][1].rel, ' ');
  assert.deepEqual(parseSelector("[class~='big']")[0][0].attrs, [{ name: 'class', op: '~=', value: 'big' }]);
  assert.equal(parseSelector('*')[0][0].tag, '*');
  for (const bad of ['', '> .a', '.a >', '.a > , .b', 'a + b', 'a ~ b', 'view:first-child', '.', '#', '[x', 'a,']) {
    assert.throws(() => parseSelector(bad), /unsupported selector/, bad);
  }
});

test('getPath reads dotted and indexed paths', () => {
  const data = { a: { list: [{ name: 'x' }] }, n: 0 };
  assert.equal(getPath(data, 'a.list[0].name'), 'x');
  assert.equal(getPath(data, 'n'), 0);
  assert.equal(getPath(data, 'a.missing.deeper'), undefined);
  assert.equal(getPath(data, ''), data);
  assert.equal(getPath(data, undefined), data);
});

test('jsonSafe: primitives as they are, objects through JSON, the rest as strings', () => {
  assert.deepEqual([1, 'a', true, null].map(jsonSafe), [1, 'a', true, null]);
  assert.deepEqual(jsonSafe({ a: [1, { b: 2 }], f() {} }), { a: [1, { b: 2 }] });
  const c = {};
  c.self = c;
  assert.equal(jsonSafe(c), '[object Object]');
  assert.equal(jsonSafe(() => 1), '() => 1');
  assert.equal(jsonSafe(10n), '10');
  assert.equal(jsonSafe(NaN), 'NaN');
  assert.match(jsonSafe(new Error('bad')), /^Error: bad/);
});
