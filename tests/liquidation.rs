#![cfg(not(target_arch = "wasm32"))]
//! `liquidate`: the Aave and Morpho vectors of shared/reference/vectors.md,
//! further vectors worked out by hand from the contracts' code
//! (aave-v3-origin `LiquidationLogic.sol` v3.3, morpho-blue `Morpho.sol`),
//! one test per documented error, and proptest properties. Inputs go through
//! the same JSON parsing as the wasm boundary. Exact Decimal maths, so a
//! vector quoted to n decimals is compared after rounding to n decimals.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::liquidation::{liquidate, liquidate_position, Liquidation, LiquidationInput};
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn run(input: Value) -> Result<Liquidation, CalcError> {
    let parsed: LiquidationInput = parse(input)?;
    liquidate(&parsed)
}

fn err(input: Value) -> String {
    run(input).unwrap_err().to_string()
}

fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

/// vectors.md, Aave: 100 weETH at 1.05 WETH, debt 100 WETH, E-Mode LT 95 %,
/// bonus 1 %, protocol fee 10 % (the default), well over $2,000.
fn aave_weeth() -> Value {
    json!({ "protocol": "aaveV3", "collateralUnits": 100, "debt": 100, "oraclePrice": 1.05,
            "liquidationThreshold": 0.95, "liquidationBonus": 0.01 })
}

/// vectors.md, Morpho: LLTV 86 %, 100 ezETH, debt 80 WETH.
fn morpho_ezeth(price: f64) -> Value {
    json!({ "protocol": "morphoBlue", "collateralUnits": 100, "debt": 80, "oraclePrice": price,
            "liquidationThreshold": 0.86 })
}

fn dp(d: Decimal, places: u32) -> Decimal {
    d.round_dp(places)
}

#[test]
fn aave_vector_half_close_factor_above_095() {
    let l = run(aave_weeth()).unwrap();
    assert!(l.liquidatable);
    assert_eq!(l.health_factor_before, Some(dec!(0.9975)));
    assert_eq!(l.max_debt_to_cover, dec!(50));
    assert_eq!(l.debt_repaid, dec!(50));
    assert_eq!(dp(l.collateral_seized, 7), dec!(48.0952381));
    // The bonus: 48.095238… − 50 / 1.05 = 0.476190…, of which 10 % is the fee.
    assert_eq!(dp(l.bonus_units, 7), dec!(0.4761905));
    assert_eq!(dp(l.protocol_fee_units, 7), dec!(0.0476190));
    assert_eq!(dp(l.liquidator_receives, 7), dec!(48.0476190));
    assert_eq!(dp(l.health_factor_after.unwrap(), 4), dec!(1.0355));
    // (100 − 48.095238…) × 1.05 = 54.5 exactly, so HF after is 54.5 × 0.95 / 50.
    assert_eq!(dp(l.health_factor_after.unwrap(), 20), dec!(1.0355));
    assert_eq!(l.debt_left, dec!(50));
    assert_eq!(l.bad_debt, Decimal::ZERO);
    // Any debtToCover above the close factor is capped, as the contract does.
    let capped = run(with(aave_weeth(), json!({ "debtToCover": 1000 }))).unwrap();
    assert_eq!(capped, l);
}

#[test]
fn aave_full_close_factor_at_or_below_095_and_bad_debt() {
    // Price 1.00: HF = 100 × 0.95 / 100 = 0.95, not above 0.95, so the whole
    // debt may be repaid. Seizing 100 × 1.01 = 101 > 100 units: the whole
    // balance is taken and the repayment scales down to 100 / 1.01.
    let l = run(with(aave_weeth(), json!({ "oraclePrice": 1 }))).unwrap();
    assert_eq!(l.health_factor_before, Some(dec!(0.95)));
    assert_eq!(l.max_debt_to_cover, l.debt_repaid);
    assert_eq!(dp(l.debt_repaid, 8), dec!(99.00990099));
    assert_eq!(l.collateral_seized, dec!(100));
    assert_eq!(l.collateral_left, Decimal::ZERO);
    // Protocol fee = (100 − 100/1.01) × 10 %.
    assert_eq!(dp(l.bonus_units, 8), dec!(0.99009901));
    assert_eq!(dp(l.protocol_fee_units, 8), dec!(0.09900990));
    assert_eq!(dp(l.liquidator_receives, 8), dec!(99.90099010));
    // No collateral left: the rest of the debt is the v3.3 deficit.
    assert_eq!(dp(l.bad_debt, 8), dec!(0.99009901));
    assert_eq!(l.debt_left, Decimal::ZERO);
    assert_eq!(l.health_factor_after, None);
}

#[test]
fn aave_small_positions_may_be_closed_in_full() {
    // 0.6 weETH at 1.05 with ETH at $3,000: collateral $1,890 < $2,000, so the
    // close factor is 100 % even though HF = 0.9975 > 0.95.
    let l = run(json!({ "protocol": "aaveV3", "collateralUnits": 0.6, "debt": 0.6, "oraclePrice": 1.05,
                        "liquidationThreshold": 0.95, "liquidationBonus": 0.01, "debtPriceUsd": 3000 }))
    .unwrap();
    assert_eq!(l.health_factor_before, Some(dec!(0.9975)));
    assert_eq!(l.max_debt_to_cover, dec!(0.6));
    assert_eq!(l.debt_left, Decimal::ZERO);
    assert_eq!(dp(l.collateral_seized, 9), dec!(0.577142857));
    assert_eq!(l.health_factor_after, None);
    // The same position without a USD price counts as large: 50 %.
    let large = run(json!({ "protocol": "aaveV3", "collateralUnits": 0.6, "debt": 0.6, "oraclePrice": 1.05,
                            "liquidationThreshold": 0.95, "liquidationBonus": 0.01 }))
    .unwrap();
    assert_eq!(large.max_debt_to_cover, dec!(0.3));
}

/// Collateral 0.7 weETH and debt 0.69 WETH at price 1, ETH at $2,900: both
/// just above $2,000 and HF = 0.665 / 0.69 = 0.9638 > 0.95, so the close
/// factor is 50 %: repaying 0.345 seizes 0.345 × 1.05 = 0.36225 and leaves
/// 0.33775 × 2900 = $979.48 of collateral, under $1,000. Aave v3.3 reverts
/// (`MUST_NOT_LEAVE_DUST`), as in aave-v3-origin's test
/// `test_liquidationdataprovider_edge_range` ("liquidation uint.max reverts on
/// cf 50%"). The largest accepted repayment keeps $1,000 of collateral:
/// min(0.69 − 1000/2900, (0.7 − 1000/2900) / 1.05) = 0.338259441707717…
fn dust_edge() -> Value {
    json!({ "protocol": "aaveV3", "collateralUnits": 0.7, "debt": 0.69, "oraclePrice": 1,
            "liquidationThreshold": 0.95, "liquidationBonus": 0.05, "debtPriceUsd": 2900 })
}

#[test]
fn aave_dust_rule_lowers_the_default_and_rejects_a_dusty_request() {
    let l = run(dust_edge()).unwrap();
    let expected = (dec!(0.7) - dec!(1000) / dec!(2900)) / dec!(1.05);
    assert_eq!(dp(l.max_debt_to_cover, 20), dp(expected, 20));
    assert_eq!(l.debt_repaid, l.max_debt_to_cover);
    // Exactly $1,000 of collateral is left, and more than $1,000 of debt.
    assert_eq!(dp(l.collateral_left * dec!(2900), 15), dec!(1000));
    assert!(l.debt_left * dec!(2900) > dec!(1000));
    // Passing the maximum back in gives the same liquidation.
    let again = run(with(dust_edge(), json!({ "debtToCover": l.max_debt_to_cover.to_string() }))).unwrap();
    assert_eq!(again, l);
    // A request at the close factor (or any amount above it) reverts on chain.
    let message = err(with(dust_edge(), json!({ "debtToCover": 1 })));
    assert!(
        message.starts_with(
            "debtToCover: Aave V3.3 reverts (MUST_NOT_LEAVE_DUST): repaying 0.345 would leave less than $1,000"
        ),
        "{message}"
    );
    // Clearing all the collateral (or all the debt) is always allowed.
    let full = run(with(dust_edge(), json!({ "debt": 0.7, "oraclePrice": 0.7 }))).unwrap();
    assert!(full.debt_left.is_zero());
}

#[test]
fn aave_partial_request_below_the_cap() {
    // Repay 10 of the vector's 50: seized 10 × 1.01 / 1.05.
    let l = run(with(aave_weeth(), json!({ "debtToCover": 10, "protocolFee": 0 }))).unwrap();
    assert_eq!(l.max_debt_to_cover, dec!(50));
    assert_eq!(l.debt_repaid, dec!(10));
    assert_eq!(l.collateral_seized, dec!(10.1) / dec!(1.05));
    assert_eq!(l.protocol_fee_units, Decimal::ZERO);
    assert_eq!(l.liquidator_receives, l.collateral_seized);
    assert_eq!(l.debt_left, dec!(90));
}

#[test]
fn morpho_vectors() {
    // Oracle 0.90: HF = 100 × 0.9 × 0.86 / 80 = 0.9675; no close factor, so
    // the whole 80 is repaid: seized 80 × 1.043841 / 0.9.
    let l = run(morpho_ezeth(0.90)).unwrap();
    assert_eq!(l.health_factor_before, Some(dec!(0.9675)));
    assert_eq!(l.debt_repaid, dec!(80));
    assert_eq!(dp(l.collateral_seized, 6), dec!(92.785897));
    assert_eq!(dp(l.collateral_left, 6), dec!(7.214103));
    assert_eq!(l.protocol_fee_units, Decimal::ZERO);
    assert_eq!(l.debt_left, Decimal::ZERO);
    assert_eq!(l.bad_debt, Decimal::ZERO);
    assert_eq!(l.health_factor_after, None);
    // Oracle 0.80: the collateral pays for 100 × 0.8 / LIF = 76.64 only; all
    // of it is seized and 3.36 is bad debt.
    let l = run(morpho_ezeth(0.80)).unwrap();
    assert_eq!(l.collateral_seized, dec!(100));
    assert_eq!(l.collateral_left, Decimal::ZERO);
    assert_eq!(dp(l.debt_repaid, 2), dec!(76.64));
    assert_eq!(dp(l.bad_debt, 2), dec!(3.36));
    assert_eq!(l.max_debt_to_cover, l.debt_repaid);
}

#[test]
fn morpho_lif_cap_and_partial_liquidation() {
    // LLTV 0.5: 1 / (0.3 × 0.5 + 0.7) = 1.1765 > 1.15, so LIF = 1.15
    // (MAX_LIQUIDATION_INCENTIVE_FACTOR). 10 units at 100, debt 600:
    // HF = 1000 × 0.5 / 600 = 0.8333. All 600 repaid: seized 600 × 1.15 / 100.
    let base = json!({ "protocol": "morphoBlue", "collateralUnits": 10, "debt": 600, "oraclePrice": 100,
                       "liquidationThreshold": 0.5 });
    let l = run(base.clone()).unwrap();
    assert_eq!(l.collateral_seized, dec!(6.9));
    // The bonus: 6.9 − 6.9 / 1.15 = 0.9 units, worth 90 over the 600 repaid.
    assert_eq!(l.bonus_units, dec!(0.9));
    assert_eq!(l.collateral_left, dec!(3.1));
    // A partial repayment of 300 seizes 3.45 and leaves HF = 655 × 0.5 / 300.
    let p = run(with(base, json!({ "debtToCover": 300 }))).unwrap();
    assert_eq!(p.collateral_seized, dec!(3.45));
    assert_eq!(p.debt_left, dec!(300));
    assert_eq!(p.health_factor_after, Some(dec!(327.5) / dec!(300)));
}

#[test]
fn liquidation_needs_hf_strictly_below_one() {
    // Morpho: debt 86 = 100 × 1 × 0.86 is still healthy (`borrowed <= maxBorrow`).
    let l = run(json!({ "protocol": "morphoBlue", "collateralUnits": 100, "debt": 86, "oraclePrice": 1,
                        "liquidationThreshold": 0.86 }))
    .unwrap();
    assert!(!l.liquidatable);
    assert_eq!(l.health_factor_before, Some(Decimal::ONE));
    assert_eq!(l.max_debt_to_cover, Decimal::ZERO);
    assert_eq!(l.collateral_left, dec!(100));
    assert_eq!(l.debt_left, dec!(86));
    assert_eq!(l.health_factor_after, l.health_factor_before);
    // Aave at HF 1.02: nothing happens, whatever debtToCover says.
    let a = run(with(aave_weeth(), json!({ "oraclePrice": "1.073684210526315789", "debtToCover": 5 }))).unwrap();
    assert!(!a.liquidatable);
    assert_eq!(a.debt_repaid, Decimal::ZERO);
    // No debt: HF does not exist.
    let none = run(with(aave_weeth(), json!({ "debt": 0 }))).unwrap();
    assert_eq!(none.health_factor_before, None);
    assert!(!none.liquidatable);
}

#[test]
fn decimal_strings_are_accepted() {
    let l = run(json!({ "protocol": "aaveV3", "collateralUnits": "100", "debt": "100", "oraclePrice": "1.05",
                        "liquidationThreshold": "0.95", "liquidationBonus": "1e-2", "protocolFee": "0.1" }))
    .unwrap();
    assert_eq!(l.max_debt_to_cover, dec!(50));
}

#[test]
fn every_documented_error_names_its_field() {
    let cases: Vec<(Value, &str)> = vec![
        (with(aave_weeth(), json!({ "protocol": "compound" })), "protocol: unknown variant `compound`"),
        (with(aave_weeth(), json!({ "collateralUnits": 0 })), "collateralUnits: must be > 0"),
        (
            with(aave_weeth(), json!({ "collateralUnits": "x" })),
            "collateralUnits: expected a number or a decimal string",
        ),
        (with(aave_weeth(), json!({ "debt": -1 })), "debt: must be >= 0"),
        (with(aave_weeth(), json!({ "oraclePrice": 0 })), "oraclePrice: must be > 0"),
        (with(aave_weeth(), json!({ "liquidationThreshold": 1 })), "liquidationThreshold: must be > 0 and < 1"),
        (with(aave_weeth(), json!({ "liquidationBonus": 0 })), "liquidationBonus: must be > 0 and < 1"),
        (
            with(aave_weeth(), json!({ "liquidationBonus": 0.06 })),
            "liquidationBonus: Aave V3 requires liquidationThreshold × (1 + bonus) <= 1",
        ),
        (with(aave_weeth(), json!({ "protocolFee": 1.5 })), "protocolFee: must be >= 0 and <= 1"),
        (
            with(morpho_ezeth(0.9), json!({ "protocolFee": 0.1 })),
            "protocolFee: Morpho Blue takes no liquidation protocol fee",
        ),
        (with(morpho_ezeth(0.9), json!({ "liquidationBonus": 1 })), "liquidationBonus: must be >= 0 and < 1"),
        (with(aave_weeth(), json!({ "debtPriceUsd": 0 })), "debtPriceUsd: must be > 0"),
        (with(aave_weeth(), json!({ "debtToCover": -5 })), "debtToCover: must be >= 0"),
        (with(dust_edge(), json!({ "debtToCover": 0.5 })), "debtToCover: Aave V3.3 reverts (MUST_NOT_LEAVE_DUST)"),
        (
            with(morpho_ezeth(0.9), json!({ "debtToCover": 81 })),
            "debtToCover: must not exceed 80, the most Morpho Blue can take",
        ),
        (
            json!({ "protocol": "aaveV3", "collateralUnits": 1, "debt": 1, "oraclePrice": 1 }),
            "liquidationThreshold: is required",
        ),
        (json!(null), "input: wrong type: null"),
    ];
    for (input, expected) in cases {
        let message = err(input.clone());
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
    let mut no_bonus = aave_weeth();
    no_bonus.as_object_mut().unwrap().remove("liquidationBonus");
    assert_eq!(err(no_bonus), "liquidationBonus: is required for aaveV3");
    // Morpho may leave the bonus and the fee out, or give a fee of 0.
    assert!(run(with(morpho_ezeth(0.9), json!({ "protocolFee": 0 }))).is_ok());
}

#[test]
fn absurd_magnitudes_give_an_error_or_a_result_never_a_panic() {
    for (units, debt, price) in [("1e15", "1e15", "1e9"), ("1e-28", "1e15", "1e-28"), ("1e15", "1e-28", "1e-28")] {
        for protocol in ["aaveV3", "morphoBlue"] {
            let _ = run(json!({ "protocol": protocol, "collateralUnits": units, "debt": debt, "oraclePrice": price,
                                "liquidationThreshold": 0.9, "liquidationBonus": 0.05, "debtPriceUsd": "1e9" }));
        }
    }
}

fn arb_input() -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just("aaveV3"), Just("morphoBlue")],
        1u64..1_000_000,
        0u64..1_000_000,
        1u64..400,
        50u32..96,
        1u32..6,
        prop::option::of(1u64..5_000),
        prop::option::of(0u64..1_000_000),
    )
        .prop_map(|(protocol, units, debt, price, lt, bonus, usd, cover)| {
            let mut v = json!({
                "protocol": protocol,
                "collateralUnits": Decimal::new(units as i64, 3).to_string(),
                "debt": Decimal::new(debt as i64, 3).to_string(),
                "oraclePrice": Decimal::new(price as i64, 2).to_string(),
                "liquidationThreshold": Decimal::new(lt as i64, 2).to_string(),
            });
            // Morpho derives its bonus from the LLTV.
            if protocol == "aaveV3" {
                v["liquidationBonus"] = json!(Decimal::new(bonus as i64, 2).to_string());
            }
            if let Some(u) = usd {
                v["debtPriceUsd"] = json!(u);
            }
            if let Some(c) = cover {
                v["debtToCover"] = json!(Decimal::new(c as i64, 3).to_string());
            }
            v
        })
}

proptest! {
    /// Collateral and debt are conserved, nothing goes negative, and the
    /// liquidator never gets more than the debt repaid is worth with the bonus.
    /// Conserved to Decimal's precision: a difference of 28-digit numbers
    /// rounds at the 28th significant digit, hence the 1e-24 (the cascade,
    /// which keeps whole wei, is exact).
    #[test]
    fn liquidation_conserves_collateral_and_debt(input in arb_input()) {
        let parsed: LiquidationInput = parse(input.clone()).unwrap();
        let units = parsed.collateral_units.get();
        let debt = parsed.debt.get();
        let price = parsed.oracle_price.get();
        let same = |a: Decimal, b: Decimal| (a - b).abs() <= dec!(1e-24) * (Decimal::ONE + b.abs());
        match liquidate(&parsed) {
            Ok(l) => {
                prop_assert!(same(l.collateral_seized + l.collateral_left, units), "{:?}", l);
                prop_assert!(same(l.liquidator_receives + l.protocol_fee_units, l.collateral_seized), "{:?}", l);
                prop_assert!(l.protocol_fee_units <= l.bonus_units && l.bonus_units <= l.collateral_seized, "{:?}", l);
                prop_assert!(same(l.debt_repaid + l.debt_left + l.bad_debt, debt), "{:?}", l);
                for v in [l.max_debt_to_cover, l.debt_repaid, l.collateral_seized, l.protocol_fee_units,
                          l.liquidator_receives, l.collateral_left, l.debt_left, l.bad_debt] {
                    prop_assert!(v >= Decimal::ZERO, "negative value in {:?}", l);
                }
                prop_assert!(l.debt_repaid <= l.max_debt_to_cover);
                prop_assert!(l.bad_debt.is_zero() || l.collateral_left.is_zero());
                // Seized value = repaid × (1 + bonus), up to the last digit.
                if l.liquidatable {
                    let bonus = Decimal::ONE + if parsed.protocol == restake_calc::lending::Protocol::AaveV3 {
                        parsed.liquidation_bonus.unwrap().get()
                    } else {
                        restake_calc::lending::morpho_liquidation_incentive_factor(parsed.liquidation_threshold.get()).unwrap() - Decimal::ONE
                    };
                    let gap = (l.collateral_seized * price - l.debt_repaid * bonus).abs();
                    prop_assert!(gap <= dec!(1e-18) * (Decimal::ONE + l.debt_repaid), "gap {} in {:?}", gap, l);
                }
            }
            // Only an explicit debtToCover may be refused.
            Err(e) => prop_assert_eq!(e.path.as_str(), "debtToCover"),
        }
    }

    /// The default (maximum) liquidation is always accepted, and passing it
    /// back as debtToCover gives the same result.
    #[test]
    fn the_maximum_is_always_a_valid_request(input in arb_input()) {
        let mut input = input;
        input.as_object_mut().unwrap().remove("debtToCover");
        let l = run(input.clone()).unwrap();
        if l.liquidatable {
            let again = run(with(input, json!({ "debtToCover": l.max_debt_to_cover.to_string() }))).unwrap();
            prop_assert_eq!(again, l);
        }
    }

    /// The f64 instance of the same formulas (what depegSweep uses) agrees
    /// with the exact one to ~1e-12.
    #[test]
    fn f64_and_decimal_liquidations_agree(input in arb_input()) {
        let mut input = input;
        input.as_object_mut().unwrap().remove("debtToCover");
        let parsed: LiquidationInput = parse(input).unwrap();
        let (terms, position, price, _) = parsed.validate("").unwrap();
        let exact = liquidate_position(&terms, position, price, None).unwrap();
        let to = |d: Decimal| restake_calc::num::to_f64(d);
        let fast = liquidate_position(
            &terms.to::<f64>(),
            restake_calc::liquidation::Position { collateral_units: to(position.collateral_units), debt: to(position.debt) },
            to(price),
            None,
        ).unwrap();
        prop_assert_eq!(fast.liquidatable, exact.liquidatable);
        for (f, e) in [(fast.debt_repaid, exact.debt_repaid), (fast.collateral_seized, exact.collateral_seized),
                       (fast.protocol_fee_units, exact.protocol_fee_units), (fast.bad_debt, exact.bad_debt),
                       (fast.collateral_left, exact.collateral_left)] {
            prop_assert!((f - to(e)).abs() <= 1e-9 * (1.0 + to(e).abs()), "{} vs {}", f, e);
        }
    }
}
