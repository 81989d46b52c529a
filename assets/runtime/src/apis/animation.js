// wx.createAnimation (the Animation object and its export(): animation.js).
import { createAnimation } from '../animation.js';

export function animationRows() {
  return { createAnimation: { kind: 'plain', impl: (options) => createAnimation(options) } };
}
