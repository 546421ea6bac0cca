//! Portfolio risk: each position's greeks equal the functions they reuse
//! (`optionPrice`, `perpLiquidationPrice`, `fundingPayment`, `loopPosition`)
//! times the quantity; the P&L grid's centre is exactly 0; the suggested
//! hedge makes the delta exactly 0; scenario values by hand (perp
//! liquidation, option expiry, loop exposure, crash protection); VaR/ES of
//! a linear book against closed forms; properties (greeks against finite
//! differences of the book's value, put-call parity inside a book) and one
//! test per documented error.
//!
//! Inputs go through the same JSON parsing as the wasm boundary.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::leverage::{loop_position, LoopInput};
use restake_calc::num::{to_f64, Decimal};
use restake_calc::options::{option_price, OptionInput};
use restake_calc::perps::{funding_payment, perp_liquidation_price, FundingInput, PerpLiquidationInput};
use restake_calc::portfolio::{portfolio_risk, stratified_tail, PortfolioInput, PortfolioRisk, PositionKind};
use restake_calc::stats::{norm_cdf, norm_quantile};
use restake_calc::tail::TailMethod;
use restake_calc::CalcError;
use serde_json::{json, Value};

fn risk(input: Value) -> Result<PortfolioRisk, CalcError> {
    let parsed: PortfolioInput = parse(input)?;
    portfolio_risk(&parsed)
}

fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual:.15}, expected {expected:.15} (diff {:e}, tol {tol:e})",
        (actual - expected).abs()
    );
}

fn rel(actual: f64, expected: f64, tol: f64, what: &str) {
    close(actual, expected, tol * expected.abs().max(1e-300), what);
}

const MARKET: fn() -> Value = || json!({ "spot": 3000, "vol": 0.7, "rate": 0.04 });

fn loop_input() -> Value {
    json!({
        "equity": 10, "loops": 5,
        "collateral": { "exchangeRate": 1.05, "marketPrice": 1.04, "sustainableApr": 0.029, "incentiveApr": 0.01 },
        "market": { "protocol": "aaveV3", "maxLtv": 0.93, "liquidationThreshold": 0.95, "liquidationBonus": 0.01,
                    "borrowApr": 0.025, "oracle": "exchangeRate" }
    })
}

fn perp_short() -> Value {
    json!({ "side": "short", "quantity": 20, "entryPrice": 2900, "walletBalance": 12000,
            "maintenanceMarginRate": 0.005, "fundingRate": 0.0001 })
}

/// The README's example book: a loop, ETH, a perp short and puts.
fn example_book() -> Value {
    json!({
        "market": MARKET(),
        "positions": [
            { "loop": loop_input() },
            { "spot": { "quantity": 5 } },
            { "perp": perp_short() },
            { "option": { "kind": "put", "strike": 2500, "years": 0.0833, "quantity": 10 } },
            { "option": { "kind": "call", "strike": 3500, "years": 0.25, "quantity": -5, "vol": 0.65 } }
        ]
    })
}

fn book(positions: Value) -> Value {
    json!({ "market": MARKET(), "positions": positions })
}

// ---------------------------------------------------------------------------
// Each position is the function it reuses

#[test]
fn an_option_position_has_optionprice_greeks_times_quantity() {
    for (kind, strike, years, quantity) in [("call", 3200, 0.25, 3.0), ("put", 2500, 0.0833, -7.5)] {
        let r =
            risk(book(json!([{ "option": { "kind": kind, "strike": strike, "years": years, "quantity": quantity } }])))
                .unwrap();
        let single: OptionInput = parse(json!({ "model": "bsm", "kind": kind, "spot": 3000, "strike": strike,
                                               "years": years, "rate": 0.04, "vol": 0.7 }))
        .unwrap();
        let g = option_price(&single).unwrap();
        let p = &r.positions[0].greeks;
        assert_eq!(r.positions[0].kind, PositionKind::Option);
        assert_eq!(p.value, quantity * g.price);
        assert_eq!(p.delta, quantity * g.delta);
        assert_eq!(p.gamma, quantity * g.gamma);
        assert_eq!(p.gamma_per_percent, quantity * g.gamma * 3000.0 / 100.0);
        assert_eq!(p.vega, quantity * g.vega);
        assert_eq!(p.vega_per_point, quantity * g.vega / 100.0);
        assert_eq!(p.theta_per_day, quantity * g.theta / 365.0);
        // One position: the total is that position.
        assert_eq!(r.total, *p);
    }
    // Days instead of years: 365 a year.
    let by_days =
        risk(book(json!([{ "option": { "kind": "put", "strike": 2500, "days": 30, "quantity": 1 } }]))).unwrap();
    let by_years =
        risk(book(json!([{ "option": { "kind": "put", "strike": 2500, "years": "0.08219178082191780821917808219", "quantity": 1 } }])))
            .unwrap();
    close(by_days.total.value, by_years.total.value, 1e-12, "30 days");
}

#[test]
fn black76_on_the_carry_forward_agrees_with_bsm() {
    let option = |model: &str| {
        risk(json!({ "market": { "spot": 3000, "vol": 0.7, "rate": 0.04, "carry": 0.03 },
                     "positions": [{ "option": { "kind": "call", "strike": 3300, "years": 0.5, "quantity": 2,
                                                 "model": model } }] }))
        .unwrap()
        .total
    };
    let (b, f) = (option("bsm"), option("black76"));
    rel(f.value, b.value, 1e-12, "price");
    rel(f.delta, b.delta, 1e-12, "delta = Δ_F·F/S");
    rel(f.gamma, b.gamma, 1e-12, "gamma = Γ_F·(F/S)²");
    rel(f.vega, b.vega, 1e-12, "vega");
    // A forward at a premium: worth more than the carry forward's call.
    let rich = risk(json!({ "market": MARKET(), "positions": [{ "option": { "kind": "call", "strike": 3300,
        "years": 0.5, "quantity": 2, "model": "black76", "forward": 3200 } }] }))
    .unwrap();
    let fair =
        risk(book(json!([{ "option": { "kind": "call", "strike": 3300, "years": 0.5, "quantity": 2 } }]))).unwrap();
    assert!(rich.total.value > fair.total.value);
}

#[test]
fn a_perp_has_the_liquidation_price_and_funding_of_the_perp_functions() {
    let r = risk(book(json!([{ "perp": perp_short() }]))).unwrap();
    let liq: PerpLiquidationInput = parse(json!({ "side": "short", "quantity": 20, "entryPrice": 2900,
        "walletBalance": 12000, "maintenanceMarginRate": 0.005 }))
    .unwrap();
    let lp = to_f64(perp_liquidation_price(&liq).unwrap().liquidation_price.unwrap());
    let p = &r.positions[0];
    assert_eq!(p.liquidation_price, Some(lp));
    assert_eq!(p.liquidation_move, Some(lp / 3000.0 - 1.0));
    let day: FundingInput =
        parse(json!({ "side": "short", "quantity": 20, "price": 3000, "fundingRate": 0.0001, "hours": 24 })).unwrap();
    close(p.greeks.carry_per_day, to_f64(funding_payment(&day).unwrap().payment), 1e-12, "funding a day");
    assert_eq!(p.greeks.carry_per_day, 18.0, "a short receives 20 × 3000 × 0.01 % × 3 a day");
    assert_eq!((p.greeks.delta, p.greeks.value), (-20.0, 12000.0 - 20.0 * 100.0));
    // Beyond the liquidation price the isolated margin is gone: the P&L is
    // minus today's value, whatever the shock.
    let grid = risk(json!({ "market": MARKET(), "positions": [{ "perp": perp_short() }],
                           "grid": { "spotShocks": [0, 0.2, 0.5, 1] } }))
    .unwrap()
    .grid;
    assert!(3000.0 * 1.2 > lp);
    for row in &grid.pnl {
        assert_eq!(row[0], 0.0);
        assert_eq!(&row[1..], &[-10000.0, -10000.0, -10000.0]);
    }
}

#[test]
fn a_loop_is_its_eth_equity_and_its_depeg_exposure() {
    let r = risk(book(json!([{ "loop": loop_input() }]))).unwrap();
    let l: LoopInput = parse(loop_input()).unwrap();
    let lp = loop_position(&l).unwrap();
    let p = &r.positions[0];
    let equity = to_f64(lp.equity_at_market);
    assert_eq!(p.kind, PositionKind::Loop);
    assert_eq!(p.greeks.delta, equity, "delta to ETH = equity in ETH");
    assert_eq!(p.greeks.value, 3000.0 * equity);
    assert_eq!((p.greeks.gamma, p.greeks.vega, p.greeks.theta_per_day), (0.0, 0.0, 0.0));
    close(p.greeks.depeg_per_point, 3000.0 * to_f64(lp.collateral_units) * 1.05 / 100.0, 1e-9, "de-peg per point");
    close(p.greeks.carry_per_day, 3000.0 * to_f64(lp.equity) * to_f64(lp.apr.net) / 365.0, 1e-9, "net yield a day");
    // ETH debt: ETH/USD alone never liquidates it.
    assert_eq!(p.liquidation_price, None);
    let loop_risk = p.loop_risk.unwrap();
    assert_eq!(loop_risk.liquidation_depeg, None, "an exchange-rate oracle ignores a de-peg");
    assert_eq!(loop_risk.liquidation_drop, lp.liquidation_drop);
    // A spot shock x moves it by x·S·E; a volatility shock not at all.
    let grid = &r.grid;
    for row in &grid.pnl {
        for (j, x) in grid.spot_shocks.iter().enumerate() {
            close(row[j], 3000.0 * (1.0 + x) * equity - 3000.0 * equity, 1e-9, "loop P&L");
        }
    }
    // Under a market-price oracle a de-peg liquidates: the discount to the
    // exchange rate at which HF = 1.
    let mut market = loop_input();
    market["market"]["oracle"] = json!("market");
    let r = risk(book(json!([{ "loop": market.clone() }]))).unwrap();
    let l: LoopInput = parse(market).unwrap();
    let lp = loop_position(&l).unwrap();
    let expected = Decimal::ONE - lp.liquidation_price.unwrap() / Decimal::new(105, 2);
    assert_eq!(r.positions[0].loop_risk.unwrap().liquidation_depeg, Some(expected));
}

// ---------------------------------------------------------------------------
// Scenarios

#[test]
fn the_grid_centre_is_zero_and_the_axes_are_the_defaults() {
    let r = risk(example_book()).unwrap();
    let g = &r.grid;
    assert_eq!(g.spot_shocks, vec![-0.5, -0.4, -0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    assert_eq!(g.vol_shocks, vec![-0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0]);
    assert_eq!(g.pnl.len(), 7);
    assert!(g.pnl.iter().all(|row| row.len() == 11));
    assert_eq!(g.pnl[2][5], 0.0, "no shock, no P&L");
    assert_eq!(g.spots[5], 3000.0);
    // Long puts, short calls: more vol helps at −50 % (the puts) …
    assert_eq!(r.payoff.now[50], 0.0, "the T+0 curve crosses 0 at today's spot");
}

#[test]
fn the_hedge_makes_the_delta_exactly_zero() {
    let r = risk(example_book()).unwrap();
    let h = r.hedge.unwrap();
    let mut hedged = example_book();
    let side = if r.total.delta > 0.0 { "short" } else { "long" };
    assert_eq!(serde_json::to_value(h.side).unwrap(), json!(side));
    assert_eq!(h.quantity, r.total.delta.abs());
    hedged["positions"].as_array_mut().unwrap().push(json!({ "perp": { "side": side, "quantity": h.quantity,
        "walletBalance": 100000, "maintenanceMarginRate": 0.005 } }));
    let after = risk(hedged).unwrap();
    assert_eq!(after.total.delta, 0.0);
    assert!(after.hedge.is_none(), "nothing left to hedge");
    // A perp is linear: gamma and vega are unchanged.
    assert_eq!((after.total.gamma, after.total.vega), (r.total.gamma, r.total.vega));
}

#[test]
fn payoff_curves_now_at_the_horizon_and_at_expiry() {
    let call = json!({ "option": { "kind": "call", "strike": 3000, "years": 0.25, "quantity": 2 } });
    let r = risk(json!({ "market": MARKET(), "positions": [call, { "spot": { "quantity": 1 } }],
                         "payoff": { "from": -0.5, "to": 0.5, "points": 11, "horizonDays": 30 } }))
    .unwrap();
    let p = &r.payoff;
    assert_eq!(p.spots.len(), 11);
    assert_eq!((p.spots[0], p.spots[10]), (1500.0, 4500.0));
    assert_eq!(p.horizon_days, 30.0);
    close(p.expiry_days.unwrap(), 0.25 * 365.0, 1e-12, "expiry = the last option's");
    let premium = r.positions[0].greeks.value;
    let expiry = p.expiry.as_ref().unwrap();
    for (i, &s) in p.spots.iter().enumerate() {
        // At expiry: 2·max(S' − K, 0) + 1·S' − today's value.
        close(expiry[i], 2.0 * (s - 3000.0).max(0.0) + s - (premium + 3000.0), 1e-9, "expiry payoff");
        // Time decay of a long call: T+30 lies between expiry and T+0 above the strike region.
        assert!(p.horizon[i] <= p.now[i] + 1e-9, "theta < 0: T+30 below T+0 at {s}");
    }
    // No options, no expiry curve.
    let r = risk(book(json!([{ "spot": { "quantity": 1 } }]))).unwrap();
    assert!(r.payoff.expiry.is_none() && r.payoff.expiry_days.is_none());
    assert_eq!(r.payoff.spots.len(), 101);
    assert_eq!(r.payoff.horizon_days, 7.0);
}

#[test]
fn carry_accrues_on_the_horizon_curve() {
    let r = risk(json!({ "market": MARKET(), "positions": [{ "perp": perp_short() }],
                         "payoff": { "points": 3, "horizonDays": 10 } }))
    .unwrap();
    // At today's spot after 10 days: funding of 10 days, nothing else.
    close(r.payoff.horizon[1], 10.0 * 18.0, 1e-9, "10 days of funding");
    assert_eq!(r.payoff.now[1], 0.0);
}

#[test]
fn put_protection_against_a_crash() {
    let r = risk(json!({ "market": MARKET(), "positions": [{ "spot": { "quantity": 10 } }],
                         "protection": { "crash": 0.3, "strike": 2700, "days": 30 } }))
    .unwrap();
    let p = r.protection;
    let put: OptionInput = parse(json!({ "model": "bsm", "kind": "put", "spot": 3000, "strike": 2700,
                                       "years": 30.0 / 365.0, "rate": 0.04, "vol": 0.7 }))
    .unwrap();
    assert_eq!(p.quantity, 10.0, "default: one put per ETH of delta");
    assert_eq!(p.premium, option_price(&put).unwrap().price);
    close(p.cost, 10.0 * p.premium, 1e-9, "cost");
    close(p.loss_without, 9000.0, 1e-9, "10 ETH × 900");
    // The puts are deep in the money after the crash: worth at least 600 each.
    assert!(p.payout > 10.0 * 600.0 && p.payout < 10.0 * 700.0);
    close(p.loss_with, p.loss_without + p.cost - p.payout, 1e-9, "loss with puts");
    assert!(p.loss_with < p.loss_without);
    // A book that gains in a crash buys nothing by default.
    let short = risk(book(json!([{ "spot": { "quantity": -1 } }]))).unwrap();
    assert_eq!((short.protection.quantity, short.protection.cost), (0.0, 0.0));
    assert!(short.protection.loss_without < 0.0);
}

// ---------------------------------------------------------------------------
// Tail risk

/// Exact VaR and ES of `q` ETH over one day when the log return is normal
/// with stdev `σ`: `VaR = q·S·(1 − e^(σ·z_α))`, and, with the lognormal's
/// partial mean `E[e^X; X ≤ σz] = e^(σ²/2)·N(z − σ)`,
/// `ES = q·S·(1 − e^(σ²/2)·N(z_α − σ)/α)`.
fn spot_normal_tail(q: f64, s: f64, sigma: f64, alpha: f64) -> (f64, f64) {
    let z = norm_quantile(alpha);
    (q * s * (1.0 - (sigma * z).exp()), q * s * (1.0 - (0.5 * sigma * sigma).exp() * norm_cdf(z - sigma) / alpha))
}

#[test]
fn tail_of_a_spot_holding_matches_the_closed_form() {
    for (confidence, days) in [(0.99, 1.0), (0.95, 10.0), (0.999, 1.0)] {
        let r = risk(json!({ "market": MARKET(), "positions": [{ "spot": { "quantity": 10 } }],
                             "tail": { "confidence": confidence, "horizonDays": days } }))
        .unwrap();
        let t = &r.tail;
        let sigma = 0.7 * (days / 365.0_f64).sqrt();
        close(t.stdev, sigma, 1e-15, "stdev over the horizon");
        let normal = &t.methods[0];
        assert_eq!(normal.method, TailMethod::Normal);
        let (var, es) = spot_normal_tail(10.0, 3000.0, sigma, 1.0 - confidence);
        rel(normal.var.unwrap(), var, 3e-5, "normal VaR");
        rel(normal.es.unwrap(), es, 1e-3, "normal ES");
        // The return's own VaR is tailRisk's: VaR of the book = q·S·(1 − e^(−returnVar)).
        rel(normal.var.unwrap(), 30000.0 * (1.0 - (-normal.return_var.unwrap()).exp()), 3e-5, "via returnVar");
        // Student-t: monotone book, so the same identity holds.
        let t4 = &t.methods[2];
        assert_eq!(t4.method, TailMethod::StudentT);
        // (Coarser: the t quantile is steeper, so the strata are wider in it.)
        rel(t4.var.unwrap(), 30000.0 * (1.0 - (-t4.return_var.unwrap()).exp()), 3e-5, "t VaR");
        // Fat tails: at 99 % and beyond the t(4) loses more than the normal.
        if confidence >= 0.99 {
            assert!(t4.es.unwrap() > normal.es.unwrap());
        }
        assert_eq!(t.methods.len(), 3, "no returns, no historical");
    }
}

#[test]
fn a_short_book_loses_in_the_upper_tail() {
    let r = risk(book(json!([{ "spot": { "quantity": -10 } }]))).unwrap();
    let sigma = 0.7 / 365.0_f64.sqrt();
    let z = norm_quantile(0.99);
    rel(r.tail.methods[0].var.unwrap(), 30000.0 * ((sigma * z).exp() - 1.0), 1e-5, "short VaR");
}

#[test]
fn historical_tail_revalues_every_return() {
    let returns = [-0.08, -0.05, -0.02, 0.0, 0.01, 0.03, 0.04, 0.05, -0.01, 0.02];
    let r = risk(json!({ "market": MARKET(), "positions": [{ "spot": { "quantity": 2 } }],
                         "tail": { "confidence": 0.9, "returns": returns } }))
    .unwrap();
    let h = r.tail.methods.last().unwrap();
    assert_eq!(h.method, TailMethod::Historical);
    // n·α = 1: the worst return, −8 %, on 6,000 USD.
    close(h.var.unwrap(), 480.0, 1e-9, "historical VaR");
    close(h.es.unwrap(), 480.0, 1e-9, "historical ES");
    assert_eq!((h.return_var, h.return_es), (Some(0.08), Some(0.08)));
}

#[test]
fn cornish_fisher_outside_its_range_is_a_note_not_a_number() {
    let ok = risk(json!({ "market": MARKET(), "positions": [{ "spot": { "quantity": 1 } }],
                          "tail": { "skew": -0.5, "excessKurtosis": 4 } }))
    .unwrap();
    let cf = &ok.tail.methods[1];
    assert_eq!(cf.method, TailMethod::CornishFisher);
    assert!(cf.var.unwrap() > ok.tail.methods[0].var.unwrap(), "negative skew, fat tails: a larger VaR");
    let bad = risk(json!({ "market": MARKET(), "positions": [{ "spot": { "quantity": 1 } }],
                           "tail": { "skew": 3, "excessKurtosis": 8 } }))
    .unwrap();
    let cf = &bad.tail.methods[1];
    assert_eq!((cf.var, cf.es, cf.return_var), (None, None, None));
    assert!(cf.note.as_deref().unwrap().contains("not increasing"), "{:?}", cf.note);
}

#[test]
fn stratified_tail_reads_between_strata() {
    // Four equal strata: linear in p, the quantile at 0.25 lies halfway
    // between the first two midpoints (0.125 and 0.375) …
    let mut samples = vec![(3.0, 0.25), (-1.0, 0.25), (-4.0, 0.25), (1.0, 0.25)];
    let t = stratified_tail(&mut samples, 0.25, |p| p);
    close(t.var, 2.5, 1e-15, "VaR");
    // … and in normal coordinates, where it is read, at (z(0.25) − z(0.125)) / (z(0.375) − z(0.125)).
    let t = stratified_tail(&mut samples, 0.25, norm_quantile);
    let f = (norm_quantile(0.25) - norm_quantile(0.125)) / (norm_quantile(0.375) - norm_quantile(0.125));
    close(t.var, 4.0 - 3.0 * f, 1e-15, "VaR in z");
    // ES over (0, 0.25]: the worst stratum entirely.
    close(t.es, 4.0, 1e-15, "ES");
}

// ---------------------------------------------------------------------------
// Errors

#[test]
fn every_documented_error_names_its_field() {
    let base = example_book;
    type Edit = fn(&mut Value);
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("market.spot", |v| v["market"]["spot"] = json!(0), "must be > 0"),
        ("market.vol", |v| v["market"]["vol"] = json!(-0.1), "must be > 0"),
        ("market.rate", |v| v["market"]["rate"] = json!(11), "must be >= -1 and <= 10, got 11"),
        ("market.carry", |v| v["market"]["carry"] = json!(-2), "must be >= -1"),
        ("market.spot", |v| v["market"]["spot"] = json!("abc"), "expected a number or a decimal string"),
        ("positions", |v| v["positions"] = json!([]), "must list at least one position"),
        (
            "positions",
            |v| v["positions"] = json!(vec![json!({ "spot": { "quantity": 1 } }); 51]),
            "must list at most 50",
        ),
        ("positions[1]", |v| v["positions"][1] = json!({ "bond": { "quantity": 1 } }), "unknown variant `bond`"),
        (
            "positions[1].spot.quantity",
            |v| v["positions"][1]["spot"]["quantity"] = json!("2e15"),
            "must be >= -1000000000000000",
        ),
        ("positions[2].perp.quantity", |v| v["positions"][2]["perp"]["quantity"] = json!(0), "must be > 0"),
        ("positions[2].perp.side", |v| v["positions"][2]["perp"]["side"] = json!("flat"), "unknown variant `flat`"),
        ("positions[2].perp.entryPrice", |v| v["positions"][2]["perp"]["entryPrice"] = json!(-1), "must be > 0"),
        ("positions[2].perp.walletBalance", |v| v["positions"][2]["perp"]["walletBalance"] = json!(-1), "must be >= 0"),
        (
            "positions[2].perp.walletBalance",
            |v| v["positions"][2]["perp"]["walletBalance"] = json!(100),
            "is below the maintenance margin at the market spot 3000",
        ),
        (
            "positions[2].perp.maintenanceMarginRate",
            |v| v["positions"][2]["perp"]["maintenanceMarginRate"] = json!(1),
            "must be >= 0 and < 1",
        ),
        (
            "positions[2].perp.maintenanceAmount",
            |v| v["positions"][2]["perp"]["maintenanceAmount"] = json!(-1),
            "must be >= 0",
        ),
        (
            "positions[2].perp.fundingRate",
            |v| v["positions"][2]["perp"]["fundingRate"] = json!(2),
            "must be >= -1 and <= 1",
        ),
        (
            "positions[2].perp.intervalHours",
            |v| v["positions"][2]["perp"]["intervalHours"] = json!(0),
            "must be >= 0.01",
        ),
        (
            "positions[2].perp.walletBalance",
            |v| {
                v["positions"][2]["perp"].as_object_mut().unwrap().remove("walletBalance");
            },
            "is required",
        ),
        ("positions[3].option.strike", |v| v["positions"][3]["option"]["strike"] = json!(0), "must be > 0"),
        ("positions[3].option.years", |v| v["positions"][3]["option"]["years"] = json!(101), "must be > 0 and <= 100"),
        (
            "positions[3].option.days",
            |v| v["positions"][3]["option"]["days"] = json!(30),
            "give either years or days, not both",
        ),
        (
            "positions[3].option.days",
            |v| {
                v["positions"][3]["option"].as_object_mut().unwrap().remove("years");
                v["positions"][3]["option"]["days"] = json!(0);
            },
            "must be > 0 and <= 36500",
        ),
        (
            "positions[3].option.years",
            |v| {
                v["positions"][3]["option"].as_object_mut().unwrap().remove("years");
            },
            "is required: give years or days",
        ),
        ("positions[3].option.vol", |v| v["positions"][3]["option"]["vol"] = json!(0), "must be > 0"),
        (
            "positions[3].option.kind",
            |v| v["positions"][3]["option"]["kind"] = json!("straddle"),
            "unknown variant `straddle`",
        ),
        (
            "positions[3].option.quantity",
            |v| v["positions"][3]["option"]["quantity"] = json!("-2e15"),
            "must be >= -1000000000000000",
        ),
        (
            "positions[3].option.forward",
            |v| v["positions"][3]["option"]["forward"] = json!(3000),
            "is for model \"black76\" only",
        ),
        (
            "positions[3].option.forward",
            |v| {
                v["positions"][3]["option"]["model"] = json!("black76");
                v["positions"][3]["option"]["forward"] = json!(0);
            },
            "must be > 0",
        ),
        (
            "positions[0].loop.market.maxLtv",
            |v| v["positions"][0]["loop"]["market"]["maxLtv"] = json!(0.96),
            "must not exceed liquidationThreshold",
        ),
        ("positions[0].loop.equity", |v| v["positions"][0]["loop"]["equity"] = json!(0), "must be > 0"),
        (
            "positions[0].loop.loops",
            |v| v["positions"][0]["loop"]["targetLeverage"] = json!(3),
            "give either loops or targetLeverage",
        ),
        ("grid.spotShocks", |v| v["grid"] = json!({ "spotShocks": [] }), "must list at least one shock"),
        ("grid.spotShocks", |v| v["grid"] = json!({ "spotShocks": vec![0; 42] }), "must list at most 41 shocks"),
        ("grid.spotShocks[1]", |v| v["grid"] = json!({ "spotShocks": [0, -1] }), "must be >= -0.99 and <= 10, got -1"),
        (
            "grid.spotShocks[2]",
            |v| v["grid"] = json!({ "spotShocks": [0, 0.1, 0.1] }),
            "must be above the shock before it (0.1)",
        ),
        ("grid.volShocks[0]", |v| v["grid"] = json!({ "volShocks": [5] }), "must be >= -0.9 and <= 4, got 5"),
        ("payoff.from", |v| v["payoff"] = json!({ "from": -1 }), "must be >= -0.99"),
        ("payoff.to", |v| v["payoff"] = json!({ "from": 0.2, "to": 0.1 }), "must be > 0.2 and <= 10, got 0.1"),
        ("payoff.points", |v| v["payoff"] = json!({ "points": 1 }), "must be a whole number from 2 to 501"),
        ("payoff.points", |v| v["payoff"] = json!({ "points": 2.5 }), "must be a whole number from 2 to 501"),
        ("payoff.horizonDays", |v| v["payoff"] = json!({ "horizonDays": -1 }), "must be >= 0 and <= 36500"),
        ("protection.crash", |v| v["protection"] = json!({ "crash": 1 }), "must be > 0 and < 1, got 1"),
        ("protection.volShock", |v| v["protection"] = json!({ "volShock": -1 }), "must be >= -0.9"),
        ("protection.strike", |v| v["protection"] = json!({ "strike": 0 }), "must be > 0"),
        ("protection.days", |v| v["protection"] = json!({ "days": 0 }), "must be > 0 and <= 36500"),
        ("protection.quantity", |v| v["protection"] = json!({ "quantity": -1 }), "must be >= 0"),
        ("tail.confidence", |v| v["tail"] = json!({ "confidence": 1 }), "must be >= 0.5 and < 1, got 1"),
        ("tail.skew", |v| v["tail"] = json!({ "skew": 101 }), "must be >= -100 and <= 100"),
        ("tail.excessKurtosis", |v| v["tail"] = json!({ "skew": 2, "excessKurtosis": 1 }), "must be >= skew² − 2 = 2"),
        ("tail.dof", |v| v["tail"] = json!({ "dof": 2 }), "must be > 2 and <= 10000, got 2"),
        ("tail.horizonDays", |v| v["tail"] = json!({ "horizonDays": 0 }), "must be > 0 and <= 36500, got 0"),
        ("tail.returns", |v| v["tail"] = json!({ "returns": [] }), "must hold 1 to 100000 returns, got 0"),
        ("tail.returns[1]", |v| v["tail"] = json!({ "returns": [0.01, -1] }), "must be > -1 and <= 10, got -1"),
        ("tail.returns[0]", |v| v["tail"] = json!({ "returns": ["x"] }), "expected a number or a decimal string"),
    ];
    for (field, edit, start) in cases {
        let mut input = base();
        edit(&mut input);
        let e = risk(input).expect_err(field);
        assert_eq!(e.path, field, "{e}");
        assert!(e.message.starts_with(start), "{field}: {e}");
    }
}

// ---------------------------------------------------------------------------
// Properties

fn arb_position() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-100.0f64..100.0).prop_map(|q| json!({ "spot": { "quantity": (q * 100.0).round() / 100.0 } })),
        (any::<bool>(), 0.1f64..50.0, 2000.0f64..4000.0).prop_map(|(long, q, entry)| json!({ "perp": {
            "side": if long { "long" } else { "short" }, "quantity": (q * 10.0).round() / 10.0,
            "entryPrice": entry.round(), "walletBalance": 1e9, "maintenanceMarginRate": 0.005 } })),
        (any::<bool>(), 1000.0f64..6000.0, 0.01f64..2.0, -20.0f64..20.0, 0.2f64..1.5).prop_map(
            |(call, k, t, q, vol)| json!({ "option": { "kind": if call { "call" } else { "put" },
                "strike": k.round(), "years": (t * 1000.0).round() / 1000.0, "quantity": (q * 10.0).round() / 10.0,
                "vol": (vol * 100.0).round() / 100.0 } })
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The centre of the grid is exactly 0 and the hedge zeroes the delta,
    /// for any book.
    #[test]
    fn centre_is_zero_and_hedge_is_exact(positions in prop::collection::vec(arb_position(), 1..8)) {
        let mut input = book(Value::Array(positions));
        let r = risk(input.clone()).unwrap();
        prop_assert_eq!(r.grid.pnl[2][5], 0.0);
        if let Some(h) = r.hedge {
            let side = if r.total.delta > 0.0 { "short" } else { "long" };
            input["positions"].as_array_mut().unwrap().push(json!({ "perp": { "side": side,
                "quantity": h.quantity, "walletBalance": 1e12, "maintenanceMarginRate": 0 } }));
            if let Ok(after) = risk(input) {
                prop_assert_eq!(after.total.delta, 0.0);
            }
        }
    }

    /// The book's delta and gamma are the derivatives of its value (central
    /// differences of the T+0 payoff curve).
    #[test]
    fn greeks_are_derivatives_of_the_book_value(positions in prop::collection::vec(arb_position(), 1..6)) {
        // ds = 0.6 USD: the truncation error ds²·|∂³V/∂S³|/6 stays below 1e-5 of the delta.
        let h = 2e-4;
        let mut input = book(Value::Array(positions));
        input["payoff"] = json!({ "from": -h, "to": h, "points": 3 });
        let r = risk(input).unwrap();
        let (down, up) = (r.payoff.now[0], r.payoff.now[2]);
        let ds = 3000.0 * h;
        let delta = (up - down) / (2.0 * ds);
        let gamma = (up + down) / (ds * ds);
        // Rounding of the values themselves (a 1e9 margin is 1.2e-7 per ulp).
        let noise = 8.0 * f64::EPSILON * r.positions.iter().map(|p| p.greeks.value.abs()).sum::<f64>().max(1.0);
        let scale = r.positions.iter().map(|p| p.greeks.delta.abs()).sum::<f64>().max(1.0);
        prop_assert!((delta - r.total.delta).abs() <= 1e-5 * scale + noise / ds, "delta {} vs {}", delta, r.total.delta);
        let gscale = r.positions.iter().map(|p| p.greeks.gamma.abs()).sum::<f64>();
        prop_assert!((gamma - r.total.gamma).abs() <= 1e-3 * gscale + noise / (ds * ds), "gamma {} vs {}", gamma, r.total.gamma);
    }

    /// Put-call parity inside a book: long call, short put, short e^(−qT)
    /// ETH and long K·e^(−rT) of cash has no delta, gamma or vega.
    #[test]
    fn a_synthetic_forward_against_spot_is_flat(k in 1000.0f64..6000.0, t in 0.01f64..3.0, q in 0.0f64..0.1) {
        let (k, t, q) = (k.round(), (t * 100.0).round() / 100.0, (q * 1000.0).round() / 1000.0);
        let r = risk(json!({ "market": { "spot": 3000, "vol": 0.7, "rate": 0.04, "carry": q }, "positions": [
            { "option": { "kind": "call", "strike": k, "years": t, "quantity": 1 } },
            { "option": { "kind": "put", "strike": k, "years": t, "quantity": -1 } },
            { "spot": { "quantity": -(-q * t).exp() } } ] })).unwrap();
        prop_assert!(r.total.delta.abs() < 1e-12, "delta {}", r.total.delta);
        prop_assert!(r.total.gamma.abs() < 1e-15, "gamma {}", r.total.gamma);
        prop_assert!(r.total.vega.abs() < 1e-9, "vega {}", r.total.vega);
        // Its value is the discounted strike, less.
        let cash = k * (-0.04 * t).exp();
        prop_assert!((r.total.value + cash).abs() < 1e-9 * cash.max(1.0));
    }
}
