// minihost-wx as a package: `npm install <path>` into a fresh Node project, then import its
// entry points by name and type-check a consumer against its declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
// The runtime's pinned npm packages: typescript and miniprogram-api-typings.
const runtimeModules = join(pkgDir, '..', 'runtime', 'node_modules');

function project(t) {
  const dir = mkdtempSync(join(tmpdir(), 'minihost-wx-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'qa-project', private: true, type: 'module' }));
  // --install-links: a copy of what the package ships (its files), as from a tarball, not a symlink
  execFileSync('npm', ['install', '--install-links', '--offline', '--no-audit', '--no-fund', '--loglevel=error', pkgDir], { cwd: dir, stdio: 'pipe' });
  return dir;
}

test('npm install <path> gives a package whose entry points import by name', async (t) => {
  const dir = project(t);
  writeFileSync(join(dir, 'check.mjs'), `
    import { createWx, install, version } from 'minihost-wx';
    import { createHost } from 'minihost-wx/host';
    import pkg from 'minihost-wx/package.json' with { type: 'json' };
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const wx = createWx({ baseURL: 'http://127.0.0.1:1', appid: 'wxabc', token: 't' });
    console.log(JSON.stringify({
      createWx: typeof createWx, install: typeof install, createHost: typeof createHost,
      version, pkgVersion: pkg.version, login: typeof wx.login, canIUse: wx.canIUse('login.success.code'),
      bundle: require.resolve('minihost-wx/wx.js').endsWith('dist/wx.js'),
    }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: dir, encoding: 'utf8' }));
  assert.deepEqual(out, {
    createWx: 'function', install: 'function', createHost: 'function',
    version: pkg.version, pkgVersion: pkg.version, login: 'function', canIUse: true, bundle: true,
  });
  // Only the exports map's entries are importable: the sources' insides are not API.
  writeFileSync(join(dir, 'deep.mjs'), "import('minihost-wx/src/transport.js').then(() => console.log('imported'), (e) => console.log(e.code));");
  assert.equal(execFileSync(process.execPath, ['deep.mjs'], { cwd: dir, encoding: 'utf8' }).trim(), 'ERR_PACKAGE_PATH_NOT_EXPORTED');
});

const tsc = join(runtimeModules, 'typescript', 'bin', 'tsc');
test('its declarations type-check a consumer against miniprogram-api-typings, and catch a misuse', {
  skip: existsSync(tsc) ? false : 'no typescript in assets/runtime/node_modules (make runtime installs it)',
}, (t) => {
  const dir = project(t);
  execFileSync('npm', ['install', '--install-links', '--offline', '--no-audit', '--no-fund', '--loglevel=error',
    join(runtimeModules, 'miniprogram-api-typings')], { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'] },
    files: ['use.ts'],
  }));
  const good = `
    import { createWx, install, version, type MinihostWx, type OpenAPIName } from 'minihost-wx';
    import { createHost, type Prompt } from 'minihost-wx/host';
    export async function play(): Promise<string> {
      const wx: MinihostWx = createWx({ baseURL: 'http://127.0.0.1:7878', appid: 'wxabc', token: 't' });
      await wx.ready();
      const appId: string = wx.getAccountInfoSync().miniProgram.appId;
      const { code } = await wx.login({ timeout: 1000 });
      const profile = await wx.getUserProfile({ desc: 'to show it' });
      const nick: string = profile.userInfo.nickName;
      const phone = await wx.getPhoneNumber();
      const soter = await wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c', authContent: 'a' });
      wx.authorize({ scope: 'scope.userLocation', success: (r: WechatMiniprogram.GeneralCallbackResult) => r.errMsg });
      const can: boolean = wx.canIUse('login.success.code');
      const name: OpenAPIName = 'requestSubscribeMessage';
      const host = createHost({ baseURL: 'http://127.0.0.1:7878', token: 'ctl' });
      const p: Prompt = await host.prompts.next({ timeout: 1000 });
      await host.prompts.answer(p.id, 'allow');
      const patched = await install({ request() {} }, { appid: 'wxabc' });
      patched.request();
      return [appId, code, nick, phone.code, soter.resultJSON, String(can), name, version].join();
    }
  `;
  writeFileSync(join(dir, 'use.ts'), good);
  const run = () => execFileSync(process.execPath, [tsc, '-p', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  try {
    run();
  } catch (err) {
    assert.fail('tsc on a correct consumer:\n' + err.stdout);
  }
  writeFileSync(join(dir, 'use.ts'), good.replace("const name: OpenAPIName = 'requestSubscribeMessage'", "const name: OpenAPIName = 'requestPayment'")
    .replace("wx.getUserProfile({ desc: 'to show it' })", 'wx.getUserProfile({ desc: 42 })'));
  assert.throws(run, (err) => /use\.ts\(9,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/.test(err.stdout) &&
    /"requestPayment"' is not assignable to type 'OpenAPIName'/.test(err.stdout));
});
