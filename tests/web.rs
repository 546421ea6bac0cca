//! The bindings under WebAssembly, in Node (`wasm-pack test --node`) and in
//! headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`):
//! JS values in, JS values out, and bad input thrown as an `Error` whose
//! message starts with the field path and whose `field` property holds it.
#![cfg(target_arch = "wasm32")]

use js_sys::{Error, Reflect, JSON};
use restake_calc::wasm::loops::{loop_position, presets};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const EMODE: &str = r#"{
  "equity": 1, "loops": 2,
  "collateral": { "exchangeRate": 1, "sustainableApr": 0.03 },
  "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95,
              "liquidationBonus": 0.01, "borrowApr": 0.025, "oracle": "exchangeRate" }
}"#;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |at, key| Reflect::get(&at, &key.into()).expect("object"))
}

fn set(v: &JsValue, path: &str, value: JsValue) {
    let (parent, key) = path.rsplit_once('.').map_or((v.clone(), path), |(p, k)| (get(v, p), k));
    Reflect::set(&parent, &key.into(), &value).expect("object");
}

/// The thrown value of a failing call: an `Error` with message and field.
fn thrown(input: JsValue) -> (String, String) {
    let error = loop_position(input).expect_err("the call must throw");
    let error: Error = error.dyn_into().expect("an Error instance");
    let field = get(&error, "field").as_string().expect("a field property");
    (String::from(error.message()), field)
}

#[wasm_bindgen_test]
fn loop_position_returns_plain_numbers() {
    let out = loop_position(js(EMODE)).unwrap();
    assert_eq!(get(&out, "leverage").as_f64(), Some(2.7949));
    assert_eq!(get(&out, "steps").dyn_into::<js_sys::Array>().unwrap().length(), 3);
    assert!(get(&out, "healthFactor").as_f64().unwrap() > 1.0);
}

#[wasm_bindgen_test]
fn decimal_strings_give_the_same_result_as_numbers() {
    let strings = js(EMODE);
    set(&strings, "equity", "1".into());
    set(&strings, "market.maxLtv", "0.93".into());
    set(&strings, "collateral.exchangeRate", "1.0".into());
    let a = JSON::stringify(&loop_position(js(EMODE)).unwrap()).unwrap();
    let b = JSON::stringify(&loop_position(strings).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[wasm_bindgen_test]
fn a_value_that_does_not_exist_is_null_not_undefined() {
    let input = js(EMODE);
    set(&input, "loops", 0.into());
    let out = loop_position(input).unwrap();
    assert!(get(&out, "healthFactor").is_null());
    assert!(get(&out, "liquidationPrice").is_null());
    assert!(get(&out, "daysToLiquidation").is_null());
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_naming_the_field() {
    let cases: Vec<(&str, JsValue, &str)> = vec![
        ("equity", JsValue::from_f64(f64::NAN), "equity: expected a number or a decimal string, got NaN"),
        ("equity", JsValue::from_f64(f64::INFINITY), "equity: expected a finite number, got Infinity"),
        ("equity", JsValue::from_f64(-1.0), "equity: must be > 0"),
        ("equity", JsValue::from_bool(true), "equity: wrong type: boolean `true`"),
        (
            "market.liquidationThreshold",
            "abc".into(),
            "market.liquidationThreshold: expected a number or a decimal string, got the string \"abc\"",
        ),
        ("market.maxLtv", JsValue::from_f64(0.99), "market.maxLtv: must not exceed liquidationThreshold"),
        ("market.protocol", "compound".into(), "market.protocol: unknown variant `compound`"),
        ("loops", JsValue::from_f64(1e9), "loops: must be a whole number from 0 to 100"),
    ];
    for (path, value, expected) in cases {
        let input = js(EMODE);
        set(&input, path, value);
        let (message, field) = thrown(input);
        assert!(message.starts_with(expected), "{path}: {message}");
        assert_eq!(field, path);
    }
}

#[wasm_bindgen_test]
fn missing_and_malformed_inputs_throw_too() {
    let (message, field) = thrown(js(r#"{ "collateral": { "exchangeRate": 1 } }"#));
    assert_eq!((message.as_str(), field.as_str()), ("equity: is required", "equity"));
    let (message, field) = thrown(JsValue::UNDEFINED);
    assert!(message.starts_with("input: "), "{message}");
    assert_eq!(field, "input");
    let input = js(EMODE);
    Reflect::delete_property(&get(&input, "market").into(), &"liquidationThreshold".into()).unwrap();
    assert_eq!(thrown(input).0, "market.liquidationThreshold: is required");
}

#[wasm_bindgen_test]
fn presets_come_from_the_module() {
    let p = presets().unwrap();
    let markets: js_sys::Array = get(&p, "markets").dyn_into().unwrap();
    assert!(markets.length() >= 9);
    let first = markets.get(0);
    assert_eq!(get(&first, "maxLtv").as_f64(), Some(0.93));
    assert_eq!(get(&first, "protocol").as_string().as_deref(), Some("aaveV3"));
}
