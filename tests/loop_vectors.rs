//! Golden vectors for `loopPosition` from shared/reference/vectors.md
//! ("Loop leverage (derived)" and "Lending markets"), edge cases, and one test
//! per documented error. Inputs go through the same JSON parsing as the wasm
//! boundary. Tolerance: vectors quoted to 6 decimals are compared after
//! rounding to 6 decimals (exact Decimal maths, so equality after rounding).

use restake_calc::input::parse;
use restake_calc::leverage::{loop_position, LoopInput, LoopPosition};
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn run(input: Value) -> Result<LoopPosition, CalcError> {
    let parsed: LoopInput = parse(input)?;
    loop_position(&parsed)
}

/// An Aave E-Mode loop (LTV 93 %, LT 95 %, bonus 1 %), exchange-rate oracle,
/// no costs, price 1: leverage is the pure geometric series.
fn emode(extra: Value) -> Value {
    let mut v = json!({
        "equity": 1,
        "collateral": { "exchangeRate": 1 },
        "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95,
                    "liquidationBonus": 0.01, "borrowApr": 0.025, "oracle": "exchangeRate" }
    });
    merge(&mut v, extra);
    v
}

fn merge(base: &mut Value, extra: Value) {
    match (base, extra) {
        (Value::Object(b), Value::Object(e)) => {
            for (k, v) in e {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, e) => *b = e,
    }
}

fn r6(d: Decimal) -> Decimal {
    d.round_dp(6)
}

fn err(input: Value) -> String {
    run(input).unwrap_err().to_string()
}

#[test]
fn leverage_after_n_loops_is_the_geometric_series() {
    // vectors.md: LTV 0.93: n=1 1.93; n=2 2.7949; n=3 3.599257; n=5 5.042997;
    // n=10 7.855664; n=20 11.173684.
    for (n, expected) in [
        (1, dec!(1.93)),
        (2, dec!(2.7949)),
        (3, dec!(3.599257)),
        (5, dec!(5.042997)),
        (10, dec!(7.855664)),
        (20, dec!(11.173684)),
    ] {
        let p = run(emode(json!({ "loops": n }))).unwrap();
        assert_eq!(r6(p.leverage), expected, "n = {n}");
        // The closed form, exactly: (1 − LTV^(n+1)) / (1 − LTV).
        let closed = (Decimal::ONE - (0..=n).fold(Decimal::ONE, |p, _| p * dec!(0.93))) / dec!(0.07);
        assert!((p.leverage - closed).abs() < dec!(1e-20), "n = {n}");
        assert_eq!(p.steps.as_ref().unwrap().len(), n as usize + 1);
    }
}

#[test]
fn max_leverage_is_one_over_one_minus_ltv() {
    let p = run(emode(json!({ "loops": 3 }))).unwrap();
    assert_eq!(r6(p.max_leverage), dec!(14.285714));
}

#[test]
fn health_factor_at_leverage_l_is_lt_l_over_l_minus_one() {
    // HF = LT × L / (L − 1); at max E-Mode leverage 0.95 / 0.93 = 1.021505.
    let near_max = run(emode(json!({ "targetLeverage": "14.2857142857" }))).unwrap();
    assert_eq!(r6(near_max.health_factor.unwrap()), dec!(1.021505));
    // After n loops the last deposit has not been borrowed against yet, so HF
    // sits above LT / maxLtv and falls towards it, each step on the formula.
    let p = run(emode(json!({ "loops": 20 }))).unwrap();
    let steps = p.steps.unwrap();
    for pair in steps[1..].windows(2) {
        let (a, b) = (pair[0].health_factor.unwrap(), pair[1].health_factor.unwrap());
        assert!(b < a, "HF falls with every loop");
    }
    for s in &steps[1..] {
        let l = s.leverage;
        assert_eq!(r6(s.health_factor.unwrap()), r6(dec!(0.95) * l / (l - Decimal::ONE)));
        assert!(s.health_factor.unwrap() > dec!(0.95) / dec!(0.93));
    }
}

#[test]
fn liquidation_price_ratio_matches_the_table() {
    // p_liq / p_0 = (L − 1) / (L × LT); LT 0.95: L=2 0.526316; L=3 0.701754;
    // L=5 0.842105; L=7 0.902256; L=10 0.947368.
    for (l, ratio) in
        [(2, dec!(0.526316)), (3, dec!(0.701754)), (5, dec!(0.842105)), (7, dec!(0.902256)), (10, dec!(0.947368))]
    {
        let p = run(emode(json!({ "targetLeverage": l, "market": { "maxLtv": 0.94 } }))).unwrap();
        assert_eq!(r6(p.leverage), Decimal::from(l));
        assert_eq!(r6(p.liquidation_price.unwrap()), ratio, "L = {l}");
        assert_eq!(r6(p.liquidation_drop.unwrap()), Decimal::ONE - ratio, "L = {l}");
    }
    // LT 0.915, L = 6: 0.910747 (Gearbox ezETH, April 2024).
    let gearbox = run(json!({
        "equity": 1, "targetLeverage": 6,
        "collateral": { "exchangeRate": 1 },
        "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.915, "borrowApr": 0, "oracle": "market" }
    }))
    .unwrap();
    assert_eq!(r6(gearbox.liquidation_price.unwrap()), dec!(0.910747));
}

#[test]
fn net_apr_is_l_times_yield_minus_l_minus_one_times_borrow() {
    // L = 10, y = 3 %, b = 2.5 % -> 7.5 %.
    let p = run(emode(json!({
        "targetLeverage": 10,
        "collateral": { "sustainableApr": 0.03 },
        "market": { "maxLtv": 0.94 }
    })))
    .unwrap();
    assert_eq!(p.apr.net, dec!(0.075));
    assert_eq!(p.apr.sustainable, dec!(0.075));
    assert_eq!(p.apr.incentive, Decimal::ZERO);
    assert_eq!(p.apr.borrow_cost, dec!(0.225));
    // Break-even: 10 × 3 % / 9 = 3.333…%.
    assert_eq!(r6(p.break_even_borrow_apr.unwrap()), dec!(0.033333));
}

#[test]
fn apr_splits_sustainable_and_incentive() {
    let p = run(emode(json!({
        "targetLeverage": 10,
        "collateral": { "sustainableApr": 0.03, "incentiveApr": 0.02 },
        "market": { "maxLtv": 0.94 }
    })))
    .unwrap();
    assert_eq!(p.apr.incentive, dec!(0.2));
    assert_eq!(p.apr.net, p.apr.sustainable + p.apr.incentive);
    assert_eq!(r6(p.sustainable_break_even_borrow_apr.unwrap()), dec!(0.033333));
    assert_eq!(r6(p.break_even_borrow_apr.unwrap()), dec!(0.055556));
}

#[test]
fn interest_drift_liquidates_after_ln_hf_over_rate_gap() {
    // HF_0 = 1.021505, b − y = 1 %/yr -> 2.1277 years.
    let p = run(emode(json!({
        "targetLeverage": "14.2857142857",
        "collateral": { "sustainableApr": 0.02 },
        "market": { "borrowApr": 0.03 }
    })))
    .unwrap();
    let years = p.days_to_liquidation.unwrap() / 365.0;
    assert!((years - 2.1277).abs() < 5e-5, "years = {years}");
    // Yield above the borrow rate: HF only rises, so no liquidation date.
    let safe = run(emode(json!({ "loops": 3, "collateral": { "sustainableApr": 0.03 } }))).unwrap();
    assert_eq!(safe.days_to_liquidation, None);
}

#[test]
fn zero_loops_is_the_deposit_alone() {
    let p = run(emode(json!({ "loops": 0, "equity": 10, "collateral": { "exchangeRate": 1.05 } }))).unwrap();
    assert_eq!(p.debt, Decimal::ZERO);
    assert_eq!(p.leverage, Decimal::ONE);
    assert_eq!(p.collateral_value, dec!(10));
    assert_eq!(p.health_factor, None);
    assert_eq!(p.liquidation_price, None);
    assert_eq!(p.liquidation_drop, None);
    assert_eq!(p.break_even_borrow_apr, None);
    assert_eq!(p.days_to_liquidation, None);
    assert_eq!(p.steps.unwrap().len(), 1);
    // A target of 1 is the same position.
    let t = run(emode(json!({ "targetLeverage": 1, "equity": 10, "collateral": { "exchangeRate": 1.05 } }))).unwrap();
    assert_eq!(t.debt, Decimal::ZERO);
    assert_eq!(t.steps, None);
}

#[test]
fn max_ltv_equal_to_lt_approaches_hf_one_but_never_reaches_it() {
    let p = run(emode(json!({ "loops": 100, "market": { "maxLtv": 0.95 } }))).unwrap();
    let hf = p.health_factor.unwrap();
    assert!(hf > Decimal::ONE && hf < dec!(1.001), "HF = {hf}");
    assert_eq!(p.max_leverage, dec!(20));
    // A flash loan just below the maximum lands just above HF = 1.
    let f = run(emode(json!({ "targetLeverage": "19.999999", "market": { "maxLtv": 0.95 } }))).unwrap();
    assert!(f.health_factor.unwrap() > Decimal::ONE);
    assert!(f.liquidation_drop.unwrap() < dec!(1e-7));
}

#[test]
fn morpho_defaults_max_ltv_and_bonus_from_the_lltv() {
    let p = run(json!({
        "equity": 1, "loops": 2,
        "collateral": { "exchangeRate": 1 },
        "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.86, "borrowApr": 0.02, "oracle": "market" }
    }))
    .unwrap();
    // maxLtv = LLTV: L_2 = 1 + 0.86 + 0.86².
    assert_eq!(p.leverage, dec!(2.5996));
    assert_eq!(p.health_factor, Some(dec!(0.86) * dec!(2.5996) / dec!(1.5996)));
}

#[test]
fn oracle_kind_decides_which_price_a_depeg_moves() {
    // A 10 % DEX discount: the market-price oracle values the collateral lower.
    let base = json!({
        "equity": 1, "loops": 3,
        "collateral": { "exchangeRate": 1.05, "marketPrice": 0.945 },
        "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.86, "borrowApr": 0.02 }
    });
    let mut rate = base.clone();
    merge(&mut rate, json!({ "market": { "oracle": "exchangeRate" } }));
    let mut market = base;
    merge(&mut market, json!({ "market": { "oracle": "market" } }));
    let (rate, market) = (run(rate).unwrap(), run(market).unwrap());
    assert_eq!(r6(rate.collateral_value / rate.collateral_units), dec!(1.05));
    assert_eq!(r6(market.collateral_value / market.collateral_units), dec!(0.945));
    // Equity at market prices is below equity at the exchange rate.
    assert!(rate.equity_at_market < rate.equity);
    assert_eq!(market.equity_at_market, market.equity);
}

#[test]
fn swap_costs_and_flash_fees_are_entry_costs() {
    let p = run(emode(json!({ "loops": 1, "costs": { "swapCost": 0.01 } }))).unwrap();
    // Loop 1 borrows 0.93 and loses 1 % of it.
    assert_eq!(p.entry_cost, dec!(0.0093));
    assert_eq!(p.collateral_units, Decimal::ONE + dec!(0.93) * dec!(0.99));
    let f = run(emode(json!({ "targetLeverage": 5, "costs": { "swapCost": 0.001, "flashLoanFee": 0.0005 } }))).unwrap();
    assert_eq!(r6(f.leverage), dec!(5));
    // Debt = F·(1 + fee), entry cost = F·(swapCost + fee).
    let flash = f.debt / dec!(1.0005);
    assert_eq!(r6(f.entry_cost), r6(flash * dec!(0.0015)));
    // Costs come out of equity.
    assert!(f.equity < Decimal::ONE);
}

#[test]
fn decimal_strings_are_accepted_everywhere() {
    let p = run(json!({
        "equity": "2.5", "loops": "2",
        "collateral": { "exchangeRate": "1.05", "sustainableApr": "0.03" },
        "market": { "protocol": "aaveV3", "maxLtv": "0.93", "liquidationThreshold": "0.95",
                    "liquidationBonus": "0.01", "borrowApr": "2.5e-2", "oracle": "exchangeRate" }
    }))
    .unwrap();
    assert_eq!(r6(p.leverage), dec!(2.7949));
}

#[test]
fn every_documented_error_names_its_field() {
    let cases: Vec<(Value, &str)> = vec![
        (emode(json!({ "loops": 3, "equity": 0 })), "equity: must be > 0"),
        (emode(json!({ "loops": 3, "equity": -1 })), "equity: must be > 0"),
        (
            emode(json!({ "loops": 3, "equity": "abc" })),
            "equity: expected a number or a decimal string, got the string \"abc\"",
        ),
        (emode(json!({ "loops": 3, "equity": true })), "equity: wrong type: boolean"),
        (emode(json!({ "loops": 3, "equity": 1e300 })), "equity: expected a number between"),
        (emode(json!({ "loops": 3, "collateral": { "exchangeRate": 0 } })), "collateral.exchangeRate: must be > 0"),
        (emode(json!({ "loops": 3, "collateral": { "marketPrice": -1 } })), "collateral.marketPrice: must be > 0"),
        (
            emode(json!({ "loops": 3, "collateral": { "sustainableApr": -0.1 } })),
            "collateral.sustainableApr: must be >= 0",
        ),
        (
            emode(json!({ "loops": 3, "market": { "liquidationThreshold": 1 } })),
            "market.liquidationThreshold: must be > 0 and < 1",
        ),
        (
            emode(json!({ "loops": 3, "market": { "maxLtv": 0.96 } })),
            "market.maxLtv: must not exceed liquidationThreshold (0.95), got 0.96",
        ),
        (
            emode(json!({ "loops": 3, "market": { "liquidationBonus": 0.06 } })),
            "market.liquidationBonus: Aave V3 requires liquidationThreshold × (1 + bonus) <= 1",
        ),
        (emode(json!({ "loops": 3, "market": { "liquidationBonus": 0 } })), "market.liquidationBonus: must be > 0"),
        (
            emode(json!({ "loops": 3, "market": { "protocol": "compound" } })),
            "market.protocol: unknown variant `compound`",
        ),
        (
            emode(json!({ "loops": 3, "market": { "oracle": "chainlink" } })),
            "market.oracle: unknown variant `chainlink`",
        ),
        (emode(json!({ "loops": 3, "market": { "borrowApr": 11 } })), "market.borrowApr: must be >= 0 and <= 10"),
        (emode(json!({ "loops": 101 })), "loops: must be a whole number from 0 to 100, got 101"),
        (emode(json!({ "loops": 2.5 })), "loops: must be a whole number"),
        (emode(json!({})), "loops: is required: give loops (0 to 100) or targetLeverage"),
        (emode(json!({ "loops": 1, "targetLeverage": 2 })), "loops: give either loops or targetLeverage, not both"),
        (emode(json!({ "targetLeverage": 14.3 })), "targetLeverage: must be below 14.285714, the maximum leverage"),
        (
            emode(json!({ "targetLeverage": "14.285714285714285714285714286" })),
            "targetLeverage: must be below 14.285714",
        ),
        (emode(json!({ "targetLeverage": 0.5 })), "targetLeverage: must be >= 1"),
        (emode(json!({ "loops": 3, "costs": { "swapCost": 1 } })), "costs.swapCost: must be >= 0 and < 1"),
        (emode(json!({ "loops": 3, "costs": { "flashLoanFee": -0.01 } })), "costs.flashLoanFee: must be >= 0 and < 1"),
        (json!({ "collateral": { "exchangeRate": 1 } }), "equity: is required"),
        (json!(null), "input: wrong type: null"),
        (json!("a loop"), "input: wrong type: string"),
    ];
    for (input, expected) in cases {
        let message = err(input.clone());
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
    // Missing nested fields are named at their own path.
    let mut no_lt = emode(json!({ "loops": 1 }));
    no_lt["market"].as_object_mut().unwrap().remove("liquidationThreshold");
    assert_eq!(err(no_lt), "market.liquidationThreshold: is required");
    let mut aave_no_ltv = emode(json!({ "loops": 1 }));
    aave_no_ltv["market"].as_object_mut().unwrap().remove("maxLtv");
    assert_eq!(err(aave_no_ltv), "market.maxLtv: is required for aaveV3");
}

#[test]
fn an_unreachable_flash_loan_target_is_an_error() {
    // The oracle values collateral at twice its DEX price: every flash-loan
    // step adds more value than debt, so high targets have no solution.
    let message = err(emode(json!({
        "targetLeverage": 5,
        "collateral": { "exchangeRate": 2, "marketPrice": 1 }
    })));
    assert!(message.starts_with("targetLeverage: cannot be reached"), "{message}");
}

#[test]
fn absurd_magnitudes_give_an_error_not_a_panic() {
    let message = err(emode(json!({
        "loops": 100, "equity": 1e15,
        "collateral": { "exchangeRate": 1e9, "marketPrice": 1e-9 }
    })));
    assert!(message.starts_with("equity: too large to compute exactly"), "{message}");
}
