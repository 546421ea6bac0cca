#![cfg(not(target_arch = "wasm32"))]
//! `depegSweep`, `cascade` and `exitPlan`: vectors from
//! shared/reference/vectors.md, values worked out independently (a one-off
//! Python script with 50-digit decimals, quoted below), conservation of
//! collateral and debt through a cascade, one test per documented error, and
//! proptest properties. Inputs go through the same JSON parsing as the wasm
//! boundary. `depegSweep` points are `f64`: compared with a relative
//! tolerance of 1e-12.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::depeg::{
    cascade, depeg_sweep, depeg_sweep_columns, exit_plan, Cascade, CascadeInput, DepegSweep, DepegSweepInput, ExitPlan,
    ExitPlanInput, SweepColumns,
};
use restake_calc::input::parse;
use restake_calc::leverage::{loop_position, LoopInput};
use restake_calc::liquidation::{liquidate, LiquidationInput};
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn sweep(input: Value) -> Result<DepegSweep, CalcError> {
    let parsed: DepegSweepInput = parse(input)?;
    depeg_sweep(&parsed)
}

fn columns(input: Value) -> Result<SweepColumns, CalcError> {
    let parsed: DepegSweepInput = parse(input)?;
    depeg_sweep_columns(&parsed)
}

fn run_cascade(input: Value) -> Result<Cascade, CalcError> {
    let parsed: CascadeInput = parse(input)?;
    cascade(&parsed)
}

fn exit(input: Value) -> Result<ExitPlan, CalcError> {
    let parsed: ExitPlanInput = parse(input)?;
    exit_plan(&parsed)
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

fn with(mut base: Value, extra: Value) -> Value {
    merge(&mut base, extra);
    base
}

fn near(got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-12 * (1.0 + want.abs()), "got {got}, want {want}");
}

fn f(d: Decimal) -> f64 {
    restake_calc::num::to_f64(d)
}

/// Gearbox-like ezETH loop (vectors.md): 6x, LT 0.915, market-price oracle,
/// Morpho rules (LIF from the LLTV).
fn gearbox(sweep: Value) -> Value {
    json!({
        "equity": 1, "targetLeverage": 6,
        "collateral": { "exchangeRate": 1 },
        "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.915, "borrowApr": 0, "oracle": "market" },
        "sweep": sweep
    })
}

/// Aave E-Mode weETH loop at 10x with the exchange-rate (CAPO) oracle.
fn aave_emode(extra: Value) -> Value {
    with(
        json!({
            "equity": 1, "targetLeverage": 10,
            "collateral": { "exchangeRate": 1 },
            "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95,
                        "liquidationBonus": 0.01, "borrowApr": 0.025, "oracle": "exchangeRate" }
        }),
        extra,
    )
}

// ---------------------------------------------------------------- depegSweep

#[test]
fn market_oracle_liquidates_at_the_closed_form_ratio() {
    // vectors.md: LT 0.915, L = 6 -> p_liq / p_0 = 5 / (6 × 0.915) = 0.910747.
    let s = sweep(gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 11 }))).unwrap();
    let r = s.liquidation_ratio.unwrap();
    assert_eq!(r.round_dp(6), dec!(0.910747));
    assert_eq!(r.round_dp(20), (dec!(5) / (dec!(6) * dec!(0.915))).round_dp(20));
    assert_eq!(s.points.len(), 11);
    assert_eq!(s.points[0].ratio, 1.0);
    assert_eq!(s.points[10].ratio, 0.5);
    for p in &s.points {
        near(p.market_price, p.ratio);
        assert_eq!(p.exchange_rate, 1.0);
        assert_eq!(p.oracle_price, p.market_price);
        assert_eq!(p.equity, p.equity_at_market);
        // Liquidatable exactly below the closed-form ratio.
        assert_eq!(p.liquidatable, p.ratio < f(r), "ratio {}", p.ratio);
        assert_eq!(p.liquidation.is_some(), p.liquidatable);
        // HF is linear in the oracle price: HF = ratio / r*.
        near(p.health_factor.unwrap(), p.ratio / f(r));
    }
}

#[test]
fn each_point_carries_the_liquidate_outcome() {
    // The liquidation at ratio 0.9 equals liquidate() on the built position.
    let s = sweep(gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 11 }))).unwrap();
    let point = &s.points[2];
    assert_eq!(point.ratio, 0.9);
    let mut loop_input = gearbox(json!(null));
    loop_input.as_object_mut().unwrap().remove("sweep");
    let position = loop_position(&parse::<LoopInput, _>(loop_input).unwrap()).unwrap();
    let exact = liquidate(
        &parse::<LiquidationInput, _>(json!({
            "protocol": "morphoBlue", "collateralUnits": position.collateral_units.to_string(),
            "debt": position.debt.to_string(), "oraclePrice": 0.9, "liquidationThreshold": 0.915
        }))
        .unwrap(),
    )
    .unwrap();
    let fast = point.liquidation.as_ref().unwrap();
    near(fast.debt_repaid, f(exact.debt_repaid));
    near(fast.collateral_seized, f(exact.collateral_seized));
    near(fast.collateral_left, f(exact.collateral_left));
    near(fast.bad_debt, f(exact.bad_debt));
    assert_eq!(fast.health_factor_after.is_some(), exact.health_factor_after.is_some());
}

#[test]
fn exchange_rate_oracle_ignores_a_market_depeg_but_not_a_rate_cut() {
    // A market-price sweep: HF and oracle equity do not move, equity at market falls.
    let s =
        sweep(aave_emode(json!({ "sweep": { "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 6 } }))).unwrap();
    assert_eq!(s.liquidation_ratio, None);
    let hf0 = s.points[0].health_factor.unwrap();
    for pair in s.points.windows(2) {
        assert_eq!(pair[1].health_factor.unwrap(), hf0);
        assert!(!pair[1].liquidatable && pair[1].liquidation.is_none());
        assert_eq!(pair[1].equity, pair[0].equity);
        assert!(pair[1].equity_at_market < pair[0].equity_at_market);
    }
    // 10 units of collateral, 9 of debt: halving the market price leaves −4.
    near(s.points[5].equity_at_market, -4.0);
    // An exchange-rate sweep liquidates at (L − 1) / (L × LT) = 0.947368 (vectors.md).
    let r = sweep(aave_emode(json!({ "sweep": { "variable": "exchangeRate", "from": 1, "to": 0.9, "steps": 3 } })))
        .unwrap();
    assert_eq!(r.liquidation_ratio.unwrap().round_dp(6), dec!(0.947368));
    let last = &r.points[2];
    assert!(last.liquidatable);
    // HF at 0.9 = 9 × 0.95 / 9 = 0.95 -> not above 0.95, so the whole debt may go.
    near(last.health_factor.unwrap(), 0.95);
    let l = last.liquidation.as_ref().unwrap();
    near(l.max_debt_to_cover, 9.0 * 0.9 / 1.01 * 10.0 / 9.0);
    near(l.collateral_seized, 10.0);
}

#[test]
fn liquidation_ratio_is_null_outside_the_range_and_without_debt() {
    // Already liquidatable over all of 0.5 -> 0.3: HF never reaches 1 there.
    let below = sweep(gearbox(json!({ "variable": "marketPrice", "from": 0.5, "to": 0.3, "steps": 3 }))).unwrap();
    assert_eq!(below.liquidation_ratio, None);
    assert!(below.points.iter().all(|p| p.liquidatable));
    // A rising sweep may be given in either order.
    let up = sweep(gearbox(json!({ "variable": "marketPrice", "from": 0.8, "to": 1.2, "steps": 5 }))).unwrap();
    assert_eq!(up.liquidation_ratio.unwrap().round_dp(6), dec!(0.910747));
    // No debt, no HF.
    let none = sweep(with(
        gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 2 })),
        json!({ "targetLeverage": 1 }),
    ))
    .unwrap();
    assert_eq!(none.liquidation_ratio, None);
    assert!(none.points.iter().all(|p| p.health_factor.is_none() && !p.liquidatable));
}

#[test]
fn aave_usd_thresholds_reach_the_sweep() {
    // 1 ETH of equity at $3,000 in a 10x loop is large: 50 % close factor at HF 0.9975.
    // Rate ratio 0.94: HF = 10 × 0.94 × 0.95 / 9 = 0.9922, above 0.95.
    let base = aave_emode(json!({ "sweep": { "variable": "exchangeRate", "from": 0.94, "to": 0.94, "steps": 2 } }));
    let large = sweep(with(base.clone(), json!({ "debtPriceUsd": 3000 }))).unwrap();
    let l = large.points[0].liquidation.as_ref().unwrap();
    near(l.max_debt_to_cover, 4.5);
    // At $0.01 per debt token the same position is small: 100 %.
    let small = sweep(with(base, json!({ "debtPriceUsd": 0.01 }))).unwrap();
    let s = small.points[0].liquidation.as_ref().unwrap();
    assert!(s.max_debt_to_cover > 4.5);
}

/// `depegSweepColumns` holds `depegSweep`'s points, bit for bit: the
/// liquidation columns where `liquidatable`, the untouched position elsewhere.
fn assert_same_points(input: Value) {
    let s = sweep(input.clone()).unwrap();
    let c = columns(input).unwrap();
    let n = s.points.len();
    assert_eq!(c.liquidation_ratio, s.liquidation_ratio);
    for column in [
        &c.ratio,
        &c.market_price,
        &c.exchange_rate,
        &c.oracle_price,
        &c.equity,
        &c.equity_at_market,
        &c.max_debt_to_cover,
        &c.debt_repaid,
        &c.collateral_seized,
        &c.bonus_units,
        &c.protocol_fee_units,
        &c.liquidator_receives,
        &c.collateral_left,
        &c.debt_left,
        &c.bad_debt,
        &c.health_factor_after,
    ] {
        assert_eq!(column.len(), n);
    }
    assert_eq!((c.liquidatable.len(), c.has_health_factor_after.len()), (n, n));
    let has_debt = s.points[0].health_factor.is_some();
    let mut untouched: Option<(f64, f64)> = None;
    assert_eq!(c.health_factor.is_some(), has_debt);
    for (i, p) in s.points.iter().enumerate() {
        assert_eq!(
            (c.ratio[i], c.market_price[i], c.exchange_rate[i], c.oracle_price[i]),
            (p.ratio, p.market_price, p.exchange_rate, p.oracle_price)
        );
        assert_eq!(c.health_factor.as_ref().map(|hf| hf[i]), p.health_factor);
        assert_eq!((c.equity[i], c.equity_at_market[i]), (p.equity, p.equity_at_market));
        assert_eq!(c.liquidatable[i], u8::from(p.liquidatable));
        let after = (c.has_health_factor_after[i] == 1).then_some(c.health_factor_after[i]);
        match &p.liquidation {
            Some(l) => {
                assert_eq!(
                    [
                        c.max_debt_to_cover[i],
                        c.debt_repaid[i],
                        c.collateral_seized[i],
                        c.bonus_units[i],
                        c.protocol_fee_units[i],
                        c.liquidator_receives[i],
                        c.collateral_left[i],
                        c.debt_left[i],
                        c.bad_debt[i]
                    ],
                    [
                        l.max_debt_to_cover,
                        l.debt_repaid,
                        l.collateral_seized,
                        l.bonus_units,
                        l.protocol_fee_units,
                        l.liquidator_receives,
                        l.collateral_left,
                        l.debt_left,
                        l.bad_debt
                    ]
                );
                assert_eq!(after, l.health_factor_after);
            }
            None => {
                assert_eq!(c.debt_repaid[i] + c.collateral_seized[i] + c.bad_debt[i] + c.max_debt_to_cover[i], 0.0);
                // The position as opened, the same at every such point.
                let left = (c.collateral_left[i], c.debt_left[i]);
                assert_eq!(*untouched.get_or_insert(left), left);
                assert_eq!(after, p.health_factor);
            }
        }
    }
}

#[test]
fn columns_hold_the_same_points_as_the_sweep() {
    assert_same_points(gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 101 })));
    assert_same_points(gearbox(json!({ "variable": "exchangeRate", "from": 1.2, "to": 0.3, "steps": 50 })));
    assert_same_points(aave_emode(json!({
        "sweep": { "variable": "exchangeRate", "from": 1, "to": 0.05, "steps": 300 }, "debtPriceUsd": 3000
    })));
    assert_same_points(aave_emode(json!({ "sweep": { "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 7 } })));
    // No debt: no health factor anywhere, a null column rather than NaN.
    let none = with(
        gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 4 })),
        json!({ "targetLeverage": 1 }),
    );
    assert_same_points(none.clone());
    let c = columns(none).unwrap();
    assert_eq!(c.health_factor, None);
    assert!(c.has_health_factor_after.iter().all(|&h| h == 0));
    // Every value is finite.
    let c = columns(gearbox(json!({ "variable": "marketPrice", "from": 10, "to": 0.0001, "steps": 10000 }))).unwrap();
    let all = [&c.ratio, &c.equity, &c.debt_repaid, &c.health_factor_after, c.health_factor.as_ref().unwrap()];
    assert!(all.iter().all(|col| col.iter().all(|v| v.is_finite())));
}

#[test]
fn columns_report_the_same_errors() {
    let bad = gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0, "steps": 3 }));
    assert_eq!(columns(bad.clone()).unwrap_err(), sweep(bad).unwrap_err());
    let bad = with(
        gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 3 })),
        json!({
            "market": { "liquidationThreshold": "x" }
        }),
    );
    let e = columns(bad).unwrap_err();
    assert_eq!(e.path, "market.liquidationThreshold");
}

#[test]
#[ignore = "timing check, run by hand: cargo test --release --test depeg -- --ignored --nocapture"]
fn sweep_of_ten_thousand_points_timing() {
    for (oracle, variable) in
        [("market", "marketPrice"), ("exchangeRate", "exchangeRate"), ("exchangeRate", "marketPrice")]
    {
        let input: DepegSweepInput = parse(aave_emode(json!({
            "targetLeverage": 8,
            "market": { "oracle": oracle },
            "sweep": { "variable": variable, "from": 1, "to": 0.5, "steps": 10000 },
            "debtPriceUsd": 3000
        })))
        .unwrap();
        let runs = 50;
        let start = std::time::Instant::now();
        let mut liquidatable = 0;
        for _ in 0..runs {
            liquidatable += depeg_sweep(&input).unwrap().points.iter().filter(|p| p.liquidatable).count();
        }
        let per = start.elapsed() / runs;
        println!(
            "{oracle} oracle, {variable} sweep: {per:?} per 10,000-point sweep ({} liquidatable)",
            liquidatable / runs as usize
        );
    }
}

#[test]
fn sweep_errors_name_their_field() {
    let ok = gearbox(json!({ "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 11 }));
    let cases: Vec<(Value, &str)> = vec![
        (
            with(ok.clone(), json!({ "sweep": { "steps": 1 } })),
            "sweep.steps: must be a whole number from 2 to 10000, got 1",
        ),
        (
            with(ok.clone(), json!({ "sweep": { "steps": 10001 } })),
            "sweep.steps: must be a whole number from 2 to 10000",
        ),
        (with(ok.clone(), json!({ "sweep": { "steps": 2.5 } })), "sweep.steps: must be a whole number"),
        (with(ok.clone(), json!({ "sweep": { "from": 0 } })), "sweep.from: must be > 0 and <= 10"),
        (with(ok.clone(), json!({ "sweep": { "to": 11 } })), "sweep.to: must be > 0 and <= 10"),
        (with(ok.clone(), json!({ "sweep": { "to": "half" } })), "sweep.to: expected a number or a decimal string"),
        (
            with(ok.clone(), json!({ "sweep": { "variable": "price" } })),
            "sweep.variable: unknown variant `price`, expected `marketPrice` or `exchangeRate`",
        ),
        // Nested loopPosition fields keep their full path (no serde flatten).
        (
            with(ok.clone(), json!({ "market": { "liquidationThreshold": "abc" } })),
            "market.liquidationThreshold: expected a number or a decimal string",
        ),
        (
            with(ok.clone(), json!({ "market": { "liquidationThreshold": 1.2 } })),
            "market.liquidationThreshold: must be > 0 and < 1",
        ),
        (with(ok.clone(), json!({ "collateral": { "marketPrice": 0 } })), "collateral.marketPrice: must be > 0"),
        (with(ok.clone(), json!({ "equity": -1 })), "equity: must be > 0"),
        (with(ok.clone(), json!({ "targetLeverage": 20 })), "targetLeverage: must be below"),
        (with(ok.clone(), json!({ "protocolFee": 0.1 })), "protocolFee: Morpho Blue takes no liquidation protocol fee"),
        (with(ok.clone(), json!({ "debtPriceUsd": -3 })), "debtPriceUsd: must be > 0"),
        (
            aave_emode(
                json!({ "sweep": { "variable": "marketPrice", "from": 1, "to": 0.5, "steps": 3 }, "protocolFee": 2 }),
            ),
            "protocolFee: must be >= 0 and <= 1",
        ),
    ];
    for (input, expected) in cases {
        let message = sweep(input.clone()).unwrap_err().to_string();
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
    let mut no_lt = ok.clone();
    no_lt["market"].as_object_mut().unwrap().remove("liquidationThreshold");
    assert_eq!(sweep(no_lt).unwrap_err().to_string(), "market.liquidationThreshold: is required");
    let mut no_sweep = ok;
    no_sweep.as_object_mut().unwrap().remove("sweep");
    assert_eq!(sweep(no_sweep).unwrap_err().to_string(), "sweep: is required");
}

proptest! {
    /// Along any sweep, HF never rises as the swept price falls, nor does
    /// either equity; every point is finite and liquidation outcomes conserve
    /// collateral and debt.
    #[test]
    fn hf_never_rises_as_the_price_falls(
        leverage in 110u32..1_400,
        lt in 80u32..96,
        morpho in prop::bool::ANY,
        market_oracle in prop::bool::ANY,
        rate_sweep in prop::bool::ANY,
        discount in 0u32..20,
        to in 1u32..99,
    ) {
        let lt = Decimal::new(lt as i64, 2);
        let max_leverage = Decimal::ONE / (Decimal::ONE - (lt - dec!(0.02)));
        let leverage = Decimal::new(leverage as i64, 2).min(max_leverage - dec!(0.01));
        let market = if morpho {
            json!({ "protocol": "morphoBlue", "liquidationThreshold": lt.to_string(), "borrowApr": 0,
                    "oracle": if market_oracle { "market" } else { "exchangeRate" } })
        } else {
            json!({ "protocol": "aaveV3", "maxLtv": (lt - dec!(0.02)).to_string(), "liquidationThreshold": lt.to_string(),
                    "liquidationBonus": 0.01, "borrowApr": 0,
                    "oracle": if market_oracle { "market" } else { "exchangeRate" } })
        };
        let s = sweep(json!({
            "equity": 3, "targetLeverage": leverage.to_string(),
            "collateral": { "exchangeRate": 1.05, "marketPrice": (dec!(1.05) * (Decimal::ONE - Decimal::new(discount as i64, 3))).to_string() },
            "market": market,
            "sweep": { "variable": if rate_sweep { "exchangeRate" } else { "marketPrice" },
                       "from": 1, "to": Decimal::new(to as i64, 2).to_string(), "steps": 50 },
            "debtPriceUsd": 3000
        })).unwrap();
        for pair in s.points.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            prop_assert!(b.ratio < a.ratio);
            prop_assert!(b.health_factor.unwrap() <= a.health_factor.unwrap());
            prop_assert!(b.equity <= a.equity && b.equity_at_market <= a.equity_at_market);
        }
        for p in &s.points {
            prop_assert!(p.health_factor.unwrap().is_finite() && p.equity.is_finite());
            if let Some(l) = &p.liquidation {
                let units = l.collateral_seized + l.collateral_left;
                let debt = l.debt_repaid + l.debt_left + l.bad_debt;
                prop_assert!(l.collateral_left >= 0.0 && l.debt_left >= 0.0 && l.bad_debt >= 0.0);
                prop_assert!((units - (l.collateral_seized + l.collateral_left)).abs() < 1e-9);
                prop_assert!(debt > 0.0);
            }
        }
    }
}

// ------------------------------------------------------------------- cascade

/// One Morpho ezETH position (100 ezETH, 85 WETH; LLTV 0.86) over a
/// 1,000 / 1,000 constant-product pool without fee; 10 ezETH dumped first.
fn small_cascade() -> Value {
    json!({
        "market": { "protocol": "morphoBlue", "liquidationThreshold": 0.86 },
        "pool": { "kind": "constantProduct", "reserveIn": 1000, "reserveOut": 1000, "fee": 0 },
        "positions": [{ "collateralUnits": 100, "debt": 85 }],
        "shock": { "sellCollateral": 10 }
    })
}

/// Many Aave E-Mode positions at 12x over a shallow pool: a spiral.
fn spiral(extra: Value) -> Value {
    with(
        json!({
            "market": { "protocol": "aaveV3", "liquidationThreshold": 0.95, "liquidationBonus": 0.01 },
            "pool": { "kind": "constantProduct", "reserveIn": 20000, "reserveOut": 20000, "fee": 0.003 },
            "positions": { "leverage": 12, "equity": 10, "count": 300 },
            "shock": { "sellCollateral": 500 },
            "maxRounds": 100
        }),
        extra,
    )
}

#[test]
fn cascade_golden_one_round() {
    // Reference (Python, 50 digits): after the shock the price is
    // 990.099… / 1010 = 0.980296049407; HF = 100 × 0.980296 × 0.86 / 85 =
    // 0.991828944106 < 1, so Morpho repays all 85 and seizes
    // 85 × 1.043841 / 0.980296 = 90.509916492693, sold into the pool:
    // price 0.825680597827. Nothing is left to liquidate.
    let c = run_cascade(small_cascade()).unwrap();
    assert_eq!(c.initial_price, Decimal::ONE);
    assert_eq!(c.rounds.len(), 1);
    let r = &c.rounds[0];
    assert_eq!(r.round, 1);
    assert_eq!(r.price.round_dp(12), dec!(0.980296049407));
    assert_eq!(r.liquidations, 1);
    assert_eq!(r.debt_repaid, dec!(85));
    assert_eq!(r.collateral_sold.round_dp(12), dec!(90.509916492693));
    assert_eq!(r.bad_debt, Decimal::ZERO);
    assert_eq!(c.final_price.round_dp(12), dec!(0.825680597827));
    assert!(c.converged);
    assert_eq!(c.totals.debt_left, Decimal::ZERO);
    assert_eq!(c.totals.price_drop, Decimal::ONE - c.final_price);
}

/// Collateral: positions + pool + protocol treasury = before + shock.
/// Debt: left + repaid + bad debt = before. Exact, in decimals.
fn assert_conserved(c: &Cascade, collateral_before: Decimal, debt_before: Decimal, pool_in: Decimal, shock: Decimal) {
    let t = &c.totals;
    assert_eq!(t.collateral_left + c.pool_after.reserve_in + t.protocol_fee_units, collateral_before + pool_in + shock);
    assert_eq!(t.debt_left + t.debt_repaid + t.bad_debt, debt_before);
    // The rounds add up to the totals.
    assert_eq!(c.rounds.iter().map(|r| r.collateral_sold).sum::<Decimal>(), t.collateral_sold);
    assert_eq!(c.rounds.iter().map(|r| r.debt_repaid).sum::<Decimal>(), t.debt_repaid);
    assert_eq!(c.rounds.iter().map(|r| r.bad_debt).sum::<Decimal>(), t.bad_debt);
    assert_eq!(c.rounds.iter().map(|r| r.liquidations).sum::<u32>(), t.liquidations);
    // What the liquidators sold went into the pool.
    assert_eq!(c.pool_after.reserve_in, pool_in + shock + t.collateral_sold);
}

#[test]
fn cascade_conserves_collateral_and_debt_exactly() {
    let c = run_cascade(small_cascade()).unwrap();
    assert_conserved(&c, dec!(100), dec!(85), dec!(1000), dec!(10));
    // A spiral over many rounds, with Aave's protocol fee kept by the treasury.
    let s = run_cascade(spiral(json!({}))).unwrap();
    assert!(s.rounds.len() >= 2, "{} rounds", s.rounds.len());
    assert!(s.totals.protocol_fee_units > Decimal::ZERO);
    let units = dec!(12) * dec!(10) * dec!(300); // at price 1
    assert_conserved(&s, units, dec!(11) * dec!(10) * dec!(300), dec!(20000), dec!(500));
    // Prices fall round after round.
    for pair in s.rounds.windows(2) {
        assert!(pair[1].price < pair[0].price);
    }
    assert!(s.final_price < s.rounds.last().unwrap().price);
}

#[test]
fn a_distribution_is_the_same_as_its_list() {
    let from_distribution =
        run_cascade(spiral(json!({ "positions": { "leverage": 12, "equity": 10, "count": 3 } }))).unwrap();
    let list = json!([{ "collateralUnits": 120, "debt": 110 }, { "collateralUnits": 120, "debt": 110 },
                      { "collateralUnits": "120.0", "debt": 110 }]);
    let mut from_list = spiral(json!({}));
    from_list["positions"] = list;
    assert_eq!(run_cascade(from_list).unwrap(), from_distribution);
}

#[test]
fn nothing_to_liquidate_and_cut_short() {
    let calm = run_cascade(with(small_cascade(), json!({ "shock": { "sellCollateral": 0 } }))).unwrap();
    assert!(calm.rounds.is_empty());
    assert!(calm.converged);
    assert_eq!(calm.final_price, calm.initial_price);
    let short = run_cascade(spiral(json!({ "maxRounds": 1 }))).unwrap();
    assert_eq!(short.rounds.len(), 1);
    assert!(!short.converged);
}

#[test]
fn cascade_errors_name_their_field() {
    let many: Vec<Value> = (0..10_001).map(|_| json!({ "collateralUnits": 1, "debt": 0 })).collect();
    let cases: Vec<(Value, &str)> = vec![
        (with(small_cascade(), json!({ "positions": [] })), "positions: must hold 1 to 10000 positions, got 0"),
        (with(small_cascade(), json!({ "positions": many })), "positions: must hold 1 to 10000 positions, got 10001"),
        (
            with(
                small_cascade(),
                json!({ "positions": [{ "collateralUnits": 1, "debt": 0 }, { "collateralUnits": 1, "debt": "abc" }] }),
            ),
            "positions[1].debt: expected a number or a decimal string",
        ),
        (
            with(
                small_cascade(),
                json!({ "positions": [{ "collateralUnits": 1, "debt": 0 }, { "collateralUnits": 0, "debt": 1 }] }),
            ),
            "positions[1].collateralUnits: must be > 0",
        ),
        (with(small_cascade(), json!({ "positions": [{ "debt": 1 }] })), "positions[0].collateralUnits: is required"),
        (with(small_cascade(), json!({ "positions": "many" })), "positions: wrong type: string"),
        (
            with(small_cascade(), json!({ "positions": { "leverage": 0.5, "equity": 1, "count": 1 } })),
            "positions.leverage: must be >= 1 and <= 100",
        ),
        (
            with(small_cascade(), json!({ "positions": { "leverage": 2, "equity": "x", "count": 1 } })),
            "positions.equity: expected a number or a decimal string",
        ),
        (
            with(small_cascade(), json!({ "positions": { "leverage": 2, "equity": 1, "count": 10001 } })),
            "positions.count: must be a whole number from 1 to 10000",
        ),
        (with(small_cascade(), json!({ "positions": { "leverage": 2, "equity": 1 } })), "positions.count: is required"),
        (with(small_cascade(), json!({ "pool": { "reserveIn": 0 } })), "pool.reserveIn: must be > 0"),
        (
            with(small_cascade(), json!({ "pool": { "kind": "stableSwap" } })),
            "pool.amplification: is required for stableSwap",
        ),
        (with(small_cascade(), json!({ "shock": { "sellCollateral": -1 } })), "shock.sellCollateral: must be >= 0"),
        (with(small_cascade(), json!({ "shock": null })), "shock: is required"),
        (with(small_cascade(), json!({ "maxRounds": 0 })), "maxRounds: must be a whole number from 1 to 100, got 0"),
        (with(small_cascade(), json!({ "maxRounds": 101 })), "maxRounds: must be a whole number from 1 to 100"),
        (
            with(small_cascade(), json!({ "market": { "protocolFee": 0.1 } })),
            "market.protocolFee: Morpho Blue takes no liquidation protocol fee",
        ),
        (
            with(small_cascade(), json!({ "market": { "protocol": "aaveV3" } })),
            "market.liquidationBonus: is required for aaveV3",
        ),
        (
            with(small_cascade(), json!({ "market": { "liquidationThreshold": "x" } })),
            "market.liquidationThreshold: expected a number or a decimal string",
        ),
        (
            with(small_cascade(), json!({ "pool": { "reserveIn": "1e-20" }, "shock": { "sellCollateral": "1e15" } })),
            "shock.sellCollateral: is more than the pool can absorb",
        ),
        // Found by the fuzz target structured: a distribution has no
        // collateralUnits to name, so its equity is named.
        (
            with(
                small_cascade(),
                json!({ "pool": { "reserveIn": 1e-22, "reserveOut": 20000 },
                        "positions": { "leverage": 12, "equity": 10, "count": 300 } }),
            ),
            "positions.equity: gives each position 0.0000000000000000000000006 collateral units",
        ),
    ];
    for (input, expected) in cases {
        let message = run_cascade(input.clone()).unwrap_err().to_string();
        let shown: String = input.to_string().chars().take(200).collect();
        assert!(message.starts_with(expected), "input {shown}\n got: {message}\nwant: {expected}…");
    }
}

proptest! {
    /// Any cascade conserves collateral and debt, and its price never rises.
    #[test]
    fn cascades_conserve_and_only_fall(
        morpho in prop::bool::ANY,
        stable in prop::bool::ANY,
        depth in 100u32..100_000,
        leverage in 100u32..1_900,
        count in 1u32..50,
        shock in 0u32..10_000,
        extra_units in 1u32..1_000,
    ) {
        let market = if morpho {
            json!({ "protocol": "morphoBlue", "liquidationThreshold": 0.945 })
        } else {
            json!({ "protocol": "aaveV3", "liquidationThreshold": 0.95, "liquidationBonus": 0.01, "debtPriceUsd": 3000 })
        };
        let mut pool = json!({ "kind": "constantProduct", "reserveIn": depth, "reserveOut": depth, "fee": 0.003 });
        if stable {
            pool = json!({ "kind": "stableSwap", "amplification": 100, "reserveIn": depth, "reserveOut": depth, "fee": 0.0004 });
        }
        let leverage = Decimal::new(leverage as i64, 2);
        let positions = json!([
            { "collateralUnits": (leverage * dec!(2)).to_string(), "debt": ((leverage - Decimal::ONE) * dec!(2)).to_string() },
            { "collateralUnits": extra_units, "debt": (Decimal::from(extra_units) * dec!(0.9)).to_string() },
        ]);
        let input = json!({ "market": market, "pool": pool, "positions": positions,
                            "shock": { "sellCollateral": shock }, "maxRounds": 30 });
        let c = run_cascade(input).unwrap();
        let units = leverage * dec!(2) + Decimal::from(extra_units);
        let debt = (leverage - Decimal::ONE) * dec!(2) + Decimal::from(extra_units) * dec!(0.9);
        assert_conserved(&c, units, debt, Decimal::from(depth), Decimal::from(shock));
        let _ = count;
        prop_assert!(c.final_price <= c.initial_price);
        for pair in c.rounds.windows(2) {
            prop_assert!(pair[1].price <= pair[0].price);
        }
    }
}

// ------------------------------------------------------------------ exitPlan

/// 10x Aave E-Mode loop built at a 3 % market discount; 7-day queue.
fn exit_case(extra: Value) -> Value {
    aave_emode(with(
        json!({
            "collateral": { "marketPrice": 0.97, "sustainableApr": 0.03 },
            "withdrawalDays": 7, "exitSwapCost": 0.001
        }),
        extra,
    ))
}

#[test]
fn exit_plan_golden() {
    // Reference (Python, 50 digits): the flash loan at market 0.97 gives
    // 14.285714285714 units and 12.857142857143 debt. Now: units × 0.97 ×
    // 0.999 − debt = 0.986142857143. Queue: units × e^(0.03·7/365) −
    // debt × e^(0.025·7/365) = 1.430627109967. Break-even discount
    // −0.001145042740 (selling now wins only at a premium). HF 1.055555555556
    // now, 1.055656778065 at redemption.
    let e = exit(exit_case(json!({}))).unwrap();
    assert_eq!(e.equity_unwind_now.round_dp(12), dec!(0.986142857143));
    assert_eq!(e.equity_queue.round_dp(12), dec!(1.430627109967));
    assert_eq!(e.difference, e.equity_queue - e.equity_unwind_now);
    assert_eq!(e.difference.round_dp(12), dec!(0.444484252824));
    assert_eq!(e.break_even_discount.round_dp(12), dec!(-0.001145042740));
    assert_eq!(e.market_discount, dec!(0.03));
    assert_eq!(e.health_factor_now.unwrap().round_dp(12), dec!(1.055555555556));
    assert_eq!(e.health_factor_at_redemption.unwrap().round_dp(12), dec!(1.055656778065));
    assert!(e.stays_healthy);
}

#[test]
fn no_wait_no_discount_no_difference() {
    let e = exit(aave_emode(json!({ "withdrawalDays": 0, "exitSwapCost": 0 }))).unwrap();
    assert_eq!(e.equity_unwind_now, e.equity_queue);
    assert_eq!(e.difference, Decimal::ZERO);
    assert_eq!(e.break_even_discount, Decimal::ZERO);
    assert_eq!(e.market_discount, Decimal::ZERO);
    // No wait but a 1 % exit cost: only a premium of c / (1 − c) makes selling
    // now as good as redeeming: d* = −0.01 / 0.99.
    let e = exit(aave_emode(json!({ "withdrawalDays": 0, "exitSwapCost": 0.01 }))).unwrap();
    assert_eq!(e.break_even_discount.round_dp(20), (dec!(-0.01) / dec!(0.99)).round_dp(20));
    assert!(e.difference > Decimal::ZERO);
}

#[test]
fn interest_can_liquidate_while_waiting() {
    // HF 1.0001 with the debt at 500 %/yr and no yield: after 30 days
    // HF = 1.0001 × e^(−5 × 30/365) < 1.
    let e = exit(aave_emode(json!({
        "targetLeverage": "19.9", "market": { "maxLtv": 0.95, "borrowApr": 5 },
        "withdrawalDays": 30, "exitSwapCost": 0
    })))
    .unwrap();
    assert!(e.health_factor_now.unwrap() > Decimal::ONE);
    assert!(e.health_factor_at_redemption.unwrap() < Decimal::ONE);
    assert!(!e.stays_healthy);
    // Without debt HF does not exist and nothing can be liquidated.
    let free = exit(aave_emode(json!({ "targetLeverage": 1, "withdrawalDays": 30, "exitSwapCost": 0 }))).unwrap();
    assert_eq!(free.health_factor_now, None);
    assert!(free.stays_healthy);
}

#[test]
fn exit_errors_name_their_field() {
    let cases: Vec<(Value, &str)> = vec![
        (exit_case(json!({ "withdrawalDays": 366 })), "withdrawalDays: must be >= 0 and <= 365, got 366"),
        (exit_case(json!({ "withdrawalDays": -1 })), "withdrawalDays: must be >= 0"),
        (exit_case(json!({ "withdrawalDays": "soon" })), "withdrawalDays: expected a number or a decimal string"),
        (exit_case(json!({ "exitSwapCost": 1 })), "exitSwapCost: must be >= 0 and < 1"),
        (
            exit_case(json!({ "market": { "liquidationThreshold": "abc" } })),
            "market.liquidationThreshold: expected a number or a decimal string",
        ),
        (
            exit_case(json!({ "collateral": { "sustainableApr": 11 } })),
            "collateral.sustainableApr: must be >= 0 and <= 10",
        ),
        (exit_case(json!({ "loops": 3 })), "loops: give either loops or targetLeverage, not both"),
    ];
    for (input, expected) in cases {
        let message = exit(input.clone()).unwrap_err().to_string();
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
    let mut no_days = exit_case(json!({}));
    no_days.as_object_mut().unwrap().remove("withdrawalDays");
    assert_eq!(exit(no_days).unwrap_err().to_string(), "withdrawalDays: is required");
}
