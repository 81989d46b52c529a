// Shared setup of the live Node tests: the SDK (loaded as CommonJS from ESM) and the host under test.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const sdk = require('../../assets/wx.js');

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
