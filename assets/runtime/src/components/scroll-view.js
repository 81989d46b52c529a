// scroll-view: scroll-x/y, scroll-top/left, scroll-into-view,
// scroll-with-animation, bindscroll, bindscrolltoupper/lower (once per
// crossing of the threshold, as on the phone), and the refresher (pull down
// at the top with the mouse or a finger).
import { host, inner, laidOut } from './util.js';

export const scrollView = {
  wxml: '<view id="s" class="scroll {{scrollX ? \'x\' : \'\'}} {{scrollY ? \'y\' : \'\'}} {{showScrollbar ? \'\' : \'no-scrollbar\'}}" bind:scroll="_scroll"><view wx:if="{{refresherEnabled}}" class="refresher" style="height:{{_pull}}px;background:{{refresherBackground}}"><view class="refresher-dots {{refresherDefaultStyle}}">• • •</view></view><slot /></view>',
  def: () => ({
    properties: {
      scrollX: Boolean, scrollY: Boolean,
      scrollTop: { type: Number, value: 0 }, scrollLeft: { type: Number, value: 0 },
      scrollIntoView: String, scrollWithAnimation: Boolean, enableBackToTop: Boolean, enhanced: Boolean,
      lowerThreshold: { type: Number, value: 50 }, upperThreshold: { type: Number, value: 50 },
      refresherEnabled: Boolean, refresherThreshold: { type: Number, value: 45 },
      refresherDefaultStyle: { type: String, value: 'black' }, refresherBackground: { type: String, value: '#fff' },
      refresherTriggered: Boolean, showScrollbar: { type: Boolean, value: true },
      type: String, // Skyline's list, custom or nested: each lays out its children as a block here
    },
    data: { _pull: 0 },
    observers: {
      scrollTop(v) { this._to({ top: v }); },
      scrollLeft(v) { this._to({ left: v }); },
      scrollIntoView(id) {
        if (!id) return;
        setTimeout(() => {
          const el = inner(this, 's');
          const t = el?.querySelector(`#${CSS.escape(id)}`);
          if (!el || !t) return;
          const a = el.getBoundingClientRect();
          const b = t.getBoundingClientRect();
          this._to({ top: el.scrollTop + b.top - a.top, left: el.scrollLeft + b.left - a.left });
        }, 0);
      },
      refresherTriggered(on) {
        if (on) this.setData({ _pull: this.data.refresherThreshold });
        else if (this.data._pull) { this.setData({ _pull: 0 }); this.triggerEvent('refresherrestore', {}); }
      },
    },
    lifetimes: {
      attached() {
        this._near = { top: true, bottom: false, left: true, right: false };
        const h = host(this);
        if (h) h.__mhBuiltin = this;
        const el = inner(this, 's');
        if (!el) return;
        this._to({ top: this.data.scrollTop, left: this.data.scrollLeft });
        // refresher: a pull down while at the top
        let start = null;
        el.addEventListener('pointerdown', (ev) => {
          if (!this.data.refresherEnabled || el.scrollTop > 0 || ev.button !== 0) return;
          start = ev.clientY;
        });
        el.addEventListener('pointermove', (ev) => {
          if (start === null || !(ev.buttons & 1)) return;
          const dy = Math.max(0, ev.clientY - start);
          if (dy > 4 && !this.data.refresherTriggered) {
            el.setPointerCapture?.(ev.pointerId);
            this.setData({ _pull: Math.min(dy / 2, this.data.refresherThreshold * 2) });
            this.triggerEvent('refresherpulling', { dy: dy / 2 });
          }
        });
        const end = () => {
          if (start === null) return;
          start = null;
          if (this.data.refresherTriggered) return;
          if (this.data._pull >= this.data.refresherThreshold) {
            this.setData({ refresherTriggered: true, _pull: this.data.refresherThreshold });
            this.triggerEvent('refresherrefresh', {});
          } else if (this.data._pull) {
            this.setData({ _pull: 0 });
            this.triggerEvent('refresherabort', {});
          }
        };
        el.addEventListener('pointerup', end);
        el.addEventListener('pointercancel', end);
      },
    },
    methods: {
      // __mhNode: SelectorQuery node() of a scroll-view, the phone's ScrollViewContext
      __mhNode() {
        const el = inner(this, 's');
        if (!el) return null;
        this._ctx ??= scrollViewContext(this, el);
        return this._ctx;
      },
      _to({ top, left }) {
        const el = inner(this, 's');
        if (!el) return;
        laidOut(this, el, () => el.scrollTo({ top, left, behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' }));
      },
      _scroll() {
        const el = inner(this, 's');
        if (!el) return;
        const last = this._last || { top: 0, left: 0 };
        this._last = { top: el.scrollTop, left: el.scrollLeft };
        this.triggerEvent('scroll', {
          scrollTop: el.scrollTop, scrollLeft: el.scrollLeft, scrollHeight: el.scrollHeight, scrollWidth: el.scrollWidth,
          deltaX: last.left - el.scrollLeft, deltaY: last.top - el.scrollTop,
        });
        const { upperThreshold: up, lowerThreshold: low } = this.data;
        const edge = (key, near, direction, event) => {
          if (near && !this._near[key]) this.triggerEvent(event, { direction });
          this._near[key] = near;
        };
        if (this.data.scrollY) {
          edge('top', el.scrollTop <= up, 'top', 'scrolltoupper');
          edge('bottom', el.scrollHeight - el.clientHeight - el.scrollTop <= low, 'bottom', 'scrolltolower');
        }
        if (this.data.scrollX) {
          edge('left', el.scrollLeft <= up, 'left', 'scrolltoupper');
          edge('right', el.scrollWidth - el.clientWidth - el.scrollLeft <= low, 'right', 'scrolltolower');
        }
      },
    },
  }),
};

// scrollViewContext: scrollTo, scrollIntoView, the refresher, and the
// settable fields of the phone's ScrollViewContext that a browser can honour.
function scrollViewContext(comp, el) {
  let scrollEnabled = true;
  let showScrollbar = true;
  const behavior = (animated) => (animated === false ? 'auto' : 'smooth');
  return {
    scrollTo({ top, left, animated } = {}) {
      el.scrollTo({ top: top ?? el.scrollTop, left: left ?? el.scrollLeft, behavior: behavior(animated) });
    },
    scrollIntoView(selector, { offset = 0, animated } = {}) {
      let t = null;
      try { t = el.querySelector(String(selector)); } catch { /* not a selector: nothing to scroll to */ }
      if (!t) return;
      const a = el.getBoundingClientRect();
      const b = t.getBoundingClientRect();
      el.scrollTo({ top: el.scrollTop + b.top - a.top - (Number(offset) || 0), left: el.scrollLeft + b.left - a.left, behavior: behavior(animated) });
    },
    triggerRefresh() {
      if (comp.data.refresherTriggered) return;
      comp.setData({ refresherTriggered: true, _pull: comp.data.refresherThreshold });
      comp.triggerEvent('refresherrefresh', {});
    },
    closeRefresh() { comp.setData({ refresherTriggered: false }); },
    get scrollEnabled() { return scrollEnabled; },
    set scrollEnabled(v) { scrollEnabled = !!v; el.style.overflow = scrollEnabled ? '' : 'hidden'; },
    get showScrollbar() { return showScrollbar; },
    set showScrollbar(v) { showScrollbar = !!v; el.style.scrollbarWidth = showScrollbar ? '' : 'none'; },
    // flags of the phone's scrolling physics: kept, without effect in a browser
    bounces: true, pagingEnabled: false, fastDeceleration: false, decelerationDisabled: false,
  };
}
