// wx.worklet, the animation API of Skyline pages, run on the page's own
// thread (a web view has no separate UI thread; so do published pages that
// support both renderers): shared values, timing/spring/decay animations
// and their combinators, Easing, runOnJS/runOnUI, and the components'
// applyAnimatedStyle/clearAnimatedStyle, which restyle elements whenever a
// shared value they read changes (once per task, before the frame is drawn).
import { elementsOf, extendCaller } from './caller.js';
import { setStyle } from './animation.js';

// createWorklet makes one page's wx.worklet and the applyAnimatedStyle
// method (installed by installAnimatedStyle).
export function createWorklet(win = globalThis) {
  let reading = null; // the Set collecting what a running updater reads
  const raf = (cb) => win.requestAnimationFrame(cb);
  // track runs fn and calls changed() when a shared value fn read changes
  // (once: track again to keep following); it returns [fn's result, stop].
  const track = (fn, changed) => {
    const seen = new Set();
    const prev = reading;
    reading = seen;
    let v;
    try { v = fn(); } finally { reading = prev; }
    const unwatch = [...seen].map((d) => d.__watch(changed));
    return [v, () => { for (const u of unwatch) u(); }];
  };

  // shared: {value}; assigning an animation (timing(…)) runs it
  function shared(initial) {
    let value = initial;
    let running = null;
    const watchers = new Set();
    const s = {
      get value() { reading?.add(s); return value; },
      set value(v) {
        running?.cancel();
        running = null;
        if (v && typeof v === 'object' && typeof v.__mhAnimation === 'function') {
          running = v.__mhAnimation(value, (x) => set(x), () => { running = null; });
        } else set(v);
      },
      __watch(fn) { watchers.add(fn); return () => watchers.delete(fn); },
      __cancel() { running?.cancel(); running = null; },
    };
    function set(v) {
      value = v;
      for (const fn of [...watchers]) fn();
    }
    return s;
  }

  // derived: a shared value recomputed from the ones fn reads
  function derived(fn) {
    const out = shared(undefined);
    let stop = () => {};
    const run = () => {
      stop();
      let v;
      [v, stop] = track(fn, run);
      out.value = v;
    };
    run();
    return out;
  }

  // animation: a descriptor a shared value runs from its present value.
  // step(from, t) → {value, done} at t ms after the start.
  const animation = (make, callback) => ({
    __mhAnimation(from, set, ended) {
      const step = make(from);
      let start = null;
      let id = 0;
      let stopped = false;
      const finish = (finished, value) => {
        ended();
        if (typeof callback === 'function') callback(finished, value);
      };
      const frame = (now) => {
        if (stopped) return;
        start ??= now;
        const { value, done } = step(now - start);
        set(value);
        if (done) finish(true, value);
        else id = raf(frame);
      };
      id = raf(frame);
      return { cancel() { stopped = true; win.cancelAnimationFrame(id); finish(false); } };
    },
  });

  const Easing = makeEasing();

  function timing(to, options = {}, callback) {
    const duration = Math.max(0, Number(options?.duration ?? 300));
    const e = options?.easing;
    const easing = typeof e === 'function' ? e : typeof e?.factory === 'function' ? e.factory() : Easing.inOut(Easing.quad);
    const a = animation((from) => (t) => {
      if (t >= duration) return { value: to, done: true };
      return { value: from + (to - from) * easing(t / duration), done: false };
    }, callback);
    a.__mhDuration = duration; // for repeat(…, reverse)
    return a;
  }

  function spring(to, options = {}, callback) {
    const o = { damping: 10, mass: 1, stiffness: 100, restDisplacementThreshold: 0.01, restSpeedThreshold: 2, velocity: 0, ...(options || {}) };
    return animation((from) => {
      let x = from;
      let v = Number(o.velocity) || 0;
      let last = 0;
      return (t) => {
        // semi-implicit Euler in steps of at most 4 ms
        for (let dt = Math.min(t - last, 64); dt > 0; dt -= 4) {
          const h = Math.min(dt, 4) / 1000;
          const a = (-o.stiffness * (x - to) - o.damping * v) / o.mass;
          v += a * h;
          x += v * h;
        }
        last = t;
        const done = Math.abs(x - to) < o.restDisplacementThreshold && Math.abs(v) < o.restSpeedThreshold;
        return done ? { value: to, done } : { value: x, done };
      };
    }, callback);
  }

  function decay(options = {}, callback) {
    const deceleration = Number(options?.deceleration ?? 0.998);
    const velocity = Number(options?.velocity ?? 0);
    const clamp = Array.isArray(options?.clamp) ? options.clamp : null;
    return animation((from) => (t) => {
      const k = 1 - deceleration;
      let value = from + (velocity / 1000 / k) * (1 - Math.exp(-k * t));
      const speed = velocity * Math.exp(-k * t);
      let done = Math.abs(speed) < 0.5;
      if (clamp && (value < clamp[0] || value > clamp[1])) { value = Math.min(clamp[1], Math.max(clamp[0], value)); done = true; }
      return { value, done };
    }, callback);
  }

  // combinators: each part starts where the one before left the value
  function sequence(...parts) {
    const list = parts.filter((p) => p && typeof p.__mhAnimation === 'function');
    return chain((i) => list[i], list.length);
  }
  function repeat(anim, reps = 2, reverse = false, callback) {
    const n = Number(reps) > 0 ? Number(reps) : Infinity;
    let origin;
    return chain((i, from) => {
      if (i === 0) origin = from;
      if (!reverse || i % 2 === 0) return restart(anim, i === 0 ? null : origin);
      return backTo(anim, origin);
    }, n, callback);
  }
  function delay(ms, anim) {
    return chain((i) => (i === 0 ? timingHold(Number(ms) || 0) : anim), 2);
  }
  // chain runs part(i, from) for i = 0…count-1.
  function chain(part, count, callback) {
    return {
      __mhAnimation(from, set, ended) {
        let i = 0;
        let current = null;
        let stopped = false;
        let value = from;
        const next = () => {
          if (stopped) return;
          if (i >= count) { ended(); if (typeof callback === 'function') callback(true, value); return; }
          const p = part(i, value);
          i += 1;
          if (!p) { next(); return; }
          current = p.__mhAnimation(value, (x) => { value = x; set(x); }, next);
        };
        next();
        return { cancel() { stopped = true; current?.cancel(); ended(); if (typeof callback === 'function') callback(false, value); } };
      },
    };
  }
  // restart runs anim again from `from` (the start of a repeat)
  const restart = (anim, from) => (from === null ? anim : {
    __mhAnimation(_, set, ended) { set(from); return anim.__mhAnimation(from, set, ended); },
  });
  // backTo runs anim's path in reverse: from where it ended to origin
  const backTo = (anim, origin) => ({
    __mhAnimation(from, set, ended) {
      return timing(origin, { duration: anim.__mhDuration ?? 300, easing: Easing.linear }).__mhAnimation(from, set, ended);
    },
  });
  const timingHold = (ms) => animation((from) => (t) => ({ value: from, done: t >= ms }));

  function cancelAnimation(s) { s?.__cancel?.(); }

  // applyAnimatedStyle(elements, updater): the elements' style follows
  // updater(), run again after a shared value it read changed.
  function applyAnimatedStyle(elements, updater) {
    let stop = () => {};
    let queued = false;
    let stopped = false;
    const run = () => {
      queued = false;
      if (stopped) return;
      stop();
      let style;
      // changes in one task (an animation frame moving several values) are
      // one restyle, made before that frame is drawn
      [style, stop] = track(updater, () => { if (!queued) { queued = true; queueMicrotask(run); } });
      for (const el of elements) {
        for (const [k, v] of Object.entries(style || {})) setStyle(el, k, v);
      }
    };
    run();
    return () => { stopped = true; stop(); };
  }

  const worklet = {
    shared, derived, timing, spring, decay, sequence, repeat, delay, cancelAnimation, Easing,
    runOnJS: (fn) => (...args) => fn(...args),
    runOnUI: (fn) => (...args) => fn(...args),
  };
  return { worklet, applyAnimatedStyle };
}

// makeEasing: the Easing functions of the worklet API (t in 0…1).
function makeEasing() {
  const bezier = (x1, y1, x2, y2) => {
    const at = (a, b, t) => 3 * a * t * (1 - t) ** 2 + 3 * b * t * t * (1 - t) + t ** 3;
    return (x) => {
      if (x <= 0) return 0;
      if (x >= 1) return 1;
      let lo = 0; let hi = 1; let t = x;
      for (let i = 0; i < 30; i += 1) {
        const v = at(x1, x2, t);
        if (Math.abs(v - x) < 1e-5) break;
        if (v < x) lo = t; else hi = t;
        t = (lo + hi) / 2;
      }
      return at(y1, y2, t);
    };
  };
  const E = {
    linear: (t) => t,
    ease: bezier(0.42, 0, 1, 1),
    quad: (t) => t * t,
    cubic: (t) => t * t * t,
    poly: (n) => (t) => t ** n,
    sin: (t) => 1 - Math.cos((t * Math.PI) / 2),
    circle: (t) => 1 - Math.sqrt(1 - t * t),
    exp: (t) => (t === 0 ? 0 : 2 ** (10 * (t - 1))),
    elastic: (b = 1) => (t) => 1 - Math.cos((t * Math.PI) / 2) ** 3 * Math.cos(t * (b * Math.PI)),
    back: (s = 1.70158) => (t) => t * t * ((s + 1) * t - s),
    bounce: (t) => {
      if (t < 1 / 2.75) return 7.5625 * t * t;
      if (t < 2 / 2.75) { const u = t - 1.5 / 2.75; return 7.5625 * u * u + 0.75; }
      if (t < 2.5 / 2.75) { const u = t - 2.25 / 2.75; return 7.5625 * u * u + 0.9375; }
      const u = t - 2.625 / 2.75;
      return 7.5625 * u * u + 0.984375;
    },
    // bezier(…) is the function and has .factory() giving it (the form of
    // Reanimated, which some pages call); cubicBezier is the same curve
    bezier: (...a) => { const f = bezier(...a); f.factory = () => f; return f; },
    bezierFn: bezier,
    cubicBezier: bezier,
    steps: (n = 10, roundToNextStep = true) => (t) => (roundToNextStep ? Math.ceil(t * n) : Math.floor(t * n)) / n,
    in: (f) => f,
    out: (f) => (t) => 1 - f(1 - t),
    inOut: (f) => (t) => (t < 0.5 ? f(t * 2) / 2 : 1 - f((1 - t) * 2) / 2),
  };
  return E;
}

// installAnimatedStyle gives pages and components applyAnimatedStyle and
// clearAnimatedStyle where the adapter has none (caller: a page's instance),
// and renderer "webview".
export function installAnimatedStyle(caller, apply) {
  extendCaller(caller, '__minihostAnimatedStyle', {
    get renderer() { return 'webview'; },
    applyAnimatedStyle(selector, updater, config, callback) {
      const cb = typeof config === 'function' ? config : callback;
      const stop = apply(elementsOf(this, selector), () => updater.call(this));
      (this.__mhAnimatedStyles ??= new Map()).set(selector, [...(this.__mhAnimatedStyles.get(selector) || []), stop]);
      if (typeof cb === 'function') setTimeout(() => cb({ styleId: this.__mhAnimatedStyles.get(selector).length }), 0);
    },
    clearAnimatedStyle(selector, styleIds, callback) {
      const cb = typeof styleIds === 'function' ? styleIds : callback;
      for (const stop of this.__mhAnimatedStyles?.get(selector) || []) stop();
      this.__mhAnimatedStyles?.delete(selector);
      if (typeof cb === 'function') setTimeout(cb, 0);
    },
  });
}
