// WXS as real projects write it: require('./x.wxs') with the extension, a
// missing module, reserved words as names, getRegExp/getDate, a broken file.
// Uses the compiler's npm build (Node) with the runtime's compileAll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as compiler from 'glass-easel-template-compiler';
import { compileAll, groupsFrom } from '../src/compiler.js';
import { evalGroups, fixWxsSource, installWxsConstructors, lazyGroups, patchLoader, WXS_CONSTRUCTOR } from '../src/wxs.js';

const errors = (problems) => problems.filter((p) => p.level === 'error');

test('a .wxs requiring another with the ".wxs" extension loads (vant/tdesign utils.wxs)', () => {
  const { groups, problems } = compileAll(compiler, {
    'components/badge/index.wxml': '<wxs src="../wxs/utils.wxs" module="utils" /><view class="{{utils.bem(\'badge\')}}">x</view>',
  }, {
    'components/wxs/utils.wxs': "var bem = require('./bem.wxs');\nmodule.exports = { bem: bem.bem };",
    'components/wxs/bem.wxs': "module.exports = { bem: function (n) { return 'van-' + n; } };",
  });
  assert.deepEqual(errors(problems), []);
  assert.equal(typeof groups['components/badge/index'], 'function');
});

test('a missing .wxs is a warning and an empty module, not a failure of every page', () => {
  const { groups, problems } = compileAll(compiler, {
    'pages/a/a.wxml': '<wxs src="./gone.wxs" module="g" /><view>{{g.x}}</view>',
    'pages/b/b.wxml': '<view>b</view>',
  }, {
    'utils/row.wxs': "var u = require('../common/utils.wxs'); module.exports = { u: u };",
    'utils/use.wxs': "module.exports = require('./row.wxs');",
  });
  const wxml = { 'pages/c/c.wxml': '<wxs src="/utils/use.wxs" module="r" /><view>{{r.u}}</view>' };
  const second = compileAll(compiler, wxml, { 'utils/row.wxs': "var u = require('../common/utils.wxs'); module.exports = { u: u };", 'utils/use.wxs': "module.exports = require('./row.wxs');" });
  assert.equal(typeof groups['pages/a/a'], 'function');
  assert.equal(typeof groups['pages/b/b'], 'function');
  assert.deepEqual(errors(problems), []);
  assert.ok(problems.some((p) => p.level === 'warn' && p.file === 'pages/a/gone.wxs'), JSON.stringify(problems));
  assert.equal(typeof second.groups['pages/c/c'], 'function');
  assert.ok(second.problems.some((p) => p.level === 'warn' && p.file === 'common/utils.wxs'), JSON.stringify(second.problems));
});

test('reserved words as WXS names (iView: var class = ...) compile', () => {
  const { groups, problems } = compileAll(compiler, {
    'lib/step/index.wxml': '<view class="{{parse.cls(1)}}"/>\n<wxs module="parse">\nmodule.exports = { cls: function (s) { var class = \'\'; if (s) { class = \'on\'; } return class; } };\n</wxs>',
  }, {});
  assert.deepEqual(errors(problems), []);
  assert.equal(typeof groups['lib/step/index'], 'function');
});

test('fixWxsSource renames only names, not properties, keys, strings or comments', () => {
  assert.equal(fixWxsSource("var class = a.class + {class: 1}['class'] + 'class'; // class"), "var _$class = a.class + {class: 1}['class'] + 'class'; // class");
  assert.equal(fixWxsSource('return class;'), 'return _$class;');
});

test('fixWxsSource renames the property access .constructor, not keys, names, strings or comments', () => {
  assert.equal(fixWxsSource("a.constructor === 'Array' && b\n  .constructor + {constructor: 1} + 'x.constructor' // .constructor"),
    `a.${WXS_CONSTRUCTOR} === 'Array' && b\n  .${WXS_CONSTRUCTOR} + {constructor: 1} + 'x.constructor' // .constructor`);
  assert.equal(fixWxsSource('var constructor = a.constructors;'), 'var constructor = a.constructors;');
  // a comment between the dot and the name is not code that ends the access
  assert.equal(fixWxsSource('a. /* x */ class'), 'a. /* x */ class');
});

test('in WXS, constructor is the name of the value\'s type', () => {
  installWxsConstructors();
  installWxsConstructors(); // twice is harmless
  const kinds = new Function('getDate', 'getRegExp', fixWxsSource(
    "return [[1].constructor, {}.constructor, 'x'.constructor, (1).constructor, true.constructor, getDate().constructor, getRegExp('a').constructor, function () {}.constructor];",
  ))(() => new Date(), (p) => new RegExp(p));
  assert.deepEqual(kinds, ['Array', 'Object', 'String', 'Number', 'Boolean', 'Date', 'RegExp', 'Function']);
  // not enumerable: page code iterating objects sees nothing new
  assert.deepEqual(Object.keys({ a: 1 }), ['a']);
  assert.equal(Object.prototype.propertyIsEnumerable.call(Object.prototype, WXS_CONSTRUCTOR), false);
  // and JavaScript's own constructor is unchanged
  assert.equal([].constructor, Array);
});

test('getRegExp and getDate exist in WXS', () => {
  const { groups, problems } = compileAll(compiler, { 'p/p.wxml': '<wxs src="/u.wxs" module="u" /><view>{{u.n}}</view>' }, {
    'u.wxs': "var re = getRegExp('^a+', 'g'); var d = getDate(2020, 0, 2); module.exports = { n: 'aab'.replace(re, '') + d.getDate() };",
  });
  assert.deepEqual(errors(problems), []);
  assert.equal(typeof groups['p/p'], 'function');
});

test('a file whose generated code is broken is left out and named; the others still compile', () => {
  const { groups, problems } = compileAll(compiler, {
    'pages/bad/bad.wxml': '<wxs module="m">module.exports = { a: };</wxs><view>{{m.a}}</view>',
    'pages/good/good.wxml': '<view>good</view>',
  }, {});
  assert.equal(typeof groups['pages/good/good'], 'function');
  assert.equal(groups['pages/bad/bad'], undefined);
  assert.deepEqual(errors(problems).map((p) => p.file), ['pages/bad/bad.wxml']);
});

test('the compiler still generates the loader patchLoader rewrites', () => {
  const group = new compiler.TmplGroup();
  group.addScript('a', 'module.exports = 1');
  group.addTmpl('t', '<wxs src="/a.wxs" module="a"/><view/>');
  const code = group.getTmplGenObjectGroups();
  group.free();
  assert.equal(patchLoader(code).complete, true);
});

test('groups from the cache are made when first read, each with the WXS it loads; imports still resolve', () => {
  const { source, problems } = compileAll(compiler, {
    'pages/a/a.wxml': '<import src="/tpl/row.wxml" /><wxs src="/u.wxs" module="u" /><template is="row" data="{{n: u.n}}" />',
    'pages/b/b.wxml': '<wxs module="w">globalThis.__bLoaded = (globalThis.__bLoaded || 0) + 1; module.exports = {};</wxs><view>b</view>',
    'tpl/row.wxml': '<template name="row"><view>{{n}}</view></template>',
  }, { 'u.wxs': 'globalThis.__uLoaded = (globalThis.__uLoaded || 0) + 1; module.exports = { n: 7 };' });
  assert.deepEqual(errors(problems), []);
  const lazy = lazyGroups(patchLoader(source).code);
  assert.notEqual(lazy, patchLoader(source).code, 'the compiler no longer writes groups as lazyGroups expects');
  assert.equal(lazy.match(/__mhLazy\(G,/g).length, 3);

  delete globalThis.__uLoaded;
  delete globalThis.__bLoaded;
  const groups = groupsFrom(source);
  assert.deepEqual(Object.keys(groups).sort(), ['pages/a/a', 'pages/b/b', 'tpl/row']);
  assert.ok('pages/b/b' in groups);
  assert.equal(globalThis.__uLoaded, undefined, 'no group was made before it was read');
  assert.equal(typeof groups['pages/a/a'], 'function');
  assert.equal(globalThis.__uLoaded, 1);
  assert.equal(globalThis.__bLoaded, undefined, "reading one group makes only that one");
  assert.equal(groups['pages/a/a'], groups['pages/a/a'], 'made once');
  assert.equal(globalThis.__uLoaded, 1);
  // the same templates as the eager groups: a's group imports tpl/row's
  const eager = evalGroups(source);
  assert.deepEqual(Object.keys(groups['pages/a/a']._).sort(), Object.keys(eager['pages/a/a']._).sort());
  assert.equal(typeof groups['tpl/row']._.row, 'function');
  delete globalThis.__uLoaded;
  delete globalThis.__bLoaded;
});

test('lazyGroups keeps code that is not in the compiler\'s shape as it is', () => {
  for (const code of ['(()=>{var G={};return G})()', '(()=>{var G={};G["a"]=(()=>{var H={};return 1})();return G})()']) {
    assert.equal(lazyGroups(code), code);
  }
});
