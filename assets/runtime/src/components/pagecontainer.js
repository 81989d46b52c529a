// page-container: a pop-up layer over the page (position bottom, top, right
// or center; round corners; an overlay), shown while `show` is true, with
// the phone's events: beforeenter, enter, afterenter (after `duration` ms),
// beforeleave, leave, afterleave, clickoverlay. A tap on the overlay or the
// navigation bar's back arrow closes it (leave events; `show` is the page's
// to set back) instead of leaving the page, as the phone's back does.
// Not here: close-on-slide-down, and enter-cancelled/leave-cancelled (a
// change of `show` in the middle of a transition just turns it round).
import { host } from './util.js';

export const pageContainer = {
  wxml: '<view class="pc-overlay {{_state}}" wx:if="{{overlay}}" style="z-index:{{zIndex}};transition-duration:{{duration}}ms;{{overlayStyle}}" bind:tap="_tapOverlay"></view>' +
    '<view class="pc pc-{{position}} {{round ? \'pc-round\' : \'\'}} {{_state}}" style="z-index:{{zIndex + 1}};transition-duration:{{duration}}ms;{{customStyle}}"><slot /></view>',
  def: (ctx) => ({
    properties: {
      show: Boolean, duration: { type: Number, value: 300 }, zIndex: { type: Number, value: 100 }, overlay: { type: Boolean, value: true },
      position: { type: String, value: 'bottom' }, round: Boolean, closeOnSlideDown: Boolean, overlayStyle: String, customStyle: String,
    },
    data: { _state: 'pc-closed' },
    observers: { show(v) { if (v) this._enter(); else this._leave(); } },
    lifetimes: {
      attached() { if (this.data.show) this._enter(); },
      detached() { this._release?.(); clearTimeout(this._timer); },
    },
    methods: {
      // pc-closed: not shown; pc-off: shown, transitioning from or to its
      // place off screen; pc-open: in place
      _enter() {
        if (this._open) return;
        this._open = true;
        clearTimeout(this._timer);
        this.triggerEvent('beforeenter', {});
        this.setData({ _state: 'pc-off' });
        // the back arrow of this container's page closes it first
        const el = host(this);
        this._release = ctx.interceptBack?.({ active: () => this._open && !el?.closest('.mh-page')?.hidden, close: () => this._leave() });
        requestAnimationFrame(() => requestAnimationFrame(() => {
          if (!this._open) return;
          this.setData({ _state: 'pc-open' });
          this.triggerEvent('enter', {});
          this._timer = setTimeout(() => { if (this._open) this.triggerEvent('afterenter', {}); }, this.data.duration);
        }));
      },
      _leave() {
        if (!this._open) return;
        this._open = false;
        clearTimeout(this._timer);
        this._release?.();
        this._release = null;
        this.triggerEvent('beforeleave', {});
        this.setData({ _state: 'pc-off' });
        this.triggerEvent('leave', {});
        this._timer = setTimeout(() => {
          if (this._open) return;
          this.setData({ _state: 'pc-closed' });
          this.triggerEvent('afterleave', {});
        }, this.data.duration);
      },
      _tapOverlay() {
        this.triggerEvent('clickoverlay', {});
        this._leave();
      },
    },
  }),
};
