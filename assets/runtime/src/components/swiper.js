// swiper and swiper-item: a track moved by transform; drag with the mouse or a
// finger, indicator dots (clickable), autoplay, circular, vertical, current,
// bindchange {current, source}, bindanimationfinish, arrow keys.
import { inner, host } from './util.js';

export const swiper = {
  wxml: '<view id="sw" class="swiper {{vertical ? \'v\' : \'\'}}" tabindex="0" bind:keydown="_key"><view id="track" class="swiper-track" style="transform:translate{{vertical ? \'Y\' : \'X\'}}({{-_pos * 100}}%) translate{{vertical ? \'Y\' : \'X\'}}({{_drag}}px);transition:{{_anim ? \'transform \' + duration + \'ms ease\' : \'none\'}}"><slot /></view><view wx:if="{{indicatorDots}}" class="swiper-dots"><view wx:for="{{_dots}}" wx:key="*this" class="swiper-dot" style="background:{{index === current ? indicatorActiveColor : indicatorColor}}" data-i="{{index}}" bind:tap="_dot"></view></view></view>',
  def: () => ({
    properties: {
      indicatorDots: Boolean, indicatorColor: { type: String, value: 'rgba(0,0,0,.3)' }, indicatorActiveColor: { type: String, value: '#000000' },
      autoplay: Boolean, current: { type: Number, value: 0 }, currentItemId: String,
      interval: { type: Number, value: 5000 }, duration: { type: Number, value: 500 },
      circular: Boolean, vertical: Boolean, displayMultipleItems: { type: Number, value: 1 },
      previousMargin: String, nextMargin: String, easingFunction: String,
    },
    data: { _pos: 0, _drag: 0, _anim: true, _dots: [] },
    observers: {
      current(c) { if (c !== this.data._pos) this._go(c, '', false); },
      currentItemId(id) {
        if (!id) return;
        const i = this._items().findIndex((el) => el.__mhItemId?.() === id);
        if (i >= 0) this._go(i, '', false);
      },
      'autoplay, interval'() { this._timer(); },
    },
    lifetimes: {
      attached() {
        const track = inner(this, 'track');
        if (!track) return;
        this._count();
        this._mo = new MutationObserver(() => this._count());
        this._mo.observe(track, { childList: true });
        this._go(this.data.current, '', false);
        this._timer();
        // drag: the track follows the pointer; past a fifth of a page it turns
        let start = null;
        const sw = inner(this, 'sw');
        sw.addEventListener('pointerdown', (ev) => {
          if (ev.button !== 0) return;
          start = { x: ev.clientX, y: ev.clientY, id: ev.pointerId };
          this._stop();
        });
        sw.addEventListener('pointermove', (ev) => {
          if (!start || !(ev.buttons & 1)) return;
          const d = this.data.vertical ? ev.clientY - start.y : ev.clientX - start.x;
          if (Math.abs(d) > 5) sw.setPointerCapture?.(start.id);
          this.setData({ _drag: d, _anim: false });
        });
        const end = () => {
          if (!start) return;
          start = null;
          const size = this.data.vertical ? sw.clientHeight : sw.clientWidth;
          const d = this.data._drag;
          let to = this.data._pos;
          if (Math.abs(d) > size / 5) to += d < 0 ? 1 : -1;
          this.setData({ _drag: 0 });
          this._go(to, 'touch', true);
          this._timer();
        };
        sw.addEventListener('pointerup', end);
        sw.addEventListener('pointercancel', end);
      },
      detached() { this._stop(); this._mo?.disconnect(); },
    },
    methods: {
      _items() {
        const track = inner(this, 'track');
        return track ? [...track.children].filter((el) => el.localName === 'swiper-item') : [];
      },
      _count() {
        const n = this._items().length;
        if (n !== this.data._dots.length) this.setData({ _dots: Array.from({ length: n }, (_, i) => i) });
      },
      _go(i, source, animate) {
        const n = this._items().length || this.data._dots.length;
        if (!n) { this.setData({ _pos: 0 }); return; }
        let to = i;
        if (this.data.circular) to = ((i % n) + n) % n;
        else to = Math.max(0, Math.min(n - 1, i));
        const changed = to !== this.data._pos;
        this.setData({ _pos: to, _anim: animate, current: to });
        if (changed && source !== '') {
          const itemId = this._items()[to]?.__mhItemId?.() || '';
          this.triggerEvent('change', { current: to, currentItemId: itemId, source });
          setTimeout(() => this.triggerEvent('animationfinish', { current: to, currentItemId: itemId, source }), animate ? this.data.duration : 0);
        }
      },
      _dot(e) { this._go(Number(e.currentTarget.dataset.i), 'touch', true); this._timer(); },
      _key(e) {
        const k = e.detail?.key;
        const d = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[k];
        if (d) this._go(this.data._pos + d, 'touch', true);
      },
      _stop() { clearInterval(this._t); this._t = 0; },
      _timer() {
        this._stop();
        if (!this.data.autoplay || !host(this)) return;
        this._t = setInterval(() => {
          const n = this._items().length;
          if (n < 2) return;
          const next = this.data._pos + 1;
          this._go(next >= n && !this.data.circular ? 0 : next, 'autoplay', true);
        }, Math.max(100, this.data.interval));
      },
    },
  }),
};

export const swiperItem = {
  wxml: '<slot />',
  def: () => ({
    properties: { itemId: String, skipHiddenItemLayout: Boolean },
    lifetimes: { attached() { const h = host(this); if (h) h.__mhItemId = () => this.data.itemId; } },
  }),
};
