//! Perpetual futures: the liquidation price of an isolated-margin position
//! (`perpLiquidationPrice`) and funding payments (`fundingPayment`).
//!
//! Units: `quantity` in contracts of the base asset (BTC, ETH), prices and
//! balances in the margin asset (USDT), rates as fractions. Exact decimal
//! maths (money), with the checked helpers of [`crate::num`].

use crate::error::CalcError;
use crate::input::{self, within, At, Bound};
use crate::num::{add, div, mul, sub, Decimal, Exact, Num, Overflow};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Direction of a perpetual position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum PerpSide {
    Long,
    Short,
}
crate::read_enum!(PerpSide { Long: "long", Short: "short" });

impl PerpSide {
    /// +1 for a long, −1 for a short (Binance's `Side`).
    pub fn sign(self) -> Decimal {
        match self {
            PerpSide::Long => Decimal::ONE,
            PerpSide::Short => Decimal::NEGATIVE_ONE,
        }
    }
}

/// Input of `perpLiquidationPrice`: one isolated-margin position in one-way mode.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PerpLiquidationInput {
    pub side: PerpSide,
    /// Position size in base-asset units, 0 < quantity ≤ 1e15.
    pub quantity: Num,
    /// Average entry price, 0 < entryPrice ≤ 1e9.
    pub entry_price: Num,
    /// Margin in the position's isolated wallet, 0 ≤ walletBalance ≤ 1e15.
    pub wallet_balance: Num,
    /// Maintenance margin rate of the position's notional bracket, 0 ≤ rate < 1
    /// (0.004 = 0.4 %).
    pub maintenance_margin_rate: Num,
    /// Maintenance amount of that bracket (Binance's `cum`), default 0.
    #[serde(default)]
    #[tsify(optional)]
    pub maintenance_amount: Option<Num>,
}
crate::read_struct!(PerpLiquidationInput {
    side: "side",
    quantity: "quantity",
    entry_price: "entryPrice",
    wallet_balance: "walletBalance",
    maintenance_margin_rate: "maintenanceMarginRate",
    maintenance_amount: "maintenanceAmount",
});

/// Output of `perpLiquidationPrice`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PerpLiquidation {
    /// Mark price at which the position is liquidated; null where there is
    /// none (a long whose margin covers its whole notional: the price would
    /// have to fall to 0 or below). At or beyond the entry price when the
    /// margin is already below maintenance.
    pub liquidation_price: Option<Decimal>,
}

/// A validated `perpLiquidationPrice` input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PerpPosition {
    pub side: PerpSide,
    pub quantity: Decimal,
    pub entry_price: Decimal,
    pub wallet_balance: Decimal,
    pub maintenance_margin_rate: Decimal,
    pub maintenance_amount: Decimal,
}

impl PerpLiquidationInput {
    pub fn validate(&self, prefix: &str) -> Result<PerpPosition, CalcError> {
        let path = |field| At(prefix, field);
        Ok(PerpPosition {
            side: self.side,
            quantity: input::amount(&path("quantity"), self.quantity.get())?,
            entry_price: input::price(&path("entryPrice"), self.entry_price.get())?,
            wallet_balance: input::amount_or_zero(&path("walletBalance"), self.wallet_balance.get())?,
            maintenance_margin_rate: input::fraction_below_one(
                &path("maintenanceMarginRate"),
                self.maintenance_margin_rate.get(),
            )?,
            maintenance_amount: input::amount_or_zero(
                &path("maintenanceAmount"),
                self.maintenance_amount.map_or(Decimal::ZERO, Num::get),
            )?,
        })
    }
}

/// The liquidation price of an isolated position: `perpLiquidationPrice`.
pub fn perp_liquidation_price(input: &PerpLiquidationInput) -> Result<PerpLiquidation, CalcError> {
    let p = input.validate("")?;
    liquidation_price(&p)
        .map(|liquidation_price| PerpLiquidation { liquidation_price })
        .map_err(|Overflow| CalcError::overflow("quantity"))
}

/// Binance USDⓈ-M futures, isolated margin, one position:
/// `LP = (WB + cum − side·Q·EP) / (Q·MMR − side·Q)`
/// with `side` = +1 long / −1 short, `WB` the isolated wallet balance, `cum`
/// the maintenance amount, `Q` the quantity, `EP` the entry price, `MMR` the
/// maintenance margin rate. It is the price at which margin balance
/// `WB + side·Q·(P − EP)` equals maintenance margin `Q·P·MMR − cum`.
/// Binance's cross-margin formula (Binance Support, "How to Calculate
/// Liquidation Price of USDⓈ-M Futures Contracts") with the other positions'
/// terms (TMM, UPNL) zero. `None` where `LP ≤ 0` (only a long can have that).
pub fn liquidation_price(p: &PerpPosition) -> Exact<Option<Decimal>> {
    let side = p.side.sign();
    let numerator = sub(add(p.wallet_balance, p.maintenance_amount)?, mul(side, mul(p.quantity, p.entry_price)?)?)?;
    let denominator = mul(p.quantity, sub(p.maintenance_margin_rate, side)?)?;
    // MMR < 1, so the denominator is negative for a long and positive for a short.
    let lp = div(numerator, denominator)?;
    Ok((lp > Decimal::ZERO).then_some(lp))
}

/// Input of `fundingPayment`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct FundingInput {
    pub side: PerpSide,
    /// Position size in base-asset units, 0 < quantity ≤ 1e15.
    pub quantity: Num,
    /// Mark price used for the notional at every funding time, 0 < price ≤ 1e9.
    pub price: Num,
    /// Funding rate per interval (8 hours unless `intervalHours` says
    /// otherwise), −1 ≤ fundingRate ≤ 1; positive: longs pay shorts.
    pub funding_rate: Num,
    /// How long the position is held, 0 ≤ hours ≤ 876,000 (100 years).
    pub hours: Num,
    /// Hours between funding times, 0.01 ≤ intervalHours ≤ 24, default 8
    /// (Binance, Bybit, OKX); 1 for hourly venues (dYdX, Hyperliquid).
    #[serde(default)]
    #[tsify(optional)]
    pub interval_hours: Option<Num>,
}
crate::read_struct!(FundingInput {
    side: "side",
    quantity: "quantity",
    price: "price",
    funding_rate: "fundingRate",
    hours: "hours",
    interval_hours: "intervalHours",
});

/// Output of `fundingPayment`, from the position holder's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct FundingPayment {
    /// Funding received (positive) or paid (negative) over the holding
    /// period, in the margin asset.
    pub payment: Decimal,
    /// Funding intervals in the holding period, `hours / intervalHours`
    /// (fractional: the pro-rata expectation; whole settlements depend on
    /// the clock times at which the position is opened and closed).
    pub intervals: Decimal,
    /// `quantity × price`.
    pub notional: Decimal,
    /// `fundingRate × 365 × 24 / intervalHours`: the simple yearly rate longs
    /// pay (positive) or receive (negative) at this funding rate.
    pub annualized_rate: Decimal,
}

/// A validated `fundingPayment` input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Funding {
    pub side: PerpSide,
    pub quantity: Decimal,
    pub price: Decimal,
    pub funding_rate: Decimal,
    pub hours: Decimal,
    pub interval_hours: Decimal,
}

/// Default hours between funding times.
pub const DEFAULT_INTERVAL_HOURS: Decimal = dec!(8);

impl FundingInput {
    pub fn validate(&self, prefix: &str) -> Result<Funding, CalcError> {
        let path = |field| At(prefix, field);
        Ok(Funding {
            side: self.side,
            quantity: input::amount(&path("quantity"), self.quantity.get())?,
            price: input::price(&path("price"), self.price.get())?,
            funding_rate: within(
                &path("fundingRate"),
                self.funding_rate.get(),
                &const { [Bound::Incl(Decimal::NEGATIVE_ONE), Bound::Incl(Decimal::ONE)] },
            )?,
            hours: within(
                &path("hours"),
                self.hours.get(),
                &const { [Bound::Incl(Decimal::ZERO), Bound::Incl(dec!(876_000))] },
            )?,
            interval_hours: within(
                &path("intervalHours"),
                self.interval_hours.map_or(DEFAULT_INTERVAL_HOURS, Num::get),
                &const { [Bound::Incl(dec!(0.01)), Bound::Incl(dec!(24))] },
            )?,
        })
    }
}

/// Funding over a holding period: `fundingPayment` of the JS API.
pub fn funding_payment(input: &FundingInput) -> Result<FundingPayment, CalcError> {
    let f = input.validate("")?;
    funding(&f).map_err(|Overflow| CalcError::overflow("quantity"))
}

/// Funding paid at each funding time is `notional × rate`, from longs to
/// shorts when the rate is positive (shorts to longs when negative), with
/// `notional = quantity × mark price` (Binance Support, "Introduction to
/// USDⓈ-M Futures Funding Rates"). Over `n = hours / intervalHours`
/// intervals at a constant price and rate, the holder receives
/// `payment = −side · notional · rate · n` (side +1 long, −1 short):
/// negative means paid.
pub fn funding(f: &Funding) -> Exact<FundingPayment> {
    let notional = mul(f.quantity, f.price)?;
    let intervals = div(f.hours, f.interval_hours)?;
    let paid_by_long = mul(mul(notional, f.funding_rate)?, intervals)?;
    let payment = mul(-f.side.sign(), paid_by_long)?;
    let per_year = div(dec!(8760), f.interval_hours)?;
    Ok(FundingPayment {
        payment: payment.normalize(),
        intervals: intervals.normalize(),
        notional: notional.normalize(),
        annualized_rate: mul(f.funding_rate, per_year)?.normalize(),
    })
}
