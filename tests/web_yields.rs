//! The yield and risk bindings under WebAssembly, in Node (`wasm-pack test
//! --node`) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack
//! test --headless --chrome`): `yieldProjection`, `pointsValue`,
//! `riskStack`, `slashingLoss` and `concentration` take JS values (numbers
//! or decimal strings), return plain JS numbers with `null` where a value
//! does not exist, and throw an `Error` whose message starts with the field
//! path and whose `field` property holds it. The page's presets for these
//! panels come out of the module as valid inputs.
//!
//! Tolerance: the vectors are exact decimals delivered as JS numbers, so
//! compared with `==` on the nearest `f64`; the half-life curve (f64 maths)
//! to 1e-12.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Error, Reflect, JSON};
use restake_calc::wasm::loops::presets;
use restake_calc::wasm::yields::{concentration, points_value, risk_stack, slashing_loss, yield_projection};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const PROJECTION: &str = r#"{
  "components": [
    { "label": "staking", "apr": 0.03, "kind": "sustainable" },
    { "label": "AVS", "apr": 0.01, "kind": "sustainable", "fee": 0.1 },
    { "label": "points", "apr": 0.02, "kind": "incentive", "decay": { "type": "linear", "months": 12 } }
  ],
  "protocolFee": 0.1,
  "horizonMonths": 24
}"#;

const STACK: &str = r#"{
  "apr": 0.08, "baseApr": 0.03,
  "layers": [
    { "label": "Ethereum", "annualProbability": 0.005, "lossGivenEvent": 1 },
    { "label": "EigenLayer", "annualProbability": 0.01, "lossGivenEvent": 1 },
    { "label": "LRT", "annualProbability": 0.005, "lossGivenEvent": 1 }
  ],
  "baseLayers": [ { "label": "Ethereum", "annualProbability": 0.005, "lossGivenEvent": 1 } ]
}"#;

const SLASHING: &str = r#"{
  "ethereum": { "balance": 32, "slashedInWindow": 32, "totalStaked": 34000000 },
  "eigenLayer": { "stake": 200, "allocatedMagnitude": 2000, "totalMagnitude": 10000, "slashedFraction": 0.5 }
}"#;

const SHARES: &str = r#"{ "shares": [
  { "label": "EigenLayer", "share": 0.5 }, { "label": "Symbiotic", "share": 0.3 }, { "label": "Karak", "share": 0.2 }
] }"#;

const POINTS: &str = r#"{
  "myPoints": 1000, "totalPoints": 1000000, "airdropShareOfSupply": 0.1,
  "tokenFdv": 1000000000, "capital": 100000, "years": 0.5
}"#;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

/// `v.a.b` or `v.list.3.c` (array indices as keys).
fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |at, key| Reflect::get(&at, &key.into()).expect("object"))
}

fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path).as_f64().unwrap_or_else(|| panic!("{path} is a number"))
}

fn set(v: &JsValue, path: &str, value: JsValue) {
    let (parent, key) = path.rsplit_once('.').map_or((v.clone(), path), |(p, k)| (get(v, p), k));
    Reflect::set(&parent, &key.into(), &value).expect("object");
}

fn len(v: &JsValue, path: &str) -> u32 {
    get(v, path).dyn_into::<Array>().expect("an array").length()
}

type Export = fn(JsValue) -> Result<JsValue, JsValue>;

/// The thrown value of a failing call: an `Error` with message and field.
fn thrown(call: Export, input: JsValue) -> (String, String) {
    let error = call(input).expect_err("the call must throw");
    let error: Error = error.dyn_into().expect("an Error instance");
    let field = get(&error, "field").as_string().expect("a field property");
    (String::from(error.message()), field)
}

/// Sets `path` of a copy of `base` to `value`, calls, and checks the thrown
/// message's start and that its `field` is the path.
fn expect_error(call: Export, base: &str, path: &str, value: JsValue, expected: &str) {
    let input = js(base);
    set(&input, path, value);
    let (message, got) = thrown(call, input);
    assert!(message.starts_with(expected), "{path}: {message}");
    assert_eq!(got, api_path(path), "{message}");
}

/// The API's spelling of a test path: "components.2.apr" -> "components[2].apr".
fn api_path(path: &str) -> String {
    path.split('.').fold(String::new(), |out, key| match (out.is_empty(), key.parse::<u32>()) {
        (_, Ok(i)) => format!("{out}[{i}]"),
        (true, Err(_)) => key.to_string(),
        (false, Err(_)) => format!("{out}.{key}"),
    })
}

// ----------------------------------------------------------- yieldProjection

#[wasm_bindgen_test]
fn yield_projection_returns_plain_numbers() {
    let out = yield_projection(js(PROJECTION)).unwrap();
    // Net now: 0.03 × 0.9 + 0.01 × 0.9 × 0.9 = 0.0351 sustainable; 0.02 × 0.9 = 0.018 incentive.
    assert_eq!(num(&out, "now.gross"), 0.06);
    assert_eq!(num(&out, "now.sustainable"), 0.0351);
    assert_eq!(num(&out, "now.incentive"), 0.018);
    assert_eq!(num(&out, "now.net"), 0.0531);
    assert_eq!(len(&out, "schedule"), 25);
    assert_eq!(num(&out, "schedule.6.incentive"), 0.009);
    assert_eq!(num(&out, "schedule.12.incentive"), 0.0);
    assert_eq!(num(&out, "schedule.24.month"), 24.0);
    // Linear to 0 over 12 of 24 months: the average is a quarter of the start.
    assert_eq!(num(&out, "average.incentive"), 0.0045);
    assert_eq!(num(&out, "average.total"), 0.0396);
    assert_eq!(len(&out, "components"), 3);
    assert_eq!(get(&out, "components.2.kind").as_string().as_deref(), Some("incentive"));
    assert_eq!(num(&out, "components.2.average"), 0.0045);
}

#[wasm_bindgen_test]
fn half_life_is_computed_in_wasm_too() {
    let input = js(PROJECTION);
    set(&input, "components.2.decay", js(r#"{ "type": "halfLife", "months": 6 }"#));
    let out = yield_projection(input).unwrap();
    assert!((num(&out, "schedule.6.incentive") - 0.009).abs() < 1e-12);
    assert!((num(&out, "schedule.12.incentive") - 0.0045).abs() < 1e-12);
}

#[wasm_bindgen_test]
fn decimal_strings_give_the_same_projection() {
    let strings = js(PROJECTION);
    set(&strings, "components.0.apr", "0.03".into());
    set(&strings, "protocolFee", "0.10".into());
    set(&strings, "horizonMonths", "24".into());
    let a = JSON::stringify(&yield_projection(js(PROJECTION)).unwrap()).unwrap();
    let b = JSON::stringify(&yield_projection(strings).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[wasm_bindgen_test]
fn a_share_that_does_not_exist_is_null() {
    let input = js(r#"{ "components": [{ "label": "x", "apr": 0, "kind": "sustainable" }], "horizonMonths": 1 }"#);
    assert!(get(&yield_projection(input).unwrap(), "now.sustainableShare").is_null());
}

#[wasm_bindgen_test]
fn yield_projection_errors_name_their_field() {
    let call: Export = yield_projection;
    let cases: Vec<(&str, JsValue, &str)> = vec![
        ("components.1.kind", "points".into(), "components[1].kind: unknown variant `points`"),
        ("components.2.decay.type", "exponential".into(), "components[2].decay.type: unknown variant `exponential`"),
        ("components.2.decay.months", JsValue::from_f64(-1.0), "components[2].decay.months: must be > 0"),
        ("components.0.apr", "3%".into(), "components[0].apr: expected a number or a decimal string"),
        ("components.1.fee", JsValue::from_f64(1.5), "components[1].fee: must be >= 0 and <= 1, got 1.5"),
        ("protocolFee", JsValue::from_f64(2.0), "protocolFee: must be >= 0 and <= 1"),
        ("horizonMonths", JsValue::from_f64(0.0), "horizonMonths: must be a whole number from 1 to 600, got 0"),
        ("horizonMonths", JsValue::from_f64(f64::NAN), "horizonMonths: expected a number or a decimal string"),
    ];
    for (path, value, expected) in cases {
        expect_error(call, PROJECTION, path, value, expected);
    }
    let (message, field) = thrown(call, js(r#"{ "components": [], "horizonMonths": 12 }"#));
    assert_eq!((message.as_str(), field.as_str()), ("components: must list at least one component", "components"));
    let (message, field) = thrown(call, JsValue::UNDEFINED);
    assert!(message.starts_with("input: "), "{message}");
    assert_eq!(field, "input");
}

// --------------------------------------------------------------- pointsValue

#[wasm_bindgen_test]
fn points_value_implies_an_apr() {
    let out = points_value(js(POINTS)).unwrap();
    assert_eq!(num(&out, "shareOfPoints"), 0.001);
    assert_eq!(num(&out, "value"), 100000.0);
    assert_eq!(num(&out, "apr"), 2.0);
    assert_eq!(num(&out, "assumptions.years"), 0.5);
}

#[wasm_bindgen_test]
fn points_value_errors_name_their_field() {
    let call: Export = points_value;
    expect_error(call, POINTS, "myPoints", JsValue::from_f64(2e6), "myPoints: must be >= 0 and <= 1000000");
    expect_error(call, POINTS, "years", JsValue::from_f64(0.0), "years: must be > 0");
    // null is a field not given.
    expect_error(call, POINTS, "capital", JsValue::NULL, "capital: is required");
}

// ----------------------------------------------------------------- riskStack

#[wasm_bindgen_test]
fn risk_stack_gives_the_vectors_and_the_tranches() {
    let out = risk_stack(js(STACK)).unwrap();
    // vectors.md: 0.5 %, 1.0 %, 0.5 % -> 1.987525 %.
    assert_eq!(num(&out, "anyFailureProbability"), 0.01987525);
    assert_eq!(num(&out, "expectedLoss"), 0.01987525);
    assert_eq!(num(&out, "riskAdjustedApr"), 0.06012475);
    assert_eq!(len(&out, "layers"), 3);
    assert_eq!(num(&out, "layers.1.contribution"), 0.00995);
    assert_eq!(num(&out, "base.expectedLoss"), 0.005);
    assert_eq!(num(&out, "base.riskAdjustedApr"), 0.025);
    assert_eq!(num(&out, "premium.beforeRisk"), 0.05);
    assert_eq!(num(&out, "premium.addedExpectedLoss"), 0.01487525);
}

#[wasm_bindgen_test]
fn risk_stack_nulls_what_does_not_exist() {
    let input = js(STACK);
    Reflect::delete_property(&input.clone().into(), &"baseLayers".into()).unwrap();
    Reflect::delete_property(&input.clone().into(), &"baseApr".into()).unwrap();
    let out = risk_stack(input).unwrap();
    assert!(get(&out, "base").is_null());
    assert!(get(&out, "premium").is_null());
    // The same layers as the base add no loss: no premium per unit of loss.
    let same = js(STACK);
    set(&same, "layers", get(&same, "baseLayers"));
    assert!(get(&risk_stack(same).unwrap(), "premium.perAddedLoss").is_null());
    // PD × LGD, vectors.md: 2 % × 45 % -> 0.90 %.
    let one =
        js(r#"{ "apr": 0.05, "layers": [{ "label": "x", "annualProbability": "0.02", "lossGivenEvent": "0.45" }] }"#);
    assert_eq!(num(&risk_stack(one).unwrap(), "expectedLoss"), 0.009);
}

#[wasm_bindgen_test]
fn risk_stack_errors_name_their_field() {
    let call: Export = risk_stack;
    expect_error(
        call,
        STACK,
        "layers.1.annualProbability",
        JsValue::from_f64(1.5),
        "layers[1].annualProbability: must be >= 0 and <= 1, got 1.5",
    );
    expect_error(
        call,
        STACK,
        "layers.0.lossGivenEvent",
        JsValue::from_f64(-0.1),
        "layers[0].lossGivenEvent: must be >= 0",
    );
    expect_error(call, STACK, "apr", "abc".into(), "apr: expected a number or a decimal string");
    expect_error(call, STACK, "baseApr", JsValue::UNDEFINED, "baseApr: is required when baseLayers is given");
    expect_error(call, STACK, "layers", Array::new().into(), "layers: must list at least one layer");
}

// -------------------------------------------------------------- slashingLoss

#[wasm_bindgen_test]
fn slashing_loss_gives_the_vectors() {
    let out = slashing_loss(js(SLASHING)).unwrap();
    // vectors.md: 200 EIGEN, 50 % slash of a 2000/10000 allocation -> 180 left, 10 % lost.
    assert_eq!(num(&out, "eigenLayer.stakeLeft"), 180.0);
    assert_eq!(num(&out, "eigenLayer.lossFraction"), 0.1);
    // Electra: 32/4096 ETH at once; correlation 3 × 32 / 34M of the balance.
    assert_eq!(num(&out, "ethereum.initialPenalty"), 0.0078125);
    assert!((num(&out, "ethereum.correlationFactor") - 96.0 / 34_000_000.0).abs() < 1e-18);
    let eth_only = js(SLASHING);
    Reflect::delete_property(&eth_only.clone().into(), &"eigenLayer".into()).unwrap();
    assert!(get(&slashing_loss(eth_only).unwrap(), "eigenLayer").is_null());
}

#[wasm_bindgen_test]
fn slashing_loss_errors_name_their_field() {
    let call: Export = slashing_loss;
    let (message, field) = thrown(call, js("{}"));
    assert!(message.starts_with("ethereum: is required"), "{message}");
    assert_eq!(field, "ethereum");
    expect_error(
        call,
        SLASHING,
        "eigenLayer.slashedFraction",
        JsValue::from_f64(1.01),
        "eigenLayer.slashedFraction: must be >= 0 and <= 1, got 1.01",
    );
    expect_error(
        call,
        SLASHING,
        "ethereum.slashedInWindow",
        JsValue::from_f64(31.0),
        "ethereum.slashedInWindow: must include the slashed validator's own balance",
    );
    expect_error(call, SLASHING, "ethereum.balance", JsValue::from_f64(0.0), "ethereum.balance: must be a whole");
}

// ------------------------------------------------------------- concentration

#[wasm_bindgen_test]
fn concentration_gives_hhi_and_the_largest_share() {
    let out = concentration(js(SHARES)).unwrap();
    assert_eq!(num(&out, "hhi"), 0.38);
    assert_eq!(num(&out, "hhiPoints"), 3800.0);
    assert!((num(&out, "effectiveNumber") - 1.0 / 0.38).abs() < 1e-12);
    assert_eq!(get(&out, "largest.label").as_string().as_deref(), Some("EigenLayer"));
    assert_eq!(num(&out, "largest.share"), 0.5);
}

#[wasm_bindgen_test]
fn concentration_errors_name_their_field() {
    let call: Export = concentration;
    expect_error(call, SHARES, "shares.1.share", JsValue::from_f64(1.5), "shares[1].share: must be >= 0 and <= 1");
    expect_error(
        call,
        SHARES,
        "shares.0.amount",
        JsValue::from_f64(5.0),
        "shares[0].amount: give either share or amount, not both",
    );
    expect_error(call, SHARES, "shares", Array::new().into(), "shares: must list at least one protocol");
}

// ------------------------------------------------------------------- presets

#[wasm_bindgen_test]
fn the_yield_and_risk_presets_are_valid_inputs() {
    let p = presets().unwrap();
    let components = get(&p, "yields.components").dyn_into::<Array>().unwrap();
    assert!(components.length() >= 5);
    let consensus = components.get(0);
    assert_eq!(get(&consensus, "id").as_string().as_deref(), Some("eth-consensus"));
    assert_eq!(num(&consensus, "apr"), 0.02852);
    assert!(get(&consensus, "decay.months").is_null());
    // Every component as it comes out of presets() is a valid projection input.
    let input = js(r#"{ "horizonMonths": 24, "protocolFee": 0.1 }"#);
    let list = Array::new();
    for c in components.iter() {
        let decay = get(&c, "decay");
        if get(&decay, "months").is_null() {
            Reflect::delete_property(&decay.clone().into(), &"months".into()).unwrap();
        }
        list.push(&c);
    }
    set(&input, "components", list.into());
    assert!(num(&yield_projection(input).unwrap(), "now.net") > 0.0);
    // And every risk layer a valid stack layer.
    let layers = get(&p, "risk.layers");
    let stack = js(r#"{ "apr": 0.05 }"#);
    set(&stack, "layers", layers);
    assert!(num(&risk_stack(stack).unwrap(), "expectedLoss") > 0.0);
}
