// input and textarea. bindinput gets {value, cursor, keyCode}; a handler
// returning a string (or number) replaces the value, as on the phone.
import { inner, field, laidOut } from './util.js';

const INPUT_MODE = { number: 'numeric', digit: 'decimal', idcard: 'text', nickname: 'text', text: 'text' };
const ENTER_KEY = { send: 'send', search: 'search', next: 'next', go: 'go', done: 'done' };

function textField(tag) {
  return () => ({
    properties: {
      value: { type: String, value: '' },
      type: { type: String, value: 'text' },
      password: Boolean,
      placeholder: String,
      placeholderClass: String,
      placeholderStyle: String,
      maxlength: { type: Number, value: 140 },
      disabled: Boolean,
      focus: Boolean,
      autoFocus: Boolean,
      autoHeight: Boolean,
      confirmType: { type: String, value: tag === 'input' ? 'done' : 'return' },
      name: String,
    },
    data: { _mode: 'text', _enter: 'done' },
    observers: {
      value(v) {
        const el = inner(this, 'i');
        const s = v == null ? '' : String(v);
        if (el && el.value !== s) el.value = s;
        this._grow();
      },
      focus(f) { if (f) setTimeout(() => inner(this, 'i')?.focus(), 0); },
      'type, confirmType'(t, c) { this.setData({ _mode: INPUT_MODE[t] || 'text', _enter: ENTER_KEY[c] || 'enter' }); },
    },
    lifetimes: {
      attached() {
        const el = inner(this, 'i');
        if (el) el.value = this.data.value == null ? '' : String(this.data.value);
        if (this.data.autoFocus) setTimeout(() => el?.focus(), 0);
        this._initial = this.data.value;
        field(this, {
          value: () => inner(this, 'i')?.value ?? '',
          reset: () => this.setData({ value: '' }),
        });
        this._grow();
      },
    },
    methods: {
      _grow() {
        if (tag !== 'textarea' || !this.data.autoHeight) return;
        const el = inner(this, 'i');
        if (!el) return;
        laidOut(this, el, () => {
          el.style.height = 'auto';
          el.style.height = `${el.scrollHeight}px`;
        });
      },
      _input() {
        const el = inner(this, 'i');
        if (!el) return;
        let v = el.value;
        // number/digit keyboards only type digits (and one point for digit)
        if (this.data.type === 'number') v = v.replace(/[^0-9]/g, '');
        else if (this.data.type === 'digit') v = v.replace(/[^0-9.]/g, '').replace(/(\..*)\./g, '$1');
        else if (this.data.type === 'idcard') v = v.replace(/[^0-9xX]/g, '');
        if (v !== el.value) el.value = v;
        let replaced;
        const cursor = el.selectionEnd ?? v.length;
        this._$.triggerEvent('input', { value: v, cursor, keyCode: 0 }, {
          handleListenerReturn: (ret) => {
            if (typeof ret === 'string' || typeof ret === 'number') replaced = String(ret);
            return undefined;
          },
        });
        if (replaced !== undefined && replaced !== el.value) {
          el.value = replaced;
          v = replaced;
        }
        // setData on the property drives model:value two-way binding
        this.setData({ value: v });
        this._grow();
      },
      _focus() { this.triggerEvent('focus', { value: inner(this, 'i')?.value ?? '', height: 0 }); },
      _blur() { this.triggerEvent('blur', { value: inner(this, 'i')?.value ?? '', cursor: inner(this, 'i')?.selectionEnd ?? 0 }); },
      _key(e) {
        const ev = e.detail || {};
        if (ev.key !== 'Enter' && ev.keyCode !== 13) return;
        // textarea: Enter makes a new line unless confirm-type says otherwise
        if (tag === 'textarea' && this.data.confirmType === 'return') return;
        this.triggerEvent('confirm', { value: inner(this, 'i')?.value ?? '' });
      },
    },
  });
}

export const input = {
  wxml: '<mh-input id="i" class="input" type="{{password ? \'password\' : \'text\'}}" inputmode="{{_mode}}" enterkeyhint="{{_enter}}" placeholder="{{placeholder}}" maxlength="{{maxlength >= 0 ? maxlength : 524288}}" disabled="{{disabled}}" catch:input="_input" catch:focus="_focus" catch:blur="_blur" bind:keydown="_key" />',
  def: textField('input'),
};

export const textarea = {
  wxml: '<mh-textarea id="i" class="textarea {{autoHeight ? \'auto\' : \'\'}}" rows="{{autoHeight ? 1 : 4}}" enterkeyhint="{{_enter}}" placeholder="{{placeholder}}" maxlength="{{maxlength >= 0 ? maxlength : 524288}}" disabled="{{disabled}}" catch:input="_input" catch:focus="_focus" catch:blur="_blur" bind:keydown="_key" />',
  def: textField('textarea'),
};
