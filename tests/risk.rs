#![cfg(not(target_arch = "wasm32"))]
//! `riskStack`, `slashingLoss` and `concentration`: the risk and slashing
//! vectors of shared/reference/vectors.md, the Electra and EigenLayer
//! formulas, properties, and one test per documented error. Inputs go
//! through the same JSON parsing as the wasm boundary.
//!
//! Tolerance: all maths is exact Decimal, so vectors are compared exactly
//! (or after rounding to the digits the vector quotes).
// Native only: proptest has no wasm32 backend (`wasm-pack test` builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use restake_calc::input::parse;
use restake_calc::risk::{
    concentration, risk_stack, slashing_loss, Concentration, ConcentrationInput, RiskStack, RiskStackInput,
    SlashingLoss, SlashingLossInput,
};
use restake_calc::CalcError;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};

fn stack(input: Value) -> Result<RiskStack, CalcError> {
    let parsed: RiskStackInput = parse(input)?;
    risk_stack(&parsed)
}

fn slashing(input: Value) -> Result<SlashingLoss, CalcError> {
    let parsed: SlashingLossInput = parse(input)?;
    slashing_loss(&parsed)
}

fn shares(input: Value) -> Result<Concentration, CalcError> {
    let parsed: ConcentrationInput = parse(input)?;
    concentration(&parsed)
}

fn layer(label: &str, p: Value, lgd: Value) -> Value {
    json!({ "label": label, "annualProbability": p, "lossGivenEvent": lgd })
}

fn assert_errors<T: std::fmt::Debug>(run: impl Fn(Value) -> Result<T, CalcError>, cases: Vec<(Value, &str)>) {
    for (input, expected) in cases {
        let message = run(input.clone()).unwrap_err().to_string();
        assert!(message.starts_with(expected), "input {input}\n got: {message}\nwant: {expected}…");
    }
}

// ---------------------------------------------------------------- riskStack

#[test]
fn any_failure_of_independent_layers_matches_the_vector() {
    // vectors.md: 0.5 %, 1.0 %, 0.5 % -> 1.987525 %.
    let s = stack(json!({
        "apr": 0.05,
        "layers": [layer("a", json!(0.005), json!(1)), layer("b", json!(0.01), json!(1)), layer("c", json!(0.005), json!(1))]
    }))
    .unwrap();
    assert_eq!(s.any_failure_probability, dec!(0.01987525));
    // With total loss on failure, expected loss is the failure probability.
    assert_eq!(s.expected_loss, dec!(0.01987525));
    assert_eq!(s.risk_adjusted_apr, dec!(0.05) - dec!(0.01987525));
    assert_eq!(s.base, None);
    assert_eq!(s.premium, None);
}

#[test]
fn expected_loss_is_probability_times_loss_given_event() {
    // vectors.md: 2 % × 45 % -> 0.90 %.
    let s = stack(json!({ "apr": 0.04, "layers": [layer("lending market", json!(0.02), json!(0.45))] })).unwrap();
    assert_eq!(s.expected_loss, dec!(0.009));
    assert_eq!(s.any_failure_probability, dec!(0.02));
    assert_eq!(s.risk_adjusted_apr, dec!(0.031));
    assert_eq!(s.layers[0].expected_loss, dec!(0.009));
    assert_eq!(s.layers[0].contribution, dec!(0.009));
    assert_eq!(s.layers[0].label, "lending market");
}

#[test]
fn layers_take_their_share_of_what_is_left() {
    // e = 0.1 and 0.2: 1 − 0.9 × 0.8 = 0.28 (not 0.30); in list order the
    // second layer adds 0.2 × 0.9 = 0.18.
    let s = stack(json!({
        "apr": 0.1,
        "layers": [layer("a", json!(0.2), json!(0.5)), layer("b", json!(0.4), json!(0.5))]
    }))
    .unwrap();
    assert_eq!(s.expected_loss, dec!(0.28));
    assert_eq!(s.any_failure_probability, dec!(0.52));
    assert_eq!(s.layers[0].contribution, dec!(0.1));
    assert_eq!(s.layers[1].contribution, dec!(0.18));
    assert_eq!(s.layers[1].expected_loss, dec!(0.2));
}

#[test]
fn the_premium_over_base_staking_before_and_after_risk() {
    // Restaked position 9 % with Ethereum staking + three restaking layers;
    // plain staking 3 % with the Ethereum layer alone (the senior tranche).
    let eth = layer("Ethereum staking", json!(0.001), json!(0.01));
    let s = stack(json!({
        "apr": 0.09,
        "baseApr": 0.03,
        "layers": [eth, layer("EigenLayer core", json!(0.005), json!(1)),
                   layer("AVS slashing", json!(0.02), json!(0.45)), layer("LRT contract", json!(0.01), json!(0.5))],
        "baseLayers": [eth]
    }))
    .unwrap();
    let base = s.base.as_ref().unwrap();
    assert_eq!(base.apr, dec!(0.03));
    assert_eq!(base.expected_loss, dec!(0.00001));
    assert_eq!(base.risk_adjusted_apr, dec!(0.02999));
    assert_eq!(base.layers.len(), 1);
    // 1 − 0.99999 × 0.995 × 0.991 × 0.995.
    let el = Decimal::ONE - dec!(0.99999) * dec!(0.995) * dec!(0.991) * dec!(0.995);
    assert_eq!(s.expected_loss, el);
    let premium = s.premium.unwrap();
    assert_eq!(premium.before_risk, dec!(0.06));
    assert_eq!(premium.added_expected_loss, el - dec!(0.00001));
    assert_eq!(premium.after_risk, premium.before_risk - premium.added_expected_loss);
    assert_eq!(premium.after_risk, s.risk_adjusted_apr - base.risk_adjusted_apr);
    assert_eq!(premium.per_added_loss, Some(dec!(0.06) / (el - dec!(0.00001))));
}

#[test]
fn base_staking_without_layers_carries_no_modelled_loss() {
    let s = stack(json!({ "apr": 0.05, "baseApr": 0.03, "layers": [layer("AVS", json!(0.02), json!(0.45))] })).unwrap();
    let base = s.base.unwrap();
    assert_eq!(base.expected_loss, Decimal::ZERO);
    assert_eq!(base.any_failure_probability, Decimal::ZERO);
    assert_eq!(base.risk_adjusted_apr, dec!(0.03));
    assert!(base.layers.is_empty());
    let premium = s.premium.unwrap();
    assert_eq!(premium.added_expected_loss, dec!(0.009));
    assert_eq!(premium.per_added_loss, Some(dec!(0.02) / dec!(0.009)));
}

#[test]
fn premium_per_added_loss_does_not_exist_without_added_loss() {
    let same = layer("Ethereum staking", json!(0.01), json!(0.1));
    let s = stack(json!({ "apr": 0.04, "baseApr": 0.03, "layers": [same], "baseLayers": [same] })).unwrap();
    let premium = s.premium.unwrap();
    assert_eq!(premium.added_expected_loss, Decimal::ZERO);
    assert_eq!(premium.per_added_loss, None);
    assert_eq!(premium.after_risk, dec!(0.01));
    // A loop with a negative net yield is accepted.
    let negative = stack(json!({ "apr": -0.02, "layers": [layer("x", json!(0), json!(0))] })).unwrap();
    assert_eq!(negative.risk_adjusted_apr, dec!(-0.02));
}

#[test]
fn certain_total_loss_is_total() {
    let s =
        stack(json!({ "apr": 0.05, "layers": [layer("a", json!(1), json!(1)), layer("b", json!(0.5), json!(0.5))] }))
            .unwrap();
    assert_eq!(s.expected_loss, Decimal::ONE);
    assert_eq!(s.any_failure_probability, Decimal::ONE);
    assert_eq!(s.layers[1].contribution, Decimal::ZERO);
}

#[test]
fn risk_stack_errors_name_their_field() {
    let ok = layer("ok", json!(0.01), json!(0.5));
    let too_many: Vec<Value> = (0..101).map(|_| ok.clone()).collect();
    assert_errors(
        stack,
        vec![
            (
                json!({ "apr": 0.05, "layers": [ok, layer("x", json!(1.5), json!(0.5))] }),
                "layers[1].annualProbability: must be >= 0 and <= 1, got 1.5",
            ),
            (
                json!({ "apr": 0.05, "layers": [ok, layer("x", json!(-0.01), json!(0.5))] }),
                "layers[1].annualProbability: must be >= 0 and <= 1, got -0.01",
            ),
            (
                json!({ "apr": 0.05, "layers": [layer("x", json!(0.01), json!(2))] }),
                "layers[0].lossGivenEvent: must be >= 0 and <= 1, got 2",
            ),
            (
                json!({ "apr": 0.05, "layers": [layer("x", json!(0.01), json!(-1))] }),
                "layers[0].lossGivenEvent: must be >= 0",
            ),
            (
                json!({ "apr": 0.05, "layers": [{ "label": "x", "lossGivenEvent": 1 }] }),
                "layers[0].annualProbability: is required",
            ),
            (
                json!({ "apr": 0.05, "layers": [{ "annualProbability": 0.1, "lossGivenEvent": 1 }] }),
                "layers[0].label: is required",
            ),
            (json!({ "apr": 0.05, "layers": [] }), "layers: must list at least one layer"),
            (json!({ "apr": 0.05, "layers": too_many }), "layers: must list at most 100 layers, got 101"),
            (json!({ "apr": 0.05 }), "layers: is required"),
            (json!({ "layers": [ok] }), "apr: is required"),
            (json!({ "apr": 11, "layers": [ok] }), "apr: must be >= -10 and <= 10, got 11"),
            (json!({ "apr": 0.05, "baseApr": -11, "layers": [ok] }), "baseApr: must be >= -10 and <= 10"),
            (
                json!({ "apr": 0.05, "layers": [ok], "baseLayers": [ok] }),
                "baseApr: is required when baseLayers is given",
            ),
            (
                json!({ "apr": 0.05, "baseApr": 0.03, "layers": [ok], "baseLayers": [] }),
                "baseLayers: must list at least one layer",
            ),
            (
                json!({ "apr": 0.05, "baseApr": 0.03, "layers": [ok], "baseLayers": [ok, layer("x", json!("p"), json!(1))] }),
                "baseLayers[1].annualProbability: expected a number or a decimal string, got the string \"p\"",
            ),
            (json!({ "apr": 0.05, "layers": ok }), "layers: wrong type: map"),
        ],
    );
}

// ------------------------------------------------------------- slashingLoss

#[test]
fn an_avs_slash_costs_the_allocated_share_of_the_slashed_fraction() {
    // vectors.md: magnitudes 2000/2500/2000/3500 of 10000, 200 EIGEN staked,
    // the first AVS slashes 50 % -> 180 EIGEN left (10 % loss).
    let s = slashing(json!({ "eigenLayer": {
        "stake": 200, "allocatedMagnitude": 2000, "totalMagnitude": 10000, "slashedFraction": 0.5
    } }))
    .unwrap();
    let e = s.eigen_layer.unwrap();
    assert_eq!(e.allocation_share, dec!(0.2));
    assert_eq!(e.loss_fraction, dec!(0.1));
    assert_eq!(e.stake_lost, dec!(20));
    assert_eq!(e.stake_left, dec!(180));
    // The slashed 1000 leaves the allocation and the max magnitude; the
    // other AVSs keep theirs (2500 of 9000 now).
    assert_eq!(e.allocated_magnitude_after, dec!(1000));
    assert_eq!(e.total_magnitude_after, dec!(9000));
    assert_eq!(s.ethereum, None);
    assert_eq!(s.loss_fraction, dec!(0.1));
    // In WAD units the same.
    let wad = slashing(json!({ "eigenLayer": {
        "stake": 200, "allocatedMagnitude": "200000000000000000", "totalMagnitude": "1000000000000000000", "slashedFraction": 0.5
    } }))
    .unwrap();
    assert_eq!(wad.loss_fraction, dec!(0.1));
}

#[test]
fn an_isolated_ethereum_slashing_costs_about_one_4096th() {
    // Electra: initial penalty 32 / 4096 = 0.0078125 ETH; the validator alone
    // in the window of 34M ETH: correlation 32 × 3 × 32 / 34,000,000.
    let s = slashing(json!({ "ethereum": { "totalStaked": 34000000 } })).unwrap();
    let e = s.ethereum.unwrap();
    assert_eq!(e.balance, dec!(32));
    assert_eq!(e.initial_penalty, dec!(0.0078125));
    assert_eq!(e.correlation_factor, dec!(96) / dec!(34000000));
    // 3072 / 34,000,000 to 20 decimals (Decimal rounds at the 28th digit).
    assert_eq!(e.correlation_penalty.round_dp(20), (dec!(3072) / dec!(34000000)).round_dp(20));
    assert_eq!(e.penalty, e.initial_penalty + e.correlation_penalty);
    assert_eq!(e.balance_left, dec!(32) - e.penalty);
    assert_eq!(e.loss_fraction, e.penalty / dec!(32));
    // The spec's Gwei maths: 96e9 // 34e6 = 2823 Gwei per ETH, × 32 = 90,336
    // Gwei; the continuous form is within 1 Gwei per ETH of it.
    assert!((e.correlation_penalty - dec!(0.000090336)).abs() < dec!(32e-9));
    assert_eq!(s.eigen_layer, None);
    assert_eq!(s.loss_fraction, e.loss_fraction);
}

#[test]
fn a_consolidated_validator_loses_half_an_eth_at_once() {
    // MAX_EFFECTIVE_BALANCE_ELECTRA 2048: initial penalty 2048 / 4096 = 0.5 ETH.
    let s =
        slashing(json!({ "ethereum": { "balance": 2048, "slashedInWindow": 2048, "totalStaked": 34000000 } })).unwrap();
    assert_eq!(s.ethereum.unwrap().initial_penalty, dec!(0.5));
}

#[test]
fn a_mass_slashing_of_a_third_of_stake_takes_everything() {
    // 3 × S / T >= 1: the correlation penalty is the whole balance, and the
    // total stops at the balance.
    let s = slashing(json!({ "ethereum": { "balance": 32, "slashedInWindow": 12000000, "totalStaked": 34000000 } }))
        .unwrap();
    let e = s.ethereum.unwrap();
    assert_eq!(e.correlation_factor, Decimal::ONE);
    assert_eq!(e.penalty, dec!(32));
    assert_eq!(e.balance_left, Decimal::ZERO);
    assert_eq!(e.loss_fraction, Decimal::ONE);
    // 10 % of stake slashed: 30 % correlation penalty.
    let ten = slashing(json!({ "ethereum": { "slashedInWindow": 3400000, "totalStaked": 34000000 } })).unwrap();
    assert_eq!(ten.ethereum.unwrap().correlation_factor, dec!(0.3));
}

#[test]
fn both_slashings_compound() {
    let s = slashing(json!({
        "ethereum": { "slashedInWindow": 3400000, "totalStaked": 34000000 },
        "eigenLayer": { "stake": 200, "allocatedMagnitude": 2000, "totalMagnitude": 10000, "slashedFraction": 0.5 }
    }))
    .unwrap();
    let eth = s.ethereum.as_ref().unwrap().loss_fraction;
    assert_eq!(eth, dec!(0.3) + Decimal::ONE / dec!(4096));
    assert_eq!(s.loss_fraction, Decimal::ONE - (Decimal::ONE - eth) * dec!(0.9));
}

#[test]
fn slashing_errors_name_their_field() {
    let eigen = json!({ "stake": 200, "allocatedMagnitude": 2000, "totalMagnitude": 10000, "slashedFraction": 0.5 });
    let with_eigen = |field: &str, v: Value| {
        let mut e = eigen.clone();
        e[field] = v;
        json!({ "eigenLayer": e })
    };
    assert_errors(
        slashing,
        vec![
            (json!({}), "ethereum: is required: give ethereum, eigenLayer or both"),
            (
                json!({ "ethereum": { "balance": 0, "totalStaked": 1e6 } }),
                "ethereum.balance: must be a whole number from 1 to 2048, got 0",
            ),
            (
                json!({ "ethereum": { "balance": 2049, "totalStaked": 1e6 } }),
                "ethereum.balance: must be a whole number from 1 to 2048",
            ),
            (
                json!({ "ethereum": { "balance": 32.5, "totalStaked": 1e6 } }),
                "ethereum.balance: must be a whole number",
            ),
            (json!({ "ethereum": { "slashedInWindow": 10 } }), "ethereum.totalStaked: is required"),
            (json!({ "ethereum": { "totalStaked": 0 } }), "ethereum.totalStaked: must be > 0"),
            (
                json!({ "ethereum": { "slashedInWindow": 31, "totalStaked": 1e6 } }),
                "ethereum.slashedInWindow: must include the slashed validator's own balance: at least 32, got 31",
            ),
            (
                json!({ "ethereum": { "slashedInWindow": 2e6, "totalStaked": 1e6 } }),
                "ethereum.slashedInWindow: must not exceed totalStaked (1000000), got 2000000",
            ),
            (
                json!({ "ethereum": { "totalStaked": 16 } }),
                "ethereum.slashedInWindow: must not exceed totalStaked (16), got 32",
            ),
            (with_eigen("stake", json!(0)), "eigenLayer.stake: must be > 0"),
            (
                with_eigen("allocatedMagnitude", json!(10001)),
                "eigenLayer.allocatedMagnitude: must be >= 0 and <= 10000, got 10001",
            ),
            (with_eigen("allocatedMagnitude", json!(-1)), "eigenLayer.allocatedMagnitude: must be >= 0"),
            (
                with_eigen("totalMagnitude", json!(0)),
                "eigenLayer.totalMagnitude: must be > 0 and <= 1000000000000000000",
            ),
            (
                with_eigen("totalMagnitude", json!("2e18")),
                "eigenLayer.totalMagnitude: must be > 0 and <= 1000000000000000000",
            ),
            (with_eigen("slashedFraction", json!(1.01)), "eigenLayer.slashedFraction: must be >= 0 and <= 1, got 1.01"),
            (with_eigen("slashedFraction", json!(-0.5)), "eigenLayer.slashedFraction: must be >= 0 and <= 1"),
            (
                json!({ "eigenLayer": { "stake": 1, "totalMagnitude": 1, "slashedFraction": 0 } }),
                "eigenLayer.allocatedMagnitude: is required",
            ),
        ],
    );
}

// ------------------------------------------------------------ concentration

#[test]
fn hhi_on_both_scales_and_the_effective_number() {
    let c = shares(json!({ "shares": [
        { "label": "EigenLayer", "share": 0.5 }, { "label": "Symbiotic", "share": 0.3 }, { "label": "Karak", "share": 0.2 }
    ] }))
    .unwrap();
    // 0.25 + 0.09 + 0.04.
    assert_eq!(c.hhi, dec!(0.38));
    assert_eq!(c.hhi_points, dec!(3800));
    assert_eq!(c.effective_number.round_dp(6), dec!(2.631579));
    assert_eq!(c.largest.label, "EigenLayer");
    assert_eq!(c.largest.share, dec!(0.5));
    assert_eq!(c.shares[2].share, dec!(0.2));
}

#[test]
fn amounts_and_partial_shares_are_normalised() {
    let by_amount = shares(json!({ "shares": [
        { "label": "a", "amount": 600 }, { "label": "b", "amount": "300" }, { "label": "c", "amount": 100 }
    ] }))
    .unwrap();
    assert_eq!(by_amount.hhi, dec!(0.46));
    assert_eq!(by_amount.largest.share, dec!(0.6));
    // Shares summing to 0.5 are scaled to sum 1.
    let partial =
        shares(json!({ "shares": [{ "label": "a", "share": 0.25 }, { "label": "b", "share": 0.25 }] })).unwrap();
    assert_eq!(partial.hhi, dec!(0.5));
    assert_eq!(partial.effective_number, dec!(2));
    // A tie: the first is the largest.
    assert_eq!(partial.largest.label, "a");
    // One protocol: the most concentrated market.
    let one =
        shares(json!({ "shares": [{ "label": "only", "amount": 5 }, { "label": "none", "amount": 0 }] })).unwrap();
    assert_eq!(one.hhi, Decimal::ONE);
    assert_eq!(one.hhi_points, dec!(10000));
    assert_eq!(one.effective_number, Decimal::ONE);
    assert_eq!(one.largest.share, Decimal::ONE);
}

#[test]
fn concentration_errors_name_their_field() {
    let too_many: Vec<Value> = (0..101).map(|_| json!({ "label": "x", "share": 0.01 })).collect();
    assert_errors(
        shares,
        vec![
            (json!({ "shares": [] }), "shares: must list at least one protocol"),
            (json!({ "shares": too_many }), "shares: must list at most 100 protocols, got 101"),
            (
                json!({ "shares": [{ "label": "a", "share": 0 }, { "label": "b", "share": 0 }] }),
                "shares: must not all be zero",
            ),
            (
                json!({ "shares": [{ "label": "a", "share": 0.5 }, { "label": "b", "share": 1.5 }] }),
                "shares[1].share: must be >= 0 and <= 1, got 1.5",
            ),
            (json!({ "shares": [{ "label": "a", "amount": -5 }] }), "shares[0].amount: must be >= 0"),
            (json!({ "shares": [{ "label": "a" }] }), "shares[0].share: is required: give share or amount"),
            (
                json!({ "shares": [{ "label": "a", "share": 0.5, "amount": 5 }] }),
                "shares[0].amount: give either share or amount, not both",
            ),
            (
                json!({ "shares": [{ "label": "a", "share": 0.5 }, { "label": "b", "amount": 5 }] }),
                "shares[1].amount: give share in every entry, as the first one does",
            ),
            (
                json!({ "shares": [{ "label": "a", "amount": 5 }, { "label": "b", "share": 0.5 }] }),
                "shares[1].share: give amount in every entry, as the first one does",
            ),
            (json!({ "shares": [{ "share": 0.5 }] }), "shares[0].label: is required"),
            (json!({}), "shares: is required"),
        ],
    );
}

// --------------------------------------------------------------- properties

fn fraction() -> impl Strategy<Value = Decimal> {
    (0u32..=10_000).prop_map(|x| Decimal::new(x as i64, 4))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn stacked_losses_are_probabilities_and_contributions_add_up(
        layers in prop::collection::vec((fraction(), fraction()), 1..20),
    ) {
        let list: Vec<Value> = layers.iter().map(|(p, l)| layer("x", json!(p.to_string()), json!(l.to_string()))).collect();
        let s = stack(json!({ "apr": 0.05, "layers": list })).unwrap();
        prop_assert!(s.any_failure_probability >= Decimal::ZERO && s.any_failure_probability <= Decimal::ONE);
        // A layer never loses more than everything when it fails, so the
        // expected loss stays below the chance of any failure.
        prop_assert!(s.expected_loss <= s.any_failure_probability);
        let largest = layers.iter().map(|(p, l)| p * l).max().unwrap();
        let sum: Decimal = layers.iter().map(|(p, l)| p * l).sum();
        prop_assert!(s.expected_loss >= largest && s.expected_loss <= sum.min(Decimal::ONE));
        let contributions: Decimal = s.layers.iter().map(|l| l.contribution).sum();
        prop_assert!((contributions - s.expected_loss).abs() <= dec!(1e-20));
        prop_assert_eq!(s.risk_adjusted_apr, dec!(0.05) - s.expected_loss);
    }

    #[test]
    fn hhi_lies_between_one_over_n_and_one(sizes in prop::collection::vec(0u32..1_000_000, 1..50)) {
        prop_assume!(sizes.iter().any(|&s| s > 0));
        let list: Vec<Value> = sizes.iter().map(|s| json!({ "label": "x", "amount": s })).collect();
        let c = shares(json!({ "shares": list })).unwrap();
        let n = Decimal::from(sizes.len());
        let slack = dec!(1e-20);
        prop_assert!(c.hhi >= Decimal::ONE / n - slack && c.hhi <= Decimal::ONE + slack);
        prop_assert!(c.effective_number >= Decimal::ONE - slack && c.effective_number <= n + slack);
        // The largest share is at least the average and at least the HHI
        // (Σ s² <= max s · Σ s = max s).
        prop_assert!(c.largest.share >= Decimal::ONE / n - slack);
        prop_assert!(c.largest.share >= c.hhi - slack);
        let total: Decimal = c.shares.iter().map(|s| s.share).sum();
        prop_assert!((total - Decimal::ONE).abs() <= slack);
    }

    #[test]
    fn an_avs_slash_never_takes_more_than_the_slashed_fraction(
        allocated in 0u32..=10_000, slashed in fraction(), stake in 1u32..1_000_000,
    ) {
        let s = slashing(json!({ "eigenLayer": {
            "stake": stake, "allocatedMagnitude": allocated, "totalMagnitude": 10_000, "slashedFraction": slashed.to_string()
        } })).unwrap();
        let e = s.eigen_layer.unwrap();
        prop_assert!(e.loss_fraction <= slashed);
        prop_assert_eq!(e.stake_lost + e.stake_left, Decimal::from(stake));
        prop_assert!(e.allocated_magnitude_after <= e.total_magnitude_after);
    }
}
