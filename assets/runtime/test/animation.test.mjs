// The animation APIs' logic without a browser: wx.createAnimation's steps,
// wx.worklet's animations on a fake frame clock, the legacy canvas record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnimation } from '../src/animation.js';
import { createWorklet } from '../src/worklet.js';
import { createContext } from '../src/apis/canvas.js';

// frames is a requestAnimationFrame whose frames the test advances by hand.
function frames() {
  let now = 0;
  let queue = new Map();
  let id = 0;
  return {
    requestAnimationFrame(cb) { queue.set(++id, cb); return id; },
    cancelAnimationFrame(i) { queue.delete(i); },
    // run frames every 16 ms until ms have passed
    advance(ms) {
      for (const end = now + ms; now < end;) {
        now += 16;
        const q = queue;
        queue = new Map();
        for (const cb of q.values()) cb(now);
      }
    },
  };
}

test('createAnimation: calls collect into steps with their options; export hands them over once', () => {
  const a = createAnimation({ duration: 200, timingFunction: 'ease' });
  a.translateX(10).opacity(0.5).step();
  a.rotate(45).step({ duration: 100, delay: 20 });
  const out = a.export();
  assert.equal(out.actions.length, 2);
  assert.deepEqual(out.actions[0].animates, [{ type: 'translateX', args: [10] }, { type: 'style', args: ['opacity', 0.5] }]);
  assert.deepEqual(out.actions[0].option.transition, { duration: 200, timingFunction: 'ease', delay: 0 });
  assert.deepEqual(out.actions[1].option.transition, { duration: 100, timingFunction: 'ease', delay: 20 });
  assert.equal(out.actions[1].option.transformOrigin, '50% 50% 0');
  assert.deepEqual(a.export(), { actions: [] }, 'export starts afresh');
});

test('worklet: timing reaches its value on time and calls back; derived and cancelAnimation', () => {
  const f = frames();
  const { worklet } = createWorklet(f);
  const x = worklet.shared(0);
  const half = worklet.derived(() => x.value / 2);
  const done = [];
  x.value = worklet.timing(100, { duration: 160, easing: worklet.Easing.linear }, (finished) => done.push(finished));
  f.advance(80);
  assert.ok(x.value > 30 && x.value < 70, `halfway: ${x.value}`);
  assert.equal(half.value, x.value / 2);
  f.advance(200);
  assert.equal(x.value, 100);
  assert.equal(half.value, 50);
  assert.deepEqual(done, [true]);
  x.value = worklet.timing(0, { duration: 1000 }, (finished) => done.push(finished));
  f.advance(100);
  worklet.cancelAnimation(x);
  const stopped = x.value;
  f.advance(500);
  assert.equal(x.value, stopped, 'no change after cancelAnimation');
  assert.deepEqual(done, [true, false]);
});

test('worklet: spring settles at its value; sequence, delay and repeat run their parts in order', () => {
  const f = frames();
  const { worklet } = createWorklet(f);
  const s = worklet.shared(0);
  s.value = worklet.spring(1, { stiffness: 200, damping: 20 });
  f.advance(3000);
  assert.equal(s.value, 1);

  const q = worklet.shared(0);
  const seen = [];
  q.value = worklet.sequence(
    worklet.timing(10, { duration: 48 }),
    worklet.delay(48, worklet.timing(20, { duration: 48 }, () => seen.push(q.value))),
  );
  f.advance(64);
  assert.equal(q.value, 10, 'the first part has ended');
  f.advance(32);
  assert.equal(q.value, 10, 'held by the delay');
  f.advance(200);
  assert.deepEqual(seen, [20]);

  const r = worklet.shared(0);
  const ends = [];
  r.value = worklet.repeat(worklet.timing(5, { duration: 32 }), 2, true, (finished) => ends.push([finished, r.value]));
  f.advance(48);
  assert.equal(r.value, 5, 'there');
  f.advance(400);
  assert.deepEqual(ends, [[true, 0]], 'and back (reverse)');
});

test('worklet: Easing curves run from 0 to 1; bezier has the factory form too', () => {
  const { worklet: { Easing } } = createWorklet(frames());
  for (const e of [Easing.linear, Easing.ease, Easing.quad, Easing.cubic, Easing.sin, Easing.circle, Easing.bounce, Easing.inOut(Easing.quad), Easing.out(Easing.cubic), Easing.bezier(0.25, 0.1, 0.25, 1), Easing.cubicBezier(0.4, 0, 0.2, 1)]) {
    assert.ok(Math.abs(e(0)) < 1e-6 && Math.abs(e(1) - 1) < 1e-3, String(e));
  }
  const b = Easing.bezier(0.4, 0, 0.2, 1);
  assert.equal(b.factory(), b);
  assert.ok(b(0.5) > 0.5, 'ease-out-ish curve is ahead at the middle');
});

test('legacy canvas context: calls and setters are recorded in order; getActions hands them over; draw without a canvas still calls back', async () => {
  const c = createContext(() => null);
  c.setFillStyle('red');
  c.fillRect(0, 0, 10, 10);
  c.lineWidth = 3;
  c.setFontSize(20);
  assert.deepEqual(c.getActions(), [
    ['set', 'fillStyle', 'red'], ['call', 'fillRect', [0, 0, 10, 10]], ['set', 'lineWidth', 3], ['set', 'font', '20px sans-serif'],
  ]);
  assert.deepEqual(c.getActions(), []);
  await new Promise((resolve) => c.draw(false, resolve));
});
