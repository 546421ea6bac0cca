//! The de-peg and liquidation bindings under WebAssembly, in Node and in
//! headless Chromium (see tests/web.rs): `liquidate`, `swapQuote`,
//! `depegSweep`, `depegSweepColumns`, `cascade` and `exitPlan` take plain JS
//! values, return plain JS values (`null` where a value does not exist, typed
//! arrays for the columns), and throw an `Error` whose message starts with the
//! field path and whose `field` property holds it.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Error, Float64Array, Reflect, Uint8Array, JSON};
use restake_calc::wasm::depeg::{cascade, depeg_sweep, depeg_sweep_columns, exit_plan, liquidate, swap_quote};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

type Export = fn(JsValue) -> Result<JsValue, JsValue>;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |at, key| Reflect::get(&at, &key.into()).expect("object"))
}

fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path).as_f64().unwrap_or_else(|| panic!("{path} is not a number"))
}

fn set(v: &JsValue, path: &str, value: JsValue) {
    let (parent, key) = path.rsplit_once('.').map_or((v.clone(), path), |(p, k)| (get(v, p), k));
    Reflect::set(&parent, &key.into(), &value).expect("object");
}

/// `base` with the JSON value `value` at `path`.
fn with(base: &str, path: &str, value: &str) -> JsValue {
    let input = js(base);
    set(&input, path, js(value));
    input
}

/// The thrown value of a failing call: an `Error` with message and field.
fn thrown(f: Export, input: JsValue) -> (String, String) {
    let error: Error = f(input).expect_err("the call must throw").dyn_into().expect("an Error instance");
    let field = get(&error, "field").as_string().expect("a field property");
    (String::from(error.message()), field)
}

fn assert_errors(f: Export, base: &str, cases: &[(&str, &str, &str)]) {
    for &(path, value, expected) in cases {
        let (message, field) = thrown(f, with(base, path, value));
        assert!(message.starts_with(expected), "{path} = {value}: {message}");
        assert_eq!(field, path, "{message}");
    }
}

fn near(got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-9 * (1.0 + want.abs()), "got {got}, want {want}");
}

/// vectors.md, Aave: 100 weETH at 1.05, debt 100, LT 95 %, bonus 1 %.
const AAVE: &str = r#"{ "protocol": "aaveV3", "collateralUnits": 100, "debt": 100, "oraclePrice": 1.05,
  "liquidationThreshold": 0.95, "liquidationBonus": 0.01 }"#;

/// vectors.md: a 6x ezETH loop, LT 0.915, Morpho rules, market-price oracle.
const GEARBOX: &str = r#"{
  "equity": 1, "targetLeverage": 6,
  "collateral": { "exchangeRate": 1 },
  "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.915, "borrowApr": 0, "oracle": "market" },
  "sweep": { "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 101 }
}"#;

const CASCADE: &str = r#"{
  "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.86 },
  "pool": { "kind": "constantProduct", "reserveIn": 1000, "reserveOut": 1000, "fee": 0 },
  "positions": [{ "collateralUnits": 100, "debt": 85 }],
  "shock": { "sellCollateral": 10 }
}"#;

const EXIT: &str = r#"{
  "equity": 10, "loops": 5,
  "collateral": { "exchangeRate": 1.05, "marketPrice": 1.0, "sustainableApr": 0.03 },
  "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95,
              "liquidationBonus": 0.01, "borrowApr": 0.025, "oracle": "exchangeRate" },
  "withdrawalDays": 7, "exitSwapCost": 0.003
}"#;

#[wasm_bindgen_test]
fn liquidate_returns_the_contract_vector() {
    let l = liquidate(js(AAVE)).unwrap();
    assert_eq!(get(&l, "liquidatable").as_bool(), Some(true));
    assert_eq!(num(&l, "healthFactorBefore"), 0.9975);
    assert_eq!(num(&l, "debtRepaid"), 50.0);
    near(num(&l, "collateralSeized"), 50.0 * 1.01 / 1.05);
    near(num(&l, "bonusUnits"), 50.0 * 1.01 / 1.05 - 50.0 / 1.05);
    near(num(&l, "protocolFeeUnits"), 0.1 * num(&l, "bonusUnits"));
    assert_eq!(num(&l, "badDebt"), 0.0);
    // Not liquidatable: nothing moves, and a value that does not exist is null.
    let safe = liquidate(with(AAVE, "debt", "0")).unwrap();
    assert_eq!(get(&safe, "liquidatable").as_bool(), Some(false));
    assert!(get(&safe, "healthFactorBefore").is_null());
    assert!(get(&safe, "healthFactorAfter").is_null());
}

#[wasm_bindgen_test]
fn liquidate_errors_name_their_field() {
    assert_errors(
        liquidate,
        AAVE,
        &[
            ("collateralUnits", "0", "collateralUnits: must be > 0"),
            ("oraclePrice", "\"abc\"", "oraclePrice: expected a number or a decimal string"),
            ("liquidationBonus", "0.1", "liquidationBonus: "),
            ("protocol", "\"compound\"", "protocol: unknown variant `compound`"),
            ("debtToCover", "-1", "debtToCover: must be >= 0"),
        ],
    );
    let (message, field) = thrown(liquidate, with(AAVE, "protocolFee", "1.5"));
    assert_eq!(field, "protocolFee", "{message}");
}

#[wasm_bindgen_test]
fn swap_quote_constant_product_and_errors() {
    // Uniswap v2 getAmountOut: 10 in, 1000 / 1000, fee 0.3 %.
    let input = r#"{ "pool": { "kind": "constantProduct", "reserveIn": 1000, "reserveOut": 1000, "fee": 0.003 },
                     "amountIn": 10 }"#;
    let q = swap_quote(js(input)).unwrap();
    near(num(&q, "amountOut"), 9.97 * 1000.0 / 1009.97);
    assert!(num(&q, "priceImpact") > 0.0);
    assert_errors(
        swap_quote,
        input,
        &[
            ("pool.reserveIn", "0", "pool.reserveIn: must be > 0"),
            ("pool.fee", "1", "pool.fee: "),
            ("amountIn", "\"x\"", "amountIn: expected a number or a decimal string"),
            ("pool.kind", "\"balancer\"", "pool.kind: unknown variant `balancer`"),
        ],
    );
    let (_, field) = thrown(swap_quote, with(input, "pool.kind", "\"stableSwap\""));
    assert_eq!(field, "pool.amplification");
}

#[wasm_bindgen_test]
fn depeg_sweep_points_and_liquidation_ratio() {
    let s = depeg_sweep(js(GEARBOX)).unwrap();
    let points: Array = get(&s, "points").dyn_into().unwrap();
    assert_eq!(points.length(), 101);
    // vectors.md: 5 / (6 × 0.915).
    near(num(&s, "liquidationRatio"), 5.0 / (6.0 * 0.915));
    let first = points.get(0);
    assert_eq!(num(&first, "ratio"), 1.0);
    assert!(get(&first, "liquidation").is_null());
    let last = points.get(100);
    assert_eq!(get(&last, "liquidatable").as_bool(), Some(true));
    assert!(num(&last, "liquidation.debtRepaid") > 0.0);
    // An exchange-rate oracle never liquidates on a market de-peg: null ratio.
    let er = with(GEARBOX, "market.oracle", "\"exchangeRate\"");
    assert!(get(&depeg_sweep(er).unwrap(), "liquidationRatio").is_null());
}

fn column(c: &JsValue, name: &str) -> Vec<f64> {
    get(c, name).dyn_into::<Float64Array>().unwrap_or_else(|_| panic!("{name} is a Float64Array")).to_vec()
}

fn flags(c: &JsValue, name: &str) -> Vec<u8> {
    get(c, name).dyn_into::<Uint8Array>().unwrap_or_else(|_| panic!("{name} is a Uint8Array")).to_vec()
}

/// Every column equals the field of every point of `depegSweep`.
fn assert_columns_equal_points(input: &str) {
    let points: Array = get(&depeg_sweep(js(input)).unwrap(), "points").dyn_into().unwrap();
    let c = depeg_sweep_columns(js(input)).unwrap();
    let n = points.length() as usize;
    let liquidatable = flags(&c, "liquidatable");
    let has_after = flags(&c, "hasHealthFactorAfter");
    assert_eq!((liquidatable.len(), has_after.len()), (n, n));
    for name in ["ratio", "marketPrice", "exchangeRate", "oraclePrice", "equity", "equityAtMarket"] {
        let values = column(&c, name);
        assert_eq!(values.len(), n);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(*v, num(&points.get(i as u32), name), "{name}[{i}]");
        }
    }
    let hf = get(&c, "healthFactor");
    for i in 0..n {
        let p = points.get(i as u32);
        assert_eq!(liquidatable[i] == 1, get(&p, "liquidatable").as_bool().unwrap());
        let point_hf = get(&p, "healthFactor");
        if point_hf.is_null() {
            assert!(hf.is_null(), "healthFactor is null as a whole");
        } else {
            assert_eq!(column(&c, "healthFactor")[i], point_hf.as_f64().unwrap());
        }
        let l = get(&p, "liquidation");
        if l.is_null() {
            assert_eq!(column(&c, "debtRepaid")[i], 0.0);
            continue;
        }
        for name in [
            "maxDebtToCover",
            "debtRepaid",
            "collateralSeized",
            "bonusUnits",
            "protocolFeeUnits",
            "liquidatorReceives",
            "collateralLeft",
            "debtLeft",
            "badDebt",
        ] {
            assert_eq!(column(&c, name)[i], num(&l, name), "{name}[{i}]");
        }
        let after = get(&l, "healthFactorAfter");
        assert_eq!(has_after[i] == 1, !after.is_null());
        if !after.is_null() {
            assert_eq!(column(&c, "healthFactorAfter")[i], after.as_f64().unwrap());
        }
    }
    assert_eq!(
        get(&c, "liquidationRatio").as_f64(),
        get(&depeg_sweep(js(input)).unwrap(), "liquidationRatio").as_f64()
    );
}

#[wasm_bindgen_test]
fn depeg_sweep_columns_equal_the_points() {
    assert_columns_equal_points(GEARBOX);
    let aave = r#"{
      "equity": 1, "targetLeverage": 10, "collateral": { "exchangeRate": 1 },
      "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95,
                  "liquidationBonus": 0.01, "borrowApr": 0.025, "oracle": "exchangeRate" },
      "sweep": { "variable": "exchangeRate", "from": 1, "to": 0.05, "steps": 64 }, "debtPriceUsd": 3000
    }"#;
    assert_columns_equal_points(aave);
    // No debt: the health factor column is null, never NaN.
    let no_debt = with(GEARBOX, "targetLeverage", "1");
    let c = depeg_sweep_columns(no_debt).unwrap();
    assert!(get(&c, "healthFactor").is_null());
    assert!(get(&c, "liquidationRatio").is_null());
    assert_eq!(column(&c, "ratio").len(), 101);
    // The largest sweep.
    let big = depeg_sweep_columns(with(GEARBOX, "sweep.steps", "10000")).unwrap();
    let hf = column(&big, "healthFactor");
    assert_eq!(hf.len(), 10_000);
    assert!(hf.iter().all(|v| v.is_finite()));
}

#[wasm_bindgen_test]
fn sweep_errors_name_their_field_in_both_shapes() {
    let cases = [
        ("sweep.steps", "1", "sweep.steps: must be a whole number from 2 to 10000, got 1"),
        ("sweep.to", "0", "sweep.to: must be > 0 and <= 10"),
        ("sweep.variable", "\"price\"", "sweep.variable: unknown variant `price`"),
        ("market.liquidationThreshold", "\"abc\"", "market.liquidationThreshold: expected a number"),
        ("equity", "-1", "equity: must be > 0"),
    ];
    assert_errors(depeg_sweep, GEARBOX, &cases);
    assert_errors(depeg_sweep_columns, GEARBOX, &cases);
}

#[wasm_bindgen_test]
fn cascade_rounds_and_errors() {
    let c = cascade(js(CASCADE)).unwrap();
    let rounds: Array = get(&c, "rounds").dyn_into().unwrap();
    assert!(rounds.length() >= 1);
    assert_eq!(num(&rounds.get(0), "round"), 1.0);
    assert_eq!(num(&rounds.get(0), "liquidations"), 1.0);
    assert!(num(&c, "finalPrice") < num(&c, "initialPrice"));
    assert_eq!(get(&c, "converged").as_bool(), Some(true));
    // A leverage distribution instead of a list.
    let d = with(CASCADE, "positions", r#"{ "leverage": 8, "equity": 10, "count": 20 }"#);
    assert!(num(&cascade(d).unwrap(), "totals.liquidations") >= 0.0);
    assert_errors(
        cascade,
        CASCADE,
        &[
            ("pool.reserveOut", "0", "pool.reserveOut: must be > 0"),
            ("shock.sellCollateral", "\"lots\"", "shock.sellCollateral: expected a number"),
            ("maxRounds", "0", "maxRounds: must be a whole number from 1 to 100"),
        ],
    );
    let (_, field) = thrown(cascade, with(CASCADE, "positions", r#"{ "leverage": 0.5, "equity": 10, "count": 1 }"#));
    assert_eq!(field, "positions.leverage");
}

#[wasm_bindgen_test]
fn exit_plan_compares_both_ways() {
    let e = exit_plan(js(EXIT)).unwrap();
    near(num(&e, "difference"), num(&e, "equityQueue") - num(&e, "equityUnwindNow"));
    near(num(&e, "marketDiscount"), 1.0 - 1.0 / 1.05);
    assert_eq!(get(&e, "staysHealthy").as_bool(), Some(true));
    // No debt: no health factor.
    let e = exit_plan(with(EXIT, "loops", "0")).unwrap();
    assert!(get(&e, "healthFactorNow").is_null());
    assert_errors(
        exit_plan,
        EXIT,
        &[
            ("withdrawalDays", "400", "withdrawalDays: must be >= 0 and <= 365"),
            ("exitSwapCost", "1", "exitSwapCost: "),
            ("collateral.marketPrice", "0", "collateral.marketPrice: must be > 0"),
        ],
    );
}
