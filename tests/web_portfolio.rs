//! The options, perpetuals, tail-risk and portfolio bindings under
//! WebAssembly, in Node and headless Chromium (see `tests/web.rs`): plain JS
//! objects and typed arrays in and out, `null` where a value does not exist,
//! and bad input thrown as an `Error` whose `field` names the input.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Error, Float64Array, Object, Reflect, Uint8Array, JSON};
use restake_calc::wasm::options::{
    funding_payment, implied_vol, option_greeks_batch, option_price, perp_liquidation_price, tail_risk,
};
use restake_calc::wasm::portfolio::{portfolio_risk, rebalance_cost};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |at, key| {
        if let Ok(i) = key.parse::<u32>() {
            Reflect::get_u32(&at, i).expect("array")
        } else {
            Reflect::get(&at, &key.into()).expect("object")
        }
    })
}

fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path).as_f64().unwrap_or_else(|| panic!("{path} is not a number"))
}

fn set(v: &JsValue, key: &str, value: JsValue) {
    Reflect::set(v, &key.into(), &value).expect("object");
}

/// The thrown value: an `Error` with its message and `field`.
fn thrown(result: Result<JsValue, JsValue>) -> (String, String) {
    let error: Error = result.expect_err("the call must throw").dyn_into().expect("an Error instance");
    let field = get(&error, "field").as_string().expect("a field property");
    (String::from(error.message()), field)
}

const HULL_CALL: &str =
    r#"{ "model": "bsm", "kind": "call", "spot": 42, "strike": 40, "years": 0.5, "rate": 0.1, "vol": 0.2 }"#;

// ---------------------------------------------------------------------------
// Options

#[wasm_bindgen_test]
fn option_price_returns_plain_numbers() {
    let out = option_price(js(HULL_CALL)).unwrap();
    // vectors.md: 4.759422393, delta 0.7791312909.
    assert!((num(&out, "price") - 4.759422393).abs() < 5e-9);
    assert!((num(&out, "delta") - 0.7791312909).abs() < 5e-10);
    assert_eq!(num(&out, "thetaPerDay"), num(&out, "theta") / 365.0);
    assert_eq!(num(&out, "vegaPerPoint"), num(&out, "vega") / 100.0);
    // Decimal strings are accepted too.
    let strings = js(HULL_CALL);
    set(&strings, "spot", "42".into());
    set(&strings, "vol", "0.2".into());
    assert_eq!(JSON::stringify(&option_price(strings).unwrap()).unwrap(), JSON::stringify(&out).unwrap());
}

#[wasm_bindgen_test]
fn implied_vol_inverts_the_price_and_names_price_when_it_cannot() {
    let price = num(&option_price(js(HULL_CALL)).unwrap(), "price");
    let input = js(HULL_CALL);
    Reflect::delete_property(&input.clone().into(), &"vol".into()).unwrap();
    set(&input, "price", price.into());
    let vol = num(&implied_vol(input.clone()).unwrap(), "vol");
    assert!((vol - 0.2).abs() < 1e-10, "{vol}");
    set(&input, "price", 1.0.into());
    let (message, field) = thrown(implied_vol(input));
    assert_eq!(field, "price");
    assert!(message.starts_with("price: must be above the option's intrinsic value"), "{message}");
}

/// Columns of `n` options; `spot` and `strike` vary with the row.
fn columns(n: usize) -> Object {
    let column = |f: &dyn Fn(usize) -> f64| Float64Array::from((0..n).map(f).collect::<Vec<_>>().as_slice());
    let out = Object::new();
    set(&out, "model", "bsm".into());
    let kinds: Vec<u8> = (0..n).map(|i| (i % 2) as u8).collect();
    set(&out, "kind", Uint8Array::from(kinds.as_slice()).into());
    set(&out, "spot", column(&|i| 2500.0 + 10.0 * i as f64).into());
    set(&out, "strike", column(&|i| 3000.0 - 5.0 * i as f64).into());
    set(&out, "years", column(&|i| 0.01 + 0.02 * i as f64).into());
    set(&out, "rate", column(&|_| 0.04).into());
    set(&out, "carry", column(&|_| 0.03).into());
    set(&out, "vol", column(&|i| 0.3 + 0.01 * i as f64).into());
    out
}

#[wasm_bindgen_test]
fn option_greeks_batch_takes_and_gives_typed_arrays_equal_to_option_price() {
    let n = 40;
    let input = columns(n);
    let out = option_greeks_batch(input.clone().into()).unwrap();
    let price: Float64Array = get(&out, "price").dyn_into().expect("a Float64Array");
    let delta: Float64Array = get(&out, "delta").dyn_into().expect("a Float64Array");
    assert_eq!(price.length() as usize, n);
    for name in ["gamma", "vega", "theta", "rho"] {
        assert!(get(&out, name).is_instance_of::<Float64Array>(), "{name}");
    }
    let column = |name: &str, i: u32| get(&input, name).dyn_into::<Float64Array>().unwrap().get_index(i);
    for i in [0u32, 17, 39] {
        let single = js(&format!(
            r#"{{ "model": "bsm", "kind": "{}", "spot": {}, "strike": {}, "years": {}, "rate": 0.04, "carry": 0.03, "vol": {} }}"#,
            if i % 2 == 0 { "call" } else { "put" },
            column("spot", i),
            column("strike", i),
            column("years", i),
            column("vol", i)
        ));
        let g = option_price(single).unwrap();
        // Bit for bit: the same f64s through the same code.
        assert_eq!(price.get_index(i).to_bits(), num(&g, "price").to_bits(), "price[{i}]");
        assert_eq!(delta.get_index(i).to_bits(), num(&g, "delta").to_bits(), "delta[{i}]");
    }
}

#[wasm_bindgen_test]
fn option_greeks_batch_names_the_column_and_row() {
    let input = columns(20);
    get(&input, "strike").dyn_into::<Float64Array>().unwrap().set_index(17, -1.0);
    let (message, field) = thrown(option_greeks_batch(input.into()));
    assert_eq!(field, "strike[17]");
    assert!(message.starts_with("strike[17]: must be > 0"), "{message}");

    let input = columns(20);
    set(&input, "vol", Float64Array::new_with_length(19).into());
    let (message, field) = thrown(option_greeks_batch(input.into()));
    assert_eq!((field.as_str(), message.as_str()), ("vol", "vol: has 19 rows, expected 20 (the length of kind)"));

    let input = columns(3);
    set(&input, "strike", Array::of3(&1.into(), &2.into(), &3.into()).into());
    assert_eq!(thrown(option_greeks_batch(input.into())).1, "strike", "a plain array is not a Float64Array");

    let input = columns(3);
    set(&input, "kind", Uint8Array::from([0u8, 2, 1].as_slice()).into());
    let (message, field) = thrown(option_greeks_batch(input.into()));
    assert_eq!((field.as_str(), message.as_str()), ("kind[1]", "kind[1]: must be 0 (call) or 1 (put), got 2"));
}

// ---------------------------------------------------------------------------
// Perpetuals and tail risk

#[wasm_bindgen_test]
fn perp_liquidation_price_and_null_where_none() {
    let btc = |side: &str, wallet: f64| {
        js(&format!(
            r#"{{ "side": "{side}", "quantity": 1, "entryPrice": 50000, "walletBalance": {wallet}, "maintenanceMarginRate": 0.004 }}"#
        ))
    };
    // vectors.md: long 45,180.72, short 54,780.88.
    let long = num(&perp_liquidation_price(btc("long", 5000.0)).unwrap(), "liquidationPrice");
    assert!((long - 45180.72).abs() < 0.005, "{long}");
    let short = num(&perp_liquidation_price(btc("short", 5000.0)).unwrap(), "liquidationPrice");
    assert!((short - 54780.88).abs() < 0.005, "{short}");
    assert!(get(&perp_liquidation_price(btc("long", 60000.0)).unwrap(), "liquidationPrice").is_null());
    let (message, field) = thrown(perp_liquidation_price(btc("long", -1.0)));
    assert_eq!(field, "walletBalance");
    assert!(message.starts_with("walletBalance: must be >= 0"), "{message}");
}

#[wasm_bindgen_test]
fn funding_payment_sign_convention() {
    let input = |side: &str| {
        js(&format!(r#"{{ "side": "{side}", "quantity": 2, "price": 3000, "fundingRate": 0.0001, "hours": 24 }}"#))
    };
    // Positive rate: longs pay (−), shorts receive (+): 2 × 3000 × 0.01 % × 3.
    assert_eq!(num(&funding_payment(input("long")).unwrap(), "payment"), -1.8);
    assert_eq!(num(&funding_payment(input("short")).unwrap(), "payment"), 1.8);
    let bad = input("long");
    set(&bad, "intervalHours", 0.into());
    assert_eq!(thrown(funding_payment(bad)).1, "intervalHours");
}

#[wasm_bindgen_test]
fn tail_risk_by_method_and_historical_returns_from_an_array() {
    let normal = tail_risk(js(r#"{ "method": "normal", "confidence": 0.99, "stdev": 1 }"#)).unwrap();
    assert!((num(&normal, "var") - 2.326347874).abs() < 5e-10);
    assert!((num(&normal, "es") - 2.665214220).abs() < 5e-10);
    let t = tail_risk(js(r#"{ "method": "studentT", "confidence": 0.99, "stdev": 1, "dof": 4 }"#)).unwrap();
    assert!((num(&t, "var") - 2.649492).abs() < 5e-7);
    // Returns as the page sends them: strings parsed from pasted CSV.
    let h = tail_risk(js(r#"{ "method": "historical", "confidence": 0.9, "returns": ["-0.05", "0.01", "0.02", "-0.01", "0.0", "0.03", "-0.02", "0.01", "0.02", "0.04"] }"#)).unwrap();
    assert_eq!(num(&h, "var"), 0.05);
    let (message, field) =
        thrown(tail_risk(js(r#"{ "method": "historical", "confidence": 0.9, "returns": ["0.01", "x"] }"#)));
    assert_eq!(field, "returns[1]");
    assert!(message.starts_with("returns[1]: expected a number or a decimal string"), "{message}");
    let (message, field) = thrown(tail_risk(js(
        r#"{ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 3, "excessKurtosis": 8 }"#,
    )));
    assert_eq!(field, "skew");
    assert!(message.contains("not increasing over the loss tail"), "{message}");
}

// ---------------------------------------------------------------------------
// portfolioRisk

const BOOK: &str = r#"{
  "market": { "spot": 3000, "vol": 0.7, "rate": 0.04 },
  "positions": [
    { "loop": { "equity": 10, "loops": 5,
                "collateral": { "exchangeRate": 1.05, "sustainableApr": 0.029 },
                "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95,
                            "liquidationBonus": 0.01, "borrowApr": 0.025, "oracle": "exchangeRate" } } },
    { "spot": { "quantity": 5 } },
    { "perp": { "side": "short", "quantity": 20, "walletBalance": 12000, "maintenanceMarginRate": 0.005 } },
    { "option": { "kind": "put", "strike": 2500, "years": 0.0833, "quantity": 10 } }
  ],
  "tail": { "returns": ["-0.05", "0.02", "-0.1", "0.03"] }
}"#;

#[wasm_bindgen_test]
fn portfolio_risk_returns_the_whole_report() {
    let out = portfolio_risk(js(BOOK)).unwrap();
    // Delta: 10 (loop equity) + 5 − 20 + the puts' delta × 10.
    let put_delta = num(&out, "positions.3.greeks.delta");
    assert!((num(&out, "total.delta") - (10.0 + 5.0 - 20.0 + put_delta)).abs() < 1e-9);
    assert_eq!(get(&out, "positions.0.kind").as_string().as_deref(), Some("loop"));
    assert!(get(&out, "positions.0.liquidationPrice").is_null(), "ETH debt: no ETH price liquidates the loop");
    assert!(get(&out, "positions.0.loop.liquidationDepeg").is_null(), "exchange-rate oracle");
    assert!(num(&out, "positions.0.loop.liquidationDrop") > 0.0);
    assert!(num(&out, "positions.2.liquidationPrice") > 3000.0, "a short liquidates above the spot");
    assert!(get(&out, "positions.1.loop").is_null());
    // The grid: 7 vol rows × 11 spot columns, 0 in the centre.
    let grid = get(&out, "grid.pnl");
    assert_eq!(grid.dyn_ref::<Array>().unwrap().length(), 7);
    assert_eq!(get(&grid, "2").dyn_ref::<Array>().unwrap().length(), 11);
    assert_eq!(num(&grid, "2.5"), 0.0);
    assert_eq!(get(&out, "payoff.spots").dyn_ref::<Array>().unwrap().length(), 101);
    assert!(get(&out, "payoff.expiry").is_instance_of::<Array>());
    assert_eq!(get(&out, "hedge.side").as_string().as_deref(), Some("long"));
    // Tail: normal, cornishFisher, studentT, historical.
    let methods: Array = get(&out, "tail.methods").dyn_into().unwrap();
    assert_eq!(methods.length(), 4);
    assert_eq!(get(&methods, "3.method").as_string().as_deref(), Some("historical"));
    assert!(get(&methods, "1.note").is_null());
    assert!(num(&methods, "2.var") > 0.0);
}

#[wasm_bindgen_test]
fn portfolio_risk_errors_name_the_position_field() {
    let input = js(BOOK);
    set(&get(&input, "positions.2.perp"), "quantity", (-1).into());
    let (message, field) = thrown(portfolio_risk(input));
    assert_eq!(field, "positions[2].perp.quantity");
    assert!(message.starts_with("positions[2].perp.quantity: must be > 0"), "{message}");

    let input = js(BOOK);
    set(&get(&input, "positions.0.loop.market"), "maxLtv", 0.99.into());
    assert_eq!(thrown(portfolio_risk(input)).1, "positions[0].loop.market.maxLtv");

    let input = js(BOOK);
    set(&get(&input, "positions.3.option"), "strike", "abc".into());
    let (message, field) = thrown(portfolio_risk(input));
    assert_eq!(field, "positions[3].option.strike");
    assert!(message.contains("expected a number or a decimal string"), "{message}");

    let input = js(BOOK);
    Reflect::set_u32(&get(&input, "tail.returns"), 1, &"-2".into()).unwrap();
    assert_eq!(thrown(portfolio_risk(input)).1, "tail.returns[1]");

    let input = js(BOOK);
    Reflect::set_u32(&get(&input, "positions"), 1, &js(r#"{ "futures": { "quantity": 1 } }"#)).unwrap();
    let (message, field) = thrown(portfolio_risk(input));
    assert_eq!(field, "positions[1]");
    assert!(message.contains("unknown variant `futures`"), "{message}");
}

// ---------------------------------------------------------------------------
// rebalanceCost

const REBALANCE: &str = r#"{
  "value": 80000, "targetWeight": 0.5, "band": 0.05, "years": 1, "prices": [1000, 2000],
  "pool": { "kind": "constantProduct", "reserveRisky": 1000, "reserveQuote": 2000000, "fee": 0.003 },
  "gas": { "units": 0, "gwei": 0 }
}"#;

#[wasm_bindgen_test]
fn rebalance_cost_on_a_path_and_by_volatility() {
    // The Uniswap v2 vector as one rebalance: 10 ETH sold at 2,000 -> 19,743.1607 USDC.
    let out = rebalance_cost(js(REBALANCE)).unwrap();
    assert_eq!(get(&out, "method").as_string().as_deref(), Some("path"));
    assert_eq!(num(&out, "rebalances"), 1.0);
    assert!((num(&out, "swapCost") - 256.8393).abs() < 5e-5);
    assert_eq!(num(&out, "events.0.trade"), -20000.0);
    assert!(get(&out, "dragShareOfYield").is_null());
    assert!(get(&out, "standardError").is_null());

    let vol = js(REBALANCE);
    Reflect::delete_property(&vol.clone().into(), &"prices".into()).unwrap();
    set(&vol, "vol", 0.8.into());
    let expected = rebalance_cost(vol.clone()).unwrap();
    assert_eq!(get(&expected, "method").as_string().as_deref(), Some("expected"));
    assert!(get(&expected, "events").is_null());
    set(&vol, "method", "simulation".into());
    set(&vol, "paths", 500.into());
    set(&vol, "seed", 7.into());
    let simulated = rebalance_cost(vol.clone()).unwrap();
    assert!(num(&simulated, "standardError") > 0.0);
    let ratio = num(&simulated, "rebalances") / num(&expected, "rebalances");
    assert!((ratio - 1.0).abs() < 0.1, "{ratio}");
    // Seeded: the same in Node and in the browser, call after call.
    assert_eq!(JSON::stringify(&rebalance_cost(vol).unwrap()).unwrap(), JSON::stringify(&simulated).unwrap());
}

#[wasm_bindgen_test]
fn rebalance_cost_errors_name_the_field() {
    let input = js(REBALANCE);
    set(&input, "band", 0.6.into());
    let (message, field) = thrown(rebalance_cost(input));
    assert_eq!(field, "band");
    assert!(message.starts_with("band: must be > 0 and < 0.5"), "{message}");
    let input = js(REBALANCE);
    Reflect::set_u32(&get(&input, "prices"), 1, &"-5".into()).unwrap();
    assert_eq!(thrown(rebalance_cost(input)).1, "prices[1]");
    let input = js(REBALANCE);
    set(&get(&input, "pool"), "reserveQuote", 0.into());
    assert_eq!(thrown(rebalance_cost(input)).1, "pool.reserveQuote");
}
