//! The JavaScript bindings: the only module that knows about wasm-bindgen.
//!
//! Each export turns its JS input into the input [`tree`](crate::tree), reads
//! its input struct with [`crate::input::read`] (numbers or decimal strings;
//! the first bad field becomes an `Error` whose message starts with its path
//! and whose `field` property holds the path), calls the core, and returns
//! plain JS objects (`null` where a value does not exist).
//!
//! Both conversions are written here once, by hand, rather than through
//! serde-wasm-bindgen: inputs are read from the tree by [`crate::read`], and
//! every output type is compiled against one small serializer ([`out`],
//! which writes JS objects directly), which keeps the `.wasm` small.
//!
//! One submodule per area of the API; each export is a one-line adapter.

pub mod depeg;
pub mod loops;
pub mod options;
mod out;
pub mod portfolio;
pub mod simulation;
pub mod yields;

use crate::error::CalcError;
use crate::input;
use crate::read::FromTree;
use crate::tree::{Value, MAX_DEPTH, MAX_NODES};
use js_sys::{Array, ArrayBuffer, Object, Reflect};
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

/// Runs one core function on a JS input: the input tree of the JS value, the
/// same reading and validation as [`api::run`] (which the native tests and
/// the fuzz targets run), and the output written straight into JS objects.
pub(crate) fn call<I: FromTree, O: Serialize>(
    input: JsValue,
    compute: impl FnOnce(&I) -> Result<O, CalcError>,
) -> Result<JsValue, JsValue> {
    let mut compute = Some(compute);
    call_tree(input, &mut |tree| match compute.take() {
        Some(compute) => written(&compute(&input::read::<I>(tree)?)?),
        None => Ok(JsValue::NULL),
    })
}

/// The part of [`call`] that does not depend on the input and output types,
/// compiled once: the input tree, the errors turned into JS errors. `body`
/// reads, computes and writes (`call` runs it once).
#[inline(never)]
fn call_tree(input: JsValue, body: &mut dyn FnMut(&Value) -> Result<JsValue, CalcError>) -> Result<JsValue, JsValue> {
    let tree = input_tree(&input).map_err(to_js_error)?;
    body(&tree).map_err(to_js_error)
}

/// Reads a JS input and runs one core function on it, for an adapter that
/// builds its JS output itself (typed arrays); errors as in [`call`].
pub(crate) fn run<I: FromTree, O>(
    input: JsValue,
    compute: impl FnOnce(&I) -> Result<O, CalcError>,
) -> Result<O, JsValue> {
    let tree = input_tree(&input).map_err(to_js_error)?;
    let parsed: I = input::read(&tree).map_err(to_js_error)?;
    compute(&parsed).map_err(to_js_error)
}

/// The input tree of a JS value, depth and size bounded.
#[inline(never)]
fn input_tree(input: &JsValue) -> Result<Value, CalcError> {
    let mut budget = MAX_NODES;
    tree_of(input, 0, &mut budget).map_err(|message| CalcError::new("input", message))
}

/// The input tree of a JS value: objects, arrays (typed arrays too), numbers
/// (NaN and ±Infinity kept, so the field gets its own message), strings,
/// booleans; `null` and `undefined` are both "not given". Depth and size are
/// bounded, so a cyclic or huge object is an error, not a crash.
fn tree_of(v: &JsValue, depth: usize, budget: &mut usize) -> Result<Value, String> {
    *budget = budget.checked_sub(1).ok_or_else(|| format!("has more than {MAX_NODES} values"))?;
    if depth > MAX_DEPTH {
        return Err(format!("nested more than {MAX_DEPTH} levels deep"));
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if Array::is_array(v) || ArrayBuffer::is_view(v) {
        let items = Array::from(v);
        return items.iter().map(|item| tree_of(&item, depth + 1, budget)).collect::<Result<_, _>>().map(Value::Array);
    }
    if v.is_object() && !v.is_function() {
        let entries = Object::entries(v.unchecked_ref());
        let mut out = Vec::with_capacity(entries.length() as usize);
        for entry in entries.iter() {
            let entry: Array = entry.unchecked_into();
            out.push((entry.get(0).as_string().unwrap_or_default(), tree_of(&entry.get(1), depth + 1, budget)?));
        }
        return Ok(Value::Object(out));
    }
    Err(format!("expected an object, got a {}", v.js_typeof().as_string().unwrap_or_default()))
}

/// A JS value for an output: plain objects (keys in declaration order),
/// arrays, numbers, strings and `null`. Non-finite numbers, which the core
/// never returns, would become `null` (as in JSON), never NaN (the fuzz
/// targets check natively, through `output::to_json`, that none occurs).
pub(crate) fn to_js<O: Serialize>(output: &O) -> Result<JsValue, JsValue> {
    written(output).map_err(to_js_error)
}

/// [`to_js`] with the error still a [`CalcError`] (at `output`).
#[inline(never)]
fn written<O: Serialize>(output: &O) -> Result<JsValue, CalcError> {
    output.serialize(out::JsWriter).map(out::Written::into_js).map_err(|e| CalcError::new("output", *e.0))
}

pub(crate) fn to_js_error(e: CalcError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"field".into(), &e.path.as_str().into());
    error.into()
}
