//! Layered restaking risk: the chance that some layer of a position fails
//! and the yearly loss to expect from the stack (`riskStack`); what one
//! slashing costs a staker on Ethereum and on EigenLayer (`slashingLoss`);
//! and how concentrated restaked capital is (`concentration`).
//!
//! Units: probabilities, losses and shares as fractions of the position
//! (0.01 = 1 %); yearly rates as fractions; ETH, EIGEN or any token for
//! amounts, as each field says. All maths is exact [`Decimal`] arithmetic.
//!
//! Sources:
//! - Independent layers: elementary probability, `P(no failure) = Π(1 − p_i)`;
//!   expected loss `EL = PD × LGD` per unit of exposure (Basel Committee on
//!   Banking Supervision, *International Convergence of Capital Measurement
//!   and Capital Standards* (Basel II), 2006, IRB approach).
//! - Ethereum slashing: ethereum/consensus-specs, `specs/electra/beacon-chain.md`
//!   (`slash_validator`, `process_slashings`) with
//!   `MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA = 4096` and
//!   `specs/bellatrix/beacon-chain.md` `PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX = 3`.
//! - EigenLayer slashing: Layr-Labs/eigenlayer-contracts,
//!   `src/contracts/core/AllocationManager.sol` (`slashOperator`),
//!   `src/contracts/libraries/SlashingLib.sol`, and ELIP-002 (Slashing via
//!   Unique Stake & Operator Sets).
//! - Concentration: the Herfindahl–Hirschman index as in the U.S. DOJ & FTC
//!   *Merger Guidelines* (2023), and its numbers-equivalent `1/HHI`
//!   (M. A. Adelman, "Comment on the 'H' Concentration Measure as a
//!   Numbers-Equivalent", *Review of Economics and Statistics*, 1969).

use crate::error::CalcError;
use crate::input::{self, join, within, At, Bound, MAX_RATE};
use crate::num::{add, div, mul, sub, Decimal, Exact, Num, Overflow};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Most layers a risk stack accepts (per list).
pub const MAX_LAYERS: usize = 100;
/// Most entries `concentration` accepts.
pub const MAX_SHARES: usize = 100;

// ---------------------------------------------------------------- riskStack

/// One layer of risk as the JS side describes it: a contract, a slashing
/// condition, an oracle, a market.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RiskLayerInput {
    pub label: String,
    /// Probability that the layer fails within a year (0 to 1).
    pub annual_probability: Num,
    /// Fraction of the position lost if it fails (0 to 1).
    pub loss_given_event: Num,
}
crate::read_struct!(RiskLayerInput {
    label: "label",
    annual_probability: "annualProbability",
    loss_given_event: "lossGivenEvent",
});

/// Input of `riskStack`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RiskStackInput {
    /// The position's net yearly yield (−10 to 10; a leveraged loop may be negative).
    pub apr: Num,
    /// The yield of plain ETH staking, the senior reference (−10 to 10).
    /// Required when `baseLayers` is given.
    #[serde(default)]
    #[tsify(optional)]
    pub base_apr: Option<Num>,
    /// Every layer the position carries, base staking's included (1 to 100).
    pub layers: Vec<RiskLayerInput>,
    /// The layers plain staking carries as well (1 to 100); default none.
    #[serde(default)]
    #[tsify(optional)]
    pub base_layers: Option<Vec<RiskLayerInput>>,
}
crate::read_struct!(RiskStackInput { apr: "apr", base_apr: "baseApr", layers: "layers", base_layers: "baseLayers" });

/// A validated layer.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskLayer {
    pub label: String,
    pub annual_probability: Decimal,
    pub loss_given_event: Decimal,
}

/// A validated `riskStack` input. `base` is `(baseApr, baseLayers)`, with no
/// layers when `baseLayers` is absent.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskStackParams {
    pub apr: Decimal,
    pub layers: Vec<RiskLayer>,
    pub base: Option<(Decimal, Vec<RiskLayer>)>,
}

impl RiskLayerInput {
    pub fn validate(&self, prefix: &str) -> Result<RiskLayer, CalcError> {
        let path = |field| At(prefix, field);
        Ok(RiskLayer {
            label: self.label.clone(),
            annual_probability: input::fraction(&path("annualProbability"), self.annual_probability.get())?,
            loss_given_event: input::fraction(&path("lossGivenEvent"), self.loss_given_event.get())?,
        })
    }
}

fn validate_layers(path: &str, layers: &[RiskLayerInput]) -> Result<Vec<RiskLayer>, CalcError> {
    input::list_length(path, layers.len(), MAX_LAYERS, "layer")?;
    layers.iter().enumerate().map(|(i, l)| l.validate(&join(path, &format!("[{i}]")))).collect()
}

/// A yearly yield that may be negative: `−10 <= v <= 10`.
#[inline(always)]
fn signed_rate<P: input::FieldAt + ?Sized>(path: &P, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, &const { [Bound::Incl(input::neg(MAX_RATE)), Bound::Incl(MAX_RATE)] })
}

impl RiskStackInput {
    pub fn validate(&self, prefix: &str) -> Result<RiskStackParams, CalcError> {
        let path = |field| At(prefix, field);
        let apr = signed_rate(&path("apr"), self.apr.get())?;
        let layers = validate_layers(&path("layers").path(), &self.layers)?;
        let base_apr = self.base_apr.map(|b| signed_rate(&path("baseApr"), b.get())).transpose()?;
        let base = match (base_apr, &self.base_layers) {
            (None, Some(_)) => return Err(CalcError::new(path("baseApr"), "is required when baseLayers is given")),
            (None, None) => None,
            (Some(b), None) => Some((b, Vec::new())),
            (Some(b), Some(list)) => Some((b, validate_layers(&path("baseLayers").path(), list)?)),
        };
        Ok(RiskStackParams { apr, layers, base })
    }
}

/// One layer's share of the expected loss.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskLayerContribution {
    pub label: String,
    pub annual_probability: Decimal,
    pub loss_given_event: Decimal,
    /// `annualProbability × lossGivenEvent`: this layer's expected loss alone.
    pub expected_loss: Decimal,
    /// What this layer adds to the stack's expected loss, in list order:
    /// `e_i · Π_{j<i}(1 − e_j)` (it destroys its share of what the layers
    /// above it left). The contributions sum to the stack's `expectedLoss`.
    pub contribution: Decimal,
}

/// The risk figures of one stack of layers under one yield.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskTranche {
    /// The yield the stack is measured against.
    pub apr: Decimal,
    /// `1 − Π(1 − p_i)`.
    pub any_failure_probability: Decimal,
    /// `1 − Π(1 − p_i·lossGivenEvent_i)`: yearly expected loss, a fraction.
    pub expected_loss: Decimal,
    /// `apr − expectedLoss`.
    pub risk_adjusted_apr: Decimal,
    pub layers: Vec<RiskLayerContribution>,
}

/// The position against plain staking.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskPremium {
    /// `apr − baseApr`: the extra yield before risk.
    pub before_risk: Decimal,
    /// `riskAdjustedApr − base.riskAdjustedApr`: the extra yield after risk.
    pub after_risk: Decimal,
    /// `expectedLoss − base.expectedLoss`: the expected loss the extra layers add.
    pub added_expected_loss: Decimal,
    /// `beforeRisk / addedExpectedLoss`: yield earned per unit of added expected
    /// loss (above 1: the premium more than pays for it); null when no loss is
    /// added (`addedExpectedLoss <= 0`).
    pub per_added_loss: Option<Decimal>,
}

/// Output of `riskStack`. The top-level figures are the position's; `base`
/// is plain staking, the senior tranche, and the difference is what the
/// junior restaking layers add (they take the first loss).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RiskStack {
    pub apr: Decimal,
    pub any_failure_probability: Decimal,
    pub expected_loss: Decimal,
    pub risk_adjusted_apr: Decimal,
    /// In input order.
    pub layers: Vec<RiskLayerContribution>,
    /// Plain staking's figures under `baseApr` and `baseLayers` (none when
    /// absent); null without `baseApr`.
    pub base: Option<RiskTranche>,
    /// Null without `baseApr`.
    pub premium: Option<RiskPremium>,
}

/// Expected loss and risk-adjusted yield of a stack of independent layers:
/// `riskStack` of the JS API.
pub fn risk_stack(input: &RiskStackInput) -> Result<RiskStack, CalcError> {
    let p = input.validate("")?;
    let overflow = |Overflow| CalcError::overflow("layers");
    let position = tranche(p.apr, &p.layers).map_err(overflow)?;
    let base = p.base.as_ref().map(|(apr, layers)| tranche(*apr, layers)).transpose().map_err(overflow)?;
    let premium = base.as_ref().map(|b| premium(&position, b)).transpose().map_err(overflow)?;
    let RiskTranche { apr, any_failure_probability, expected_loss, risk_adjusted_apr, layers } = position;
    Ok(RiskStack { apr, any_failure_probability, expected_loss, risk_adjusted_apr, layers, base, premium })
}

/// Every figure of one stack under the yield `apr`.
pub fn tranche(apr: Decimal, layers: &[RiskLayer]) -> Exact<RiskTranche> {
    let any_failure_probability = any_failure_probability(layers.iter().map(|l| l.annual_probability))?;
    let losses = layers
        .iter()
        .map(|l| layer_expected_loss(l.annual_probability, l.loss_given_event))
        .collect::<Exact<Vec<_>>>()?;
    let expected_loss = stacked_expected_loss(losses.iter().copied())?;
    let contributions = loss_contributions(&losses)?;
    let layers = layers
        .iter()
        .zip(losses.iter().zip(contributions))
        .map(|(l, (&expected_loss, contribution))| RiskLayerContribution {
            label: l.label.clone(),
            annual_probability: l.annual_probability,
            loss_given_event: l.loss_given_event,
            expected_loss,
            contribution,
        })
        .collect();
    Ok(RiskTranche {
        apr,
        any_failure_probability,
        expected_loss,
        risk_adjusted_apr: risk_adjusted_apr(apr, expected_loss)?,
        layers,
    })
}

/// `Π(1 − x_i)`: the probability that none of independent events of
/// probabilities `x_i` happens (or the fraction left after independent
/// losses `x_i`, each of what is left). In [0, 1].
pub fn survival(xs: impl IntoIterator<Item = Decimal>) -> Exact {
    xs.into_iter().try_fold(Decimal::ONE, |left, x| mul(left, sub(Decimal::ONE, x)?))
}

/// `1 − Π(1 − p_i)`: the probability that at least one of independent
/// layers fails within the year. Vector: 0.5 %, 1.0 %, 0.5 % → 1.987525 %.
pub fn any_failure_probability(probabilities: impl IntoIterator<Item = Decimal>) -> Exact {
    sub(Decimal::ONE, survival(probabilities)?)
}

/// `PD × LGD`: one layer's yearly expected loss, a fraction of the position
/// (Basel II). Vector: 2 % × 45 % → 0.90 %.
pub fn layer_expected_loss(annual_probability: Decimal, loss_given_event: Decimal) -> Exact {
    mul(annual_probability, loss_given_event)
}

/// `1 − Π(1 − e_i)` with `e_i = p_i·LGD_i`: the yearly expected loss of
/// independent layers, each destroying its share of what the others left
/// (issue 4). Below `Σ e_i`, which counts twice what two layers both destroy.
pub fn stacked_expected_loss(layer_losses: impl IntoIterator<Item = Decimal>) -> Exact {
    sub(Decimal::ONE, survival(layer_losses)?)
}

/// Each layer's part of [`stacked_expected_loss`] in list order:
/// `c_i = e_i · Π_{j<i}(1 − e_j)`; `Σ c_i = 1 − Π(1 − e_i)` (a telescoping sum).
pub fn loss_contributions(layer_losses: &[Decimal]) -> Exact<Vec<Decimal>> {
    let mut left = Decimal::ONE;
    let mut out = Vec::with_capacity(layer_losses.len());
    for &e in layer_losses {
        out.push(mul(left, e)?);
        left = mul(left, sub(Decimal::ONE, e)?)?;
    }
    Ok(out)
}

/// `apr − expectedLoss`: the yield left after the yearly expected loss, both
/// yearly fractions of the position (a one-year, first-order view: the
/// loss is charged against the year's yield).
pub fn risk_adjusted_apr(apr: Decimal, expected_loss: Decimal) -> Exact {
    sub(apr, expected_loss)
}

/// The position's premium over base staking, before and after risk, and per
/// unit of the expected loss its extra layers add (derived from
/// [`risk_adjusted_apr`]: `afterRisk = beforeRisk − addedExpectedLoss`).
pub fn premium(position: &RiskTranche, base: &RiskTranche) -> Exact<RiskPremium> {
    let before_risk = sub(position.apr, base.apr)?;
    let added_expected_loss = sub(position.expected_loss, base.expected_loss)?;
    Ok(RiskPremium {
        before_risk,
        after_risk: sub(position.risk_adjusted_apr, base.risk_adjusted_apr)?,
        added_expected_loss,
        per_added_loss: if added_expected_loss > Decimal::ZERO {
            Some(div(before_risk, added_expected_loss)?)
        } else {
            None
        },
    })
}

// ------------------------------------------------------------- slashingLoss

/// `MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA` (consensus-specs, Electra): the
/// initial penalty is `effective_balance // 4096`.
pub const MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA: Decimal = dec!(4096);
/// `PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX` (consensus-specs, Bellatrix,
/// unchanged in Electra).
pub const PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX: Decimal = dec!(3);
/// `MIN_ACTIVATION_BALANCE` (Electra): 32 ETH, the default balance.
pub const MIN_ACTIVATION_BALANCE_ETH: u32 = 32;
/// `MAX_EFFECTIVE_BALANCE_ELECTRA`: 2048 ETH.
pub const MAX_EFFECTIVE_BALANCE_ELECTRA_ETH: u32 = 2048;
/// `WAD` (EigenLayer): an operator's max magnitude starts at 1e18 and only falls.
pub const WAD: Decimal = dec!(1_000_000_000_000_000_000);

/// An Ethereum validator's slashing, as the JS side describes it.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EthereumSlashingInput {
    /// The validator's effective balance in whole ETH, 1 to 2048 (default 32).
    #[serde(default)]
    #[tsify(optional)]
    pub balance: Option<Num>,
    /// ETH of effective balance slashed in the ~36-day window
    /// (`EPOCHS_PER_SLASHINGS_VECTOR` = 8192 epochs) around this slashing,
    /// this validator's own included: from `balance` to `totalStaked`
    /// (default `balance`: this validator alone).
    #[serde(default)]
    #[tsify(optional)]
    pub slashed_in_window: Option<Num>,
    /// Total active stake in ETH (> 0), e.g. 34,000,000.
    pub total_staked: Num,
}
crate::read_struct!(EthereumSlashingInput {
    balance: "balance",
    slashed_in_window: "slashedInWindow",
    total_staked: "totalStaked",
});

/// An EigenLayer AVS slashing the operator a staker delegates to.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EigenLayerSlashingInput {
    /// The staker's stake in the slashed strategy, in its token (> 0).
    pub stake: Num,
    /// The operator's magnitude allocated to the slashing AVS's operator set
    /// (0 to `totalMagnitude`).
    pub allocated_magnitude: Num,
    /// The operator's max magnitude for the strategy (> 0, at most 1e18 = WAD).
    pub total_magnitude: Num,
    /// Fraction of the allocation the AVS slashes (`wadToSlash / 1e18`, 0 to 1).
    pub slashed_fraction: Num,
}
crate::read_struct!(EigenLayerSlashingInput {
    stake: "stake",
    allocated_magnitude: "allocatedMagnitude",
    total_magnitude: "totalMagnitude",
    slashed_fraction: "slashedFraction",
});

/// Input of `slashingLoss`: give `ethereum`, `eigenLayer` or both.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SlashingLossInput {
    #[serde(default)]
    #[tsify(optional)]
    pub ethereum: Option<EthereumSlashingInput>,
    #[serde(default)]
    #[tsify(optional)]
    pub eigen_layer: Option<EigenLayerSlashingInput>,
}
crate::read_struct!(SlashingLossInput { ethereum: "ethereum", eigen_layer: "eigenLayer" });

/// A validated Ethereum slashing, in ETH.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EthereumSlashingParams {
    pub balance: Decimal,
    pub slashed_in_window: Decimal,
    pub total_staked: Decimal,
}

/// A validated EigenLayer slashing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EigenLayerSlashingParams {
    pub stake: Decimal,
    pub allocated_magnitude: Decimal,
    pub total_magnitude: Decimal,
    pub slashed_fraction: Decimal,
}

impl EthereumSlashingInput {
    pub fn validate(&self, prefix: &str) -> Result<EthereumSlashingParams, CalcError> {
        let path = |field| At(prefix, field);
        let balance = match self.balance {
            Some(b) => Decimal::from(input::integer(&path("balance"), b.get(), 1, MAX_EFFECTIVE_BALANCE_ELECTRA_ETH)?),
            None => Decimal::from(MIN_ACTIVATION_BALANCE_ETH),
        };
        let total_staked = input::amount(&path("totalStaked"), self.total_staked.get())?;
        let slashed_path = path("slashedInWindow");
        let slashed_in_window = match self.slashed_in_window {
            Some(s) => s.get(),
            None => balance,
        };
        if slashed_in_window < balance {
            return Err(CalcError::new(
                slashed_path,
                format!(
                    "must include the slashed validator's own balance: at least {}, got {}",
                    balance.normalize(),
                    slashed_in_window.normalize()
                ),
            ));
        }
        if slashed_in_window > total_staked {
            return Err(CalcError::new(
                slashed_path,
                format!(
                    "must not exceed totalStaked ({}), got {}",
                    total_staked.normalize(),
                    slashed_in_window.normalize()
                ),
            ));
        }
        Ok(EthereumSlashingParams { balance, slashed_in_window, total_staked })
    }
}

impl EigenLayerSlashingInput {
    pub fn validate(&self, prefix: &str) -> Result<EigenLayerSlashingParams, CalcError> {
        let path = |field| At(prefix, field);
        let total_magnitude = within(
            &path("totalMagnitude"),
            self.total_magnitude.get(),
            &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(WAD)] },
        )?;
        Ok(EigenLayerSlashingParams {
            stake: input::amount(&path("stake"), self.stake.get())?,
            allocated_magnitude: within(
                &path("allocatedMagnitude"),
                self.allocated_magnitude.get(),
                &[Bound::Incl(Decimal::ZERO), Bound::Incl(total_magnitude)],
            )?,
            total_magnitude,
            slashed_fraction: input::fraction(&path("slashedFraction"), self.slashed_fraction.get())?,
        })
    }
}

/// What an Ethereum slashing costs the validator, in ETH.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct EthereumSlashing {
    /// Effective balance, ETH.
    pub balance: Decimal,
    /// `balance / 4096`, taken at once.
    pub initial_penalty: Decimal,
    /// `min(3 × slashedInWindow / totalStaked, 1)`.
    pub correlation_factor: Decimal,
    /// `balance × correlationFactor`, taken about 18 days after the slashing.
    pub correlation_penalty: Decimal,
    /// `min(initialPenalty + correlationPenalty, balance)`.
    pub penalty: Decimal,
    /// `balance − penalty`.
    pub balance_left: Decimal,
    /// `penalty / balance`.
    pub loss_fraction: Decimal,
}

/// What an AVS slash costs a staker of the slashed operator.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct EigenLayerSlashing {
    /// `allocatedMagnitude / totalMagnitude`: the share of the operator's
    /// stake the AVS can slash.
    pub allocation_share: Decimal,
    /// `slashedFraction × allocationShare`.
    pub loss_fraction: Decimal,
    /// `stake × lossFraction`, in the stake's token.
    pub stake_lost: Decimal,
    /// `stake − stakeLost`.
    pub stake_left: Decimal,
    /// `allocatedMagnitude × (1 − slashedFraction)`.
    pub allocated_magnitude_after: Decimal,
    /// `totalMagnitude − allocatedMagnitude × slashedFraction`.
    pub total_magnitude_after: Decimal,
}

/// Output of `slashingLoss`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct SlashingLoss {
    /// Null when `ethereum` was not given.
    pub ethereum: Option<EthereumSlashing>,
    /// Null when `eigenLayer` was not given.
    pub eigen_layer: Option<EigenLayerSlashing>,
    /// The staker's loss from every part given, each taking its share of what
    /// the other left: `1 − Π(1 − lossFraction)`.
    pub loss_fraction: Decimal,
}

/// A staker's loss from an Ethereum slashing, an EigenLayer AVS slash or
/// both: `slashingLoss` of the JS API.
///
/// The two compound: a native restaker's EigenLayer shares are scaled by both
/// the beacon-chain slashing factor and the operator's max magnitude
/// (`SlashingLib.sol`: `slashingFactor = maxMagnitude × beaconChainSlashingFactor`),
/// so the fraction left is the product of the fractions left.
pub fn slashing_loss(input: &SlashingLossInput) -> Result<SlashingLoss, CalcError> {
    if input.ethereum.is_none() && input.eigen_layer.is_none() {
        return Err(CalcError::new("ethereum", "is required: give ethereum, eigenLayer or both"));
    }
    let ethereum = match &input.ethereum {
        Some(e) => Some(
            ethereum_slashing(&e.validate("ethereum")?)
                .map_err(|Overflow| CalcError::overflow("ethereum.totalStaked"))?,
        ),
        None => None,
    };
    let eigen_layer = match &input.eigen_layer {
        Some(e) => Some(
            eigen_layer_slashing(&e.validate("eigenLayer")?)
                .map_err(|Overflow| CalcError::overflow("eigenLayer.stake"))?,
        ),
        None => None,
    };
    let parts = ethereum.iter().map(|e| e.loss_fraction).chain(eigen_layer.iter().map(|e| e.loss_fraction));
    let loss_fraction = stacked_expected_loss(parts).map_err(|Overflow| CalcError::overflow("ethereum"))?;
    Ok(SlashingLoss { ethereum, eigen_layer, loss_fraction })
}

/// Electra slashing of a validator with effective balance `B` ETH:
/// - initial penalty `B / MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA` = `B / 4096`
///   (`slash_validator`);
/// - correlation penalty `B × min(3 × S / T, 1)`, with `S` the effective
///   balance slashed in the `EPOCHS_PER_SLASHINGS_VECTOR` window and `T` the
///   total active balance (`process_slashings`, at the halfway point of the
///   slashed validator's withdrawal delay);
/// - the total cannot exceed the balance (`decrease_balance` stops at 0).
///
/// The spec computes in Gwei with floor division per 1-ETH increment
/// (`penalty_per_effective_balance_increment`); this continuous form differs
/// from it by less than 1 Gwei per ETH. Not included: the attestation
/// penalties a slashed validator also pays while it waits to exit.
pub fn ethereum_slashing(p: &EthereumSlashingParams) -> Exact<EthereumSlashing> {
    let initial_penalty = div(p.balance, MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA)?;
    let correlation_factor = correlation_factor(p.slashed_in_window, p.total_staked)?;
    let correlation_penalty = mul(p.balance, correlation_factor)?;
    let penalty = add(initial_penalty, correlation_penalty)?.min(p.balance);
    Ok(EthereumSlashing {
        balance: p.balance,
        initial_penalty,
        correlation_factor,
        correlation_penalty,
        penalty,
        balance_left: sub(p.balance, penalty)?,
        loss_fraction: div(penalty, p.balance)?,
    })
}

/// `min(PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX × S / T, 1)` =
/// `min(3·S/T, 1)`: the fraction of its effective balance a slashed validator
/// loses to the correlation penalty (Electra `process_slashings`:
/// `adjusted_total_slashing_balance = min(sum(slashings) × 3, total_balance)`).
pub fn correlation_factor(slashed_in_window: Decimal, total_staked: Decimal) -> Exact {
    let adjusted = mul(slashed_in_window, PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX)?.min(total_staked);
    div(adjusted, total_staked)
}

/// An AVS slash under EigenLayer's unique-stake slashing:
/// `AllocationManager.slashOperator` removes
/// `slashedMagnitude = wadToSlash × currentMagnitude` from the operator's
/// allocation and from its `maxMagnitude`; a staker's withdrawable shares
/// scale with `maxMagnitude` (`SlashingLib.sol`), so the staker loses
/// `slashedFraction × allocatedMagnitude / totalMagnitude` of the stake
/// (ELIP-002). Vector: magnitudes 2000/2500/2000/3500 of 10000, 200 EIGEN,
/// the first AVS slashes 50 % → 10 % lost, 180 EIGEN left. The contract
/// rounds the slashed magnitude up in WAD units; this is exact arithmetic.
pub fn eigen_layer_slashing(p: &EigenLayerSlashingParams) -> Exact<EigenLayerSlashing> {
    let allocation_share = div(p.allocated_magnitude, p.total_magnitude)?;
    let loss_fraction = mul(p.slashed_fraction, allocation_share)?;
    let stake_lost = mul(p.stake, loss_fraction)?;
    let slashed_magnitude = mul(p.allocated_magnitude, p.slashed_fraction)?;
    Ok(EigenLayerSlashing {
        allocation_share,
        loss_fraction,
        stake_lost,
        stake_left: sub(p.stake, stake_lost)?,
        allocated_magnitude_after: sub(p.allocated_magnitude, slashed_magnitude)?,
        total_magnitude_after: sub(p.total_magnitude, slashed_magnitude)?,
    })
}

// ------------------------------------------------------------ concentration

/// One protocol's size: give `share` (a fraction, 0 to 1) or `amount`
/// (e.g. ETH restaked, >= 0), the same one in every entry.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ConcentrationShareInput {
    pub label: String,
    #[serde(default)]
    #[tsify(optional)]
    pub share: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub amount: Option<Num>,
}
crate::read_struct!(ConcentrationShareInput { label: "label", share: "share", amount: "amount" });

/// Input of `concentration`: 1 to 100 protocols.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ConcentrationInput {
    pub shares: Vec<ConcentrationShareInput>,
}
crate::read_struct!(ConcentrationInput { shares: "shares" });

/// A protocol's share of the total, normalised so that the shares sum to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ConcentrationShare {
    pub label: String,
    pub share: Decimal,
}

/// Output of `concentration`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Concentration {
    /// `Σ s_i²` with the shares `s_i` as fractions: 0 to 1 (1 = one protocol).
    pub hhi: Decimal,
    /// `hhi × 10,000`: the same index on the 0–10,000 scale of the DOJ/FTC
    /// Merger Guidelines (shares in percent); above 1,800 is "highly concentrated".
    pub hhi_points: Decimal,
    /// `1 / hhi`: the number of equal-sized protocols with the same HHI.
    pub effective_number: Decimal,
    /// The largest protocol (the first on a tie); its `share` is the fraction
    /// of restaked capital hit if it fails.
    pub largest: ConcentrationShare,
    /// Every entry's normalised share, in input order.
    pub shares: Vec<ConcentrationShare>,
}

impl ConcentrationInput {
    /// Validates the entries and returns their sizes, not yet normalised.
    pub fn validate(&self, prefix: &str) -> Result<Vec<Decimal>, CalcError> {
        let list = join(prefix, "shares");
        input::list_length(&list, self.shares.len(), MAX_SHARES, "protocol")?;
        let by_amount = self.shares[0].share.is_none() && self.shares[0].amount.is_some();
        let mut sizes = Vec::with_capacity(self.shares.len());
        for (i, entry) in self.shares.iter().enumerate() {
            let at = |field: &str| join(&join(&list, &format!("[{i}]")), field);
            let size = match (entry.share, entry.amount) {
                (Some(_), Some(_)) => {
                    return Err(CalcError::new(at("amount"), "give either share or amount, not both"))
                }
                (None, None) => return Err(CalcError::new(at("share"), "is required: give share or amount")),
                (Some(_), None) if by_amount => {
                    return Err(CalcError::new(at("share"), "give amount in every entry, as the first one does"))
                }
                (None, Some(_)) if !by_amount => {
                    return Err(CalcError::new(at("amount"), "give share in every entry, as the first one does"))
                }
                (Some(s), None) => input::fraction(&at("share"), s.get())?,
                (None, Some(a)) => input::amount_or_zero(&at("amount"), a.get())?,
            };
            sizes.push(size);
        }
        if sizes.iter().all(|s| s.is_zero()) {
            return Err(CalcError::new(list, "must not all be zero"));
        }
        Ok(sizes)
    }
}

/// Market concentration of restaked capital: `concentration` of the JS API.
pub fn concentration(input: &ConcentrationInput) -> Result<Concentration, CalcError> {
    let sizes = input.validate("")?;
    let overflow = |Overflow| CalcError::overflow("shares");
    let shares = normalised_shares(&sizes).map_err(overflow)?;
    let hhi = herfindahl_index(&shares).map_err(overflow)?;
    let (largest_index, _) =
        shares.iter().enumerate().fold((0, Decimal::MIN), |best, (i, &s)| if s > best.1 { (i, s) } else { best });
    let labelled: Vec<ConcentrationShare> = input
        .shares
        .iter()
        .zip(&shares)
        .map(|(entry, &share)| ConcentrationShare { label: entry.label.clone(), share })
        .collect();
    Ok(Concentration {
        hhi,
        hhi_points: mul(hhi, dec!(10000)).map_err(overflow)?,
        effective_number: div(Decimal::ONE, hhi).map_err(overflow)?,
        largest: labelled[largest_index].clone(),
        shares: labelled,
    })
}

/// `s_i = x_i / Σ x_j`: sizes as fractions of their total (which is > 0).
pub fn normalised_shares(sizes: &[Decimal]) -> Exact<Vec<Decimal>> {
    let total = sizes.iter().try_fold(Decimal::ZERO, |sum, &x| add(sum, x))?;
    sizes.iter().map(|&x| div(x, total)).collect()
}

/// Herfindahl–Hirschman index `HHI = Σ s_i²` of shares that sum to 1: from
/// `1/n` (n equal protocols) to 1 (one protocol) (DOJ/FTC Merger Guidelines).
pub fn herfindahl_index(shares: &[Decimal]) -> Exact {
    shares.iter().try_fold(Decimal::ZERO, |sum, &s| add(sum, mul(s, s)?))
}
