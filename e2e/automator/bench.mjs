// The automation round trips for `go run ./bench -only automator`, through
// the SDK itself on one socket: a no-op Tool.getInfo (checkVersion) against
// page.$ + element.tap + page.data(). Prints one JSON line of medians (ms).
//
//   MINIHOST_AUTO_WS=ws://127.0.0.1:PORT node bench.mjs [ROUNDS]
import automator from 'miniprogram-automator';

const rounds = Number(process.argv[2] || 200);
const mp = await automator.connect({ wsEndpoint: process.env.MINIHOST_AUTO_WS });
const page = await mp.currentPage();

async function median(fn) {
  for (let i = 0; i < 20; i++) await fn(); // warm up
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const getInfo = await median(() => mp.checkVersion());
const tapData = await median(async () => {
  const el = await page.$('#btn-count');
  await el.tap();
  await page.data();
});
const count = await page.data('count');
// Each step alone, to see where the round trip goes.
const el = await page.$('#btn-count');
const query = await median(() => page.$('#btn-count'));
const tap = await median(() => el.tap());
const data = await median(() => page.data());
mp.disconnect();
if (count < rounds) throw new Error(`the taps did not all count: ${count} < ${rounds}`);
console.log(JSON.stringify({ rounds, getInfo, tapData, query, tap, data }));
