//! Exports of options, perpetuals and tail risk.
//!
//! `optionGreeksBatch` is the throughput path: typed arrays in and out, no
//! serde per option. Its adapter only copies the columns (one memcpy each way
//! per column) and calls [`options::option_greeks_batch`].

use super::{call, to_js_error};
use crate::error::CalcError;
use crate::options::{self, OptionColumns, OptionModel};
use crate::{perps, tail};
use js_sys::{Float64Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_OPTION_COLUMNS: &str = r#"
/** Input of `optionGreeksBatch`: one option per row, every column of one length. */
export interface OptionColumns {
    model: OptionModel;
    /** 0 = call, 1 = put. */
    kind: Uint8Array;
    /** Model "bsm". */
    spot?: Float64Array;
    /** Model "black76". */
    forward?: Float64Array;
    strike: Float64Array;
    years: Float64Array;
    rate: Float64Array;
    /** Model "bsm" only; zeros when absent. */
    carry?: Float64Array;
    vol: Float64Array;
    /** Coin-settled: price and greeks in the coin (default false). */
    inverse?: boolean;
}
/** Output of `optionGreeksBatch`: row i is `optionPrice` of input row i, bit for bit. */
export interface OptionGreeksColumns {
    price: Float64Array;
    delta: Float64Array;
    gamma: Float64Array;
    vega: Float64Array;
    theta: Float64Array;
    rho: Float64Array;
}
"#;

/// Price and greeks of a European option (BSM or Black-76, optionally
/// coin-settled).
#[wasm_bindgen(js_name = optionPrice, unchecked_return_type = "OptionGreeks")]
pub fn option_price(#[wasm_bindgen(unchecked_param_type = "OptionInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, options::option_price)
}

/// The volatility that reproduces an option price.
#[wasm_bindgen(js_name = impliedVol, unchecked_return_type = "ImpliedVol")]
pub fn implied_vol(
    #[wasm_bindgen(unchecked_param_type = "ImpliedVolInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, options::implied_vol)
}

/// Price and greeks of many options at once, column by column.
#[wasm_bindgen(js_name = optionGreeksBatch, unchecked_return_type = "OptionGreeksColumns")]
pub fn option_greeks_batch(
    #[wasm_bindgen(unchecked_param_type = "OptionColumns")] columns: JsValue,
) -> Result<JsValue, JsValue> {
    greeks_batch(&columns).map_err(to_js_error)
}

/// Liquidation price of an isolated-margin perpetual position (Binance USDⓈ-M).
#[wasm_bindgen(js_name = perpLiquidationPrice, unchecked_return_type = "PerpLiquidation")]
pub fn perp_liquidation_price(
    #[wasm_bindgen(unchecked_param_type = "PerpLiquidationInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, perps::perp_liquidation_price)
}

/// Funding received (+) or paid (−) by a perpetual position over a holding period.
#[wasm_bindgen(js_name = fundingPayment, unchecked_return_type = "FundingPayment")]
pub fn funding_payment(
    #[wasm_bindgen(unchecked_param_type = "FundingInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, perps::funding_payment)
}

/// Value at risk and expected shortfall of returns.
#[wasm_bindgen(js_name = tailRisk, unchecked_return_type = "TailRisk")]
pub fn tail_risk(#[wasm_bindgen(unchecked_param_type = "TailRiskInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, tail::tail_risk)
}

/// A property of the columns object; `undefined` (and `null`) read as absent.
fn property(columns: &JsValue, field: &str) -> Result<Option<JsValue>, CalcError> {
    let value = Reflect::get(columns, &JsValue::from_str(field))
        .map_err(|_| CalcError::new(field, "could not be read from the input"))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn f64_column(columns: &JsValue, field: &str) -> Result<Option<Vec<f64>>, CalcError> {
    property(columns, field)?
        .map(|v| {
            v.dyn_ref::<Float64Array>()
                .map(Float64Array::to_vec)
                .ok_or_else(|| CalcError::new(field, "must be a Float64Array"))
        })
        .transpose()
}

fn required_f64_column(columns: &JsValue, field: &str) -> Result<Vec<f64>, CalcError> {
    f64_column(columns, field)?.ok_or_else(|| CalcError::new(field, "is required (a Float64Array)"))
}

fn greeks_batch(columns: &JsValue) -> Result<JsValue, CalcError> {
    if !columns.is_object() {
        return Err(CalcError::new("input", "must be an object of typed-array columns"));
    }
    let model = match property(columns, "model")?.map(|v| v.as_string()) {
        Some(Some(m)) if m == "bsm" => OptionModel::Bsm,
        Some(Some(m)) if m == "black76" => OptionModel::Black76,
        Some(Some(m)) => {
            return Err(CalcError::new(
                "model",
                format!("must be \"bsm\" or \"black76\", got {}", crate::read::string_literal(&m)),
            ));
        }
        Some(None) => return Err(CalcError::new("model", "must be the string \"bsm\" or \"black76\"")),
        None => return Err(CalcError::new("model", "is required: \"bsm\" or \"black76\"")),
    };
    let kind = property(columns, "kind")?
        .ok_or_else(|| CalcError::new("kind", "is required (a Uint8Array: 0 = call, 1 = put)"))?
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| CalcError::new("kind", "must be a Uint8Array (0 = call, 1 = put)"))?;
    let inverse = match property(columns, "inverse")? {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| CalcError::new("inverse", "must be true or false"))?,
    };
    let spot = f64_column(columns, "spot")?;
    let forward = f64_column(columns, "forward")?;
    let strike = required_f64_column(columns, "strike")?;
    let years = required_f64_column(columns, "years")?;
    let rate = required_f64_column(columns, "rate")?;
    let carry = f64_column(columns, "carry")?;
    let vol = required_f64_column(columns, "vol")?;
    let out = options::option_greeks_batch(&OptionColumns {
        model,
        kind: &kind,
        spot: spot.as_deref(),
        forward: forward.as_deref(),
        strike: &strike,
        years: &years,
        rate: &rate,
        carry: carry.as_deref(),
        vol: &vol,
        inverse,
    })?;
    let result = Object::new();
    for (field, column) in [
        ("price", &out.price),
        ("delta", &out.delta),
        ("gamma", &out.gamma),
        ("vega", &out.vega),
        ("theta", &out.theta),
        ("rho", &out.rho),
    ] {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&result, &JsValue::from_str(field), &Float64Array::from(column.as_slice()));
    }
    Ok(result.into())
}
