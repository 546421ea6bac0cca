// The page in headless Chromium for make bench (Playwright driving the
// system Chromium, as the browser tests do):
// - first load: navigation to the first result painted, over fresh contexts;
// - input to all panels recomputed and their charts painted, over many input
//   events, with the time spent inside the calculator's functions (maths);
// - bytes transferred on first load, by file (raw as served, and gzip -9).
// The page is the site as served (build/site), unchanged but for the
// wasm-bindgen glue, whose functions are wrapped in timers, served from a
// copy of the site made of links to its files (not through Playwright's
// request routing, which would hold every request of the first load for a
// round trip to Node).
//   node bench/browser.mjs [--quick]   this part alone (no build, no report file)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startBrowser } from '../tests/e2e/browser.mjs';

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stats = (xs) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95), n: xs.length });

/** What an edit of the loop's equity must recompute: the loop panel
 *  (loopPosition, depegSweep) and every panel that follows it — the de-peg
 *  panel (depegSweepColumns, liquidate, cascade, exitPlan) and the risk panel
 *  (riskStack, from the loop's net yield). The probability panel checks the
 *  new input (a LiquidationSimulation, not timed) and re-runs its Monte Carlo
 *  in a worker 400 ms later; the yield and portfolio panels do not depend on
 *  the equity with their default inputs. An event counts as done when all of
 *  these were called and the loop and risk panels have sent calc-result. */
export const FOLLOWING_CALLS = ['loopPosition', 'depegSweep', 'depegSweepColumns', 'liquidate', 'cascade', 'exitPlan', 'riskStack'];

// In the page before any script: the time the first result is painted (the
// frame after the loop panel's first calc-result) and a log of panel results.
const INIT = () => {
  globalThis.__maths = 0;
  globalThis.__results = [];
  document.addEventListener('calc-result', (e) => {
    const panel = e.target?.dataset?.panel ?? '?';
    globalThis.__results.push({ panel, at: performance.now() });
    if (panel === 'loop' && globalThis.__firstResult === undefined) {
      globalThis.__firstResult = performance.now();
      requestAnimationFrame(() => setTimeout(() => (globalThis.__firstPaint = performance.now())));
    }
  });
};

/** The site's (minified) wasm-bindgen glue with every lower-case function it
 *  exports wrapped in a timer, and `init` marking when it resolved: its
 *  closing `export{local as name,…}` rewritten, so the module graph and
 *  every other byte of the site stay as served. */
function timedGlue(root) {
  const glue = readFileSync(resolve(root, 'pkg/restake_calc.js'), 'utf8');
  const exports = glue.match(/export\s*\{([^}]*)\};?\s*$/);
  if (!exports) throw new Error('bench/browser.mjs: pkg/restake_calc.js does not end in one export clause; update timedGlue()');
  const lines = [
    'const __timed = (name, f) => (...args) => { const t0 = performance.now(); try { return f(...args); } finally { globalThis.__maths += performance.now() - t0; globalThis.__calls?.add(name); } };',
  ];
  const names = exports[1].split(',').map((entry, i) => {
    const [local, name = local] = entry.trim().split(/\s+as\s+/);
    if (name === 'default') {
      lines.push(`const __init = (...args) => ${local}(...args).then((r) => { globalThis.__initDone = performance.now(); return r; });`);
      return '__init as default';
    }
    if (!/^[a-z]/.test(name) || name === 'initSync') return entry;
    lines.push(`const __timed${i} = __timed(${JSON.stringify(name)}, ${local});`);
    return `__timed${i} as ${name}`;
  });
  return `${glue.slice(0, exports.index)}\n${lines.join('\n')}\nexport { ${names.join(', ')} };\n`;
}

/** A directory that serves as `root` does but for a timed glue: links to
 *  everything else. */
function timedRoot(root) {
  const dir = mkdtempSync(join(tmpdir(), 'restake-calc-bench-'));
  for (const name of readdirSync(root)) if (name !== 'pkg') symlinkSync(resolve(root, name), join(dir, name));
  mkdirSync(join(dir, 'pkg'));
  for (const name of readdirSync(resolve(root, 'pkg'))) if (name !== 'restake_calc.js') symlinkSync(resolve(root, 'pkg', name), join(dir, 'pkg', name));
  writeFileSync(join(dir, 'pkg/restake_calc.js'), timedGlue(root));
  return dir;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for `predicate` in the page without running anything in it for the
 *  first `quiet` ms: Playwright's first evaluation injects its own script
 *  (about 15 ms of the page's main thread), which must not land in the
 *  middle of the load being measured. */
async function waitQuietly(page, predicate, { quiet = 1500, timeout = 30_000 } = {}) {
  await sleep(quiet);
  for (let waited = quiet; !(await page.evaluate(predicate)); waited += 100) {
    if (waited > timeout) throw new Error(`bench/browser.mjs: the page did not get to ${predicate} in ${timeout} ms`);
    await sleep(100);
  }
}

/** `events` input events are measured after 5 unmeasured ones; then the
 *  page goes on to `settled` more after `settleAfter` in all, measured again:
 *  by then the engine has optimised the module's hot functions (V8 runs new
 *  wasm code unoptimised at first and recompiles each function once it has
 *  run enough), which is what a reader dragging a slider gets. */
export async function measurePage(root, { loads = 10, events = 60, settleAfter = 100, settled = 200 } = {}) {
  const served = timedRoot(root);
  const env = await startBrowser(served, { isolated: true });
  try {
    const newPage = async () => {
      const page = await env.page();
      await page.addInitScript(INIT);
      return page;
    };

    // First loads: a fresh context (empty cache) each time.
    const firstPaint = [];
    const firstResult = [];
    const phases = { domContentLoaded: [], wasmFetched: [], initDone: [] };
    let transfers = null;
    for (let i = 0; i < loads; i++) {
      const page = await newPage();
      const requests = [];
      if (i === 0) page.on('requestfinished', (r) => requests.push(r));
      await page.goto(`${env.origin}/`, { waitUntil: 'commit' });
      await waitQuietly(page, () => globalThis.__firstPaint !== undefined);
      firstPaint.push(await page.evaluate(() => globalThis.__firstPaint));
      firstResult.push(await page.evaluate(() => globalThis.__firstResult));
      const phase = await page.evaluate(() => ({
        domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
        wasmFetched: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd ?? NaN,
        initDone: globalThis.__initDone,
      }));
      for (const k of Object.keys(phases)) phases[k].push(phase[k]);
      if (i === 0) {
        await page.waitForLoadState('networkidle');
        transfers = await byFile(requests, env.origin);
      }
      if (page.problems.length) throw new Error(`the page reported problems: ${page.problems.join('; ')}`);
      await page.context().close();
    }

    // Input events on the loop panel's equity field, each waited for until
    // every panel that follows the loop has recomputed (FOLLOWING_CALLS) and
    // the frame that shows it has been painted. (Until 2026-11 the wait for
    // the paint was a requestAnimationFrame made inside a frame callback: it
    // counted one frame more than the paint, 16.7 ms on every event.)
    const page = await newPage();
    await page.goto(`${env.origin}/`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && globalThis.__firstPaint !== undefined);
    await page.waitForTimeout(300);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    const total = Math.max(events + 5, settleAfter + settled);
    const all = await page.evaluate(async ({ total, required }) => {
      const field = document.querySelector('#equity');
      const out = [];
      for (let i = 0; i < total; i++) {
        await new Promise((r) => setTimeout(r, 30));
        const before = globalThis.__results.length;
        globalThis.__maths = 0;
        globalThis.__calls = new Set();
        const t0 = performance.now();
        field.value = String(10 + (i % 7));
        field.dispatchEvent(new Event('input', { bubbles: true }));
        // Checked in each animation frame, after the panels' own frame
        // callbacks: done when every panel has its result. A frame callback
        // runs just before the frame's style, layout and paint, so the task
        // queued from it runs once that frame is painted.
        const { panels, calls } = await new Promise((resolveDone) => {
          const check = () => {
            const seen = globalThis.__results.slice(before).map((r) => r.panel);
            const calls = [...globalThis.__calls];
            if (seen.includes('loop') && seen.includes('risk') && required.every((f) => calls.includes(f))) resolveDone({ panels: seen, calls });
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
        const computed = performance.now() - t0;
        const maths = globalThis.__maths;
        await new Promise((r) => setTimeout(r));
        out.push({ computed, painted: performance.now() - t0, maths, panels, calls });
      }
      return out;
    }, { total, required: FOLLOWING_CALLS });
    const perEvent = all.slice(5, events + 5);
    const settledEvents = all.slice(settleAfter, settleAfter + settled);
    const after = await metrics();
    // Main-thread work per event (all of it: the handlers, the panels'
    // frames, style, layout, paint), from Chromium's own counters.
    const perEventMs = (name) => (1000 * (after[name] - before[name])) / total;
    const work = {
      task: perEventMs('TaskDuration'),
      script: perEventMs('ScriptDuration'),
      style: perEventMs('RecalcStyleDuration'),
      layout: perEventMs('LayoutDuration'),
    };
    if (page.problems.length) throw new Error(`the page reported problems: ${page.problems.join('; ')}`);
    await page.context().close();

    return {
      work,
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, stats(v)])),
      chromium: env.browser.version(),
      firstPaint: stats(firstPaint),
      firstResult: stats(firstResult),
      maths: stats(perEvent.map((e) => e.maths)),
      computed: stats(perEvent.map((e) => e.computed)),
      painted: stats(perEvent.map((e) => e.painted)),
      settled: {
        after: settleAfter,
        maths: stats(settledEvents.map((e) => e.maths)),
        computed: stats(settledEvents.map((e) => e.computed)),
        painted: stats(settledEvents.map((e) => e.painted)),
      },
      panels: [...new Set(perEvent.flatMap((e) => e.panels))],
      calls: [...new Set(perEvent.flatMap((e) => e.calls))].sort(),
      transfers,
    };
  } finally {
    await env.close();
    rmSync(served, { recursive: true, force: true });
  }
}

/** Bytes of each finished request of a first load: as served (the local
 *  server does not compress) and gzip -9 of the body. */
async function byFile(requests, origin) {
  const rows = [];
  for (const r of requests) {
    const response = await r.response();
    if (!response) continue;
    const body = await response.body().catch(() => Buffer.alloc(0));
    rows.push({ file: r.url().replace(`${origin}/`, '') || 'index.html', raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const r = await measurePage(resolve(import.meta.dirname, '../build/site'), quick ? { loads: 3, events: 20, settled: 40 } : { loads: 10, events: 60 });
  const row = (name, s, digits = 1) => console.log(`${name.padEnd(46)} median ${s.median.toFixed(digits).padStart(7)} ms  p95 ${s.p95.toFixed(digits).padStart(7)} ms  (${s.n})`);
  console.log(`Chromium ${r.chromium}`);
  row('navigation to DOMContentLoaded', r.phases.domContentLoaded, 0);
  row('navigation to the .wasm downloaded', r.phases.wasmFetched, 0);
  row('navigation to init() resolved', r.phases.initDone, 0);
  row('navigation to the first loop result', r.firstResult, 0);
  row('navigation to that result painted', r.firstPaint, 0);
  row('input to every panel recomputed', r.computed);
  row('input to every panel painted', r.painted);
  row('maths per input', r.maths, 2);
  row(`... from event ${r.settled.after}: painted`, r.settled.painted);
  row(`... from event ${r.settled.after}: maths per input`, r.settled.maths, 2);
  console.log(`panels with calc-result: ${r.panels.join(', ')}; functions called: ${r.calls.join(', ')}`);
  const w = r.work;
  console.log(`main thread per input: ${w.task.toFixed(1)} ms tasks, ${w.script.toFixed(1)} script, ${w.style.toFixed(1)} style, ${w.layout.toFixed(1)} layout`);
}
