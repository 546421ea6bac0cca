//! One liquidation, computed as the lending protocol's contract computes it:
//! how much debt a liquidator may repay, how much collateral it seizes, the
//! protocol's cut, what is left and whether bad debt appears.
//!
//! Units: debt and amounts repaid in debt-asset units; collateral in
//! collateral tokens (`…Units`); `oraclePrice` in debt-asset units per
//! collateral unit; ratios as fractions. USD enters only through Aave's
//! $2,000 / $1,000 thresholds (`debtPriceUsd`).
//!
//! Sources:
//! - Aave V3.3+: aave-dao/aave-v3-origin
//!   `src/contracts/protocol/libraries/logic/LiquidationLogic.sol`
//!   (`executeLiquidationCall`, `_calculateAvailableCollateralToLiquidate`,
//!   `_burnDebtTokens`: deficit) and `src/contracts/helpers/LiquidationDataProvider.sol`
//!   (`getLiquidationInfo`: the largest amount a liquidation call accepts).
//! - Morpho Blue: morpho-org/morpho-blue `src/Morpho.sol` (`liquidate`,
//!   `_isHealthy`) and `src/libraries/ConstantsLib.sol`.
//!
//! Exact decimals instead of the contracts' integer maths: no wei rounding,
//! so a value may differ from the chain in its last wei (`cascade` rounds to
//! whole wei). The formulas are generic over [`Real`]: `Decimal` for
//! `liquidate` and `cascade`, `f64` for the thousands of points of `depegSweep`.
//!
//! Aave's dust rule (v3.3, `MUST_NOT_LEAVE_DUST`): a liquidation that leaves
//! both debt and collateral must leave at least $1,000 of each. Modelled as
//! the contract does it: an explicit `debtToCover` that would break it is an
//! error (the call reverts); without `debtToCover` the liquidation repays the
//! largest amount the call accepts (close factor, collateral balance and dust
//! rule together), as `LiquidationDataProvider.getLiquidationInfo` computes it.

use crate::error::CalcError;
use crate::input::{self, At};
use crate::lending::{self, Protocol};
use crate::num::{Decimal, Exact, Num, Overflow, Real};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Aave `DEFAULT_LIQUIDATION_CLOSE_FACTOR` (0.5e4 bps): the share of the debt
/// one liquidation may repay while the position is large and HF > 0.95.
pub const AAVE_CLOSE_FACTOR: Decimal = dec!(0.5);
/// Aave `CLOSE_FACTOR_HF_THRESHOLD` (0.95e18): at or below it the whole debt
/// may be repaid.
pub const AAVE_CLOSE_FACTOR_HF_THRESHOLD: Decimal = dec!(0.95);
/// Aave `MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD` (2000e8 base units = $2,000):
/// below it, in collateral or debt, the whole debt may be repaid.
pub const AAVE_MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD_USD: Decimal = dec!(2000);
/// Aave `MIN_LEFTOVER_BASE` ($1,000): what a partial liquidation must leave of
/// both the debt and the collateral.
pub const AAVE_MIN_LEFTOVER_USD: Decimal = dec!(1000);
/// Aave's usual liquidation protocol fee (10 % of the bonus), the default.
pub const AAVE_DEFAULT_PROTOCOL_FEE: Decimal = dec!(0.1);

/// Input of `liquidate`: one position, one collateral, one debt asset.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LiquidationInput {
    pub protocol: Protocol,
    /// Collateral tokens held (> 0).
    pub collateral_units: Num,
    /// Debt owed, in debt-asset units (>= 0).
    pub debt: Num,
    /// Oracle price of one collateral token, in debt-asset units (> 0).
    pub oracle_price: Num,
    /// Aave's LT or Morpho's LLTV, in (0, 1).
    pub liquidation_threshold: Num,
    /// Aave: required, in (0, 1), with LT × (1 + bonus) <= 1. Morpho: defaults
    /// to LIF − 1 with LIF = min(1.15, 1 / (0.3·LLTV + 0.7)); a value in
    /// [0, 1) overrides it.
    #[serde(default)]
    #[tsify(optional)]
    pub liquidation_bonus: Option<Num>,
    /// Aave's liquidation protocol fee, a share of the bonus (default 0.10).
    /// Morpho Blue has none.
    #[serde(default)]
    #[tsify(optional)]
    pub protocol_fee: Option<Num>,
    /// USD value of one debt token, for Aave's $2,000 / $1,000 thresholds.
    /// Omitted: the position counts as above them.
    #[serde(default)]
    #[tsify(optional)]
    pub debt_price_usd: Option<Num>,
    /// Debt the liquidator offers to repay (>= 0); default the maximum allowed.
    /// Aave caps it at the close factor and the collateral, as the contract
    /// does, and reverts (an error here) when the result would leave dust;
    /// Morpho reverts above the maximum, so that is an error too.
    #[serde(default)]
    #[tsify(optional)]
    pub debt_to_cover: Option<Num>,
}
crate::read_struct!(LiquidationInput {
    protocol: "protocol",
    collateral_units: "collateralUnits",
    debt: "debt",
    oracle_price: "oraclePrice",
    liquidation_threshold: "liquidationThreshold",
    liquidation_bonus: "liquidationBonus",
    protocol_fee: "protocolFee",
    debt_price_usd: "debtPriceUsd",
    debt_to_cover: "debtToCover",
});

/// The liquidation rules of a market, without the position: what `cascade`
/// reads as its `market`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LiquidationMarketInput {
    pub protocol: Protocol,
    pub liquidation_threshold: Num,
    #[serde(default)]
    #[tsify(optional)]
    pub liquidation_bonus: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub protocol_fee: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub debt_price_usd: Option<Num>,
}
crate::read_struct!(LiquidationMarketInput {
    protocol: "protocol",
    liquidation_threshold: "liquidationThreshold",
    liquidation_bonus: "liquidationBonus",
    protocol_fee: "protocolFee",
    debt_price_usd: "debtPriceUsd",
});

/// Validated liquidation rules, in the number type `T` the maths runs on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LiquidationTerms<T = Decimal> {
    pub protocol: Protocol,
    pub liquidation_threshold: T,
    /// Aave's bonus, or Morpho's LIF − 1: the collateral seized per unit of
    /// debt value repaid is `1 + liquidation_bonus`.
    pub liquidation_bonus: T,
    /// Share of the bonus that goes to the protocol (0 for Morpho).
    pub protocol_fee: T,
    /// USD per debt token; `None` counts the position as above Aave's thresholds.
    pub debt_price_usd: Option<T>,
    /// Aave's fixed constants, held in `T` so that the maths converts nothing.
    pub aave: AaveConstants<T>,
}

/// Aave V3.3's liquidation constants (`LiquidationLogic.sol`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AaveConstants<T = Decimal> {
    pub close_factor: T,
    pub close_factor_hf_threshold: T,
    pub full_close_below_usd: T,
    pub min_leftover_usd: T,
}

impl AaveConstants {
    pub const V3_3: Self = AaveConstants {
        close_factor: AAVE_CLOSE_FACTOR,
        close_factor_hf_threshold: AAVE_CLOSE_FACTOR_HF_THRESHOLD,
        full_close_below_usd: AAVE_MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD_USD,
        min_leftover_usd: AAVE_MIN_LEFTOVER_USD,
    };
}

/// A borrower's position in one collateral and one debt asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position<T = Decimal> {
    pub collateral_units: T,
    pub debt: T,
}

/// Outcome of `liquidate`. Collateral in tokens, debt in debt-asset units;
/// `null` where a value does not exist. Generic over the number type: exact
/// decimals for `liquidate` and `cascade`, `f64` inside `depegSweep`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct LiquidationOf<T> {
    /// `HF < 1` (both protocols liquidate strictly below 1).
    pub liquidatable: bool,
    /// `collateralUnits × oraclePrice × LT / debt`; null without debt.
    pub health_factor_before: Option<T>,
    /// Most debt one liquidation may repay now (0 if not liquidatable).
    pub max_debt_to_cover: T,
    pub debt_repaid: T,
    /// Collateral taken from the borrower, protocol fee included.
    pub collateral_seized: T,
    /// The part of `collateralSeized` beyond the value of the debt repaid:
    /// the liquidation bonus, which the borrower loses (protocol fee included).
    pub bonus_units: T,
    /// Collateral that goes to the protocol's treasury (Aave).
    pub protocol_fee_units: T,
    /// `collateralSeized − protocolFeeUnits`.
    pub liquidator_receives: T,
    pub collateral_left: T,
    /// Debt still owed after the liquidation; 0 when bad debt was written off.
    pub debt_left: T,
    /// Null when no debt is left.
    pub health_factor_after: Option<T>,
    /// Debt left with no collateral behind it, written off (Aave v3.3
    /// deficit; Morpho socialises it to the lenders).
    pub bad_debt: T,
}

/// Output of `liquidate`, in exact decimals.
#[tsify::declare]
pub type Liquidation = LiquidationOf<Decimal>;

impl LiquidationTerms {
    /// The same terms in another number type.
    pub fn to<T: Real>(&self) -> LiquidationTerms<T> {
        LiquidationTerms {
            protocol: self.protocol,
            liquidation_threshold: T::of(self.liquidation_threshold),
            liquidation_bonus: T::of(self.liquidation_bonus),
            protocol_fee: T::of(self.protocol_fee),
            debt_price_usd: self.debt_price_usd.map(T::of),
            aave: AaveConstants {
                close_factor: T::of(self.aave.close_factor),
                close_factor_hf_threshold: T::of(self.aave.close_factor_hf_threshold),
                full_close_below_usd: T::of(self.aave.full_close_below_usd),
                min_leftover_usd: T::of(self.aave.min_leftover_usd),
            },
        }
    }
}

impl LiquidationInput {
    /// Validates every field: `(terms, position, oraclePrice, debtToCover)`;
    /// `prefix` is where this input sits in a larger one.
    pub fn validate(&self, prefix: &str) -> Result<(LiquidationTerms, Position, Decimal, Option<Decimal>), CalcError> {
        let path = |field| At(prefix, field);
        let terms = validate_terms(
            prefix,
            self.protocol,
            self.liquidation_threshold,
            self.liquidation_bonus,
            self.protocol_fee,
            self.debt_price_usd,
        )?;
        let position = Position {
            collateral_units: input::amount(&path("collateralUnits"), self.collateral_units.get())?,
            debt: input::amount_or_zero(&path("debt"), self.debt.get())?,
        };
        let price = input::price(&path("oraclePrice"), self.oracle_price.get())?;
        let debt_to_cover =
            self.debt_to_cover.map(|d| input::amount_or_zero(&path("debtToCover"), d.get())).transpose()?;
        Ok((terms, position, price, debt_to_cover))
    }
}

impl LiquidationMarketInput {
    /// Validates the rules; `prefix` is the path of this object (`market`).
    pub fn validate(&self, prefix: &str) -> Result<LiquidationTerms, CalcError> {
        validate_terms(
            prefix,
            self.protocol,
            self.liquidation_threshold,
            self.liquidation_bonus,
            self.protocol_fee,
            self.debt_price_usd,
        )
    }
}

/// Validates liquidation rules against each protocol's parameter rules (the
/// same as [`lending::MarketInput::validate`]).
fn validate_terms(
    prefix: &str,
    protocol: Protocol,
    liquidation_threshold: Num,
    liquidation_bonus: Option<Num>,
    protocol_fee: Option<Num>,
    debt_price_usd: Option<Num>,
) -> Result<LiquidationTerms, CalcError> {
    let path = |field| At(prefix, field);
    let lt = lending::validate_liquidation_threshold(path("liquidationThreshold"), liquidation_threshold.get())?;
    let bonus =
        lending::validate_liquidation_bonus(path("liquidationBonus"), protocol, lt, liquidation_bonus.map(Num::get))?;
    LiquidationTerms::new(prefix, protocol, lt, bonus, protocol_fee, debt_price_usd)
}

impl LiquidationTerms {
    /// Terms from an already validated threshold and bonus, validating the
    /// protocol fee (Aave: default 0.10; Morpho: none) and the USD price of the
    /// debt token; `prefix` is where those two fields sit in the input.
    pub fn new(
        prefix: &str,
        protocol: Protocol,
        liquidation_threshold: Decimal,
        liquidation_bonus: Decimal,
        protocol_fee: Option<Num>,
        debt_price_usd: Option<Num>,
    ) -> Result<Self, CalcError> {
        let fee_path = At(prefix, "protocolFee");
        let protocol_fee = match protocol {
            Protocol::AaveV3 => input::fraction(&fee_path, protocol_fee.map_or(AAVE_DEFAULT_PROTOCOL_FEE, Num::get))?,
            Protocol::MorphoBlue if protocol_fee.is_some_and(|f| !f.get().is_zero()) => {
                return Err(CalcError::new(
                    fee_path,
                    "Morpho Blue takes no liquidation protocol fee; leave it out or give 0",
                ))
            }
            Protocol::MorphoBlue => Decimal::ZERO,
        };
        let debt_price_usd = debt_price_usd.map(|p| input::price(&At(prefix, "debtPriceUsd"), p.get())).transpose()?;
        Ok(LiquidationTerms {
            protocol,
            liquidation_threshold,
            liquidation_bonus,
            protocol_fee,
            debt_price_usd,
            aave: AaveConstants::V3_3,
        })
    }
}

/// One liquidation: `liquidate` of the JS API.
pub fn liquidate(input: &LiquidationInput) -> Result<Liquidation, CalcError> {
    let (terms, position, price, debt_to_cover) = input.validate("")?;
    liquidate_position(&terms, position, price, debt_to_cover)
}

/// Liquidates `position` at `oracle_price` under `terms`, repaying
/// `debt_to_cover` or, when `None`, the most the protocol allows. Errors name
/// the fields of [`LiquidationInput`].
pub fn liquidate_position<T: Real>(
    terms: &LiquidationTerms<T>,
    position: Position<T>,
    oracle_price: T,
    debt_to_cover: Option<T>,
) -> Result<LiquidationOf<T>, CalcError> {
    let overflow = |Overflow| CalcError::overflow("collateralUnits");
    let value = position.collateral_units.times(oracle_price).map_err(overflow)?;
    let hf = lending::health_factor(value, terms.liquidation_threshold, position.debt).map_err(overflow)?;
    let Some(hf_now) = hf.filter(|&h| lending::is_liquidatable(Some(h))) else {
        return Ok(untouched(position, hf));
    };
    let (max, repaid, seized) = match terms.protocol {
        Protocol::AaveV3 => aave_amounts(terms, position, oracle_price, hf_now, debt_to_cover)?,
        Protocol::MorphoBlue => morpho_amounts(terms, position, oracle_price, debt_to_cover)?,
    };
    settle(terms, position, oracle_price, hf, max, repaid, seized).map_err(overflow)
}

/// The outcome when nothing may be liquidated (HF >= 1 or no debt).
fn untouched<T: Real>(position: Position<T>, hf: Option<T>) -> LiquidationOf<T> {
    LiquidationOf {
        liquidatable: false,
        health_factor_before: hf,
        max_debt_to_cover: T::ZERO,
        debt_repaid: T::ZERO,
        collateral_seized: T::ZERO,
        bonus_units: T::ZERO,
        protocol_fee_units: T::ZERO,
        liquidator_receives: T::ZERO,
        collateral_left: position.collateral_units,
        debt_left: position.debt,
        health_factor_after: hf,
        bad_debt: T::ZERO,
    }
}

/// Splits the seizure, writes off bad debt and reports the result.
fn settle<T: Real>(
    terms: &LiquidationTerms<T>,
    position: Position<T>,
    price: T,
    hf: Option<T>,
    max: T,
    repaid: T,
    seized: T,
) -> Exact<LiquidationOf<T>> {
    let bonus = bonus_units(seized, terms.liquidation_bonus)?;
    let fee_units = aave_protocol_fee_units(bonus, terms.protocol_fee)?;
    let collateral_left = position.collateral_units.minus(seized)?;
    let (debt_left, bad_debt) = write_off_bad_debt(collateral_left, position.debt.minus(repaid)?);
    Ok(LiquidationOf {
        liquidatable: true,
        health_factor_before: hf,
        max_debt_to_cover: max,
        debt_repaid: repaid,
        collateral_seized: seized,
        bonus_units: bonus,
        protocol_fee_units: fee_units,
        liquidator_receives: seized.minus(fee_units)?,
        collateral_left,
        debt_left,
        health_factor_after: lending::health_factor(
            collateral_left.times(price)?,
            terms.liquidation_threshold,
            debt_left,
        )?,
        bad_debt,
    })
}

/// `(debtLeft, badDebt)`: debt left with no collateral is written off as bad
/// debt. Aave v3.3 `_burnDebtTokens` (`hasNoCollateralLeft`: the whole debt is
/// burnt, the rest recorded as the reserve's `deficit`); Morpho `liquidate`
/// (`position.collateral == 0`: `badDebtShares` removed, lenders bear it).
pub fn write_off_bad_debt<T: Real>(collateral_left: T, debt_left: T) -> (T, T) {
    if collateral_left.is_zero() {
        (T::ZERO, debt_left)
    } else {
        (debt_left, T::ZERO)
    }
}

/// Aave's repayment and seizure: `(maxDebtToCover, debtRepaid, collateralSeized)`.
fn aave_amounts<T: Real>(
    terms: &LiquidationTerms<T>,
    position: Position<T>,
    price: T,
    hf: T,
    debt_to_cover: Option<T>,
) -> Result<(T, T, T), CalcError> {
    let overflow = |Overflow| CalcError::overflow("collateralUnits");
    let (bonus, usd) = (terms.liquidation_bonus, terms.debt_price_usd);
    let aave = &terms.aave;
    let cap = aave_close_factor_cap(aave, position, price, hf, usd).map_err(overflow)?;
    let at_cap = aave_seizure(cap, position.collateral_units, price, bonus).map_err(overflow)?;
    let max = match aave_largest_dust_free_repayment(aave, position, price, bonus, usd, at_cap.0, at_cap.1)
        .map_err(overflow)?
    {
        Some(r) => (r, r.times_over(T::ONE.plus(bonus).map_err(overflow)?, price).map_err(overflow)?),
        None => at_cap,
    };
    let Some(requested) = debt_to_cover else {
        return Ok((max.0, max.0, max.1));
    };
    // Any request from the capped repayment up is the capped liquidation (in
    // exact maths it seizes the same); comparing first keeps the last digit
    // of a recomputed seizure from landing a hair under the balance.
    let (repaid, seized) = if requested >= at_cap.0 {
        at_cap
    } else {
        aave_seizure(requested, position.collateral_units, price, bonus).map_err(overflow)?
    };
    // The maximum is dust-free by construction; testing it again could only
    // trip over the last digit of its rounding.
    if repaid != max.0 && aave_leaves_dust(aave, position, price, usd, repaid, seized).map_err(overflow)? {
        return Err(CalcError::new(
            "debtToCover",
            format!(
                "Aave V3.3 reverts (MUST_NOT_LEAVE_DUST): repaying {} would leave less than $1,000 of debt or of collateral; repay at most {} or clear the whole position",
                shown(repaid),
                shown(max.0)
            ),
        ));
    }
    Ok((max.0, repaid, seized))
}

/// A number for an error message: 8 decimals at most.
fn shown<T: Real>(v: T) -> Decimal {
    v.to_decimal().round_dp(8).normalize()
}

/// Aave's close factor, as the most debt one call may repay (debt-asset units):
/// the whole debt, except `0.5 × debt` when the collateral and the debt are
/// both worth >= $2,000 and `HF > 0.95`. With one debt asset the contract's
/// `userReserveDebtInBaseCurrency > totalDebt × 50 %` test always holds.
/// Without `debtPriceUsd` the position counts as above $2,000.
/// Source: `LiquidationLogic.executeLiquidationCall` (`maxLiquidatableDebt`).
pub fn aave_close_factor_cap<T: Real>(
    aave: &AaveConstants<T>,
    position: Position<T>,
    price: T,
    hf: T,
    debt_price_usd: Option<T>,
) -> Exact<T> {
    let threshold = aave.full_close_below_usd;
    let large = match debt_price_usd {
        None => true,
        Some(usd) => {
            let collateral_usd = position.collateral_units.times(price)?.times(usd)?;
            collateral_usd >= threshold && position.debt.times(usd)? >= threshold
        }
    };
    if large && hf > aave.close_factor_hf_threshold {
        position.debt.times(aave.close_factor)
    } else {
        Ok(position.debt)
    }
}

/// `(debtRepaid, collateralSeized)` for an offer to repay `debt`:
/// `seized = debt × debtPrice / collateralPrice × (1 + bonus)` (the debt price
/// is 1 here, prices being in debt-asset units); when that exceeds the balance
/// the whole balance is seized and `repaid = balance × price / (1 + bonus)`.
/// Source: `LiquidationLogic._calculateAvailableCollateralToLiquidate`.
pub fn aave_seizure<T: Real>(debt: T, balance: T, price: T, bonus: T) -> Exact<(T, T)> {
    let one_plus_bonus = T::ONE.plus(bonus)?;
    let seized = debt.times_over(one_plus_bonus, price)?;
    if seized > balance {
        Ok((balance.times_over(price, one_plus_bonus)?, balance))
    } else {
        Ok((debt, seized))
    }
}

/// The bonus part of a seizure, in collateral units: `seized − seized / (1 + bonus)`,
/// the collateral seized beyond the value of the debt repaid (the seizure is
/// `repaid / price × (1 + bonus)`, capped or not). Source: Aave
/// `_calculateAvailableCollateralToLiquidate` (`bonusCollateral`); Morpho's
/// seizure `repaid × LIF / price` is the same with `bonus = LIF − 1`.
pub fn bonus_units<T: Real>(seized: T, bonus: T) -> Exact<T> {
    seized.minus(seized.over(T::ONE.plus(bonus)?)?)
}

/// Aave's protocol fee in collateral units: the bonus part of the seizure
/// ([`bonus_units`]) times the protocol fee share. It is taken out of the
/// seized collateral (the liquidator gets the rest).
/// Source: `_calculateAvailableCollateralToLiquidate` (`liquidationProtocolFee`).
/// 0 for Morpho (`protocol_fee` = 0).
pub fn aave_protocol_fee_units<T: Real>(bonus_units: T, protocol_fee: T) -> Exact<T> {
    if protocol_fee.is_zero() {
        return Ok(T::ZERO);
    }
    bonus_units.times(protocol_fee)
}

/// Aave v3.3's dust rule: a liquidation that clears neither the debt nor the
/// collateral must leave >= $1,000 of each (`MIN_LEFTOVER_BASE`), else the
/// call reverts with `MUST_NOT_LEAVE_DUST`. Never binds without `debtPriceUsd`.
/// Source: `LiquidationLogic.executeLiquidationCall`.
pub fn aave_leaves_dust<T: Real>(
    aave: &AaveConstants<T>,
    position: Position<T>,
    price: T,
    debt_price_usd: Option<T>,
    repaid: T,
    seized: T,
) -> Exact<bool> {
    let Some(usd) = debt_price_usd else {
        return Ok(false);
    };
    if repaid >= position.debt || seized >= position.collateral_units {
        return Ok(false);
    }
    let minimum = aave.min_leftover_usd;
    let debt_left_usd = position.debt.minus(repaid)?.times(usd)?;
    let collateral_left_usd = position.collateral_units.minus(seized)?.times(price)?.times(usd)?;
    Ok(debt_left_usd < minimum || collateral_left_usd < minimum)
}

/// When repaying `repaid` (seizing `seized`) would break the dust rule, the
/// largest repayment that keeps both leftovers at $1,000:
/// `min(debt − 1000/usd, (units × price − 1000/usd) / (1 + bonus))`, both
/// leftovers falling as the repayment grows. `None` when no adjustment is
/// needed. Same purpose as `LiquidationDataProvider._adjustAmountsForGoodLeftovers`
/// (whose integer version lands at or just below this value).
pub fn aave_largest_dust_free_repayment<T: Real>(
    aave: &AaveConstants<T>,
    position: Position<T>,
    price: T,
    bonus: T,
    debt_price_usd: Option<T>,
    repaid: T,
    seized: T,
) -> Exact<Option<T>> {
    let Some(usd) = debt_price_usd else {
        return Ok(None);
    };
    if !aave_leaves_dust(aave, position, price, Some(usd), repaid, seized)? {
        return Ok(None);
    }
    let leftover = aave.min_leftover_usd.over(usd)?;
    let by_debt = position.debt.minus(leftover)?;
    let by_collateral = position.collateral_units.times(price)?.minus(leftover)?.over(T::ONE.plus(bonus)?)?;
    let largest = by_debt.min_of(by_collateral);
    Ok(Some(if largest < T::ZERO { T::ZERO } else { largest }))
}

/// Morpho's repayment and seizure: `(maxDebtToCover, debtRepaid, collateralSeized)`.
fn morpho_amounts<T: Real>(
    terms: &LiquidationTerms<T>,
    position: Position<T>,
    price: T,
    debt_to_cover: Option<T>,
) -> Result<(T, T, T), CalcError> {
    let overflow = |Overflow| CalcError::overflow("collateralUnits");
    let lif = T::ONE.plus(terms.liquidation_bonus).map_err(overflow)?;
    let (max, all_collateral) = morpho_max_repayment(position, price, lif).map_err(overflow)?;
    let repaid = match debt_to_cover {
        None => max,
        Some(d) if d <= max => d,
        Some(d) => {
            return Err(CalcError::new(
                "debtToCover",
                format!(
                    "must not exceed {}, the most Morpho Blue can take: the debt, or what the whole collateral pays for at LIF {} (Morpho.liquidate reverts above it); got {}",
                    shown(max),
                    lif.to_decimal().round_dp(6).normalize(),
                    d.to_decimal().normalize()
                ),
            ))
        }
    };
    let seized = if all_collateral && repaid == max {
        position.collateral_units
    } else {
        morpho_seized_collateral(repaid, price, lif).map_err(overflow)?
    };
    Ok((max, repaid, seized))
}

/// Collateral Morpho Blue seizes for `repaid` debt: `repaid × LIF / price`.
/// Source: `Morpho.liquidate` (`seizedAssets = repaidAssets.wMulDown(LIF)
/// .mulDivDown(ORACLE_PRICE_SCALE, collateralPrice)`).
pub fn morpho_seized_collateral<T: Real>(repaid: T, price: T, lif: T) -> Exact<T> {
    repaid.times_over(lif, price)
}

/// Most debt one Morpho liquidation can repay (no close factor): the whole
/// debt, or `units × price / LIF` when the collateral runs out first (then all
/// of it is seized; the flag says so). Source: `Morpho.liquidate`, which
/// underflows (reverts) beyond either balance.
pub fn morpho_max_repayment<T: Real>(position: Position<T>, price: T, lif: T) -> Exact<(T, bool)> {
    let for_all_collateral = position.collateral_units.times_over(price, lif)?;
    if for_all_collateral < position.debt {
        Ok((for_all_collateral, true))
    } else {
        Ok((position.debt, false))
    }
}
