// The size budget (bench/budgets.json): fails when the gzipped .wasm or the
// gzipped bytes of the page's first load exceed their limit. Sizes only,
// never times, so it cannot flake. Needs the release build
// (scripts/build.sh): the site as served, build/site. The limits hold the line where the build is
// now; the targets they are meant to reach are reported by make bench.
//   node --test tests/budget/    (or: make budget)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { firstLoadBytes, firstLoadFiles } from '../../bench/first-load.mjs';

const root = resolve(import.meta.dirname, '../..');
const budgets = JSON.parse(readFileSync(resolve(root, 'bench/budgets.json'), 'utf8')).limit;
const site = resolve(root, 'build/site');
const wasmPath = resolve(site, 'pkg/restake_calc_bg.wasm');
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

test('the build is there', () => {
  assert.ok(existsSync(wasmPath), 'build/site/pkg/restake_calc_bg.wasm is missing: run scripts/build.sh (make build) first');
});

test(`the .wasm is at most ${kb(budgets.wasmGzip)} gzipped`, () => {
  const gzip = gzipSync(readFileSync(wasmPath), { level: 9 }).length;
  assert.ok(
    gzip <= budgets.wasmGzip,
    `the .wasm is ${kb(gzip)} gzipped, over the budget of ${kb(budgets.wasmGzip)} (bench/budgets.json); make bench shows what it is made of`,
  );
});

for (const [name, limit, options] of [
  ['first load (to the first result)', budgets.firstLoadGzip, { firstResult: true }],
  ['whole page (every panel, no interaction)', budgets.wholePageGzip, {}],
]) {
  test(`the ${name} is at most ${kb(limit)} gzipped`, () => {
    const missing = firstLoadFiles(site, options).filter((f) => !existsSync(resolve(site, f)));
    assert.deepEqual(missing, [], 'files the page references are missing');
    const { files, total } = firstLoadBytes(site, options);
    const largest = [...files].sort((a, b) => b.gzip - a.gzip).slice(0, 5).map((f) => `${f.file} ${kb(f.gzip)}`).join(', ');
    assert.ok(
      total.gzip <= limit,
      `the ${name} is ${kb(total.gzip)} gzipped (${files.length} files), over the limit of ${kb(limit)} (bench/budgets.json); largest: ${largest}`,
    );
  });
}
