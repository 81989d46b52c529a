// wx.createAnimation (the Animation object and its export(): animation.js)
// and wx.worklet (ctx.worklets: worklet.js).
import { createAnimation } from '../animation.js';
import { createWorklet } from '../worklet.js';

export function animationRows(ctx) {
  return {
    createAnimation: { kind: 'plain', impl: (options) => createAnimation(options) },
    worklet: { kind: 'value', value: (ctx.worklets || createWorklet()).worklet },
  };
}
