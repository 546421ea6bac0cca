// The page in headless Chromium for make bench (Playwright driving the
// system Chromium, as the browser tests do):
// - first load: navigation to the first result painted, over fresh contexts;
// - input to all panels recomputed and their charts painted, over many input
//   events, with the time spent inside the calculator's functions (maths);
// - bytes transferred on first load, by file (raw as served, and gzip -9).
// The page is unchanged; app.js is served with its `calc` wrapped in timers.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { startBrowser } from '../tests/e2e/browser.mjs';

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stats = (xs) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95), n: xs.length });

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

/** app.js with every lower-case export of the module wrapped in a timer. */
function timedApp(root) {
  const app = readFileSync(resolve(root, 'app.js'), 'utf8');
  const wrap = `import init, * as rawCalc from './pkg/restake_calc.js';
const calc = Object.fromEntries(Object.entries(rawCalc).map(([name, f]) => [name,
  typeof f === 'function' && /^[a-z]/.test(name) && name !== 'default' && !name.startsWith('init')
    ? (...args) => { const t0 = performance.now(); try { return f(...args); } finally { globalThis.__maths += performance.now() - t0; } }
    : f]));`;
  const patched = app
    .replace(/import init, \* as calc from '\.\/pkg\/restake_calc\.js';/, wrap)
    .replace(/await init\(\);/, 'await init(); globalThis.__initDone = performance.now();');
  if (!patched.includes('rawCalc') || !patched.includes('__initDone')) {
    throw new Error('bench/browser.mjs: www/app.js changed (its import or init line); update timedApp()');
  }
  return patched;
}

export async function measurePage(root, { loads = 10, events = 60 } = {}) {
  const env = await startBrowser(root);
  try {
    const app = timedApp(root);
    const newPage = async () => {
      const page = await env.page();
      await page.addInitScript(INIT);
      await page.route('**/app.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: app }));
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
      await page.goto(`${env.origin}/`);
      await page.waitForFunction(() => globalThis.__firstPaint !== undefined, null, { timeout: 30_000 });
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
    // the risk panel (the last to follow the loop) has its result and a frame
    // has been painted after it.
    const page = await newPage();
    await page.goto(`${env.origin}/`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && globalThis.__firstPaint !== undefined);
    await page.waitForTimeout(300);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    const perEvent = await page.evaluate(async (events) => {
      const field = document.querySelector('#equity');
      const out = [];
      for (let i = 0; i < events + 5; i++) {
        await new Promise((r) => setTimeout(r, 30));
        const before = globalThis.__results.length;
        globalThis.__maths = 0;
        const t0 = performance.now();
        field.value = String(10 + (i % 7));
        field.dispatchEvent(new Event('input', { bubbles: true }));
        const panels = await new Promise((resolveDone) => {
          const check = () => {
            const seen = globalThis.__results.slice(before).map((r) => r.panel);
            if (seen.includes('loop') && seen.includes('risk')) resolveDone(seen);
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
        const computed = performance.now() - t0;
        const maths = globalThis.__maths;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
        if (i >= 5) out.push({ computed, painted: performance.now() - t0, maths, panels });
      }
      return out;
    }, events);
    const after = await metrics();
    // Main-thread work per event (all of it: the handlers, the panels'
    // frames, style, layout, paint), from Chromium's own counters.
    const perEventMs = (name) => (1000 * (after[name] - before[name])) / (events + 5);
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
      panels: [...new Set(perEvent.flatMap((e) => e.panels))],
      transfers,
    };
  } finally {
    await env.close();
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
