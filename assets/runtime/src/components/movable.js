// movable-area and movable-view: drag the view inside the area with the mouse
// or a finger; x/y, direction, out-of-bounds, disabled, bindchange {x, y, source}.
import { host, clamp } from './util.js';

export const movableArea = { wxml: '<slot />', def: () => ({ properties: { scaleArea: Boolean } }) };

export const movableView = {
  wxml: '<slot />',
  def: () => ({
    properties: {
      direction: { type: String, value: 'none' }, x: { type: Number, value: 0 }, y: { type: Number, value: 0 },
      outOfBounds: Boolean, disabled: Boolean, inertia: Boolean, damping: { type: Number, value: 20 },
      friction: { type: Number, value: 2 }, scale: Boolean, animation: { type: Boolean, value: true },
    },
    observers: { 'x, y'(x, y) { this._move(x, y, ''); } },
    lifetimes: {
      attached() {
        const h = host(this);
        if (!h) return;
        this._pos = { x: 0, y: 0 };
        setTimeout(() => this._move(this.data.x, this.data.y, ''), 0);
        let start = null;
        h.addEventListener('pointerdown', (ev) => {
          if (this.data.disabled || this.data.direction === 'none' || ev.button !== 0) return;
          h.setPointerCapture?.(ev.pointerId);
          start = { cx: ev.clientX, cy: ev.clientY, ...this._pos };
          this.triggerEvent('htouchmove', {});
          ev.preventDefault();
        });
        h.addEventListener('pointermove', (ev) => {
          if (!start) return;
          const dir = this.data.direction;
          const x = dir === 'vertical' ? start.x : start.x + ev.clientX - start.cx;
          const y = dir === 'horizontal' ? start.y : start.y + ev.clientY - start.cy;
          this._move(x, y, 'touch');
        });
        const end = () => { start = null; };
        h.addEventListener('pointerup', end);
        h.addEventListener('pointercancel', end);
      },
    },
    methods: {
      _move(x, y, source) {
        const h = host(this);
        if (!h || !this._pos) return;
        let nx = Number(x) || 0;
        let ny = Number(y) || 0;
        const area = h.parentElement;
        if (area && !this.data.outOfBounds) {
          nx = clamp(nx, 0, Math.max(0, area.clientWidth - h.offsetWidth));
          ny = clamp(ny, 0, Math.max(0, area.clientHeight - h.offsetHeight));
        }
        if (nx === this._pos.x && ny === this._pos.y && source) return;
        this._pos = { x: nx, y: ny };
        h.style.transform = `translate(${nx}px, ${ny}px)`;
        if (source) this.triggerEvent('change', { x: nx, y: ny, source });
      },
    },
  }),
};
