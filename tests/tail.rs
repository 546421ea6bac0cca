#![cfg(not(target_arch = "wasm32"))]
//! Tail risk: golden vectors (shared/reference/vectors.md "Perpetuals, AMMs,
//! tail risk"), the distribution functions against tables, the
//! Cornish-Fisher validity rule, the historical estimator on small samples
//! worked by hand, properties, and one test per documented error.
//!
//! Tolerances: vectors quoted to 9 decimals within 5e-10 and to 6 decimals
//! within 5e-7 (half a unit of the last quoted digit). Inputs go through the
//! same JSON parsing as the wasm boundary.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::num::Decimal;
use restake_calc::stats::{
    incomplete_beta, norm_cdf, norm_pdf, norm_quantile, student_t_cdf, student_t_quantile_lower,
    student_t_quantiles_lower,
};
use restake_calc::tail::{
    cornish_fisher_quantile, cornish_fisher_valid, historical_tail_f64, tail_risk, TailRisk, TailRiskInput,
};
use restake_calc::CalcError;
use serde_json::{json, Value};

fn run(input: Value) -> Result<TailRisk, CalcError> {
    let parsed: TailRiskInput = parse(input)?;
    tail_risk(&parsed)
}

fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual:.15}, expected {expected:.15} (diff {:e})",
        (actual - expected).abs()
    );
}

#[test]
fn normal_var_and_es_per_sigma() {
    // vectors.md: 95 % 1.644853627 / 2.062712808; 99 % 2.326347874 / 2.665214220.
    for (c, var, es) in [(0.95, 1.644853627, 2.062712808), (0.99, 2.326347874, 2.665214220)] {
        let r = run(json!({ "method": "normal", "confidence": c, "stdev": 1 })).unwrap();
        close(r.var, var, 5e-10, "normal VaR");
        close(r.es, es, 5e-10, "normal ES");
        // Mean and scale enter linearly: VaR = −(μ + σz).
        let shifted = run(json!({ "method": "normal", "confidence": c, "mean": 0.001, "stdev": 0.02 })).unwrap();
        close(shifted.var, 0.02 * r.var - 0.001, 1e-15, "shifted VaR");
        close(shifted.es, 0.02 * r.es - 0.001, 1e-15, "shifted ES");
    }
}

#[test]
fn cornish_fisher_quantile_vectors() {
    // vectors.md: z_cf(0.99; S 0.1, K 0) 2.396116; (0.99; 0.1, 1) 2.629904;
    // (0.01; 0.1, 1) −2.482841.
    for (p, s, k, expected) in [(0.99, 0.1, 0.0, 2.396116), (0.99, 0.1, 1.0, 2.629904), (0.01, 0.1, 1.0, -2.482841)] {
        close(cornish_fisher_quantile(norm_quantile(p), s, k), expected, 5e-7, "z_cf");
    }
    // Through tailRisk: VaR = −(mean + stdev·z_cf(1 − confidence)).
    let r = run(json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 0.1, "excessKurtosis": 1 }))
        .unwrap();
    close(r.var, 2.482841, 5e-7, "CF VaR");
    // The tail of skew 0.1 with no excess kurtosis turns only at z ≈ −16.5: valid.
    let r = run(json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 0.1 })).unwrap();
    let z = norm_quantile(0.01);
    close(r.var, -cornish_fisher_quantile(z, 0.1, 0.0), 1e-15, "CF VaR, K = 0");
}

#[test]
fn cornish_fisher_es_is_the_cf_quantile_averaged_over_the_tail() {
    // ES = −(1/α)∫₀^α z_cf(N⁻¹(p)) dp = −(1/α)∫_{−∞}^{z_α} g(z)φ(z) dz,
    // integrated numerically (Simpson, 20,000 panels over [z_α − 12, z_α])
    // against the closed form; to 1e-10.
    for (c, s, k) in [(0.99, 0.1, 1.0), (0.95, -0.5, 3.0), (0.975, 0.0, 10.0), (0.999, -1.0, 6.0), (0.99, 0.0, 0.0)] {
        let alpha: f64 = 1.0 - c;
        let z = norm_quantile(alpha);
        let f = |x: f64| cornish_fisher_quantile(x, s, k) * norm_pdf(x);
        let (a, n) = (z - 12.0, 20_000);
        let h = (z - a) / n as f64;
        let mut sum = f(a) + f(z);
        for i in 1..n {
            sum += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        let integral = sum * h / 3.0;
        let r = run(json!({ "method": "cornishFisher", "confidence": c, "stdev": 1, "skew": s, "excessKurtosis": k }))
            .unwrap();
        close(r.es, -integral / alpha, 1e-10, &format!("CF ES c={c} S={s} K={k}"));
        assert!(r.es >= r.var, "ES below VaR at c={c} S={s} K={k}");
    }
    // Without skew and excess kurtosis it is the normal.
    let cf = run(json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1 })).unwrap();
    let normal = run(json!({ "method": "normal", "confidence": 0.99, "stdev": 1 })).unwrap();
    close(cf.var, normal.var, 1e-15, "CF = normal VaR");
    close(cf.es, normal.es, 1e-15, "CF = normal ES");
}

#[test]
fn cornish_fisher_outside_its_valid_range_is_an_error() {
    // Skew 1 without excess kurtosis: the map turns at z ≈ −1.8, above the
    // 99 % quantile −2.33, so its "quantiles" would fall as confidence rises.
    let e = run(json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 1 })).unwrap_err();
    assert_eq!(e.path, "skew");
    assert!(e.message.contains("not increasing over the loss tail"), "{e}");
    assert!(!cornish_fisher_valid(norm_quantile(0.01), 1.0, 0.0));
    // Negative excess kurtosis turns at |z| = 3 for K = −1: inside the 8σ window.
    let e =
        run(json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "excessKurtosis": -1 })).unwrap_err();
    assert_eq!(e.path, "excessKurtosis");
    // Heavy kurtosis dips in the centre (|z| < 0.45 for K = 10) but never
    // below the tail quantile: valid.
    assert!(cornish_fisher_valid(norm_quantile(0.01), 0.0, 10.0));
    assert!(cornish_fisher_valid(norm_quantile(0.05), -0.5, 3.0));
}

#[test]
fn student_t_vector() {
    // vectors.md: unit variance, ν = 4, 99 %: VaR 2.649492, ES 3.691510.
    let r = run(json!({ "method": "studentT", "confidence": 0.99, "stdev": 1, "dof": 4 })).unwrap();
    close(r.var, 2.649492, 5e-7, "t VaR");
    close(r.es, 3.691510, 5e-7, "t ES");
}

#[test]
fn student_t_quantiles_match_the_tables() {
    // Standard t tables (e.g. Abramowitz & Stegun table 26.10), 9 digits.
    for (p, nu, t) in [(0.025, 10.0, -2.228138852), (0.05, 5.0, -2.015048373), (0.01, 4.0, -3.746947388)] {
        close(student_t_quantile_lower(p, nu), t, 5e-9, "t quantile");
        close(student_t_cdf(t, nu), p, 1e-9, "t CDF");
    }
    // ν = 1 is Cauchy: F(t) = 1/2 + atan(t)/π.
    for t in [-30.0, -2.0, -0.3, 0.0, 1.5] {
        close(student_t_cdf(t, 1.0), 0.5 + f64::atan(t) / std::f64::consts::PI, 1e-14, "Cauchy CDF");
    }
    // ν → ∞ is the normal: at ν = 10,000 the unit-variance t's VaR is within
    // 1.5e-4 of the normal's (quantile ≈ z·(1 + (z² + 1)/(4ν)) − z/ν).
    let t = run(json!({ "method": "studentT", "confidence": 0.99, "stdev": 1, "dof": 10000 })).unwrap();
    let n = run(json!({ "method": "normal", "confidence": 0.99, "stdev": 1 })).unwrap();
    close(t.var, n.var, 1.5e-4, "t ≈ normal");
    // I_x(a, b) for whole a, b is a binomial tail: I_0.5(2, 3) = 11/16.
    close(incomplete_beta(2.0, 3.0, 0.5, 0.5), 0.6875, 1e-15, "incomplete beta");
    // A grid of quantiles by continuation equals the single ones.
    for nu in [2.5, 4.0, 30.0] {
        let ps: Vec<f64> = (1..=100).map(|k| norm_cdf(-8.0 + 0.08 * f64::from(k))).collect();
        for (p, t) in ps.iter().zip(student_t_quantiles_lower(&ps, nu)) {
            let single = student_t_quantile_lower(*p, nu);
            close(t, single, 1e-12 * single.abs(), "t quantile grid");
        }
    }
}

#[test]
fn normal_functions_hold_in_the_tails() {
    // N(−x) at x = 10, 20, 37 (mpmath, 50 digits), to 1e-13 relative.
    for (x, expected) in
        [(-10.0, 7.619853024160527e-24), (-20.0, 2.7536241186062337e-89), (-37.0, 5.725_571_222_524_577e-300)]
    {
        let got = norm_cdf(x);
        assert!((got - expected).abs() <= 1e-13 * expected, "N({x}) = {got:e}, expected {expected:e}");
    }
    assert_eq!(norm_cdf(-40.0), 0.0);
    assert_eq!(norm_cdf(f64::NEG_INFINITY), 0.0);
    assert_eq!(norm_pdf(f64::INFINITY), 0.0);
    for p in [1e-300, 1e-10, 0.01, 0.3, 0.5, 0.9, 0.999999] {
        let z = norm_quantile(p);
        let back = if p < 0.5 { norm_cdf(z) } else { 1.0 - norm_cdf(-z) };
        assert!((back - p).abs() <= 1e-14 * p.min(1.0 - p).max(1e-300) + 1e-16, "N(N⁻¹({p})) = {back}");
    }
}

#[test]
fn historical_tail_by_hand() {
    // 20 returns −10 %, −9 %, …, +9 %. 95 %: n·α = 1, so VaR = ES = 10 %.
    let returns: Vec<f64> = (0..20).map(|i| (i as f64 - 10.0) / 100.0).rev().collect();
    let r = run(json!({ "method": "historical", "confidence": 0.95, "returns": returns })).unwrap();
    close(r.var, 0.10, 0.0, "VaR");
    close(r.es, 0.10, 0.0, "ES");
    // 90 %: n·α = 2: VaR is the 2nd worst (9 %), ES the mean of the 2 worst (9.5 %).
    let r = run(json!({ "method": "historical", "confidence": 0.9, "returns": returns })).unwrap();
    close(r.var, 0.09, 0.0, "VaR 90");
    close(r.es, 0.095, 1e-17, "ES 90");
    // 87.5 %: n·α = 2.5, k = 3: VaR 8 %; ES = (10 + 9 + 0.5·8)/2.5 = 9.2 %.
    let r = run(json!({ "method": "historical", "confidence": 0.875, "returns": returns })).unwrap();
    close(r.var, 0.08, 0.0, "VaR 87.5");
    close(r.es, 0.092, 1e-17, "ES 87.5");
    // 100 returns at 99 %: n·α is exactly 1 in decimals (not 1.0000000000000002).
    let hundred: Vec<String> = (1..=100).map(|i| format!("-{i}")).collect();
    let r = run(json!({ "method": "historical", "confidence": "0.99", "returns": hundred })).unwrap();
    assert_eq!((r.var, r.es), (100.0, 100.0));
    // A single return; fields of other methods are ignored.
    let r =
        run(json!({ "method": "historical", "confidence": 0.99, "returns": [0.02], "stdev": -1, "dof": 1 })).unwrap();
    assert_eq!((r.var, r.es), (-0.02, -0.02));
    // The f64 form (for revalued P&L) has the same k and weights.
    let sorted: Vec<f64> = returns.iter().rev().copied().collect();
    let f = historical_tail_f64(Decimal::new(125, 3), &sorted).unwrap();
    close(f.var, 0.08, 0.0, "f64 VaR 87.5");
    close(f.es, 0.092, 1e-17, "f64 ES 87.5");
}

#[test]
fn every_documented_error_names_its_field() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({ "method": "garch", "confidence": 0.99 }), "method", "method: unknown variant `garch`"),
        (json!({ "method": "normal", "stdev": 1 }), "confidence", "confidence: is required"),
        (
            json!({ "method": "normal", "confidence": 1, "stdev": 1 }),
            "confidence",
            "confidence: must be >= 0.5 and < 1, got 1",
        ),
        (
            json!({ "method": "normal", "confidence": 0.4, "stdev": 1 }),
            "confidence",
            "confidence: must be >= 0.5 and < 1, got 0.4",
        ),
        (json!({ "method": "normal", "confidence": 0.99 }), "stdev", "stdev: is required for method normal"),
        (
            json!({ "method": "cornishFisher", "confidence": 0.99 }),
            "stdev",
            "stdev: is required for method cornishFisher",
        ),
        (
            json!({ "method": "studentT", "confidence": 0.99, "dof": 4 }),
            "stdev",
            "stdev: is required for method studentT",
        ),
        (json!({ "method": "normal", "confidence": 0.99, "stdev": -0.1 }), "stdev", "stdev: must be >= 0"),
        (
            json!({ "method": "normal", "confidence": 0.99, "stdev": 1, "mean": "2e15" }),
            "mean",
            "mean: must be >= -1000000000000000",
        ),
        (
            json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 101 }),
            "skew",
            "skew: must be >= -100 and <= 100",
        ),
        (
            json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 2, "excessKurtosis": 1 }),
            "excessKurtosis",
            "excessKurtosis: must be >= skew² − 2 = 2 (no distribution has less), got 1",
        ),
        (
            json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "excessKurtosis": 20000 }),
            "excessKurtosis",
            "excessKurtosis: must be >= -2 and <= 10000",
        ),
        (
            json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "skew": 1 }),
            "skew",
            "skew: with skew 1 and excessKurtosis 0 the Cornish-Fisher expansion is not increasing",
        ),
        (
            json!({ "method": "cornishFisher", "confidence": 0.99, "stdev": 1, "excessKurtosis": -1 }),
            "excessKurtosis",
            "excessKurtosis: with skew 0 and excessKurtosis -1",
        ),
        (
            json!({ "method": "studentT", "confidence": 0.99, "stdev": 1 }),
            "dof",
            "dof: is required for method studentT",
        ),
        (
            json!({ "method": "studentT", "confidence": 0.99, "stdev": 1, "dof": 2 }),
            "dof",
            "dof: must be > 2 and <= 10000, got 2",
        ),
        (
            json!({ "method": "studentT", "confidence": 0.99, "stdev": 1, "dof": 20000 }),
            "dof",
            "dof: must be > 2 and <= 10000",
        ),
        (
            json!({ "method": "historical", "confidence": 0.99 }),
            "returns",
            "returns: is required for method historical",
        ),
        (
            json!({ "method": "historical", "confidence": 0.99, "returns": [] }),
            "returns",
            "returns: must hold 1 to 1000000 returns, got 0",
        ),
        (
            json!({ "method": "historical", "confidence": 0.99, "returns": [0.1, "2e15"] }),
            "returns[1]",
            "returns[1]: must be >= -1000000000000000",
        ),
        (
            json!({ "method": "historical", "confidence": 0.99, "returns": [0.1, "x"] }),
            "returns[1]",
            "returns[1]: expected a number or a decimal string",
        ),
    ];
    for (input, path, start) in cases {
        let e = run(input.clone()).unwrap_err();
        assert_eq!(e.path, path, "{input}");
        assert!(e.to_string().starts_with(start), "{input}: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// ES ≥ VaR, and VaR rises with confidence, for every parametric method.
    #[test]
    fn es_is_at_least_var_and_var_rises_with_confidence(
        c in 0.5f64..0.9999, dc in 0.0001f64..0.01, mean in -0.01f64..0.01, stdev in 0.0f64..0.2,
        skew in -1.0f64..1.0, kurt in 0.0f64..10.0, dof in 2.05f64..100.0,
    ) {
        let c2 = (c + dc).min(0.99999);
        let inputs = [
            json!({ "method": "normal", "mean": mean, "stdev": stdev }),
            json!({ "method": "studentT", "mean": mean, "stdev": stdev, "dof": dof }),
            json!({ "method": "cornishFisher", "mean": mean, "stdev": stdev, "skew": skew, "excessKurtosis": kurt + skew * skew }),
        ];
        for base in inputs {
            let at = |conf: f64| { let mut v = base.clone(); v["confidence"] = json!(conf); run(v) };
            match (at(c), at(c2)) {
                (Ok(a), Ok(b)) => {
                    let tol = 1e-12 * (1.0 + a.es.abs());
                    prop_assert!(a.es >= a.var - tol, "{base}: ES {} < VaR {}", a.es, a.var);
                    prop_assert!(b.var >= a.var - tol, "{base}: VaR falls from {} to {}", a.var, b.var);
                    prop_assert!(a.var.is_finite() && a.es.is_finite());
                }
                // Only Cornish-Fisher may refuse, and then with its own message.
                (Err(e), _) | (_, Err(e)) => prop_assert!(e.message.contains("Cornish-Fisher"), "{base}: {e}"),
            }
        }
    }

    /// Historical ES ≥ VaR, both within the sample's range.
    #[test]
    fn historical_es_is_at_least_var(
        returns in prop::collection::vec(-0.5f64..0.5, 1..300), c in 0.5f64..0.999,
    ) {
        let r = run(json!({ "method": "historical", "confidence": c, "returns": returns })).unwrap();
        let worst = returns.iter().cloned().fold(f64::INFINITY, f64::min);
        prop_assert!(r.es >= r.var - 1e-15);
        prop_assert!(r.es <= -worst + 1e-15);
    }

    /// N⁻¹ inverts N over the whole lower tail, to the accuracy of N
    /// there (libm's erfc: ≤ 1.3e-13 relative down to p = 1e-300).
    #[test]
    fn quantile_inverts_the_cdf(log_p in -300.0f64..-0.302) {
        let p = 10f64.powf(log_p);
        let z = norm_quantile(p);
        prop_assert!((norm_cdf(z) - p).abs() <= 2e-13 * p, "p {p:e}: N(z) = {:e}", norm_cdf(z));
    }
}
