//! The JavaScript bindings: the only module that knows about wasm-bindgen.
//!
//! Each export reads its input with [`crate::input::parse`] (numbers or
//! decimal strings; the first bad field becomes an `Error` whose message starts
//! with its path and whose `field` property holds the path), calls the core,
//! and returns plain JS objects (`null` where a value does not exist).
//!
//! One submodule per area of the API; each export is a one-line adapter.

pub mod loops;
pub mod options;
pub mod portfolio;
pub mod yields;

use crate::error::CalcError;
use crate::input;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_NUMBERS: &str = r#"
/** An input number: a finite JS number or a decimal string such as "0.93". Rates and ratios are fractions. */
export type Num = number | string;
/** A decimal computed exactly in Rust and delivered as a plain JS number. */
export type Decimal = number;
/** The Error every function throws on bad input: `message` starts with `field`. */
export interface CalcError extends Error { field: string }
"#;

/// Last resort only: a panic should be unreachable, but if one happens the
/// console shows where instead of "unreachable executed".
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Runs one core function on a JS input.
pub(crate) fn call<I: DeserializeOwned, O: Serialize>(
    input: JsValue,
    compute: impl FnOnce(&I) -> Result<O, CalcError>,
) -> Result<JsValue, JsValue> {
    let parsed: I = input::parse(serde_wasm_bindgen::Deserializer::from(input)).map_err(to_js_error)?;
    to_js(&compute(&parsed).map_err(to_js_error)?)
}

pub(crate) fn to_js<O: Serialize>(output: &O) -> Result<JsValue, JsValue> {
    output
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(CalcError::new("output", e.to_string())))
}

fn to_js_error(e: CalcError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"field".into(), &e.path.into());
    error.into()
}
