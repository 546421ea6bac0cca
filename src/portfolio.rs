//! Portfolio risk (`portfolioRisk`): a book of ETH spot, perpetuals, options
//! and leveraged LRT loops, valued in the quote currency (USD) against one
//! market state — its greeks, a P&L grid over spot × volatility shocks,
//! payoff curves, liquidation points, a delta hedge, the cost of crash
//! protection, and VaR/ES by full revaluation.
//!
//! Units: `S` is the spot price of ETH in USD; quantities are in ETH
//! (options: on one ETH each; negative = sold); money in USD; volatilities
//! and rates are yearly fractions. Greeks of the whole book, per position
//! and summed:
//! - `delta = ∂V/∂S` (ETH: the book moves like `delta` ETH held),
//!   `gamma = ∂²V/∂S²` (per USD), `vega = ∂V/∂σ` per 1.00 of volatility and
//!   `vegaPerPoint = vega/100` (USD per volatility point), `thetaPerDay` =
//!   −∂V/∂T of the options per calendar day (365 a year; S held fixed);
//! - `carryPerDay`: what the other positions earn or pay per day at today's
//!   prices — perpetual funding and the loops' net yield — kept apart from
//!   theta so the options' time decay stays visible;
//! - `depegPerPoint`: USD lost per 1 % fall of an LRT's market price below
//!   its exchange rate (the loops' de-peg exposure).
//!
//! How each position is valued (every formula is reused, not re-derived):
//! - **spot**: `q·S`.
//! - **perp** (isolated margin): `walletBalance + side·q·(S − entryPrice)`;
//!   0 once the price reaches the liquidation price of
//!   [`perps::liquidation_price`] (the isolated margin is lost: Binance,
//!   "Liquidation Protocols"); funding of [`perps::funding`] accrues at
//!   today's mark price and rate (carry, not re-margined).
//! - **option**: `quantity × price` of [`options::greeks`], BSM on the spot
//!   with the market's rate and carry, or Black-76 on a forward that moves in
//!   proportion to the spot (`F/S` held fixed: default `F = S·e^((r−q)T)`,
//!   where both models agree), so `Δ_S = Δ_F·F/S` and `Γ_S = Γ_F·(F/S)²`.
//!   At or after expiry it is worth its intrinsic value at the spot.
//! - **loop** (a `loopPosition` input, [`leverage::open_position`] and
//!   [`leverage::describe`]): the loop holds `u` LRT worth `p` ETH each and
//!   owes `D` ETH, so its equity `E = u·p − D` is in ETH and worth `S·E`
//!   USD: its delta to ETH is `E` (at the market price of the LRT; the debt
//!   is ETH too, so a fall of ETH/USD alone never liquidates it), its gamma
//!   and vega are 0, and its de-peg exposure is `S·u·exchangeRate` USD per
//!   unit of discount (`p = exchangeRate·(1 − d)`). It liquidates on a
//!   de-peg only under a market-price oracle, on a fall of the exchange rate
//!   under either. Its net yield (`apr.net` of the equity) accrues as carry.
//!
//! Scenarios (the P&L grid, the payoff curves, the crash, the VaR samples)
//! revalue every position at the shocked spot `S'`, the shocked volatility
//! `σ·(1 + v)` of each option and the time elapsed, and subtract today's
//! value: full revaluation (Jorion, *Value at Risk*, 3rd ed. 2007, ch. 10),
//! not a delta-gamma approximation, so liquidations and option convexity
//! are in the numbers. A spot shock is a jump: the path to `S'` crosses any
//! liquidation price on the way.

use crate::error::CalcError;
use crate::float;
use crate::input::{self, join, within, At, Bound};
use crate::lending::OracleKind;
use crate::leverage::{self, LoopInput};
use crate::num::{div, mul, sub, to_f64, Decimal, Num, Overflow};
use crate::options::{self, num_f64, OptionInput, OptionKind, OptionModel, OptionTerms, DAYS_PER_YEAR};
use crate::perps::{self, FundingInput, PerpLiquidationInput, PerpSide};
use crate::read::FromTree;
use crate::stats::{norm_cdf, norm_quantile, student_t_quantile_lower, student_t_quantiles_lower};
use crate::tail::{self, TailMethod, TailRisk};
use crate::tree::Value;
use rust_decimal::dec;
use serde::Serialize;
use std::cell::RefCell;
use std::sync::OnceLock;
use tsify::Tsify;

/// Most positions in one book.
pub const MAX_POSITIONS: usize = 50;
/// Most shocks on each axis of the P&L grid.
pub const MAX_SHOCKS: usize = 41;
/// Most points on a payoff curve.
pub const MAX_PAYOFF_POINTS: usize = 501;
/// Most historical returns revalued (each is one full revaluation).
pub const MAX_PORTFOLIO_RETURNS: usize = 100_000;
/// Default spot shocks of the grid: −50 % to +50 % in steps of 10 %.
pub const DEFAULT_SPOT_SHOCKS: [Decimal; 11] = [
    dec!(-0.5),
    dec!(-0.4),
    dec!(-0.3),
    dec!(-0.2),
    dec!(-0.1),
    dec!(0),
    dec!(0.1),
    dec!(0.2),
    dec!(0.3),
    dec!(0.4),
    dec!(0.5),
];
/// Default relative volatility shocks of the grid: −50 % to +100 %.
pub const DEFAULT_VOL_SHOCKS: [Decimal; 7] =
    [dec!(-0.5), dec!(-0.25), dec!(0), dec!(0.25), dec!(0.5), dec!(0.75), dec!(1)];
/// Lowest spot shock (the price stays positive).
const MIN_SPOT_SHOCK: Decimal = dec!(-0.99);
/// Highest spot shock: +1,000 %.
const MAX_SPOT_SHOCK: Decimal = dec!(10);
/// Relative volatility shocks allowed: −90 % to +400 %.
const MIN_VOL_SHOCK: Decimal = dec!(-0.9);
const MAX_VOL_SHOCK: Decimal = dec!(4);
/// Longest horizon of the payoff and the tail, in days (100 years).
const MAX_DAYS: Decimal = dec!(36500);
/// The normal strata of the parametric VaR cover z in [−STRATA_Z, STRATA_Z]
/// (the probability outside, 1.2e-15, is left out).
const STRATA_Z: f64 = 8.0;
/// Number of strata on each side of the median (width 8/200 = 0.04 in z).
const STRATA_PER_SIDE: usize = 200;

// ---------------------------------------------------------------------------
// Input

/// Input of `portfolioRisk`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioInput {
    pub market: PortfolioMarketInput,
    /// 1 to 50 positions, each `{ spot }`, `{ perp }`, `{ option }` or `{ loop }`.
    pub positions: Vec<BookPositionInput>,
    #[serde(default)]
    #[tsify(optional)]
    pub grid: Option<GridInput>,
    #[serde(default)]
    #[tsify(optional)]
    pub payoff: Option<PayoffInput>,
    #[serde(default)]
    #[tsify(optional)]
    pub protection: Option<ProtectionInput>,
    #[serde(default)]
    #[tsify(optional)]
    pub tail: Option<PortfolioTailInput>,
}
crate::read_struct!(PortfolioInput {
    market: "market",
    positions: "positions",
    grid: "grid",
    payoff: "payoff",
    protection: "protection",
    tail: "tail",
});

/// Today's market for ETH.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioMarketInput {
    /// ETH price in USD, 0 < spot ≤ 1e9.
    pub spot: Num,
    /// Implied volatility of ETH, 0 < vol ≤ 10 (0.7 = 70 % a year); the
    /// default of every option and the scale of the parametric VaR.
    pub vol: Num,
    /// Continuously compounded USD rate, −1 ≤ rate ≤ 10.
    pub rate: Num,
    /// ETH's own continuous yield q for option pricing (staking, funding),
    /// −1 ≤ carry ≤ 10, default 0.
    #[serde(default)]
    #[tsify(optional)]
    pub carry: Option<Num>,
}
crate::read_struct!(PortfolioMarketInput { spot: "spot", vol: "vol", rate: "rate", carry: "carry" });

/// One position, tagged by its kind: `{ "perp": { … } }`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum BookPositionInput {
    Spot(SpotHoldingInput),
    Perp(PerpHoldingInput),
    Option(OptionHoldingInput),
    /// A `loopPosition` input.
    Loop(LoopInput),
}

impl FromTree for BookPositionInput {
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        const KINDS: [&str; 4] = ["spot", "perp", "option", "loop"];
        let (kind, value) = crate::read::tagged(node, &KINDS)?;
        let read = match kind {
            0 => FromTree::from_tree(value).map(Self::Spot),
            1 => FromTree::from_tree(value).map(Self::Perp),
            2 => FromTree::from_tree(value).map(Self::Option),
            _ => FromTree::from_tree(value).map(Self::Loop),
        };
        read.map_err(|e| e.under(KINDS[kind.min(3)]))
    }

    fn unread() -> Self {
        Self::Spot(FromTree::unread())
    }

    fn paths(prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        let at = |kind: &str| crate::input::join(prefix, kind);
        for kind in ["spot", "perp", "option", "loop"] {
            out.insert(at(kind));
        }
        SpotHoldingInput::paths(&at("spot"), out);
        PerpHoldingInput::paths(&at("perp"), out);
        OptionHoldingInput::paths(&at("option"), out);
        LoopInput::paths(&at("loop"), out);
    }
}

/// ETH held (negative: owed or sold short).
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SpotHoldingInput {
    /// ETH, −1e15 ≤ quantity ≤ 1e15.
    pub quantity: Num,
}
crate::read_struct!(SpotHoldingInput { quantity: "quantity" });

/// An isolated-margin USDⓈ-M perpetual on ETH (the fields of
/// `perpLiquidationPrice` and `fundingPayment`).
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PerpHoldingInput {
    pub side: PerpSide,
    /// Contracts of one ETH, 0 < quantity ≤ 1e15.
    pub quantity: Num,
    /// Average entry price in USD, default the market spot.
    #[serde(default)]
    #[tsify(optional)]
    pub entry_price: Option<Num>,
    /// Margin in the position's isolated wallet, USD, ≥ 0.
    pub wallet_balance: Num,
    /// Maintenance margin rate, 0 ≤ rate < 1 (0.005 = 0.5 %).
    pub maintenance_margin_rate: Num,
    /// Maintenance amount of the bracket (Binance's `cum`), default 0.
    #[serde(default)]
    #[tsify(optional)]
    pub maintenance_amount: Option<Num>,
    /// Funding rate per interval, −1 ≤ rate ≤ 1, default 0; positive: longs pay.
    #[serde(default)]
    #[tsify(optional)]
    pub funding_rate: Option<Num>,
    /// Hours between funding times, 0.01 to 24, default 8.
    #[serde(default)]
    #[tsify(optional)]
    pub interval_hours: Option<Num>,
}
crate::read_struct!(PerpHoldingInput {
    side: "side",
    quantity: "quantity",
    entry_price: "entryPrice",
    wallet_balance: "walletBalance",
    maintenance_margin_rate: "maintenanceMarginRate",
    maintenance_amount: "maintenanceAmount",
    funding_rate: "fundingRate",
    interval_hours: "intervalHours",
});

/// European options on ETH, priced with the market's rate and carry.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OptionHoldingInput {
    pub kind: OptionKind,
    /// Strike in USD, 0 < strike ≤ 1e9.
    pub strike: Num,
    /// Time to expiry in years, 0 < years ≤ 100; or instead:
    #[serde(default)]
    #[tsify(optional)]
    pub years: Option<Num>,
    /// Time to expiry in days (365 a year), 0 < days ≤ 36,500.
    #[serde(default)]
    #[tsify(optional)]
    pub days: Option<Num>,
    /// Number of options on one ETH each, −1e15 to 1e15; negative = sold.
    pub quantity: Num,
    /// Implied volatility of this option, default the market's.
    #[serde(default)]
    #[tsify(optional)]
    pub vol: Option<Num>,
    /// `bsm` (default) on the spot, or `black76` on a forward.
    #[serde(default)]
    #[tsify(optional)]
    pub model: Option<OptionModel>,
    /// black76 only: today's forward in USD, default `S·e^((rate − carry)·years)`.
    #[serde(default)]
    #[tsify(optional)]
    pub forward: Option<Num>,
}
crate::read_struct!(OptionHoldingInput {
    kind: "kind",
    strike: "strike",
    years: "years",
    days: "days",
    quantity: "quantity",
    vol: "vol",
    model: "model",
    forward: "forward",
});

/// The P&L grid's axes.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GridInput {
    /// Relative spot moves, increasing, each in [−0.99, 10], 1 to 41 of them;
    /// default −50 % to +50 % by 10 %.
    #[serde(default)]
    #[tsify(optional)]
    pub spot_shocks: Option<Vec<Num>>,
    /// Relative volatility moves (σ → σ·(1 + v)), increasing, each in
    /// [−0.9, 4], 1 to 41 of them; default −50 %, −25 %, 0 … +100 %.
    #[serde(default)]
    #[tsify(optional)]
    pub vol_shocks: Option<Vec<Num>>,
}
crate::read_struct!(GridInput { spot_shocks: "spotShocks", vol_shocks: "volShocks" });

/// The payoff curves over spot.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PayoffInput {
    /// Lowest relative spot move, ≥ −0.99, default −0.5.
    #[serde(default)]
    #[tsify(optional)]
    pub from: Option<Num>,
    /// Highest relative spot move, ≤ 10 and above `from`, default 0.5.
    #[serde(default)]
    #[tsify(optional)]
    pub to: Option<Num>,
    /// Points on each curve, 2 to 501, default 101.
    #[serde(default)]
    #[tsify(optional)]
    pub points: Option<Num>,
    /// The "T + n" date in days from today, 0 to 36,500, default 7.
    #[serde(default)]
    #[tsify(optional)]
    pub horizon_days: Option<Num>,
}
crate::read_struct!(PayoffInput { from: "from", to: "to", points: "points", horizon_days: "horizonDays" });

/// Put protection against a crash.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProtectionInput {
    /// The crash: a fall of the spot, 0 < crash < 1, default 0.3 (−30 %).
    #[serde(default)]
    #[tsify(optional)]
    pub crash: Option<Num>,
    /// Relative volatility move during the crash, −0.9 to 4, default 0.
    #[serde(default)]
    #[tsify(optional)]
    pub vol_shock: Option<Num>,
    /// Strike of the puts in USD, default the spot (at the money).
    #[serde(default)]
    #[tsify(optional)]
    pub strike: Option<Num>,
    /// Days to the puts' expiry, 0 < days ≤ 36,500, default 30.
    #[serde(default)]
    #[tsify(optional)]
    pub days: Option<Num>,
    /// Puts bought (on one ETH each), ≥ 0; default the book's delta if
    /// positive (one put per ETH of exposure), else 0.
    #[serde(default)]
    #[tsify(optional)]
    pub quantity: Option<Num>,
}
crate::read_struct!(ProtectionInput {
    crash: "crash",
    vol_shock: "volShock",
    strike: "strike",
    days: "days",
    quantity: "quantity",
});

/// VaR and ES of the book over a horizon.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioTailInput {
    /// 0.5 ≤ confidence < 1, default 0.99.
    #[serde(default)]
    #[tsify(optional)]
    pub confidence: Option<Num>,
    /// Horizon in days, 0 < days ≤ 36,500, default 1: the parametric methods
    /// scale the volatility by √(days/365); the book is revalued at that date.
    #[serde(default)]
    #[tsify(optional)]
    pub horizon_days: Option<Num>,
    /// Student-t degrees of freedom, 2 < dof ≤ 10,000, default 4.
    #[serde(default)]
    #[tsify(optional)]
    pub dof: Option<Num>,
    /// Cornish-Fisher skewness of ETH log returns, −100 to 100, default 0.
    #[serde(default)]
    #[tsify(optional)]
    pub skew: Option<Num>,
    /// Cornish-Fisher excess kurtosis, ≥ skew² − 2, ≤ 10,000, default 0.
    #[serde(default)]
    #[tsify(optional)]
    pub excess_kurtosis: Option<Num>,
    /// Observed simple returns of ETH over the horizon (each > −1, ≤ 10; up
    /// to 100,000) for the historical method; without them it is left out.
    #[serde(default)]
    #[tsify(optional)]
    pub returns: Option<Vec<Num>>,
}
crate::read_struct!(PortfolioTailInput {
    confidence: "confidence",
    horizon_days: "horizonDays",
    dof: "dof",
    skew: "skew",
    excess_kurtosis: "excessKurtosis",
    returns: "returns",
});

// ---------------------------------------------------------------------------
// Output

/// The kind of a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum PositionKind {
    Spot,
    Perp,
    Option,
    Loop,
}

/// Value and greeks of the book, or of one position (see the module docs
/// for units and conventions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct BookGreeks {
    /// Today's value in USD (perp: its isolated margin balance; loop: its
    /// equity if sold at the LRT's market price).
    pub value: f64,
    /// ∂V/∂S in ETH.
    pub delta: f64,
    /// ∂²V/∂S² in ETH per USD.
    pub gamma: f64,
    /// `gamma × S / 100`: how much the delta (ETH) grows for a 1 % rise of ETH.
    pub gamma_per_percent: f64,
    /// ∂V/∂σ in USD per 1.00 (100 points) of volatility.
    pub vega: f64,
    /// `vega / 100`: USD per volatility point.
    pub vega_per_point: f64,
    /// The options' time decay in USD per day (theta / 365).
    pub theta_per_day: f64,
    /// Funding and loop yield in USD per day at today's prices.
    pub carry_per_day: f64,
    /// USD lost per 1 % de-peg of the loops' LRTs.
    pub depeg_per_point: f64,
}

/// The figures of a loop in the book.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LoopRisk {
    pub oracle: OracleKind,
    pub leverage: Decimal,
    /// Null without debt.
    pub health_factor: Option<Decimal>,
    /// Equity in ETH at the LRT's market price (the loop's delta).
    pub equity_eth: Decimal,
    /// Oracle price of the LRT (ETH per token) at which it is liquidated.
    pub liquidation_price: Option<Decimal>,
    /// Market-price oracle: the fall of the LRT's market price below its
    /// exchange rate that liquidates (a fraction); null under an
    /// exchange-rate oracle (a de-peg alone cannot) or without debt.
    pub liquidation_depeg: Option<Decimal>,
    /// The fall of the oracle price from today that liquidates: under an
    /// exchange-rate oracle, the exchange rate's fall (slashing, a loss).
    pub liquidation_drop: Option<Decimal>,
}

/// One position's risk.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PositionRisk {
    pub kind: PositionKind,
    pub greeks: BookGreeks,
    /// ETH price (USD) at which the position is liquidated; null where none
    /// (spot, options, loops: their debt is ETH; a long perp fully margined).
    pub liquidation_price: Option<f64>,
    /// `liquidationPrice / S − 1`: the move of ETH that liquidates.
    pub liquidation_move: Option<f64>,
    /// Loops only.
    #[serde(rename = "loop")]
    pub loop_risk: Option<LoopRisk>,
}

/// P&L in USD of the whole book for every (vol shock, spot shock),
/// revalued now: `pnl[i][j]` is for `volShocks[i]` and `spotShocks[j]`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PnlGrid {
    pub spot_shocks: Vec<f64>,
    pub vol_shocks: Vec<f64>,
    /// `S·(1 + spotShocks[j])`.
    pub spots: Vec<f64>,
    pub pnl: Vec<Vec<f64>>,
}

/// P&L curves in USD over the spot.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Payoff {
    pub spots: Vec<f64>,
    /// Revalued now (T + 0).
    pub now: Vec<f64>,
    /// At `horizonDays` (T + n): options re-priced with less time, carry accrued.
    pub horizon: Vec<f64>,
    pub horizon_days: f64,
    /// At the last option's expiry (options at intrinsic value, carry
    /// accrued); null without options.
    pub expiry: Option<Vec<f64>>,
    pub expiry_days: Option<f64>,
}

/// The perpetual trade that makes the book's delta zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Hedge {
    pub side: PerpSide,
    /// ETH, = |delta|.
    pub quantity: f64,
    /// `quantity × S` in USD.
    pub notional: f64,
}

/// Puts against a crash: what they cost and what they pay in it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Protection {
    pub crash: f64,
    pub strike: f64,
    pub days: f64,
    pub quantity: f64,
    /// Price of one put today (BSM at the market volatility), USD.
    pub premium: f64,
    /// `quantity × premium`: paid today, lost if nothing happens.
    pub cost: f64,
    /// The puts' value right after the crash (same expiry, shocked volatility).
    pub payout: f64,
    /// The book's loss in the crash without puts (negative: a gain).
    pub loss_without: f64,
    /// `lossWithout + cost − payout`.
    pub loss_with: f64,
}

/// VaR and ES of the book by one method.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TailEstimate {
    pub method: TailMethod,
    /// Loss in USD not exceeded with the confidence; null where the method
    /// does not apply (see `note`).
    pub var: Option<f64>,
    /// Mean loss in USD beyond the VaR.
    pub es: Option<f64>,
    /// VaR of the ETH return itself (log return for the parametric methods,
    /// simple for historical), as `tailRisk` gives it.
    pub return_var: Option<f64>,
    pub return_es: Option<f64>,
    pub note: Option<String>,
}

/// VaR and ES of the book.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PortfolioTail {
    pub confidence: f64,
    pub horizon_days: f64,
    /// Standard deviation of the ETH log return over the horizon, `vol·√(days/365)`.
    pub stdev: f64,
    /// normal, cornishFisher, studentT, then historical if returns were given.
    pub methods: Vec<TailEstimate>,
}

/// Output of `portfolioRisk`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PortfolioRisk {
    /// The market spot the book is valued at (USD per ETH).
    pub spot: f64,
    pub total: BookGreeks,
    pub positions: Vec<PositionRisk>,
    pub grid: PnlGrid,
    pub payoff: Payoff,
    /// Null when the delta is already 0.
    pub hedge: Option<Hedge>,
    pub protection: Protection,
    pub tail: PortfolioTail,
}

// ---------------------------------------------------------------------------
// Validation

/// A validated market.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarketState {
    pub spot: f64,
    pub vol: f64,
    pub rate: f64,
    pub carry: f64,
    /// The inputs as given, for the checks of `options` and `perps`.
    spot_num: Num,
    vol_num: Num,
    rate_num: Num,
}

/// A validated position, ready to be revalued.
#[derive(Clone, Debug, PartialEq)]
pub enum Holding {
    Spot {
        quantity: f64,
    },
    Perp {
        sign: f64,
        quantity: f64,
        entry_price: f64,
        wallet_balance: f64,
        /// Funding received per year at today's mark price (negative: paid).
        funding_per_year: f64,
        liquidation_price: Option<f64>,
    },
    Option {
        /// At today's underlying (spot, or the forward for black76).
        terms: OptionTerms,
        vol: f64,
        quantity: f64,
        /// Underlying per unit of spot: 1 (bsm) or F/S (black76).
        ratio: f64,
    },
    Loop {
        /// Equity in ETH at the LRT's market price.
        equity_eth: f64,
        /// Net yield in ETH per year.
        yield_eth_per_year: f64,
        /// ETH lost per unit (100 %) of de-peg: units × exchange rate.
        depeg_eth: f64,
        risk: LoopRisk,
    },
}

/// Validated settings of the scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenarios {
    pub spot_shocks: Vec<f64>,
    pub vol_shocks: Vec<f64>,
    pub payoff_from: f64,
    pub payoff_to: f64,
    pub payoff_points: usize,
    pub horizon_days: f64,
    pub crash: f64,
    pub crash_vol_shock: f64,
    pub put_strike: f64,
    pub put_days: f64,
    pub put_quantity: Option<f64>,
    pub alpha: Decimal,
    pub tail_days: f64,
    pub dof: f64,
    pub skew: f64,
    pub excess_kurtosis: f64,
    /// Historical returns, in the input's order and as exact decimals.
    pub returns: Option<Vec<Decimal>>,
}

/// A validated `portfolioRisk` input.
#[derive(Clone, Debug, PartialEq)]
pub struct Book {
    pub market: MarketState,
    pub holdings: Vec<Holding>,
    pub scenarios: Scenarios,
    /// Today's value, `value(S, 0, 1)`.
    pub value_now: f64,
}

/// `path` as an f64 in `[lo, hi]` bounds of [`within`].
#[inline(always)]
fn real<P: input::FieldAt + ?Sized>(path: &P, v: Num, range: &[Bound; 2]) -> Result<f64, CalcError> {
    within(path, v.get(), range).map(|_| num_f64(v))
}

fn rate_bounds() -> (Bound, Bound) {
    (Bound::Incl(Decimal::NEGATIVE_ONE), Bound::Incl(Decimal::TEN))
}

impl PortfolioMarketInput {
    pub fn validate(&self, prefix: &str) -> Result<MarketState, CalcError> {
        let path = |field| At(prefix, field);
        input::price(&path("spot"), self.spot.get())?;
        let (lo, hi) = rate_bounds();
        Ok(MarketState {
            spot: num_f64(self.spot),
            vol: options::check_vol(num_f64(self.vol), &|f: &str| join(prefix, f))?,
            rate: real(&path("rate"), self.rate, &[lo, hi])?,
            carry: self.carry.map_or(Ok(0.0), |c| real(&path("carry"), c, &[lo, hi]))?,
            spot_num: self.spot,
            vol_num: self.vol,
            rate_num: self.rate,
        })
    }
}

impl BookPositionInput {
    /// Validates one position against the market; `prefix` is `positions[i]`.
    pub fn validate(&self, prefix: &str, m: &MarketState) -> Result<Holding, CalcError> {
        match self {
            BookPositionInput::Spot(s) => {
                let path = At(prefix, "spot.quantity");
                let q = within(
                    &path,
                    s.quantity.get(),
                    &const { [Bound::Incl(input::neg(input::MAX_AMOUNT)), Bound::Incl(input::MAX_AMOUNT)] },
                )?;
                Ok(Holding::Spot { quantity: num_f64(Num(q)) })
            }
            BookPositionInput::Perp(p) => p.validate(&join(prefix, "perp"), m),
            BookPositionInput::Option(o) => o.validate(&join(prefix, "option"), m),
            BookPositionInput::Loop(l) => validate_loop(l, &join(prefix, "loop")),
        }
    }
}

impl PerpHoldingInput {
    pub fn validate(&self, prefix: &str, m: &MarketState) -> Result<Holding, CalcError> {
        let position = PerpLiquidationInput {
            side: self.side,
            quantity: self.quantity,
            entry_price: self.entry_price.unwrap_or(m.spot_num),
            wallet_balance: self.wallet_balance,
            maintenance_margin_rate: self.maintenance_margin_rate,
            maintenance_amount: self.maintenance_amount,
        }
        .validate(prefix)?;
        // One year of funding at today's mark price.
        let funding = FundingInput {
            side: self.side,
            quantity: self.quantity,
            price: m.spot_num,
            funding_rate: self.funding_rate.unwrap_or(Num(Decimal::ZERO)),
            hours: Num(dec!(8760)),
            interval_hours: self.interval_hours,
        }
        .validate(prefix)?;
        let overflow = |Overflow| CalcError::overflow(join(prefix, "quantity"));
        let per_year = perps::funding(&funding).map_err(overflow)?.payment;
        let liquidation = perps::liquidation_price(&position).map_err(overflow)?.map(to_f64);
        let sign = to_f64(self.side.sign());
        let spot = m.spot;
        let liquidated = liquidation.is_some_and(|lp| if sign > 0.0 { spot <= lp } else { spot >= lp });
        if liquidated {
            return Err(CalcError::new(
                join(prefix, "walletBalance"),
                format!(
                    "is below the maintenance margin at the market spot {}: the position would be liquidated \
                     (its liquidation price is {}); add margin or change the entry price",
                    float::display(spot),
                    float::display(liquidation.unwrap_or(0.0))
                ),
            ));
        }
        Ok(Holding::Perp {
            sign,
            quantity: num_f64(Num(position.quantity)),
            entry_price: num_f64(Num(position.entry_price)),
            wallet_balance: num_f64(Num(position.wallet_balance)),
            funding_per_year: to_f64(per_year),
            liquidation_price: liquidation,
        })
    }
}

impl OptionHoldingInput {
    pub fn validate(&self, prefix: &str, m: &MarketState) -> Result<Holding, CalcError> {
        let at = |field: &str| join(prefix, field);
        let model = self.model.unwrap_or(OptionModel::Bsm);
        if model == OptionModel::Bsm && self.forward.is_some() {
            return Err(CalcError::new(
                at("forward"),
                "is for model \"black76\" only: a bsm option is priced on the market spot",
            ));
        }
        let years = match (self.years, self.days) {
            (Some(y), None) => y,
            (None, Some(d)) => {
                let d = within(&at("days"), d.get(), &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_DAYS)] })?;
                Num(div(d, dec!(365)).map_err(|Overflow| CalcError::overflow(at("days")))?)
            }
            (Some(_), Some(_)) => return Err(CalcError::new(at("days"), "give either years or days, not both")),
            (None, None) => return Err(CalcError::new(at("years"), "is required: give years or days to expiry")),
        };
        // Validated as a bsm option on the market spot, with the market's
        // rate and carry and its own (or the market's) volatility.
        let (terms, vol) = OptionInput {
            model: OptionModel::Bsm,
            kind: self.kind,
            spot: Some(m.spot_num),
            forward: None,
            strike: self.strike,
            years,
            rate: m.rate_num,
            carry: None,
            vol: self.vol.unwrap_or(m.vol_num),
            inverse: None,
        }
        .validate(prefix)?;
        let terms = OptionTerms { carry: m.carry, ..terms };
        let quantity = num_f64(Num(within(
            &at("quantity"),
            self.quantity.get(),
            &const { [Bound::Incl(input::neg(input::MAX_AMOUNT)), Bound::Incl(input::MAX_AMOUNT)] },
        )?));
        let terms = match model {
            OptionModel::Bsm => terms,
            OptionModel::Black76 => {
                let forward = match self.forward {
                    Some(f) => {
                        input::price(&at("forward"), f.get())?;
                        num_f64(f)
                    }
                    None => m.spot * libm::exp((m.rate - m.carry) * terms.years),
                };
                OptionTerms { model: OptionModel::Black76, underlying: forward, carry: 0.0, ..terms }.checked(&at)?
            }
        };
        // Checks that the greeks exist (names `vol` otherwise).
        options::option_greeks(&terms, vol, &at)?;
        Ok(Holding::Option { terms, vol, quantity, ratio: terms.underlying / m.spot })
    }
}

/// A loop in the book: built and described by [`leverage`], converted to USD.
fn validate_loop(l: &LoopInput, prefix: &str) -> Result<Holding, CalcError> {
    let params = l.validate(prefix)?;
    let holdings = leverage::open_position(&params).map_err(|e| e.under(prefix))?;
    let p = leverage::describe(&params, holdings).map_err(|Overflow| CalcError::overflow(join(prefix, "equity")))?;
    let exchange_rate = params.collateral.exchange_rate;
    let overflow = |Overflow| CalcError::overflow(join(prefix, "equity"));
    let liquidation_depeg = match (params.market.oracle, p.liquidation_price) {
        (OracleKind::Market, Some(lp)) => {
            Some(sub(Decimal::ONE, div(lp, exchange_rate).map_err(overflow)?).map_err(overflow)?)
        }
        _ => None,
    };
    let depeg_eth = mul(p.collateral_units, exchange_rate).map_err(overflow)?;
    let yield_eth = mul(p.equity, p.apr.net).map_err(overflow)?;
    Ok(Holding::Loop {
        equity_eth: to_f64(p.equity_at_market),
        yield_eth_per_year: to_f64(yield_eth),
        depeg_eth: to_f64(depeg_eth),
        risk: LoopRisk {
            oracle: params.market.oracle,
            leverage: p.leverage,
            health_factor: p.health_factor,
            equity_eth: p.equity_at_market,
            liquidation_price: p.liquidation_price,
            liquidation_depeg,
            liquidation_drop: p.liquidation_drop,
        },
    })
}

/// A list of shocks: 1 to 41, each in `[lo, hi]`, strictly increasing.
fn shocks(
    path: &str,
    given: Option<&[Num]>,
    default: &[Decimal],
    lo: Decimal,
    hi: Decimal,
) -> Result<Vec<f64>, CalcError> {
    let Some(list) = given else {
        return Ok(default.iter().map(|d| num_f64(Num(*d))).collect());
    };
    input::list_length(path, list.len(), MAX_SHOCKS, "shock")?;
    let mut out = Vec::with_capacity(list.len());
    let mut previous: Option<Decimal> = None;
    for (i, v) in list.iter().enumerate() {
        let at = join(path, &format!("[{i}]"));
        let d = within(&at, v.get(), &[Bound::Incl(lo), Bound::Incl(hi)])?;
        if previous.is_some_and(|p| d <= p) {
            return Err(CalcError::new(
                at,
                format!(
                    "must be above the shock before it ({}), got {}",
                    previous.unwrap_or_default().normalize(),
                    d.normalize()
                ),
            ));
        }
        previous = Some(d);
        out.push(num_f64(*v));
    }
    Ok(out)
}

fn days(path: &str, v: Option<Num>, default: Decimal, zero_allowed: bool) -> Result<f64, CalcError> {
    let lo = if zero_allowed { Bound::Incl(Decimal::ZERO) } else { Bound::Excl(Decimal::ZERO) };
    let v = v.unwrap_or(Num(default));
    real(path, v, &[lo, Bound::Incl(MAX_DAYS)])
}

impl PortfolioInput {
    /// Validates the whole input; errors name the field (`positions[2].perp.quantity`).
    pub fn validate(&self) -> Result<Book, CalcError> {
        let market = self.market.validate("market")?;
        input::list_length("positions", self.positions.len(), MAX_POSITIONS, "position")?;
        let holdings = self
            .positions
            .iter()
            .enumerate()
            .map(|(i, p)| p.validate(&format!("positions[{i}]"), &market))
            .collect::<Result<Vec<_>, _>>()?;

        // An optional group left out reads as all its fields left out (a
        // static, not a clone of the input).
        static NO_GRID: GridInput = GridInput { spot_shocks: None, vol_shocks: None };
        static NO_PAYOFF: PayoffInput = PayoffInput { from: None, to: None, points: None, horizon_days: None };
        static NO_PROTECTION: ProtectionInput =
            ProtectionInput { crash: None, vol_shock: None, strike: None, days: None, quantity: None };
        static NO_TAIL: PortfolioTailInput = PortfolioTailInput {
            confidence: None,
            horizon_days: None,
            dof: None,
            skew: None,
            excess_kurtosis: None,
            returns: None,
        };
        let grid = self.grid.as_ref().unwrap_or(&NO_GRID);
        let spot_shocks = shocks(
            "grid.spotShocks",
            grid.spot_shocks.as_deref(),
            &DEFAULT_SPOT_SHOCKS,
            MIN_SPOT_SHOCK,
            MAX_SPOT_SHOCK,
        )?;
        let vol_shocks =
            shocks("grid.volShocks", grid.vol_shocks.as_deref(), &DEFAULT_VOL_SHOCKS, MIN_VOL_SHOCK, MAX_VOL_SHOCK)?;

        let payoff = self.payoff.as_ref().unwrap_or(&NO_PAYOFF);
        let from = payoff.from.unwrap_or(Num(dec!(-0.5)));
        let to = payoff.to.unwrap_or(Num(dec!(0.5)));
        let payoff_from =
            real("payoff.from", from, &const { [Bound::Incl(MIN_SPOT_SHOCK), Bound::Excl(MAX_SPOT_SHOCK)] })?;
        let payoff_to = real("payoff.to", to, &[Bound::Excl(from.get()), Bound::Incl(MAX_SPOT_SHOCK)])?;
        let points =
            input::integer("payoff.points", payoff.points.map_or(dec!(101), Num::get), 2, MAX_PAYOFF_POINTS as u32)?
                as usize;
        let horizon_days = days("payoff.horizonDays", payoff.horizon_days, dec!(7), true)?;

        let protection = self.protection.as_ref().unwrap_or(&NO_PROTECTION);
        let crash = real(
            "protection.crash",
            protection.crash.unwrap_or(Num(dec!(0.3))),
            &const { [Bound::Excl(Decimal::ZERO), Bound::Excl(Decimal::ONE)] },
        )?;
        let crash_vol_shock = real(
            "protection.volShock",
            protection.vol_shock.unwrap_or(Num(Decimal::ZERO)),
            &const { [Bound::Incl(MIN_VOL_SHOCK), Bound::Incl(MAX_VOL_SHOCK)] },
        )?;
        let put_strike = match protection.strike {
            Some(k) => {
                input::price("protection.strike", k.get())?;
                num_f64(k)
            }
            None => market.spot,
        };
        let put_days = days("protection.days", protection.days, dec!(30), false)?;
        let put_quantity = protection
            .quantity
            .map(|q| input::amount_or_zero("protection.quantity", q.get()).map(|_| num_f64(q)))
            .transpose()?;

        let tail_input = self.tail.as_ref().unwrap_or(&NO_TAIL);
        // The checks of `tailRisk` itself, on the same fields.
        let confidence = tail_input.confidence.unwrap_or(Num(dec!(0.99)));
        let tail_check = tail::TailRiskInput {
            method: TailMethod::CornishFisher,
            confidence,
            mean: None,
            stdev: Some(Num(Decimal::ONE)),
            skew: tail_input.skew,
            excess_kurtosis: tail_input.excess_kurtosis,
            dof: None,
            returns: None,
        }
        .validate("tail")?;
        let (skew, excess_kurtosis) = match tail_check.model {
            tail::TailModel::CornishFisher { skew, excess_kurtosis, .. } => (skew, excess_kurtosis),
            _ => (0.0, 0.0),
        };
        let dof = real(
            "tail.dof",
            tail_input.dof.unwrap_or(Num(dec!(4))),
            &const { [Bound::Excl(Decimal::TWO), Bound::Incl(dec!(10_000))] },
        )?;
        let tail_days = days("tail.horizonDays", tail_input.horizon_days, Decimal::ONE, false)?;
        let returns = match &tail_input.returns {
            None => None,
            Some(list) => {
                if list.is_empty() || list.len() > MAX_PORTFOLIO_RETURNS {
                    return Err(CalcError::new(
                        "tail.returns",
                        format!("must hold 1 to {MAX_PORTFOLIO_RETURNS} returns, got {}", list.len()),
                    ));
                }
                let (lo, hi) = (Bound::Excl(Decimal::NEGATIVE_ONE), Bound::Incl(MAX_SPOT_SHOCK));
                let mut checked = Vec::with_capacity(list.len());
                for (i, r) in list.iter().enumerate() {
                    let r = r.get();
                    // The path is written only for the one that fails.
                    if r <= Decimal::NEGATIVE_ONE || r > MAX_SPOT_SHOCK {
                        within(&format!("tail.returns[{i}]"), r, &[lo, hi])?;
                    }
                    checked.push(r);
                }
                Some(checked)
            }
        };

        let value_now = holdings.iter().map(|h| h.value(market.spot, 0.0, 1.0)).sum();
        Ok(Book {
            market,
            holdings,
            value_now,
            scenarios: Scenarios {
                spot_shocks,
                vol_shocks,
                payoff_from,
                payoff_to,
                payoff_points: points,
                horizon_days,
                crash,
                crash_vol_shock,
                put_strike,
                put_days,
                put_quantity,
                alpha: tail_check.alpha,
                tail_days,
                dof,
                skew,
                excess_kurtosis,
                returns,
            },
        })
    }
}

// ---------------------------------------------------------------------------
// Valuation

/// Intrinsic value of an option at `spot` (its value at expiry).
fn intrinsic(kind: OptionKind, spot: f64, strike: f64) -> f64 {
    match kind {
        OptionKind::Call => (spot - strike).max(0.0),
        OptionKind::Put => (strike - spot).max(0.0),
    }
}

impl Holding {
    /// Value in USD at spot `s`, `elapsed` years from today, with every
    /// option's volatility multiplied by `vol_factor` (module docs).
    pub fn value(&self, s: f64, elapsed: f64, vol_factor: f64) -> f64 {
        match self {
            Holding::Spot { quantity } => quantity * s,
            Holding::Perp { sign, quantity, entry_price, wallet_balance, funding_per_year, liquidation_price } => {
                let liquidated = liquidation_price.is_some_and(|lp| if *sign > 0.0 { s <= lp } else { s >= lp });
                if liquidated {
                    0.0
                } else {
                    wallet_balance + sign * quantity * (s - entry_price) + funding_per_year * elapsed
                }
            }
            Holding::Option { terms, vol, quantity, ratio } => {
                let years = terms.years - elapsed;
                let price = if years <= 0.0 {
                    intrinsic(terms.kind, s, terms.strike)
                } else {
                    let now = OptionTerms { underlying: s * ratio, years, ..*terms };
                    options::greeks(&now, vol * vol_factor).price
                };
                quantity * price
            }
            Holding::Loop { equity_eth, yield_eth_per_year, .. } => s * (equity_eth + yield_eth_per_year * elapsed),
        }
    }

    /// Today's value and greeks at spot `s` (module docs for units).
    fn greeks(&self, m: &MarketState) -> BookGreeks {
        let value = self.value(m.spot, 0.0, 1.0);
        match self {
            Holding::Spot { quantity } => BookGreeks { value, delta: *quantity, ..BookGreeks::default() },
            Holding::Perp { sign, quantity, funding_per_year, .. } => BookGreeks {
                value,
                delta: sign * quantity,
                carry_per_day: funding_per_year / DAYS_PER_YEAR,
                ..BookGreeks::default()
            },
            Holding::Option { terms, vol, quantity, ratio } => {
                let g = options::greeks(terms, *vol);
                let vega = quantity * g.vega;
                let gamma = quantity * g.gamma * ratio * ratio;
                BookGreeks {
                    value,
                    delta: quantity * g.delta * ratio,
                    gamma,
                    gamma_per_percent: gamma * m.spot / 100.0,
                    vega,
                    vega_per_point: vega / 100.0,
                    theta_per_day: quantity * g.theta / DAYS_PER_YEAR,
                    carry_per_day: 0.0,
                    depeg_per_point: 0.0,
                }
            }
            Holding::Loop { equity_eth, yield_eth_per_year, depeg_eth, .. } => BookGreeks {
                value,
                delta: *equity_eth,
                carry_per_day: m.spot * yield_eth_per_year / DAYS_PER_YEAR,
                depeg_per_point: m.spot * depeg_eth / 100.0,
                ..BookGreeks::default()
            },
        }
    }

    fn kind(&self) -> PositionKind {
        match self {
            Holding::Spot { .. } => PositionKind::Spot,
            Holding::Perp { .. } => PositionKind::Perp,
            Holding::Option { .. } => PositionKind::Option,
            Holding::Loop { .. } => PositionKind::Loop,
        }
    }
}

impl Book {
    /// The whole book's value (summed in position order, so that a scenario
    /// equal to today gives exactly today's value).
    pub fn value(&self, s: f64, elapsed: f64, vol_factor: f64) -> f64 {
        self.holdings.iter().map(|h| h.value(s, elapsed, vol_factor)).sum()
    }

    /// P&L against today: `V(S', t, σ·f) − V(S, 0, σ)`.
    pub fn pnl(&self, s: f64, elapsed: f64, vol_factor: f64) -> f64 {
        self.value(s, elapsed, vol_factor) - self.value_now
    }
}

fn add(total: &mut BookGreeks, g: &BookGreeks) {
    total.value += g.value;
    total.delta += g.delta;
    total.gamma += g.gamma;
    total.gamma_per_percent += g.gamma_per_percent;
    total.vega += g.vega;
    total.vega_per_point += g.vega_per_point;
    total.theta_per_day += g.theta_per_day;
    total.carry_per_day += g.carry_per_day;
    total.depeg_per_point += g.depeg_per_point;
}

// ---------------------------------------------------------------------------
// Tail risk by full revaluation

/// One stratum of a return distribution: probability `weight`, represented
/// by the return at its middle probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stratum {
    pub ret: f64,
    pub weight: f64,
}

/// The normal strata: `[−8, 8]` cut into cells of width 0.04 in z, each with
/// its exact probability `N(b₊) − N(b₋)` and its middle probability's
/// quantile; the upper half mirrors the lower (so both tails keep full
/// relative precision). Returned as (z-quantile at the middle probability,
/// middle probability, weight), lower half only, from the far tail in.
fn normal_strata() -> &'static [(f64, f64, f64)] {
    static STRATA: OnceLock<Vec<(f64, f64, f64)>> = OnceLock::new();
    STRATA.get_or_init(compute_normal_strata)
}

fn compute_normal_strata() -> Vec<(f64, f64, f64)> {
    let width = STRATA_Z / STRATA_PER_SIDE as f64;
    let mut out = Vec::with_capacity(STRATA_PER_SIDE);
    let mut lo = norm_cdf(-STRATA_Z);
    for k in 1..=STRATA_PER_SIDE {
        let hi = norm_cdf(-STRATA_Z + k as f64 * width);
        let p = 0.5 * (lo + hi);
        out.push((norm_quantile(p), p, hi - lo));
        lo = hi;
    }
    out
}

/// The lower-tail t quantiles at the strata's probabilities for `nu`
/// degrees of freedom; the last grid is kept (a page recomputing with the
/// same `dof` pays for it once). The same numbers as computing them afresh.
fn t_strata(strata: &[(f64, f64, f64)], nu: f64) -> Vec<f64> {
    thread_local! {
        static LAST: RefCell<Option<(u64, Vec<f64>)>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((bits, t)) = last.as_ref() {
            if *bits == nu.to_bits() {
                return t.clone();
            }
        }
        let probabilities: Vec<f64> = strata.iter().map(|&(_, p, _)| p).collect();
        let t = student_t_quantiles_lower(&probabilities, nu);
        *last = Some((nu.to_bits(), t.clone()));
        t
    })
}

/// VaR and ES (positive losses) of a P&L distribution given as strata
/// `(pnl, weight)`, by sorting them (the quantile function of any function
/// of the return, monotone or not) and reading the α-quantile between the
/// strata's middle cumulative probabilities, interpolated linearly in the
/// coordinate `c(p)`, an increasing map of the probability: the return
/// distribution's own quantile function, in which the P&L of a smooth
/// monotone book is nearly straight (linear in p it bends in the tail and
/// costs 2e-4 of the VaR at 99 %). ES is `−(1/α)·∫₀^α Q(p) dp` with whole
/// strata by their value and the last one in part. Stratified sampling:
/// Glasserman, *Monte Carlo Methods in Financial Engineering* (2003), §4.3;
/// here the strata are deterministic.
pub fn stratified_tail(samples: &mut [(f64, f64)], alpha: f64, coordinate: impl Fn(f64) -> f64) -> TailRisk {
    samples.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut mids = Vec::with_capacity(samples.len());
    let mut cumulative = 0.0;
    for (_, w) in samples.iter() {
        mids.push(cumulative + 0.5 * w);
        cumulative += w;
    }
    let quantile = |p: f64| -> f64 {
        let i = mids.partition_point(|&m| m < p);
        if i == 0 {
            samples[0].0
        } else if i == mids.len() {
            samples[i - 1].0
        } else {
            let (c0, c1) = (coordinate(mids[i - 1]), coordinate(mids[i]));
            let (y0, y1) = (samples[i - 1].0, samples[i].0);
            if c1 > c0 {
                y0 + (y1 - y0) * (coordinate(p) - c0) / (c1 - c0)
            } else {
                y0
            }
        }
    };
    let mut sum = 0.0;
    let mut covered = 0.0;
    for &(y, w) in samples.iter() {
        if covered + w >= alpha {
            sum += (alpha - covered) * quantile(0.5 * (covered + alpha));
            break;
        }
        sum += w * y;
        covered += w;
    }
    TailRisk { var: -quantile(alpha), es: -sum / alpha }
}

/// VaR and ES of the book over the horizon by each method: the ETH log
/// return `X` over `h` days has standard deviation `σ_h = vol·√(h/365)`
/// and mean 0, and `S' = S·e^X`:
/// - normal: `X = σ_h·Z`;
/// - cornishFisher: `X = σ_h·g(Z)`, `g` the expansion of
///   [`tail::cornish_fisher_quantile`] (it must increase on [−8, 8]:
///   both tails of the book are revalued);
/// - studentT: `X = σ_h·√((ν−2)/ν)·T`, `T ~ t_ν` (unit variance as in `tailRisk`);
/// - historical: the given simple returns, `S' = S·(1 + r)`, each one
///   sample ([`tail::historical_tail`] on the revalued P&L).
///
/// The parametric ones are sampled at 400 strata of the normal (module
/// constants: width 0.04 in z), mapped through each method's quantile
/// function, revalued, and read by [`stratified_tail`] in the coordinates of
/// that quantile function: for a book whose P&L is monotone in the spot,
/// VaR within ~3e-5 and ES within ~1e-3 (relative) of the exact value. The loops' de-peg risk is not in these
/// numbers: only the ETH price moves.
pub fn book_tail(book: &Book) -> Result<PortfolioTail, CalcError> {
    let sc = &book.scenarios;
    let alpha = to_f64(sc.alpha);
    let elapsed = sc.tail_days / DAYS_PER_YEAR;
    let stdev = book.market.vol * elapsed.sqrt();
    let s = book.market.spot;
    let strata = normal_strata();
    // `log_return(k, upper)`: the log return of stratum k of the lower half,
    // or of its mirror image in the upper half.
    let revalue = |log_return: &dyn Fn(usize, bool) -> f64, coordinate: &dyn Fn(f64) -> f64| -> TailRisk {
        let mut samples = Vec::with_capacity(2 * strata.len());
        for (k, &(_, _, w)) in strata.iter().enumerate() {
            for upper in [false, true] {
                samples.push((book.pnl(s * libm::exp(log_return(k, upper)), elapsed, 1.0), w));
            }
        }
        stratified_tail(&mut samples, alpha, coordinate)
    };
    let side = |upper: bool| if upper { -1.0 } else { 1.0 };
    let estimate = |method, risk: TailRisk, of_return: TailRisk| TailEstimate {
        method,
        var: Some(risk.var),
        es: Some(risk.es),
        return_var: Some(of_return.var),
        return_es: Some(of_return.es),
        note: None,
    };
    let mut methods = Vec::with_capacity(4);
    methods.push(estimate(
        TailMethod::Normal,
        revalue(&|k, upper| stdev * side(upper) * strata[k].0, &norm_quantile),
        tail::normal_tail(alpha, 0.0, stdev),
    ));

    let (skew, kurt) = (sc.skew, sc.excess_kurtosis);
    let increasing = tail::cornish_fisher_increasing(-STRATA_Z, STRATA_Z, skew, kurt);
    match tail::cornish_fisher_tail(alpha, 0.0, stdev, skew, kurt) {
        Ok(of_return) if increasing => methods.push(estimate(
            TailMethod::CornishFisher,
            revalue(&|k, upper| stdev * tail::cornish_fisher_quantile(side(upper) * strata[k].0, skew, kurt), &|p| {
                tail::cornish_fisher_quantile(norm_quantile(p), skew, kurt)
            }),
            of_return,
        )),
        result => methods.push(TailEstimate {
            method: TailMethod::CornishFisher,
            var: None,
            es: None,
            return_var: None,
            return_es: None,
            note: Some(match result {
                Err(e) => e.message.clone(),
                Ok(_) => format!(
                    "with skew {} and excessKurtosis {} the Cornish-Fisher expansion is not increasing \
                     over both tails (z from -8 to 8), so it does not describe a distribution there; use a smaller \
                     |skew|, a larger excessKurtosis, or the studentT or historical method",
                    float::display(skew),
                    float::display(kurt)
                ),
            }),
        }),
    }

    let nu = sc.dof;
    let scale = stdev * ((nu - 2.0) / nu).sqrt();
    // Lower-tail t quantiles at the strata's probabilities; the upper half by symmetry.
    let t = t_strata(strata, nu);
    methods.push(estimate(
        TailMethod::StudentT,
        revalue(&|k, upper| scale * side(upper) * t[k], &|p| {
            if p <= 0.5 {
                student_t_quantile_lower(p, nu)
            } else {
                -student_t_quantile_lower(1.0 - p, nu)
            }
        }),
        tail::student_t_tail(alpha, 0.0, stdev, nu),
    ));
    if let Some(returns) = &sc.returns {
        methods.push(historical(book, returns, sc.alpha, elapsed)?);
    }
    for m in &methods {
        let all = [m.var, m.es, m.return_var, m.return_es];
        if all.iter().flatten().any(|v| !v.is_finite()) {
            return Err(CalcError::new("positions", "too large: VaR or ES exceeds the range of f64"));
        }
    }
    Ok(PortfolioTail { confidence: 1.0 - alpha, horizon_days: sc.tail_days, stdev, methods })
}

/// Historical simulation with full revaluation: the book's P&L at
/// `S·(1 + rᵢ)` for every observed return, then the empirical VaR and ES of
/// [`tail::historical_tail`] (in `f64` for the P&L, exact for the returns).
fn historical(book: &Book, returns: &[Decimal], alpha: Decimal, elapsed: f64) -> Result<TailEstimate, CalcError> {
    let s = book.market.spot;
    let mut pnl: Vec<f64> = returns.iter().map(|r| book.pnl(s * (1.0 + num_f64(Num(*r))), elapsed, 1.0)).collect();
    pnl.sort_unstable_by(f64::total_cmp);
    let mut sorted = returns.to_vec();
    sorted.sort_unstable();
    let overflow = |Overflow| CalcError::overflow("tail.returns");
    let risk = tail::historical_tail_f64(alpha, &pnl).map_err(overflow)?;
    let of_return = tail::historical_tail(alpha, &sorted).map_err(overflow)?;
    Ok(TailEstimate {
        method: TailMethod::Historical,
        var: Some(risk.var),
        es: Some(risk.es),
        return_var: Some(of_return.var),
        return_es: Some(of_return.es),
        note: None,
    })
}

// ---------------------------------------------------------------------------
// The entry point

/// Greeks, scenarios, hedge, protection and tail risk of a book:
/// `portfolioRisk` of the JS API.
pub fn portfolio_risk(input: &PortfolioInput) -> Result<PortfolioRisk, CalcError> {
    let book = input.validate()?;
    risk_of(&book)
}

/// Everything `portfolioRisk` reports, for a validated book.
pub fn risk_of(book: &Book) -> Result<PortfolioRisk, CalcError> {
    let m = &book.market;
    let sc = &book.scenarios;
    let s = m.spot;

    let mut total = BookGreeks::default();
    let positions: Vec<PositionRisk> = book
        .holdings
        .iter()
        .map(|h| {
            let greeks = h.greeks(m);
            add(&mut total, &greeks);
            let (liquidation_price, loop_risk) = match h {
                Holding::Perp { liquidation_price, .. } => (*liquidation_price, None),
                Holding::Loop { risk, .. } => (None, Some(*risk)),
                _ => (None, None),
            };
            PositionRisk {
                kind: h.kind(),
                greeks,
                liquidation_price,
                liquidation_move: liquidation_price.map(|lp| lp / s - 1.0),
                loop_risk,
            }
        })
        .collect();

    let grid = PnlGrid {
        spots: sc.spot_shocks.iter().map(|x| s * (1.0 + x)).collect(),
        pnl: sc
            .vol_shocks
            .iter()
            .map(|v| sc.spot_shocks.iter().map(|x| book.pnl(s * (1.0 + x), 0.0, 1.0 + v)).collect())
            .collect(),
        spot_shocks: sc.spot_shocks.clone(),
        vol_shocks: sc.vol_shocks.clone(),
    };

    let step = (sc.payoff_to - sc.payoff_from) / (sc.payoff_points - 1) as f64;
    let spots: Vec<f64> = (0..sc.payoff_points)
        .map(|i| if i + 1 == sc.payoff_points { sc.payoff_to } else { sc.payoff_from + step * i as f64 })
        .map(|x| s * (1.0 + x))
        .collect();
    let curve = |elapsed: f64| -> Vec<f64> { spots.iter().map(|&x| book.pnl(x, elapsed, 1.0)).collect() };
    let last_expiry = book
        .holdings
        .iter()
        .filter_map(|h| match h {
            Holding::Option { terms, .. } => Some(terms.years),
            _ => None,
        })
        .reduce(f64::max);
    let payoff = Payoff {
        now: curve(0.0),
        horizon: curve(sc.horizon_days / DAYS_PER_YEAR),
        horizon_days: sc.horizon_days,
        expiry: last_expiry.map(curve),
        expiry_days: last_expiry.map(|y| y * DAYS_PER_YEAR),
        spots,
    };

    let hedge = (total.delta != 0.0).then(|| Hedge {
        side: if total.delta > 0.0 { PerpSide::Short } else { PerpSide::Long },
        quantity: total.delta.abs(),
        notional: total.delta.abs() * s,
    });

    let protection = protect(book, total.delta)?;
    let tail = book_tail(book)?;

    let out = PortfolioRisk { spot: s, total, positions, grid, payoff, hedge, protection, tail };
    if finite(&out) {
        Ok(out)
    } else {
        Err(CalcError::new("positions", "too large: a result exceeds the range of f64; use smaller quantities"))
    }
}

/// Puts struck at `K` expiring in `days`, bought against a crash of `c`:
/// premium and post-crash value by [`options::greeks`] (BSM at the market
/// volatility, then at `S·(1 − c)` and `σ·(1 + volShock)` with the same
/// expiry: the crash is immediate), the book's loss by full revaluation.
/// Default quantity: the book's delta when positive (one put per ETH of
/// exposure), else none.
fn protect(book: &Book, delta: f64) -> Result<Protection, CalcError> {
    let m = &book.market;
    let sc = &book.scenarios;
    let terms = OptionTerms {
        model: OptionModel::Bsm,
        kind: OptionKind::Put,
        underlying: m.spot,
        strike: sc.put_strike,
        years: sc.put_days / DAYS_PER_YEAR,
        rate: m.rate,
        carry: m.carry,
        inverse: false,
    }
    .checked(&|f: &str| join("protection", f))?;
    let quantity = sc.put_quantity.unwrap_or(delta.max(0.0));
    let premium = options::greeks(&terms, m.vol).price;
    let crashed = m.spot * (1.0 - sc.crash);
    let vol_factor = 1.0 + sc.crash_vol_shock;
    let after = options::greeks(&OptionTerms { underlying: crashed, ..terms }, m.vol * vol_factor).price;
    let loss_without = -book.pnl(crashed, 0.0, vol_factor);
    let (cost, payout) = (quantity * premium, quantity * after);
    Ok(Protection {
        crash: sc.crash,
        strike: sc.put_strike,
        days: sc.put_days,
        quantity,
        premium,
        cost,
        payout,
        loss_without,
        loss_with: loss_without + cost - payout,
    })
}

/// Whether every number of the output is finite.
fn finite(r: &PortfolioRisk) -> bool {
    let greeks_ok = |g: &BookGreeks| {
        [
            g.value,
            g.delta,
            g.gamma,
            g.gamma_per_percent,
            g.vega,
            g.vega_per_point,
            g.theta_per_day,
            g.carry_per_day,
            g.depeg_per_point,
        ]
        .iter()
        .all(|v| v.is_finite())
    };
    let p = &r.protection;
    greeks_ok(&r.total)
        && r.positions.iter().all(|x| greeks_ok(&x.greeks) && x.liquidation_move.is_none_or(f64::is_finite))
        && r.grid.pnl.iter().flatten().all(|v| v.is_finite())
        && [&r.payoff.now, &r.payoff.horizon].iter().all(|c| c.iter().all(|v| v.is_finite()))
        && r.payoff.expiry.iter().flatten().all(|v| v.is_finite())
        && [p.premium, p.cost, p.payout, p.loss_without, p.loss_with].iter().all(|v| v.is_finite())
}
