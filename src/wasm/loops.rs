//! Exports of the loop calculator.

use super::{call, to_js};
use crate::{leverage, presets};
use wasm_bindgen::prelude::*;

/// A leveraged loop of an LRT in a lending market: leverage, health factor,
/// liquidation price, APR split and the loop-by-loop table.
#[wasm_bindgen(js_name = loopPosition, unchecked_return_type = "LoopPosition")]
pub fn loop_position(#[wasm_bindgen(unchecked_param_type = "LoopInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, leverage::loop_position)
}

/// Lending markets, LRTs, ready-made scenarios and reference de-peg events.
#[wasm_bindgen(js_name = presets, unchecked_return_type = "Presets")]
pub fn presets() -> Result<JsValue, JsValue> {
    to_js(&presets::presets())
}
