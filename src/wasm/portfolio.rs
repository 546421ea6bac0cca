//! Exports of the portfolio panel: `portfolioRisk` (and `rebalanceCost`).

use super::call;
use crate::{portfolio, rebalance};
use wasm_bindgen::prelude::*;

/// Greeks, a P&L grid over spot × volatility, payoff curves, liquidation
/// points, a delta hedge, crash protection and VaR/ES of a book of ETH spot,
/// perpetuals, options and leveraged loops.
#[wasm_bindgen(js_name = portfolioRisk, unchecked_return_type = "PortfolioRisk")]
pub fn portfolio_risk(
    #[wasm_bindgen(unchecked_param_type = "PortfolioInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, portfolio::portfolio_risk)
}

/// Rebalances, swap and gas costs, and the yearly drag on yield of a band
/// rebalancing policy, on a price path or for a volatility.
#[wasm_bindgen(js_name = rebalanceCost, unchecked_return_type = "RebalanceCost")]
pub fn rebalance_cost(
    #[wasm_bindgen(unchecked_param_type = "RebalanceInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, rebalance::rebalance_cost)
}
