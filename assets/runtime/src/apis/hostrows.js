// The base APIs backed by the host (one client, one boot answer, shared:
// ctx.host, made by the runtime, apis/host.js).
import { storageRows } from './storage.js';
import { networkRows } from './network.js';
import { hostDeviceRows } from './hostdevice.js';
import { mediaRows } from './media.js';
import { socketRows } from './socket.js';
import { fsRows } from './fs.js';

export function hostRows(ctx) {
  const { host } = ctx;
  return { ...storageRows(ctx, host), ...networkRows(ctx, host), ...hostDeviceRows(ctx, host), ...mediaRows(ctx, host), ...socketRows(ctx, host), ...fsRows(ctx, host) };
}
