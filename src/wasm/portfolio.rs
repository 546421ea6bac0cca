//! Exports of the portfolio panel: `portfolioRisk` (and `rebalanceCost`).

use super::call;
use crate::portfolio;
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
