// page-container: a pop-up layer over the page (position bottom, top, right
// or center; round corners; an overlay), shown while `show` is true, with
// the phone's events: beforeenter, enter, afterenter (after `duration` ms),
// beforeleave, leave, afterleave, clickoverlay, and entercancelled or
// leavecancelled when `show` changes back before the transition is done. A
// tap on the overlay or the navigation bar's back arrow closes it (leave
// events; `show` is the page's to set back) instead of leaving the page, as
// the phone's back does; with close-on-slide-down, so does dragging a bottom
// container down by more than a third of its height (it follows the pointer,
// and springs back when let go sooner).
import { host, inner } from './util.js';

export const pageContainer = {
  wxml: '<view class="pc-overlay {{_state}}" wx:if="{{overlay}}" style="z-index:{{zIndex}};transition-duration:{{duration}}ms;{{overlayStyle}}" bind:tap="_tapOverlay"></view>' +
    '<view id="pc" class="pc pc-{{position}} {{round ? \'pc-round\' : \'\'}} {{_state}}" style="z-index:{{zIndex + 1}};transition-duration:{{duration}}ms;{{customStyle}}"><slot /></view>',
  def: (ctx) => ({
    properties: {
      show: Boolean, duration: { type: Number, value: 300 }, zIndex: { type: Number, value: 100 }, overlay: { type: Boolean, value: true },
      position: { type: String, value: 'bottom' }, round: Boolean, closeOnSlideDown: Boolean, overlayStyle: String, customStyle: String,
    },
    data: { _state: 'pc-closed' },
    observers: { show(v) { if (v) this._enter(); else this._leave(); } },
    lifetimes: {
      attached() {
        inner(this, 'pc')?.addEventListener('pointerdown', (e) => this._drag(e));
        if (this.data.show) this._enter();
      },
      detached() { this._release?.(); clearTimeout(this._timer); },
    },
    methods: {
      // pc-closed: not shown; pc-off: shown, transitioning from or to its
      // place off screen; pc-open: in place
      _enter() {
        if (this._open) return;
        this._open = true;
        clearTimeout(this._timer);
        if (this._leaving) { this._leaving = false; this.triggerEvent('leavecancelled', {}); }
        this._entering = true;
        this.triggerEvent('beforeenter', {});
        this.setData({ _state: 'pc-off' });
        // the back arrow of this container's page closes it first
        const el = host(this);
        this._release = ctx.interceptBack?.({ active: () => this._open && !el?.closest('.mh-page')?.hidden, close: () => this._leave() });
        requestAnimationFrame(() => requestAnimationFrame(() => {
          if (!this._open) return;
          this.setData({ _state: 'pc-open' });
          this.triggerEvent('enter', {});
          this._timer = setTimeout(() => { if (this._open) { this._entering = false; this.triggerEvent('afterenter', {}); } }, this.data.duration);
        }));
      },
      _leave() {
        if (!this._open) return;
        this._open = false;
        clearTimeout(this._timer);
        if (this._entering) { this._entering = false; this.triggerEvent('entercancelled', {}); }
        this._leaving = true;
        this._release?.();
        this._release = null;
        this.triggerEvent('beforeleave', {});
        this.setData({ _state: 'pc-off' });
        this.triggerEvent('leave', {});
        this._timer = setTimeout(() => {
          if (this._open) return;
          this._leaving = false;
          this.setData({ _state: 'pc-closed' });
          this.triggerEvent('afterleave', {});
        }, this.data.duration);
      },
      // _drag: close-on-slide-down. The container follows the pointer down
      // (not up); let go past a third of its height, it closes.
      _drag(e) {
        if (!this.data.closeOnSlideDown || this.data.position !== 'bottom' || !this._open || this._entering) return;
        const el = e.currentTarget;
        const start = e.clientY;
        const height = el.getBoundingClientRect().height || 1;
        let dy = 0;
        el.style.transition = 'none';
        const move = (ev) => { dy = Math.max(0, ev.clientY - start); el.style.transform = `translateY(${dy}px)`; };
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
          window.removeEventListener('pointercancel', up);
          el.style.transition = '';
          el.style.transform = '';
          if (dy > height / 3) this._leave();
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
        window.addEventListener('pointercancel', up);
      },
      _tapOverlay() {
        this.triggerEvent('clickoverlay', {});
        this._leave();
      },
    },
  }),
};
