//! AMM quotes: what selling `amountIn` of one token into a two-token pool
//! returns, for a constant-product pool (Uniswap v2) and a StableSwap pool
//! (Curve).
//!
//! Units: `reserveIn` and `amountIn` in the token sold, `reserveOut` and
//! `amountOut` in the token bought; prices are out-tokens per in-token; fees
//! and price impact are fractions.
//!
//! The fee stays in the pool (no admin or protocol share leaves it), so the
//! reserves after a trade are `(reserveIn + amountIn, reserveOut − amountOut)`.
//!
//! Sources:
//! - Uniswap v2: Uniswap/v2-periphery `contracts/libraries/UniswapV2Library.sol`
//!   (`getAmountOut`), Uniswap/v2-core `contracts/UniswapV2Pair.sol` (`swap`).
//! - StableSwap: M. Egorov, "StableSwap – efficient mechanism for Stablecoin
//!   liquidity" (2019), and curvefi/curve-contract
//!   `contracts/pools/3pool/StableSwap3Pool.vy` (`get_D`, `get_y`, `get_dy`,
//!   `exchange`); the marginal price as curvefi/stableswap-ng
//!   `contracts/main/CurveStableSwapNG.vy` (`_get_p`).

use crate::error::CalcError;
use crate::input::{self, join, within, At, Bound};
use crate::num::{add, div, mul, mul_div, sub, Decimal, Exact, Num, Overflow};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Largest StableSwap amplification accepted (the paper's A; Curve's
/// contracts cap their stored `A = A·n^(n−1)` at `MAX_A = 10**6`).
pub const MAX_AMPLIFICATION: Decimal = dec!(500_000);
/// Newton iterations before giving up, as Curve's `get_D` / `get_y` (255).
pub const MAX_NEWTON_ITERATIONS: u32 = 255;
/// Largest ratio between a StableSwap pool's reserves, and between the amount
/// sold and the pool, that the 28-digit arithmetic quotes exactly.
pub const MAX_STABLESWAP_IMBALANCE: Decimal = dec!(1_000_000_000_000);
/// Two coins: n in the StableSwap invariant.
const N: Decimal = dec!(2);
/// Convergence: consecutive Newton iterates (in units of the pool's total
/// reserves) closer than this. Curve stops at 1 wei.
const NEWTON_TOLERANCE: Decimal = dec!(0.000_000_000_000_000_000_000_1);

/// The kind of pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum PoolKind {
    /// `x · y = k` (Uniswap v2), fee taken from the input.
    ConstantProduct,
    /// Curve's StableSwap invariant for two coins at rate 1, fee taken from the output.
    StableSwap,
}
crate::read_enum!(PoolKind { ConstantProduct: "constantProduct", StableSwap: "stableSwap" });

/// A pool as the JS side describes it. `amplification` is required for
/// `stableSwap` and not allowed for `constantProduct`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PoolInput {
    pub kind: PoolKind,
    /// Balance of the token sold into the pool (> 0).
    pub reserve_in: Num,
    /// Balance of the token bought from the pool (> 0).
    pub reserve_out: Num,
    /// Swap fee as a fraction in [0, 1): 0.003 for Uniswap v2, 0.0004 for many Curve pools.
    pub fee: Num,
    /// StableSwap A as in the paper's invariant `A·n^n·Σx + D = A·D·n^n + D^(n+1)/(n^n·Πx)`,
    /// in (0, 500,000]. Curve's contracts store and report `A·n^(n−1)`, i.e. twice
    /// this value for a two-coin pool.
    #[serde(default)]
    #[tsify(optional)]
    pub amplification: Option<Num>,
}
crate::read_struct!(PoolInput {
    kind: "kind",
    reserve_in: "reserveIn",
    reserve_out: "reserveOut",
    fee: "fee",
    amplification: "amplification",
});

/// Input of `swapQuote`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SwapQuoteInput {
    pub pool: PoolInput,
    /// Tokens sold into the pool (> 0).
    pub amount_in: Num,
}
crate::read_struct!(SwapQuoteInput { pool: "pool", amount_in: "amountIn" });

/// A validated pool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pool {
    pub kind: PoolKind,
    pub reserve_in: Decimal,
    pub reserve_out: Decimal,
    pub fee: Decimal,
    /// The paper's A (0 for constant product).
    pub amplification: Decimal,
}

/// Output of `swapQuote`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct SwapQuote {
    /// Tokens received, after the fee.
    pub amount_out: Decimal,
    /// `amountOut / amountIn`: out-tokens received per in-token sold.
    pub effective_price: Decimal,
    /// `1 − effectivePrice / spotPriceBefore`, where `spotPriceBefore` is the
    /// fee-free marginal price (out per in) of the pool before the trade; it
    /// includes the fee, so it is the whole cost of the trade against the mid price.
    pub price_impact: Decimal,
    /// Fee-free marginal price (out-tokens per in-token, `−dy/dx` on the
    /// invariant) at the reserves after the trade, fee left in the pool.
    pub spot_price_after: Decimal,
}

/// Why a swap cannot be quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwapError {
    /// Beyond the range of exact decimals.
    Overflow,
    /// Newton's method did not converge in [`MAX_NEWTON_ITERATIONS`].
    NotConverged,
    /// The trade would take all of `reserveOut` (or more than the pool can
    /// absorb exactly).
    Drained,
}

impl From<Overflow> for SwapError {
    fn from(_: Overflow) -> Self {
        SwapError::Overflow
    }
}

impl SwapError {
    /// The error at the input fields: `pool` is the pool's path, `amount` the
    /// path of the amount sold.
    pub fn at(self, pool: &str, amount: &str) -> CalcError {
        match self {
            SwapError::Overflow => CalcError::overflow(amount),
            SwapError::NotConverged => CalcError::new(
                join(pool, "amplification"),
                format!(
                    "Newton's method for the StableSwap invariant did not converge in {MAX_NEWTON_ITERATIONS} iterations (as Curve's get_D / get_y); the pool is too unbalanced for this amplification"
                ),
            ),
            SwapError::Drained => CalcError::new(
                amount,
                format!(
                    "is more than the pool can absorb: the trade would take all of {} (or the pool is left over {} times unbalanced)",
                    join(pool, "reserveOut"),
                    MAX_STABLESWAP_IMBALANCE.normalize()
                ),
            ),
        }
    }
}

impl PoolInput {
    /// Validates the pool per kind; `prefix` is its path (`pool`).
    pub fn validate(&self, prefix: &str) -> Result<Pool, CalcError> {
        self.validate_as(prefix, ["reserveIn", "reserveOut"])
    }

    /// [`Self::validate`] for an input that names the reserves otherwise
    /// (`rebalanceCost`'s `reserveRisky` and `reserveQuote`).
    pub fn validate_as(&self, prefix: &str, [name_in, name_out]: [&str; 2]) -> Result<Pool, CalcError> {
        let path = |field| At(prefix, field);
        let reserve_in = input::amount(&path(name_in), self.reserve_in.get())?;
        let reserve_out = input::amount(&path(name_out), self.reserve_out.get())?;
        let fee = input::fraction_below_one(&path("fee"), self.fee.get())?;
        let amplification = match (self.kind, self.amplification) {
            (PoolKind::ConstantProduct, None) => Decimal::ZERO,
            (PoolKind::ConstantProduct, Some(_)) => {
                return Err(CalcError::new(path("amplification"), "applies to stableSwap pools only; leave it out"))
            }
            (PoolKind::StableSwap, None) => {
                return Err(CalcError::new(path("amplification"), "is required for stableSwap"))
            }
            (PoolKind::StableSwap, Some(a)) => within(
                &path("amplification"),
                a.get(),
                &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_AMPLIFICATION)] },
            )?,
        };
        if self.kind == PoolKind::StableSwap {
            let (small, large) = (reserve_in.min(reserve_out), reserve_in.max(reserve_out));
            // Both at most 1e15: the product fits.
            if mul(small, MAX_STABLESWAP_IMBALANCE).is_ok_and(|limit| large > limit) {
                let field = if reserve_in < reserve_out { name_in } else { name_out };
                return Err(CalcError::new(
                    path(field),
                    format!(
                        "the reserves differ by more than {} times; a StableSwap quote that unbalanced is not exact",
                        MAX_STABLESWAP_IMBALANCE.normalize()
                    ),
                ));
            }
        }
        Ok(Pool { kind: self.kind, reserve_in, reserve_out, fee, amplification })
    }
}

/// Quotes a swap: `swapQuote` of the JS API.
pub fn swap_quote(input: &SwapQuoteInput) -> Result<SwapQuote, CalcError> {
    let pool = input.pool.validate("pool")?;
    let amount_in = input::amount("amountIn", input.amount_in.get())?;
    quote(&pool, amount_in).map_err(|e| e.at("pool", "amountIn"))
}

/// The quote for selling `amount_in` into `pool`.
pub fn quote(pool: &Pool, amount_in: Decimal) -> Result<SwapQuote, SwapError> {
    let before = pool.spot_price()?;
    let (amount_out, after) = pool.swap(amount_in)?;
    let effective_price = div(amount_out, amount_in)?;
    Ok(SwapQuote {
        amount_out,
        effective_price,
        price_impact: sub(Decimal::ONE, div(effective_price, before)?)?,
        spot_price_after: after.spot_price()?,
    })
}

impl Pool {
    /// Fee-free marginal price, out-tokens per in-token.
    pub fn spot_price(&self) -> Result<Decimal, SwapError> {
        match self.kind {
            PoolKind::ConstantProduct => Ok(constant_product_spot_price(self.reserve_in, self.reserve_out)?),
            PoolKind::StableSwap => stable_swap_spot_price(self.amplification, self.reserve_in, self.reserve_out),
        }
    }

    /// Sells `amount_in`: the tokens received and the pool afterwards (the fee
    /// stays in the pool).
    pub fn swap(&self, amount_in: Decimal) -> Result<(Decimal, Pool), SwapError> {
        let out = match self.kind {
            PoolKind::ConstantProduct => {
                constant_product_amount_out(amount_in, self.reserve_in, self.reserve_out, self.fee)?
            }
            PoolKind::StableSwap => {
                stable_swap_amount_out(self.amplification, amount_in, self.reserve_in, self.reserve_out, self.fee)?
            }
        };
        if out >= self.reserve_out {
            return Err(SwapError::Drained);
        }
        let after =
            Pool { reserve_in: add(self.reserve_in, amount_in)?, reserve_out: sub(self.reserve_out, out)?, ..*self };
        if after.kind == PoolKind::StableSwap && after.reserve_in > mul(after.reserve_out, MAX_STABLESWAP_IMBALANCE)? {
            return Err(SwapError::Drained);
        }
        Ok((out, after))
    }
}

/// Uniswap v2 `getAmountOut` with the fee as a fraction `φ`:
/// `out = x·(1 − φ)·R_out / (R_in + x·(1 − φ))` (with φ = 0.3 %: `x·997·R_out /
/// (R_in·1000 + x·997)`). Computed as `R_out · (x' / (R_in + x'))` so that the
/// product of two 1e15 amounts never overflows. Units: tokens.
pub fn constant_product_amount_out(
    amount_in: Decimal,
    reserve_in: Decimal,
    reserve_out: Decimal,
    fee: Decimal,
) -> Exact {
    let with_fee = mul(amount_in, sub(Decimal::ONE, fee)?)?;
    mul(reserve_out, div(with_fee, add(reserve_in, with_fee)?)?)
}

/// Marginal price of a constant-product pool, `R_out / R_in` (out per in,
/// fee-free): `−dy/dx` on `x·y = k`.
pub fn constant_product_spot_price(reserve_in: Decimal, reserve_out: Decimal) -> Exact {
    div(reserve_out, reserve_in)
}

/// Curve's `get_dy` for two coins at rate 1, exactly: with the invariant `D`
/// of the reserves, the new out-reserve is `y' = get_y(x + dx)`, and
/// `out = (y − y')·(1 − fee)` (the fee is taken from the output). The reserves
/// are scaled to a total of 1 first (the invariant is homogeneous of degree 1).
/// Units: tokens.
pub fn stable_swap_amount_out(
    amplification: Decimal,
    amount_in: Decimal,
    reserve_in: Decimal,
    reserve_out: Decimal,
    fee: Decimal,
) -> Result<Decimal, SwapError> {
    let total = add(reserve_in, reserve_out)?;
    let (x, y) = (div(reserve_in, total)?, div(reserve_out, total)?);
    let dx = div(amount_in, total)?;
    if dx > MAX_STABLESWAP_IMBALANCE {
        return Err(SwapError::Drained);
    }
    let ann = annn(amplification)?;
    let d = stable_swap_invariant(ann, x, y)?;
    let y_new = stable_swap_y(ann, d, add(x, dx)?)?;
    let dy = sub(y, y_new)?.max(Decimal::ZERO);
    Ok(mul(mul(dy, sub(Decimal::ONE, fee)?)?, total)?)
}

/// `A·n^n` for two coins: `4·A` (Curve's `Ann = amp · N_COINS` with its
/// stored `amp = A·n^(n−1)`).
fn annn(amplification: Decimal) -> Exact {
    mul(amplification, dec!(4))
}

/// `D_P = D^(n+1) / (n^n · x · y)` for two coins (Curve: `D_P = D_P · D /
/// (x · n)` per coin). Computed as `((D / 2·small) · D / 2·large) · D`: the
/// middle value is `D_P / D >= 1` (at the solution `D_P = Ann·(S − D) + D`),
/// so no intermediate sinks to where fixed-point decimals lose digits.
fn d_p(d: Decimal, x: Decimal, y: Decimal) -> Exact {
    let (small, large) = (x.min(y), x.max(y));
    mul(mul_div(div(d, mul(small, N)?)?, d, mul(large, N)?)?, d)
}

/// The StableSwap invariant `D` of reserves `x`, `y` by Newton's method from
/// `D = x + y`, as Curve's `get_D`:
/// `D ← (Ann·S + D_P·n)·D / ((Ann − 1)·D + (n + 1)·D_P)` with `Ann = A·n^n`,
/// `S = x + y`, `D_P = D^(n+1) / (n^n·x·y)` (the Newton step on
/// `Ann·S + D = Ann·D + D_P`). Same units as the reserves.
pub fn stable_swap_invariant(ann: Decimal, x: Decimal, y: Decimal) -> Result<Decimal, SwapError> {
    let s = add(x, y)?;
    let mut d = s;
    for _ in 0..MAX_NEWTON_ITERATIONS {
        let dp = d_p(d, x, y)?;
        let numerator = mul(add(mul(ann, s)?, mul(dp, N)?)?, d)?;
        let denominator = add(mul(sub(ann, Decimal::ONE)?, d)?, mul(dec!(3), dp)?)?;
        let previous = d;
        d = div(numerator, denominator)?;
        if converged(d, previous)? {
            return Ok(d);
        }
    }
    Err(SwapError::NotConverged)
}

/// Whether a Newton step from `previous` to `next` moved by at most
/// [`NEWTON_TOLERANCE`] relative to `next` (absolute below 1).
fn converged(next: Decimal, previous: Decimal) -> Exact<bool> {
    Ok(sub(next, previous)?.abs() <= mul(NEWTON_TOLERANCE, next.max(Decimal::ONE))?)
}

/// The out-reserve `y` that keeps the invariant `D` when the in-reserve is `x`,
/// by Newton's method from `y = D`, as Curve's `get_y` for two coins:
/// `y ← (y² + c) / (2y + b − D)` with `c = D^(n+1) / (n^n · x · Ann)` and
/// `b = x + D / Ann` (the Newton step on `y² + (b − D)·y = c`).
pub fn stable_swap_y(ann: Decimal, d: Decimal, x: Decimal) -> Result<Decimal, SwapError> {
    let c = mul_div(mul_div(d, d, mul(x, N)?)?, d, mul(ann, N)?)?;
    let b = add(x, div(d, ann)?)?;
    let mut y = d;
    for _ in 0..MAX_NEWTON_ITERATIONS {
        let previous = y;
        let denominator = sub(add(mul(y, N)?, b)?, d)?;
        if denominator <= Decimal::ZERO {
            return Err(SwapError::NotConverged);
        }
        y = div(add(mul(y, y)?, c)?, denominator)?;
        if converged(y, previous)? {
            return if y > Decimal::ZERO { Ok(y) } else { Err(SwapError::Drained) };
        }
    }
    Err(SwapError::NotConverged)
}

/// Marginal price of a two-coin StableSwap pool, out-tokens per in-token:
/// `p = y·(Ann·x + D_P) / (x·(Ann·y + D_P))`, `D_P = D³ / (4·x·y)` — the
/// ratio of the invariant's partial derivatives, as stableswap-ng's `_get_p`
/// (`(xp0_A + Dr·xp0/xp_i) / (xp0_A + Dr)`). Dimensionless (both coins at rate 1).
pub fn stable_swap_spot_price(
    amplification: Decimal,
    reserve_in: Decimal,
    reserve_out: Decimal,
) -> Result<Decimal, SwapError> {
    let total = add(reserve_in, reserve_out)?;
    let (x, y) = (div(reserve_in, total)?, div(reserve_out, total)?);
    let ann = annn(amplification)?;
    let d = stable_swap_invariant(ann, x, y)?;
    let dp = d_p(d, x, y)?;
    Ok(div(mul(y, add(mul(ann, x)?, dp)?)?, mul(x, add(mul(ann, y)?, dp)?)?)?)
}
