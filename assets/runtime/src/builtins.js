// Built-in components. Simple ones are native DOM elements styled by
// runtime.css (view, text, button, swiper…); the ones that need behaviour are
// glass-easel components defined in the adapter's global code space with a
// WXML template, and made available to every component space by name.
import { tagsOf, templateFor } from './compiler.js';
import { DEFS, PLACEHOLDERS, PLACEHOLDER_PROPS } from './components/index.js';

const DIR = '__minihost__/';
const SCOPE = 'mh-b'; // style scope of built-ins: classes are "mh-b--<name>"

// Elements that are native DOM nodes (no component), styled in runtime.css.
export const NATIVE = new Set([
  'view', 'text', 'button', 'label', 'form', 'cover-view', 'span', 'block',
]);
// Tags the template compiler handles itself.
export const COMPILER_TAGS = new Set(['block', 'template', 'import', 'include', 'wxs', 'slot']);

// Component built-ins: name → {wxml, def(ctx)}, one file per component in components/.
const COMPONENTS = DEFS;

export const COMPONENT_NAMES = Object.keys(COMPONENTS);

export function isBuiltin(name) {
  return NATIVE.has(name) || COMPILER_TAGS.has(name) || Object.prototype.hasOwnProperty.call(COMPONENTS, name);
}

// isPlaceholder: name is a WeChat built-in that minihost shows as a
// placeholder box (any other unknown name is a plain element).
export function isPlaceholder(name) {
  return PLACEHOLDERS.includes(name);
}

// builtinTemplates: the WXML of the component built-ins named (all of them
// by default; the runtime names those the project's WXML uses, see
// builtinClosure) and of the placeholders for `unknown` tag names, to compile
// with the project.
export function builtinTemplates(unknown, names = COMPONENT_NAMES) {
  const out = {};
  for (const name of names) out[`${DIR}${name}.wxml`] = COMPONENTS[name].wxml;
  for (const name of unknown) out[`${DIR}unknown/${name}.wxml`] = `<view class="unknown">&lt;${name}&gt;<slot /></view>`;
  return out;
}

// defineBuiltins registers the built-ins in the global code space and makes
// them usable by name in each component space given to install.
// ctx: {navigate(openType, url, delta, fromPath)}. names: the built-ins to
// define, whose templates are in groups (all by default). first: the tag
// names the first page's WXML uses, or null: only those built-ins (and what
// their own templates use) are defined now, the rest of names by rest()
// (defining all of them was 4–10 ms of a cold first render).
export function defineBuiltins(globalSpace, groups, unknown, ctx, { names = COMPONENT_NAMES, first = null } = {}) {
  const defs = {};
  const spaces = [];
  const define = (name, path, def) => {
    globalSpace.addCompiledTemplate(path, templateFor(groups, path));
    globalSpace.addComponentStaticConfig(path, { component: true });
    globalSpace.addStyleSheet(path, undefined, SCOPE);
    globalSpace.componentEnv(path, ({ Component }) => Component(def));
    defs[name] = globalSpace.getComponentSpace().getComponentByUrl(`/${path}`, '');
    for (const space of spaces) space.setGlobalUsingComponent(name, defs[name]);
  };
  const pending = new Set(names);
  const defineNames = (list) => {
    for (const name of list) if (pending.delete(name)) define(name, `${DIR}${name}`, COMPONENTS[name].def(ctx));
  };
  defineNames(first ? builtinClosure(first) : names);
  for (const name of unknown) define(name, `${DIR}unknown/${name}`, { properties: PLACEHOLDER_PROPS });
  return {
    install(space) {
      spaces.push(space);
      for (const [name, def] of Object.entries(defs)) space.setGlobalUsingComponent(name, def);
    },
    // rest defines the built-ins left out: before any page other than the
    // first is created, and once the first page has rendered
    rest() { defineNames([...pending]); },
  };
}

// builtinClosure is the built-ins among names and those their own templates use.
export function builtinClosure(names) {
  const out = new Set();
  const walk = (name) => {
    if (out.has(name) || !Object.prototype.hasOwnProperty.call(COMPONENTS, name)) return;
    out.add(name);
    for (const t of tagsOf(COMPONENTS[name].wxml)) walk(t);
  };
  for (const n of names) walk(n);
  return [...out];
}

// button open-types, form-type, hover-class and label taps: components/button.js
export { OPEN_TYPES, installButtons as installButtonOpenTypes } from './components/button.js';
