#![cfg(not(target_arch = "wasm32"))]
//! `swapQuote`: Uniswap v2 against vectors.md, StableSwap against values
//! computed independently, one test per documented error, and proptest
//! properties. Inputs go through the same JSON parsing as the wasm boundary.
//!
//! StableSwap reference values: a one-off Python script with 80-digit
//! `decimal` arithmetic that finds D by bisection on the paper's invariant
//! `4A(x + y) + D = 4AD + D³/(4xy)` and the new out-reserve as the positive
//! root of the quadratic `y² + (x' + D/(4A) − D)·y − D³/(16A·x') = 0`
//! (closed form, not Newton), then `out = (y − y')·(1 − fee)`; the marginal
//! price is the ratio of the invariant's partial derivatives. The Rust code
//! uses Curve's Newton iterations, so agreement to 1e-15 and better checks
//! both the maths and the convergence.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::amm::{swap_quote, SwapError, SwapQuote, SwapQuoteInput};
use restake_calc::input::parse;
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn run(input: Value) -> Result<SwapQuote, CalcError> {
    let parsed: SwapQuoteInput = parse(input)?;
    swap_quote(&parsed)
}

fn err(input: Value) -> String {
    run(input).unwrap_err().to_string()
}

fn close(got: Decimal, want: Decimal, tolerance: Decimal) {
    assert!((got - want).abs() <= tolerance, "got {got}, want {want} ± {tolerance}");
}

fn uniswap(amount_in: Value) -> Value {
    json!({ "pool": { "kind": "constantProduct", "reserveIn": 1000, "reserveOut": 2_000_000, "fee": 0.003 },
            "amountIn": amount_in })
}

fn stable(a: &str, reserve_in: &str, reserve_out: &str, fee: &str, amount_in: &str) -> Value {
    json!({ "pool": { "kind": "stableSwap", "amplification": a, "reserveIn": reserve_in, "reserveOut": reserve_out,
                      "fee": fee },
            "amountIn": amount_in })
}

#[test]
fn uniswap_v2_vector() {
    // vectors.md: 1,000 ETH / 2,000,000 USDC, sell 10 ETH at 0.3 % -> 19,743.1607.
    let q = run(uniswap(json!(10))).unwrap();
    assert_eq!(q.amount_out.round_dp(4), dec!(19743.1607));
    // 10 × 997 × 2e6 / (1000 × 1000 + 10 × 997), exactly to 20 decimals.
    assert_eq!(q.amount_out.round_dp(20), dec!(19743.16068794122597700922));
    assert_eq!(q.effective_price, q.amount_out / dec!(10));
    // Against the pre-trade spot 2,000 USDC/ETH.
    assert_eq!(q.price_impact, Decimal::ONE - q.effective_price / dec!(2000));
    // The pool keeps the fee: (2e6 − out) / 1010.
    assert_eq!(q.spot_price_after, (dec!(2000000) - q.amount_out) / dec!(1010));
}

#[test]
fn stableswap_quotes_match_the_independent_reference() {
    // (A, reserveIn, reserveOut, fee, amountIn) -> amountOut, effectivePrice,
    // priceImpact, spotPriceAfter (reference digits from the script).
    let cases = [
        // Balanced pool, A = 100.
        (
            stable("100", "1000000", "1000000", "0.0004", "10000"),
            [
                dec!(9995.502662072658770570),
                dec!(0.999550266207265877057),
                dec!(0.000449733792734122943),
                dec!(0.999900505343698980279),
            ],
        ),
        // stETH/ETH as in June 2022: 78 % stETH, 22 % ETH; sell stETH, A = 50.
        (
            stable("50", "780000", "220000", "0.0004", "10000"),
            [
                dec!(9756.047034068156679964),
                dec!(0.975604703406815667996),
                dec!(0.001571023327745889380),
                dec!(0.974802620568312233734),
            ],
        ),
        // A = 1: close to constant product.
        (
            stable("1", "1000", "1000", "0", "100"),
            [
                dec!(96.760741606773957079),
                dec!(0.967607416067739570791),
                dec!(0.032392583932260429209),
                dec!(0.935998938609436600808),
            ],
        ),
        // A = 2,000, a dump into the scarce side.
        (
            stable("2000", "500", "1500", "0.001", "1400"),
            [
                dec!(1397.631271385840921770),
                dec!(0.998308050989886372693),
                dec!(0.002135290514686813078),
                dec!(0.988244644809383159747),
            ],
        ),
    ];
    for (input, [out, price, impact, after]) in cases {
        let q = run(input.clone()).unwrap();
        let scale = Decimal::ONE + out;
        close(q.amount_out, out, dec!(1e-15) * scale);
        close(q.effective_price, price, dec!(1e-18));
        close(q.price_impact, impact, dec!(1e-18));
        close(q.spot_price_after, after, dec!(1e-18));
    }
}

#[test]
fn stableswap_is_flatter_than_constant_product() {
    let cp = run(json!({ "pool": { "kind": "constantProduct", "reserveIn": 1000, "reserveOut": 1000, "fee": 0 },
                         "amountIn": 100 }))
    .unwrap();
    let ss = run(stable("100", "1000", "1000", "0", "100")).unwrap();
    assert_eq!(cp.amount_out.round_dp(12), (dec!(100000) / dec!(1100)).round_dp(12));
    assert!(ss.amount_out > cp.amount_out);
    assert!(ss.price_impact < cp.price_impact);
}

#[test]
fn every_documented_error_names_its_field() {
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": 0, "reserveOut": 1, "fee": 0 }, "amountIn": 1 }),
            "pool.reserveIn: must be > 0",
        ),
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": 1, "reserveOut": -5, "fee": 0 }, "amountIn": 1 }),
            "pool.reserveOut: must be > 0",
        ),
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": "abc", "reserveOut": 1, "fee": 0 }, "amountIn": 1 }),
            "pool.reserveIn: expected a number or a decimal string",
        ),
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": 1, "reserveOut": 1, "fee": 1 }, "amountIn": 1 }),
            "pool.fee: must be >= 0 and < 1",
        ),
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": 1, "reserveOut": 1, "fee": 0, "amplification": 10 }, "amountIn": 1 }),
            "pool.amplification: applies to stableSwap pools only",
        ),
        (
            json!({ "pool": { "kind": "stableSwap", "reserveIn": 1, "reserveOut": 1, "fee": 0 }, "amountIn": 1 }),
            "pool.amplification: is required for stableSwap",
        ),
        (
            json!({ "pool": { "kind": "stableSwap", "reserveIn": 1, "reserveOut": 1, "fee": 0, "amplification": 0 }, "amountIn": 1 }),
            "pool.amplification: must be > 0 and <= 500000",
        ),
        (
            json!({ "pool": { "kind": "stableSwap", "reserveIn": 1, "reserveOut": 1, "fee": 0, "amplification": true }, "amountIn": 1 }),
            "pool.amplification: wrong type: boolean",
        ),
        (
            json!({ "pool": { "kind": "stableSwap", "reserveIn": "1e-13", "reserveOut": 1, "fee": 0, "amplification": 10 }, "amountIn": 1 }),
            "pool.reserveIn: the reserves differ by more than 1000000000000 times",
        ),
        (
            json!({ "pool": { "kind": "curveV2", "reserveIn": 1, "reserveOut": 1, "fee": 0 }, "amountIn": 1 }),
            "pool.kind: unknown variant `curveV2`, expected `constantProduct` or `stableSwap`",
        ),
        (json!({ "pool": { "reserveIn": 1, "reserveOut": 1, "fee": 0 }, "amountIn": 1 }), "pool.kind: is required"),
        (
            json!({ "pool": { "kind": "constantProduct", "reserveOut": 1, "fee": 0 }, "amountIn": 1 }),
            "pool.reserveIn: is required",
        ),
        (uniswap(json!(0)), "amountIn: must be > 0"),
        (uniswap(json!(-1)), "amountIn: must be > 0"),
        // Far more than the pool can absorb: the output would round to the whole reserve.
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": "1e-20", "reserveOut": 1, "fee": 0 }, "amountIn": "1e15" }),
            "amountIn: is more than the pool can absorb",
        ),
        (stable("100", "1", "1", "0", "1e13"), "amountIn: is more than the pool can absorb"),
        (
            json!({ "pool": { "kind": "constantProduct", "reserveIn": 1, "reserveOut": 1, "fee": 0 } }),
            "amountIn: is required",
        ),
    ];
    for (input, expected) in cases {
        let message = err(input.clone());
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
}

#[test]
fn newton_failure_is_a_field_error() {
    // The most unbalanced pool accepted, at the highest A, still converges
    // (Newton on a convex function from one side): the limit is a clean error
    // rather than a stall. Every accepted pool must quote or name a field.
    for a in ["0.000001", "1", "500000"] {
        for (rin, rout) in [("1e-12", "1"), ("1", "1e-12"), ("1e15", "1000"), ("1000", "1e15")] {
            for amount in ["1e-12", "1", "1e15"] {
                match run(stable(a, rin, rout, "0.0004", amount)) {
                    Ok(q) => {
                        assert!(q.amount_out >= Decimal::ZERO && q.spot_price_after > Decimal::ZERO)
                    }
                    Err(e) => assert!(["amountIn", "pool.amplification"].contains(&e.path.as_str()), "{e}"),
                }
            }
        }
    }
}

#[test]
fn non_convergence_names_the_amplification() {
    // Within the accepted ranges Newton's method has converged on every pool
    // tried (above, and the property below); the 255-iteration limit is a guard.
    let e = SwapError::NotConverged.at("pool", "amountIn");
    assert_eq!(e.path, "pool.amplification");
    assert!(e.message.starts_with("Newton's method for the StableSwap invariant did not converge in 255 iterations"));
    assert_eq!(SwapError::Drained.at("pool", "shock.sellCollateral").path, "shock.sellCollateral");
}

fn arb_pool() -> impl Strategy<Value = (Value, Decimal)> {
    (prop::bool::ANY, 1u64..100_000, 1u64..100_000_000, 1u64..100_000_000, 0u32..100, 1u64..10_000_000).prop_map(
        |(stable_swap, a, rin, rout, fee, amount)| {
            let reserve_out = Decimal::new(rout as i64, 2);
            let mut pool = json!({ "kind": "constantProduct", "reserveIn": Decimal::new(rin as i64, 2).to_string(),
                                   "reserveOut": reserve_out.to_string(),
                                   "fee": Decimal::new(fee as i64, 4).to_string() });
            if stable_swap {
                pool["kind"] = json!("stableSwap");
                pool["amplification"] = json!(Decimal::new(a as i64, 1).to_string());
            }
            (json!({ "pool": pool, "amountIn": Decimal::new(amount as i64, 2).to_string() }), reserve_out)
        },
    )
}

proptest! {
    /// Selling never takes the whole reserve, never pays above the pre-trade
    /// price, and lowers the pool's price.
    #[test]
    fn a_sale_is_bounded_and_moves_the_price_down((input, reserve_out) in arb_pool()) {
        let q = run(input).unwrap();
        prop_assert!(q.amount_out >= Decimal::ZERO && q.amount_out < reserve_out);
        prop_assert!(q.price_impact >= dec!(-1e-20), "impact {}", q.price_impact);
        let before = q.effective_price / (Decimal::ONE - q.price_impact);
        prop_assert!(q.spot_price_after <= before * (Decimal::ONE + dec!(1e-20)));
    }

    /// Anywhere in the accepted ranges (log-uniform: A from 1e-3 to 5e5,
    /// reserves up to 1e12 apart, any amount) a StableSwap quote is either
    /// a quote or an error naming a field: never a panic, never a stall.
    #[test]
    fn stableswap_quotes_or_names_a_field(
        a in -3i32..6, a_digit in 1u32..5, rin in -6i32..15, rout in -6i32..15, amount in -12i32..15, fee in 0u32..50,
    ) {
        let num = |e: i32| format!("1e{e}");
        let input = json!({ "pool": { "kind": "stableSwap", "amplification": format!("{a_digit}e{a}"),
                                      "reserveIn": num(rin), "reserveOut": num(rout),
                                      "fee": Decimal::new(fee as i64, 4).to_string() },
                            "amountIn": num(amount) });
        match run(input) {
            Ok(q) => prop_assert!(q.amount_out >= Decimal::ZERO && q.spot_price_after > Decimal::ZERO),
            Err(e) => prop_assert!(
                ["amountIn", "pool.amplification", "pool.reserveIn", "pool.reserveOut"].contains(&e.path.as_str()),
                "{}", e
            ),
        }
    }

    /// Selling more returns more, at a worse average price.
    #[test]
    fn more_in_more_out((input, _) in arb_pool()) {
        let q = run(input.clone()).unwrap();
        let mut bigger = input;
        let amount: Decimal = bigger["amountIn"].as_str().unwrap().parse().unwrap();
        bigger["amountIn"] = json!((amount * dec!(2)).to_string());
        let q2 = run(bigger).unwrap();
        prop_assert!(q2.amount_out >= q.amount_out);
        prop_assert!(q2.effective_price <= q.effective_price * (Decimal::ONE + dec!(1e-20)));
    }
}
