// make bench: times the public functions of the built package in Node and
// reports sizes. A report, not a test: absolute times vary run to run; compare
// medians measured in the same run.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import * as calc from '../pkg/node/index.mjs';

const root = resolve(import.meta.dirname, '..');
const LOOP = {
  equity: 10, loops: 10,
  collateral: { exchangeRate: 1.05, marketPrice: 1.04, sustainableApr: 0.029, incentiveApr: 0.01 },
  market: { protocol: 'aaveV3', maxLtv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01, borrowApr: 0.025, oracle: 'exchangeRate' },
  costs: { swapCost: 0.0005 },
};

/** Median and 95th percentile of `runs` timed calls (after a warm-up), in microseconds. */
export function time(fn, { runs = 2000, warmup = 200 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  }
  samples.sort();
  return { median: samples[runs >> 1], p95: samples[Math.floor(runs * 0.95)] };
}

/** A 10,000-point de-peg of an 8x loop under a market-price oracle: most points liquidatable. */
const SWEEP = {
  ...LOOP, loops: undefined, targetLeverage: 8,
  market: { ...LOOP.market, oracle: 'market' },
  sweep: { variable: 'marketPrice', from: 1, to: 0.5, steps: 10000 },
};

const cases = [
  ['loopPosition (10 loops)', () => calc.loopPosition(LOOP)],
  ['loopPosition (targetLeverage)', () => calc.loopPosition({ ...LOOP, loops: undefined, targetLeverage: 8 })],
  ['presets', () => calc.presets()],
  ['depegSweep (10,000 points, objects)', () => calc.depegSweep(SWEEP), { runs: 60, warmup: 10 }],
  ['depegSweepColumns (10,000 points, typed arrays)', () => calc.depegSweepColumns(SWEEP), { runs: 300, warmup: 30 }],
];

const rows = cases.map(([name, fn, options]) => {
  const { median, p95 } = time(fn, options);
  return `| ${name} | ${median.toFixed(1)} | ${p95.toFixed(1)} |`;
});

// liquidationProbability: 100,000 paths × 365 daily steps with the ezETH
// April 2024 de-peg process. Two loops: on a market-price oracle (Morpho
// 86 %, leverage 5) liquidated paths stop early; on an exchange-rate oracle
// (Aave E-Mode, leverage 8) every path runs all 365 steps.
const EZETH = calc.discountPresets().find((p) => p.id === 'ezeth-2024-04').marketDiscount;
export const SIMULATIONS = {
  'market oracle (Morpho 86 %, 5×)': {
    equity: 1, targetLeverage: 5,
    collateral: { exchangeRate: 1, sustainableApr: 0.03 },
    market: { protocol: 'morphoBlue', liquidationThreshold: 0.86, borrowApr: 0.03, oracle: 'market' },
    marketDiscount: EZETH, horizonDays: 365, paths: 100_000, seed: 1,
  },
  'exchange-rate oracle (Aave E-Mode, 8×), all steps': {
    equity: 1, targetLeverage: 8,
    collateral: { exchangeRate: 1, sustainableApr: 0.03 },
    market: { protocol: 'aaveV3', maxLtv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01, borrowApr: 0.03, oracle: 'exchangeRate' },
    marketDiscount: EZETH, horizonDays: 365, paths: 100_000, seed: 1,
  },
};
const simRows = Object.entries(SIMULATIONS).map(([name, input]) => {
  const { median } = time(() => calc.liquidationProbability(input), { runs: 3, warmup: 1 });
  const p = calc.liquidationProbability(input).probability;
  return `| ${name} | ${(median / 1000).toFixed(0)} | ${(p * 100).toFixed(2)} % |`;
});

const wasm = readFileSync(resolve(root, 'pkg/web/restake_calc_bg.wasm'));
console.log(`# restake-calc benchmarks\n\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| call (Node, packed package) | median µs | p95 µs |\n|---|---:|---:|');
console.log(rows.join('\n'));
console.log(`\n.wasm: ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzipped (budget 120 KB gzipped)`);

console.log('\n| liquidationProbability, 100,000 paths × 365 steps, ezETH de-peg (Node) | median ms | probability |\n|---|---:|---:|');
console.log(simRows.join('\n'));
console.log(await inChromium());

/** The same simulations in headless Chromium, through the page's Web Worker
 *  (chunks, progress and all), if Chromium and the built page are there. */
async function inChromium() {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium) || !existsSync(resolve(root, 'www/pkg/restake_calc_bg.wasm'))) {
    return '\n(Chromium timing skipped: no Chromium or no built www/)';
  }
  const { startBrowser } = await import('../tests/e2e/browser.mjs');
  const env = await startBrowser(resolve(root, 'www'));
  try {
    const page = await env.page();
    await page.goto(`${env.origin}/favicon.svg`);
    const rows = [];
    for (const [name, input] of Object.entries(SIMULATIONS)) {
      const ms = await page.evaluate(async (input) => {
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
        await run(0, { ...input, paths: 1000 }); // loads and compiles the module
        const times = [];
        for (let i = 1; i <= 3; i++) times.push(await run(i, input));
        worker.terminate();
        return times.sort((a, b) => a - b)[1];
      }, input);
      rows.push(`| ${name} | ${ms.toFixed(0)} |`);
    }
    const version = env.browser.version();
    return `\n| the same in Chromium ${version}, through the page's worker | median ms |\n|---|---:|\n${rows.join('\n')}`;
  } finally {
    await env.close();
  }
}
