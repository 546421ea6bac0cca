//! Presets for the page and the API: lending markets, LRTs, ready-made loop
//! scenarios, the reference de-peg events, the sources of a restaking yield
//! and the layers of risk behind it.
//!
//! Market parameters are the protocols' published ones (sources per entry).
//! Exchange rates and yields are dated, illustrative examples: check the
//! issuer's dashboard for today's values before relying on them. Every yield
//! and risk entry says whether its number is a cited figure or an
//! illustrative example (`illustrative: true`).

use crate::lending::{morpho_liquidation_incentive_factor, OracleKind, Protocol};
use crate::num::Decimal;
use crate::yields::{DecayType, YieldKind};
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
    /// Components, fees and ready-made sets for `yieldProjection`.
    pub yields: YieldPresets,
    /// Layers for `riskStack`, and examples for `slashingLoss` and `concentration`.
    pub risk: RiskPresets,
}

/// A component's decay as `yieldProjection` takes it.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct DecayPreset {
    #[serde(rename = "type")]
    pub decay_type: DecayType,
    /// Null for `none`.
    pub months: Option<Decimal>,
}

/// One source of yield with a dated example rate: a ready-made
/// `yieldProjection` component.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldComponentPreset {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: YieldKind,
    /// Example yearly rate before fees (fraction).
    pub apr: Decimal,
    /// Fee taken from this component alone, e.g. the operator's commission.
    pub fee: Decimal,
    pub decay: DecayPreset,
    /// What it is, in plain words.
    pub note: &'static str,
    /// True when the rate is an example chosen for illustration rather than a
    /// figure from the cited source.
    pub illustrative: bool,
    pub as_of: &'static str,
    pub source: &'static str,
}

/// A fee charged on yield.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldFeePreset {
    pub id: &'static str,
    pub label: &'static str,
    /// Fraction of the rewards taken.
    pub fee: Decimal,
    /// `"protocolFee"` (from every component) or `"componentFee"` (from the
    /// restaking components only).
    pub applies_as: &'static str,
    pub note: &'static str,
    pub illustrative: bool,
    pub as_of: &'static str,
    pub source: &'static str,
}

/// A ready-made `yieldProjection` input: components by id, a protocol fee
/// and a horizon.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldScenarioPreset {
    pub id: &'static str,
    pub label: &'static str,
    /// Ids of `yields.components`, in order.
    pub components: Vec<&'static str>,
    pub protocol_fee: Decimal,
    pub horizon_months: u32,
    pub note: &'static str,
}

/// Everything the yield panel starts from.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldPresets {
    pub components: Vec<YieldComponentPreset>,
    pub fees: Vec<YieldFeePreset>,
    pub scenarios: Vec<YieldScenarioPreset>,
}

/// One layer of risk with illustrative yearly numbers: a ready-made
/// `riskStack` layer.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskLayerPreset {
    pub id: &'static str,
    pub label: &'static str,
    /// Chance that the layer causes a loss within a year (fraction).
    pub annual_probability: Decimal,
    /// Fraction of the position lost when it does.
    pub loss_given_event: Decimal,
    /// Whether plain ETH staking carries this layer too (a `baseLayers` entry).
    pub in_base_staking: bool,
    /// What the event is, in plain words.
    pub note: &'static str,
    pub illustrative: bool,
    pub source: &'static str,
}

/// A ready-made set of layers: which of `risk.layers` a kind of position carries.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskStackPreset {
    pub id: &'static str,
    pub label: &'static str,
    /// Ids of `risk.layers`, in order.
    pub layers: Vec<&'static str>,
    pub note: &'static str,
}

/// The inputs of the `slashingLoss` example (vectors.md).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct SlashingExample {
    /// A validator's effective balance, whole ETH.
    pub balance: Decimal,
    /// ETH slashed in the 36-day window, this validator's included.
    pub slashed_in_window: Decimal,
    /// Total ETH staked.
    pub total_staked: Decimal,
    /// The staker's stake at the slashed operator (EIGEN in the example).
    pub stake: Decimal,
    pub allocated_magnitude: Decimal,
    pub total_magnitude: Decimal,
    /// Fraction of the allocation the AVS slashes.
    pub slashed_fraction: Decimal,
    pub source: &'static str,
}

/// One protocol's share of restaked capital, for `concentration`.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ShareExample {
    pub label: &'static str,
    pub share: Decimal,
}

/// Everything the risk panel starts from.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskPresets {
    pub layers: Vec<RiskLayerPreset>,
    /// Ready-made sets of layers.
    pub stacks: Vec<RiskStackPreset>,
    /// How to read and choose the layers' numbers.
    pub note: &'static str,
    pub slashing: SlashingExample,
    /// Illustrative split of restaked capital between protocols.
    pub shares: Vec<ShareExample>,
    pub shares_note: &'static str,
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
        liquidation_bonus: morpho_liquidation_incentive_factor(lltv)
            .and_then(|lif| crate::num::sub(lif, Decimal::ONE))
            .expect("a preset's LLTV lies in (0, 1)"),
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

const AS_OF: &str = "2026-11";
const CONSENSUS_SOURCE: &str = "Ethereum consensus APR ≈ 166.3/√(ETH staked), derived from the consensus-specs base reward (BASE_REWARD_FACTOR 64); 34M ETH staked → 2.852 % (shared/reference/vectors.md).";
const OPERATOR_SOURCE: &str = "EigenLayer RewardsCoordinator: default operator split 1000 bips = 10 % (Layr-Labs/eigenlayer-contracts, docs/core/RewardsCoordinator.md; ELIP-001 Rewards v2); shared/reference/vectors.md.";
const LRT_FEE_SOURCE: &str =
    "ether.fi, Renzo and Kelp take 10 % of rewards (issuers' documentation; shared/reference/vectors.md).";

fn no_decay() -> DecayPreset {
    DecayPreset { decay_type: DecayType::None, months: None }
}

fn decay(decay_type: DecayType, months: Decimal) -> DecayPreset {
    DecayPreset { decay_type, months: Some(months) }
}

/// The yield panel's presets: the sources of an LRT's yield, the fees on
/// it, and two ready-made sets.
pub fn yield_presets() -> YieldPresets {
    use YieldKind::{Incentive, Sustainable};
    YieldPresets {
        components: vec![
            YieldComponentPreset {
                id: "eth-consensus",
                label: "ETH staking: consensus rewards",
                kind: Sustainable,
                apr: dec!(0.02852),
                fee: Decimal::ZERO,
                decay: no_decay(),
                note: "New ETH issued to validators for proposing and attesting. Falls slowly as more ETH is staked.",
                illustrative: false,
                as_of: AS_OF,
                source: CONSENSUS_SOURCE,
            },
            YieldComponentPreset {
                id: "eth-execution",
                label: "ETH staking: priority fees and MEV",
                kind: Sustainable,
                apr: dec!(0.003),
                fee: Decimal::ZERO,
                decay: no_decay(),
                note: "Transaction tips and MEV paid to block proposers. Varies with on-chain activity.",
                illustrative: true,
                as_of: AS_OF,
                source: "Illustrative example of ≈0.3 %/yr; it moves with network activity. Check a staking dashboard for today's value.",
            },
            YieldComponentPreset {
                id: "avs-rewards",
                label: "Restaking: AVS rewards",
                kind: Sustainable,
                apr: dec!(0.002),
                fee: dec!(0.10),
                decay: no_decay(),
                note: "Fees paid by the services (AVSs) the restaked ETH secures, after the operator's commission. Sustainable only as long as the AVSs earn real revenue.",
                illustrative: true,
                as_of: AS_OF,
                source: "Illustrative rate; the 10 % fee is EigenLayer's default operator split (RewardsCoordinator, ELIP-001).",
            },
            YieldComponentPreset {
                id: "eigen-incentives",
                label: "Restaking: EIGEN incentives",
                kind: Incentive,
                apr: dec!(0.006),
                fee: dec!(0.10),
                decay: decay(DecayType::HalfLife, dec!(12)),
                note: "EIGEN tokens emitted to restakers (programmatic incentives). A fixed emission shared by more capital, in a token whose price can fall: modelled as halving every 12 months.",
                illustrative: true,
                as_of: AS_OF,
                source: "Illustrative rate and decay; the 10 % fee is EigenLayer's default operator split (RewardsCoordinator, ELIP-001).",
            },
            YieldComponentPreset {
                id: "lrt-points",
                label: "LRT points (airdrop hopes)",
                kind: Incentive,
                apr: dec!(0.015),
                fee: Decimal::ZERO,
                decay: decay(DecayType::Cliff, dec!(6)),
                note: "Points an issuer promises to turn into a token some day. Worth nothing until then, maybe nothing at all: modelled as a season that ends after 6 months. Use pointsValue to put a number on them.",
                illustrative: true,
                as_of: AS_OF,
                source: "Illustrative: points have no market price; 1.5 %/yr is an assumed airdrop value, not a measurement.",
            },
        ],
        fees: vec![
            YieldFeePreset {
                id: "lrt-protocol-fee",
                label: "LRT protocol fee",
                fee: dec!(0.10),
                applies_as: "protocolFee",
                note: "The share of all rewards the token's issuer keeps.",
                illustrative: false,
                as_of: AS_OF,
                source: LRT_FEE_SOURCE,
            },
            YieldFeePreset {
                id: "operator-commission",
                label: "Operator commission",
                fee: dec!(0.10),
                applies_as: "componentFee",
                note: "The share of restaking rewards the node operator keeps (EigenLayer's default; each operator may set its own).",
                illustrative: false,
                as_of: AS_OF,
                source: OPERATOR_SOURCE,
            },
        ],
        scenarios: vec![
            YieldScenarioPreset {
                id: "lrt-restaking",
                label: "Liquid restaking token: staking, AVS rewards, EIGEN, points",
                components: vec!["eth-consensus", "eth-execution", "avs-rewards", "eigen-incentives", "lrt-points"],
                protocol_fee: dec!(0.10),
                horizon_months: 24,
                note: "A typical LRT's yield, split into what is paid out of real revenue and what is paid out of emissions and points.",
            },
            YieldScenarioPreset {
                id: "eth-staking",
                label: "Plain ETH staking (no restaking)",
                components: vec!["eth-consensus", "eth-execution"],
                protocol_fee: dec!(0.10),
                horizon_months: 24,
                note: "Staking through a liquid staking token that keeps 10 % of rewards: the reference a restaker is paid to beat.",
            },
        ],
    }
}

/// The risk panel's presets: the layers of a leveraged restaking position
/// with illustrative yearly numbers, and the slashing and concentration
/// examples.
pub fn risk_presets() -> RiskPresets {
    const ILLUSTRATIVE: &str = "Illustrative: no measured yearly rate exists for this layer; pick your own from audits, track record and how much value it guards.";
    RiskPresets {
        layers: vec![
            RiskLayerPreset {
                id: "ethereum-staking",
                label: "Ethereum staking",
                annual_probability: dec!(0.02),
                loss_given_event: dec!(0.01),
                in_base_staking: true,
                note: "A validator operator is slashed or goes offline, or a client bug penalises many validators at once. Small losses; large only if much of the network fails together.",
                illustrative: true,
                source: ILLUSTRATIVE,
            },
            RiskLayerPreset {
                id: "eigenlayer-core",
                label: "EigenLayer core contracts",
                annual_probability: dec!(0.005),
                loss_given_event: dec!(0.5),
                in_base_staking: false,
                note: "A bug, exploit or bad upgrade in the restaking contracts that hold the stake.",
                illustrative: true,
                source: ILLUSTRATIVE,
            },
            RiskLayerPreset {
                id: "avs-slashing",
                label: "AVS slashing",
                annual_probability: dec!(0.02),
                loss_given_event: dec!(0.1),
                in_base_staking: false,
                note: "A service slashes the operator — for a real fault or through a faulty slashing rule. The loss is the slashed fraction times the share of stake allocated to that service (10 % in the EigenLayer example).",
                illustrative: true,
                source: "Illustrative probability; the 10 % loss is the EigenLayer slashing example of shared/reference/vectors.md (50 % slash of a 20 % allocation).",
            },
            RiskLayerPreset {
                id: "lrt-contract",
                label: "LRT contract",
                annual_probability: dec!(0.01),
                loss_given_event: dec!(0.3),
                in_base_staking: false,
                note: "The token issuer's contracts, its exchange-rate oracle, its admin keys or its withdrawal queue fail.",
                illustrative: true,
                source: ILLUSTRATIVE,
            },
            RiskLayerPreset {
                id: "lending-market",
                label: "Lending market",
                annual_probability: dec!(0.01),
                loss_given_event: dec!(0.2),
                in_base_staking: false,
                note: "The market you loop in is exploited, its oracle misprices, or bad debt is passed to users. Only a loop carries this layer.",
                illustrative: true,
                source: ILLUSTRATIVE,
            },
        ],
        stacks: vec![
            RiskStackPreset {
                id: "restaking-loop",
                label: "Leveraged restaking loop: all five layers",
                layers: vec!["ethereum-staking", "eigenlayer-core", "avs-slashing", "lrt-contract", "lending-market"],
                note: "A restaking token looped in a lending market carries every layer, and leverage multiplies what each costs your capital.",
            },
            RiskStackPreset {
                id: "restaking-hold",
                label: "Holding a restaking token (no loop)",
                layers: vec!["ethereum-staking", "eigenlayer-core", "avs-slashing", "lrt-contract"],
                note: "The token alone, without a lending market.",
            },
        ],
        note: "Read each layer as: the chance, in a year, that it causes a loss (annual probability), and the share of the position lost when it does (loss given the event). Their product is the yearly loss to expect from that layer. The numbers are illustrative: nobody can measure the chance of an undiscovered bug. Choose them from audits, time in production, bug bounties and how much value each layer guards — and remember that a leveraged loop loses a multiple of any fall in the token's value.",
        slashing: SlashingExample {
            balance: dec!(32),
            slashed_in_window: dec!(32),
            total_staked: dec!(34000000),
            stake: dec!(200),
            allocated_magnitude: dec!(2000),
            total_magnitude: dec!(10000),
            slashed_fraction: dec!(0.5),
            source: "shared/reference/vectors.md: Electra slashing (balance/4096 plus the correlation penalty) and the EigenLayer example (magnitudes 2000/2500/2000/3500 of 10000, 200 EIGEN, the first AVS slashes 50 % → 180 EIGEN left).",
        },
        shares: vec![
            ShareExample { label: "Largest protocol", share: dec!(0.70) },
            ShareExample { label: "Second", share: dec!(0.15) },
            ShareExample { label: "Third", share: dec!(0.10) },
            ShareExample { label: "All others", share: dec!(0.05) },
        ],
        shares_note: "Illustrative split of restaked capital, not a measurement: one large protocol and a few small ones. Enter today's shares from a dashboard such as DefiLlama's restaking category.",
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
        yields: yield_presets(),
        risk: risk_presets(),
    }
}
