#![cfg(not(target_arch = "wasm32"))]
//! Options: golden vectors (shared/reference/vectors.md "Options"; Haug's
//! tables as QuantLib's test-suite/europeanoption.cpp quotes them), the
//! inverse convention, property tests (put-call parity, greeks against
//! central finite differences, implied volatility inverting the price, the
//! batch equal to the single path bit for bit, extreme inputs finite and
//! never negative) and one test per documented error.
//!
//! Tolerances: a vector quoted to n significant digits is compared within
//! half a unit of its last digit (the quote's own rounding), or tighter
//! where noted. Inputs go through the same JSON parsing as the wasm boundary.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::options::{
    greeks, implied_vol, option_greeks_batch, option_greeks_into, option_price, GreekColumnsMut, ImpliedVolInput,
    OptionColumns, OptionGreeks, OptionInput, OptionKind, OptionModel, OptionTerms,
};
use restake_calc::CalcError;
use serde_json::{json, Value};

fn price(input: Value) -> Result<OptionGreeks, CalcError> {
    let parsed: OptionInput = parse(input)?;
    option_price(&parsed)
}

fn iv(input: Value) -> Result<f64, CalcError> {
    let parsed: ImpliedVolInput = parse(input)?;
    implied_vol(&parsed).map(|v| v.vol)
}

fn bsm(kind: &str, s: f64, k: f64, r: f64, q: f64, t: f64, vol: f64) -> OptionGreeks {
    price(
        json!({ "model": "bsm", "kind": kind, "spot": s, "strike": k, "years": t, "rate": r, "carry": q, "vol": vol }),
    )
    .unwrap()
}

fn black(kind: &str, f: f64, k: f64, r: f64, t: f64, vol: f64) -> OptionGreeks {
    price(json!({ "model": "black76", "kind": kind, "forward": f, "strike": k, "years": t, "rate": r, "vol": vol }))
        .unwrap()
}

/// `|actual − expected| ≤ tol`, with a message.
fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual:.15}, expected {expected:.15} (diff {:e}, tol {tol:e})",
        (actual - expected).abs()
    );
}

fn err(result: Result<impl std::fmt::Debug, CalcError>) -> (String, String) {
    let e = result.unwrap_err();
    (e.path.clone(), e.to_string())
}

// ---------------------------------------------------------------------------
// Golden vectors

#[test]
fn hull_call_and_put_price_and_greeks() {
    // vectors.md: S=42 K=40 r=0.10 q=0 σ=0.20 T=0.5, quoted to 10 significant
    // digits: within 5e-10 relative.
    let c = bsm("call", 42.0, 40.0, 0.10, 0.0, 0.5, 0.20);
    let rel = |v: f64| 5e-10 * v.abs();
    close(c.price, 4.759422393, rel(4.759422393), "call price");
    close(c.delta, 0.7791312909, rel(0.7791312909), "call delta");
    close(c.gamma, 0.04996267041, rel(0.04996267041), "call gamma");
    close(c.vega, 8.81341506, 5e-9, "call vega");
    close(c.theta, -4.559092195, rel(4.559092195), "call theta");
    close(c.rho, 13.98204591, rel(13.98204591), "call rho");
    close(c.theta_per_day, c.theta / 365.0, 0.0, "thetaPerDay");
    close(c.vega_per_point, c.vega / 100.0, 0.0, "vegaPerPoint");
    let p = bsm("put", 42.0, 40.0, 0.10, 0.0, 0.5, 0.20);
    close(p.price, 0.8085993729, rel(0.8085993729), "put price");
    close(p.delta, -0.2208687091, rel(0.2208687091), "put delta");
    close(p.theta, -0.7541744966, rel(0.7541744966), "put theta");
    close(p.rho, -5.042542577, rel(5.042542577), "put rho");
    // Gamma and vega do not depend on the kind.
    close(p.gamma, c.gamma, 1e-15, "put gamma");
    close(p.vega, c.vega, 1e-13, "put vega");
}

#[test]
fn py_vollib_values() {
    // vectors.md, K=1000 r=0.05 q=0; quoted to 10 significant digits
    // (135.524075 to 9).
    for (s, t, vol, call, put) in
        [(1000.0, 0.5, 0.3, 96.34876628, 71.65867831), (900.0, 0.01, 2.0, 36.02395006, 135.524075)]
    {
        let c = bsm("call", s, 1000.0, 0.05, 0.0, t, vol);
        let p = bsm("put", s, 1000.0, 0.05, 0.0, t, vol);
        close(c.price, call, 5e-9, "py_vollib call");
        close(p.price, put, 5e-7, "py_vollib put");
    }
}

/// (type, strike, spot, q, r, t, vol, value)
type HaugRow = (&'static str, f64, f64, f64, f64, f64, f64, f64);

/// A batch row: (put?, underlying, strike, years, rate, carry, vol).
type Row = (bool, f64, f64, f64, f64, f64, f64);

#[test]
fn haug_values_as_quantlib_tests_them() {
    // Haug, "Option pricing formulas" (1998), pp. 2-8, 24, 27, via QuantLib's
    // EuropeanOptionTest::testValues; quoted to 4 decimals, tolerance 1e-4
    // as there. (type, strike, spot, q, r, t, vol, value)
    let rows: &[HaugRow] = &[
        ("call", 65.0, 60.0, 0.00, 0.08, 0.25, 0.30, 2.1334),
        ("put", 95.0, 100.0, 0.05, 0.10, 0.50, 0.20, 2.4648),
        ("put", 19.0, 19.0, 0.10, 0.10, 0.75, 0.28, 1.7011),
        ("call", 19.0, 19.0, 0.10, 0.10, 0.75, 0.28, 1.7011),
        ("call", 1.60, 1.56, 0.08, 0.06, 0.50, 0.12, 0.0291),
        ("put", 70.0, 75.0, 0.05, 0.10, 0.50, 0.35, 4.0870),
        ("call", 100.0, 90.0, 0.10, 0.10, 0.10, 0.15, 0.0205),
        ("call", 100.0, 100.0, 0.10, 0.10, 0.10, 0.15, 1.8734),
        ("call", 100.0, 110.0, 0.10, 0.10, 0.10, 0.15, 9.9413),
        ("call", 100.0, 90.0, 0.10, 0.10, 0.10, 0.25, 0.3150),
        ("call", 100.0, 100.0, 0.10, 0.10, 0.10, 0.25, 3.1217),
        ("call", 100.0, 110.0, 0.10, 0.10, 0.10, 0.25, 10.3556),
        ("call", 100.0, 90.0, 0.10, 0.10, 0.10, 0.35, 0.9474),
        ("call", 100.0, 100.0, 0.10, 0.10, 0.10, 0.35, 4.3693),
        ("call", 100.0, 110.0, 0.10, 0.10, 0.10, 0.35, 11.1381),
        ("call", 100.0, 90.0, 0.10, 0.10, 0.50, 0.15, 0.8069),
        ("call", 100.0, 100.0, 0.10, 0.10, 0.50, 0.15, 4.0232),
        ("call", 100.0, 110.0, 0.10, 0.10, 0.50, 0.15, 10.5769),
        ("call", 100.0, 90.0, 0.10, 0.10, 0.50, 0.25, 2.7026),
        ("call", 100.0, 100.0, 0.10, 0.10, 0.50, 0.25, 6.6997),
        ("call", 100.0, 110.0, 0.10, 0.10, 0.50, 0.25, 12.7857),
        ("call", 100.0, 90.0, 0.10, 0.10, 0.50, 0.35, 4.9329),
        ("call", 100.0, 100.0, 0.10, 0.10, 0.50, 0.35, 9.3679),
        ("call", 100.0, 110.0, 0.10, 0.10, 0.50, 0.35, 15.3086),
        ("put", 100.0, 90.0, 0.10, 0.10, 0.10, 0.15, 9.9210),
        ("put", 100.0, 100.0, 0.10, 0.10, 0.10, 0.15, 1.8734),
        ("put", 100.0, 110.0, 0.10, 0.10, 0.10, 0.15, 0.0408),
        ("put", 100.0, 90.0, 0.10, 0.10, 0.10, 0.25, 10.2155),
        ("put", 100.0, 100.0, 0.10, 0.10, 0.10, 0.25, 3.1217),
        ("put", 100.0, 110.0, 0.10, 0.10, 0.10, 0.25, 0.4551),
        ("put", 100.0, 90.0, 0.10, 0.10, 0.10, 0.35, 10.8479),
        ("put", 100.0, 100.0, 0.10, 0.10, 0.10, 0.35, 4.3693),
        ("put", 100.0, 110.0, 0.10, 0.10, 0.10, 0.35, 1.2376),
        ("put", 100.0, 90.0, 0.10, 0.10, 0.50, 0.15, 10.3192),
        ("put", 100.0, 100.0, 0.10, 0.10, 0.50, 0.15, 4.0232),
        ("put", 100.0, 110.0, 0.10, 0.10, 0.50, 0.15, 1.0646),
        ("put", 100.0, 90.0, 0.10, 0.10, 0.50, 0.25, 12.2149),
        ("put", 100.0, 100.0, 0.10, 0.10, 0.50, 0.25, 6.6997),
        ("put", 100.0, 110.0, 0.10, 0.10, 0.50, 0.25, 3.2734),
        ("put", 100.0, 90.0, 0.10, 0.10, 0.50, 0.35, 14.4452),
        ("put", 100.0, 100.0, 0.10, 0.10, 0.50, 0.35, 9.3679),
        ("put", 100.0, 110.0, 0.10, 0.10, 0.50, 0.35, 5.7963),
        ("call", 40.0, 42.0, 0.08, 0.04, 0.75, 0.35, 5.0975),
    ];
    for &(kind, k, s, q, r, t, vol, value) in rows {
        let g = bsm(kind, s, k, r, q, t, vol);
        close(g.price, value, 1e-4, &format!("{kind} K={k} S={s} q={q} r={r} T={t} σ={vol}"));
    }
}

#[test]
fn haug_greeks_as_quantlib_tests_them() {
    // Haug (1998) pp. 11-16 via QuantLib's testGreekValues; 4 decimals, tolerance 1e-4.
    let d = bsm("call", 105.0, 100.0, 0.10, 0.10, 0.5, 0.36);
    close(d.delta, 0.5946, 1e-4, "call delta");
    close(bsm("put", 105.0, 100.0, 0.10, 0.10, 0.5, 0.36).delta, -0.3566, 1e-4, "put delta");
    for kind in ["call", "put"] {
        let g = bsm(kind, 55.0, 60.0, 0.10, 0.0, 0.75, 0.30);
        close(g.gamma, 0.0278, 1e-4, "gamma");
        close(g.vega, 18.9358, 1e-4, "vega");
    }
    let th = bsm("put", 430.0, 405.0, 0.07, 0.05, 1.0 / 12.0, 0.20);
    close(th.theta, -31.1924, 1e-4, "put theta per year");
    close(th.theta_per_day, -0.0855, 1e-4, "put theta per day");
    close(bsm("call", 72.0, 75.0, 0.09, 0.0, 1.0, 0.19).rho, 38.7325, 1e-4, "call rho");
}

#[test]
fn black76_vectors() {
    // vectors.md: F=K=100 σ=0.2 T=0.5, undiscounted (r = 0): 5.637197779701664,
    // to 1e-14 relative.
    let c = black("call", 100.0, 100.0, 0.0, 0.5, 0.2);
    close(c.price, 5.637197779701664, 1e-14 * 5.64, "Black-76 ATM call");
    // At the money the put equals the call.
    close(black("put", 100.0, 100.0, 0.0, 0.5, 0.2).price, c.price, 1e-14, "Black-76 ATM put");
    // Haug p. 2-8 (row 3-4 above, F=K=19 r=0.10 T=0.75 σ=0.28): Black-76 is
    // BSM with q = r, discounted at r: 1.7011 to 1e-4.
    for kind in ["call", "put"] {
        let g = black(kind, 19.0, 19.0, 0.10, 0.75, 0.28);
        close(g.price, 1.7011, 1e-4, "Haug Black-76");
        let b = bsm(kind, 19.0, 19.0, 0.10, 0.10, 0.75, 0.28);
        for (x, y) in [(g.price, b.price), (g.delta, b.delta), (g.gamma, b.gamma), (g.vega, b.vega), (g.theta, b.theta)]
        {
            close(x, y, 1e-14, "Black-76 = BSM with q = r");
        }
        // rho holds F fixed: −T·V.
        close(g.rho, -0.75 * g.price, 1e-15, "Black-76 rho");
    }
}

#[test]
fn black_implied_vol_vector() {
    // vectors.md: price 20, F 100, K 90, T 30, call (undiscounted) ->
    // 0.07011701801482094; to 1e-13.
    let vol = iv(json!({ "model": "black76", "kind": "call", "forward": 100, "strike": 90, "years": 30,
                         "rate": 0, "price": 20 }))
    .unwrap();
    close(vol, 0.07011701801482094, 1e-13, "implied Black vol");
}

#[test]
fn deribit_inverse_call() {
    // vectors.md: F=K=100,000 T=30/365 σ=0.5 r=0: 5,713.7675 USD = 0.0571376751 BTC
    // (to the quoted 10 significant digits).
    let input = |inverse: bool| {
        json!({ "model": "black76", "kind": "call", "forward": 100000, "strike": 100000,
                "years": 30.0 / 365.0, "rate": 0, "vol": 0.5, "inverse": inverse })
    };
    let usd = price(input(false)).unwrap();
    let btc = price(input(true)).unwrap();
    close(usd.price, 5713.7675, 5e-5, "USD premium");
    close(btc.price, 0.0571376751, 5e-11, "BTC premium");
    // Premium-adjusted (coin) delta: F·delta = Δ − price in BTC.
    close(100000.0 * btc.delta, usd.delta - btc.price, 1e-13, "coin delta");
    close(btc.vega, usd.vega / 1e5, 1e-15, "coin vega");
    close(btc.theta_per_day, usd.theta_per_day / 1e5, 1e-15, "coin theta");
    // And back: the implied vol of the coin premium is the vol.
    let back = iv(json!({ "model": "black76", "kind": "call", "forward": 100000, "strike": 100000,
                          "years": 30.0 / 365.0, "rate": 0, "price": btc.price, "inverse": true }))
    .unwrap();
    close(back, 0.5, 1e-12, "inverse implied vol");
}

#[test]
fn inverse_greeks_are_derivatives_of_the_coin_price() {
    // Central differences of the coin price; tolerance 1e-7 relative.
    let at = |u: f64, t: f64, r: f64, vol: f64| {
        price(json!({ "model": "bsm", "kind": "put", "spot": u, "strike": 30000, "years": t, "rate": r,
                      "carry": 0.02, "vol": vol, "inverse": true }))
        .unwrap()
    };
    let g = at(32000.0, 0.25, 0.04, 0.7);
    let h = 1.0;
    let fd_delta = (at(32000.0 + h, 0.25, 0.04, 0.7).price - at(32000.0 - h, 0.25, 0.04, 0.7).price) / (2.0 * h);
    let fd_gamma = (at(32000.0 + h, 0.25, 0.04, 0.7).delta - at(32000.0 - h, 0.25, 0.04, 0.7).delta) / (2.0 * h);
    let fd_vega = (at(32000.0, 0.25, 0.04, 0.7 + 1e-5).price - at(32000.0, 0.25, 0.04, 0.7 - 1e-5).price) / 2e-5;
    let fd_theta = -(at(32000.0, 0.25 + 1e-5, 0.04, 0.7).price - at(32000.0, 0.25 - 1e-5, 0.04, 0.7).price) / 2e-5;
    let fd_rho = (at(32000.0, 0.25, 0.04 + 1e-5, 0.7).price - at(32000.0, 0.25, 0.04 - 1e-5, 0.7).price) / 2e-5;
    for (name, analytic, fd) in [
        ("delta", g.delta, fd_delta),
        ("gamma", g.gamma, fd_gamma),
        ("vega", g.vega, fd_vega),
        ("theta", g.theta, fd_theta),
        ("rho", g.rho, fd_rho),
    ] {
        close(analytic, fd, 1e-7 * analytic.abs(), name);
    }
}

#[test]
fn near_expiry_and_far_wings_stay_finite_and_non_negative() {
    // One minute to expiry, 20 % out of the money: the true value underflows.
    let g = bsm("call", 100.0, 120.0, 0.05, 0.0, 1.0 / 525_600.0, 0.8);
    assert_eq!(g.price, 0.0);
    assert_eq!(g.delta, 0.0);
    // In the money one minute before expiry: the discounted intrinsic value.
    let g = bsm("put", 100.0, 120.0, 0.05, 0.0, 1.0 / 525_600.0, 0.8);
    close(g.price, 120.0 * (-0.05f64 / 525_600.0).exp() - 100.0, 1e-12, "ITM put at expiry");
    close(g.delta, -1.0, 1e-15, "ITM put delta");
    // Far wing, representable: positive, with its tiny value intact
    // (checked against the asymptotic N(d) ≈ φ(d)/|d|·(1 − 1/d²)).
    let g = bsm("call", 100.0, 400.0, 0.0, 0.0, 1.0, 0.2);
    assert!(g.price > 0.0 && g.price < 1e-10, "{}", g.price);
    let same = bsm("call", 100.0, 400.0, 0.0, 0.0, 1.0, 0.2);
    assert_eq!(g, same);
    // 1,000 % vol for 100 years: worth the whole (discounted) spot, not more.
    let g = bsm("call", 100.0, 100.0, 0.0, 0.0, 100.0, 10.0);
    assert!(g.price <= 100.0 && g.price > 99.999, "{}", g.price);
}

// ---------------------------------------------------------------------------
// Errors: one test per documented error

#[test]
fn every_documented_error_names_its_field() {
    let base =
        json!({ "model": "bsm", "kind": "call", "spot": 100, "strike": 100, "years": 1, "rate": 0.05, "vol": 0.5 });
    let with = |patch: Value| {
        let mut v = base.clone();
        for (k, x) in patch.as_object().unwrap() {
            if x.is_null() {
                v.as_object_mut().unwrap().remove(k);
            } else {
                v[k] = x.clone();
            }
        }
        v
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({ "model": "heston" }), "model", "model: unknown variant `heston`"),
        (json!({ "kind": "straddle" }), "kind", "kind: unknown variant `straddle`"),
        (json!({ "spot": null }), "spot", "spot: is required for model \"bsm\""),
        (json!({ "forward": 100 }), "forward", "forward: is not used by model \"bsm\", which takes spot"),
        (json!({ "model": "black76" }), "spot", "spot: is not used by model \"black76\", which takes forward"),
        (json!({ "model": "black76", "spot": null }), "forward", "forward: is required for model \"black76\""),
        (
            json!({ "model": "black76", "spot": null, "forward": 100, "carry": 0 }),
            "carry",
            "carry: is for model \"bsm\" only",
        ),
        (json!({ "spot": 0 }), "spot", "spot: must be > 0 and <= 1000000000, got 0"),
        (json!({ "spot": "2e9" }), "spot", "spot: must be > 0 and <= 1000000000, got 2000000000"),
        (json!({ "strike": -1 }), "strike", "strike: must be > 0 and <= 1000000000, got -1"),
        (json!({ "years": 0 }), "years", "years: must be > 0 and <= 100, got 0"),
        (json!({ "years": 101 }), "years", "years: must be > 0 and <= 100, got 101"),
        (json!({ "rate": -1.5 }), "rate", "rate: must be >= -1 and <= 10, got -1.5"),
        (json!({ "rate": 11 }), "rate", "rate: must be >= -1 and <= 10, got 11"),
        (json!({ "carry": 10.5 }), "carry", "carry: must be >= -1 and <= 10, got 10.5"),
        (json!({ "vol": 0 }), "vol", "vol: must be > 0 and <= 10, got 0"),
        (json!({ "vol": 12 }), "vol", "vol: must be > 0 and <= 10, got 12"),
        (json!({ "vol": "abc" }), "vol", "vol: expected a number or a decimal string"),
        (json!({ "strike": null }), "strike", "strike: is required"),
        (json!({ "inverse": "yes" }), "inverse", "inverse: wrong type"),
    ];
    for (patch, path, start) in cases {
        let (p, message) = err(price(with(patch.clone())));
        assert_eq!(p, path, "{patch}");
        assert!(message.starts_with(start), "{patch}: {message}");
    }
}

#[test]
fn greeks_that_leave_f64_are_an_error_naming_vol() {
    // Only reachable through the f64 batch: spot·vol·√years below ~1e-300
    // makes gamma infinite.
    let tiny = [1e-300];
    let cols = OptionColumns {
        model: OptionModel::Bsm,
        kind: &[0],
        spot: Some(&tiny),
        forward: None,
        strike: &tiny,
        years: &[1e-10],
        rate: &[0.0],
        carry: None,
        vol: &[1e-10],
        inverse: false,
    };
    let e = option_greeks_batch(&cols).unwrap_err();
    assert_eq!(e.path, "vol[0]");
    assert!(e.message.contains("exceeds the range of f64"), "{e}");
}

#[test]
fn implied_vol_errors_name_price() {
    let at = |kind: &str, price: Value| json!({ "model": "bsm", "kind": kind, "spot": 100, "strike": 90, "years": 1, "rate": 0.05, "price": price });
    // Intrinsic value of the call: 100 − 90·e^(−0.05) = 14.389...
    let intrinsic = 100.0 - 90.0 * (-0.05f64).exp();
    let cases: Vec<(Value, &str)> = vec![
        (at("call", json!(0)), "price: must be > 0, got 0"),
        (at("call", json!(-3)), "price: must be > 0, got -3"),
        (at("call", json!(14)), "price: must be above the option's intrinsic value 14.389"),
        // Exactly the intrinsic value (a decimal string carries every bit).
        (at("call", json!(intrinsic.to_string())), "price: must be above the option's intrinsic value"),
        (at("call", json!(100)), "price: must be below 100 (a call is worth less than the discounted forward)"),
        (at("put", json!(86)), "price: must be below 85.6"),
        (at("call", json!(99.99999)), "price: implies a volatility above 10 (1,000 %)"),
        (at("put", json!("x")), "price: expected a number or a decimal string"),
    ];
    for (input, start) in cases {
        let (path, message) = err(iv(input.clone()));
        assert_eq!(path, "price", "{input}");
        assert!(message.starts_with(start), "{input}: {message}");
    }
    // At the money the value is about 0.4·S·σ√T: 1e-7 implies σ ≈ 2.5e-9.
    let (path, message) = err(iv(json!({ "model": "bsm", "kind": "call", "spot": 100, "strike": 100, "years": 1,
                                         "rate": 0, "price": 1e-7 })));
    assert_eq!(path, "price");
    assert!(message.starts_with("price: implies a volatility below 1e-6, the bottom of the search range"), "{message}");
    // Inverse: the bounds are shown in the coin.
    let (_, message) = err(iv(json!({ "model": "black76", "kind": "call", "forward": 100000, "strike": 100000,
                                      "years": 0.1, "rate": 0, "price": 1.5, "inverse": true })));
    assert!(message.starts_with("price: must be below 1 "), "{message}");
    // Other fields are checked as in optionPrice.
    let (path, _) = err(iv(json!({ "model": "bsm", "kind": "call", "spot": 100, "strike": 0, "years": 1,
                                   "rate": 0, "price": 5 })));
    assert_eq!(path, "strike");
}

// ---------------------------------------------------------------------------
// The batch

fn columns<'a>(
    kind: &'a [u8],
    spot: &'a [f64],
    strike: &'a [f64],
    years: &'a [f64],
    rate: &'a [f64],
    vol: &'a [f64],
) -> OptionColumns<'a> {
    OptionColumns {
        model: OptionModel::Bsm,
        kind,
        spot: Some(spot),
        forward: None,
        strike,
        years,
        rate,
        carry: None,
        vol,
        inverse: false,
    }
}

#[test]
fn batch_errors_name_column_and_row() {
    let ok = [100.0; 20];
    let mut strike = [100.0; 20];
    strike[17] = 0.0;
    let e = option_greeks_batch(&columns(&[0; 20], &ok, &strike, &[1.0; 20], &[0.0; 20], &[0.5; 20])).unwrap_err();
    assert_eq!(e.to_string(), "strike[17]: must be > 0 and <= 1000000000, got 0");
    assert_eq!(e.path, "strike[17]");
    let mut vol = [0.5; 20];
    vol[3] = f64::NAN;
    let e = option_greeks_batch(&columns(&[0; 20], &ok, &ok, &[1.0; 20], &[0.0; 20], &vol)).unwrap_err();
    assert_eq!(e.to_string(), "vol[3]: must be a finite number, got NaN");
    let mut kind = [0u8; 20];
    kind[5] = 2;
    let e = option_greeks_batch(&columns(&kind, &ok, &ok, &[1.0; 20], &[0.0; 20], &[0.5; 20])).unwrap_err();
    assert_eq!(e.to_string(), "kind[5]: must be 0 (call) or 1 (put), got 2");
    let mut years = [1.0; 20];
    years[19] = f64::INFINITY;
    let e = option_greeks_batch(&columns(&[0; 20], &ok, &ok, &years, &[0.0; 20], &[0.5; 20])).unwrap_err();
    assert_eq!(e.to_string(), "years[19]: must be a finite number, got Infinity");
    // Length mismatch names the column.
    let e = option_greeks_batch(&columns(&[0; 20], &ok, &ok[..19], &[1.0; 20], &[0.0; 20], &[0.5; 20])).unwrap_err();
    assert_eq!(e.to_string(), "strike: has 19 rows, expected 20 (the length of kind)");
    let mut black = columns(&[0; 20], &ok, &ok, &[1.0; 20], &[0.0; 20], &[0.5; 20]);
    black.model = OptionModel::Black76;
    assert_eq!(option_greeks_batch(&black).unwrap_err().path, "spot");
    black.forward = black.spot.take();
    black.carry = Some(&ok);
    assert_eq!(option_greeks_batch(&black).unwrap_err().path, "carry");
    black.carry = Some(&ok[..3]);
    black.model = OptionModel::Bsm;
    black.spot = black.forward.take();
    assert_eq!(
        option_greeks_batch(&black).unwrap_err().to_string(),
        "carry: has 3 rows, expected 20 (the length of kind)"
    );
    // Output columns of the wrong length.
    let mut out = [[0.0; 20]; 5];
    let mut short = [0.0; 19];
    let [a, b, c, d, e] = &mut out;
    let cols = columns(&[0; 20], &ok, &ok, &[1.0; 20], &[0.0; 20], &[0.5; 20]);
    let e =
        option_greeks_into(&cols, GreekColumnsMut { price: a, delta: b, gamma: c, vega: d, theta: e, rho: &mut short })
            .unwrap_err();
    assert_eq!(e.path, "rho");
    // Empty columns are fine.
    assert_eq!(option_greeks_batch(&columns(&[], &[], &[], &[], &[], &[])).unwrap().price.len(), 0);
}

// ---------------------------------------------------------------------------
// Properties

fn terms(model: OptionModel, kind: OptionKind, u: f64, k: f64, t: f64, r: f64, q: f64) -> OptionTerms {
    OptionTerms { model, kind, underlying: u, strike: k, years: t, rate: r, carry: q, inverse: false }
}

fn model() -> impl Strategy<Value = OptionModel> {
    prop_oneof![Just(OptionModel::Bsm), Just(OptionModel::Black76)]
}

fn kind() -> impl Strategy<Value = OptionKind> {
    prop_oneof![Just(OptionKind::Call), Just(OptionKind::Put)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// C − P = S·e^(−qT) − K·e^(−rT) (BSM; F·e^(−rT) − K·e^(−rT) for Black-76),
    /// to 1e-13 of the larger of S and K; and intrinsic ≤ price ≤ upper bound.
    #[test]
    fn put_call_parity_and_bounds(
        m in model(), u in 1.0f64..1000.0, k_rel in 0.2f64..5.0, t in 1e-3f64..10.0,
        r in -0.1f64..0.5, q in -0.1f64..0.5, vol in 0.01f64..3.0,
    ) {
        let k = u * k_rel;
        let call = greeks(&terms(m, OptionKind::Call, u, k, t, r, q), vol);
        let put = greeks(&terms(m, OptionKind::Put, u, k, t, r, q), vol);
        let q_eff = if m == OptionModel::Bsm { q } else { r };
        let sd = u * (-q_eff * t).exp();
        let kd = k * (-r * t).exp();
        prop_assert!((call.price - put.price - (sd - kd)).abs() <= 1e-13 * sd.max(kd));
        prop_assert!(call.price >= (sd - kd).max(0.0) - 1e-13 * sd && call.price <= sd);
        prop_assert!(put.price >= (kd - sd).max(0.0) - 1e-13 * kd && put.price <= kd);
        // Delta parity: Δc − Δp = e^(−qT).
        prop_assert!((call.delta - put.delta - (-q_eff * t).exp()).abs() <= 1e-15);
    }

    /// Every greek against a central finite difference of the price:
    /// relative steps 1e-4 (spot), 1e-5 (vol, years, rate); tolerance
    /// 1e-6 × (1 + |greek|), dominated by the O(h²) truncation.
    #[test]
    fn greeks_match_finite_differences(
        m in model(), kd in kind(), u in 10.0f64..1000.0, k_rel in 0.5f64..2.0, t in 0.05f64..5.0,
        r in -0.05f64..0.2, q in -0.05f64..0.2, vol in 0.05f64..1.5, inverse in any::<bool>(),
    ) {
        let k = u * k_rel;
        let p = |u: f64, t: f64, r: f64, vol: f64| {
            greeks(&OptionTerms { inverse, ..terms(m, kd, u, k, t, r, q) }, vol)
        };
        let g = p(u, t, r, vol);
        let hu = 1e-4 * u;
        let fd = [
            ("delta", g.delta, (p(u + hu, t, r, vol).price - p(u - hu, t, r, vol).price) / (2.0 * hu)),
            ("gamma", g.gamma, (p(u + hu, t, r, vol).delta - p(u - hu, t, r, vol).delta) / (2.0 * hu)),
            ("vega", g.vega, (p(u, t, r, vol + 1e-5).price - p(u, t, r, vol - 1e-5).price) / 2e-5),
            ("theta", g.theta, -(p(u, t + 1e-5, r, vol).price - p(u, t - 1e-5, r, vol).price) / 2e-5),
            ("rho", g.rho, (p(u, t, r + 1e-5, vol).price - p(u, t, r - 1e-5, vol).price) / 2e-5),
        ];
        let scale = if inverse { 1.0 / u } else { 1.0 };
        for (name, analytic, numeric) in fd {
            prop_assert!(
                (analytic - numeric).abs() <= 1e-6 * (scale + analytic.abs()),
                "{name}: analytic {analytic}, finite difference {numeric}"
            );
        }
    }

    /// impliedVol inverts optionPrice to 1e-10 in vol wherever the price
    /// determines it: where a vol change of 1e-10 moves the price by more
    /// than 1e-13 of the option's scale max(S, K) (about 500 ulps).
    /// Vol and expiry are drawn log-uniformly over [1e-4, 10] and
    /// [1e-3, 30] years, the strike within 4 standard deviations of the forward.
    #[test]
    fn implied_vol_inverts_the_price(
        m in model(), kd in kind(), u in 1.0f64..1e6, z in -4.0f64..4.0, t_exp in -3.0f64..1.5,
        r in -0.1f64..0.3, q in -0.1f64..0.3, vol_exp in -4.0f64..1.0, inverse in any::<bool>(),
    ) {
        let (t, vol) = (10f64.powf(t_exp), 10f64.powf(vol_exp));
        let q_eff = if m == OptionModel::Bsm { q } else { r };
        let k = u * ((r - q_eff) * t - z * vol * t.sqrt()).exp();
        prop_assume!(k > 1e-6 && k <= 1e9);
        let tm = OptionTerms { inverse, ..terms(m, kd, u, k, t, r, q) };
        let g = greeks(&tm, vol);
        let scale = if inverse { u.max(k) / u } else { u.max(k) };
        prop_assume!(g.vega * 1e-10 > 1e-13 * scale);
        let at = |f: &str| f.to_string();
        let back = restake_calc::options::implied_vol_of(&tm, g.price, &at);
        prop_assert!(back.is_ok(), "{:?}", back);
        let back = back.unwrap();
        prop_assert!((back - vol).abs() <= 1e-10, "vol {vol}, implied {back}, price {}", g.price);
    }

    /// The batch is optionPrice row by row, bit for bit, through the JSON
    /// parsing of the wasm boundary: numbers sent as decimal strings (the
    /// shortest representation, exact for every f64) or as JS numbers of up
    /// to 15 significant digits (`num::decimal_from_f64` keeps 15, so a
    /// 17-digit JS number reaches the core rounded; the batch receives the
    /// f64 itself).
    #[test]
    fn batch_equals_single_path_bit_for_bit(
        rows in prop::collection::vec(
            (any::<bool>(), 1e-3f64..1e6, 1e-3f64..1e6, 1e-4f64..50.0, -0.5f64..2.0, -0.5f64..2.0, 1e-3f64..5.0),
            1..40,
        ),
        black76 in any::<bool>(),
        inverse in any::<bool>(),
        as_strings in any::<bool>(),
    ) {
        let m = if black76 { OptionModel::Black76 } else { OptionModel::Bsm };
        // As typed by a user: 15 significant digits; or any f64, sent as a string.
        let js = |v: f64| if as_strings { v } else { format!("{v:.14e}").parse::<f64>().unwrap() };
        let col = |f: fn(&Row) -> f64| rows.iter().map(|r| js(f(r))).collect::<Vec<f64>>();
        let num = |v: f64| if as_strings { json!(v.to_string()) } else { json!(v) };
        let kind: Vec<u8> = rows.iter().map(|r| u8::from(r.0)).collect();
        let (u, k, t, r, q, v) = (col(|r| r.1), col(|r| r.2), col(|r| r.3), col(|r| r.4), col(|r| r.5), col(|r| r.6));
        let out = option_greeks_batch(&OptionColumns {
            model: m,
            kind: &kind,
            spot: (!black76).then_some(&u[..]),
            forward: black76.then_some(&u[..]),
            strike: &k,
            years: &t,
            rate: &r,
            carry: (!black76).then_some(&q[..]),
            vol: &v,
            inverse,
        }).unwrap();
        for i in 0..rows.len() {
            let mut input = json!({
                "model": if black76 { "black76" } else { "bsm" },
                "kind": if kind[i] == 1 { "put" } else { "call" },
                "strike": num(k[i]), "years": num(t[i]), "rate": num(r[i]), "vol": num(v[i]), "inverse": inverse,
            });
            if black76 { input["forward"] = num(u[i]); } else { input["spot"] = num(u[i]); input["carry"] = num(q[i]); }
            let single = price(input).unwrap();
            for (a, b) in [
                (out.price[i], single.price), (out.delta[i], single.delta), (out.gamma[i], single.gamma),
                (out.vega[i], single.vega), (out.theta[i], single.theta), (out.rho[i], single.rho),
            ] {
                prop_assert_eq!(a.to_bits(), b.to_bits(), "row {}", i);
            }
        }
    }

    /// Anywhere in the accepted ranges (vol from 1e-4, expiries from a
    /// millisecond to 100 years, prices from 1e-6 to 1e9): price and greeks
    /// are finite, the price is never negative and never above its bound.
    #[test]
    fn extreme_inputs_stay_finite_and_non_negative(
        m in model(), kd in kind(), u_exp in -6.0f64..9.0, k_exp in -6.0f64..9.0, t_exp in -10.5f64..2.0,
        r in -1.0f64..10.0, q in -1.0f64..10.0, vol_exp in -4.0f64..1.0, inverse in any::<bool>(),
    ) {
        let (u, k, t, vol) = (10f64.powf(u_exp), 10f64.powf(k_exp), 10f64.powf(t_exp), 10f64.powf(vol_exp));
        let tm = OptionTerms { inverse, ..terms(m, kd, u, k, t, r, q) };
        let g = greeks(&tm, vol);
        for (name, v) in [("price", g.price), ("delta", g.delta), ("gamma", g.gamma), ("vega", g.vega), ("theta", g.theta), ("rho", g.rho)] {
            prop_assert!(v.is_finite(), "{name} = {v}");
        }
        prop_assert!(g.price >= 0.0);
        prop_assert!(g.gamma >= 0.0 || inverse);
        prop_assert!(g.vega >= 0.0);
        let q_eff = if m == OptionModel::Bsm { q } else { r };
        let bound = match kd { OptionKind::Call => u * (-q_eff * t).exp(), OptionKind::Put => k * (-r * t).exp() };
        let bound = if inverse { bound / u } else { bound };
        prop_assert!(g.price <= bound * (1.0 + 1e-15), "price {} above bound {bound}", g.price);
    }
}
