//! Lending markets: parameters and the health-factor maths shared by Aave V3
//! and Morpho Blue.
//!
//! Sources:
//! - Aave V3: aave-dao/aave-v3-origin, `GenericLogic.sol`
//!   (`calculateUserAccountData`: health factor), `ValidationLogic.sol` and
//!   `PoolConfigurator.sol` (parameter rules), `LiquidationLogic.sol`.
//! - Morpho Blue: morpho-org/morpho-blue, `Morpho.sol` (`_isHealthy`,
//!   `liquidate`), `libraries/ConstantsLib.sol`.

use crate::error::CalcError;
use crate::input::{self, within, At, Bound};
use crate::num::{add, div, mul, sub, Decimal, Exact, Num, Overflow, Real};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// The lending protocol whose rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Protocol {
    AaveV3,
    MorphoBlue,
}
crate::read_enum!(Protocol { AaveV3: "aaveV3", MorphoBlue: "morphoBlue" });

/// Which price the market's oracle reports for the collateral.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum OracleKind {
    /// The token's own exchange rate (Aave's CAPO adapters, many Morpho
    /// oracles): a DEX de-peg alone cannot liquidate.
    ExchangeRate,
    /// A market (DEX) price: a de-peg liquidates.
    Market,
}
crate::read_enum!(OracleKind { ExchangeRate: "exchangeRate", Market: "market" });

/// A lending market as the JS side describes it. Ratios are fractions.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MarketInput {
    pub protocol: Protocol,
    /// Largest debt / collateral value a borrow may reach. Morpho: defaults to the LLTV.
    #[serde(default)]
    #[tsify(optional)]
    pub max_ltv: Option<Num>,
    /// Debt / collateral value at which the position becomes liquidatable
    /// (Aave's LT; Morpho's LLTV).
    pub liquidation_threshold: Num,
    /// Extra collateral a liquidator receives, as a fraction of the debt repaid
    /// (0.01 = 1 %). Morpho: defaults to LIF − 1.
    #[serde(default)]
    #[tsify(optional)]
    pub liquidation_bonus: Option<Num>,
    /// Yearly borrow rate of the debt asset.
    pub borrow_apr: Num,
    pub oracle: OracleKind,
}
crate::read_struct!(MarketInput {
    protocol: "protocol",
    max_ltv: "maxLtv",
    liquidation_threshold: "liquidationThreshold",
    liquidation_bonus: "liquidationBonus",
    borrow_apr: "borrowApr",
    oracle: "oracle",
});

/// A validated lending market.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Market {
    pub protocol: Protocol,
    pub max_ltv: Decimal,
    pub liquidation_threshold: Decimal,
    pub liquidation_bonus: Decimal,
    pub borrow_apr: Decimal,
    pub oracle: OracleKind,
}

impl MarketInput {
    /// Validates against each protocol's own parameter rules; `prefix` is the
    /// path of this object in the input (`market`).
    pub fn validate(&self, prefix: &str) -> Result<Market, CalcError> {
        let path = |field| At(prefix, field);
        let lt = validate_liquidation_threshold(path("liquidationThreshold"), self.liquidation_threshold.get())?;
        let max_ltv = match (self.protocol, self.max_ltv) {
            (_, Some(v)) => v.get(),
            (Protocol::MorphoBlue, None) => lt,
            (Protocol::AaveV3, None) => return Err(CalcError::new(path("maxLtv"), "is required for aaveV3")),
        };
        let max_ltv =
            within(&path("maxLtv"), max_ltv, &const { [Bound::Incl(Decimal::ZERO), Bound::Excl(Decimal::ONE)] })?;
        if max_ltv > lt {
            return Err(CalcError::new(
                path("maxLtv"),
                format!("must not exceed liquidationThreshold ({}), got {}", lt.normalize(), max_ltv.normalize()),
            ));
        }
        let liquidation_bonus = validate_liquidation_bonus(
            path("liquidationBonus"),
            self.protocol,
            lt,
            self.liquidation_bonus.map(Num::get),
        )?;
        Ok(Market {
            protocol: self.protocol,
            max_ltv,
            liquidation_threshold: lt,
            liquidation_bonus,
            borrow_apr: input::rate(&path("borrowApr"), self.borrow_apr.get())?,
            oracle: self.oracle,
        })
    }
}

/// A liquidation threshold (Aave's LT, Morpho's LLTV): `0 < LT < 1`.
pub fn validate_liquidation_threshold(path: At, lt: Decimal) -> Result<Decimal, CalcError> {
    within(&path, lt, &const { [Bound::Excl(Decimal::ZERO), Bound::Excl(Decimal::ONE)] })
}

/// The liquidation bonus under each protocol's rules. Aave V3: required,
/// `0 < bonus < 1` and `LT × (1 + bonus) <= 1`: a liquidation that seizes all
/// collateral must be able to cover the debt it repays
/// (`PoolConfigurator.configureReserveAsCollateral`: `liquidationThreshold
/// .percentMul(liquidationBonus) <= PERCENTAGE_FACTOR`). Morpho Blue: optional,
/// defaulting to `LIF − 1` ([`morpho_liquidation_incentive_factor`]).
pub fn validate_liquidation_bonus(
    path: At,
    protocol: Protocol,
    liquidation_threshold: Decimal,
    bonus: Option<Decimal>,
) -> Result<Decimal, CalcError> {
    match (protocol, bonus) {
        (Protocol::AaveV3, None) => Err(CalcError::new(path, "is required for aaveV3")),
        (Protocol::AaveV3, Some(b)) => {
            let b = within(&path, b, &const { [Bound::Excl(Decimal::ZERO), Bound::Excl(Decimal::ONE)] })?;
            // Both are below 1: neither sum nor product can overflow.
            let factor = add(Decimal::ONE, b).map_err(|Overflow| CalcError::overflow(path))?;
            let seized = mul(liquidation_threshold, factor).map_err(|Overflow| CalcError::overflow(path))?;
            if seized <= Decimal::ONE {
                return Ok(b);
            }
            Err(CalcError::new(
                path,
                format!(
                    "Aave V3 requires liquidationThreshold × (1 + bonus) <= 1; {} × {} = {}",
                    liquidation_threshold.normalize(),
                    factor.normalize(),
                    seized.normalize()
                ),
            ))
        }
        (Protocol::MorphoBlue, Some(b)) => input::fraction_below_one(&path, b),
        (Protocol::MorphoBlue, None) => morpho_liquidation_incentive_factor(liquidation_threshold)
            .and_then(|lif| sub(lif, Decimal::ONE))
            .map_err(|Overflow| CalcError::overflow(path)),
    }
}

/// Morpho Blue's liquidation incentive factor:
/// `LIF = min(1.15, 1 / (1 − 0.3 × (1 − LLTV)))` = `min(1.15, 1 / (0.3·LLTV + 0.7))`.
///
/// Source: `Morpho.sol` `liquidate` with `MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15`
/// and `LIQUIDATION_CURSOR = 0.3` from `ConstantsLib.sol`. Dimensionless;
/// `lltv` in (0, 1).
pub fn morpho_liquidation_incentive_factor(lltv: Decimal) -> Exact {
    const MAX_LIF: Decimal = dec!(1.15);
    const CURSOR: Decimal = dec!(0.3);
    // lltv in (0, 1): the denominator lies in (0.7, 1).
    let lif = div(Decimal::ONE, sub(Decimal::ONE, mul(CURSOR, sub(Decimal::ONE, lltv)?)?)?)?;
    Ok(lif.min(MAX_LIF))
}

/// Health factor `HF = collateralValue × LT / debt` (dimensionless), or `None`
/// without debt (Aave returns `type(uint256).max` then).
///
/// Source: Aave V3 `GenericLogic.calculateUserAccountData`. Morpho's
/// `_isHealthy` (`borrowed <= collateral × price × LLTV`) is the same test, HF >= 1.
/// Generic over [`Real`]: exact for single positions, `f64` for sweeps.
pub fn health_factor<T: Real>(collateral_value: T, liquidation_threshold: T, debt: T) -> Exact<Option<T>> {
    if debt.is_zero() {
        return Ok(None);
    }
    collateral_value.times_over(liquidation_threshold, debt).map(Some)
}

/// Whether a position may be liquidated: `HF < 1`. Aave V3:
/// `ValidationLogic.validateLiquidationCall` requires `healthFactor <
/// HEALTH_FACTOR_LIQUIDATION_THRESHOLD` (1); Morpho Blue liquidates when
/// `borrowed > maxBorrow`, i.e. strictly HF < 1 too.
pub fn is_liquidatable<T: Real>(health_factor: Option<T>) -> bool {
    health_factor.is_some_and(|hf| hf < T::ONE)
}

/// Oracle price of the collateral at which `HF = 1`:
/// `p_liq = debt / (collateralUnits × LT)`, in debt-asset units per collateral
/// unit; `None` without debt (derived from [`health_factor`]).
pub fn liquidation_price(
    debt: Decimal,
    collateral_units: Decimal,
    liquidation_threshold: Decimal,
) -> Exact<Option<Decimal>> {
    if debt.is_zero() {
        return Ok(None);
    }
    div(debt, mul(collateral_units, liquidation_threshold)?).map(Some)
}

/// Fall of the oracle price that brings HF to 1: `1 − p_liq / p = 1 − 1/HF`
/// (a fraction; derived from [`health_factor`], which is linear in the price).
pub fn liquidation_drop(health_factor: Decimal) -> Exact {
    sub(Decimal::ONE, div(Decimal::ONE, health_factor)?)
}

/// Largest leverage a market allows, `1 / (1 − maxLtv)`: the limit of looping
/// `L_n = Σ_{k=0..n} maxLtv^k` (a geometric series).
pub fn max_leverage(max_ltv: Decimal) -> Exact {
    div(Decimal::ONE, sub(Decimal::ONE, max_ltv)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morpho_lif_matches_the_published_table() {
        // vectors.md: LIF by LLTV, 6 decimals.
        for (lltv, lif) in [
            (dec!(0.77), dec!(1.074114)),
            (dec!(0.86), dec!(1.043841)),
            (dec!(0.915), dec!(1.026167)),
            (dec!(0.945), dec!(1.016777)),
            (dec!(0.965), dec!(1.010611)),
        ] {
            assert_eq!(morpho_liquidation_incentive_factor(lltv).unwrap().round_dp(6), lif, "LLTV {lltv}");
        }
        // The 1.15 cap binds for low LLTVs: 1 / (0.3 × 0.385 + 0.7) = 1.2262 -> 1.15.
        assert_eq!(morpho_liquidation_incentive_factor(dec!(0.385)), Ok(dec!(1.15)));
    }

    #[test]
    fn health_factor_does_not_exist_without_debt() {
        assert_eq!(health_factor(dec!(10), dec!(0.95), Decimal::ZERO), Ok(None));
        assert!(!is_liquidatable::<Decimal>(None));
        assert_eq!(liquidation_price(Decimal::ZERO, dec!(1), dec!(0.9)), Ok(None));
    }

    #[test]
    fn liquidatable_strictly_below_one() {
        assert!(!is_liquidatable(Some(Decimal::ONE)));
        assert!(is_liquidatable(Some(dec!(0.9999))));
    }
}
