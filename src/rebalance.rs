//! The cost of keeping a two-asset portfolio near a target weight with a
//! band (no-trade region) policy: `rebalanceCost`.
//!
//! The policy: hold a risky asset (ETH, an LRT) and a quote asset (USD, or
//! ETH for an LRT) at a target weight `w*` of the risky one; whenever the
//! weight, checked at regular times, has left `[w* − b, w* + b]`, trade
//! back to `w*` through a pool and pay gas. The no-trade band is the shape
//! of the optimal policy under transaction costs (Constantinides 1986,
//! "Capital market equilibrium with transaction costs", J. Political Economy
//! 94(4); Davis & Norman 1990, "Portfolio selection with transaction
//! costs", Math. Operations Research 15(4)); trading back to the target
//! rather than to the band's edge suits costs with a fixed part, such as
//! gas (Leland 2000, "Optimal portfolio implementation with transactions
//! costs and capital gains taxes", Berkeley working paper; Masters 2003,
//! "Rebalancing", J. Portfolio Management 29(3)).
//!
//! Three ways to get the number of rebalances and their sizes:
//! - `path`: a given price path, walked check by check (exact for that path);
//! - `expected`: a closed form for a driftless log price with volatility σ
//!   ([`expected_rebalances`]; trade sizes at the band's edges, at the
//!   portfolio's and the price's mean level over the horizon);
//! - `simulation`: seeded Monte Carlo of that log price, walked like a path.
//!
//! Each trade goes through the pool with [`amm::quote`] (Uniswap v2 or
//! Curve StableSwap): its cost is the quote's `priceImpact` (fee and impact
//! against the pool's mid price) times the trade's value. A
//! constant-product pool is kept at the market price by arbitrage between
//! trades with its invariant `k = R_risky·R_quote` (reserves `√(k/P)` and
//! `√(k·P)` at price P); a StableSwap pool, pinned near its peg, keeps its
//! given reserves. Gas per rebalance: `units × gwei × 1e-9 × ethPrice`,
//! in the quote asset.
//!
//! Units: `value`, costs and turnover in the quote asset; prices in quote
//! per risky unit; weights, band and rates as fractions; `years` in years.
//! Maths in `f64` (a Monte Carlo; the pool quotes themselves are exact
//! decimals, converted once per trade).

use crate::amm::{self, Pool, PoolInput, PoolKind};
use crate::error::CalcError;
use crate::input::{self, within, Bound};
use crate::num::{from_f64, sub, Decimal, Num, Overflow};
use crate::options::num_f64;
use crate::simulation::{whole_u64, Rng, Ziggurat, MAX_SEED};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Most prices in a path.
pub const MAX_PRICES: usize = 100_000;
/// Most simulated paths.
pub const MAX_REBALANCE_PATHS: u32 = 100_000;
/// Most `paths × checks` in one simulation (about a second in V8).
pub const MAX_SIMULATED_CHECKS: u64 = 20_000_000;
/// Most checks per year: one a minute.
const MAX_CHECKS_PER_YEAR: Decimal = dec!(525_600);
/// Broadie, Glasserman & Kou (1997), "A continuity correction for discrete
/// barrier options", Mathematical Finance 7(4): a barrier checked every Δt
/// acts like a continuous one moved away by `β·σ·√Δt`, `β = −ζ(1/2)/√(2π)`.
pub const BGK_BETA: f64 = 0.582_597_157_939_010_6;

/// How the rebalances are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum RebalanceMethod {
    /// Walk the given `prices`.
    Path,
    /// Closed form for a driftless log price with volatility `vol`.
    Expected,
    /// Seeded Monte Carlo of that log price.
    Simulation,
}
crate::read_enum!(RebalanceMethod { Path: "path", Expected: "expected", Simulation: "simulation" });

/// Input of `rebalanceCost`. Give `prices` (method `path`) or `vol`
/// (method `expected`, the default, or `simulation`).
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RebalanceInput {
    /// Portfolio value at the start in the quote asset, 0 < value ≤ 1e15.
    pub value: Num,
    /// Target weight of the risky asset, 0 < w < 1.
    pub target_weight: Num,
    /// Half-width of the band in weight (0.05: rebalance outside w* ± 5
    /// points), 0 < band < min(w*, 1 − w*).
    pub band: Num,
    /// Years the path spans, or the horizon of the estimate, 0 < years ≤ 100.
    pub years: Num,
    /// Prices of the risky asset (quote per unit) at equally spaced checks
    /// over `years`, 2 to 100,000 of them, each in (0, 1e9].
    #[serde(default)]
    #[tsify(optional)]
    pub prices: Option<Vec<Num>>,
    /// Yearly volatility of the risky asset's log price, 0 < vol ≤ 10.
    #[serde(default)]
    #[tsify(optional)]
    pub vol: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub method: Option<RebalanceMethod>,
    /// With `vol`: checks of the weight per year, 1 to 525,600, default 365 (daily).
    #[serde(default)]
    #[tsify(optional)]
    pub checks_per_year: Option<Num>,
    /// With `vol`: the price at the start (quote per unit), default the
    /// pool's mid price (for the gas in quote and the pool's depth).
    #[serde(default)]
    #[tsify(optional)]
    pub start_price: Option<Num>,
    /// Simulation: paths, 1 to 100,000, default 1,000.
    #[serde(default)]
    #[tsify(optional)]
    pub paths: Option<Num>,
    /// Simulation: seed, a whole number 0 to 2^53 − 1, default 1.
    #[serde(default)]
    #[tsify(optional)]
    pub seed: Option<Num>,
    pub pool: RebalancePoolInput,
    pub gas: GasInput,
    /// The portfolio's yield (a yearly fraction, > 0), to state the cost as a share of it.
    #[serde(default)]
    #[tsify(optional)]
    pub yield_apr: Option<Num>,
}
crate::read_struct!(RebalanceInput {
    value: "value",
    target_weight: "targetWeight",
    band: "band",
    years: "years",
    prices: "prices",
    vol: "vol",
    method: "method",
    checks_per_year: "checksPerYear",
    start_price: "startPrice",
    paths: "paths",
    seed: "seed",
    pool: "pool",
    gas: "gas",
    yield_apr: "yieldApr",
});

/// The pool the rebalancing trades go through, at the start.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RebalancePoolInput {
    pub kind: PoolKind,
    /// Balance of the risky asset (> 0).
    pub reserve_risky: Num,
    /// Balance of the quote asset (> 0).
    pub reserve_quote: Num,
    /// Swap fee, 0 ≤ fee < 1.
    pub fee: Num,
    /// StableSwap A (required for stableSwap, not allowed otherwise).
    #[serde(default)]
    #[tsify(optional)]
    pub amplification: Option<Num>,
}
crate::read_struct!(RebalancePoolInput {
    kind: "kind",
    reserve_risky: "reserveRisky",
    reserve_quote: "reserveQuote",
    fee: "fee",
    amplification: "amplification",
});

/// Gas paid per rebalance.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GasInput {
    /// Gas units per rebalance (a swap: ~120,000–200,000), 0 to 1e8.
    pub units: Num,
    /// Gas price in gwei (1e-9 ETH), 0 to 1e6.
    pub gwei: Num,
    /// Price of ETH in the quote asset; default the risky asset's price at
    /// the trade (the risky asset is ETH); 1 if the quote asset is ETH.
    #[serde(default)]
    #[tsify(optional)]
    pub eth_price: Option<Num>,
}
crate::read_struct!(GasInput { units: "units", gwei: "gwei", eth_price: "ethPrice" });

/// One rebalance of a path.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RebalanceEvent {
    /// Index of the price in `prices`.
    pub index: u32,
    pub price: f64,
    /// Weight of the risky asset before the trade.
    pub weight: f64,
    /// Value traded in the quote asset: positive buys the risky asset, negative sells it.
    pub trade: f64,
    pub swap_cost: f64,
    pub gas_cost: f64,
}

/// Output of `rebalanceCost`. Money in the quote asset.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RebalanceCost {
    pub method: RebalanceMethod,
    /// Rebalances over `years` (expected or mean over paths for vol methods).
    pub rebalances: f64,
    pub rebalances_per_year: f64,
    /// Value traded.
    pub turnover: f64,
    /// Fees and price impact: Σ priceImpact × trade value.
    pub swap_cost: f64,
    pub gas_cost: f64,
    pub total_cost: f64,
    /// `totalCost / value / years`: the yearly drag on the portfolio's
    /// yield, as a fraction of its starting value.
    pub annual_drag: f64,
    /// `annualDrag / yieldApr`; null without `yieldApr`.
    pub drag_share_of_yield: Option<f64>,
    /// `totalCost / rebalances`; null without rebalances.
    pub cost_per_rebalance: Option<f64>,
    /// Simulation: standard error of `totalCost` over the paths; else null.
    pub standard_error: Option<f64>,
    /// Path: every rebalance; else null.
    pub events: Option<Vec<RebalanceEvent>>,
}

/// How the prices are given.
#[derive(Clone, Debug, PartialEq)]
pub enum PriceModel {
    Path(Vec<f64>),
    Vol { vol: f64, checks_per_year: f64, start_price: f64, simulate: Option<(u32, u64)> },
}

/// A validated `rebalanceCost` input.
#[derive(Clone, Debug, PartialEq)]
pub struct RebalanceParams {
    pub value: f64,
    pub target_weight: f64,
    pub band: f64,
    pub years: f64,
    pub prices: PriceModel,
    pub pool: Pool,
    pub gas_units: f64,
    pub gwei: f64,
    pub eth_price: Option<f64>,
    pub yield_apr: Option<f64>,
}

#[inline(always)]
fn real<P: input::FieldAt + ?Sized>(path: &P, v: Num, range: &[Bound; 2]) -> Result<f64, CalcError> {
    within(path, v.get(), range).map(|_| num_f64(v))
}

impl RebalancePoolInput {
    /// Validated with the checks of `swapQuote` (risky in, quote out), the
    /// fields renamed back to this input's names.
    pub fn validate(&self, prefix: &str) -> Result<Pool, CalcError> {
        PoolInput {
            kind: self.kind,
            reserve_in: self.reserve_risky,
            reserve_out: self.reserve_quote,
            fee: self.fee,
            amplification: self.amplification,
        }
        .validate_as(prefix, ["reserveRisky", "reserveQuote"])
    }
}

impl RebalanceInput {
    pub fn validate(&self) -> Result<RebalanceParams, CalcError> {
        let value = num_f64(Num(input::amount("value", self.value.get())?));
        let target_weight = real(
            "targetWeight",
            self.target_weight,
            &const { [Bound::Excl(Decimal::ZERO), Bound::Excl(Decimal::ONE)] },
        )?;
        let w = self.target_weight.get();
        // 0 < w < 1 (checked above): 1 − w cannot overflow.
        let other = sub(Decimal::ONE, w).map_err(|Overflow| CalcError::overflow("targetWeight"))?;
        let band = real("band", self.band, &[Bound::Excl(Decimal::ZERO), Bound::Excl(w.min(other))])?;
        let years = real("years", self.years, &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(dec!(100))] })?;
        let pool = self.pool.validate("pool")?;
        let gas_units =
            real("gas.units", self.gas.units, &const { [Bound::Incl(Decimal::ZERO), Bound::Incl(dec!(100_000_000))] })?;
        let gwei =
            real("gas.gwei", self.gas.gwei, &const { [Bound::Incl(Decimal::ZERO), Bound::Incl(dec!(1_000_000))] })?;
        let eth_price =
            self.gas.eth_price.map(|p| input::price("gas.ethPrice", p.get()).map(|_| num_f64(p))).transpose()?;
        let yield_apr = self
            .yield_apr
            .map(|y| real("yieldApr", y, &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(input::MAX_RATE)] }))
            .transpose()?;

        let vol_only = |field: &str, given: bool| -> Result<(), CalcError> {
            if given {
                Err(CalcError::new(field, "applies to the vol methods only (expected, simulation), not to prices"))
            } else {
                Ok(())
            }
        };
        let prices = match (&self.prices, self.vol) {
            (Some(_), Some(_)) => return Err(CalcError::new("vol", "give either prices (a path) or vol, not both")),
            (None, None) => {
                return Err(CalcError::new("prices", "is required: give prices (a path) or vol (a volatility)"))
            }
            (Some(list), None) => {
                if matches!(self.method, Some(m) if m != RebalanceMethod::Path) {
                    return Err(CalcError::new("method", "must be \"path\" (or left out) when prices are given"));
                }
                vol_only("checksPerYear", self.checks_per_year.is_some())?;
                vol_only("startPrice", self.start_price.is_some())?;
                vol_only("paths", self.paths.is_some())?;
                vol_only("seed", self.seed.is_some())?;
                if list.len() < 2 || list.len() > MAX_PRICES {
                    return Err(CalcError::new(
                        "prices",
                        format!("must hold 2 to {MAX_PRICES} prices, got {}", list.len()),
                    ));
                }
                let path = list
                    .iter()
                    .enumerate()
                    .map(|(i, p)| input::price(&format!("prices[{i}]"), p.get()).map(|_| num_f64(*p)))
                    .collect::<Result<Vec<_>, _>>()?;
                PriceModel::Path(path)
            }
            (None, Some(vol)) => {
                let method = self.method.unwrap_or(RebalanceMethod::Expected);
                if method == RebalanceMethod::Path {
                    return Err(CalcError::new("prices", "is required for method \"path\""));
                }
                let vol = real("vol", vol, &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(Decimal::TEN)] })?;
                let checks = self.checks_per_year.unwrap_or(Num(dec!(365)));
                let checks_per_year = real(
                    "checksPerYear",
                    checks,
                    &const { [Bound::Incl(Decimal::ONE), Bound::Incl(MAX_CHECKS_PER_YEAR)] },
                )?;
                let start_price = match self.start_price {
                    Some(p) => input::price("startPrice", p.get()).map(|_| num_f64(p))?,
                    None => mid_price(&pool),
                };
                let simulate = match method {
                    RebalanceMethod::Simulation => {
                        let paths =
                            input::integer("paths", self.paths.map_or(dec!(1000), Num::get), 1, MAX_REBALANCE_PATHS)?;
                        let seed = whole_u64("seed", self.seed.map_or(Decimal::ONE, Num::get), MAX_SEED)?;
                        let checks = u64::from(paths) * checks_count(years, checks_per_year);
                        if checks > MAX_SIMULATED_CHECKS {
                            return Err(CalcError::new(
                                "paths",
                                format!(
                                    "paths × years × checksPerYear must be at most {MAX_SIMULATED_CHECKS}, got {checks}; use fewer paths or checks"
                                ),
                            ));
                        }
                        Some((paths, seed))
                    }
                    _ => {
                        vol_only("paths", self.paths.is_some())
                            .map_err(|e| CalcError::new(&e.path, "applies to method \"simulation\" only"))?;
                        vol_only("seed", self.seed.is_some())
                            .map_err(|e| CalcError::new(&e.path, "applies to method \"simulation\" only"))?;
                        None
                    }
                };
                PriceModel::Vol { vol, checks_per_year, start_price, simulate }
            }
        };
        Ok(RebalanceParams { value, target_weight, band, years, prices, pool, gas_units, gwei, eth_price, yield_apr })
    }
}

/// Checks in `years` at `checks_per_year` (at least one).
fn checks_count(years: f64, checks_per_year: f64) -> u64 {
    (years * checks_per_year).round().max(1.0) as u64
}

/// The pool's mid price, quote per risky unit (fee-free).
fn mid_price(pool: &Pool) -> f64 {
    pool.spot_price().map_or(1.0, |p| num_f64(Num(p)))
}

/// The cost of one trade worth `value` (quote) at market price `price`:
/// `priceImpact × value` from [`amm::quote`], selling the risky asset
/// (`buy` false) or buying it. Constant-product reserves are re-centred on
/// the market price (module docs). An error naming `value` where the pool
/// cannot take the trade (it would be drained).
pub fn swap_cost(pool: &Pool, price: f64, value: f64, buy: bool) -> Result<f64, CalcError> {
    let (risky, quote) = match pool.kind {
        PoolKind::ConstantProduct => {
            let k = num_f64(Num(pool.reserve_in)) * num_f64(Num(pool.reserve_out));
            ((k / price).sqrt(), (k * price).sqrt())
        }
        PoolKind::StableSwap => (num_f64(Num(pool.reserve_in)), num_f64(Num(pool.reserve_out))),
    };
    let (reserve_in, reserve_out, amount_in) = if buy { (quote, risky, value) } else { (risky, quote, value / price) };
    let decimal = |v: f64| from_f64(v).map_err(|_| CalcError::overflow("value"));
    let at = Pool { reserve_in: decimal(reserve_in)?, reserve_out: decimal(reserve_out)?, ..*pool };
    let amount = decimal(amount_in)?;
    if amount.is_zero() {
        return Ok(0.0);
    }
    let q = amm::quote(&at, amount).map_err(|e| e.at("pool", "value"))?;
    Ok(num_f64(Num(q.price_impact)) * value)
}

/// Running totals of a walk.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Totals {
    rebalances: f64,
    turnover: f64,
    swap: f64,
    gas: f64,
}

/// Walks one price path from `prices[0]`, rebalancing to the target when
/// the weight leaves the band; records events if `events` is given.
fn walk(
    p: &RebalanceParams,
    prices: impl Iterator<Item = f64>,
    mut events: Option<&mut Vec<RebalanceEvent>>,
) -> Result<Totals, CalcError> {
    let mut t = Totals::default();
    let mut prices = prices.enumerate();
    let Some((_, p0)) = prices.next() else { return Ok(t) };
    let mut risky = p.target_weight * p.value / p0;
    let mut quote = (1.0 - p.target_weight) * p.value;
    for (index, price) in prices {
        let value = risky * price + quote;
        let weight = risky * price / value;
        if (weight - p.target_weight).abs() <= p.band {
            continue;
        }
        let trade = p.target_weight * value - risky * price;
        let buy = trade > 0.0;
        let swap = swap_cost(&p.pool, price, trade.abs(), buy)?;
        let gas = p.gas_units * p.gwei * 1e-9 * p.eth_price.unwrap_or(price);
        if buy {
            quote -= trade + gas;
            risky += (trade - swap) / price;
        } else {
            risky += trade / price;
            quote += -trade - swap - gas;
        }
        t.rebalances += 1.0;
        t.turnover += trade.abs();
        t.swap += swap;
        t.gas += gas;
        if let Some(list) = events.as_deref_mut() {
            list.push(RebalanceEvent { index: index as u32, price, weight, trade, swap_cost: swap, gas_cost: gas });
        }
    }
    Ok(t)
}

/// Expected rebalances and exit weights for a driftless log price
/// `d ln P = σ dW`, checked `m` times a year, over `T` years.
///
/// The log-odds of the weight, `ℓ = ln(w/(1 − w)) = ln(x·P/c)`, moves one
/// for one with `ln P` between trades (derived), so it is a Brownian motion
/// with volatility σ started at `ℓ* = logit(w*)`, and a rebalance is its
/// first exit from `(logit(w* − b), logit(w* + b))`, each edge moved out by
/// `β·σ/√m` for the discrete checks (Broadie, Glasserman & Kou 1997). For a
/// driftless Brownian motion leaving `(ℓ* − a, ℓ* + c)`, `L = a + c`
/// (Karlin & Taylor, *A First Course in Stochastic Processes*, 2nd ed.
/// 1975, ch. 7 §5; the second moment from `½σ²u'' = −2·E[τ]`, derived):
/// `E[τ] = a·c/σ²`, `E[τ²] = (a⁴ − 2La³ + L³a)/(3σ⁴)`, `P(up) = a/L`.
/// The number of rebalances, a renewal process, is then
/// `E[N(T)] ≈ T/E[τ] + (E[τ²]/E[τ]² − 2)/2` (Cox, *Renewal Theory*, 1962,
/// §4.2; Ross, *Stochastic Processes*, 2nd ed. 1996, §3.3), floored at 0
/// (for horizons shorter than a cycle it is a rough estimate). Against the
/// seeded simulation (tests/rebalance.rs): within ~1 % on rebalances and
/// ~2 % on cost at daily checks; at weekly checks and σ ≈ 100 % the
/// overshoot past the band is larger than the correction and the cost
/// reads ~5 % low.
/// Returns (rebalances, P(up), weight at the upper exit, at the lower exit).
pub fn expected_rebalances(
    target_weight: f64,
    band: f64,
    vol: f64,
    checks_per_year: f64,
    years: f64,
) -> (f64, f64, f64, f64) {
    let logit = |w: f64| libm::log(w / (1.0 - w));
    let logistic = |l: f64| 1.0 / (1.0 + libm::exp(-l));
    let shift = BGK_BETA * vol / checks_per_year.sqrt();
    let centre = logit(target_weight);
    let up = logit(target_weight + band) + shift;
    let down = logit(target_weight - band) - shift;
    let (a, c) = (centre - down, up - centre);
    let width = a + c;
    let s2 = vol * vol;
    let mean = a * c / s2;
    let second = (a.powi(4) - 2.0 * width * a.powi(3) + width.powi(3) * a) / (3.0 * s2 * s2);
    let rebalances = (years / mean + 0.5 * (second / (mean * mean) - 2.0)).max(0.0);
    (rebalances, a / width, logistic(up), logistic(down))
}

/// The mean over `[0, T]` of `e^(κt)`: `(e^(κT) − 1)/(κT)` (1 for κT = 0).
fn mean_growth(kappa: f64, years: f64) -> f64 {
    let x = kappa * years;
    if x.abs() < 1e-12 {
        1.0
    } else {
        libm::expm1(x) / x
    }
}

/// Everything `rebalanceCost` reports from the totals over `years`.
fn report(
    p: &RebalanceParams,
    method: RebalanceMethod,
    t: Totals,
    standard_error: Option<f64>,
    events: Option<Vec<RebalanceEvent>>,
) -> Result<RebalanceCost, CalcError> {
    let total_cost = t.swap + t.gas;
    let annual_drag = total_cost / p.value / p.years;
    let out = RebalanceCost {
        method,
        rebalances: t.rebalances,
        rebalances_per_year: t.rebalances / p.years,
        turnover: t.turnover,
        swap_cost: t.swap,
        gas_cost: t.gas,
        total_cost,
        annual_drag,
        drag_share_of_yield: p.yield_apr.map(|y| annual_drag / y),
        cost_per_rebalance: (t.rebalances > 0.0).then(|| total_cost / t.rebalances),
        standard_error,
        events,
    };
    let numbers = [out.rebalances, out.turnover, out.swap_cost, out.gas_cost, out.total_cost, out.annual_drag];
    if numbers.iter().chain(out.drag_share_of_yield.iter()).all(|v| v.is_finite()) {
        Ok(out)
    } else {
        Err(CalcError::new("value", "too large: a cost exceeds the range of f64"))
    }
}

/// Rebalances, swap and gas costs and the yearly drag of a band policy:
/// `rebalanceCost` of the JS API.
pub fn rebalance_cost(input: &RebalanceInput) -> Result<RebalanceCost, CalcError> {
    let p = input.validate()?;
    match &p.prices {
        PriceModel::Path(prices) => {
            let mut events = Vec::new();
            let t = walk(&p, prices.iter().copied(), Some(&mut events))?;
            report(&p, RebalanceMethod::Path, t, None, Some(events))
        }
        PriceModel::Vol { vol, checks_per_year, start_price, simulate: None } => {
            let (n, p_up, w_up, w_down) = expected_rebalances(p.target_weight, p.band, *vol, *checks_per_year, p.years);
            // Within a cycle the quote holding is fixed, so at an exit the
            // value is V·(1 − w*)/(1 − w) and the price P·odds(w)/odds(w*).
            // V and P themselves grow on average: with no drift in ln P, P
            // has the drift σ²/2 and the portfolio, near a constant mix, w*·σ²/2
            // (derived); both are averaged over the horizon.
            let value_now = p.value * mean_growth(p.target_weight * vol * vol / 2.0, p.years);
            let price_now = start_price * mean_growth(vol * vol / 2.0, p.years);
            let odds = |w: f64| w / (1.0 - w);
            let mut t = Totals { rebalances: n, ..Totals::default() };
            for (w, probability) in [(w_up, p_up), (w_down, 1.0 - p_up)] {
                let value = value_now * (1.0 - p.target_weight) / (1.0 - w);
                let price = price_now * odds(w) / odds(p.target_weight);
                let trade = (w - p.target_weight).abs() * value;
                let swap = swap_cost(&p.pool, price, trade, w < p.target_weight)?;
                let gas = p.gas_units * p.gwei * 1e-9 * p.eth_price.unwrap_or(price);
                t.turnover += n * probability * trade;
                t.swap += n * probability * swap;
                t.gas += n * probability * gas;
            }
            report(&p, RebalanceMethod::Expected, t, None, None)
        }
        PriceModel::Vol { vol, checks_per_year, start_price, simulate: Some((paths, seed)) } => {
            let steps = checks_count(p.years, *checks_per_year);
            let step_sd = vol * (p.years / steps as f64).sqrt();
            let normals = Ziggurat::new();
            let mut sum = Totals::default();
            let (mut cost_sum, mut cost_squares) = (0.0, 0.0);
            for index in 0..*paths {
                let mut rng = Rng::for_path(*seed, index);
                let mut log_price = libm::log(*start_price);
                let prices = std::iter::once(*start_price).chain((0..steps).map(|_| {
                    log_price += step_sd * rng.normal(&normals);
                    libm::exp(log_price)
                }));
                let t = walk(&p, prices, None)?;
                sum.rebalances += t.rebalances;
                sum.turnover += t.turnover;
                sum.swap += t.swap;
                sum.gas += t.gas;
                let cost = t.swap + t.gas;
                cost_sum += cost;
                cost_squares += cost * cost;
            }
            let n = f64::from(*paths);
            let mean = Totals {
                rebalances: sum.rebalances / n,
                turnover: sum.turnover / n,
                swap: sum.swap / n,
                gas: sum.gas / n,
            };
            let variance = if *paths > 1 { (cost_squares - cost_sum * cost_sum / n).max(0.0) / (n - 1.0) } else { 0.0 };
            report(&p, RebalanceMethod::Simulation, mean, Some((variance / n).sqrt()), None)
        }
    }
}
