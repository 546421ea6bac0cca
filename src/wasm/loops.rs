//! Exports of the loop calculator.

use super::call;
use crate::leverage;
use wasm_bindgen::prelude::*;

/// A leveraged loop of an LRT in a lending market: leverage, health factor,
/// liquidation price, APR split and the loop-by-loop table.
#[wasm_bindgen(js_name = loopPosition, unchecked_return_type = "LoopPosition")]
pub fn loop_position(#[wasm_bindgen(unchecked_param_type = "LoopInput")] input: JsValue) -> Result<JsValue, JsValue> {
    call(input, leverage::loop_position)
}

/// Lending markets, LRTs, ready-made scenarios and reference de-peg events.
///
/// `presets::presets()` as a JSON text, parsed by JS: building and
/// serializing the presets at run time would add 3 KB to the gzipped `.wasm`.
/// `tests/static_presets.rs` keeps the text up to date.
#[wasm_bindgen(js_name = presets, unchecked_return_type = "Presets")]
pub fn presets() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(include_str!("static/presets.json"))
}
