// Shared setup of the live Node tests: the SDK (the minihost-wx package, assets/wxjs) and the host under test.
import * as wx from '../../assets/wxjs/src/index.js';
import { createHost } from '../../assets/wxjs/src/host.js';

export const sdk = { ...wx, createHost };

export const env = {
  baseURL: process.env.MINIHOST_URL,
  appid: process.env.MINIHOST_APPID,
  token: process.env.MINIHOST_TOKEN,
};
// Tests against a live host skip (with this reason) when run by hand without the environment;
// `go test ./e2e/` always sets it.
export const skipLive = env.baseURL && env.appid && env.token
  ? false
  : 'set MINIHOST_URL, MINIHOST_APPID and MINIHOST_TOKEN (go test ./e2e/ does)';
