// The base APIs backed by the host (one client, one boot answer, shared).
import { hostClient } from './host.js';
import { storageRows } from './storage.js';
import { networkRows } from './network.js';
import { hostDeviceRows } from './hostdevice.js';
import { mediaRows } from './media.js';
import { socketRows } from './socket.js';

export function hostRows(ctx) {
  const host = hostClient();
  return { ...storageRows(ctx, host), ...networkRows(ctx, host), ...hostDeviceRows(ctx, host), ...mediaRows(ctx, host), ...socketRows(ctx, host) };
}
