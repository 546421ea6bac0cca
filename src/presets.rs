//! Presets for the page and the API: lending markets, LRTs, ready-made loop
//! scenarios and the reference de-peg events.
//!
//! Market parameters are the protocols' published ones (sources per entry).
//! Exchange rates and yields are dated, illustrative examples: check the
//! issuer's dashboard for today's values before relying on them.

use crate::lending::{morpho_liquidation_incentive_factor, OracleKind, Protocol};
use crate::num::Decimal;
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// A lending market's published parameters (fractions).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MarketPreset {
    pub id: &'static str,
    pub label: &'static str,
    pub protocol: Protocol,
    pub max_ltv: Decimal,
    pub liquidation_threshold: Decimal,
    /// Aave: the reserve's bonus; Morpho: LIF − 1.
    pub liquidation_bonus: Decimal,
    /// Oracle kind this market uses for LRT collateral.
    pub oracle: OracleKind,
    /// Example WETH borrow rate (yearly fraction).
    pub borrow_apr: Decimal,
    pub source: &'static str,
}

/// A liquid restaking token with example values.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TokenPreset {
    pub id: &'static str,
    pub symbol: &'static str,
    pub issuer: &'static str,
    /// Example exchange rate, ETH per token.
    pub exchange_rate: Decimal,
    /// Example yearly staking + restaking yield after the issuer's fee.
    pub sustainable_apr: Decimal,
    /// Example yearly incentives (points, EIGEN, issuer tokens) at an assumed value.
    pub incentive_apr: Decimal,
    /// Issuer's fee on rewards.
    pub rewards_fee: Decimal,
    /// Aave CAPO cap on the exchange rate's growth per year; null if unlisted.
    pub capo_max_yearly_growth: Option<Decimal>,
    pub as_of: &'static str,
    pub source: &'static str,
}

/// A ready-made loop: a token in a market with an oracle kind.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ScenarioPreset {
    pub id: &'static str,
    pub label: &'static str,
    pub token: &'static str,
    pub market: &'static str,
    pub loops: u32,
    pub note: &'static str,
}

/// A historical de-peg used as a reference point.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct DepegEvent {
    pub id: &'static str,
    pub label: &'static str,
    pub date: &'static str,
    pub token: &'static str,
    /// Lowest market price divided by the exchange rate (about; 1 = on peg).
    pub low_ratio: Decimal,
    pub note: &'static str,
    pub source: &'static str,
}

/// Everything `presets()` returns.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Presets {
    pub markets: Vec<MarketPreset>,
    pub tokens: Vec<TokenPreset>,
    pub scenarios: Vec<ScenarioPreset>,
    pub events: Vec<DepegEvent>,
}

const AAVE_EMODES: &str = "Aave V3 Ethereum E-Mode parameters (aave-dao/aave-v3-origin governance configs); LRT prices from CAPO adapters (bgd-labs/aave-capo)";
const MORPHO_LIF: &str =
    "Morpho Blue: LIF = min(1.15, 1/(0.3·LLTV + 0.7)) (Morpho.sol, ConstantsLib.sol); the oracle is chosen per market";
const YIELD_SOURCE: &str = "Illustrative: Ethereum consensus APR ≈ 166.3/√(34M ETH) = 2.85 % plus ≈0.3 % execution rewards, less the issuer's 10 % fee; incentives are an assumed example. Check the issuer's dashboard for today's values.";

fn aave(id: &'static str, label: &'static str, max_ltv: Decimal, lt: Decimal, bonus: Decimal) -> MarketPreset {
    MarketPreset {
        id,
        label,
        protocol: Protocol::AaveV3,
        max_ltv,
        liquidation_threshold: lt,
        liquidation_bonus: bonus,
        oracle: OracleKind::ExchangeRate,
        borrow_apr: dec!(0.025),
        source: AAVE_EMODES,
    }
}

fn morpho(id: &'static str, label: &'static str, lltv: Decimal, oracle: OracleKind) -> MarketPreset {
    MarketPreset {
        id,
        label,
        protocol: Protocol::MorphoBlue,
        max_ltv: lltv,
        liquidation_threshold: lltv,
        liquidation_bonus: morpho_liquidation_incentive_factor(lltv) - Decimal::ONE,
        oracle,
        borrow_apr: dec!(0.025),
        source: MORPHO_LIF,
    }
}

fn token(
    id: &'static str,
    symbol: &'static str,
    issuer: &'static str,
    exchange_rate: Decimal,
    capo: Option<Decimal>,
) -> TokenPreset {
    TokenPreset {
        id,
        symbol,
        issuer,
        exchange_rate,
        sustainable_apr: dec!(0.029),
        incentive_apr: dec!(0.01),
        rewards_fee: dec!(0.10),
        capo_max_yearly_growth: capo,
        as_of: "2026-11",
        source: YIELD_SOURCE,
    }
}

/// The presets the page and the package offer.
pub fn presets() -> Presets {
    use OracleKind::{ExchangeRate, Market};
    Presets {
        markets: vec![
            aave("aave-emode-eth", "Aave V3 · ETH-correlated E-Mode (weETH → WETH)", dec!(0.93), dec!(0.95), dec!(0.01)),
            aave("aave-emode-rseth", "Aave V3 · rsETH E-Mode", dec!(0.93), dec!(0.95), dec!(0.01)),
            aave("aave-emode-ezeth", "Aave V3 · ezETH/wstETH E-Mode", dec!(0.93), dec!(0.95), dec!(0.01)),
            aave("aave-weeth", "Aave V3 · weETH outside E-Mode", dec!(0.775), dec!(0.80), dec!(0.07)),
            morpho("morpho-77", "Morpho Blue · LLTV 77 %", dec!(0.77), ExchangeRate),
            morpho("morpho-86", "Morpho Blue · LLTV 86 % (market-price oracle)", dec!(0.86), Market),
            morpho("morpho-915", "Morpho Blue · LLTV 91.5 %", dec!(0.915), ExchangeRate),
            morpho("morpho-945", "Morpho Blue · LLTV 94.5 %", dec!(0.945), ExchangeRate),
            morpho("morpho-965", "Morpho Blue · LLTV 96.5 %", dec!(0.965), ExchangeRate),
        ],
        tokens: vec![
            token("weeth", "weETH", "ether.fi", dec!(1.05), Some(dec!(0.0875))),
            token("ezeth", "ezETH", "Renzo", dec!(1.03), Some(dec!(0.1089))),
            token("rseth", "rsETH", "Kelp", dec!(1.04), Some(dec!(0.0983))),
            token("pufeth", "pufETH", "Puffer", dec!(1.03), None),
        ],
        scenarios: vec![
            ScenarioPreset {
                id: "weeth-aave-emode",
                label: "weETH loop on Aave (E-Mode)",
                token: "weeth",
                market: "aave-emode-eth",
                loops: 5,
                note: "Exchange-rate oracle: a DEX de-peg alone cannot liquidate it; interest drift and slashing can.",
            },
            ScenarioPreset {
                id: "ezeth-aave-emode",
                label: "ezETH loop on Aave (E-Mode)",
                token: "ezeth",
                market: "aave-emode-ezeth",
                loops: 5,
                note: "CAPO exchange-rate oracle, capped at 10.89 %/yr growth.",
            },
            ScenarioPreset {
                id: "rseth-aave-emode",
                label: "rsETH loop on Aave (E-Mode)",
                token: "rseth",
                market: "aave-emode-rseth",
                loops: 5,
                note: "CAPO exchange-rate oracle, capped at 9.83 %/yr growth.",
            },
            ScenarioPreset {
                id: "weeth-aave-base",
                label: "weETH on Aave outside E-Mode",
                token: "weeth",
                market: "aave-weeth",
                loops: 3,
                note: "Lower LTV, 7 % bonus: less leverage, more buffer.",
            },
            ScenarioPreset {
                id: "ezeth-morpho-86",
                label: "ezETH on Morpho 86 % with a market-price oracle (as in April 2024)",
                token: "ezeth",
                market: "morpho-86",
                loops: 5,
                note: "A market-price oracle: the April 2024 de-peg liquidated 138 positions in this kind of market.",
            },
            ScenarioPreset {
                id: "pufeth-morpho-945",
                label: "pufETH on Morpho 94.5 %",
                token: "pufeth",
                market: "morpho-945",
                loops: 8,
                note: "High LLTV, small liquidation incentive.",
            },
        ],
        events: vec![
            DepegEvent {
                id: "ezeth-2024-04",
                label: "ezETH, April 2024",
                date: "2024-04-24",
                token: "ezeth",
                low_ratio: dec!(0.69),
                note: "Briefly ~0.69 ETH on Uniswap; ~$56M liquidated. Morpho ezETH/WETH 86 %: 138 liquidations, 5,035 WETH repaid, 6,236.72 ezETH seized, 10.96 WETH bad debt; Gearbox: 115 accounts.",
                source: "Morpho and Gearbox post-mortems, April 2024 (shared/reference/vectors.md)",
            },
            DepegEvent {
                id: "steth-2022-06",
                label: "stETH, June 2022",
                date: "2022-06",
                token: "steth",
                low_ratio: dec!(0.94),
                note: "Curve pool low ~0.94 ETH with ~22 % ETH / 78 % stETH.",
                source: "Curve stETH/ETH pool, June 2022 (shared/reference/vectors.md)",
            },
            DepegEvent {
                id: "weeth-2024-08",
                label: "weETH, August 2024",
                date: "2024-08-05",
                token: "weeth",
                low_ratio: dec!(0.986),
                note: "At most 1.4 % below its exchange rate while ETH fell 21 %.",
                source: "5 August 2024 market data (shared/reference/vectors.md)",
            },
        ],
    }
}
