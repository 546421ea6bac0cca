// Node timings of the packed package for make bench: one call of every
// public function (median and p95), depegSweep with 10,000 points, and the
// liquidationProbability Monte Carlo.

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

export const LOOP = {
  equity: 10, loops: 10,
  collateral: { exchangeRate: 1.05, marketPrice: 1.04, sustainableApr: 0.029, incentiveApr: 0.01 },
  market: { protocol: 'aaveV3', maxLtv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01, borrowApr: 0.025, oracle: 'exchangeRate' },
  costs: { swapCost: 0.0005 },
};
const MORPHO_LOOP = {
  ...LOOP,
  market: { protocol: 'morphoBlue', liquidationThreshold: 0.915, borrowApr: 0.025, oracle: 'market' },
};
const POOL = { kind: 'stableSwap', reserveIn: 20_000, reserveOut: 20_000, fee: 0.0004, amplification: 100 };
const OPTION = { model: 'bsm', kind: 'call', spot: 3000, strike: 3300, years: 0.25, rate: 0.05, vol: 0.6 };

/** One representative input per public function (the page's defaults where it has them). */
export function cases(calc) {
  const presets = calc.presets();
  const yieldSet = presets.yields.scenarios[0];
  const components = yieldSet.components.map((id) => presets.yields.components.find((c) => c.id === id));
  const ezeth = calc.discountPresets().find((p) => p.id === 'ezeth-2024-04').marketDiscount;
  const one = (v) => ({ kind: new Uint8Array([0]), spot: new Float64Array([v.spot]), strike: new Float64Array([v.strike]), years: new Float64Array([v.years]), rate: new Float64Array([v.rate]), vol: new Float64Array([v.vol]) });
  return [
    ['loopPosition (10 loops)', () => calc.loopPosition(LOOP)],
    ['loopPosition (targetLeverage)', () => calc.loopPosition({ ...LOOP, loops: undefined, targetLeverage: 8 })],
    ['presets', () => calc.presets()],
    ['discountPresets', () => calc.discountPresets()],
    ['liquidate (Aave)', () => calc.liquidate({ protocol: 'aaveV3', collateralUnits: 100, debt: 96, oraclePrice: 1, liquidationThreshold: 0.95, liquidationBonus: 0.01 })],
    ['swapQuote (StableSwap)', () => calc.swapQuote({ pool: POOL, amountIn: 500 })],
    ['depegSweep (101 points, the page\'s chart)', () => calc.depegSweep({ ...MORPHO_LOOP, sweep: { variable: 'marketPrice', from: 1, to: 0.5, steps: 101 } })],
    ['cascade (1,000 positions)', () => calc.cascade({ market: { protocol: 'morphoBlue', liquidationThreshold: 0.915 }, pool: POOL, positions: { leverage: 8, equity: 10, count: 1000 }, shock: { sellCollateral: 2000 } })],
    ['exitPlan', () => calc.exitPlan({ ...MORPHO_LOOP, withdrawalDays: 7, exitSwapCost: 0.003 })],
    ['optionPrice', () => calc.optionPrice(OPTION)],
    ['impliedVol', () => calc.impliedVol({ ...OPTION, vol: undefined, price: 250 })],
    ['optionGreeksBatch (1 option)', () => calc.optionGreeksBatch({ model: 'bsm', ...one(OPTION) })],
    ['perpLiquidationPrice', () => calc.perpLiquidationPrice({ side: 'long', quantity: 1, entryPrice: 50_000, walletBalance: 5_000, maintenanceMarginRate: 0.004 })],
    ['fundingPayment', () => calc.fundingPayment({ side: 'short', quantity: 10, price: 3000, fundingRate: 0.0001, hours: 720 })],
    ['tailRisk (Cornish-Fisher)', () => calc.tailRisk({ method: 'cornishFisher', confidence: 0.99, stdev: 0.03, skew: -0.5, excessKurtosis: 3 })],
    ['tailRisk (historical, 1,000 returns)', (() => {
      const returns = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 0.05);
      return () => calc.tailRisk({ method: 'historical', confidence: 0.99, returns });
    })()],
    ['yieldProjection (the first preset set)', () => calc.yieldProjection({ components, protocolFee: yieldSet.protocolFee, horizonMonths: yieldSet.horizonMonths })],
    ['pointsValue', () => calc.pointsValue({ myPoints: 10_000, totalPoints: 1e9, airdropShareOfSupply: 0.05, tokenFdv: 1e9, capital: 10, years: 0.5 })],
    ['riskStack (5 layers)', () => calc.riskStack({ apr: 0.08, baseApr: 0.03, layers: presets.risk.layers.slice(0, 5).map((l) => ({ label: l.label, annualProbability: l.annualProbability, lossGivenEvent: l.lossGivenEvent })) })],
    ['slashingLoss', () => calc.slashingLoss({ ethereum: { totalStaked: 34_000_000 }, eigenLayer: { stake: 32, allocatedMagnitude: 0.1, totalMagnitude: 1, slashedFraction: 0.5 } })],
    ['concentration', () => calc.concentration({ shares: [{ label: 'a', share: 0.6 }, { label: 'b', share: 0.25 }, { label: 'c', share: 0.15 }] })],
    ['liquidationProbability (1,000 paths × 365 days)', () => calc.liquidationProbability({ ...SIMULATION_BASE, marketDiscount: ezeth, paths: 1000 }), { runs: 50, warmup: 5 }],
    ['new LiquidationSimulation + run(1,000) + result()', () => {
      const s = new calc.LiquidationSimulation({ ...SIMULATION_BASE, marketDiscount: ezeth, paths: 1000 });
      s.run(1000);
      s.result();
      s.free();
    }, { runs: 50, warmup: 5 }],
  ];
}

const SIMULATION_BASE = {
  equity: 1, targetLeverage: 5,
  collateral: { exchangeRate: 1, sustainableApr: 0.03 },
  market: { protocol: 'morphoBlue', liquidationThreshold: 0.86, borrowApr: 0.03, oracle: 'market' },
  horizonDays: 365, seed: 1,
};

export function timeFunctions(calc) {
  return cases(calc).map(([name, fn, opts]) => ({ name, ...time(fn, opts) }));
}

/** depegSweep with 10,000 points: the whole call (input, sweep, output
 *  objects) and the share of it spent building the 10,000 JS point objects. */
export function timeSweep(calc) {
  const input = { ...MORPHO_LOOP, sweep: { variable: 'marketPrice', from: 1, to: 0.5, steps: 10_000 } };
  const whole = time(() => calc.depegSweep(input), { runs: 60, warmup: 10 });
  const points = calc.depegSweep(input).points.length;
  return { points, ...whole };
}

// liquidationProbability: 100,000 paths × 365 daily steps with the ezETH
// April 2024 de-peg process. Two loops: on a market-price oracle (Morpho
// 86 %, leverage 5) liquidated paths stop early; on an exchange-rate oracle
// (Aave E-Mode, leverage 8) every path runs all 365 steps.
export function simulations(calc) {
  const ezeth = calc.discountPresets().find((p) => p.id === 'ezeth-2024-04').marketDiscount;
  return {
    'market oracle (Morpho 86 %, 5×)': { ...SIMULATION_BASE, marketDiscount: ezeth, paths: 100_000 },
    'exchange-rate oracle (Aave E-Mode, 8×), all steps': {
      ...SIMULATION_BASE, targetLeverage: 8,
      market: { protocol: 'aaveV3', maxLtv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01, borrowApr: 0.03, oracle: 'exchangeRate' },
      marketDiscount: ezeth, paths: 100_000,
    },
  };
}

export function timeSimulations(calc) {
  return Object.entries(simulations(calc)).map(([name, input]) => {
    const { median } = time(() => calc.liquidationProbability(input), { runs: 3, warmup: 1 });
    return { name, ms: median / 1000, probability: calc.liquidationProbability(input).probability };
  });
}
