//! Probability that a leveraged loop is liquidated within a horizon
//! (`liquidationProbability`): a seeded Monte Carlo of the collateral's
//! exchange rate (interest drift, slashing) and of its market discount (a
//! mean-reverting process with jumps).
//!
//! The position is built once, in exact decimals, at today's prices
//! ([`leverage::open_position`]); each path then moves in `f64` (DESIGN:
//! Monte Carlo in f64), in steps of `Δ = 1 / (365 · stepsPerDay)` years:
//!
//! - exchange rate `ER_t = ER_0 · e^(y·t) · Π (1 − severity)`: rewards accrue
//!   at `sustainableApr = y` (continuous compounding, as in `loopPosition`),
//!   and each slashing event, a Poisson process of rate `eventsPerYear`, cuts
//!   the rate by `severity`;
//! - debt `D_t = D_0 · e^(b·t)` at `borrowApr = b`;
//! - market discount `d_t`, market price `ER_t · (1 − d_t)`: an
//!   Ornstein–Uhlenbeck process with compound Poisson jumps
//!   ([`MarketDiscountInput`]); without `marketDiscount` the ratio of market
//!   price to exchange rate stays at today's;
//! - health factor (Aave V3 `GenericLogic.sol`; [`crate::lending::health_factor`])
//!   `HF_t = U · p_oracle · LT / D_t = HF_0 · e^((y − b)·t) · S_t · r_t`,
//!   with `S_t` the slashing product and `r_t = (1 − d_t) / (1 − d_0)` for a
//!   market-price oracle, `1` for an exchange-rate oracle.
//!
//! A path is liquidated at the first step `k = 0, 1, …, n` with `HF < 1`
//! ([`crate::lending::is_liquidatable`]). Incentives (`incentiveApr`) are paid on
//! top and do not accrue into the collateral, so they do not move HF.
//!
//! Randomness: every path has its own xoshiro256** generator seeded by
//! SplitMix64 from `(seed, path index)`, so the results are a pure function
//! of the input (the same natively and in wasm: only IEEE `+ − × ÷ √` and the
//! pure-Rust `libm` `log`/`exp` touch the numbers) and do not depend on how
//! the paths are split into chunks ([`LiquidationSimulation::run`]).

use crate::error::CalcError;
use crate::input::{self, within, At, Bound};
use crate::lending::{MarketInput, OracleKind};
use crate::leverage::{self, CollateralInput, CostsInput, LoopInput, LoopParams};
use crate::num::{mul, sub, to_f64, Decimal, Num, Overflow};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Most paths in one simulation.
pub const MAX_PATHS: u32 = 1_000_000;
/// Longest horizon, in days (ten years).
pub const MAX_HORIZON_DAYS: u32 = 3650;
/// Finest time step: one minute.
pub const MAX_STEPS_PER_DAY: u32 = 1440;
/// Most `paths × horizonDays × stepsPerDay` in one simulation (about 20 s in
/// V8 at the ~50 M path-steps/s measured with a discount process; the page
/// runs it in a worker, in chunks).
pub const MAX_PATH_STEPS: u64 = 1_000_000_000;
/// Largest seed: `2^53 − 1`, so that every seed is exactly a JS number.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// Fastest mean reversion accepted, per year (a half-life of about 3.6 minutes).
pub const MAX_MEAN_REVERSION: Decimal = dec!(100_000);
/// Most jumps or slashing events per year.
pub const MAX_EVENTS_PER_YEAR: Decimal = dec!(1000);
/// Largest market discount a path can reach: the market price stays above
/// zero (`1 − d >= 1e-6`).
pub const MAX_DISCOUNT: f64 = 0.999_999;
/// Bins of each histogram.
pub const HISTOGRAM_BINS: usize = 40;

// ---------------------------------------------------------------- input

/// The LRT's discount `d` to its exchange rate (market price = exchange rate ×
/// (1 − d)) as a mean-reverting process with jumps, on fractions and years:
///
/// `dd = κ·(θ − d)·dt + σ·dW + dJ`, `J` a compound Poisson process of rate
/// `jumpsPerYear` whose jumps are normal `N(jumpMean, jumpStdev²)`, and `d`
/// kept in `[0, 0.999999]` after every step (a premium today, a market price
/// above the exchange rate, lasts until the first step).
///
/// The floor at 0 is the mint arbitrage (anyone can mint the token at its
/// exchange rate, so it rarely trades above it); the process is the
/// Vasicek / Ornstein–Uhlenbeck model with jumps of Das (2002), "The surprise
/// element: jumps in interest rates", J. Econometrics 106, normal jump sizes
/// as in Merton (1976), "Option pricing when underlying stock returns are
/// discontinuous", J. Financial Economics 3.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MarketDiscountInput {
    /// Today's discount `d_0`, in [0, 1). Give it or `collateral.marketPrice`,
    /// not both; left out, it is `1 − marketPrice / exchangeRate` (0 without a
    /// market price). Given, the position is built at `exchangeRate × (1 − initial)`.
    #[serde(default)]
    #[tsify(optional)]
    pub initial: Option<Num>,
    /// Level `θ` the discount reverts to, in [0, 1) (default 0: the peg).
    #[serde(default)]
    #[tsify(optional)]
    pub long_run_mean: Option<Num>,
    /// Speed `κ` of the reversion, per year, 0 to 100,000 (half-life `ln 2 / κ` years).
    pub mean_reversion_per_year: Num,
    /// Diffusion `σ` of the discount, per square-root year, 0 to 10.
    pub volatility: Num,
    /// Rate of jumps, per year, 0 to 1,000 (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub jumps_per_year: Option<Num>,
    /// Mean size of a jump in the discount, −1 to 1 (default 0; positive widens it).
    #[serde(default)]
    #[tsify(optional)]
    pub jump_mean: Option<Num>,
    /// Standard deviation of a jump, 0 to 1 (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub jump_stdev: Option<Num>,
}
crate::read_struct!(MarketDiscountInput {
    initial: "initial",
    long_run_mean: "longRunMean",
    mean_reversion_per_year: "meanReversionPerYear",
    volatility: "volatility",
    jumps_per_year: "jumpsPerYear",
    jump_mean: "jumpMean",
    jump_stdev: "jumpStdev",
});

/// Slashing of the LRT: Poisson events that cut its exchange rate.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SlashingInput {
    /// Rate of slashing events, per year, 0 to 1,000.
    pub events_per_year: Num,
    /// Fraction of the exchange rate each event takes, 0 to 1.
    pub severity: Num,
}
crate::read_struct!(SlashingInput { events_per_year: "eventsPerYear", severity: "severity" });

/// Input of `liquidationProbability`: the fields of `loopPosition` plus the
/// simulation's. The `loopPosition` fields are repeated rather than
/// `#[serde(flatten)]`ed: flatten buffers the input and loses the path of a
/// nested error (dtolnay/path-to-error#9).
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LiquidationProbabilityInput {
    pub equity: Num,
    pub collateral: CollateralInput,
    pub market: MarketInput,
    #[serde(default)]
    #[tsify(optional)]
    pub loops: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub target_leverage: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub costs: Option<CostsInput>,
    /// Days simulated, a whole number from 1 to 3,650.
    pub horizon_days: Num,
    /// Number of paths, a whole number from 1 to 1,000,000;
    /// `paths × horizonDays × stepsPerDay` at most 1e9.
    pub paths: Num,
    /// Seed of the random numbers, a whole number from 0 to 2^53 − 1: the
    /// same input gives the same numbers.
    pub seed: Num,
    /// Time steps per day, a whole number from 1 to 1,440 (default 1). HF is
    /// checked at the end of each step.
    #[serde(default)]
    #[tsify(optional)]
    pub steps_per_day: Option<Num>,
    /// The market discount's process; left out, the discount stays at today's.
    #[serde(default)]
    #[tsify(optional)]
    pub market_discount: Option<MarketDiscountInput>,
    /// Slashing events; left out, none.
    #[serde(default)]
    #[tsify(optional)]
    pub slashing: Option<SlashingInput>,
}
crate::read_struct!(LiquidationProbabilityInput {
    equity: "equity",
    collateral: "collateral",
    market: "market",
    loops: "loops",
    target_leverage: "targetLeverage",
    costs: "costs",
    horizon_days: "horizonDays",
    paths: "paths",
    seed: "seed",
    steps_per_day: "stepsPerDay",
    market_discount: "marketDiscount",
    slashing: "slashing",
});

/// A validated discount process, in `f64` for the simulation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscountProcess {
    pub long_run_mean: f64,
    pub mean_reversion_per_year: f64,
    pub volatility: f64,
    pub jumps_per_year: f64,
    pub jump_mean: f64,
    pub jump_stdev: f64,
}

/// Validated slashing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slashing {
    pub events_per_year: f64,
    pub severity: f64,
}

/// A validated `liquidationProbability` input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimulationParams {
    /// The loop, with `collateral.marketPrice` set from `marketDiscount.initial` if given.
    pub position: LoopParams,
    pub horizon_days: u32,
    pub paths: u32,
    pub seed: u64,
    pub steps_per_day: u32,
    pub discount: Option<DiscountProcess>,
    pub slashing: Option<Slashing>,
}

impl LiquidationProbabilityInput {
    /// The `loopPosition` part of the input.
    pub fn loop_input(&self) -> LoopInput {
        LoopInput {
            equity: self.equity,
            collateral: self.collateral.clone(),
            market: self.market.clone(),
            loops: self.loops,
            target_leverage: self.target_leverage,
            costs: self.costs.clone(),
        }
    }

    /// Validates every field, with the `loopPosition` rules for the loop.
    pub fn validate(&self) -> Result<SimulationParams, CalcError> {
        let mut position = self.loop_input().validate("")?;
        let horizon_days = input::integer("horizonDays", self.horizon_days.get(), 1, MAX_HORIZON_DAYS)?;
        let paths = input::integer("paths", self.paths.get(), 1, MAX_PATHS)?;
        let seed = whole_u64("seed", self.seed.get(), MAX_SEED)?;
        let steps_per_day = match self.steps_per_day {
            Some(s) => input::integer("stepsPerDay", s.get(), 1, MAX_STEPS_PER_DAY)?,
            None => 1,
        };
        let path_steps = u64::from(paths) * u64::from(horizon_days) * u64::from(steps_per_day);
        if path_steps > MAX_PATH_STEPS {
            return Err(CalcError::new(
                "paths",
                format!(
                    "paths × horizonDays × stepsPerDay must be at most {MAX_PATH_STEPS}; got {paths} × {horizon_days} × {steps_per_day} = {path_steps}"
                ),
            ));
        }
        let discount = match &self.market_discount {
            Some(m) => {
                if let Some(initial) = m.initial {
                    let initial = input::fraction_below_one("marketDiscount.initial", initial.get())?;
                    if self.collateral.market_price.is_some() {
                        return Err(CalcError::new(
                            "marketDiscount.initial",
                            "give either collateral.marketPrice or marketDiscount.initial, not both",
                        ));
                    }
                    let er = position.collateral.exchange_rate;
                    position.collateral.market_price = sub(Decimal::ONE, initial)
                        .and_then(|keep| mul(er, keep))
                        .map_err(|Overflow| CalcError::overflow("marketDiscount.initial"))?;
                }
                Some(m.validate("marketDiscount")?)
            }
            None => None,
        };
        let slashing = self.slashing.as_ref().map(|s| s.validate("slashing")).transpose()?;
        Ok(SimulationParams { position, horizon_days, paths, seed, steps_per_day, discount, slashing })
    }
}

impl MarketDiscountInput {
    /// Validates the process; `initial` is handled by the caller, which owns
    /// the collateral's market price.
    pub fn validate(&self, prefix: &str) -> Result<DiscountProcess, CalcError> {
        let path = |field| At(prefix, field);
        let or_zero = |v: Option<Num>| v.map_or(Decimal::ZERO, Num::get);
        let zero = Bound::Incl(Decimal::ZERO);
        Ok(DiscountProcess {
            long_run_mean: to_f64(input::fraction_below_one(&path("longRunMean"), or_zero(self.long_run_mean))?),
            mean_reversion_per_year: to_f64(within(
                &path("meanReversionPerYear"),
                self.mean_reversion_per_year.get(),
                &[zero, Bound::Incl(MAX_MEAN_REVERSION)],
            )?),
            volatility: to_f64(input::rate(&path("volatility"), self.volatility.get())?),
            jumps_per_year: to_f64(within(
                &path("jumpsPerYear"),
                or_zero(self.jumps_per_year),
                &[zero, Bound::Incl(MAX_EVENTS_PER_YEAR)],
            )?),
            jump_mean: to_f64(within(
                &path("jumpMean"),
                or_zero(self.jump_mean),
                &const { [Bound::Incl(Decimal::NEGATIVE_ONE), Bound::Incl(Decimal::ONE)] },
            )?),
            jump_stdev: to_f64(input::fraction(&path("jumpStdev"), or_zero(self.jump_stdev))?),
        })
    }
}

impl SlashingInput {
    pub fn validate(&self, prefix: &str) -> Result<Slashing, CalcError> {
        let path = |field| At(prefix, field);
        Ok(Slashing {
            events_per_year: to_f64(within(
                &path("eventsPerYear"),
                self.events_per_year.get(),
                &const { [Bound::Incl(Decimal::ZERO), Bound::Incl(MAX_EVENTS_PER_YEAR)] },
            )?),
            severity: to_f64(input::fraction(&path("severity"), self.severity.get())?),
        })
    }
}

/// A whole number in `0..=max` as a `u64`.
pub(crate) fn whole_u64(path: &str, v: Decimal, max: u64) -> Result<u64, CalcError> {
    let in_range = v >= Decimal::ZERO && v <= Decimal::from(max);
    match v.trunc().normalize().to_string().parse::<u64>() {
        Ok(n) if in_range && v.trunc() == v => Ok(n),
        _ => Err(CalcError::new(path, format!("must be a whole number from 0 to {max}, got {}", v.normalize()))),
    }
}

// ---------------------------------------------------------------- output

/// Quantiles of a per-path figure: Hyndman & Fan (1996) definition 7 (linear
/// interpolation between order statistics, R's and NumPy's default):
/// `Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋))`, `h = (n − 1)·p`, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PathQuantiles {
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
}

/// Counts of a per-path figure in `counts.length` equal bins
/// `[edges[i], edges[i + 1])` (the last bin includes its upper edge).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PathHistogram {
    /// `counts.length + 1` bin edges, ascending.
    pub edges: Vec<f64>,
    pub counts: Vec<u32>,
    /// Paths whose figure lies below `edges[0]`.
    pub below: u32,
}

/// A two-sided 95 % interval for the probability.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ProbabilityInterval {
    pub low: f64,
    pub high: f64,
}

/// Output of `liquidationProbability`. Amounts in debt-asset units, days in
/// days; `null` where a figure does not exist.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LiquidationProbability {
    /// Share of paths with `HF < 1` at some step from today to the horizon
    /// (0 before any path has run).
    pub probability: f64,
    /// Binomial standard error `√(p·(1 − p) / paths)`: halves when the paths quadruple.
    pub standard_error: f64,
    /// Wilson (1927) score interval at 95 % (`z = 1.959964`): unlike `p ± 2·SE`
    /// it stays inside [0, 1] and is not empty at `p = 0`
    /// (Brown, Cai & DasGupta 2001, "Interval estimation for a binomial proportion").
    pub interval95: ProbabilityInterval,
    pub liquidated_paths: u32,
    /// Paths simulated (all of them, except in a `LiquidationSimulation` still running).
    pub paths: u32,
    pub horizon_days: u32,
    pub steps_per_day: u32,
    /// HF today at the oracle price; null without debt.
    pub initial_health_factor: Option<f64>,
    /// Today's equity at the market price, `U · marketPrice − debt`.
    pub initial_equity: f64,
    /// Day of the first step with `HF < 1`, among liquidated paths; null if none.
    pub first_liquidation_day: Option<PathQuantiles>,
    /// Lowest HF from today to the horizon, or to the liquidation, which ends
    /// a path; null without debt.
    pub min_health_factor: Option<PathQuantiles>,
    /// Equity at the horizon at the market price, `U · ER_T · (1 − d_T) − D_T`;
    /// for a liquidated path, what the liquidation leaves (see
    /// [`liquidated_equity`]), held in debt-asset units from then on.
    pub equity_at_horizon: Option<PathQuantiles>,
    pub mean_equity_at_horizon: Option<f64>,
    /// Mean over paths of `max(0, initialEquity − equityAtHorizon)`, in
    /// debt-asset units: the average shortfall below today's equity.
    pub expected_loss: f64,
    /// `expectedLoss / initialEquity`; null when today's equity is not positive.
    pub expected_loss_fraction: Option<f64>,
    /// Lowest HF per path; bins span `[max(0, 1 − s), 1 + s]`,
    /// `s = max(HF_0 − 1, 0.005)`, so 1 is the middle edge when `HF_0 <= 2`;
    /// null without debt.
    pub min_health_factor_histogram: Option<PathHistogram>,
    /// Day of the first liquidation, in bins of `⌈horizonDays / 60⌉` days
    /// from day 0.
    pub first_liquidation_day_histogram: PathHistogram,
}

/// The part of the output that is cheap to compute while a simulation runs
/// (`LiquidationSimulation.progress()`); fields as in [`LiquidationProbability`].
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LiquidationProgress {
    pub paths: u32,
    pub paths_total: u32,
    pub liquidated_paths: u32,
    pub probability: f64,
    pub standard_error: f64,
    pub interval95: ProbabilityInterval,
    pub min_health_factor_histogram: Option<PathHistogram>,
    pub first_liquidation_day_histogram: PathHistogram,
}

// ---------------------------------------------------------------- entry points

/// The probability that a leveraged loop is liquidated within `horizonDays`:
/// `liquidationProbability` of the JS API. See the module docs for the model.
pub fn liquidation_probability(input: &LiquidationProbabilityInput) -> Result<LiquidationProbability, CalcError> {
    let mut simulation = LiquidationSimulation::new(input)?;
    simulation.run(simulation.paths_total());
    Ok(simulation.summary())
}

/// A simulation that runs in chunks, for a worker that reports progress and
/// can stop: `run` some paths, read `summary`, repeat. Path `i` always draws
/// the same numbers, so the summary after all paths equals
/// [`liquidation_probability`] whatever the chunks.
#[derive(Clone, Debug)]
pub struct LiquidationSimulation {
    model: Model,
    paths_total: u32,
    paths_done: u32,
    liquidation_days: Vec<f64>,
    min_health_factors: Vec<f64>,
    equities: Vec<f64>,
    min_hf_bins: Option<Bins>,
    day_bins: Bins,
}

impl LiquidationSimulation {
    pub fn new(input: &LiquidationProbabilityInput) -> Result<Self, CalcError> {
        let params = input.validate()?;
        let model = Model::new(&params)?;
        let hf_bins = model.hf0.map(|hf0| {
            let s = (hf0 - 1.0).max(0.005);
            let lo = (1.0 - s).max(0.0);
            Bins::new(lo, (1.0 + s - lo) / HISTOGRAM_BINS as f64, HISTOGRAM_BINS)
        });
        let width = params.horizon_days.div_ceil(60);
        let day_bins = Bins::new(0.0, f64::from(width), params.horizon_days.div_ceil(width) as usize);
        let reserve = params.paths.min(100_000) as usize;
        Ok(Self {
            model,
            paths_total: params.paths,
            paths_done: 0,
            liquidation_days: Vec::new(),
            min_health_factors: Vec::with_capacity(if hf_bins.is_some() { reserve } else { 0 }),
            equities: Vec::with_capacity(reserve),
            min_hf_bins: hf_bins,
            day_bins,
        })
    }

    pub fn paths_total(&self) -> u32 {
        self.paths_total
    }

    pub fn paths_done(&self) -> u32 {
        self.paths_done
    }

    /// Simulates up to `paths` more paths (never past `paths_total`);
    /// returns the number of paths done so far. Without any randomness
    /// (no slashing, no diffusion or jumps of the discount) every path is
    /// the same, so the first one is computed once and counted for all.
    pub fn run(&mut self, paths: u32) -> u32 {
        let end = self.paths_done.saturating_add(paths).min(self.paths_total);
        let same = self.model.is_deterministic().then(|| self.model.path(0));
        for index in self.paths_done..end {
            let path = same.unwrap_or_else(|| self.model.path(index));
            if let Some(step) = path.liquidation_step {
                let day = f64::from(step) / f64::from(self.model.steps_per_day);
                self.liquidation_days.push(day);
                self.day_bins.add(day);
            }
            if let Some(bins) = &mut self.min_hf_bins {
                bins.add(path.min_health_factor);
                self.min_health_factors.push(path.min_health_factor);
            }
            self.equities.push(path.equity);
        }
        self.paths_done = end;
        end
    }

    /// The probability so far and the histograms, in O(1) besides copying
    /// the histograms: for a progress bar that updates often. `summary` adds
    /// the quantiles, which cost a pass over every path.
    pub fn progress(&self) -> LiquidationProgress {
        let (n, liquidated) = (f64::from(self.paths_done), self.liquidation_days.len());
        let p = if self.paths_done == 0 { 0.0 } else { liquidated as f64 / n };
        LiquidationProgress {
            paths: self.paths_done,
            paths_total: self.paths_total,
            liquidated_paths: liquidated as u32,
            probability: p,
            standard_error: binomial_standard_error(p, n),
            interval95: wilson_interval(liquidated as f64, n),
            min_health_factor_histogram: self.min_hf_bins.as_ref().map(Bins::histogram),
            first_liquidation_day_histogram: self.day_bins.histogram(),
        }
    }

    /// The figures over the paths done so far.
    pub fn summary(&self) -> LiquidationProbability {
        let progress = self.progress();
        let n = f64::from(self.paths_done);
        let e0 = self.model.initial_equity;
        let (mean_equity, expected_loss) = if self.equities.is_empty() {
            (None, 0.0)
        } else {
            let sum: f64 = self.equities.iter().sum();
            let loss: f64 = self.equities.iter().map(|e| (e0 - e).max(0.0)).sum();
            (Some(sum / n), loss / n)
        };
        LiquidationProbability {
            probability: progress.probability,
            standard_error: progress.standard_error,
            interval95: progress.interval95,
            liquidated_paths: progress.liquidated_paths,
            paths: self.paths_done,
            horizon_days: self.model.horizon_days,
            steps_per_day: self.model.steps_per_day,
            initial_health_factor: self.model.hf0,
            initial_equity: e0,
            first_liquidation_day: quantiles(&self.liquidation_days),
            min_health_factor: quantiles(&self.min_health_factors),
            equity_at_horizon: quantiles(&self.equities),
            mean_equity_at_horizon: mean_equity,
            expected_loss,
            expected_loss_fraction: (e0 > 0.0 && self.paths_done > 0).then(|| expected_loss / e0),
            min_health_factor_histogram: progress.min_health_factor_histogram,
            first_liquidation_day_histogram: progress.first_liquidation_day_histogram,
        }
    }
}

// ---------------------------------------------------------------- the model

/// Everything a path needs, precomputed once per simulation.
#[derive(Clone, Debug)]
struct Model {
    seed: u64,
    steps: u32,
    steps_per_day: u32,
    horizon_days: u32,
    /// Years per step, `Δ = 1 / (365 · stepsPerDay)`.
    dt: f64,
    /// HF today at the oracle price; `None` without debt.
    hf0: Option<f64>,
    market_oracle: bool,
    /// `e^((y − b)·Δ)`: the drift of HF per step.
    carry_per_step: f64,
    /// Today's `marketPrice / exchangeRate = 1 − d_0`, and its inverse.
    keep0: f64,
    inv_keep0: f64,
    /// Whether the discount moves and the oracle sees it (a market oracle).
    discount_moves_oracle: bool,
    discount: Option<DiscountStep>,
    slashing: Option<SlashingStep>,
    /// `U · ER_0`, `D_0`, `y`, `b`, the liquidation bonus.
    value_at_par: f64,
    debt0: f64,
    yield_apr: f64,
    borrow_apr: f64,
    bonus: f64,
    /// `e^(y·T)` and `D_0 · e^(b·T)` at the horizon `T`.
    growth_at_horizon: f64,
    debt_at_horizon: f64,
    initial_equity: f64,
    normals: Ziggurat,
}

/// One exact step of the discount's Ornstein–Uhlenbeck process, plus jumps.
#[derive(Clone, Copy, Debug)]
struct DiscountStep {
    mean: f64,
    /// `e^(−κΔ)`.
    decay: f64,
    /// `σ·√((1 − e^(−2κΔ)) / (2κ))`, or `σ·√Δ` when `κ = 0`.
    noise: f64,
    /// Jumps per step `λΔ`; 0 for none.
    jumps_per_step: f64,
    jump_mean: f64,
    jump_stdev: f64,
}

#[derive(Clone, Copy, Debug)]
struct SlashingStep {
    /// Events per step `λΔ` (> 0).
    events_per_step: f64,
    /// `1 − severity`.
    keep: f64,
}

/// What one path leaves.
#[derive(Clone, Copy, Debug)]
struct PathOutcome {
    liquidation_step: Option<u32>,
    min_health_factor: f64,
    equity: f64,
}

impl Model {
    fn new(p: &SimulationParams) -> Result<Self, CalcError> {
        let holdings = leverage::open_position(&p.position)?;
        let described = leverage::describe(&p.position, holdings).map_err(|Overflow| CalcError::overflow("equity"))?;
        let market = p.position.market;
        let steps = p.horizon_days * p.steps_per_day;
        let dt = 1.0 / (365.0 * f64::from(p.steps_per_day));
        let horizon = f64::from(p.horizon_days) / 365.0;
        let y = to_f64(p.position.collateral.sustainable_apr);
        let b = to_f64(market.borrow_apr);
        let value_at_par = to_f64(holdings.collateral_units) * to_f64(p.position.collateral.exchange_rate);
        let debt0 = to_f64(holdings.debt);
        let c = p.position.collateral;
        // Both prices are positive decimals, so the ratio is finite and > 0.
        let keep0 = to_f64(c.market_price) / to_f64(c.exchange_rate);
        let market_oracle = market.oracle == OracleKind::Market;
        Ok(Self {
            seed: p.seed,
            steps,
            steps_per_day: p.steps_per_day,
            horizon_days: p.horizon_days,
            dt,
            hf0: described.health_factor.map(to_f64),
            market_oracle,
            carry_per_step: libm::exp((y - b) * dt),
            keep0,
            inv_keep0: to_f64(c.exchange_rate) / to_f64(c.market_price),
            discount_moves_oracle: market_oracle && p.discount.is_some(),
            discount: p.discount.map(|d| DiscountStep::new(&d, dt)),
            slashing: p
                .slashing
                .filter(|s| s.events_per_year > 0.0)
                .map(|s| SlashingStep { events_per_step: s.events_per_year * dt, keep: 1.0 - s.severity }),
            value_at_par,
            debt0,
            yield_apr: y,
            borrow_apr: b,
            bonus: to_f64(market.liquidation_bonus),
            growth_at_horizon: libm::exp(y * horizon),
            debt_at_horizon: debt0 * libm::exp(b * horizon),
            initial_equity: value_at_par * keep0 - debt0,
            normals: Ziggurat::new(),
        })
    }

    /// Simulates path `index`: HF at steps `0..=n` until the first `HF < 1`.
    ///
    /// Jumps and slashing events arrive in continuous time (exponential
    /// inter-arrival times, so the count in any step is exactly Poisson);
    /// those in `((k − 1)·Δ, k·Δ]` act at the end of step `k`, in full, so a
    /// jump's low is seen by the oracle even when the discount reverts within
    /// the step. Uses the generator of path `index` only.
    fn path(&self, index: u32) -> PathOutcome {
        let mut rng = Rng::for_path(self.seed, index);
        let mut carry = 1.0;
        let mut slashed = 1.0;
        // The discount d drives the process; keep = 1 − d scales prices, and
        // stays exactly today's ratio while nothing moves it.
        let mut d = 1.0 - self.keep0;
        let mut keep = self.keep0;
        let mut next_slash = self.slashing.map_or(f64::INFINITY, |s| rng.exponential() / s.events_per_step);
        let mut next_jump = match self.discount {
            Some(p) if p.jumps_per_step > 0.0 => rng.exponential() / p.jumps_per_step,
            _ => f64::INFINITY,
        };
        let Some(hf0) = self.hf0 else {
            // No debt: nothing to liquidate; only the discount moves the equity.
            if let Some(process) = &self.discount {
                for k in 1..=self.steps {
                    d = process.step(d, &mut rng, &self.normals, f64::from(k), &mut next_jump);
                }
                keep = 1.0 - d;
            }
            if let Some(s) = &self.slashing {
                slashed = s.product_until(&mut rng, f64::from(self.steps), &mut next_slash);
            }
            return PathOutcome {
                liquidation_step: None,
                min_health_factor: f64::INFINITY,
                equity: self.equity_at_horizon(slashed, keep),
            };
        };
        let mut min_hf = hf0;
        let mut liquidation_step = (hf0 < 1.0).then_some(0);
        let mut k = 0;
        while liquidation_step.is_none() && k < self.steps {
            k += 1;
            let t = f64::from(k);
            carry *= self.carry_per_step;
            if next_slash <= t {
                if let Some(s) = &self.slashing {
                    slashed *= s.product_until(&mut rng, t, &mut next_slash);
                }
            }
            if let Some(process) = &self.discount {
                d = process.step(d, &mut rng, &self.normals, t, &mut next_jump);
                keep = 1.0 - d;
            }
            let mut hf = hf0 * carry * slashed;
            if self.discount_moves_oracle {
                hf *= keep * self.inv_keep0;
            }
            min_hf = min_hf.min(hf);
            if hf < 1.0 {
                liquidation_step = Some(k);
            }
        }
        let equity = match liquidation_step {
            Some(k) => self.liquidated_equity(k, slashed, keep),
            None => self.equity_at_horizon(slashed, keep),
        };
        PathOutcome { liquidation_step, min_health_factor: min_hf, equity }
    }

    /// Whether a path draws no random number at all.
    fn is_deterministic(&self) -> bool {
        self.slashing.is_none() && self.discount.is_none_or(|d| d.noise == 0.0 && d.jumps_per_step == 0.0)
    }

    /// `U · ER_0 · e^(y·T) · S · (1 − d) − D_0 · e^(b·T)`, `keep = 1 − d`.
    fn equity_at_horizon(&self, slashed: f64, keep: f64) -> f64 {
        self.value_at_par * self.growth_at_horizon * slashed * keep - self.debt_at_horizon
    }

    /// See [`liquidated_equity`]; at step `k` with the path's state.
    fn liquidated_equity(&self, k: u32, slashed: f64, keep: f64) -> f64 {
        let t = f64::from(k) * self.dt;
        let at_exchange_rate = self.value_at_par * libm::exp(self.yield_apr * t) * slashed;
        let debt = self.debt0 * libm::exp(self.borrow_apr * t);
        let (oracle_value, market_value) = if self.market_oracle {
            let v = at_exchange_rate * keep;
            (v, v)
        } else {
            (at_exchange_rate, at_exchange_rate * keep)
        };
        liquidated_equity(oracle_value, market_value, debt, self.bonus)
    }
}

/// What a liquidation leaves the borrower, by a simple pessimistic rule: the
/// whole debt `D` is repaid at the first step with `HF < 1`, the liquidator
/// seizing collateral worth `D·(1 + bonus)` at the oracle price (Aave V3
/// `LiquidationLogic.sol`, Morpho Blue `liquidate` with `bonus = LIF − 1`),
/// all of it if that is not enough (the shortfall is the lender's bad debt).
/// What remains is valued at the market price and held from then on:
///
/// `max(0, V_oracle − D·(1 + bonus)) · V_market / V_oracle`.
///
/// Aave's 50 % close factor would repay only half at first; repaying all of it
/// charges the bonus on the whole debt, so this errs on the side of a larger loss.
pub fn liquidated_equity(oracle_value: f64, market_value: f64, debt: f64, bonus: f64) -> f64 {
    let left = oracle_value - debt * (1.0 + bonus);
    if left <= 0.0 || oracle_value <= 0.0 {
        return 0.0;
    }
    left * (market_value / oracle_value)
}

impl DiscountStep {
    /// The exact transition of the Ornstein–Uhlenbeck process over `Δ`:
    /// `d' = θ + (d − θ)·e^(−κΔ) + σ·√((1 − e^(−2κΔ)) / (2κ))·Z`, `Z ~ N(0, 1)`
    /// (Gillespie 1996, "Exact numerical simulation of the Ornstein-Uhlenbeck
    /// process and its integral", Phys. Rev. E 54; Glasserman 2004, "Monte
    /// Carlo Methods in Financial Engineering", §3.3.1, the Vasicek model),
    /// with the limit `σ·√Δ` at `κ = 0`.
    fn new(p: &DiscountProcess, dt: f64) -> Self {
        let kappa = p.mean_reversion_per_year;
        let decay = libm::exp(-kappa * dt);
        // 1 − e^(−2κΔ) as −expm1(−2κΔ): no cancellation for a small κΔ.
        let variance = if kappa > 0.0 { -libm::expm1(-2.0 * kappa * dt) / (2.0 * kappa) } else { dt };
        Self {
            mean: p.long_run_mean,
            decay,
            noise: p.volatility * variance.sqrt(),
            jumps_per_step: p.jumps_per_year * dt,
            jump_mean: p.jump_mean,
            jump_stdev: p.jump_stdev,
        }
    }

    /// `d` at the end of step `t` (in steps): the exact OU step, then every
    /// jump that arrived during the step (sizes `N(jumpMean, jumpStdev²)`),
    /// then the clamp to `[0, MAX_DISCOUNT]`.
    #[inline]
    fn step(&self, d: f64, rng: &mut Rng, normals: &Ziggurat, t: f64, next_jump: &mut f64) -> f64 {
        let mut d = self.mean + (d - self.mean) * self.decay;
        if self.noise > 0.0 {
            d += self.noise * rng.normal(normals);
        }
        while *next_jump <= t {
            d += self.jump_mean;
            if self.jump_stdev > 0.0 {
                d += self.jump_stdev * rng.normal(normals);
            }
            *next_jump += rng.exponential() / self.jumps_per_step;
        }
        crate::float::clamp(d, 0.0, MAX_DISCOUNT)
    }
}

impl SlashingStep {
    /// `(1 − severity)^N` for the `N` events up to step `t` not yet applied.
    fn product_until(&self, rng: &mut Rng, t: f64, next: &mut f64) -> f64 {
        let mut product = 1.0;
        while *next <= t {
            product *= self.keep;
            *next += rng.exponential() / self.events_per_step;
        }
        product
    }
}

// ---------------------------------------------------------------- statistics

/// Hyndman–Fan definition 7 quantiles at 5, 25, 50, 75 and 95 %; `None` for
/// no values. Sorts a copy once (O(n log n)): selection per quantile is O(n)
/// in theory, but the size-optimised standard library's median-of-medians
/// slows down badly on the many equal values of a Monte Carlo (every path
/// surviving with the same outcome), 100,000 of them taking seconds.
fn quantiles(values: &[f64]) -> Option<PathQuantiles> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let frac = h - lo as f64;
        match (v.get(lo), v.get(lo + 1)) {
            (Some(&x_lo), Some(&x_hi)) if frac > 0.0 => x_lo + frac * (x_hi - x_lo),
            (Some(&x_lo), _) => x_lo,
            // Unreachable (lo <= len - 1); were it not, the output check reports NaN.
            (None, _) => f64::NAN,
        }
    };
    Some(PathQuantiles { p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) })
}

/// Standard error of a share `p` of `n` trials, `√(p·(1 − p) / n)` (the
/// binomial plug-in estimate); 0 for `n = 0`.
fn binomial_standard_error(p: f64, n: f64) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    (p * (1.0 - p) / n).sqrt()
}

/// Wilson score interval for `k` successes in `n` trials at 95 %:
/// `(p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n)`
/// (Wilson 1927, J. Amer. Statist. Assoc. 22). `[0, 1]` for `n = 0`.
fn wilson_interval(k: f64, n: f64) -> ProbabilityInterval {
    const Z: f64 = 1.959_963_984_540_054;
    if n <= 0.0 {
        return ProbabilityInterval { low: 0.0, high: 1.0 };
    }
    let p = k / n;
    let z2 = Z * Z;
    let centre = p + z2 / (2.0 * n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z2 / n;
    ProbabilityInterval {
        low: crate::float::clamp((centre - half) / scale, 0.0, 1.0),
        high: crate::float::clamp((centre + half) / scale, 0.0, 1.0),
    }
}

/// Equal-width bins from `lo`, counting values below `lo` apart and putting
/// values past the last edge in the last bin.
#[derive(Clone, Debug)]
struct Bins {
    lo: f64,
    width: f64,
    counts: Vec<u32>,
    below: u32,
}

impl Bins {
    fn new(lo: f64, width: f64, bins: usize) -> Self {
        Self { lo, width, counts: vec![0; bins], below: 0 }
    }

    fn add(&mut self, x: f64) {
        if x < self.lo {
            self.below += 1;
            return;
        }
        let last = self.counts.len().saturating_sub(1);
        // Non-negative and finite, so the cast saturates at most.
        let i = (((x - self.lo) / self.width) as usize).min(last);
        if let Some(c) = self.counts.get_mut(i) {
            *c += 1;
        }
    }

    fn histogram(&self) -> PathHistogram {
        PathHistogram {
            edges: (0..=self.counts.len()).map(|i| self.lo + self.width * i as f64).collect(),
            counts: self.counts.clone(),
            below: self.below,
        }
    }
}

// ---------------------------------------------------------------- random numbers

/// The random numbers of one path: xoshiro256** (Blackman & Vigna 2021,
/// "Scrambled linear pseudorandom number generators", ACM TOMS 47(4); the
/// reference `xoshiro256starstar.c` at prng.di.unimi.it), seeded as that site
/// recommends by SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable
/// pseudorandom number generators", OOPSLA; `splitmix64.c`, same site).
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    s: [u64; 4],
}

/// SplitMix64's increment (the golden ratio, `⌊2^64 / φ⌋`, odd).
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function for the state after `k` increments.
fn splitmix64(state: u64) -> u64 {
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    /// Path `i` takes outputs `4i + 1 … 4i + 4` of the SplitMix64 sequence
    /// started at `seed`: distinct states for distinct paths (SplitMix64's
    /// output function is a bijection), never all zero, and reachable
    /// directly, so any chunk of paths can run on its own.
    pub(crate) fn for_path(seed: u64, index: u32) -> Self {
        let base = seed.wrapping_add(GOLDEN_GAMMA.wrapping_mul(4 * u64::from(index)));
        let s = [1u64, 2, 3, 4].map(|k| splitmix64(base.wrapping_add(GOLDEN_GAMMA.wrapping_mul(k))));
        Self { s }
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)` from the top 53 bits (Vigna, prng.di.unimi.it,
    /// "Generating uniform doubles in the unit interval").
    #[inline]
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponential with mean 1 by inversion, `−ln U` with `U` on `(0, 1]`
    /// (Devroye 1986, "Non-Uniform Random Variate Generation", §II.2.1).
    fn exponential(&mut self) -> f64 {
        let u = ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
        -libm::log(u)
    }

    /// Standard normal by the ziggurat method (Marsaglia & Tsang 2000, "The
    /// Ziggurat Method for Generating Random Variables", J. Statistical
    /// Software 5(8)), 256 layers, with the layer index and the uniform taken
    /// from disjoint bits of one draw (Doornik 2005, "An Improved Ziggurat
    /// Method to Generate Normal Random Samples"). About 99 % of draws cost
    /// one `u64` and a comparison; the rest test the wedge under
    /// `e^(−x²/2)` or sample the tail beyond `R` (Marsaglia 1964, "Generating
    /// a variable from the tail of the normal distribution", Technometrics 6(1)).
    #[inline]
    pub(crate) fn normal(&mut self, z: &Ziggurat) -> f64 {
        loop {
            let bits = self.next_u64();
            let i = (bits & 0xff) as usize;
            // Uniform on [−1, 1) from bits 11..64; the layer from bits 0..8.
            let u = 2.0 * ((bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)) - 1.0;
            let x = u * z.x[i];
            if x.abs() < z.x[i + 1] {
                return x;
            }
            if i == 0 {
                // The base layer's part beyond R: the tail, by Marsaglia's method.
                loop {
                    let a = self.exponential() / Ziggurat::R;
                    let b = self.exponential();
                    if 2.0 * b > a * a {
                        return if u < 0.0 { -(Ziggurat::R + a) } else { Ziggurat::R + a };
                    }
                }
            }
            if z.f[i + 1] + (z.f[i] - z.f[i + 1]) * self.uniform() < libm::exp(-0.5 * x * x) {
                return x;
            }
        }
    }
}

/// The ziggurat's layers for `f(x) = e^(−x²/2)`: 256 layers of equal area
/// `V`, the base one reaching `R` and on into the tail. `x[0] = V / f(R)`,
/// `x[1] = R`, `x[i+1] = f⁻¹(V / x[i] + f(x[i]))`, `x[256] = 0`, and
/// `f[i] = f(x[i])` (Marsaglia & Tsang 2000, §2 and their constants for 256
/// layers; computed with `libm`, so identical in wasm).
#[derive(Clone, Debug)]
pub(crate) struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

impl Ziggurat {
    const R: f64 = 3.654_152_885_361_009;
    const V: f64 = 0.004_928_673_233_99;

    pub(crate) fn new() -> Self {
        let f = |x: f64| libm::exp(-0.5 * x * x);
        let mut x = [0.0; 257];
        x[0] = Self::V / f(Self::R);
        x[1] = Self::R;
        for i in 2..256 {
            x[i] = libm::sqrt(-2.0 * libm::log(Self::V / x[i - 1] + f(x[i - 1])));
        }
        Self { x, f: x.map(f) }
    }
}

// ---------------------------------------------------------------- presets

/// A ready-made discount process: `marketDiscount` is a valid
/// `marketDiscount` input as it is (without `initial`: today's discount comes
/// from the collateral's market price).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct DiscountPreset {
    pub id: &'static str,
    pub label: &'static str,
    /// The reference event it is calibrated to (an id of `presets().events`).
    pub event: &'static str,
    pub market_discount: DiscountPresetProcess,
    /// How the numbers were chosen, in plain words.
    pub calibration: &'static str,
}

/// The fields of [`MarketDiscountInput`] but `initial`.
#[derive(Clone, Copy, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct DiscountPresetProcess {
    pub long_run_mean: Decimal,
    pub mean_reversion_per_year: Decimal,
    pub volatility: Decimal,
    pub jumps_per_year: Decimal,
    pub jump_mean: Decimal,
    pub jump_stdev: Decimal,
}

/// Discount processes calibrated to the reference de-pegs of
/// `shared/reference/vectors.md`. Each is a judgment on one event, not a
/// statistical fit; all revert to the peg (`longRunMean` 0):
///
/// - **ezETH, April 2024** (DEX low ~0.69 ETH, back within about a day): a
///   jump `N(0.30, 0.08²)`, so the 31 % low is a typical jump; half-life
///   `ln 2 / κ` of ~4.9 hours (κ = 1,250/yr: `e^(−κ·1 day) ≈ 3.3 %`, from 31 %
///   to about 1 % in a day); one such event every two years (one 30 % event
///   among the few LRTs trading over 2023–24); σ = 0.15, a calm-time
///   stationary sd `σ/√(2κ)` of 0.3 %.
/// - **stETH, June 2022** (Curve low ~0.94 over weeks): half-life ~32 days
///   (κ = 8/yr) so a discount lasts weeks; σ = 0.04, a stationary sd of 1 %;
///   a jump `N(0.04, 0.015²)` every two years, so a jump on a level two
///   standard deviations up reaches the ~6 % low.
/// - **weETH, August 2024** (≤ 1.4 % off while ETH fell 21 %): half-life ~12
///   hours (κ = 500/yr); σ = 0.063, a stationary sd of 0.2 %; market-wide
///   stress twice a year with jumps `N(0.01, 0.004²)`, so 1.4 % is one
///   standard deviation above a typical jump.
pub fn discount_presets() -> Vec<DiscountPreset> {
    let process = |kappa, sigma, jumps, mean, stdev| DiscountPresetProcess {
        long_run_mean: Decimal::ZERO,
        mean_reversion_per_year: kappa,
        volatility: sigma,
        jumps_per_year: jumps,
        jump_mean: mean,
        jump_stdev: stdev,
    };
    vec![
        DiscountPreset {
            id: "ezeth-2024-04",
            label: "Sharp de-peg, fast recovery (ezETH, April 2024)",
            event: "ezeth-2024-04",
            market_discount: process(dec!(1250), dec!(0.15), dec!(0.5), dec!(0.30), dec!(0.08)),
            calibration: "A 30 % ± 8 % jump (the ~31 % DEX low), about once every two years; half-life about 5 hours, so it is gone within a day as in April 2024; calm-time swings of about 0.3 %.",
        },
        DiscountPreset {
            id: "steth-2022-06",
            label: "Slow, weeks-long discount (stETH, June 2022)",
            event: "steth-2022-06",
            market_discount: process(dec!(8), dec!(0.04), dec!(0.5), dec!(0.04), dec!(0.015)),
            calibration: "Half-life about a month, so a discount lasts weeks; swings of about 1 %; a 4 % ± 1.5 % jump about once every two years, which on top of a high but ordinary level reaches the ~6 % low of June 2022.",
        },
        DiscountPreset {
            id: "weeth-2024-08",
            label: "Liquid, shallow discount (weETH, August 2024)",
            event: "weeth-2024-08",
            market_discount: process(dec!(500), dec!(0.063), dec!(2), dec!(0.01), dec!(0.004)),
            calibration: "Half-life about 12 hours; swings of about 0.2 %; market-wide stress twice a year with 1 % ± 0.4 % jumps, so the 1.4 % of August 2024 is a bad but ordinary day.",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_match_their_reference_outputs() {
        // xoshiro256** from the state {1, 2, 3, 4}: the reference outputs
        // (rand_xoshiro's test, "produced with the reference implementation").
        let mut r = Rng { s: [1, 2, 3, 4] };
        let got: Vec<u64> = (0..10).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [
                11520,
                0,
                1509978240,
                1215971899390074240,
                1216172134540287360,
                607988272756665600,
                16172922978634559625,
                8476171486693032832,
                10595114339597558777,
                2904607092377533576
            ]
        );
        // SplitMix64 from state 0: its first four outputs.
        let outputs: Vec<u64> = (1..=4u64).map(|k| splitmix64(GOLDEN_GAMMA.wrapping_mul(k))).collect();
        assert_eq!(outputs, [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f, 0xf88bb8a8724c81ec]);
    }

    #[test]
    fn the_ziggurat_is_well_formed() {
        let z = Ziggurat::new();
        assert!(z.x.windows(2).all(|w| w[0] > w[1]), "layers narrow upwards");
        assert!(z.x.iter().chain(&z.f).all(|v| v.is_finite()));
        assert_eq!(z.x[256], 0.0);
        assert_eq!(z.f[256], 1.0);
        // Every layer has area V: x[i] · (f[i+1] − f[i]) for i >= 1; the top
        // one closes on f = 1 within the precision of the published R and V.
        for i in 1..256 {
            assert!((z.x[i] * (z.f[i + 1] - z.f[i]) / Ziggurat::V - 1.0).abs() < 1e-9, "layer {i}");
        }
    }

    #[test]
    fn normals_have_the_normal_distribution() {
        // 1,000,000 draws: mean, variance, kurtosis and the Kolmogorov–Smirnov
        // distance to Φ (critical value 1.63 / √n at 1 %), plus the tail beyond R.
        let z = Ziggurat::new();
        let mut rng = Rng::for_path(12345, 0);
        let n = 1_000_000;
        let mut v: Vec<f64> = (0..n).map(|_| rng.normal(&z)).collect();
        let nf = n as f64;
        let mean = v.iter().sum::<f64>() / nf;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / nf;
        let kurt = v.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / nf / (var * var);
        assert!(mean.abs() < 4.0 / nf.sqrt(), "mean {mean}");
        assert!((var - 1.0).abs() < 4.0 * (2.0 / nf).sqrt(), "variance {var}");
        assert!((kurt - 3.0).abs() < 4.0 * (96.0 / nf).sqrt(), "kurtosis {kurt}");
        let beyond_r = v.iter().filter(|x| x.abs() > Ziggurat::R).count() as f64 / nf;
        let expected = libm::erfc(Ziggurat::R / std::f64::consts::SQRT_2);
        assert!((beyond_r - expected).abs() < 4.0 * (expected / nf).sqrt(), "tail {beyond_r} vs {expected}");
        v.sort_by(f64::total_cmp);
        let phi = |x: f64| 0.5 * libm::erfc(-x / std::f64::consts::SQRT_2);
        let ks = v
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let c = phi(x);
                (c - i as f64 / nf).abs().max((c - (i + 1) as f64 / nf).abs())
            })
            .fold(0.0, f64::max);
        assert!(ks < 1.63 / nf.sqrt(), "KS distance {ks}");
    }

    #[test]
    fn exponentials_have_mean_one() {
        let mut rng = Rng::for_path(7, 3);
        let n = 200_000;
        let mean = (0..n).map(|_| rng.exponential()).sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 4.0 / (n as f64).sqrt(), "mean {mean}");
    }
}
