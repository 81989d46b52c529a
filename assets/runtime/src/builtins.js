// Built-in components. Simple ones are native DOM elements styled by
// runtime.css (view, text, button, swiper…); the ones that need behaviour are
// glass-easel components defined in the adapter's global code space with a
// WXML template, and made available to every component space by name.
import * as glassEasel from 'glass-easel';
import { resolveFrom } from './paths.js';
import { templateFor } from './compiler.js';

const DIR = '__minihost__/';
const SCOPE = 'mh-b'; // style scope of built-ins: classes are "mh-b--<name>"

// Elements that are native DOM nodes (no component), styled in runtime.css.
export const NATIVE = new Set([
  'view', 'text', 'button', 'label', 'form', 'swiper', 'swiper-item', 'cover-view', 'span', 'block',
]);
// Tags the template compiler handles itself.
export const COMPILER_TAGS = new Set(['block', 'template', 'import', 'include', 'wxs', 'slot']);

// Component built-ins: name → {wxml, def(ctx)}.
const COMPONENTS = {
  image: {
    wxml: '<mh-img id="img" class="img mode-{{mode}}" src="{{_src}}" alt="" bind:load="_load" bind:error="_error" />',
    def: () => ({
      properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' }, lazyLoad: Boolean },
      data: { _src: '' },
      observers: {
        src(src) { this.setData({ _src: resolveAsset(this, src) }); },
      },
      lifetimes: {
        // the owner (whose path relative srcs are resolved against) is known from here on
        attached() { this.setData({ _src: resolveAsset(this, this.data.src) }); },
      },
      methods: {
        _load() {
          const img = inner(this, 'img');
          this.triggerEvent('load', { width: img?.naturalWidth || 0, height: img?.naturalHeight || 0 });
        },
        _error() { this.triggerEvent('error', { errMsg: `GET ${this.data._src} 404 (Not Found)` }); },
      },
    }),
  },
  input: {
    wxml: '<mh-input id="i" class="input" type="{{password ? \'password\' : \'text\'}}" inputmode="{{type === \'number\' ? \'numeric\' : (type === \'digit\' ? \'decimal\' : \'text\')}}" placeholder="{{placeholder}}" maxlength="{{maxlength >= 0 ? maxlength : 524288}}" disabled="{{disabled}}" catch:input="_input" catch:focus="_focus" catch:blur="_blur" bind:keydown="_key" />',
    def: () => ({
      properties: {
        value: { type: String, value: '' },
        type: { type: String, value: 'text' },
        password: Boolean,
        placeholder: String,
        maxlength: { type: Number, value: 140 },
        disabled: Boolean,
        focus: Boolean,
        confirmType: { type: String, value: 'done' },
      },
      observers: {
        value(v) {
          const el = inner(this, 'i');
          const s = v == null ? '' : String(v);
          if (el && el.value !== s) el.value = s;
        },
        focus(f) { if (f) setTimeout(() => inner(this, 'i')?.focus(), 0); },
      },
      lifetimes: {
        attached() {
          const el = inner(this, 'i');
          if (el) el.value = this.data.value == null ? '' : String(this.data.value);
        },
      },
      methods: {
        _input() {
          const el = inner(this, 'i');
          if (!el) return;
          // setData on the property drives model:value two-way binding
          this.setData({ value: el.value });
          this.triggerEvent('input', { value: el.value, cursor: el.selectionEnd ?? el.value.length, keyCode: 0 });
        },
        _focus() { this.triggerEvent('focus', { value: inner(this, 'i')?.value ?? '', height: 0 }); },
        _blur() { this.triggerEvent('blur', { value: inner(this, 'i')?.value ?? '' }); },
        _key(e) {
          if (e.detail?.key === 'Enter' || e.detail?.keyCode === 13) {
            this.triggerEvent('confirm', { value: inner(this, 'i')?.value ?? '' });
          }
        },
      },
    }),
  },
  navigator: {
    wxml: '<view class="nav" bind:tap="_go"><slot /></view>',
    def: (ctx) => ({
      properties: {
        url: String,
        openType: { type: String, value: 'navigate' },
        delta: { type: Number, value: 1 },
        target: String,
      },
      methods: {
        _go() {
          const from = ownerPath(this);
          ctx.navigate(this.data.openType, this.data.url, this.data.delta, from);
        },
      },
    }),
  },
  'scroll-view': {
    wxml: '<view id="s" class="scroll {{scrollX ? \'x\' : \'\'}} {{scrollY ? \'y\' : \'\'}}" bind:scroll="_scroll"><slot /></view>',
    def: () => ({
      properties: {
        scrollX: Boolean, scrollY: Boolean,
        scrollTop: { type: Number, value: 0 }, scrollLeft: { type: Number, value: 0 },
        scrollIntoView: String,
        lowerThreshold: { type: Number, value: 50 }, upperThreshold: { type: Number, value: 50 },
      },
      observers: {
        scrollTop(v) { const el = inner(this, 's'); if (el) el.scrollTop = v; },
        scrollLeft(v) { const el = inner(this, 's'); if (el) el.scrollLeft = v; },
        scrollIntoView(id) {
          if (!id) return;
          setTimeout(() => document.getElementById(id)?.scrollIntoView({ block: 'start', inline: 'start' }), 0);
        },
      },
      methods: {
        _scroll() {
          const el = inner(this, 's');
          if (!el) return;
          const d = { scrollTop: el.scrollTop, scrollLeft: el.scrollLeft, scrollHeight: el.scrollHeight, scrollWidth: el.scrollWidth, deltaX: 0, deltaY: 0 };
          this.triggerEvent('scroll', d);
          if (el.scrollHeight - el.clientHeight - el.scrollTop <= this.data.lowerThreshold && this.data.scrollY) this.triggerEvent('scrolltolower', { direction: 'bottom' });
          if (el.scrollTop <= this.data.upperThreshold && this.data.scrollY && el.scrollTop === 0) this.triggerEvent('scrolltoupper', { direction: 'top' });
        },
      },
    }),
  },
};

export const COMPONENT_NAMES = Object.keys(COMPONENTS);

export function isBuiltin(name) {
  return NATIVE.has(name) || COMPILER_TAGS.has(name) || Object.prototype.hasOwnProperty.call(COMPONENTS, name);
}

// inner returns the DOM element with WXML id `id` inside a built-in.
function inner(comp, id) {
  const root = comp._$?.getShadowRoot?.() ?? comp.general?.()._$?.getShadowRoot?.();
  const el = root?.getElementById(id);
  return el ? el.$$ : null;
}

// ownerPath is the path of the page or component whose WXML holds `comp`
// (selectOwnerComponent hides owners from other code spaces).
function ownerPath(comp) {
  return comp._$?.ownerShadowRoot?.getHostNode()?.is || '';
}

// resolveAsset makes a WXML src relative to the file that wrote it.
function resolveAsset(comp, src) {
  const s = String(src ?? '');
  if (!s || /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('//')) return s;
  const p = resolveFrom(ownerPath(comp), s);
  return p === null ? s : `/${p}`;
}

// builtinTemplates: the WXML of the component built-ins and of the
// placeholders for `unknown` tag names, to compile with the project.
export function builtinTemplates(unknown) {
  const out = {};
  for (const [name, c] of Object.entries(COMPONENTS)) out[`${DIR}${name}.wxml`] = c.wxml;
  for (const name of unknown) out[`${DIR}unknown/${name}.wxml`] = `<view class="unknown">&lt;${name}&gt;<slot /></view>`;
  return out;
}

// defineBuiltins registers the built-ins in the global code space and makes
// them usable by name in each of `spaces` (glass-easel component spaces).
// ctx: {navigate(openType, url, delta, fromPath)}.
export function defineBuiltins(globalSpace, groups, unknown, ctx) {
  const defs = {};
  const define = (name, path, def) => {
    globalSpace.addCompiledTemplate(path, templateFor(groups, path));
    globalSpace.addComponentStaticConfig(path, { component: true });
    globalSpace.addStyleSheet(path, undefined, SCOPE);
    globalSpace.componentEnv(path, ({ Component }) => Component(def));
    defs[name] = globalSpace.getComponentSpace().getComponentByUrl(`/${path}`, '');
  };
  for (const [name, c] of Object.entries(COMPONENTS)) define(name, `${DIR}${name}`, c.def(ctx));
  for (const name of unknown) define(name, `${DIR}unknown/${name}`, {});
  return {
    install(space) {
      for (const [name, def] of Object.entries(defs)) space.setGlobalUsingComponent(name, def);
    },
  };
}

// openTypeHandlers: the button open-types handled here; each calls the wx API
// inside the tap and answers the button's bind event.
export const OPEN_TYPES = {
  getUserInfo: { api: 'getUserInfo', event: 'getuserinfo', args: (el) => ({ lang: el.getAttribute('lang') || 'en' }) },
  openSetting: { api: 'openSetting', event: 'opensetting', args: () => ({}) },
};

// installButtonOpenTypes listens for clicks on native <button open-type>
// elements. The wx call starts synchronously inside the click, so the
// browser's user activation is still active when wx.js reads it.
export function installButtonOpenTypes(getWx) {
  document.addEventListener('click', (ev) => {
    const btn = ev.target instanceof Element ? ev.target.closest('button[open-type]') : null;
    if (!btn || btn.hasAttribute('disabled')) return;
    const type = btn.getAttribute('open-type');
    const h = OPEN_TYPES[type];
    const elem = btn.__wxElement;
    if (!h || !elem) {
      if (type && !h) console.warn(`button open-type="${type}" is not supported in minihost yet`);
      return;
    }
    const wx = getWx();
    const done = (res) => glassEasel.Event.triggerEvent(elem, h.event, res, { bubbles: false });
    try {
      wx[h.api]({ ...h.args(btn), success: done, fail: done });
    } catch (e) {
      done({ errMsg: `${h.api}:fail ${e?.message || e}` });
    }
  }, true);
}
