//! Exports of the de-peg and liquidation engine.

use super::call;
use crate::{amm, depeg, liquidation};
use wasm_bindgen::prelude::*;

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

/// HF, equity and the liquidation outcome of a loop as its collateral de-pegs.
#[wasm_bindgen(js_name = depegSweep, unchecked_return_type = "DepegSweep")]
pub fn depeg_sweep(
    #[wasm_bindgen(unchecked_param_type = "DepegSweepInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, depeg::depeg_sweep)
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
