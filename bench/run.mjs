// make bench: times the public functions of the built package in Node and
// reports sizes. A report, not a test: absolute times vary run to run; compare
// medians measured in the same run.
import { readFileSync } from 'node:fs';
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

const wasm = readFileSync(resolve(root, 'pkg/web/restake_calc_bg.wasm'));
console.log(`# restake-calc benchmarks\n\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| call (Node, packed package) | median µs | p95 µs |\n|---|---:|---:|');
console.log(rows.join('\n'));
console.log(`\n.wasm: ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzipped (budget 120 KB gzipped)`);
