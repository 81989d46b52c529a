// checkbox/checkbox-group, radio/radio-group, switch, slider: WeUI look,
// mouse (tap, drag) and keyboard (Space/Enter, arrows).
import { inner, host, field, closestUp, fieldsIn, clamp } from './util.js';

const GREEN = '#07c160';
const isKey = (e, ...keys) => keys.includes(e.detail?.key);

// a checkbox or radio: toggles itself, then tells its group
function choice(kind) {
  return () => ({
    properties: { value: String, checked: Boolean, disabled: Boolean, color: { type: String, value: GREEN } },
    lifetimes: {
      attached() {
        const h = host(this);
        if (h) h.__mhChoice = { kind, value: () => this.data.value, checked: () => this.data.checked, set: (c) => this.setData({ checked: c }), initial: this.data.checked, toggle: () => this._tap() };
      },
    },
    methods: {
      _tap() {
        if (this.data.disabled) return;
        if (kind === 'radio' && this.data.checked) return;
        this.setData({ checked: kind === 'radio' ? true : !this.data.checked });
        const group = closestUp(this, (el) => el.__mhGroup?.kind === kind && el.__mhGroup);
        group?.changed(host(this));
      },
      _key(e) { if (isKey(e, ' ', 'Enter')) this._tap(); },
    },
  });
}

function group(kind) {
  return () => ({
    properties: { name: String },
    lifetimes: {
      attached() {
        const h = host(this);
        const members = () => fieldsIn(h, (el) => el.__mhChoice?.kind === kind && el.__mhChoice);
        const value = () => {
          const on = members().filter((m) => m.checked()).map((m) => m.value());
          return kind === 'radio' ? (on[0] ?? '') : on;
        };
        h.__mhGroup = {
          kind,
          changed: (who) => {
            // a radio group keeps one checked
            if (kind === 'radio') for (const el of h.querySelectorAll('*')) if (el !== who && el.__mhChoice?.kind === kind) el.__mhChoice.set(false);
            this.triggerEvent('change', { value: value() });
          },
        };
        field(this, { value, reset: () => { for (const m of members()) m.set(false); } });
      },
    },
  });
}

const box = (kind) => `<view class="${kind} {{checked ? 'on' : ''}} {{disabled ? 'off' : ''}}" role="${kind}" aria-checked="{{checked}}" tabindex="{{disabled ? -1 : 0}}" bind:tap="_tap" bind:keydown="_key"><view class="${kind}-box" style="{{checked ? (${kind === 'radio' ? "'background:' + color + ';border-color:' + color" : "'color:' + color"}) : ''}}"></view><slot /></view>`;

export const checkbox = { wxml: box('checkbox'), def: choice('checkbox') };
export const radio = { wxml: box('radio'), def: choice('radio') };
export const checkboxGroup = { wxml: '<slot />', def: group('checkbox') };
export const radioGroup = { wxml: '<slot />', def: group('radio') };

export const switch_ = {
  wxml: '<view class="switch-wrap"><view wx:if="{{type === \'checkbox\'}}" class="checkbox {{checked ? \'on\' : \'\'}}" role="checkbox" aria-checked="{{checked}}" tabindex="0" bind:tap="_tap" bind:keydown="_key"><view class="checkbox-box" style="{{checked ? \'color:\' + color : \'\'}}"></view></view><view wx:else id="sw" class="switch {{checked ? \'on\' : \'\'}} {{disabled ? \'off\' : \'\'}}" role="switch" aria-checked="{{checked}}" tabindex="{{disabled ? -1 : 0}}" style="{{checked ? \'background:\' + color + \';border-color:\' + color : \'\'}}" bind:tap="_tap" bind:keydown="_key"><view class="knob"></view></view></view>',
  def: () => ({
    properties: { checked: Boolean, disabled: Boolean, type: { type: String, value: 'switch' }, color: { type: String, value: GREEN }, name: String },
    lifetimes: {
      attached() {
        this._initial = this.data.checked;
        field(this, { value: () => this.data.checked, reset: () => this.setData({ checked: false }) });
      },
    },
    methods: {
      _tap() {
        if (this.data.disabled) return;
        this.setData({ checked: !this.data.checked });
        this.triggerEvent('change', { value: this.data.checked });
      },
      _key(e) { if (isKey(e, ' ', 'Enter')) this._tap(); },
    },
  }),
};

export const slider = {
  wxml: '<view class="slider {{disabled ? \'off\' : \'\'}}"><view id="track" class="slider-track" role="slider" aria-valuemin="{{min}}" aria-valuemax="{{max}}" aria-valuenow="{{value}}" tabindex="{{disabled ? -1 : 0}}" style="background:{{backgroundColor}}" bind:keydown="_key"><view class="slider-fill" style="width:{{_pct}}%;background:{{activeColor}}"></view><view class="slider-block" style="left:{{_pct}}%;width:{{blockSize}}px;height:{{blockSize}}px;margin:-{{blockSize / 2}}px 0 0 -{{blockSize / 2}}px;background:{{blockColor}}"></view></view><view wx:if="{{showValue}}" class="slider-value">{{value}}</view></view>',
  def: () => ({
    properties: {
      min: { type: Number, value: 0 }, max: { type: Number, value: 100 }, step: { type: Number, value: 1 },
      value: { type: Number, value: 0 }, disabled: Boolean, showValue: Boolean, name: String,
      activeColor: { type: String, value: '#1aad19' }, backgroundColor: { type: String, value: '#e9e9e9' },
      selectedColor: String, color: String,
      blockSize: { type: Number, value: 28 }, blockColor: { type: String, value: '#ffffff' },
    },
    data: { _pct: 0 },
    observers: {
      'value, min, max'(v, min, max) { this.setData({ _pct: max > min ? (clamp(v, min, max) - min) * 100 / (max - min) : 0 }); },
      // the old names of the colours
      selectedColor(c) { if (c) this.setData({ activeColor: c }); },
      color(c) { if (c) this.setData({ backgroundColor: c }); },
    },
    lifetimes: {
      attached() {
        this._initial = this.data.value;
        field(this, { value: () => this.data.value, reset: () => this.setData({ value: this.data.min }) });
        // drag with pointer events (mouse, pen, finger); the pointer is captured
        // so the drag goes on outside the track
        const track = inner(this, 'track');
        if (!track) return;
        const at = (ev) => {
          const r = track.getBoundingClientRect();
          return this._snap(this.data.min + (ev.clientX - r.left) / (r.width || 1) * (this.data.max - this.data.min));
        };
        track.addEventListener('pointerdown', (ev) => {
          if (this.data.disabled || ev.button !== 0) return;
          track.setPointerCapture?.(ev.pointerId);
          this._drag = true;
          this._set(at(ev), 'changing');
          ev.preventDefault();
        });
        track.addEventListener('pointermove', (ev) => { if (this._drag) this._set(at(ev), 'changing'); });
        const end = (ev) => {
          if (!this._drag) return;
          this._drag = false;
          this._set(at(ev), null);
          this.triggerEvent('change', { value: this.data.value });
        };
        track.addEventListener('pointerup', end);
        track.addEventListener('pointercancel', end);
      },
    },
    methods: {
      _snap(v) {
        const { min, max, step } = this.data;
        const s = step > 0 ? step : 1;
        return clamp(Math.round((v - min) / s) * s + min, min, max);
      },
      _set(v, event) {
        if (v === this.data.value) return;
        this.setData({ value: v });
        if (event) this.triggerEvent(event, { value: v });
      },
      _key(e) {
        if (this.data.disabled) return;
        const { step, min, max } = this.data;
        const d = { ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step, Home: -Infinity, End: Infinity }[e.detail?.key];
        if (!d) return;
        this._set(this._snap(clamp(this.data.value + d, min, max)), null);
        this.triggerEvent('change', { value: this.data.value });
      },
    },
  }),
};
