import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertRpx, scopeSelector, transformWxss, inlineImports } from '../src/wxss.js';

test('rpx becomes a multiple of --rpx', () => {
  assert.equal(convertRpx('width: 750rpx; margin: -20rpx 0.5rpx 0rpx .5rpx'),
    'width: calc(var(--rpx) * 750); margin: calc(var(--rpx) * -20) calc(var(--rpx) * 0.5) 0 calc(var(--rpx) * 0.5)');
  assert.equal(convertRpx('width: 10px; content: "rpx"'), 'width: 10px; content: "rpx"');
});

test('component selectors get the style scope prefix', () => {
  const o = { prefix: 'm-c' };
  assert.equal(scopeSelector('.a .b-c > .d', o), '.m-c--a .m-c--b-c > .m-c--d');
  assert.equal(scopeSelector('view.a:hover', o), 'view.m-c--a:hover');
  assert.equal(scopeSelector('[data-x=".y"].z', o), '[data-x=".y"].m-c--z');
  assert.equal(scopeSelector(':host', o), '[wx-host="m-c"]');
  assert.equal(scopeSelector(':host(.on) .x', o), '[wx-host="m-c"].m-c--on .m-c--x');
  assert.equal(scopeSelector('input.q', o), 'wx-input.m-c--q');
  // no class: kept inside the component
  assert.equal(scopeSelector('view', o), '[wx-host="m-c"] view');
  assert.equal(scopeSelector('#x > text', o), '[wx-host="m-c"] #x > text');
});

test('page selectors are limited to the page root; `page` is the root', () => {
  const o = { pageRoot: '.mh-page--p' };
  assert.equal(scopeSelector('.title', o), '.mh-page--p .title');
  assert.equal(scopeSelector('page', o), '.mh-page--p');
  assert.equal(scopeSelector('page .x', o), '.mh-page--p .x');
  assert.equal(scopeSelector('#id view', o), '.mh-page--p #id view');
  assert.equal(scopeSelector('.page-head', o), '.mh-page--p .page-head');
  // app.wxss: global, `page` is any page root
  assert.equal(scopeSelector('page', {}), '.mh-page');
  assert.equal(scopeSelector('.x', {}), '.x');
});

test('imports are inlined once, relative and absolute, missing ones warned', () => {
  const files = {
    'app.wxss': '@import "common/a.wxss";\n@import "/common/b";\n@import "nope.wxss";\n.app{}',
    'common/a.wxss': '/* c */ @import "./b.wxss"; .a{}',
    'common/b.wxss': '.b{}',
  };
  const warnings = [];
  const css = inlineImports('app.wxss', files, (w) => warnings.push(w));
  assert.equal(css.match(/\.b\{\}/g).length, 1);
  assert.ok(css.includes('.a{}') && css.includes('.app{}'));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /nope\.wxss/);
});

test('a whole file: media queries recurse, keyframes stay, rpx converted', () => {
  const files = { 'c/c.wxss': '.a{width:10rpx}\n@media (min-width: 100px){ .b, page .c{color:red} }\n@keyframes k{from{opacity:0}to{opacity:1}}' };
  const css = transformWxss('c/c.wxss', files, { prefix: 'P' });
  assert.match(css, /\.P--a\{width:calc\(var\(--rpx\) \* 10\)\}/);
  assert.match(css, /@media \(min-width: 100px\)\{\n\.P--b,\.mh-page \.P--c\{color:red\}/);
  assert.match(css, /@keyframes k\{from\{opacity:0\}to\{opacity:1\}\}/);
});
