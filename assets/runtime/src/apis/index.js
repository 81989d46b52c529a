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
import { extRows } from './ext.js';
import { storageRows } from './storage.js';
import { networkRows } from './network.js';
import { hostDeviceRows } from './hostdevice.js';
import { mediaRows } from './media.js';
import { socketRows } from './socket.js';
import { fsRows } from './fs.js';

// GROUPS makes each group's rows from ctx; a name in two groups is the later
// one's. The base APIs backed by the host share ctx.host (one client, one
// boot answer; apis/host.js).
export const GROUPS = [
  routeRows, uiRows, systemRows, extRows, interactionRows, deviceRows, queryRows, canvasRows, animationRows,
  mediaContextRows, cameraRows, recorderRows, workerRows, environmentRows, tabBarRows, fontRows,
  (ctx) => storageRows(ctx, ctx.host), (ctx) => networkRows(ctx, ctx.host), (ctx) => hostDeviceRows(ctx, ctx.host),
  (ctx) => mediaRows(ctx, ctx.host), (ctx) => socketRows(ctx, ctx.host), (ctx) => fsRows(ctx, ctx.host),
];

// apiTable makes every row now (the support table, the tests).
export function apiTable(ctx, groups = GROUPS) {
  return Object.assign({}, ...groups.map((g) => g(ctx)));
}

// rowIndex is name → [group, kind] for lazyTable. The build works it out
// once (build.mjs, from the groups made with an empty ctx, as the support
// table is) and gives it to the runtime, so a page knows every row's name
// and kind without making any.
export function rowIndex(groups = GROUPS) {
  const index = {};
  groups.forEach((g, i) => {
    for (const [name, row] of Object.entries(g({}))) index[name] = [i, row.kind];
  });
  return index;
}

// lazyTable is the table with each group made the first time one of its
// rows is read. Making all of them at boot compiled every group's code on
// the main thread (a third of a cold boot's lazy compilation), for rows most
// pages never call.
export function lazyTable(ctx, index, groups = GROUPS) {
  const made = [];
  const table = {};
  for (const [name, [i]] of Object.entries(index)) {
    Object.defineProperty(table, name, { get: () => (made[i] ??= groups[i](ctx))[name], enumerable: true });
  }
  return table;
}
