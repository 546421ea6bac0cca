//! De-pegs: what a fall of the LRT's market price or exchange rate does to a
//! leveraged loop (`depegSweep`), how liquidations feed on themselves through
//! an AMM (`cascade`), and whether to sell now or wait in the withdrawal
//! queue (`exitPlan`).
//!
//! Units as in [`crate::leverage`]: debt-asset units, collateral tokens
//! (`…Units`), prices in debt-asset units per collateral token, fractions.
//! Liquidations are [`crate::liquidation::liquidate_position`]; swaps are
//! [`crate::amm`].
//!
//! `depegSweep` and `exitPlan` take a `loopPosition` input with their own
//! fields beside it. The `loopPosition` fields are repeated rather than
//! `#[serde(flatten)]`ed: flatten buffers the input and loses the path of a
//! nested error (`market.liquidationThreshold` would be reported as `input`).

use crate::amm::{Pool, PoolInput, SwapError};
use crate::error::CalcError;
use crate::input::{self, within, At, Bound};
use crate::lending::{self, MarketInput, OracleKind};
use crate::leverage::{self, CollateralInput, CostsInput, Holdings, LoopInput, LoopParams};
use crate::liquidation::{self, LiquidationMarketInput, LiquidationOf, LiquidationTerms, Position};
use crate::num::{self, add, div, mul, mul_div, sub, to_f64, Decimal, Exact, Num, Overflow, Real};
use crate::read::FromTree;
use crate::tree::Value;
use rust_decimal::{dec, RoundingStrategy};
use serde::Serialize;
use tsify::Tsify;

/// Most points in one sweep.
pub const MAX_SWEEP_STEPS: u32 = 10_000;
/// Largest sweep ratio (ten times the current price).
pub const MAX_SWEEP_RATIO: Decimal = Decimal::TEN;
/// Most positions in one cascade (a list, or a distribution's `count`).
pub const MAX_POSITIONS: u32 = 10_000;
/// Most rounds of one cascade.
pub const MAX_ROUNDS: u32 = 100;
/// Rounds when `maxRounds` is left out.
pub const DEFAULT_ROUNDS: u32 = 50;
/// Largest leverage of a cascade's leverage distribution.
pub const MAX_DISTRIBUTION_LEVERAGE: Decimal = dec!(100);
/// Decimals of a token amount on chain: a cascade keeps balances in whole wei.
pub const WEI_DECIMALS: u32 = 18;
/// Longest withdrawal queue accepted, in days.
pub const MAX_WITHDRAWAL_DAYS: Decimal = dec!(365);

// ---------------------------------------------------------------- depegSweep

/// The price a sweep moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum SweepVariable {
    /// The DEX price: a de-peg.
    MarketPrice,
    /// The token's own exchange rate: slashing or a loss in the LRT.
    ExchangeRate,
}
crate::read_enum!(SweepVariable { MarketPrice: "marketPrice", ExchangeRate: "exchangeRate" });

/// The sweep: `steps` evenly spaced ratios of the current value of
/// `variable`, from `from` to `to`, both ends included.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SweepInput {
    pub variable: SweepVariable,
    /// First ratio, in (0, 10] (1 = today's price).
    pub from: Num,
    /// Last ratio, in (0, 10].
    pub to: Num,
    /// Number of points, 2 to 10,000.
    pub steps: Num,
}
crate::read_struct!(SweepInput { variable: "variable", from: "from", to: "to", steps: "steps" });

/// Input of `depegSweep`: the fields of `loopPosition` plus `sweep`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DepegSweepInput {
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
    pub sweep: SweepInput,
    /// Aave's liquidation protocol fee for the liquidation outcomes (default 0.10).
    #[serde(default)]
    #[tsify(optional)]
    pub protocol_fee: Option<Num>,
    /// USD per debt token for Aave's $2,000 / $1,000 thresholds (default: above them).
    #[serde(default)]
    #[tsify(optional)]
    pub debt_price_usd: Option<Num>,
}
crate::read_struct!(DepegSweepInput {
    equity: "equity",
    collateral: "collateral",
    market: "market",
    loops: "loops",
    target_leverage: "targetLeverage",
    costs: "costs",
    sweep: "sweep",
    protocol_fee: "protocolFee",
    debt_price_usd: "debtPriceUsd",
});

/// One point of a sweep. Values in debt-asset units, computed in `f64` (see
/// [`depeg_sweep`]).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct SweepPoint {
    /// The moved price over its current value.
    pub ratio: f64,
    pub market_price: f64,
    pub exchange_rate: f64,
    /// The price the market's oracle reports (`exchangeRate` or `marketPrice`).
    pub oracle_price: f64,
    /// `collateralUnits × oraclePrice × LT / debt`; null without debt.
    pub health_factor: Option<f64>,
    /// `collateralUnits × oraclePrice − debt`.
    pub equity: f64,
    /// `collateralUnits × marketPrice − debt`: what selling on a DEX would leave.
    pub equity_at_market: f64,
    /// `HF < 1`.
    pub liquidatable: bool,
    /// The largest liquidation allowed here (`liquidate` with no
    /// `debtToCover`); null when not liquidatable.
    pub liquidation: Option<LiquidationOf<f64>>,
}

/// Output of `depegSweep`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct DepegSweep {
    pub points: Vec<SweepPoint>,
    /// The ratio at which HF = 1, when it lies within the swept range: the
    /// liquidation price over the current oracle price, exactly. Null when the
    /// moved price is not the oracle's (HF does not move), without debt, or
    /// when HF stays on one side of 1 over the whole range (see `liquidatable`).
    pub liquidation_ratio: Option<Decimal>,
}

/// A validated sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sweep {
    pub variable: SweepVariable,
    pub from: Decimal,
    pub to: Decimal,
    pub steps: u32,
}

impl SweepInput {
    /// Validates the sweep; `prefix` is its path (`sweep`).
    pub fn validate(&self, prefix: &str) -> Result<Sweep, CalcError> {
        let path = |field| At(prefix, field);
        let ratio = |field: &'static str, v: Num| {
            within(&path(field), v.get(), &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_SWEEP_RATIO)] })
        };
        Ok(Sweep {
            variable: self.variable,
            from: ratio("from", self.from)?,
            to: ratio("to", self.to)?,
            steps: input::integer(&path("steps"), self.steps.get(), 2, MAX_SWEEP_STEPS)?,
        })
    }
}

impl DepegSweepInput {
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
}

/// HF, equity and the liquidation outcome along a de-peg: `depegSweep` of the JS API.
///
/// The position is built once, in exact decimals, at today's prices
/// ([`leverage::open_position`]); then only the swept price moves, the other
/// staying where it is. The points are computed in `f64` with the same
/// generic formulas as `liquidate` ([`liquidation::Real`]): in `Decimal` a
/// liquidation costs ~1–2 µs, so 10,000 points took ~12 ms natively, far
/// over the budget; `f64` (relative error ~1e-16, what JS shows anyway) takes
/// well under a millisecond. `liquidationRatio` is exact.
pub fn depeg_sweep(input: &DepegSweepInput) -> Result<DepegSweep, CalcError> {
    let sweep = open_sweep(input)?;
    let mut points = Vec::with_capacity(sweep.len());
    sweep.for_each(|point, outcome| {
        points.push(SweepPoint { liquidation: outcome.liquidatable.then_some(outcome), ..point });
    })?;
    Ok(DepegSweep { points, liquidation_ratio: sweep.liquidation_ratio })
}

/// The points of `depegSweep` as columns, one `Vec` per field:
/// `depegSweepColumns` of the JS API, where each `Vec<f64>` becomes a
/// `Float64Array` and each `Vec<u8>` a `Uint8Array` of 0 and 1. For charts
/// and large sweeps: a few typed arrays cross the JS boundary instead of
/// thousands of objects. The same points as [`depeg_sweep`] (one core,
/// [`OpenSweep::for_each`]), with no NaN and no null inside a column.
/// Serialized (for [`crate::api`]) with the field names of the JS object.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SweepColumns {
    pub ratio: Vec<f64>,
    pub market_price: Vec<f64>,
    pub exchange_rate: Vec<f64>,
    pub oracle_price: Vec<f64>,
    /// `None` when the position has no debt: then no point has a health
    /// factor (the debt does not move along a sweep).
    pub health_factor: Option<Vec<f64>>,
    pub equity: Vec<f64>,
    pub equity_at_market: Vec<f64>,
    /// 1 where `HF < 1`.
    pub liquidatable: Vec<u8>,
    /// The liquidation at each point. Where `liquidatable` is 0 (`depegSweep`
    /// has `liquidation: null`) they hold what `liquidate` returns for a
    /// position it may not liquidate: nothing repaid or seized, the position
    /// unchanged (`collateralLeft`, `debtLeft`, `healthFactorAfter` as before).
    pub max_debt_to_cover: Vec<f64>,
    pub debt_repaid: Vec<f64>,
    pub collateral_seized: Vec<f64>,
    pub bonus_units: Vec<f64>,
    pub protocol_fee_units: Vec<f64>,
    pub liquidator_receives: Vec<f64>,
    pub collateral_left: Vec<f64>,
    pub debt_left: Vec<f64>,
    pub bad_debt: Vec<f64>,
    /// HF after the liquidation where `has_health_factor_after` is 1; 0 where
    /// it is 0 (no debt is left: the value does not exist).
    pub health_factor_after: Vec<f64>,
    pub has_health_factor_after: Vec<u8>,
    /// As in [`DepegSweep`].
    pub liquidation_ratio: Option<Decimal>,
}

/// `depegSweep` as columns: see [`SweepColumns`].
pub fn depeg_sweep_columns(input: &DepegSweepInput) -> Result<SweepColumns, CalcError> {
    let sweep = open_sweep(input)?;
    let n = sweep.len();
    let column = || Vec::with_capacity(n);
    let mut c = SweepColumns {
        ratio: column(),
        market_price: column(),
        exchange_rate: column(),
        oracle_price: column(),
        health_factor: Some(column()),
        equity: column(),
        equity_at_market: column(),
        liquidatable: Vec::with_capacity(n),
        max_debt_to_cover: column(),
        debt_repaid: column(),
        collateral_seized: column(),
        bonus_units: column(),
        protocol_fee_units: column(),
        liquidator_receives: column(),
        collateral_left: column(),
        debt_left: column(),
        bad_debt: column(),
        health_factor_after: column(),
        has_health_factor_after: Vec::with_capacity(n),
        liquidation_ratio: sweep.liquidation_ratio,
    };
    sweep.for_each(|p, l| {
        c.ratio.push(p.ratio);
        c.market_price.push(p.market_price);
        c.exchange_rate.push(p.exchange_rate);
        c.oracle_price.push(p.oracle_price);
        match (&mut c.health_factor, p.health_factor) {
            (Some(column), Some(hf)) => column.push(hf),
            _ => c.health_factor = None,
        }
        c.equity.push(p.equity);
        c.equity_at_market.push(p.equity_at_market);
        c.liquidatable.push(u8::from(p.liquidatable));
        c.max_debt_to_cover.push(l.max_debt_to_cover);
        c.debt_repaid.push(l.debt_repaid);
        c.collateral_seized.push(l.collateral_seized);
        c.bonus_units.push(l.bonus_units);
        c.protocol_fee_units.push(l.protocol_fee_units);
        c.liquidator_receives.push(l.liquidator_receives);
        c.collateral_left.push(l.collateral_left);
        c.debt_left.push(l.debt_left);
        c.bad_debt.push(l.bad_debt);
        c.health_factor_after.push(l.health_factor_after.unwrap_or(0.0));
        c.has_health_factor_after.push(u8::from(l.health_factor_after.is_some()));
    })?;
    Ok(c)
}

/// A validated sweep with its position opened: everything both output shapes
/// of `depegSweep` are built from.
pub struct OpenSweep {
    state: SweepState,
    sweep: Sweep,
    /// See [`DepegSweep::liquidation_ratio`].
    pub liquidation_ratio: Option<Decimal>,
}

/// Validates a `depegSweep` input and opens its position at today's prices.
pub fn open_sweep(input: &DepegSweepInput) -> Result<OpenSweep, CalcError> {
    let params = input.loop_input().validate("")?;
    let sweep = input.sweep.validate("sweep")?;
    let m = &params.market;
    let terms = LiquidationTerms::new(
        "",
        m.protocol,
        m.liquidation_threshold,
        m.liquidation_bonus,
        input.protocol_fee,
        input.debt_price_usd,
    )?;
    let holdings = leverage::open_position(&params)?;
    let liquidation_ratio =
        liquidation_ratio(&params, holdings, &sweep).map_err(|Overflow| CalcError::overflow("equity"))?;
    let state = SweepState {
        collateral: SweptCollateral {
            market_price: to_f64(params.collateral.market_price),
            exchange_rate: to_f64(params.collateral.exchange_rate),
        },
        oracle: m.oracle,
        terms: terms.to::<f64>(),
        position: Position { collateral_units: to_f64(holdings.collateral_units), debt: to_f64(holdings.debt) },
    };
    Ok(OpenSweep { state, sweep, liquidation_ratio })
}

impl OpenSweep {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.sweep.steps as usize
    }

    /// Never: a sweep has at least two points.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Computes the points in order and hands each to `visit` with the
    /// liquidation there (`liquidate` with no `debtToCover`, which leaves the
    /// position untouched when it is not liquidatable); the point's own
    /// `liquidation` is left `None`.
    pub fn for_each(&self, mut visit: impl FnMut(SweepPoint, LiquidationOf<f64>)) -> Result<(), CalcError> {
        for ratio in sweep_ratios(&self.sweep) {
            let (point, outcome) = sweep_point(&self.state, self.sweep.variable, ratio)
                .map_err(|Overflow| CalcError::overflow("equity"))?;
            visit(point, outcome);
        }
        Ok(())
    }
}

/// The two prices of the collateral during a sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweptCollateral {
    pub market_price: f64,
    pub exchange_rate: f64,
}

/// What stays fixed along a sweep.
struct SweepState {
    collateral: SweptCollateral,
    oracle: OracleKind,
    terms: LiquidationTerms<f64>,
    position: Position<f64>,
}

/// `steps` evenly spaced ratios, `from + (to − from)·i / (steps − 1)`, the
/// last one exactly `to`.
pub fn sweep_ratios(sweep: &Sweep) -> Vec<f64> {
    let (from, to) = (to_f64(sweep.from), to_f64(sweep.to));
    let last = sweep.steps - 1;
    let mut ratios: Vec<f64> = (0..last).map(|i| from + (to - from) * f64::from(i) / f64::from(last)).collect();
    ratios.push(to);
    ratios
}

/// The collateral with `variable` moved to `ratio` times its current value
/// (the other price stays where it is).
pub fn moved_collateral(c: SweptCollateral, variable: SweepVariable, ratio: f64) -> SweptCollateral {
    match variable {
        SweepVariable::MarketPrice => SweptCollateral { market_price: c.market_price * ratio, ..c },
        SweepVariable::ExchangeRate => SweptCollateral { exchange_rate: c.exchange_rate * ratio, ..c },
    }
}

/// One point, and the liquidation there. HF and `liquidatable` are the
/// liquidation's own (`healthFactorBefore`), so they cannot disagree.
fn sweep_point(at: &SweepState, variable: SweepVariable, ratio: f64) -> Exact<(SweepPoint, LiquidationOf<f64>)> {
    let c = moved_collateral(at.collateral, variable, ratio);
    let oracle_price = match at.oracle {
        OracleKind::ExchangeRate => c.exchange_rate,
        OracleKind::Market => c.market_price,
    };
    let Position { collateral_units: units, debt } = at.position;
    // The default repayment never hits a field error, only overflow.
    let outcome = liquidation::liquidate_position(&at.terms, at.position, oracle_price, None).map_err(|_| Overflow)?;
    let point = SweepPoint {
        ratio,
        market_price: c.market_price,
        exchange_rate: c.exchange_rate,
        oracle_price,
        health_factor: outcome.health_factor_before,
        equity: units.times(oracle_price)?.minus(debt)?,
        equity_at_market: units.times(c.market_price)?.minus(debt)?,
        liquidatable: outcome.liquidatable,
        liquidation: None,
    };
    Ok((point, outcome))
}

/// The ratio `r*` at which HF = 1 when the sweep moves the oracle's own
/// price: HF is linear in it, `HF(r) = HF₀·r`, so `r* = 1 / HF₀ =
/// liquidationPrice / oraclePrice` ([`lending::liquidation_price`]). `None`
/// when the sweep moves the other price (HF does not change), without debt, or
/// when `r*` lies outside `[min(from, to), max(from, to)]`.
pub fn liquidation_ratio(p: &LoopParams, h: Holdings, sweep: &Sweep) -> Exact<Option<Decimal>> {
    let moves_oracle = matches!(
        (sweep.variable, p.market.oracle),
        (SweepVariable::MarketPrice, OracleKind::Market) | (SweepVariable::ExchangeRate, OracleKind::ExchangeRate)
    );
    if !moves_oracle {
        return Ok(None);
    }
    let Some(price) = lending::liquidation_price(h.debt, h.collateral_units, p.market.liquidation_threshold)? else {
        return Ok(None);
    };
    let ratio = div(price, p.collateral.oracle_price(p.market.oracle))?;
    let (lo, hi) = (sweep.from.min(sweep.to), sweep.from.max(sweep.to));
    Ok((lo..=hi).contains(&ratio).then_some(ratio))
}

// ------------------------------------------------------------------- cascade

/// One borrower's position in a cascade.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PositionInput {
    /// Collateral tokens (> 0).
    pub collateral_units: Num,
    /// Debt in debt-asset units (>= 0).
    pub debt: Num,
}
crate::read_struct!(PositionInput { collateral_units: "collateralUnits", debt: "debt" });

/// `count` identical positions of `equity` each at `leverage`, opened at the
/// pool's price before the shock: `collateralUnits = leverage × equity / price`,
/// `debt = (leverage − 1) × equity`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LeverageDistributionInput {
    /// Collateral value / equity, in [1, 100].
    pub leverage: Num,
    /// Equity of each position, debt-asset units (> 0).
    pub equity: Num,
    /// Number of positions, 1 to 10,000.
    pub count: Num,
}
crate::read_struct!(LeverageDistributionInput { leverage: "leverage", equity: "equity", count: "count" });

/// The borrowers of a cascade: a list of positions, or a leverage distribution.
#[derive(Clone, Debug, Tsify)]
#[serde(untagged)]
pub enum PositionsInput {
    List(Vec<PositionInput>),
    Distribution(LeverageDistributionInput),
}

/// An array is a list of positions, an object a distribution. (Its paths
/// are those of both shapes: `positions[].debt` and `positions.leverage`.)
impl crate::read::FromTree for PositionsInput {
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        match node {
            Value::Array(_) => FromTree::from_tree(node).map(PositionsInput::List),
            Value::Object(_) => FromTree::from_tree(node).map(PositionsInput::Distribution),
            _ => {
                Err(crate::read::wrong_type(node, "a list of { collateralUnits, debt } or { leverage, equity, count }"))
            }
        }
    }

    fn unread() -> Self {
        PositionsInput::List(Vec::new())
    }

    fn paths(prefix: &str, out: &mut std::collections::BTreeSet<String>) {
        <Vec<PositionInput>>::paths(prefix, out);
        LeverageDistributionInput::paths(prefix, out);
    }
}

/// The initial shock.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ShockInput {
    /// Collateral tokens dumped into the pool before the first round (>= 0).
    pub sell_collateral: Num,
}
crate::read_struct!(ShockInput { sell_collateral: "sellCollateral" });

/// Input of `cascade`. The pool trades collateral (`reserveIn`) for the debt
/// asset (`reserveOut`); its spot price is the market's oracle.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CascadeInput {
    pub market: LiquidationMarketInput,
    pub pool: PoolInput,
    pub positions: PositionsInput,
    pub shock: ShockInput,
    /// Rounds at most, 1 to 100 (default 50).
    #[serde(default)]
    #[tsify(optional)]
    pub max_rounds: Option<Num>,
}
crate::read_struct!(CascadeInput {
    market: "market",
    pool: "pool",
    positions: "positions",
    shock: "shock",
    max_rounds: "maxRounds",
});

/// One round of a cascade.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct CascadeRound {
    /// 1 for the first round after the shock.
    pub round: u32,
    /// The oracle price of the round: the pool's spot price before the
    /// liquidators sell (debt-asset units per collateral token).
    pub price: Decimal,
    /// Positions liquidated in this round.
    pub liquidations: u32,
    /// Collateral the liquidators sold into the pool (seized less protocol fees).
    pub collateral_sold: Decimal,
    pub debt_repaid: Decimal,
    pub bad_debt: Decimal,
}

/// Sums over all rounds.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct CascadeTotals {
    pub liquidations: u32,
    pub collateral_sold: Decimal,
    pub debt_repaid: Decimal,
    pub bad_debt: Decimal,
    /// Collateral kept by the protocol's treasury (Aave), not sold.
    pub protocol_fee_units: Decimal,
    /// `1 − finalPrice / initialPrice`.
    pub price_drop: Decimal,
    /// Collateral still held by the positions after the last round.
    pub collateral_left: Decimal,
    /// Debt still owed by the positions after the last round.
    pub debt_left: Decimal,
}

/// A pool's balances.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PoolReserves {
    /// Collateral tokens.
    pub reserve_in: Decimal,
    /// Debt-asset tokens.
    pub reserve_out: Decimal,
}

/// Output of `cascade`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Cascade {
    /// The rounds in which something was liquidated.
    pub rounds: Vec<CascadeRound>,
    /// The pool's spot price before the shock.
    pub initial_price: Decimal,
    /// The pool's spot price after the last round.
    pub final_price: Decimal,
    pub totals: CascadeTotals,
    /// The pool after the last round. With the totals it shows that nothing
    /// is lost: positions' collateral + `reserveIn` + protocol fees = the
    /// collateral before + the shock; debt left + repaid + bad debt = the debt before.
    pub pool_after: PoolReserves,
    /// True when the cascade stopped because nothing was left to liquidate;
    /// false when `maxRounds` cut it short.
    pub converged: bool,
}

/// Identical positions, liquidated alike.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cohort {
    pub position: Position,
    pub count: u32,
}

/// A validated cascade.
#[derive(Clone, Debug, PartialEq)]
pub struct CascadeParams {
    pub terms: LiquidationTerms,
    pub pool: Pool,
    pub cohorts: Vec<Cohort>,
    pub shock: Decimal,
    pub max_rounds: u32,
}

impl PositionInput {
    /// The position in whole wei.
    pub fn validate(&self, prefix: &str) -> Result<Position, CalcError> {
        let units_path = At(prefix, "collateralUnits");
        let units = input::amount(&units_path, self.collateral_units.get())?;
        let debt = input::amount_or_zero(&At(prefix, "debt"), self.debt.get())?;
        wei_position(units, debt).ok_or_else(|| CalcError::new(units_path, "must be at least one wei (1e-18)"))
    }
}

/// A position rounded down to whole wei; `None` if less than one wei of
/// collateral is left.
fn wei_position(collateral_units: Decimal, debt: Decimal) -> Option<Position> {
    let position = Position { collateral_units: whole_wei(collateral_units), debt: whole_wei(debt) };
    (!position.collateral_units.is_zero()).then_some(position)
}

impl LeverageDistributionInput {
    /// The identical positions, opened at `price`.
    pub fn validate(&self, prefix: &str, price: Decimal) -> Result<Cohort, CalcError> {
        let path = |field| At(prefix, field);
        let leverage = within(
            &path("leverage"),
            self.leverage.get(),
            &const { [Bound::Incl(Decimal::ONE), Bound::Incl(MAX_DISTRIBUTION_LEVERAGE)] },
        )?;
        let equity = input::amount(&path("equity"), self.equity.get())?;
        let count = input::integer(&path("count"), self.count.get(), 1, MAX_POSITIONS)?;
        let amounts = || -> Exact<(Decimal, Decimal)> {
            Ok((mul_div(leverage, equity, price)?, mul(sub(leverage, Decimal::ONE)?, equity)?))
        };
        let (units, debt) = amounts().map_err(|Overflow| CalcError::overflow(path("equity")))?;
        // The distribution has no collateralUnits field: name the equity,
        // which sets the units (found by the fuzz target structured).
        let position = wei_position(units, debt).ok_or_else(|| {
            CalcError::new(
                path("equity"),
                format!(
                    "gives each position {} collateral units (leverage × equity / pool price {}), less than one wei \
                     (1e-18): use a larger equity",
                    units.normalize(),
                    price.normalize()
                ),
            )
        })?;
        Ok(Cohort { position, count })
    }
}

impl CascadeInput {
    /// Validates every field; a distribution is opened at the pool's price.
    pub fn validate(&self) -> Result<CascadeParams, CalcError> {
        let terms = self.market.validate("market")?;
        let pool = self.pool.validate("pool")?;
        let price = pool.spot_price().map_err(|e| e.at("pool", "pool.reserveIn"))?;
        let cohorts = match &self.positions {
            PositionsInput::Distribution(d) => vec![d.validate("positions", price)?],
            PositionsInput::List(list) => cohorts_of(list)?,
        };
        Ok(CascadeParams {
            terms,
            pool,
            cohorts,
            shock: whole_wei(input::amount_or_zero("shock.sellCollateral", self.shock.sell_collateral.get())?),
            max_rounds: match self.max_rounds {
                Some(n) => input::integer("maxRounds", n.get(), 1, MAX_ROUNDS)?,
                None => DEFAULT_ROUNDS,
            },
        })
    }
}

/// Validates a list of positions and groups identical ones.
fn cohorts_of(list: &[PositionInput]) -> Result<Vec<Cohort>, CalcError> {
    if list.is_empty() || list.len() > MAX_POSITIONS as usize {
        return Err(CalcError::new(
            "positions",
            format!("must hold 1 to {MAX_POSITIONS} positions, got {}", list.len()),
        ));
    }
    let mut positions = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        positions.push(p.validate(&format!("positions[{i}]"))?);
    }
    // In order, identical positions next to each other: one cohort each.
    positions.sort_unstable();
    let mut cohorts: Vec<Cohort> = Vec::new();
    for position in positions {
        match cohorts.last_mut() {
            Some(last) if last.position == position => last.count += 1,
            _ => cohorts.push(Cohort { position, count: 1 }),
        }
    }
    Ok(cohorts)
}

/// The de-peg spiral: `cascade` of the JS API.
pub fn cascade(input: &CascadeInput) -> Result<Cascade, CalcError> {
    run_cascade(&input.validate()?)
}

/// Sells the shock into the pool, then repeats rounds: the pool's spot price
/// is the oracle, every position with HF < 1 is liquidated as far as the
/// protocol allows ([`liquidation::liquidate_position`]), and the liquidators
/// sell what they receive into the pool in one trade; until nothing is
/// liquidatable or `max_rounds` have run. The protocol's fee share is kept,
/// not sold.
///
/// Balances are whole wei, as on chain: positions and the shock are rounded
/// down to 18 decimals, and so is each liquidation's repayment, seizure and
/// fee. Every sum is then exact, so collateral and debt are conserved to the
/// wei (for totals below ~7.9e10 tokens, where 28-digit decimals still hold
/// 18 decimals; beyond, sums round at the 28th digit).
pub fn run_cascade(params: &CascadeParams) -> Result<Cascade, CalcError> {
    let overflow = |Overflow| CalcError::overflow("positions");
    let mut pool = params.pool;
    let initial_price = pool.spot_price().map_err(|e| e.at("pool", "pool.reserveIn"))?;
    if params.shock > Decimal::ZERO {
        pool = pool.swap(params.shock).map_err(|e| e.at("pool", "shock.sellCollateral"))?.1;
    }
    let mut cohorts = params.cohorts.clone();
    let mut rounds = Vec::new();
    let mut fees = Decimal::ZERO;
    let mut converged = false;
    for round in 1..=params.max_rounds {
        let price = pool.spot_price().map_err(|e| e.at("pool", "positions"))?;
        let Some(outcome) = liquidate_all(&params.terms, &mut cohorts, price)? else {
            converged = true;
            break;
        };
        if outcome.sold > Decimal::ZERO {
            pool = pool.swap(outcome.sold).map_err(|e| round_error(e, round))?.1;
        }
        fees = add(fees, outcome.fees).map_err(overflow)?;
        rounds.push(CascadeRound {
            round,
            price,
            liquidations: outcome.liquidations,
            collateral_sold: outcome.sold,
            debt_repaid: outcome.repaid,
            bad_debt: outcome.bad_debt,
        });
    }
    let final_price = pool.spot_price().map_err(|e| e.at("pool", "positions"))?;
    if !converged {
        converged = !any_liquidatable(&params.terms, &cohorts, final_price).map_err(overflow)?;
    }
    let totals = cascade_totals(&rounds, &cohorts, fees, initial_price, final_price).map_err(overflow)?;
    let pool_after = PoolReserves { reserve_in: pool.reserve_in, reserve_out: pool.reserve_out };
    Ok(Cascade { rounds, initial_price, final_price, totals, pool_after, converged })
}

/// A swap error in a round: the liquidators' sale is what breaks the pool.
fn round_error(e: SwapError, round: u32) -> CalcError {
    match e {
        SwapError::Drained => CalcError::new(
            "pool.reserveOut",
            format!("is too shallow: the liquidators' sale in round {round} would take all of it"),
        ),
        other => other.at("pool", "positions"),
    }
}

/// What one round's liquidations add up to.
struct RoundOutcome {
    liquidations: u32,
    sold: Decimal,
    repaid: Decimal,
    bad_debt: Decimal,
    fees: Decimal,
}

/// Liquidates every cohort with HF < 1 at `price`, updating the positions;
/// `None` when none is liquidatable.
fn liquidate_all(
    terms: &LiquidationTerms,
    cohorts: &mut [Cohort],
    price: Decimal,
) -> Result<Option<RoundOutcome>, CalcError> {
    let overflow = |Overflow| CalcError::overflow("positions");
    let mut out = RoundOutcome {
        liquidations: 0,
        sold: Decimal::ZERO,
        repaid: Decimal::ZERO,
        bad_debt: Decimal::ZERO,
        fees: Decimal::ZERO,
    };
    for (i, cohort) in cohorts.iter_mut().enumerate() {
        let l = liquidation::liquidate_position(terms, cohort.position, price, None)
            .map_err(|e| e.under(&format!("positions[{i}]")))?;
        if !l.liquidatable {
            continue;
        }
        let moved = || -> Exact<(Position, [Decimal; 4])> {
            let p = cohort.position;
            let seized = whole_wei(l.collateral_seized);
            let fee = whole_wei(l.protocol_fee_units).min(seized);
            let repaid = whole_wei(l.debt_repaid);
            let collateral_left = sub(p.collateral_units, seized)?;
            let (debt_left, bad_debt) = liquidation::write_off_bad_debt(collateral_left, sub(p.debt, repaid)?);
            Ok((
                Position { collateral_units: collateral_left, debt: debt_left },
                [sub(seized, fee)?, repaid, bad_debt, fee],
            ))
        };
        let (after, [sold, repaid, bad_debt, fee]) = moved().map_err(overflow)?;
        let n = Decimal::from(cohort.count);
        let add_n = |total: Decimal, each: Decimal| add(total, mul(each, n)?);
        out.sold = add_n(out.sold, sold).map_err(overflow)?;
        out.repaid = add_n(out.repaid, repaid).map_err(overflow)?;
        out.bad_debt = add_n(out.bad_debt, bad_debt).map_err(overflow)?;
        out.fees = add_n(out.fees, fee).map_err(overflow)?;
        out.liquidations += cohort.count;
        cohort.position = after;
    }
    Ok((out.liquidations > 0).then_some(out))
}

/// An amount in whole wei (18 decimals), rounded down as the contracts round
/// what they pay out.
pub fn whole_wei(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(WEI_DECIMALS, RoundingStrategy::ToZero)
}

fn any_liquidatable(terms: &LiquidationTerms, cohorts: &[Cohort], price: Decimal) -> Exact<bool> {
    for c in cohorts {
        let value = mul(c.position.collateral_units, price)?;
        if lending::is_liquidatable(lending::health_factor(value, terms.liquidation_threshold, c.position.debt)?) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn cascade_totals(
    rounds: &[CascadeRound],
    cohorts: &[Cohort],
    fees: Decimal,
    initial: Decimal,
    last: Decimal,
) -> Exact<CascadeTotals> {
    let mut t = CascadeTotals {
        liquidations: 0,
        collateral_sold: Decimal::ZERO,
        debt_repaid: Decimal::ZERO,
        bad_debt: Decimal::ZERO,
        protocol_fee_units: fees,
        price_drop: sub(Decimal::ONE, div(last, initial)?)?,
        collateral_left: Decimal::ZERO,
        debt_left: Decimal::ZERO,
    };
    for c in cohorts {
        let n = Decimal::from(c.count);
        t.collateral_left = add(t.collateral_left, mul(c.position.collateral_units, n)?)?;
        t.debt_left = add(t.debt_left, mul(c.position.debt, n)?)?;
    }
    for r in rounds {
        t.liquidations = t.liquidations.saturating_add(r.liquidations);
        t.collateral_sold = add(t.collateral_sold, r.collateral_sold)?;
        t.debt_repaid = add(t.debt_repaid, r.debt_repaid)?;
        t.bad_debt = add(t.bad_debt, r.bad_debt)?;
    }
    Ok(t)
}

// ------------------------------------------------------------------ exitPlan

/// Input of `exitPlan`: the fields of `loopPosition` plus the exit terms.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ExitPlanInput {
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
    /// Days until the LRT protocol pays out a withdrawal, 0 to 365.
    pub withdrawal_days: Num,
    /// Fraction lost to fees and price impact when selling the collateral now, in [0, 1).
    pub exit_swap_cost: Num,
}
crate::read_struct!(ExitPlanInput {
    equity: "equity",
    collateral: "collateral",
    market: "market",
    loops: "loops",
    target_leverage: "targetLeverage",
    costs: "costs",
    withdrawal_days: "withdrawalDays",
    exit_swap_cost: "exitSwapCost",
});

/// Output of `exitPlan`: unwind now against wait in the withdrawal queue.
/// Equity in debt-asset units.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ExitPlan {
    /// Sell all collateral now and repay:
    /// `units × marketPrice × (1 − exitSwapCost) − debt`.
    pub equity_unwind_now: Decimal,
    /// Redeem at the exchange rate after the queue and repay:
    /// `units × exchangeRate × e^(sustainableApr·t) − debt × e^(borrowApr·t)`.
    pub equity_queue: Decimal,
    /// `equityQueue − equityUnwindNow`: positive when waiting pays.
    pub difference: Decimal,
    /// Today's market discount, `1 − marketPrice / exchangeRate`.
    pub market_discount: Decimal,
    /// The market discount at which both ways leave the same equity:
    /// `1 − (equityQueue + debt) / (units × exchangeRate × (1 − exitSwapCost))`.
    /// Waiting pays when `marketDiscount` exceeds it.
    pub break_even_discount: Decimal,
    /// HF now; null without debt.
    pub health_factor_now: Option<Decimal>,
    /// HF when the withdrawal pays out, `HF₀·e^((sustainableApr − borrowApr)·t)`
    /// (the drift of `loopPosition`'s `daysToLiquidation`; with a market-price
    /// oracle the market price is taken to keep today's discount to the
    /// growing exchange rate); null without debt.
    pub health_factor_at_redemption: Option<Decimal>,
    /// HF >= 1 all the while (HF moves monotonically, so at both ends). The
    /// equity figures assume no liquidation happens meanwhile.
    pub stays_healthy: bool,
}

/// Validated exit terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExitTerms {
    /// Years in the queue: `withdrawalDays / 365`.
    pub years: Decimal,
    pub exit_swap_cost: Decimal,
}

impl ExitPlanInput {
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

    /// Validates every field.
    pub fn validate(&self) -> Result<(LoopParams, ExitTerms), CalcError> {
        let params = self.loop_input().validate("")?;
        let days = within(
            "withdrawalDays",
            self.withdrawal_days.get(),
            &const { [Bound::Incl(Decimal::ZERO), Bound::Incl(MAX_WITHDRAWAL_DAYS)] },
        )?;
        let exit_swap_cost = input::fraction_below_one("exitSwapCost", self.exit_swap_cost.get())?;
        let years = div(days, dec!(365)).map_err(|Overflow| CalcError::overflow("withdrawalDays"))?;
        Ok((params, ExitTerms { years, exit_swap_cost }))
    }
}

/// Sell now or wait in the withdrawal queue: `exitPlan` of the JS API.
pub fn exit_plan(input: &ExitPlanInput) -> Result<ExitPlan, CalcError> {
    let (params, terms) = input.validate()?;
    let holdings = leverage::open_position(&params)?;
    compare_exits(&params, holdings, terms).map_err(|Overflow| CalcError::overflow("equity"))
}

/// Both exits of `holdings`, the break-even discount and the HF while waiting.
pub fn compare_exits(p: &LoopParams, h: Holdings, t: ExitTerms) -> Exact<ExitPlan> {
    let c = &p.collateral;
    let keep = sub(Decimal::ONE, t.exit_swap_cost)?;
    let now = sub(mul(mul(h.collateral_units, c.market_price)?, keep)?, h.debt)?;
    let yield_growth = continuous_growth(c.sustainable_apr, t.years)?;
    let debt_growth = continuous_growth(p.market.borrow_apr, t.years)?;
    let redeemed = mul(mul(h.collateral_units, c.exchange_rate)?, yield_growth)?;
    let owed = mul(h.debt, debt_growth)?;
    let queue = sub(redeemed, owed)?;
    let oracle_value = mul(h.collateral_units, c.oracle_price(p.market.oracle))?;
    let hf_now = lending::health_factor(oracle_value, p.market.liquidation_threshold, h.debt)?;
    let hf_end = hf_now.map(|hf| mul_div(hf, yield_growth, debt_growth)).transpose()?;
    let lowest = match (hf_now, hf_end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => None,
    };
    Ok(ExitPlan {
        equity_unwind_now: now,
        equity_queue: queue,
        difference: sub(queue, now)?,
        market_discount: sub(Decimal::ONE, div(c.market_price, c.exchange_rate)?)?,
        break_even_discount: break_even_discount(h, c.exchange_rate, keep, queue)?,
        health_factor_now: hf_now,
        health_factor_at_redemption: hf_end,
        stays_healthy: !lending::is_liquidatable(lowest),
    })
}

/// Growth of a continuously compounded yearly rate over `years`: `e^(rate·years)`
/// (the drift of [`leverage::days_to_liquidation`]); `f64` because it is
/// transcendental.
pub fn continuous_growth(rate: Decimal, years: Decimal) -> Exact {
    num::from_f64(libm::exp(to_f64(rate) * to_f64(years)))
}

/// Market discount `d*` at which selling now equals waiting:
/// `units·rate·(1 − d*)·(1 − cost) − debt = equityQueue`, so
/// `d* = 1 − (equityQueue + debt) / (units·rate·(1 − cost))` (derived).
pub fn break_even_discount(h: Holdings, exchange_rate: Decimal, keep: Decimal, queue: Decimal) -> Exact {
    let break_even_price = div(add(queue, h.debt)?, mul(h.collateral_units, keep)?)?;
    sub(Decimal::ONE, div(break_even_price, exchange_rate)?)
}
