//! Exports of the de-peg and liquidation engine.

use super::{call, run, to_js_error};
use crate::num::to_f64;
use crate::{amm, depeg, liquidation};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SWEEP_COLUMNS: &str = r#"
/**
 * Output of `depegSweepColumns`: the points of `depegSweep` as columns, one
 * typed array per field, all of the same length (`ratio.length`). No NaN, no
 * null inside a column:
 * - `healthFactor` is null as a whole when the position has no debt (then no
 *   point has a health factor);
 * - `liquidatable` and `hasHealthFactorAfter` hold 0 or 1;
 * - the liquidation columns hold, where `liquidatable` is 0 (`depegSweep`'s
 *   `liquidation` is null there), what `liquidate` returns for a position it
 *   may not liquidate: 0 repaid, seized and bad debt, the position unchanged;
 * - `healthFactorAfter` holds 0 where `hasHealthFactorAfter` is 0 (no debt left).
 */
export interface DepegSweepColumns {
    ratio: Float64Array;
    marketPrice: Float64Array;
    exchangeRate: Float64Array;
    oraclePrice: Float64Array;
    healthFactor: Float64Array | null;
    equity: Float64Array;
    equityAtMarket: Float64Array;
    liquidatable: Uint8Array;
    maxDebtToCover: Float64Array;
    debtRepaid: Float64Array;
    collateralSeized: Float64Array;
    bonusUnits: Float64Array;
    protocolFeeUnits: Float64Array;
    liquidatorReceives: Float64Array;
    collateralLeft: Float64Array;
    debtLeft: Float64Array;
    badDebt: Float64Array;
    healthFactorAfter: Float64Array;
    hasHealthFactorAfter: Uint8Array;
    liquidationRatio: number | null;
}
"#;

/// One liquidation as Aave V3.3 or Morpho Blue computes it.
#[wasm_bindgen(js_name = liquidate, unchecked_return_type = "Liquidation")]
pub fn liquidate(
    #[wasm_bindgen(unchecked_param_type = "LiquidationInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, liquidation::liquidate)
}

/// A swap quote from a constant-product (Uniswap v2) or StableSwap (Curve) pool.
#[wasm_bindgen(js_name = swapQuote, unchecked_return_type = "SwapQuote")]
pub fn swap_quote(#[wasm_bindgen(unchecked_param_type = "SwapQuoteInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, amm::swap_quote)
}

// `depegSweep`'s point objects are built in JS from one row-major
// Float64Array, in a single call: written field by field through
// wasm-bindgen (200,000 property stores for 10,000 points, each a call into
// JS at one megamorphic store site) they took ~12 ms; object literals of one
// fixed shape take well under 1 ms. `None` travels as NaN, and every
// non-finite number becomes `null`, as `out::JsWriter` writes it.
#[wasm_bindgen(inline_js = r#"
const v = (x) => (x - x === 0 ? x : null);
export function sweepObjects(r, liquidationRatio) {
  const points = [];
  for (let o = 0; o < r.length; o += 18) {
    const healthFactor = v(r[o + 4]);
    const liquidatable = r[o + 7] !== 0;
    points.push({
      ratio: v(r[o]),
      marketPrice: v(r[o + 1]),
      exchangeRate: v(r[o + 2]),
      oraclePrice: v(r[o + 3]),
      healthFactor,
      equity: v(r[o + 5]),
      equityAtMarket: v(r[o + 6]),
      liquidatable,
      liquidation: liquidatable ? {
        liquidatable,
        healthFactorBefore: healthFactor,
        maxDebtToCover: v(r[o + 8]),
        debtRepaid: v(r[o + 9]),
        collateralSeized: v(r[o + 10]),
        bonusUnits: v(r[o + 11]),
        protocolFeeUnits: v(r[o + 12]),
        liquidatorReceives: v(r[o + 13]),
        collateralLeft: v(r[o + 14]),
        debtLeft: v(r[o + 15]),
        healthFactorAfter: v(r[o + 16]),
        badDebt: v(r[o + 17]),
      } : null,
    });
  }
  return { points, liquidationRatio: v(liquidationRatio) };
}
"#)]
extern "C" {
    /// The `DepegSweep` object of `ROW` numbers per point (see [`depeg_sweep`]).
    #[wasm_bindgen(js_name = sweepObjects)]
    fn sweep_objects(rows: &[f64], liquidation_ratio: f64) -> JsValue;
}

/// Numbers per point in the rows handed to `sweepObjects`.
const ROW: usize = 18;

/// HF, equity and the liquidation outcome of a loop as its collateral de-pegs.
// The points of `depeg::depeg_sweep` (`OpenSweep::for_each`, the same core),
// `ROW` numbers each: the fields of `SweepPoint` and of its liquidation in
// declaration order, `None` as NaN. `sweepObjects` reads them through a view
// of wasm memory (`&[f64]` is not copied) before anything else runs in wasm.
#[wasm_bindgen(js_name = depegSweep, unchecked_return_type = "DepegSweep")]
pub fn depeg_sweep(
    #[wasm_bindgen(unchecked_param_type = "DepegSweepInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let sweep = run(input, depeg::open_sweep)?;
    let mut rows = Vec::with_capacity(sweep.len() * ROW);
    let none = f64::NAN;
    sweep
        .for_each(|p, l| {
            rows.extend_from_slice(&[
                p.ratio,
                p.market_price,
                p.exchange_rate,
                p.oracle_price,
                p.health_factor.unwrap_or(none),
                p.equity,
                p.equity_at_market,
                f64::from(u8::from(p.liquidatable)),
                l.max_debt_to_cover,
                l.debt_repaid,
                l.collateral_seized,
                l.bonus_units,
                l.protocol_fee_units,
                l.liquidator_receives,
                l.collateral_left,
                l.debt_left,
                l.health_factor_after.unwrap_or(none),
                l.bad_debt,
            ]);
        })
        .map_err(to_js_error)?;
    Ok(sweep_objects(&rows, sweep.liquidation_ratio.map_or(none, to_f64)))
}

// `depegSweepColumns`' typed arrays are cut in JS from one Float64Array view
// of wasm memory, in a single call: made one by one through wasm-bindgen (a
// `Float64Array::from` and a property store each, 40 calls into JS) they cost
// ~20 µs a call, more than a short sweep's own arithmetic — and the page
// makes ten such calls per input. `values` holds the columns one after
// another, in the order of `SWEEP_COLUMNS`; the flag columns hold 0 and 1.
#[wasm_bindgen(inline_js = r#"
const COLUMNS = ['ratio', 'marketPrice', 'exchangeRate', 'oraclePrice', 'healthFactor', 'equity', 'equityAtMarket',
  'liquidatable', 'maxDebtToCover', 'debtRepaid', 'collateralSeized', 'bonusUnits', 'protocolFeeUnits',
  'liquidatorReceives', 'collateralLeft', 'debtLeft', 'badDebt', 'healthFactorAfter', 'hasHealthFactorAfter'];
const FLAGS = new Set(['liquidatable', 'hasHealthFactorAfter']);
export function sweepColumns(values, hasHealthFactor, liquidationRatio) {
  const n = values.length / COLUMNS.length;
  const out = {};
  COLUMNS.forEach((name, i) => {
    const column = values.subarray(i * n, (i + 1) * n);
    out[name] = FLAGS.has(name) ? Uint8Array.from(column) : column.slice();
  });
  if (!hasHealthFactor) out.healthFactor = null;
  out.liquidationRatio = liquidationRatio - liquidationRatio === 0 ? liquidationRatio : null;
  return out;
}
"#)]
extern "C" {
    /// The `DepegSweepColumns` object of the columns in `values` (see [`depeg_sweep_columns`]).
    #[wasm_bindgen(js_name = sweepColumns)]
    fn sweep_columns(values: &[f64], has_health_factor: bool, liquidation_ratio: f64) -> JsValue;
}

/// The points of `depegSweep` as typed-array columns, for charts and big sweeps.
// The columns of `depeg::depeg_sweep_columns` one after another, in the order
// of `sweepColumns`' COLUMNS (a missing health factor column as zeros, set to
// null in JS), read through a view of wasm memory (not copied) before
// anything else runs in wasm.
#[wasm_bindgen(js_name = depegSweepColumns, unchecked_return_type = "DepegSweepColumns")]
pub fn depeg_sweep_columns(
    #[wasm_bindgen(unchecked_param_type = "DepegSweepInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let c = run(input, depeg::depeg_sweep_columns)?;
    let n = c.ratio.len();
    let flags = |values: &[u8]| values.iter().map(|&v| f64::from(v)).collect::<Vec<_>>();
    let no_health_factor = vec![0.0; n];
    let columns: [&[f64]; 19] = [
        &c.ratio,
        &c.market_price,
        &c.exchange_rate,
        &c.oracle_price,
        c.health_factor.as_deref().unwrap_or(&no_health_factor),
        &c.equity,
        &c.equity_at_market,
        &flags(&c.liquidatable),
        &c.max_debt_to_cover,
        &c.debt_repaid,
        &c.collateral_seized,
        &c.bonus_units,
        &c.protocol_fee_units,
        &c.liquidator_receives,
        &c.collateral_left,
        &c.debt_left,
        &c.bad_debt,
        &c.health_factor_after,
        &flags(&c.has_health_factor_after),
    ];
    let values = columns.concat();
    Ok(sweep_columns(&values, c.health_factor.is_some(), c.liquidation_ratio.map_or(f64::NAN, to_f64)))
}

/// Liquidations feeding on themselves through an AMM, round by round.
#[wasm_bindgen(js_name = cascade, unchecked_return_type = "Cascade")]
pub fn cascade(#[wasm_bindgen(unchecked_param_type = "CascadeInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, depeg::cascade)
}

/// Sell now at the market price, or wait in the withdrawal queue?
#[wasm_bindgen(js_name = exitPlan, unchecked_return_type = "ExitPlan")]
pub fn exit_plan(#[wasm_bindgen(unchecked_param_type = "ExitPlanInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, depeg::exit_plan)
}
