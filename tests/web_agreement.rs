//! Native and wasm agree: every golden vector of `tests/vectors/agreement.json`
//! goes through the JS exports inside wasm (in Node with `wasm-pack test
//! --node`, in headless Chromium with `WASM_BINDGEN_USE_BROWSER=1 wasm-pack
//! test --headless --chrome`), and each output must equal the native output
//! recorded in `tests/vectors/agreement.out.json` (kept current by
//! `tests/agreement.rs`) bit for bit, errors with the same field and message.
//!
//! Every number is compared by its bits: the Decimal results (converted to
//! `f64` by the same code on both sides) and the `f64` results (the pure-Rust
//! `libm` and IEEE-754 arithmetic, which wasm performs exactly as x86-64
//! does) alike.
#![cfg(target_arch = "wasm32")]

#[path = "vectors/compare.rs"]
mod compare;

use js_sys::{Array, ArrayBuffer, Error, Float64Array, Object, Reflect, Uint8Array, JSON};
use restake_calc::api::SIMULATION_CHUNKS;
use restake_calc::tree::Value;
use restake_calc::wasm::{depeg, loops, options, portfolio, simulation, yields};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

const VECTORS: &str = include_str!("vectors/agreement.json");
const RECORD: &str = include_str!("vectors/agreement.out.json");

/// The wasm export called `name` in JS, on a JS input. (`tests/agreement.rs`
/// requires a vector for every entry point, so a new one fails here until
/// its line is added.)
fn call(name: &str, input: JsValue) -> Result<JsValue, JsValue> {
    match name {
        "loopPosition" => loops::loop_position(input),
        "presets" => loops::presets(),
        "liquidate" => depeg::liquidate(input),
        "swapQuote" => depeg::swap_quote(input),
        "depegSweep" => depeg::depeg_sweep(input),
        "depegSweepColumns" => depeg::depeg_sweep_columns(input),
        "cascade" => depeg::cascade(input),
        "exitPlan" => depeg::exit_plan(input),
        "yieldProjection" => yields::yield_projection(input),
        "pointsValue" => yields::points_value(input),
        "riskStack" => yields::risk_stack(input),
        "slashingLoss" => yields::slashing_loss(input),
        "concentration" => yields::concentration(input),
        "optionPrice" => options::option_price(input),
        "impliedVol" => options::implied_vol(input),
        "optionGreeksBatch" => options::option_greeks_batch(typed_columns(&input)),
        "perpLiquidationPrice" => options::perp_liquidation_price(input),
        "fundingPayment" => options::funding_payment(input),
        "tailRisk" => options::tail_risk(input),
        "portfolioRisk" => portfolio::portfolio_risk(input),
        "rebalanceCost" => portfolio::rebalance_cost(input),
        "liquidationProbability" => simulation::liquidation_probability(input),
        "discountPresets" => simulation::discount_presets(),
        "LiquidationSimulation" => chunked_simulation(input),
        other => panic!("no wasm call for {other}: add one line to `call` in tests/web_agreement.rs"),
    }
}

/// The JSON columns of `optionGreeksBatch` as the typed arrays its export takes.
fn typed_columns(input: &JsValue) -> JsValue {
    let columns = Object::new();
    for entry in Object::entries(input.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let (key, value) = (entry.get(0), entry.get(1));
        let typed: JsValue = match key.as_string().as_deref() {
            Some("kind") => Uint8Array::new(&value).into(),
            _ if Array::is_array(&value) => Float64Array::new(&value).into(),
            _ => value,
        };
        Reflect::set(&columns, &key, &typed).unwrap();
    }
    columns.into()
}

/// `LiquidationSimulation` run as `restake_calc::api::liquidation_simulation`
/// runs it: in `SIMULATION_CHUNKS` chunks, a progress report after each.
fn chunked_simulation(input: JsValue) -> Result<JsValue, JsValue> {
    let mut sim = simulation::LiquidationSimulation::new(input)?;
    let chunk = sim.paths_total().div_ceil(SIMULATION_CHUNKS);
    let progress = Array::new();
    while sim.paths_done() < sim.paths_total() {
        sim.run(chunk);
        progress.push(&sim.progress()?);
    }
    let out = Object::new();
    Reflect::set(&out, &"progress".into(), &progress)?;
    Reflect::set(&out, &"result".into(), &sim.result()?)?;
    Ok(out.into())
}

/// A JS output as an input tree: numbers keep their bits (`-0` too, which
/// `JSON.stringify` would print as `0`).
fn tree(v: &JsValue) -> Value {
    if v.is_null() || v.is_undefined() {
        Value::Null
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Value::Number(n)
    } else if let Some(s) = v.as_string() {
        Value::String(s)
    } else if Array::is_array(v) || ArrayBuffer::is_view(v) {
        Value::Array(Array::from(v).iter().map(|item| tree(&item)).collect())
    } else {
        let entries = Object::entries(v.unchecked_ref());
        Value::Object(
            entries
                .iter()
                .map(|e| {
                    let e: Array = e.unchecked_into();
                    (e.get(0).as_string().unwrap(), tree(&e.get(1)))
                })
                .collect(),
        )
    }
}

/// The outcome of one vector in wasm, in the shape of the record.
fn outcome(name: &str, input: &serde_json::Value) -> Value {
    let js_input = JSON::parse(&input.to_string()).unwrap();
    let mut fields = vec![("function".to_string(), Value::String(name.to_string()))];
    match call(name, js_input) {
        Ok(output) => fields.push(("output".into(), tree(&output))),
        Err(thrown) => {
            let error: Error = thrown.dyn_into().expect("an Error instance");
            let field = Reflect::get(&error, &"field".into()).unwrap().as_string().expect("a field property");
            let message = String::from(error.message());
            fields.push((
                "error".into(),
                Value::Object(vec![("field".into(), Value::String(field)), ("message".into(), Value::String(message))]),
            ));
        }
    }
    Value::Object(fields)
}

#[wasm_bindgen_test]
fn every_vector_gives_the_native_output_bit_for_bit() {
    let vectors: Vec<serde_json::Value> = serde_json::from_str(VECTORS).unwrap();
    let Value::Array(record) = serde_json::from_str::<Value>(RECORD).unwrap() else { panic!("the record is a list") };
    assert_eq!(
        record.len(),
        vectors.len(),
        "tests/vectors/agreement.out.json is stale: run cargo test --test agreement"
    );
    let (mut numbers, mut failures) = (0usize, Vec::new());
    for (i, (vector, native)) in vectors.iter().zip(&record).enumerate() {
        let name = vector["function"].as_str().unwrap();
        let wasm = outcome(name, &vector["input"]);
        numbers += count_numbers(&wasm);
        let differences = compare::differences(native, &wasm);
        if !differences.is_empty() {
            failures.push(format!("vector {i} ({name}): {differences:#?}"));
        }
    }
    console_log!("{} vectors, {numbers} numbers, {} vectors differ", vectors.len(), failures.len());
    assert!(failures.is_empty(), "wasm differs from native:\n{}", failures.join("\n"));
}

fn count_numbers(v: &Value) -> usize {
    match v {
        Value::Number(_) => 1,
        Value::Array(items) => items.iter().map(count_numbers).sum(),
        Value::Object(entries) => entries.iter().map(|(_, v)| count_numbers(v)).sum(),
        _ => 0,
    }
}
