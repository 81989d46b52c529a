// The rows of the wx API table. Each file adds the rows of one group; issue 12
// adds more files here. A row: name → {kind: 'async'|'sync'|'plain', impl}.
import { routeRows } from './route.js';
import { uiRows } from './ui.js';
import { systemRows } from './system.js';
import { interactionRows } from './interaction.js';
import { deviceRows } from './device.js';
import { queryRows } from './query.js';
import { canvasRows } from './canvas.js';
import { animationRows } from './animation.js';
import { mediaContextRows } from './mediactx.js';
import { cameraRows } from './camera.js';
import { recorderRows } from './recorder.js';
import { workerRows } from './worker.js';
import { environmentRows } from './environment.js';
import { tabBarRows } from './tabbar.js';
import { fontRows } from './font.js';
import { hostRows } from './hostrows.js';
import { extRows } from './ext.js';

export function apiTable(ctx) {
  return {
    ...routeRows(ctx), ...uiRows(ctx), ...systemRows(ctx), ...extRows(), ...interactionRows(ctx), ...deviceRows(ctx), ...queryRows(ctx), ...canvasRows(ctx), ...animationRows(ctx), ...mediaContextRows(ctx), ...cameraRows(ctx), ...recorderRows(), ...workerRows(ctx), ...environmentRows(ctx), ...tabBarRows(ctx), ...fontRows(),
    ...hostRows(ctx),
  };
}
