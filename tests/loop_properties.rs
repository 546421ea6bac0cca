//! Properties of `loopPosition` over random markets, prices, costs and loop
//! counts (issue 7 §2), derived from the loop's own algebra:
//!
//! Each round borrows up to `maxLtv` of the collateral's oracle value, so
//! after round n the debt is `D_n = maxLtv · V_(n−1)` and the value grows by
//! `ΔV_n = q · ΔV_(n−1)`, `q = maxLtv · (p_oracle / p_market) · (1 − swapCost)`:
//! `V_n = V_0 · S_n` with `S_n = Σ_(k=0..n) q^k`, and
//! `L_n = S_n / (S_n − maxLtv · S_(n−1))`. Since `S_(n−1) / S_n` rises with n,
//! leverage rises and HF (`LT · S_n / (maxLtv · S_(n−1))`) falls every round,
//! and `L_n < 1 / (1 − maxLtv)`; the flash loan to `L_n` (no fee) solves the
//! same two equations, `V = P · (E + D · (1 − s))` and `L = V / (V − D)`, so
//! it holds the same position.
//!
//! Inputs go through `input::parse` as at the wasm boundary.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::depeg::{depeg_sweep, DepegSweepInput};
use restake_calc::input::parse;
use restake_calc::leverage::{loop_position, LoopInput, LoopPosition};
use restake_calc::num::to_f64;
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn run(input: &Value) -> Result<LoopPosition, CalcError> {
    let parsed: LoopInput = parse(input.clone())?;
    loop_position(&parsed)
}

fn with(mut base: Value, key: &str, value: Value) -> Value {
    base.as_object_mut().unwrap().insert(key.to_string(), value);
    base
}

/// Decimal's relative rounding, a few units of the 28th significant digit.
const ROUNDING: Decimal = dec!(1e-26);

/// `|a − b| <= tolerance · (1 + |b|)`.
fn close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    (a - b).abs() <= tolerance * (Decimal::ONE + b.abs())
}

/// A decimal `units / 10^scale` as a JSON string.
fn dec_str(units: i64, scale: u32) -> Value {
    json!(Decimal::new(units, scale).to_string())
}

/// A lending market under either protocol's rules, either oracle.
fn market() -> impl Strategy<Value = Value> {
    let oracle = prop_oneof![Just("exchangeRate"), Just("market")];
    let aave = (7_000i64..9_700, 0i64..500, 1i64..600, 0i64..2_000, oracle.clone()).prop_map(
        |(lt, below, bonus, borrow, oracle)| {
            let lt_d = Decimal::new(lt, 4);
            // Aave's rule LT · (1 + bonus) <= 1.
            let max_bonus =
                (Decimal::ONE / lt_d - Decimal::ONE).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::ToZero);
            let bonus = Decimal::new(bonus, 4).min(max_bonus).max(dec!(0.0001));
            json!({ "protocol": "aaveV3", "liquidationThreshold": lt_d.to_string(),
                    "maxLtv": Decimal::new((lt - below).max(0), 4).to_string(),
                    "liquidationBonus": bonus.to_string(), "borrowApr": dec_str(borrow, 4), "oracle": oracle })
        },
    );
    let morpho = (3_850i64..9_650, 0i64..2_000, oracle).prop_map(|(lltv, borrow, oracle)| {
        json!({ "protocol": "morphoBlue", "liquidationThreshold": dec_str(lltv, 4),
                "borrowApr": dec_str(borrow, 4), "oracle": oracle })
    });
    prop_oneof![aave, morpho]
}

/// A loop input without `loops` / `targetLeverage`: equity, a token priced
/// within ±5 % of its exchange rate, a market, swap costs (no flash fee
/// unless `fee`).
fn loop_base(fee: bool) -> impl Strategy<Value = Value> {
    (1i64..1_000_000, 5_000i64..20_000, -500i64..500, market(), 0i64..100, 0i64..20).prop_map(
        move |(equity, rate, premium, market, swap, flash)| {
            let rate = Decimal::new(rate, 4);
            let price = rate * (Decimal::ONE + Decimal::new(premium, 4));
            json!({ "equity": dec_str(equity, 2),
                    "collateral": { "exchangeRate": rate.to_string(), "marketPrice": price.to_string(),
                                    "sustainableApr": 0.03 },
                    "market": market,
                    "costs": { "swapCost": dec_str(swap, 4), "flashLoanFee": if fee { dec_str(flash, 4) } else { json!(0) } } })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Leverage never exceeds `maxLeverage = 1 / (1 − maxLtv)`, nor LTV
    /// `maxLtv`, after any number of loops or any accepted flash-loan target.
    /// Up to Decimal's rounding at the 28th significant digit: after many
    /// rounds `L_n` is within that rounding of the maximum, and the two
    /// quotients may round apart (1.6485328058028354764259808771 against
    /// 1.648532805802835476425980877 after 69 rounds at LLTV 0.3934).
    #[test]
    fn leverage_never_exceeds_max_leverage(base in loop_base(true), loops in 0u32..=100, target in 1_000i64..60_000, by_loops in any::<bool>()) {
        let input = if by_loops { with(base, "loops", json!(loops)) } else { with(base, "targetLeverage", dec_str(target, 3)) };
        let market: restake_calc::lending::MarketInput = parse(input["market"].clone()).unwrap();
        let max_ltv = market.validate("market").unwrap().max_ltv;
        match run(&input) {
            Ok(p) => {
                let at_most = |x: Decimal, max: Decimal| x <= max * (Decimal::ONE + ROUNDING);
                prop_assert!(at_most(p.leverage, p.max_leverage), "{} > {}", p.leverage, p.max_leverage);
                prop_assert!(at_most(p.ltv, max_ltv), "ltv {} > maxLtv {}", p.ltv, max_ltv);
                for step in p.steps.iter().flatten() {
                    prop_assert!(at_most(step.leverage, p.max_leverage), "step {} at {}", step.loop_index, step.leverage);
                }
            }
            // A target at or past the maximum, or one the oracle makes unreachable.
            Err(e) => prop_assert!(!by_loops && e.path == "targetLeverage", "{e}"),
        }
    }

    /// Round by round, leverage rises and HF falls, and the leverage of every
    /// round is the flash-loan position at that leverage (no flash fee): the
    /// same collateral and debt, to Decimal's last digits.
    #[test]
    fn loops_rise_monotonically_along_the_flash_loan_positions(base in loop_base(false), loops in 1u32..=30) {
        let by_loops = run(&with(base.clone(), "loops", json!(loops))).unwrap();
        let steps = by_loops.steps.clone().unwrap();
        for pair in steps.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if b.debt > a.debt {
                prop_assert!(b.leverage > a.leverage, "leverage {} then {}", a.leverage, b.leverage);
                if let (Some(x), Some(y)) = (a.health_factor, b.health_factor) {
                    prop_assert!(y < x, "HF {} then {}", x, y);
                }
            } else {
                prop_assert_eq!(b.debt, a.debt, "debt never falls");
            }
        }
        for step in steps.iter().skip(1).filter(|s| s.debt > Decimal::ZERO) {
            let flash = run(&with(base.clone(), "targetLeverage", json!(step.leverage.to_string()))).unwrap();
            prop_assert!(close(flash.collateral_units, step.collateral_units, dec!(1e-20)),
                "round {}: units {} by flash loan, {} by loops", step.loop_index, flash.collateral_units, step.collateral_units);
            prop_assert!(close(flash.debt, step.debt, dec!(1e-20)),
                "round {}: debt {} by flash loan, {} by loops", step.loop_index, flash.debt, step.debt);
        }
    }

    /// The loop's HF, equity and liquidation price are those of the de-peg
    /// sweep of the same loop at today's price, and along the sweep of the
    /// oracle's price HF and equity never rise as the price falls; HF crosses
    /// 1 where loopPosition says (ratio `1 − liquidationDrop`).
    #[test]
    fn hf_and_equity_never_rise_as_the_oracle_price_falls(base in loop_base(true), loops in 0u32..=100, to in 1u32..99) {
        let input = with(base, "loops", json!(loops));
        let p = run(&input).unwrap();
        let variable = if input["market"]["oracle"] == "market" { "marketPrice" } else { "exchangeRate" };
        let sweep_input = with(input, "sweep", json!({ "variable": variable, "from": 1, "to": dec_str(to.into(), 2), "steps": 60 }));
        let parsed: DepegSweepInput = parse(sweep_input).unwrap();
        let s = depeg_sweep(&parsed).unwrap();
        let today = &s.points[0];
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + b.abs());
        prop_assert!(near(today.equity, to_f64(p.equity)), "equity {} vs {}", today.equity, p.equity);
        prop_assert_eq!(today.health_factor.is_some(), p.health_factor.is_some());
        if let (Some(a), Some(b)) = (today.health_factor, p.health_factor) {
            prop_assert!(near(a, to_f64(b)), "HF {} vs {}", a, b);
        }
        for pair in s.points.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            prop_assert!(b.ratio < a.ratio);
            prop_assert!(b.equity <= a.equity, "equity {} then {}", a.equity, b.equity);
            if let (Some(x), Some(y)) = (a.health_factor, b.health_factor) {
                prop_assert!(y <= x, "HF {} then {}", x, y);
            }
        }
        if let Some(drop) = p.liquidation_drop {
            let threshold = 1.0 - to_f64(drop);
            for point in &s.points {
                let hf = point.health_factor.unwrap();
                // HF is linear in the ratio: 1e-12 of slack for rounding.
                if point.ratio < threshold * (1.0 - 1e-12) {
                    prop_assert!(hf < 1.0, "ratio {} below {} with HF {}", point.ratio, threshold, hf);
                } else if point.ratio > threshold * (1.0 + 1e-12) {
                    prop_assert!(hf >= 1.0, "ratio {} above {} with HF {}", point.ratio, threshold, hf);
                }
            }
        }
    }
}
