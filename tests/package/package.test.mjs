// The npm package as a user gets it: `npm pack pkg/`, install the tarball into
// a scratch project, then use it from Node (ESM without init, CommonJS), from
// a plain browser page that calls `await init()`, from an app bundled by Vite,
// and from TypeScript (tsc --strict over an example that calls every export).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrowser } from '../e2e/browser.mjs';

const root = resolve(import.meta.dirname, '../..');
const INPUT = {
  equity: 1, loops: 2,
  collateral: { exchangeRate: 1 },
  market: { protocol: 'aaveV3', maxLtv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01, borrowApr: 0.025, oracle: 'exchangeRate' },
};
let scratch;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'restake-calc-user-'));
  const tarball = execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', scratch, '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', join(scratch, tarball)], { cwd: scratch });
});
after(() => rmSync(scratch, { recursive: true, force: true }));

const node = (code, type = 'module') =>
  execFileSync('node', [`--input-type=${type}`, '-e', code], { cwd: scratch, encoding: 'utf8' }).trim();

test('Node ESM: import and call, no init step', () => {
  const out = node(`
    import { loopPosition, presets } from 'restake-calc';
    const p = loopPosition(${JSON.stringify(INPUT)});
    console.log(JSON.stringify([p.leverage, presets().scenarios.length > 0]));`);
  assert.deepEqual(JSON.parse(out), [2.7949, true]);
});

test('Node ESM: init is exported and resolves at once', () => {
  const out = node(`
    import init, { initSync, loopPosition } from 'restake-calc';
    await init(); initSync();
    console.log(loopPosition(${JSON.stringify(INPUT)}).leverage);`);
  assert.equal(out, '2.7949');
});

test('Node CommonJS: require works too', () => {
  const out = node(`const { loopPosition } = require('restake-calc'); console.log(loopPosition(${JSON.stringify(INPUT)}).leverage);`, 'commonjs');
  assert.equal(out, '2.7949');
});

test('Node: bad input throws an Error naming the field', () => {
  const out = node(`
    import { loopPosition } from 'restake-calc';
    try { loopPosition({ ...${JSON.stringify(INPUT)}, equity: -1 }); } catch (e) { console.log(JSON.stringify([e instanceof Error, e.field, e.message])); }`);
  const [isError, field, message] = JSON.parse(out);
  assert.equal(isError, true);
  assert.equal(field, 'equity');
  assert.match(message, /^equity: must be > 0/);
});

test('the package ships its TypeScript declarations', () => {
  const out = node(`
    import { readFileSync } from 'node:fs';
    import { createRequire } from 'node:module';
    const pkg = JSON.parse(readFileSync('node_modules/restake-calc/package.json', 'utf8'));
    const dts = readFileSync('node_modules/restake-calc/' + pkg.types, 'utf8');
    console.log(JSON.stringify([pkg.exports['.'].types, /export function loopPosition\\(input: LoopInput\\): LoopPosition;/.test(dts), /export interface LoopPosition/.test(dts)]));`);
  assert.deepEqual(JSON.parse(out), ['./restake_calc.d.ts', true, true]);
});

test('a plain browser page: import map, await init(), call', async () => {
  writeFileSync(join(scratch, 'index.html'), `<!doctype html><meta charset="utf-8"><title>user page</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "restake-calc": "./node_modules/restake-calc/web/restake_calc.js" } }</script>
<script type="module">
  import init, { loopPosition } from 'restake-calc';
  await init();
  document.title = String(loopPosition(${JSON.stringify(INPUT)}).leverage);
</script>`);
  const env = await startBrowser(scratch);
  try {
    const page = await env.page();
    await page.goto(`${env.origin}/index.html`);
    await page.waitForFunction(() => document.title !== 'user page');
    assert.equal(await page.title(), '2.7949');
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('TypeScript: every export type-checks under --strict, and the types are not any', () => {
  cpSync(join(root, 'tests/package/fixtures/every-function.ts'), join(scratch, 'every-function.ts'));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'esnext,dom', 'every-function.ts'];
  try {
    execFileSync('node', [tsc, ...args], { cwd: scratch, encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc reported:\n${error.stdout}${error.stderr}`);
  }
});

test('a Vite-built app: the bundler resolves the browser build and its .wasm', async () => {
  const app = join(scratch, 'vite-app');
  cpSync(join(root, 'tests/package/fixtures/vite-app'), app, { recursive: true });
  execFileSync('node', [join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: app, encoding: 'utf8' });
  const env = await startBrowser(join(app, 'dist'));
  try {
    const page = await env.page();
    await page.goto(`${env.origin}/index.html`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'loading');
    assert.equal(await page.locator('#out').textContent(), '2.7949');
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});
