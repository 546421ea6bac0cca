//! Rebalancing cost: a path walked by hand, the Uniswap v2 vector of
//! shared/reference/vectors.md as one rebalancing trade, a StableSwap pool
//! against `swapQuote`, the closed form against the seeded simulation,
//! properties, and one test per documented error. Inputs go through the
//! same JSON parsing as the wasm boundary.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::amm::{swap_quote, SwapQuoteInput};
use restake_calc::input::parse;
use restake_calc::num::to_f64;
use restake_calc::rebalance::{expected_rebalances, rebalance_cost, RebalanceCost, RebalanceInput, RebalanceMethod};
use restake_calc::CalcError;
use serde_json::{json, Value};

fn run(input: Value) -> Result<RebalanceCost, CalcError> {
    let parsed: RebalanceInput = parse(input)?;
    rebalance_cost(&parsed)
}

fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual:.12}, expected {expected:.12} (diff {:e}, tol {tol:e})",
        (actual - expected).abs()
    );
}

/// ETH/USDC, Uniswap v2's 0.3 %: 1,000 ETH and 2,000,000 USDC at 2,000.
fn uniswap() -> Value {
    json!({ "kind": "constantProduct", "reserveRisky": 1000, "reserveQuote": 2_000_000, "fee": 0.003 })
}

fn no_gas() -> Value {
    json!({ "units": 0, "gwei": 0 })
}

#[test]
fn the_uniswap_vector_as_one_rebalance() {
    // 40 ETH + 40,000 USDC at 1,000; at 2,000 the weight is 2/3, so back to
    // 1/2 sells 20,000 USDC of ETH: 10 ETH into a pool re-centred at 2,000,
    // i.e. 1,000 ETH / 2,000,000 USDC. vectors.md: 19,743.1607 USDC out.
    let r = run(json!({ "value": 80_000, "targetWeight": 0.5, "band": 0.05, "years": 1,
                        "prices": [1000, 2000], "pool": uniswap(), "gas": no_gas() }))
    .unwrap();
    assert_eq!(r.method, RebalanceMethod::Path);
    assert_eq!(r.rebalances, 1.0);
    let e = r.events.as_ref().unwrap()[0];
    assert_eq!((e.index, e.price, e.trade), (1, 2000.0, -20_000.0));
    close(e.weight, 2.0 / 3.0, 1e-15, "weight before");
    close(r.swap_cost, 20_000.0 - 19_743.160_7, 5e-5, "fee + impact");
    assert_eq!(r.turnover, 20_000.0);
    close(r.annual_drag, r.total_cost / 80_000.0, 1e-18, "drag");
    assert_eq!(r.standard_error, None);
}

#[test]
fn a_path_walked_by_hand() {
    // 50 units + 5,000 at 100. At 150: weight 0.6, on the edge: no trade.
    // At 160: 8,000 / 13,000 = 0.615 > 0.6: sell 1,500. At 80 after that:
    // 40.625·80 = 3,250 of 9,750 + ... (see below): buy back to 1/2.
    let gas = json!({ "units": 150_000, "gwei": 20 });
    let r = run(json!({ "value": 10_000, "targetWeight": 0.5, "band": 0.1, "years": 0.5,
                        "prices": [100, 150, 160, 80], "pool": uniswap(), "gas": gas, "yieldApr": 0.05 }))
    .unwrap();
    let events = r.events.clone().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!((events[0].index, events[0].trade), (2, -1500.0));
    // The constant-product pool at price P: √(k/P) risky, √(kP) quote, k = 2e9.
    let impact = |p: f64, value: f64, buy: bool| {
        let k = 2e9_f64;
        let (r_in, amount) = if buy { ((k * p).sqrt(), value) } else { ((k / p).sqrt(), value / p) };
        let x = amount * 0.997;
        1.0 - 0.997 * r_in / (r_in + x)
    };
    let sell = impact(160.0, 1500.0, false) * 1500.0;
    close(events[0].swap_cost, sell, 1e-9, "sell cost");
    close(events[0].gas_cost, 150_000.0 * 20.0 * 1e-9 * 160.0, 1e-12, "gas at the ETH price");
    // After the sale: 40.625 units, 6,500 − costs of quote.
    let quote = 6500.0 - sell - events[0].gas_cost;
    let risky = 50.0 - 1500.0 / 160.0;
    let value = risky * 80.0 + quote;
    close(events[1].weight, risky * 80.0 / value, 1e-12, "weight at 80");
    close(events[1].trade, 0.5 * value - risky * 80.0, 1e-9, "buy back to 1/2");
    close(events[1].swap_cost, impact(80.0, events[1].trade, true) * events[1].trade, 1e-9, "buy cost");
    close(r.total_cost, r.swap_cost + r.gas_cost, 1e-12, "total");
    close(r.rebalances_per_year, 4.0, 0.0, "2 in half a year");
    close(r.annual_drag, r.total_cost / 10_000.0 / 0.5, 1e-15, "drag per year");
    close(r.drag_share_of_yield.unwrap(), r.annual_drag / 0.05, 1e-15, "share of the yield");
    close(r.cost_per_rebalance.unwrap(), r.total_cost / 2.0, 1e-12, "per rebalance");
}

#[test]
fn a_stableswap_pool_costs_its_swap_quote() {
    // weETH/ETH: the risky asset is the LRT, the quote ETH (gas at 1 ETH = 1).
    let pool = json!({ "kind": "stableSwap", "reserveRisky": 3000, "reserveQuote": 3000, "fee": 0.0004,
                       "amplification": 100 });
    let r = run(json!({ "value": 500, "targetWeight": 0.5, "band": 0.01, "years": 0.1,
                        "prices": [1.0, 0.95], "pool": pool, "gas": { "units": 200_000, "gwei": 10, "ethPrice": 1 } }))
    .unwrap();
    let e = r.events.unwrap()[0];
    assert!(e.trade > 0.0, "the LRT fell: buy it");
    let quote: SwapQuoteInput = parse(json!({ "pool": { "kind": "stableSwap", "reserveIn": 3000, "reserveOut": 3000,
                                                      "fee": 0.0004, "amplification": 100 }, "amountIn": e.trade }))
    .unwrap();
    let impact = to_f64(swap_quote(&quote).unwrap().price_impact);
    close(e.swap_cost, impact * e.trade, 1e-12, "priceImpact × value");
    close(e.gas_cost, 200_000.0 * 10.0 * 1e-9, 1e-18, "gas in ETH");
}

#[test]
fn no_move_no_cost() {
    let r = run(json!({ "value": 1000, "targetWeight": 0.3, "band": 0.05, "years": 1, "prices": [10, 10.5, 9.5, 10],
                        "pool": uniswap(), "gas": { "units": 150_000, "gwei": 30 } }))
    .unwrap();
    assert_eq!((r.rebalances, r.total_cost, r.annual_drag), (0.0, 0.0, 0.0));
    assert_eq!(r.cost_per_rebalance, None);
    assert_eq!(r.events, Some(vec![]));
}

#[test]
fn the_closed_form_by_hand() {
    // w* = 1/2, band 0.1, σ = 0.8, daily checks: edges at logit(0.6) ± the
    // BGK shift 0.5826·0.8/√365, symmetric, so E[τ] = a²/σ², Var τ = (2/3)·E[τ]²
    // and E[N(T)] ≈ T/E[τ] − 1/6; P(up) = 1/2.
    let (n, up, w_up, w_down) = expected_rebalances(0.5, 0.1, 0.8, 365.0, 1.0);
    let a = (0.6f64 / 0.4).ln() + 0.582_597_157_939_010_6 * 0.8 / 365f64.sqrt();
    close(n, 0.64 / (a * a) - 1.0 / 6.0, 1e-12, "rebalances a year");
    close(up, 0.5, 1e-15, "P(up)");
    close(w_up, 1.0 / (1.0 + (-a).exp()), 1e-15, "upper exit weight");
    close(w_up + w_down, 1.0, 1e-15, "symmetric");
}

#[test]
fn expected_agrees_with_the_simulation() {
    let relative = |a: f64, b: f64| (a - b).abs() / b;
    // Daily checks: within 3 % (4,000 paths: a standard error of ~1 %);
    // weekly, the overshoot past the band outgrows the BGK correction and
    // the closed form reads ~5 % low on cost.
    let cases = [
        (0.5, 0.1, 0.8, 1.0, 365, 0.03, 0.04),
        (0.7, 0.05, 0.5, 2.0, 365, 0.03, 0.04),
        (0.3, 0.1, 1.0, 1.0, 52, 0.04, 0.08),
    ];
    for (w, band, vol, years, checks, count_tol, cost_tol) in cases {
        let base = json!({ "value": 100_000, "targetWeight": w, "band": band, "years": years, "vol": vol,
                           "checksPerYear": checks, "pool": uniswap(), "gas": { "units": 150_000, "gwei": 20 },
                           "startPrice": 2000 });
        let expected = run(base.clone()).unwrap();
        assert_eq!(expected.method, RebalanceMethod::Expected);
        let mut sim = base.clone();
        sim["method"] = json!("simulation");
        sim["paths"] = json!(4000);
        let simulated = run(sim.clone()).unwrap();
        assert_eq!(simulated.method, RebalanceMethod::Simulation);
        let what = format!("w {w} band {band} vol {vol}: {simulated:?} vs {expected:?}");
        assert!(relative(simulated.rebalances, expected.rebalances) < count_tol, "rebalances, {what}");
        assert!(relative(simulated.total_cost, expected.total_cost) < cost_tol, "cost, {what}");
        let se = simulated.standard_error.unwrap();
        assert!(se > 0.0 && se < 0.03 * simulated.total_cost, "{what}");
    }
    let mut sim = json!({ "value": 100_000, "targetWeight": 0.5, "band": 0.1, "years": 1, "vol": 0.8, "method": "simulation",
                      "paths": 200, "pool": uniswap(), "gas": { "units": 150_000, "gwei": 20 } });
    let simulated = run(sim.clone()).unwrap();
    // The same seed gives the same numbers; another seed others.
    assert_eq!(run(sim.clone()).unwrap(), simulated);
    sim["seed"] = json!(2);
    assert_ne!(run(sim).unwrap().total_cost, simulated.total_cost);
}

#[test]
fn every_documented_error_names_its_field() {
    let base = || {
        json!({ "value": 1000, "targetWeight": 0.5, "band": 0.1, "years": 1, "prices": [1, 2],
                "pool": uniswap(), "gas": no_gas() })
    };
    let vol = || {
        let mut v = base();
        v.as_object_mut().unwrap().remove("prices");
        v["vol"] = json!(0.5);
        v
    };
    type Edit = fn(&mut Value);
    let cases: Vec<(Value, &str, Edit, &str)> = vec![
        (base(), "value", |v| v["value"] = json!(0), "must be > 0"),
        (base(), "targetWeight", |v| v["targetWeight"] = json!(1), "must be > 0 and < 1, got 1"),
        (base(), "band", |v| v["band"] = json!(0.5), "must be > 0 and < 0.5, got 0.5"),
        (
            base(),
            "band",
            |v| {
                v["targetWeight"] = json!(0.9);
                v["band"] = json!(0.1);
            },
            "must be > 0 and < 0.1",
        ),
        (base(), "years", |v| v["years"] = json!(0), "must be > 0 and <= 100"),
        (base(), "prices", |v| v["prices"] = json!([1]), "must hold 2 to 100000 prices, got 1"),
        (base(), "prices[1]", |v| v["prices"] = json!([1, -2]), "must be > 0"),
        (
            base(),
            "prices",
            |v| {
                v.as_object_mut().unwrap().remove("prices");
            },
            "is required: give prices (a path) or vol",
        ),
        (base(), "vol", |v| v["vol"] = json!(0.5), "give either prices (a path) or vol, not both"),
        (base(), "method", |v| v["method"] = json!("expected"), "must be \"path\" (or left out)"),
        (base(), "checksPerYear", |v| v["checksPerYear"] = json!(12), "applies to the vol methods only"),
        (base(), "paths", |v| v["paths"] = json!(10), "applies to the vol methods only"),
        (vol(), "prices", |v| v["method"] = json!("path"), "is required for method \"path\""),
        (vol(), "vol", |v| v["vol"] = json!(0), "must be > 0 and <= 10"),
        (vol(), "checksPerYear", |v| v["checksPerYear"] = json!(0.5), "must be >= 1 and <= 525600"),
        (vol(), "startPrice", |v| v["startPrice"] = json!(0), "must be > 0"),
        (vol(), "paths", |v| v["paths"] = json!(10), "applies to method \"simulation\" only"),
        (vol(), "seed", |v| v["seed"] = json!(3), "applies to method \"simulation\" only"),
        (
            vol(),
            "paths",
            |v| {
                v["method"] = json!("simulation");
                v["paths"] = json!(0);
            },
            "must be a whole number from 1 to 100000",
        ),
        (
            vol(),
            "seed",
            |v| {
                v["method"] = json!("simulation");
                v["seed"] = json!(-1);
            },
            "must be a whole number from 0 to",
        ),
        (
            vol(),
            "paths",
            |v| {
                v["method"] = json!("simulation");
                v["paths"] = json!(100_000);
                v["checksPerYear"] = json!(525_600);
            },
            "paths × years × checksPerYear must be at most 20000000",
        ),
        (vol(), "method", |v| v["method"] = json!("monteCarlo"), "unknown variant `monteCarlo`"),
        (base(), "pool.reserveRisky", |v| v["pool"]["reserveRisky"] = json!(0), "must be > 0"),
        (base(), "pool.reserveQuote", |v| v["pool"]["reserveQuote"] = json!(-1), "must be > 0"),
        (base(), "pool.fee", |v| v["pool"]["fee"] = json!(1), "must be >= 0 and < 1"),
        (base(), "pool.amplification", |v| v["pool"]["amplification"] = json!(100), "applies to stableSwap pools only"),
        (base(), "pool.amplification", |v| v["pool"]["kind"] = json!("stableSwap"), "is required for stableSwap"),
        (base(), "pool.kind", |v| v["pool"]["kind"] = json!("curve"), "unknown variant `curve`"),
        (base(), "gas.units", |v| v["gas"]["units"] = json!(-1), "must be >= 0"),
        (base(), "gas.gwei", |v| v["gas"]["gwei"] = json!(2e6), "must be >= 0 and <= 1000000"),
        (base(), "gas.ethPrice", |v| v["gas"]["ethPrice"] = json!(0), "must be > 0"),
        (base(), "yieldApr", |v| v["yieldApr"] = json!(0), "must be > 0 and <= 10"),
        (
            vol(),
            "value",
            |v| {
                v["pool"] = json!({ "kind": "stableSwap", "reserveRisky": 1e-6, "reserveQuote": 1e-6, "fee": 0, "amplification": 10 });
            },
            "is more than the pool can absorb",
        ),
    ];
    for (mut input, field, edit, start) in cases {
        edit(&mut input);
        let e = run(input).expect_err(field);
        assert_eq!(e.path, field, "{e}");
        assert!(e.message.starts_with(start), "{field}: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A wider band means fewer expected rebalances, each moving more.
    #[test]
    fn wider_bands_rebalance_less(w in 0.2f64..0.8, b in 0.01f64..0.15, vol in 0.1f64..2.0, m in 1.0f64..10_000.0) {
        let b = b.min(0.5 * w.min(1.0 - w));
        let (n1, ..) = expected_rebalances(w, b, vol, m, 1.0);
        let (n2, ..) = expected_rebalances(w, 1.5 * b, vol, m, 1.0);
        prop_assert!(n2 <= n1);
        // Past the renewal constant, rebalances grow like T/E[τ] and E[τ]
        // falls like 1/σ² (at continuous checks): a year adds 1/E[τ], and
        // doubling σ makes that 4/E[τ].
        let (n5, ..) = expected_rebalances(w, b, vol, f64::INFINITY, 1.0);
        prop_assume!(n5 > 0.0);
        let (n3, ..) = expected_rebalances(w, b, vol, f64::INFINITY, 2.0);
        let (n4, ..) = expected_rebalances(w, b, 2.0 * vol, f64::INFINITY, 1.0);
        prop_assert!((n4 - n5 - 3.0 * (n3 - n5)).abs() <= 1e-9 * n4, "{} {} {}", n3, n4, n5);
    }

    /// On any path, the costs add up and a free pool with free gas costs nothing.
    #[test]
    fn costs_add_up(moves in prop::collection::vec(-0.2f64..0.2, 1..200)) {
        let mut prices = vec![100.0];
        for m in &moves { prices.push(prices.last().unwrap() * (1.0 + m)); }
        let mut input = json!({ "value": 10_000, "targetWeight": 0.6, "band": 0.05, "years": 1, "prices": prices,
                                "pool": { "kind": "constantProduct", "reserveRisky": 1e12, "reserveQuote": 1e14, "fee": 0 },
                                "gas": no_gas() });
        let free = run(input.clone()).unwrap();
        prop_assert!(free.total_cost.abs() <= 1e-6 * free.turnover.max(1.0));
        input["pool"]["fee"] = json!(0.003);
        input["gas"] = json!({ "units": 100_000, "gwei": 10 });
        let r = run(input).unwrap();
        let events = r.events.clone().unwrap();
        prop_assert_eq!(r.rebalances as usize, events.len());
        let swap: f64 = events.iter().map(|e| e.swap_cost).sum();
        prop_assert!((swap - r.swap_cost).abs() <= 1e-9 * swap.max(1.0));
        // The fee alone costs 0.3 % of what is traded (less than that on the buy side's output).
        prop_assert!(r.swap_cost >= 0.0029 * r.turnover && r.swap_cost <= 0.0031 * r.turnover + 1e-9);
    }
}
