#![cfg(not(target_arch = "wasm32"))]
//! `yieldProjection` and `pointsValue`: fees, the four decay curves, the
//! closed-form averages against numerical integration, properties of the
//! schedule, and one test per documented error. Inputs go through the same
//! JSON parsing as the wasm boundary.
//!
//! Tolerances: rational curves (none, linear, cliff) are exact Decimal, so
//! compared exactly; the half-life curve is f64 (about 15 significant
//! digits), compared to 1e-12; an average from Simpson's rule with n = 200,000
//! intervals is compared to 1e-9, or 1e-5 for the cliff (at a jump Simpson's
//! rule errs by up to one step, 1/n = 5e-6 of the average).
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::yields::{
    points_value, yield_projection, PointsValue, PointsValueInput, YieldKind, YieldProjection, YieldProjectionInput,
};
use restake_calc::CalcError;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn run(input: Value) -> Result<YieldProjection, CalcError> {
    let parsed: YieldProjectionInput = parse(input)?;
    yield_projection(&parsed)
}

fn points(input: Value) -> Result<PointsValue, CalcError> {
    let parsed: PointsValueInput = parse(input)?;
    points_value(&parsed)
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap()
}

/// One component of 1 (100 %/yr) with the given decay, no fees.
fn one(decay: Value, horizon: u32) -> YieldProjection {
    run(json!({
        "components": [{ "label": "x", "apr": 1, "kind": "incentive", "decay": decay }],
        "horizonMonths": horizon
    }))
    .unwrap()
}

/// The curve of issue 4, written independently of the crate: f(t) for a
/// decay type and its months.
fn reference_factor(kind: &str, months: f64, t: f64) -> f64 {
    match kind {
        "none" => 1.0,
        "linear" => (1.0 - t / months).max(0.0),
        "halfLife" => 2f64.powf(-t / months),
        "cliff" => {
            if t < months {
                1.0
            } else {
                0.0
            }
        }
        _ => unreachable!(),
    }
}

/// Composite Simpson's rule with `n` (even) intervals over [0, h].
fn simpson(g: impl Fn(f64) -> f64, h: f64, n: usize) -> f64 {
    let step = h / n as f64;
    let inner: f64 = (1..n).map(|i| g(i as f64 * step) * if i % 2 == 1 { 4.0 } else { 2.0 }).sum();
    (g(0.0) + inner + g(h)) * step / 3.0
}

#[test]
fn fees_come_off_each_component_then_the_protocol_fee() {
    // ETH staking 3 % (sustainable), AVS fees 0.5 % with a 10 % operator
    // commission (sustainable), EIGEN incentives 2 % (incentive); LRT fee 10 %.
    let p = run(json!({
        "components": [
            { "label": "ETH staking", "apr": 0.03, "kind": "sustainable" },
            { "label": "AVS fees", "apr": 0.005, "kind": "sustainable", "fee": 0.1 },
            { "label": "EIGEN", "apr": 0.02, "kind": "incentive", "fee": 0.1 }
        ],
        "protocolFee": 0.1,
        "horizonMonths": 12
    }))
    .unwrap();
    assert_eq!(p.now.gross, dec!(0.055));
    // 0.03 × 0.9 + 0.005 × 0.9 × 0.9 = 0.027 + 0.00405.
    assert_eq!(p.now.sustainable, dec!(0.03105));
    // 0.02 × 0.9 × 0.9.
    assert_eq!(p.now.incentive, dec!(0.0162));
    assert_eq!(p.now.net, dec!(0.04725));
    assert_eq!(p.now.sustainable_share, Some(dec!(0.03105) / dec!(0.04725)));
    // No decay: every month and the average equal now.
    assert_eq!(p.schedule.len(), 13);
    for (m, point) in p.schedule.iter().enumerate() {
        assert_eq!(point.month as usize, m);
        assert_eq!(point.total, dec!(0.04725));
    }
    assert_eq!(p.average.total, dec!(0.04725));
    assert_eq!(p.components[1].label, "AVS fees");
    assert_eq!(p.components[1].kind, YieldKind::Sustainable);
    assert_eq!(p.components[1].apr, dec!(0.005));
    assert_eq!(p.components[1].now, dec!(0.00405));
    assert_eq!(p.components[2].average, dec!(0.0162));
}

#[test]
fn each_curve_follows_its_definition_month_by_month() {
    // Against the definitions at every month, including the kink and the
    // cliff's edge (t = months pays 0).
    for (kind, months) in
        [("linear", 6.0), ("linear", 7.5), ("halfLife", 6.0), ("halfLife", 0.7), ("cliff", 6.0), ("cliff", 2.5)]
    {
        let p = one(json!({ "type": kind, "months": months }), 12);
        for point in &p.schedule {
            let want = reference_factor(kind, months, point.month as f64);
            assert!((f(point.total) - want).abs() < 1e-12, "{kind} {months} month {}", point.month);
            assert_eq!(point.sustainable, Decimal::ZERO);
            assert_eq!(point.incentive, point.total);
        }
    }
    let cliff = one(json!({ "type": "cliff", "months": 6 }), 12);
    assert_eq!(cliff.schedule[5].total, Decimal::ONE);
    assert_eq!(cliff.schedule[6].total, Decimal::ZERO);
    let linear = one(json!({ "type": "linear", "months": 4 }), 6);
    assert_eq!(linear.schedule[1].total, dec!(0.75));
    assert_eq!(linear.schedule[4].total, Decimal::ZERO);
    assert_eq!(linear.schedule[6].total, Decimal::ZERO);
    let half = one(json!({ "type": "halfLife", "months": 3 }), 6);
    assert_eq!(half.schedule[3].total, dec!(0.5));
    assert_eq!(half.schedule[6].total, dec!(0.25));
}

#[test]
fn averages_match_numerical_integration() {
    // Horizons shorter than, equal to and longer than the decay period.
    for kind in ["none", "linear", "halfLife", "cliff"] {
        for months in [0.5, 3.0, 12.0, 17.25, 240.0] {
            for horizon in [1u32, 3, 12, 36, 600] {
                let p = one(json!({ "type": kind, "months": months }), horizon);
                let h = horizon as f64;
                let numeric = simpson(|t| reference_factor(kind, months, t), h, 200_000) / h;
                let got = f(p.average.total);
                let tolerance = if kind == "cliff" { 1e-5 } else { 1e-9 };
                assert!(
                    (got - numeric).abs() < tolerance,
                    "{kind} months {months} horizon {horizon}: {got} vs {numeric}"
                );
                assert_eq!(p.average.incentive, p.average.total);
                assert_eq!(p.components[0].average, p.average.total);
            }
        }
    }
}

#[test]
fn rational_averages_are_exact() {
    // Linear, H <= m: 1 − H/(2m); H > m: m/(2H).
    assert_eq!(one(json!({ "type": "linear", "months": 24 }), 12).average.total, dec!(0.75));
    assert_eq!(one(json!({ "type": "linear", "months": 6 }), 12).average.total, dec!(0.25));
    assert_eq!(one(json!({ "type": "linear", "months": 12 }), 12).average.total, dec!(0.5));
    // Cliff: min(H, m)/H.
    assert_eq!(one(json!({ "type": "cliff", "months": 3 }), 12).average.total, dec!(0.25));
    assert_eq!(one(json!({ "type": "cliff", "months": 30 }), 12).average.total, Decimal::ONE);
    // Half-life, H = m: (1 − 1/2)/ln 2 = 0.7213475204444817.
    let half = one(json!({ "type": "halfLife", "months": 12 }), 12).average.total;
    assert!((f(half) - 0.5 / std::f64::consts::LN_2).abs() < 1e-12, "{half}");
    // A very long half-life barely decays and keeps its digits (expm1).
    let slow = one(json!({ "type": "halfLife", "months": 1200 }), 1).average.total;
    let lambda = std::f64::consts::LN_2 / 1200.0;
    assert!((f(slow) - (1.0 - lambda / 2.0 + lambda.powi(2) / 6.0 - lambda.powi(3) / 24.0)).abs() < 1e-12, "{slow}");
    // A very short one is finite and near zero.
    let fast = one(json!({ "type": "halfLife", "months": "1e-20" }), 600);
    assert!(fast.average.total < dec!(1e-15));
    assert_eq!(fast.schedule[1].total, Decimal::ZERO);
}

#[test]
fn a_decaying_incentive_leaves_the_sustainable_floor() {
    let p = run(json!({
        "components": [
            { "label": "staking", "apr": 0.03, "kind": "sustainable" },
            { "label": "points", "apr": 0.06, "kind": "incentive", "decay": { "type": "cliff", "months": 6 } }
        ],
        "horizonMonths": 12
    }))
    .unwrap();
    assert_eq!(p.now.net, dec!(0.09));
    assert_eq!(p.now.sustainable_share, Some(dec!(0.03) / dec!(0.09)));
    assert_eq!(p.schedule[12].total, dec!(0.03));
    assert_eq!(p.schedule[12].incentive, Decimal::ZERO);
    assert_eq!(p.average.sustainable, dec!(0.03));
    assert_eq!(p.average.incentive, dec!(0.03));
    assert_eq!(p.average.total, dec!(0.06));
}

#[test]
fn sustainable_share_does_not_exist_without_net_yield() {
    let zero =
        run(json!({ "components": [{ "label": "x", "apr": 0, "kind": "sustainable" }], "horizonMonths": 1 })).unwrap();
    assert_eq!(zero.now.net, Decimal::ZERO);
    assert_eq!(zero.now.sustainable_share, None);
    let all_fees = run(json!({
        "components": [{ "label": "x", "apr": 0.05, "kind": "incentive" }], "protocolFee": 1, "horizonMonths": 1
    }))
    .unwrap();
    assert_eq!(all_fees.now.gross, dec!(0.05));
    assert_eq!(all_fees.now.sustainable_share, None);
}

#[test]
fn decimal_strings_and_no_decay_months_are_accepted() {
    let p = run(json!({
        "components": [{ "label": "x", "apr": "0.04", "kind": "sustainable", "fee": "1e-1",
                         "decay": { "type": "none" } }],
        "protocolFee": "0.1", "horizonMonths": "24"
    }))
    .unwrap();
    assert_eq!(p.now.net, dec!(0.0324));
    assert_eq!(p.schedule.len(), 25);
}

#[test]
fn the_longest_projection_has_every_month() {
    let components: Vec<Value> = (0..100)
        .map(|i| json!({ "label": format!("c{i}"), "apr": 10, "kind": "incentive", "decay": { "type": "halfLife", "months": 1 + i } }))
        .collect();
    let p = run(json!({ "components": components, "horizonMonths": 600 })).unwrap();
    assert_eq!(p.schedule.len(), 601);
    assert_eq!(p.now.gross, dec!(1000));
}

#[test]
fn every_documented_error_names_its_field() {
    let ok_component = json!({ "label": "x", "apr": 0.03, "kind": "sustainable" });
    let with = |component: Value, horizon: Value| json!({ "components": [ok_component, ok_component, component], "horizonMonths": horizon });
    let too_many: Vec<Value> = (0..101).map(|_| ok_component.clone()).collect();
    let cases: Vec<(Value, &str)> = vec![
        (
            with(json!({ "label": "x", "apr": 0.03, "kind": "points" }), json!(12)),
            "components[2].kind: unknown variant `points`, expected `sustainable` or `incentive`",
        ),
        (
            with(
                json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "type": "exponential", "months": 3 } }),
                json!(12),
            ),
            "components[2].decay.type: unknown variant `exponential`",
        ),
        (
            with(
                json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "type": "linear", "months": -1 } }),
                json!(12),
            ),
            "components[2].decay.months: must be > 0 and <= 1200, got -1",
        ),
        (
            with(
                json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "type": "cliff", "months": 0 } }),
                json!(12),
            ),
            "components[2].decay.months: must be > 0",
        ),
        (
            with(
                json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "type": "halfLife", "months": 1201 } }),
                json!(12),
            ),
            "components[2].decay.months: must be > 0 and <= 1200",
        ),
        (
            with(json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "type": "halfLife" } }), json!(12)),
            "components[2].decay.months: is required for halfLife decay",
        ),
        (
            with(
                json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "type": "none", "months": -2 } }),
                json!(12),
            ),
            "components[2].decay.months: must be > 0",
        ),
        (
            with(json!({ "label": "x", "apr": 0.03, "kind": "incentive", "decay": { "months": 3 } }), json!(12)),
            "components[2].decay.type: is required",
        ),
        (
            with(json!({ "label": "x", "apr": -0.01, "kind": "incentive" }), json!(12)),
            "components[2].apr: must be >= 0 and <= 10, got -0.01",
        ),
        (
            with(json!({ "label": "x", "apr": 11, "kind": "incentive" }), json!(12)),
            "components[2].apr: must be >= 0 and <= 10",
        ),
        (
            with(json!({ "label": "x", "apr": "3%", "kind": "incentive" }), json!(12)),
            "components[2].apr: expected a number or a decimal string, got the string \"3%\"",
        ),
        (
            with(json!({ "label": "x", "apr": 0.03, "kind": "incentive", "fee": 1.1 }), json!(12)),
            "components[2].fee: must be >= 0 and <= 1, got 1.1",
        ),
        (
            with(json!({ "label": "x", "apr": 0.03, "kind": "incentive", "fee": -0.1 }), json!(12)),
            "components[2].fee: must be >= 0 and <= 1",
        ),
        (with(json!({ "apr": 0.03, "kind": "incentive" }), json!(12)), "components[2].label: is required"),
        (with(json!({ "label": "x", "kind": "incentive" }), json!(12)), "components[2].apr: is required"),
        (with(json!({ "label": "x", "apr": 0.03 }), json!(12)), "components[2].kind: is required"),
        (with(ok_component.clone(), json!(0)), "horizonMonths: must be a whole number from 1 to 600, got 0"),
        (with(ok_component.clone(), json!(-12)), "horizonMonths: must be a whole number from 1 to 600, got -12"),
        (with(ok_component.clone(), json!(601)), "horizonMonths: must be a whole number from 1 to 600, got 601"),
        (with(ok_component.clone(), json!(1.5)), "horizonMonths: must be a whole number"),
        (
            json!({ "components": [ok_component], "horizonMonths": 12, "protocolFee": 2 }),
            "protocolFee: must be >= 0 and <= 1, got 2",
        ),
        (json!({ "components": [], "horizonMonths": 12 }), "components: must list at least one component"),
        (
            json!({ "components": too_many, "horizonMonths": 12 }),
            "components: must list at most 100 components, got 101",
        ),
        (json!({ "components": [ok_component] }), "horizonMonths: is required"),
        (json!({ "horizonMonths": 12 }), "components: is required"),
        (json!({ "components": {}, "horizonMonths": 12 }), "components: wrong type: map"),
        (json!(null), "input: wrong type: null"),
    ];
    for (input, expected) in cases {
        let message = run(input.clone()).unwrap_err().to_string();
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
}

#[test]
fn points_value_implies_an_apr_and_echoes_its_assumptions() {
    // 1,000 of 1,000,000 points, 10 % of a $1bn FDV airdropped: $100,000 on
    // $100,000 over half a year = 200 %/yr.
    let p = points(json!({
        "myPoints": 1000, "totalPoints": 1000000, "airdropShareOfSupply": 0.1,
        "tokenFdv": 1000000000, "capital": 100000, "years": 0.5
    }))
    .unwrap();
    assert_eq!(p.share_of_points, dec!(0.001));
    assert_eq!(p.airdrop_value, dec!(100000000));
    assert_eq!(p.value, dec!(100000));
    assert_eq!(p.apr, dec!(2));
    assert_eq!(p.assumptions.my_points, dec!(1000));
    assert_eq!(p.assumptions.total_points, dec!(1000000));
    assert_eq!(p.assumptions.airdrop_share_of_supply, dec!(0.1));
    assert_eq!(p.assumptions.token_fdv, dec!(1000000000));
    assert_eq!(p.assumptions.capital, dec!(100000));
    assert_eq!(p.assumptions.years, dec!(0.5));
    // A worthless token or no points: 0 %.
    let worthless = points(json!({
        "myPoints": 0, "totalPoints": 1, "airdropShareOfSupply": 0.1, "tokenFdv": 0, "capital": 1, "years": 1
    }))
    .unwrap();
    assert_eq!(worthless.apr, Decimal::ZERO);
}

#[test]
fn points_value_errors_name_their_field() {
    let base = json!({ "myPoints": 10, "totalPoints": 100, "airdropShareOfSupply": 0.1, "tokenFdv": 1e9, "capital": 1e5, "years": 1 });
    let with = |field: &str, v: Value| {
        let mut b = base.clone();
        b[field] = v;
        b
    };
    let cases: Vec<(Value, &str)> = vec![
        (with("myPoints", json!(101)), "myPoints: must be >= 0 and <= 100, got 101"),
        (with("myPoints", json!(-1)), "myPoints: must be >= 0"),
        (with("totalPoints", json!(0)), "totalPoints: must be > 0"),
        (with("airdropShareOfSupply", json!(1.5)), "airdropShareOfSupply: must be >= 0 and <= 1"),
        (with("tokenFdv", json!(-1)), "tokenFdv: must be >= 0"),
        (with("capital", json!(0)), "capital: must be > 0"),
        (with("years", json!(0)), "years: must be > 0 and <= 100, got 0"),
        (with("years", json!(101)), "years: must be > 0 and <= 100"),
        (with("years", json!(null)), "years: is required"),
        (with("capital", json!("1e-25")), "capital: too large to compute exactly"),
    ];
    for (input, expected) in cases {
        let message = points(input.clone()).unwrap_err().to_string();
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("tokenFdv");
    assert_eq!(points(missing).unwrap_err().to_string(), "tokenFdv: is required");
}

fn decay_strategy() -> impl Strategy<Value = Value> {
    let months = (1u32..=24_000).prop_map(|m| Decimal::new(m as i64, 2)); // 0.01 to 240 months
    prop_oneof![
        Just(json!(null)),
        Just(json!({ "type": "none" })),
        months.clone().prop_map(|m| json!({ "type": "linear", "months": m.to_string() })),
        months.clone().prop_map(|m| json!({ "type": "halfLife", "months": m.to_string() })),
        months.prop_map(|m| json!({ "type": "cliff", "months": m.to_string() })),
    ]
}

fn component_strategy() -> impl Strategy<Value = Value> {
    (0u32..=2000, 0u32..=100, any::<bool>(), decay_strategy()).prop_map(|(apr, fee, sustainable, decay)| {
        let mut c = json!({
            "label": "c",
            "apr": Decimal::new(apr as i64, 4).to_string(),
            "kind": if sustainable { "sustainable" } else { "incentive" },
            "fee": Decimal::new(fee as i64, 2).to_string()
        });
        if !decay.is_null() {
            c["decay"] = decay;
        }
        c
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn schedules_never_rise_and_averages_lie_between_the_ends(
        components in prop::collection::vec(component_strategy(), 1..8),
        protocol_fee in 0u32..=100,
        horizon in 1u32..=120,
    ) {
        let p = run(json!({
            "components": components,
            "protocolFee": Decimal::new(protocol_fee as i64, 2).to_string(),
            "horizonMonths": horizon
        })).unwrap();
        prop_assert_eq!(p.schedule.len() as u32, horizon + 1);
        for pair in p.schedule.windows(2) {
            prop_assert!(pair[1].total <= pair[0].total, "total rises at month {}", pair[1].month);
            prop_assert!(pair[1].sustainable <= pair[0].sustainable);
            prop_assert!(pair[1].incentive <= pair[0].incentive);
        }
        for point in &p.schedule {
            prop_assert_eq!(point.sustainable + point.incentive, point.total);
        }
        // Every curve is non-increasing, so over [0, H] its maximum is at 0
        // and its minimum at H.
        let (first, last) = (&p.schedule[0], &p.schedule[horizon as usize]);
        let slack = dec!(1e-15);
        for (avg, max, min) in [
            (p.average.total, first.total, last.total),
            (p.average.sustainable, first.sustainable, last.sustainable),
            (p.average.incentive, first.incentive, last.incentive),
        ] {
            prop_assert!(avg <= max + slack && avg >= min - slack, "average {} outside [{}, {}]", avg, min, max);
        }
        prop_assert_eq!(first.total, p.now.net);
        prop_assert_eq!(p.average.sustainable + p.average.incentive, p.average.total);
        let component_sum: Decimal = p.components.iter().map(|c| c.average).sum();
        prop_assert_eq!(component_sum, p.average.total);
        prop_assert!(p.now.net <= p.now.gross);
        if let Some(share) = p.now.sustainable_share {
            prop_assert!(share >= Decimal::ZERO && share <= Decimal::ONE);
        }
    }
}
