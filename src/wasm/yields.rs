//! Exports of the yield and risk panels.

use super::call;
use crate::{risk, yields};
use wasm_bindgen::prelude::*;

/// Sustainable and incentive yield after fees, month by month over the
/// horizon, with exact time averages.
#[wasm_bindgen(js_name = yieldProjection, unchecked_return_type = "YieldProjection")]
pub fn yield_projection(
    #[wasm_bindgen(unchecked_param_type = "YieldProjectionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, yields::yield_projection)
}

/// The APR a points programme implies if it converts into an airdrop.
#[wasm_bindgen(js_name = pointsValue, unchecked_return_type = "PointsValue")]
pub fn points_value(
    #[wasm_bindgen(unchecked_param_type = "PointsValueInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, yields::points_value)
}

/// Failure probability, expected loss and risk-adjusted APR of a stack of
/// independent risk layers, against plain staking.
#[wasm_bindgen(js_name = riskStack, unchecked_return_type = "RiskStack")]
pub fn risk_stack(#[wasm_bindgen(unchecked_param_type = "RiskStackInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, risk::risk_stack)
}

/// A staker's loss from an Ethereum (Electra) slashing and/or an EigenLayer
/// AVS slash.
#[wasm_bindgen(js_name = slashingLoss, unchecked_return_type = "SlashingLoss")]
pub fn slashing_loss(
    #[wasm_bindgen(unchecked_param_type = "SlashingLossInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, risk::slashing_loss)
}

/// HHI, effective number of protocols and the largest one's share.
#[wasm_bindgen(js_name = concentration, unchecked_return_type = "Concentration")]
pub fn concentration(
    #[wasm_bindgen(unchecked_param_type = "ConcentrationInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, risk::concentration)
}
