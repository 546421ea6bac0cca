// Option greeks side by side, for make bench: restake-calc's
// optionGreeksBatch, the npm packages black-scholes + greeks, and the
// hand-written baseline (bench/baseline-bs.mjs), on the same 100,000 options;
// then each one's worst error against 40-digit reference values
// (bench/reference-options.json, from bench/reference-options.py).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import * as baseline from './baseline-bs.mjs';

const require = createRequire(import.meta.url);
const bs = require('black-scholes');
const greeks = require('greeks');
const REFERENCE = JSON.parse(readFileSync(resolve(import.meta.dirname, 'reference-options.json'), 'utf8'));
const VERSIONS = Object.fromEntries(['black-scholes', 'greeks'].map((p) => [p, require(`${p}/package.json`).version]));

/** 100,000 options, seeded: spot 100, strikes 50–200, 1 week to 2 years,
 *  rates 0–8 %, volatility 10–150 %, calls and puts. */
export function options(n = 100_000, seed = 7) {
  let x = seed;
  const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const cols = { kind: new Uint8Array(n), spot: new Float64Array(n), strike: new Float64Array(n), years: new Float64Array(n), rate: new Float64Array(n), vol: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    cols.kind[i] = rand() < 0.5 ? 0 : 1;
    cols.spot[i] = 100;
    cols.strike[i] = 50 + 150 * rand();
    cols.years[i] = 7 / 365 + 2 * rand();
    cols.rate[i] = 0.08 * rand();
    cols.vol[i] = 0.1 + 1.4 * rand();
  }
  return cols;
}

/** The npm peers over the same columns: price from black-scholes, the greeks
 *  from greeks (which scales vega per point and theta per day: undone here). */
function peersBatch({ kind, spot, strike, years, rate, vol }) {
  const n = kind.length;
  const out = { price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n), vega: new Float64Array(n), theta: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const cp = kind[i] === 0 ? 'call' : 'put';
    const [s, k, t, r, v] = [spot[i], strike[i], years[i], rate[i], vol[i]];
    out.price[i] = bs.blackScholes(s, k, t, v, r, cp);
    out.delta[i] = greeks.getDelta(s, k, t, v, r, cp);
    out.gamma[i] = greeks.getGamma(s, k, t, v, r);
    out.vega[i] = greeks.getVega(s, k, t, v, r) * 100;
    out.theta[i] = greeks.getTheta(s, k, t, v, r, cp) * 365;
  }
  return out;
}

const GREEKS = ['price', 'delta', 'gamma', 'vega', 'theta'];

/** Median wall time (ms) of `runs` runs after `warmups` warm-up runs. */
function timeBatch(fn, runs, warmups = 1) {
  for (let i = 0; i < warmups; i++) fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median wall time (ms) of each of `fns`, timed side by side: `warmups`
 *  warm-up rounds first (V8 runs a wasm function with its baseline compiler,
 *  Liftoff, until its optimized code is ready, and a running call never
 *  switches over: one warm-up call is not enough for a function that is
 *  called once per batch; JS is re-optimized over several calls too), then
 *  `runs` rounds in which every function runs once, in an order that
 *  rotates from round to round, so neither always runs first (after the
 *  other's garbage) and load from other processes on the shared machine
 *  falls on all alike. */
function timeSideBySide(fns, runs, warmups = 5) {
  for (let i = 0; i < warmups; i++) for (const fn of fns) fn();
  const ms = fns.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < fns.length; j++) {
      const k = (j + r) % fns.length;
      const t0 = performance.now();
      fns[k]();
      ms[k].push(performance.now() - t0);
    }
  }
  return ms.map(median);
}

/** Worst relative error over the reference cases, per greek and overall
 *  (a NaN, an infinity or a wrong sign counts as 1, i.e. 100 %). */
function worstErrors(compute) {
  const worst = Object.fromEntries(GREEKS.map((g) => [g, { error: 0, label: '' }]));
  for (const c of REFERENCE) {
    const got = compute(c);
    for (const g of GREEKS) {
      const rel = Number.isFinite(got[g]) ? Math.abs(got[g] - c[g]) / Math.abs(c[g]) : 1;
      if (!(rel <= worst[g].error)) worst[g] = { error: Number.isNaN(rel) ? 1 : rel, label: c.label };
    }
  }
  const all = GREEKS.map((g) => worst[g]).reduce((a, b) => (b.error > a.error ? b : a));
  return { ...worst, all };
}

export function compareOptions(calc, { n = 100_000, runs = 7 } = {}) {
  const cols = options(n);
  const wasmCols = { model: 'bsm', ...cols };
  const one = (c) => ({ kind: new Uint8Array([c.kind === 'call' ? 0 : 1]), spot: new Float64Array([c.spot]), strike: new Float64Array([c.strike]), years: new Float64Array([c.years]), rate: new Float64Array([c.rate]), vol: new Float64Array([c.vol]) });
  const first = (out) => Object.fromEntries(GREEKS.map((g) => [g, out[g][0]]));
  const impls = [
    { name: 'restake-calc optionGreeksBatch (wasm)', batch: () => calc.optionGreeksBatch(wasmCols), one: (c) => first(calc.optionGreeksBatch({ model: 'bsm', ...one(c) })) },
    { name: 'hand-written JS (A&S 7.1.26 erf)', batch: () => baseline.greeksBatch(cols), one: (c) => first(baseline.greeksBatch(one(c))) },
    { name: `npm black-scholes ${VERSIONS['black-scholes']} + greeks ${VERSIONS.greeks}`, batch: () => peersBatch(cols), one: (c) => first(peersBatch(one(c))), runs: 3 },
  ];
  // restake-calc and the baseline side by side, the slow npm peers alone.
  const together = impls.filter((impl) => !impl.runs);
  // Three rounds per run: a round of both takes ~30 ms.
  const times = new Map(timeSideBySide(together.map((impl) => impl.batch), 3 * runs).map((ms, i) => [together[i], ms]));
  const rows = impls.map((impl) => {
    const ms = times.get(impl) ?? timeBatch(impl.batch, impl.runs);
    return { name: impl.name, ms, perSecond: n / (ms / 1000), errors: worstErrors(impl.one) };
  });
  // The same inputs one at a time through optionPrice (serde per call), for scale.
  const single = cols.kind.length >= 10_000 ? 10_000 : cols.kind.length;
  const msSingle = timeBatch(() => {
    for (let i = 0; i < single; i++) {
      calc.optionPrice({ model: 'bsm', kind: cols.kind[i] === 0 ? 'call' : 'put', spot: cols.spot[i], strike: cols.strike[i], years: cols.years[i], rate: cols.rate[i], vol: cols.vol[i] });
    }
  }, 3);
  rows.push({ name: 'restake-calc optionPrice, one call per option (wasm)', ms: (msSingle * n) / single, perSecond: single / (msSingle / 1000), errors: worstErrors((c) => calc.optionPrice({ model: 'bsm', kind: c.kind, spot: c.spot, strike: c.strike, years: c.years, rate: c.rate, vol: c.vol })), extrapolated: true });
  return { n, rows, reference: REFERENCE };
}
