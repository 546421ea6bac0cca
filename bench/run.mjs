// make bench: builds nothing itself (the Makefile builds the release package
// first), then measures in one run and writes bench/RESULTS.md:
//   - Node, the packed package: one call of every public function; depegSweep
//     with 10,000 points; optionGreeksBatch on 100,000 options beside the npm
//     packages black-scholes + greeks and a hand-written JS baseline, with each
//     one's worst error against 40-digit references; the Monte Carlo;
//   - headless Chromium: first result painted, input to every panel painted,
//     bytes on first load;
//   - the .wasm before and after wasm-opt and what it is made of (twiggy).
// A report, not a test: absolute times vary run to run (the machine is
// shared); compare medians and ratios measured in the same run.
//   node bench/run.mjs [--quick]    --quick: fewer repetitions, same tables
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import * as calc from '../pkg/node/index.mjs';
import { measurePage } from './browser.mjs';
import { firstLoadBytes } from './first-load.mjs';
import { timeFunctions, timeSimulations, timeSweep, simulations } from './node.mjs';
import { compareOptions } from './peers.mjs';
import { measureSize } from './size.mjs';

const root = resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const { target: budgets, limit } = JSON.parse(readFileSync(resolve(root, 'bench/budgets.json'), 'utf8'));
const TARGETS = { firstPaintMs: 300, mathsMs: 1, paintedMs: 16, sweepMs: 5, peersRatio: 100, accuracy: 1e-12 };

const kb = (bytes) => (bytes / 1000).toFixed(1);
const ms = (x, digits = 1) => x.toFixed(digits);
const us = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const exp = (x) => (x === 0 ? '0' : x.toExponential(1));
const met = (ok) => (ok ? 'met' : '**missed**');
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const started = new Date();
const loadBefore = load();

log('sizes (wasm-bindgen, wasm-opt -g, twiggy)');
const size = measureSize();
const site = resolve(root, 'build/site');
const firstLoad = firstLoadBytes(site);
const firstResult = firstLoadBytes(site, { firstResult: true });
const critical = new Set(firstResult.files.map((f) => f.file));
log('Node: every public function');
const functions = timeFunctions(calc);
log('Node: depegSweep with 10,000 points');
const sweep = timeSweep(calc);
log('Node: optionGreeksBatch against the npm peers and the hand-written baseline');
const options = compareOptions(calc, { runs: quick ? 3 : 7 });
log('Node: liquidationProbability, 100,000 paths');
const sims = quick ? [] : timeSimulations(calc);
let page = null;
let workerRows = null;
if (existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium')) {
  log('Chromium: first load, input events, bytes');
  page = await measurePage(site, quick ? { loads: 3, events: 20, settled: 40 } : { loads: 10, events: 60 });
  if (!quick) {
    log('Chromium: liquidationProbability through the page\'s worker');
    workerRows = await inWorker();
  }
}
const loadAfter = load();

// ---------------------------------------------------------------- the report
const wasmRow = options.rows[0];
const baseRow = options.rows[1];
const peerRow = options.rows[2];
const out = [];
const p = (line = '') => out.push(line);

p('# restake-calc: benchmarks and sizes');
p();
p(`Measured by \`make bench\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus()[0].model.trim()}, ${cpus().length} cores, ${(totalmem() / 1e9).toFixed(0)} GB; Node ${process.version}${page ? `, Chromium ${page.chromium} (headless, Playwright)` : ''}.`);
p(`The machine was shared with other builds: load average ${loadBefore} (1, 5, 15 min) at the start, ${loadAfter} at the end. Absolute times vary from run to run; compare medians and ratios within this file.`);
p();
p('## Targets');
p();
p('| target | measured | |');
p('|---|---|---|');
p(`| \`.wasm\` <= ${kb(budgets.wasmGzip)} KB gzipped | ${kb(size.afterOpt.gzip)} KB | ${met(size.afterOpt.gzip <= budgets.wasmGzip)} |`);
p(`| first load <= ${kb(budgets.firstLoadGzip)} KB gzipped: the files of the first result | ${kb(firstResult.total.gzip)} KB | ${met(firstResult.total.gzip <= budgets.firstLoadGzip)} |`);
p(`| ... the whole page (the other panels, mounted once the first result is painted) | ${kb(firstLoad.total.gzip)} KB | ${met(firstLoad.total.gzip <= budgets.firstLoadGzip)} |`);
if (page) {
  p(`| first result painted <= ${TARGETS.firstPaintMs} ms after navigation | median ${ms(page.firstPaint.median, 0)} ms, p95 ${ms(page.firstPaint.p95, 0)} ms | ${met(page.firstPaint.median <= TARGETS.firstPaintMs)} |`);
  p(`| every panel recomputed: <= ${TARGETS.mathsMs} ms of maths (the first ${page.maths.n} inputs) | median ${ms(page.maths.median, 2)} ms, p95 ${ms(page.maths.p95, 2)} ms | ${met(page.maths.median <= TARGETS.mathsMs)} |`);
  p(`| ... (inputs ${page.settled.after + 1} to ${page.settled.after + page.settled.maths.n}, the module's hot code optimised) | median ${ms(page.settled.maths.median, 2)} ms, p95 ${ms(page.settled.maths.p95, 2)} ms | ${met(page.settled.maths.median <= TARGETS.mathsMs)} |`);
  p(`| ... and <= ${TARGETS.paintedMs} ms to painted charts | median ${ms(page.painted.median)} ms, p95 ${ms(page.painted.p95)} ms | ${met(page.painted.median <= TARGETS.paintedMs)} |`);
}
p(`| depegSweep, 10,000 points, <= ${TARGETS.sweepMs} ms | median ${ms(sweep.median / 1000)} ms | ${met(sweep.median / 1000 <= TARGETS.sweepMs)} |`);
p(`| optionGreeksBatch >= ${TARGETS.peersRatio}x the npm peers | ${(peerRow.ms / wasmRow.ms).toFixed(0)}x | ${met(peerRow.ms / wasmRow.ms >= TARGETS.peersRatio)} |`);
p(`| ... and faster than the hand-written baseline | ${(baseRow.ms / wasmRow.ms).toFixed(2)}x its speed | ${met(wasmRow.ms < baseRow.ms)} |`);
p(`| ... 1e-12-accurate (worst relative error, reference cases) | ${exp(wasmRow.errors.all.error)} (${wasmRow.errors.all.label}) | ${met(wasmRow.errors.all.error <= TARGETS.accuracy)} |`);
p();

p('## Size of the `.wasm`');
p();
p('| | raw | gzipped |');
p('|---|---:|---:|');
p(`| before wasm-opt (wasm-bindgen output, custom sections removed) | ${kb(size.beforeOpt.raw)} KB | ${kb(size.beforeOpt.gzip)} KB |`);
p(`| after wasm-opt (shipped: \`www/pkg/restake_calc_bg.wasm\`) | ${kb(size.afterOpt.raw)} KB | ${kb(size.afterOpt.gzip)} KB |`);
p(`| target | | ${kb(budgets.wasmGzip)} KB |`);
p(`| limit held by \`make test\` (bench/budgets.json) | | ${kb(limit.wasmGzip)} KB |`);
p();
p(`wasm-opt flags (Cargo.toml): \`${size.flags.join(' ')}\`. gzip: level 9, Node's zlib.`);
p();
p('What the code and data are, by function name (twiggy on the same build with names kept: `wasm-bindgen --keep-debug`, `wasm-opt -g`; export shims count with their API area):');
p();
p('| kind | bytes | share |');
p('|---|---:|---:|');
for (const g of size.groups) p(`| ${g.group} | ${g.bytes.toLocaleString('en')} | ${(100 * g.share).toFixed(1)} % |`);
p();
p('The largest single items:');
p();
p('| bytes | kind | item |');
p('|---:|---|---|');
for (const t of size.top) p(`| ${t.bytes.toLocaleString('en')} | ${t.group} | \`${t.name.replace(/::h[0-9a-f]{16}/, '').replace(/\|/g, '\\|').slice(0, 110)}\` |`);
p();

p('## Node: one call of each public function (packed package)');
p();
p('| call | median µs | p95 µs |');
p('|---|---:|---:|');
for (const f of functions) p(`| ${f.name} | ${us(f.median)} | ${us(f.p95)} |`);
p();
p(`depegSweep with ${sweep.points.toLocaleString('en')} points (an array of point objects): median ${ms(sweep.median / 1000)} ms, p95 ${ms(sweep.p95 / 1000)} ms. The sweep's own arithmetic is about 0.4 ms natively; the rest is building 10,000 JS objects of 20 properties, which a small JS function does from one Float64Array view of the module's memory (\`src/wasm/depeg.rs\`). \`depegSweepColumns\` returns the same as typed arrays.`);
p();

p(`## Option greeks: ${options.n.toLocaleString('en')} options, side by side`);
p();
p('Same inputs for all (seeded: spot 100, strikes 50-200, 1 week to 2 years, rates 0-8 %, volatility 10-150 %, calls and puts; Black-Scholes without dividends). Price, delta, gamma, vega, theta for each (the npm `greeks` scales vega per point and theta per day: multiplied back). Worst relative error over the reference cases below (40-digit values from `bench/reference-options.py`); a missing or non-finite result counts as 100 %.');
p();
p('| implementation | ms | options / s | vs wasm batch | worst error: price | delta | gamma | vega | theta |');
p('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of options.rows) {
  const e = r.errors;
  p(`| ${r.name}${r.extrapolated ? ' (10,000 timed)' : ''} | ${ms(r.ms)} | ${Math.round(r.perSecond).toLocaleString('en')} | ${(r.ms / wasmRow.ms).toFixed(2)}x the time | ${exp(e.price.error)} | ${exp(e.delta.error)} | ${exp(e.gamma.error)} | ${exp(e.vega.error)} | ${exp(e.theta.error)} |`);
}
p();
p('Where each worst error is (price):');
p();
for (const r of options.rows) p(`- ${r.name}: ${exp(r.errors.price.error)} at "${r.errors.price.label}"`);
p();
p('Reference cases:');
p();
p('| case | price | delta |');
p('|---|---:|---:|');
for (const c of options.reference) p(`| ${c.label} | ${c.price.toPrecision(10)} | ${c.delta.toPrecision(10)} |`);
p();

if (sims.length) {
  p('## liquidationProbability: 100,000 paths x 365 daily steps, ezETH April 2024 de-peg process');
  p();
  p('| loop | Node, median ms | probability |');
  p('|---|---:|---:|');
  for (const s of sims) p(`| ${s.name} | ${ms(s.ms, 0)} | ${(100 * s.probability).toFixed(2)} % |`);
  if (workerRows) {
    p();
    p(`| the same in Chromium ${page.chromium}, through the page's worker | median ms |`);
    p('|---|---:|');
    for (const [name, t] of workerRows) p(`| ${name} | ${ms(t, 0)} |`);
  }
  p();
}

if (page) {
  p(`## The page in Chromium ${page.chromium}`);
  p();
  p('| | median | p95 | runs |');
  p('|---|---:|---:|---:|');
  p(`| navigation to DOMContentLoaded | ${ms(page.phases.domContentLoaded.median, 0)} ms | ${ms(page.phases.domContentLoaded.p95, 0)} ms | ${page.firstResult.n} |`);
  p(`| navigation to the .wasm downloaded | ${ms(page.phases.wasmFetched.median, 0)} ms | ${ms(page.phases.wasmFetched.p95, 0)} ms | ${page.firstResult.n} |`);
  p(`| navigation to the module compiled and instantiated (init() resolved) | ${ms(page.phases.initDone.median, 0)} ms | ${ms(page.phases.initDone.p95, 0)} ms | ${page.firstResult.n} |`);
  p(`| navigation to the loop panel's first result computed | ${ms(page.firstResult.median, 0)} ms | ${ms(page.firstResult.p95, 0)} ms | ${page.firstResult.n} |`);
  p(`| navigation to that result painted (the frame after it) | ${ms(page.firstPaint.median, 0)} ms | ${ms(page.firstPaint.p95, 0)} ms | ${page.firstPaint.n} |`);
  p(`| input event to every panel recomputed (results from ${page.panels.join(', ')}; calls of ${page.calls.join(', ')}) | ${ms(page.computed.median)} ms | ${ms(page.computed.p95)} ms | ${page.computed.n} |`);
  p(`| ... and painted | ${ms(page.painted.median)} ms | ${ms(page.painted.p95)} ms | ${page.painted.n} |`);
  p(`| of which inside the calculator's functions (maths, with their JS conversions) | ${ms(page.maths.median, 2)} ms | ${ms(page.maths.p95, 2)} ms | ${page.maths.n} |`);
  p(`| the same from input ${page.settled.after + 1} on: recomputed | ${ms(page.settled.computed.median)} ms | ${ms(page.settled.computed.p95)} ms | ${page.settled.computed.n} |`);
  p(`| ... and painted | ${ms(page.settled.painted.median)} ms | ${ms(page.settled.painted.p95)} ms | ${page.settled.painted.n} |`);
  p(`| ... of which inside the calculator's functions | ${ms(page.settled.maths.median, 2)} ms | ${ms(page.settled.maths.p95, 2)} ms | ${page.settled.maths.n} |`);
  p();
  p(`Main-thread work per input event, from Chromium's counters (mean over the events): ${ms(page.work.task)} ms of tasks in all, of which ${ms(page.work.script)} ms script, ${ms(page.work.style)} ms style recalculation, ${ms(page.work.layout)} ms layout; the rest is painting and the browser's own work.`);
  p();
  p('First loads use a fresh browser context each (empty cache); the page mounts the loop panel, lets its first result be painted, then mounts the other panels. Input events: a new value in the loop panel\'s equity field, 30 ms apart; the loop panel computes in the input event and the panels that follow it (de-peg, probability, yield, risk) do so in the same task; "painted" is when the next frame has been painted (a task queued from the first animation-frame callback that sees every result), so it includes the wait for that frame (up to 16.7 ms) besides the work. The first inputs run partly on V8\'s unoptimised (Liftoff) code for the module, which it recompiles function by function once each has run enough; hence the second set of rows. The page is served cross-origin isolated here, where `performance.now()` has 5 µs steps (0.1 ms otherwise).');
  p();
}

p('## First load: bytes by file');
p();
p('The site as served: `build/site`, which `scripts/build-site.mjs` makes of `www/` (its modules bundled and minified from the entry points with code splitting, the panels after the first result in `panels/later.js`, the wasm-bindgen glue on its own; style sheets minified). Found statically from its `index.html` and the module graph (`bench/first-load.mjs`; the budget test uses the same lists). Files marked * are needed for the first result; the others are the panels the page imports (`import(…)`) once that result is painted. The local server does not compress; "gzipped" is what a server with gzip -9 would send.');
p();
p('| file | raw | gzipped |');
p('|---|---:|---:|');
for (const f of [...firstLoad.files].sort((a, b) => b.gzip - a.gzip)) p(`| ${f.file}${critical.has(f.file) ? ' *' : ''} | ${kb(f.raw)} KB | ${kb(f.gzip)} KB |`);
p(`| **first result (*)** | **${kb(firstResult.total.raw)} KB** | **${kb(firstResult.total.gzip)} KB** |`);
p(`| **whole page** | **${kb(firstLoad.total.raw)} KB** | **${kb(firstLoad.total.gzip)} KB** |`);
p(`| target (first load) | | ${kb(budgets.firstLoadGzip)} KB |`);
p(`| limits held by \`make test\` (bench/budgets.json): first result, whole page | | ${kb(limit.firstLoadGzip)} KB, ${kb(limit.wholePageGzip)} KB |`);
p();
if (page?.transfers) {
  const stat = new Set(firstLoad.files);
  const seen = new Map();
  for (const t of page.transfers) seen.set(t.file, (seen.get(t.file) ?? 0) + 1);
  const missing = [...seen.keys()].filter((f) => !firstLoad.files.some((s) => s.file === f));
  const twice = [...seen].filter(([, n]) => n > 1);
  const total = page.transfers.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  p(`What Chromium actually requested on a first load: ${page.transfers.length} requests, ${kb(total.raw)} KB raw (${kb(total.gzip)} KB if gzipped)${missing.length ? `; not in the static list: ${missing.join(', ')}` : '; every file is in the static list'}${twice.length ? `; fetched more than once: ${twice.map(([f, n]) => `${f} (${n}x)`).join(', ')} (the simulation worker loads the module again: the server sends \`Cache-Control: no-cache\` with \`Last-Modified\`, so the second request is answered 304, without a body; the byte counts here include it as if sent)` : ''}.`);
  p();
  void stat;
}

const report = out.join('\n');
writeFileSync(resolve(root, 'bench/RESULTS.md'), report);
console.log(report);
log('wrote bench/RESULTS.md');

/** liquidationProbability in Chromium through the page's Web Worker (chunks,
 *  progress and all), median of 3 after a warm-up. */
async function inWorker() {
  const { startBrowser } = await import('../tests/e2e/browser.mjs');
  const env = await startBrowser(site);
  try {
    const page = await env.page();
    await page.goto(`${env.origin}/favicon.svg`);
    const rows = [];
    for (const [name, input] of Object.entries(simulations(calc))) {
      const t = await page.evaluate(async (input) => {
        const worker = new Worker('workers/simulation.js', { type: 'module' });
        const run = (id, input) => new Promise((resolve, reject) => {
          const t0 = performance.now();
          worker.onmessage = (e) => {
            if (e.data.id !== id) return;
            if (e.data.type === 'error') reject(new Error(e.data.message));
            if (e.data.type === 'result') resolve(performance.now() - t0);
          };
          worker.postMessage({ type: 'run', id, input, sweep: false });
        });
        await run(0, { ...input, paths: 1000 });
        const times = [];
        for (let i = 1; i <= 3; i++) times.push(await run(i, input));
        worker.terminate();
        return times.sort((a, b) => a - b)[1];
      }, input);
      rows.push([name, t]);
    }
    return rows;
  } finally {
    await env.close();
  }
}
