//! The leveraged loop: deposit a liquid restaking token, borrow the debt asset
//! against it, buy more of the token, repeat — or do it in one flash-loan step.
//!
//! Units: amounts of the debt asset (e.g. WETH) unless a name says
//! `Units` (collateral tokens); prices in debt-asset units per collateral
//! unit; yearly rates and ratios as fractions. The maths is derived from the
//! health factor of [`crate::lending`] (Aave V3 `GenericLogic.sol`, Morpho
//! Blue `Morpho.sol`) and the geometric series of repeated borrowing.

use crate::error::CalcError;
use crate::input::{self, join, within, At, Bound};
use crate::lending::{self, Market, MarketInput, OracleKind};
use crate::num::{add, div, mul, mul_div, sub, to_f64, Decimal, Exact, Num, Overflow};
use serde::Serialize;
use tsify::Tsify;

/// Most loops accepted: far past where the geometric series has converged.
pub const MAX_LOOPS: u32 = 100;

/// The collateral token (an LRT) as the JS side describes it.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CollateralInput {
    /// Value of one token per its own protocol, in debt-asset units (> 0).
    pub exchange_rate: Num,
    /// DEX price of one token, in debt-asset units (> 0); defaults to `exchangeRate`.
    #[serde(default)]
    #[tsify(optional)]
    pub market_price: Option<Num>,
    /// Yearly staking + restaking rewards that accrue into the exchange rate (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub sustainable_apr: Option<Num>,
    /// Yearly token or points incentives paid on top (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub incentive_apr: Option<Num>,
}
crate::read_struct!(CollateralInput {
    exchange_rate: "exchangeRate",
    market_price: "marketPrice",
    sustainable_apr: "sustainableApr",
    incentive_apr: "incentiveApr",
});

/// Costs of building the loop, as fractions.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CostsInput {
    /// Fraction of every debt → collateral swap lost to fees and price impact (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub swap_cost: Option<Num>,
    /// Fee on the flash-borrowed amount (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub flash_loan_fee: Option<Num>,
}
crate::read_struct!(CostsInput { swap_cost: "swapCost", flash_loan_fee: "flashLoanFee" });

/// Input of `loopPosition`: give exactly one of `loops` and `targetLeverage`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LoopInput {
    /// The user's own capital in debt-asset units (> 0), held as collateral
    /// bought at `marketPrice` with no cost.
    pub equity: Num,
    pub collateral: CollateralInput,
    pub market: MarketInput,
    /// Number of borrow → swap → deposit rounds, 0 to 100.
    #[serde(default)]
    #[tsify(optional)]
    pub loops: Option<Num>,
    /// Leverage (collateral value / equity) reached in one flash-loan step.
    #[serde(default)]
    #[tsify(optional)]
    pub target_leverage: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub costs: Option<CostsInput>,
}
crate::read_struct!(LoopInput {
    equity: "equity",
    collateral: "collateral",
    market: "market",
    loops: "loops",
    target_leverage: "targetLeverage",
    costs: "costs",
});

/// A validated collateral token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Collateral {
    pub exchange_rate: Decimal,
    pub market_price: Decimal,
    pub sustainable_apr: Decimal,
    pub incentive_apr: Decimal,
}

impl Collateral {
    /// The price the market's oracle reports: the exchange rate or the DEX price.
    pub fn oracle_price(&self, oracle: OracleKind) -> Decimal {
        match oracle {
            OracleKind::ExchangeRate => self.exchange_rate,
            OracleKind::Market => self.market_price,
        }
    }
}

/// How the loop is built.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Build {
    Loops(u32),
    TargetLeverage(Decimal),
}

/// Validated costs, as fractions.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Costs {
    pub swap_cost: Decimal,
    pub flash_loan_fee: Decimal,
}

/// A validated `loopPosition` input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoopParams {
    pub equity: Decimal,
    pub collateral: Collateral,
    pub market: Market,
    pub build: Build,
    pub costs: Costs,
}

impl CollateralInput {
    pub fn validate(&self, prefix: &str) -> Result<Collateral, CalcError> {
        let path = |field| At(prefix, field);
        let exchange_rate = input::price(&path("exchangeRate"), self.exchange_rate.get())?;
        let market_price = match self.market_price {
            Some(p) => input::price(&path("marketPrice"), p.get())?,
            None => exchange_rate,
        };
        let optional_rate =
            |field: &'static str, v: Option<Num>| input::rate(&path(field), v.map_or(Decimal::ZERO, Num::get));
        Ok(Collateral {
            exchange_rate,
            market_price,
            sustainable_apr: optional_rate("sustainableApr", self.sustainable_apr)?,
            incentive_apr: optional_rate("incentiveApr", self.incentive_apr)?,
        })
    }
}

impl CostsInput {
    pub fn validate(&self, prefix: &str) -> Result<Costs, CalcError> {
        let cost = |field: &str, v: Option<Num>| {
            input::fraction_below_one(&join(prefix, field), v.map_or(Decimal::ZERO, Num::get))
        };
        Ok(Costs {
            swap_cost: cost("swapCost", self.swap_cost)?,
            flash_loan_fee: cost("flashLoanFee", self.flash_loan_fee)?,
        })
    }
}

impl LoopInput {
    /// Validates every field; `prefix` is where this input sits in a larger one.
    pub fn validate(&self, prefix: &str) -> Result<LoopParams, CalcError> {
        let path = |field| At(prefix, field);
        let equity = input::amount(&path("equity"), self.equity.get())?;
        let collateral = self.collateral.validate(&path("collateral").path())?;
        let market = self.market.validate(&path("market").path())?;
        static NO_COSTS: CostsInput = CostsInput { swap_cost: None, flash_loan_fee: None };
        let costs = self.costs.as_ref().unwrap_or(&NO_COSTS).validate(&path("costs").path())?;
        let build = match (self.loops, self.target_leverage) {
            (Some(_), Some(_)) => {
                return Err(CalcError::new(path("loops"), "give either loops or targetLeverage, not both"))
            }
            (None, None) => {
                return Err(CalcError::new(
                    path("loops"),
                    format!("is required: give loops (0 to {MAX_LOOPS}) or targetLeverage"),
                ))
            }
            (Some(n), None) => Build::Loops(input::integer(&path("loops"), n.get(), 0, MAX_LOOPS)?),
            (None, Some(t)) => {
                Build::TargetLeverage(validate_target_leverage(path("targetLeverage"), t.get(), market.max_ltv)?)
            }
        };
        Ok(LoopParams { equity, collateral, market, build, costs })
    }
}

/// A target must be at least 1 (no borrowing) and, if it borrows, below
/// `1 / (1 − maxLtv)`.
fn validate_target_leverage(path: At, target: Decimal, max_ltv: Decimal) -> Result<Decimal, CalcError> {
    let max = lending::max_leverage(max_ltv).map_err(|Overflow| CalcError::overflow(path))?;
    if target > Decimal::ONE && target >= max {
        return Err(CalcError::new(
            path,
            format!(
                "must be below {}, the maximum leverage 1 / (1 − maxLtv) that maxLtv {} allows; got {}",
                max.round_dp(6).normalize(),
                max_ltv.normalize(),
                target.normalize()
            ),
        ));
    }
    within(&path, target, &[Bound::Incl(Decimal::ONE), Bound::Excl(max.max(Decimal::TWO))])
}

/// What the user holds once the loop is built.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Holdings {
    /// Collateral tokens deposited.
    pub collateral_units: Decimal,
    /// Debt owed, in debt-asset units.
    pub debt: Decimal,
    /// Debt-asset value lost to swap costs and flash-loan fees.
    pub entry_cost: Decimal,
}

/// One row of the loop-by-loop table (`loop` 0 is the deposit alone).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LoopStep {
    #[serde(rename = "loop")]
    pub loop_index: u32,
    pub collateral_units: Decimal,
    pub debt: Decimal,
    pub leverage: Decimal,
    pub health_factor: Option<Decimal>,
}

/// Yearly returns per unit of equity, as fractions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LoopApr {
    /// `(V·(sustainableApr + incentiveApr) − D·borrowApr) / E`.
    pub net: Decimal,
    /// `(V·sustainableApr − D·borrowApr) / E`: what remains without incentives.
    pub sustainable: Decimal,
    /// `V·incentiveApr / E`.
    pub incentive: Decimal,
    /// `D·borrowApr / E`.
    pub borrow_cost: Decimal,
}

/// Output of `loopPosition`. Values in debt-asset units at the oracle price
/// unless a name says otherwise; `null` where a value does not exist.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LoopPosition {
    pub collateral_units: Decimal,
    /// `collateralUnits × oracle price`.
    pub collateral_value: Decimal,
    pub debt: Decimal,
    /// `collateralValue − debt`.
    pub equity: Decimal,
    /// `collateralUnits × marketPrice − debt`: what selling on a DEX would leave.
    pub equity_at_market: Decimal,
    /// `collateralValue / equity`.
    pub leverage: Decimal,
    /// `debt / collateralValue`.
    pub ltv: Decimal,
    /// `collateralValue × LT / debt`; null without debt.
    pub health_factor: Option<Decimal>,
    /// `1 / (1 − maxLtv)`.
    pub max_leverage: Decimal,
    /// Oracle price at which HF = 1; null without debt.
    pub liquidation_price: Option<Decimal>,
    /// `1 − liquidationPrice / oracle price`; null without debt.
    pub liquidation_drop: Option<Decimal>,
    pub apr: LoopApr,
    /// borrowApr at which `apr.net` = 0; null without debt.
    pub break_even_borrow_apr: Option<Decimal>,
    /// borrowApr at which `apr.sustainable` = 0; null without debt.
    pub sustainable_break_even_borrow_apr: Option<Decimal>,
    /// Days until interest drift brings HF to 1; null if it never does.
    pub days_to_liquidation: Option<f64>,
    /// Debt-asset value lost to swap costs and flash-loan fees.
    pub entry_cost: Decimal,
    /// Loop-by-loop state (loops mode only; null for targetLeverage).
    pub steps: Option<Vec<LoopStep>>,
}

/// Models a leveraged loop: `loopPosition` of the JS API.
pub fn loop_position(input: &LoopInput) -> Result<LoopPosition, CalcError> {
    let params = input.validate("")?;
    let overflow = |Overflow| CalcError::overflow("equity");
    let (holdings, steps) = match params.build {
        Build::Loops(n) => {
            let mut steps = Vec::with_capacity(n as usize + 1);
            (build_by_loops(&params, n, Some(&mut steps)).map_err(overflow)?, Some(steps))
        }
        Build::TargetLeverage(target) => (build_by_flash_loan(&params, target)?, None),
    };
    let mut position = describe(&params, holdings).map_err(overflow)?;
    position.steps = steps;
    Ok(position)
}

/// Builds the position the parameters describe: its holdings (the sweeps,
/// the simulation and the portfolio start from these; only `loopPosition`
/// shows the loop-by-loop steps).
pub fn open_position(params: &LoopParams) -> Result<Holdings, CalcError> {
    match params.build {
        Build::Loops(n) => build_by_loops(params, n, None).map_err(|Overflow| CalcError::overflow("equity")),
        Build::TargetLeverage(target) => build_by_flash_loan(params, target),
    }
}

/// Builds the loop round by round. Each round borrows up to `maxLtv` of the
/// collateral's oracle value, `borrow = maxLtv · units · p_oracle − debt`,
/// swaps it at the market price less `swapCost`, and deposits the tokens.
/// Without costs and with `p_market = p_oracle`, leverage after n rounds is
/// `L_n = Σ_{k=0..n} maxLtv^k = (1 − maxLtv^(n+1)) / (1 − maxLtv)`.
/// With `steps`, the state after each round is appended to it (their
/// leverage and health factor cost two divisions a round, which the
/// callers that need only the holdings are spared).
pub fn build_by_loops(p: &LoopParams, loops: u32, mut steps: Option<&mut Vec<LoopStep>>) -> Exact<Holdings> {
    let oracle = p.collateral.oracle_price(p.market.oracle);
    let market = p.collateral.market_price;
    let mut h = Holdings { collateral_units: div(p.equity, market)?, debt: Decimal::ZERO, entry_cost: Decimal::ZERO };
    if let Some(steps) = steps.as_deref_mut() {
        steps.push(step(p, 0, &h)?);
    }
    for k in 1..=loops {
        let headroom = sub(mul(p.market.max_ltv, mul(h.collateral_units, oracle)?)?, h.debt)?;
        let borrow = headroom.max(Decimal::ZERO);
        let lost = mul(borrow, p.costs.swap_cost)?;
        h.collateral_units = add(h.collateral_units, div(sub(borrow, lost)?, market)?)?;
        h.debt = add(h.debt, borrow)?;
        h.entry_cost = add(h.entry_cost, lost)?;
        if let Some(steps) = steps.as_deref_mut() {
            steps.push(step(p, k, &h)?);
        }
    }
    Ok(h)
}

fn step(p: &LoopParams, loop_index: u32, h: &Holdings) -> Exact<LoopStep> {
    let value = mul(h.collateral_units, p.collateral.oracle_price(p.market.oracle))?;
    Ok(LoopStep {
        loop_index,
        collateral_units: h.collateral_units,
        debt: h.debt,
        leverage: div(value, sub(value, h.debt)?)?,
        health_factor: lending::health_factor(value, p.market.liquidation_threshold, h.debt)?,
    })
}

/// Builds the loop in one step: flash-borrow `F`, swap it to collateral at the
/// market price less `swapCost`, deposit everything, borrow `F·(1 + fee)` to
/// repay the flash loan. With `P = p_oracle / p_market`, leverage `T`,
/// equity `E`, swap cost `s` and fee `φ`, solving
/// `V = P·(E + F·(1 − s))`, `T = V / (V − F·(1 + φ))` for `F` gives
/// `F = P·(T − 1)·E / (T·(1 + φ) − P·(T − 1)·(1 − s))` (derived).
pub fn build_by_flash_loan(p: &LoopParams, target: Decimal) -> Result<Holdings, CalcError> {
    let overflow = |Overflow| CalcError::overflow("equity");
    let Costs { swap_cost: s, flash_loan_fee: fee } = p.costs;
    let market = p.collateral.market_price;
    let ratio = div(p.collateral.oracle_price(p.market.oracle), market).map_err(overflow)?;
    let solve = || -> Exact<Option<Decimal>> {
        let t_minus_1 = sub(target, Decimal::ONE)?;
        let denominator =
            sub(mul(target, add(Decimal::ONE, fee)?)?, mul(mul(ratio, t_minus_1)?, sub(Decimal::ONE, s)?)?)?;
        if denominator <= Decimal::ZERO {
            return Ok(None);
        }
        mul_div(mul(ratio, t_minus_1)?, p.equity, denominator).map(Some)
    };
    let flash = solve().map_err(overflow)?.ok_or_else(|| {
        CalcError::new(
            "targetLeverage",
            format!(
                "cannot be reached: the oracle values the collateral at {} times its market price, so every flash-loan step adds more value than debt",
                ratio.round_dp(6).normalize()
            ),
        )
    })?;
    let holdings = || -> Exact<Holdings> {
        let bought = div(mul(flash, sub(Decimal::ONE, s)?)?, market)?;
        Ok(Holdings {
            collateral_units: add(div(p.equity, market)?, bought)?,
            debt: mul(flash, add(Decimal::ONE, fee)?)?,
            entry_cost: mul(flash, add(s, fee)?)?,
        })
    };
    holdings().map_err(overflow)
}

/// Every figure of a built loop, at the current prices.
pub fn describe(p: &LoopParams, h: Holdings) -> Exact<LoopPosition> {
    let oracle = p.collateral.oracle_price(p.market.oracle);
    let lt = p.market.liquidation_threshold;
    let value = mul(h.collateral_units, oracle)?;
    let equity = sub(value, h.debt)?;
    let health_factor = lending::health_factor(value, lt, h.debt)?;
    let c = &p.collateral;
    let total_yield = add(c.sustainable_apr, c.incentive_apr)?;
    Ok(LoopPosition {
        collateral_units: h.collateral_units,
        collateral_value: value,
        debt: h.debt,
        equity,
        equity_at_market: sub(mul(h.collateral_units, c.market_price)?, h.debt)?,
        leverage: div(value, equity)?,
        ltv: div(h.debt, value)?,
        health_factor,
        max_leverage: lending::max_leverage(p.market.max_ltv)?,
        liquidation_price: lending::liquidation_price(h.debt, h.collateral_units, lt)?,
        liquidation_drop: health_factor.map(lending::liquidation_drop).transpose()?,
        apr: loop_apr(value, h.debt, equity, c, p.market.borrow_apr)?,
        break_even_borrow_apr: break_even_borrow_apr(value, total_yield, h.debt)?,
        sustainable_break_even_borrow_apr: break_even_borrow_apr(value, c.sustainable_apr, h.debt)?,
        days_to_liquidation: health_factor
            .and_then(|hf| days_to_liquidation(hf, p.market.borrow_apr, c.sustainable_apr)),
        entry_cost: h.entry_cost,
        steps: None,
    })
}

/// Yearly return on equity of a position worth `value` with `debt`:
/// `net = (V·(y_s + y_i) − D·b) / E`, split into the sustainable part
/// `(V·y_s − D·b) / E`, the incentive part `V·y_i / E` and the borrow cost
/// `D·b / E` (leverage algebra: with `L = V/E`, `net = L·y − (L − 1)·b`).
pub fn loop_apr(value: Decimal, debt: Decimal, equity: Decimal, c: &Collateral, borrow_apr: Decimal) -> Exact<LoopApr> {
    let borrow_cost = mul_div(debt, borrow_apr, equity)?;
    let sustainable = sub(mul_div(value, c.sustainable_apr, equity)?, borrow_cost)?;
    let incentive = mul_div(value, c.incentive_apr, equity)?;
    Ok(LoopApr { net: add(sustainable, incentive)?, sustainable, incentive, borrow_cost })
}

/// Borrow rate at which a yield of `yield_apr` on `value` exactly pays the
/// interest on `debt`: `b* = V·y / D`; `None` without debt.
pub fn break_even_borrow_apr(value: Decimal, yield_apr: Decimal, debt: Decimal) -> Exact<Option<Decimal>> {
    if debt.is_zero() {
        return Ok(None);
    }
    mul_div(value, yield_apr, debt).map(Some)
}

/// Days until interest drift liquidates: collateral grows at `y` and debt at
/// `b`, both continuously compounded, so `HF(t) = HF₀·e^((y − b)·t)` and
/// HF reaches 1 after `t = ln(HF₀) / (b − y)` years, times 365 for days.
/// `None` when `b <= y` (HF never falls). 0 when HF is already below 1.
/// Transcendental, so computed in `f64` (derived from [`lending::health_factor`]).
pub fn days_to_liquidation(health_factor: Decimal, borrow_apr: Decimal, sustainable_apr: Decimal) -> Option<f64> {
    if borrow_apr <= sustainable_apr {
        return None;
    }
    // Both rates are at most 10: the difference cannot overflow.
    let years = libm::log(to_f64(health_factor)) / to_f64(sub(borrow_apr, sustainable_apr).ok()?);
    Some(365.0 * years.max(0.0))
}
