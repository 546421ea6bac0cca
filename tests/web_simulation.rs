//! The liquidation-probability bindings under WebAssembly, in Node and in
//! headless Chromium: the same numbers as the native build (the pin of
//! `tests/simulation.rs`), a chunked `LiquidationSimulation` equal to one
//! `liquidationProbability` call, the presets, and bad input thrown as an
//! `Error` whose message starts with the field path and whose `field` holds it.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Error, Reflect, JSON};
use restake_calc::wasm::simulation::{discount_presets, liquidation_probability, LiquidationSimulation};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// The input of `an_unchanged_pin_of_one_run` in tests/simulation.rs: a Morpho
/// 86 % market with a market-price oracle at leverage 5, the ezETH de-peg
/// preset, slashing, 1,000 paths, seed 2024.
const PINNED: &str = r#"{
  "equity": 1, "targetLeverage": 5,
  "collateral": { "exchangeRate": 1, "sustainableApr": 0.03 },
  "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.86, "borrowApr": 0.03, "oracle": "market" },
  "slashing": { "eventsPerYear": 0.1, "severity": 0.2 },
  "horizonDays": 365, "paths": 1000, "seed": 2024
}"#;
const PIN_LIQUIDATED: f64 = 445.0;
const PIN_EQUITY_P50: f64 = 1.0083167105220388;
const PIN_MIN_HF_P5: f64 = 0.6470659621260717;

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

fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path).as_f64().unwrap_or_else(|| panic!("{path} is a number"))
}

fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).expect("serialisable").into()
}

/// The preset `id` of `discountPresets()`.
fn preset(id: &str) -> JsValue {
    let presets: Array = discount_presets().unwrap().dyn_into().unwrap();
    presets.iter().find(|p| get(p, "id").as_string().as_deref() == Some(id)).expect("the preset exists")
}

/// The pinned input, with the ezETH discount process from the module's presets.
fn pinned() -> JsValue {
    let input = js(PINNED);
    set(&input, "marketDiscount", get(&preset("ezeth-2024-04"), "marketDiscount"));
    input
}

/// Message and field of a thrown value, which must be an `Error`.
fn message_and_field(error: JsValue) -> (String, String) {
    let field = get(&error, "field").as_string().expect("a field property");
    let error: Error = error.dyn_into().expect("an Error instance");
    (String::from(error.message()), field)
}

#[wasm_bindgen_test]
fn the_same_numbers_as_the_native_build() {
    let r = liquidation_probability(pinned()).unwrap();
    assert_eq!(num(&r, "liquidatedPaths"), PIN_LIQUIDATED);
    assert_eq!(num(&r, "paths"), 1000.0);
    assert!((num(&r, "equityAtHorizon.p50") - PIN_EQUITY_P50).abs() < 1e-12);
    assert!((num(&r, "minHealthFactor.p5") - PIN_MIN_HF_P5).abs() < 1e-12);
    assert_eq!(num(&r, "probability"), 0.445);
    let low = num(&r, "interval95.low");
    let high = num(&r, "interval95.high");
    assert!(low < 0.445 && 0.445 < high, "{low} < p < {high}");
    // Histograms: bins with edges, and every path counted once.
    let counts: Array = get(&r, "minHealthFactorHistogram.counts").dyn_into().unwrap();
    let edges: Array = get(&r, "minHealthFactorHistogram.edges").dyn_into().unwrap();
    assert_eq!(edges.length(), counts.length() + 1);
    let total: f64 =
        counts.iter().map(|c| c.as_f64().unwrap()).sum::<f64>() + num(&r, "minHealthFactorHistogram.below");
    assert_eq!(total, 1000.0);
    let days: Array = get(&r, "firstLiquidationDayHistogram.counts").dyn_into().unwrap();
    assert_eq!(days.iter().map(|c| c.as_f64().unwrap()).sum::<f64>(), PIN_LIQUIDATED);
}

#[wasm_bindgen_test]
fn the_same_seed_gives_the_same_numbers_and_another_seed_others() {
    let a = stringify(&liquidation_probability(pinned()).unwrap());
    assert_eq!(a, stringify(&liquidation_probability(pinned()).unwrap()));
    let other = pinned();
    set(&other, "seed", "2025".into()); // a decimal string is a seed too
    assert_ne!(a, stringify(&liquidation_probability(other).unwrap()));
}

#[wasm_bindgen_test]
fn a_chunked_run_equals_the_one_shot_call() {
    let whole = liquidation_probability(pinned()).unwrap();
    let mut sim = LiquidationSimulation::new(pinned()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((sim.paths_done(), sim.paths_total()), (0, 1000));
    assert_eq!(num(&sim.result().unwrap(), "probability"), 0.0);
    assert_eq!(sim.run(7), 7);
    assert_eq!(sim.run(300), 307);
    let progress = sim.progress().unwrap();
    let partial = sim.result().unwrap();
    assert_eq!(num(&progress, "paths"), 307.0);
    assert_eq!(num(&progress, "pathsTotal"), 1000.0);
    for field in ["liquidatedPaths", "probability", "standardError", "interval95.low", "interval95.high"] {
        assert_eq!(num(&progress, field), num(&partial, field), "{field}");
    }
    assert_eq!(sim.run(u32::MAX), 1000);
    assert_eq!(sim.run(10), 1000, "never past the total");
    assert_eq!(sim.paths_done(), 1000);
    assert_eq!(stringify(&sim.result().unwrap()), stringify(&whole));
}

#[wasm_bindgen_test]
fn discount_presets_are_valid_inputs() {
    let presets: Array = discount_presets().unwrap().dyn_into().unwrap();
    let ids: Vec<String> = presets.iter().map(|p| get(&p, "id").as_string().unwrap()).collect();
    assert_eq!(ids, ["ezeth-2024-04", "steth-2022-06", "weeth-2024-08"]);
    for p in presets.iter() {
        assert!(!get(&p, "calibration").as_string().unwrap().is_empty());
        let input = js(PINNED);
        set(&input, "marketDiscount", get(&p, "marketDiscount"));
        set(&input, "paths", 50.into());
        let r = liquidation_probability(input).unwrap();
        assert_eq!(num(&r, "paths"), 50.0);
    }
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_naming_the_field() {
    let cases: Vec<(&str, JsValue, &str)> = vec![
        ("horizonDays", 0.into(), "horizonDays: must be a whole number from 1 to 3650, got 0"),
        ("paths", "2.5".into(), "paths: must be a whole number"),
        ("paths", 1_000_000.into(), "paths: paths × horizonDays × stepsPerDay must be at most 1000000000"),
        ("seed", (-1).into(), "seed: must be a whole number from 0 to 9007199254740991, got -1"),
        ("stepsPerDay", 0.into(), "stepsPerDay: must be a whole number from 1 to 1440"),
        ("marketDiscount.volatility", "x".into(), "marketDiscount.volatility: expected a number or a decimal string"),
        ("marketDiscount.meanReversionPerYear", (-1).into(), "marketDiscount.meanReversionPerYear: must be >= 0"),
        ("slashing.severity", 2.into(), "slashing.severity: "),
        ("slashing.eventsPerYear", JsValue::from_f64(f64::NAN), "slashing.eventsPerYear: expected a number"),
        ("market.liquidationThreshold", "abc".into(), "market.liquidationThreshold: expected a number"),
    ];
    for (path, value, expected) in cases {
        let input = pinned();
        if path == "paths" && value.as_f64() == Some(1_000_000.0) {
            set(&input, "horizonDays", 3650.into());
        }
        set(&input, path, value.clone());
        // The function and the class's constructor throw the same Error.
        let (message, field) = message_and_field(liquidation_probability(input.clone()).unwrap_err());
        assert!(message.starts_with(expected), "{path}: {message}");
        assert_eq!(field, path);
        let thrown = match LiquidationSimulation::new(input) {
            Ok(_) => panic!("{path}: the constructor must throw"),
            Err(e) => message_and_field(e),
        };
        assert_eq!(thrown, (message, field));
    }
    let (message, field) = message_and_field(liquidation_probability(JsValue::UNDEFINED).unwrap_err());
    assert!(message.starts_with("input: "), "{message}");
    assert_eq!(field, "input");
    let input = pinned();
    Reflect::delete_property(&input.clone().into(), &"horizonDays".into()).unwrap();
    assert_eq!(
        message_and_field(liquidation_probability(input).unwrap_err()),
        ("horizonDays: is required".into(), "horizonDays".into())
    );
}
