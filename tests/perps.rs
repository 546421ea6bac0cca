#![cfg(not(target_arch = "wasm32"))]
//! Perpetuals: the Binance isolated liquidation vector
//! (shared/reference/vectors.md), the defining identity of the liquidation
//! price as a property, funding payments and their sign convention, and one
//! test per documented error. Exact decimal maths: vectors quoted to 2
//! decimals are compared after rounding to 2 decimals.
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::perps::{
    funding_payment, perp_liquidation_price, FundingInput, FundingPayment, PerpLiquidation, PerpLiquidationInput,
};
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn liq(input: Value) -> Result<PerpLiquidation, CalcError> {
    let parsed: PerpLiquidationInput = parse(input)?;
    perp_liquidation_price(&parsed)
}

fn funding(input: Value) -> Result<FundingPayment, CalcError> {
    let parsed: FundingInput = parse(input)?;
    funding_payment(&parsed)
}

fn btc(side: &str) -> Value {
    json!({ "side": side, "quantity": 1, "entryPrice": 50000, "walletBalance": 5000, "maintenanceMarginRate": 0.004 })
}

#[test]
fn binance_isolated_liquidation_vector() {
    // vectors.md: 1 BTC at 50,000, wallet 5,000, MMR 0.4 %, amount 0:
    // long 45,180.72, short 54,780.88.
    let long = liq(btc("long")).unwrap().liquidation_price.unwrap();
    let short = liq(btc("short")).unwrap().liquidation_price.unwrap();
    assert_eq!(long.round_dp(2), dec!(45180.72));
    assert_eq!(short.round_dp(2), dec!(54780.88));
    // Exactly (WB − Q·EP)/(Q·MMR − Q) = −45,000/−0.996 and 55,000/1.004.
    assert_eq!(long, dec!(45000) / dec!(0.996));
    assert_eq!(short, dec!(55000) / dec!(1.004));
}

#[test]
fn maintenance_amount_adds_to_the_margin() {
    // Binance's cum: a bracket with MMR 0.5 % and amount 50 on the same position.
    let mut input = btc("long");
    input["maintenanceMarginRate"] = json!(0.005);
    input["maintenanceAmount"] = json!(50);
    let lp = liq(input).unwrap().liquidation_price.unwrap();
    assert_eq!(lp, dec!(44950) / dec!(0.995));
}

#[test]
fn a_fully_collateralized_long_has_no_liquidation_price() {
    // Margin ≥ notional: the price would have to fall to 0 or below.
    let mut input = btc("long");
    input["walletBalance"] = json!(50000);
    assert_eq!(liq(input.clone()).unwrap().liquidation_price, None);
    input["walletBalance"] = json!(60000);
    assert_eq!(liq(input).unwrap().liquidation_price, None);
    // A short always has one.
    let mut short = btc("short");
    short["walletBalance"] = json!(1_000_000);
    assert!(liq(short).unwrap().liquidation_price.unwrap() > dec!(50000));
    // Serialized as null.
    let mut input = btc("long");
    input["walletBalance"] = json!(50000);
    assert_eq!(serde_json::to_value(liq(input).unwrap()).unwrap(), json!({ "liquidationPrice": null }));
}

#[test]
fn a_wallet_below_maintenance_liquidates_at_once() {
    // Wallet 100 on a 50,000 notional with 0.4 % maintenance (200): the
    // liquidation price is above entry for a long.
    let mut input = btc("long");
    input["walletBalance"] = json!(100);
    assert!(liq(input).unwrap().liquidation_price.unwrap() > dec!(50000));
}

#[test]
fn funding_sign_convention() {
    // 2 ETH at 3,000 (notional 6,000), +0.01 % per 8 h, held 24 h: 3
    // intervals, longs pay 1.8 and shorts receive it.
    let input = |side: &str, rate: Value| json!({ "side": side, "quantity": 2, "price": 3000, "fundingRate": rate, "hours": 24 });
    let long = funding(input("long", json!(0.0001))).unwrap();
    assert_eq!(long.payment, dec!(-1.8));
    assert_eq!(long.intervals, dec!(3));
    assert_eq!(long.notional, dec!(6000));
    assert_eq!(long.annualized_rate, dec!(0.1095));
    assert_eq!(funding(input("short", json!(0.0001))).unwrap().payment, dec!(1.8));
    // A negative rate reverses the flow.
    assert_eq!(funding(input("long", json!("-0.0001"))).unwrap().payment, dec!(1.8));
    assert_eq!(funding(input("short", json!("-0.0001"))).unwrap().payment, dec!(-1.8));
    // Pro rata: 12 h are 1.5 intervals.
    let mut half = input("long", json!(0.0001));
    half["hours"] = json!(12);
    assert_eq!(funding(half).unwrap().payment, dec!(-0.9));
    // Hourly venues.
    let mut hourly = input("long", json!(0.0001));
    hourly["intervalHours"] = json!(1);
    let h = funding(hourly).unwrap();
    assert_eq!((h.intervals, h.payment, h.annualized_rate), (dec!(24), dec!(-14.4), dec!(0.876)));
    // Nothing held, nothing paid (and no negative zero).
    let mut none = input("short", json!(0.0001));
    none["hours"] = json!(0);
    assert_eq!(serde_json::to_value(funding(none).unwrap()).unwrap()["payment"], json!(0.0));
}

#[test]
fn every_documented_error_names_its_field() {
    let liq_cases: Vec<(&str, Value, &str)> = vec![
        ("side", json!("both"), "side: unknown variant `both`"),
        ("quantity", json!(0), "quantity: must be > 0 and <= 1000000000000000, got 0"),
        ("entryPrice", json!(-1), "entryPrice: must be > 0 and <= 1000000000, got -1"),
        ("walletBalance", json!(-5), "walletBalance: must be >= 0"),
        ("maintenanceMarginRate", json!(1), "maintenanceMarginRate: must be >= 0 and < 1, got 1"),
        ("maintenanceAmount", json!(-1), "maintenanceAmount: must be >= 0"),
        ("quantity", Value::Null, "quantity: is required"),
    ];
    for (field, value, start) in liq_cases {
        let mut input = btc("long");
        if value.is_null() {
            input.as_object_mut().unwrap().remove(field);
        } else {
            input[field] = value;
        }
        let e = liq(input).unwrap_err();
        assert_eq!(e.path, field);
        assert!(e.to_string().starts_with(start), "{e}");
    }
    let base = json!({ "side": "long", "quantity": 2, "price": 3000, "fundingRate": 0.0001, "hours": 24 });
    let funding_cases: Vec<(&str, Value, &str)> = vec![
        ("side", json!("flat"), "side: unknown variant `flat`"),
        ("quantity", json!(-2), "quantity: must be > 0"),
        ("price", json!(0), "price: must be > 0"),
        ("fundingRate", json!(1.5), "fundingRate: must be >= -1 and <= 1, got 1.5"),
        ("hours", json!(-1), "hours: must be >= 0 and <= 876000, got -1"),
        ("intervalHours", json!(0), "intervalHours: must be >= 0.01 and <= 24, got 0"),
        ("intervalHours", json!(48), "intervalHours: must be >= 0.01 and <= 24, got 48"),
    ];
    for (field, value, start) in funding_cases {
        let mut input = base.clone();
        input[field] = value;
        let e = funding(input).unwrap_err();
        assert_eq!(e.path, field);
        assert!(e.to_string().starts_with(start), "{e}");
    }
    // Too large for 28 digits: named, not a panic.
    let e = funding(json!({ "side": "long", "quantity": "1e15", "price": "1e9", "fundingRate": 1, "hours": 876000,
                            "intervalHours": 0.01 }))
    .unwrap_err();
    assert_eq!(e.path, "quantity");
    assert!(e.message.starts_with("too large to compute exactly"), "{e}");
}

proptest! {
    /// At the liquidation price the margin balance equals the maintenance
    /// margin: `WB + side·Q·(LP − EP) = Q·LP·MMR − cum` (to 1e-20 of the notional).
    #[test]
    fn margin_equals_maintenance_at_the_liquidation_price(
        long in any::<bool>(), q in 1u32..1_000_000, ep in 1u32..1_000_000, wb in 0u32..1_000_000_000,
        mmr in 0u32..500, cum in 0u32..10_000,
    ) {
        let (q, ep, wb) = (Decimal::from(q) / dec!(1000), Decimal::from(ep), Decimal::from(wb) / dec!(100));
        let (mmr, cum) = (Decimal::from(mmr) / dec!(10000), Decimal::from(cum));
        let input = json!({ "side": if long { "long" } else { "short" }, "quantity": q.to_string(),
                            "entryPrice": ep.to_string(), "walletBalance": wb.to_string(),
                            "maintenanceMarginRate": mmr.to_string(), "maintenanceAmount": cum.to_string() });
        let side = if long { Decimal::ONE } else { Decimal::NEGATIVE_ONE };
        match liq(input).unwrap().liquidation_price {
            Some(lp) => {
                prop_assert!(lp > Decimal::ZERO);
                let margin = wb + side * q * (lp - ep);
                let maintenance = q * lp * mmr - cum;
                prop_assert!((margin - maintenance).abs() <= q * ep * dec!(1e-20), "{margin} vs {maintenance}");
            }
            None => prop_assert!(long && wb + cum >= q * ep),
        }
    }

    /// Longs and shorts exchange exactly: the two payments sum to zero.
    #[test]
    fn longs_pay_what_shorts_receive(rate in -10_000i32..10_000, hours in 0u32..10_000) {
        let input = |side: &str| json!({ "side": side, "quantity": 3, "price": 2500,
                                         "fundingRate": (Decimal::from(rate) / dec!(1_000_000)).to_string(),
                                         "hours": hours });
        let (l, s) = (funding(input("long")).unwrap(), funding(input("short")).unwrap());
        prop_assert_eq!(l.payment + s.payment, Decimal::ZERO);
        prop_assert!(rate <= 0 || hours == 0 || l.payment < Decimal::ZERO);
    }
}
