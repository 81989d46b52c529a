// editor: the phone's rich-text editor, on Quill as WeChat's is (dist/editor.js,
// loaded with the first editor a page shows). read-only, placeholder;
// bindready, bindfocus/bindblur/bindinput {html, text, delta},
// bindstatuschange (the formats where the cursor is). Its EditorContext is
// what SelectorQuery's context() answers for it.
import { wrap } from '../api.js';
import { distScript, distURL } from '../distscript.js';
import { host, inner, resolveAsset } from './util.js';

let quill = null;
function loadQuill() {
  if (!quill) {
    quill = distScript(distURL('editor.js'), '__minihostQuill', 'editor').then(({ Quill, css }) => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.appendChild(style);
      return Quill;
    });
    quill.catch(() => { quill = null; }); // the next editor tries again
  }
  return quill;
}

// Formats a page toggles: the same value again takes it off.
const TOGGLED = new Set(['header', 'list', 'align', 'script', 'direction', 'blockquote', 'code-block']);

// formatValue is the Quill value of EditorContext.format(name, value) where
// the cursor has the formats cur: no value toggles (bold…); "H2" is header
// 2; list "check" is a to-do item; align left is no align.
export function formatValue(name, value, cur) {
  let v = value;
  if (name === 'header' && v !== undefined && v !== null && v !== '') v = Number(String(v).replace(/^h/i, '')) || false;
  if (name === 'list' && v === 'check') v = 'unchecked';
  if (name === 'align' && v === 'left') v = false;
  if (v === undefined || v === null || v === '') return !cur[name];
  const now = name === 'list' && cur.list === 'checked' ? 'unchecked' : cur[name];
  return TOGGLED.has(name) && now === v ? false : v;
}

// statusOf is statuschange's detail: Quill's formats, to-do items as "check".
export function statusOf(formats) {
  const out = { ...formats };
  if (out.list === 'checked' || out.list === 'unchecked') out.list = 'check';
  return out;
}

export const editor = {
  wxml: '<view id="e" class="editor"></view>',
  def: () => ({
    properties: {
      readOnly: Boolean, placeholder: String, showImgSize: Boolean, showImgToolbar: Boolean, showImgResize: Boolean,
      confirmHold: Boolean, ignorePaste: Boolean,
    },
    observers: {
      readOnly(v) { this._q?.enable(!v); },
      placeholder(p) { if (this._q) this._q.root.dataset.placeholder = p || ''; },
    },
    lifetimes: {
      attached() {
        this._ready = new Promise((resolve) => { this._resolve = resolve; });
        // SelectorQuery's context() (dom.js)
        const h = host(this);
        if (h) h.__mhContext = () => (this._ctx ??= editorContext(this));
        loadQuill().then((Quill) => this._mount(Quill), (e) => console.warn(`editor: ${e.message}`));
      },
      detached() { this._gone = true; },
    },
    methods: {
      _mount(Quill) {
        const el = inner(this, 'e');
        if (this._gone || !el) return;
        // the contenteditable's own input events would reach bindinput as the editor's
        el.addEventListener('input', (ev) => ev.stopPropagation());
        const q = new Quill(el, { placeholder: this.data.placeholder || '', readOnly: this.data.readOnly, modules: { history: { userOnly: false } } });
        this._q = q;
        q.on('text-change', (delta, old, source) => {
          if (source === 'user') this.triggerEvent('input', contentsOf(q));
          this._status();
        });
        q.on('selection-change', (range, old, source) => {
          if (range && source === 'user') this._atEnd = false; // the user placed the cursor
          if (range && !old) this.triggerEvent('focus', contentsOf(q));
          else if (!range && old) this.triggerEvent('blur', contentsOf(q));
          if (range) this._status();
        });
        this._resolve(q);
        this.triggerEvent('ready', {});
      },
      _status() {
        const q = this._q;
        const status = statusOf(q.getSelection() ? q.getFormat() : {});
        const key = JSON.stringify(status);
        if (key === this._lastStatus) return;
        this._lastStatus = key;
        this.triggerEvent('statuschange', status);
      },
    },
  }),
};

function contentsOf(q) {
  return { html: plainSpaces(q.getSemanticHTML()), text: q.getText(), delta: JSON.parse(JSON.stringify(q.getContents())) };
}

// plainSpaces undoes Quill 2's every space as &nbsp; in its html: a single
// space is a space, as in the phone's html; a run keeps its width.
export function plainSpaces(html) {
  return html.replace(/(?:&nbsp;)+/g, (run) => ` ${'&nbsp;'.repeat(run.length / 6 - 1)}`);
}

// editorContext is the phone's EditorContext of one editor; its calls wait
// for the editor to be made (a page may ask for it in onLoad).
function editorContext(comp) {
  const op = (name, impl) => wrap(name, { kind: 'async', impl: async (opts) => impl(await comp._ready, opts) });
  // where an insertion goes: the user's cursor, else (nothing placed yet, or
  // new contents set since) the end
  const at = (q) => (!comp._atEnd && q.hasFocus() && q.getSelection()) || { index: Math.max(0, q.getLength() - 1), length: 0 };
  return {
    format(name, value) {
      comp._ready.then((q) => {
        const r = q.getSelection(true);
        q.format(String(name), formatValue(String(name), value, q.getFormat(r)), 'user');
        comp._status();
      });
    },
    insertDivider: op('insertDivider', (q) => {
      const r = at(q);
      q.insertEmbed(r.index, 'divider', true, 'user');
      q.setSelection(r.index + 1, 0, 'silent');
    }),
    insertImage: op('insertImage', (q, o) => {
      if (!o.src) throw new Error('src is required');
      const r = at(q);
      q.deleteText(r.index, r.length, 'user');
      q.insertEmbed(r.index, 'image', resolveAsset(comp, String(o.src)), 'user');
      const attrs = {};
      for (const k of ['width', 'height', 'alt']) if (o[k] !== undefined) attrs[k] = String(o[k]);
      if (o.extClass) attrs.class = String(o.extClass);
      if (o.data && typeof o.data === 'object') attrs['data-custom'] = Object.entries(o.data).map(([k, v]) => `${k}=${v}`).join('&');
      if (Object.keys(attrs).length) q.formatText(r.index, 1, attrs, 'user');
      q.setSelection(r.index + 1, 0, 'silent');
    }),
    insertText: op('insertText', (q, o) => {
      const r = at(q);
      const text = String(o.text ?? '');
      q.deleteText(r.index, r.length, 'user');
      q.insertText(r.index, text, 'user');
      q.setSelection(r.index + text.length, 0, 'silent');
    }),
    setContents: op('setContents', (q, o) => {
      if (o.delta) q.setContents(o.delta, 'api');
      else q.setContents(q.clipboard.convert({ html: String(o.html ?? '') }), 'api');
      comp._atEnd = true;
    }),
    getContents: op('getContents', (q) => contentsOf(q)),
    getSelectionText: op('getSelectionText', (q) => {
      const r = q.getSelection();
      return { text: r ? q.getText(r.index, r.length) : '' };
    }),
    clear: op('clear', (q) => { q.setContents([], 'user'); comp._atEnd = true; }),
    removeFormat: op('removeFormat', (q) => {
      const r = q.getSelection();
      if (r) q.removeFormat(r.index, r.length, 'user');
    }),
    undo: op('undo', (q) => { q.history.undo(); }),
    redo: op('redo', (q) => { q.history.redo(); }),
    blur: op('blur', (q) => { q.blur(); }),
    scrollIntoView: op('scrollIntoView', (q) => { q.scrollSelectionIntoView(); }),
  };
}
