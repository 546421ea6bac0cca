//! The presets as the page sees them (serialized to JSON): every yield set,
//! risk layer and example is a valid input of its function, the cited figures
//! are the ones of shared/reference/vectors.md, and the ids the page links by
//! exist. Inputs go through the same JSON parsing as the wasm boundary.
//!
//! Tolerance: exact Decimal, except the consensus APR (a square root),
//! compared at the four significant digits the preset quotes.

use restake_calc::input::parse;
use restake_calc::lending::Protocol;
use restake_calc::num::decimal_from_f64;
use restake_calc::presets::presets;
use restake_calc::risk::{concentration, risk_stack, slashing_loss};
use restake_calc::yields::yield_projection;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{dec, Decimal};
use serde_json::{json, Value};
use std::collections::HashSet;

fn all() -> Value {
    serde_json::to_value(presets()).unwrap()
}

fn list<'a>(v: &'a Value, path: &str) -> &'a Vec<Value> {
    v.pointer(path).and_then(Value::as_array).unwrap_or_else(|| panic!("{path} is a list"))
}

/// The decimal a JSON number stands for, as the wasm boundary reads it.
fn dec_of(v: &Value) -> Decimal {
    decimal_from_f64(v.as_f64().unwrap()).unwrap()
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap()
}

/// The `yieldProjection` input of a yield scenario, built the way the page builds it.
fn scenario_input(p: &Value, id: &str) -> Value {
    let scenario = list(p, "/yields/scenarios").iter().find(|s| s["id"] == id).unwrap();
    let components: Vec<Value> = scenario["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cid| {
            let c = list(p, "/yields/components").iter().find(|c| &c["id"] == cid).unwrap();
            let mut decay = json!({ "type": c["decay"]["type"] });
            if !c["decay"]["months"].is_null() {
                decay["months"] = c["decay"]["months"].clone();
            }
            json!({ "label": c["label"], "apr": c["apr"], "kind": c["kind"], "fee": c["fee"], "decay": decay })
        })
        .collect();
    json!({ "components": components, "protocolFee": scenario["protocolFee"], "horizonMonths": scenario["horizonMonths"] })
}

#[test]
fn ids_are_unique_and_scenarios_name_existing_components() {
    let p = all();
    for path in [
        "/markets",
        "/tokens",
        "/scenarios",
        "/yields/components",
        "/yields/fees",
        "/yields/scenarios",
        "/risk/layers",
        "/risk/stacks",
    ] {
        let ids: Vec<&str> = list(&p, path).iter().map(|x| x["id"].as_str().unwrap()).collect();
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "{path}: duplicate id");
    }
    let components: HashSet<&str> = list(&p, "/yields/components").iter().map(|c| c["id"].as_str().unwrap()).collect();
    for s in list(&p, "/yields/scenarios") {
        for id in s["components"].as_array().unwrap() {
            assert!(components.contains(id.as_str().unwrap()), "{}: unknown component {id}", s["id"]);
        }
    }
    let layers: HashSet<&str> = list(&p, "/risk/layers").iter().map(|l| l["id"].as_str().unwrap()).collect();
    for s in list(&p, "/risk/stacks") {
        for id in s["layers"].as_array().unwrap() {
            assert!(layers.contains(id.as_str().unwrap()), "{}: unknown layer {id}", s["id"]);
        }
    }
}

#[test]
fn every_entry_is_dated_sourced_and_says_whether_it_is_illustrative() {
    let p = all();
    for c in list(&p, "/yields/components").iter().chain(list(&p, "/yields/fees")) {
        assert!(c["illustrative"].is_boolean(), "{}", c["id"]);
        assert_eq!(c["asOf"], "2026-11", "{}", c["id"]);
        assert!(c["source"].as_str().unwrap().len() > 20, "{}", c["id"]);
        assert!(c["note"].as_str().unwrap().len() > 20, "{}", c["id"]);
    }
    for l in list(&p, "/risk/layers") {
        assert!(l["illustrative"].is_boolean() && !l["source"].as_str().unwrap().is_empty(), "{}", l["id"]);
    }
}

#[test]
fn consensus_apr_is_166_3_over_the_root_of_34m_eth() {
    let p = all();
    let c = list(&p, "/yields/components").iter().find(|c| c["id"] == "eth-consensus").unwrap();
    let expected = 166.3 / 34_000_000f64.sqrt();
    assert_eq!(format!("{expected:.5}"), "0.02852");
    assert_eq!(dec_of(&c["apr"]), dec!(0.02852));
    assert_eq!(c["illustrative"], false);
}

#[test]
fn fees_are_the_cited_ten_percent() {
    let p = all();
    let fee = |id: &str| list(&p, "/yields/fees").iter().find(|f| f["id"] == id).unwrap().clone();
    assert_eq!(dec_of(&fee("lrt-protocol-fee")["fee"]), dec!(0.10));
    assert_eq!(fee("lrt-protocol-fee")["appliesAs"], "protocolFee");
    assert_eq!(dec_of(&fee("operator-commission")["fee"]), dec!(0.10));
    assert_eq!(fee("operator-commission")["appliesAs"], "componentFee");
    // The restaking components carry the operator's commission; staking does not.
    for c in list(&p, "/yields/components") {
        let expected = if c["id"].as_str().unwrap().starts_with("avs") || c["id"] == "eigen-incentives" {
            dec!(0.10)
        } else {
            Decimal::ZERO
        };
        assert_eq!(dec_of(&c["fee"]), expected, "{}", c["id"]);
    }
}

#[test]
fn every_yield_scenario_is_a_valid_projection() {
    let p = all();
    for s in list(&p, "/yields/scenarios") {
        let input = scenario_input(&p, s["id"].as_str().unwrap());
        let out = yield_projection(&parse(input).unwrap()).unwrap();
        assert_eq!(out.schedule.len(), 25, "{}", s["id"]);
    }
    // The LRT set: staking and AVS rewards after the 10 % fees, exactly.
    let lrt = yield_projection(&parse(scenario_input(&p, "lrt-restaking")).unwrap()).unwrap();
    assert_eq!(lrt.now.gross, dec!(0.05452));
    assert_eq!(lrt.now.sustainable, dec!(0.029988)); // (0.02852 + 0.003) × 0.9 + 0.002 × 0.9 × 0.9
    assert_eq!(lrt.now.incentive, dec!(0.01836)); // 0.006 × 0.81 + 0.015 × 0.9
                                                  // Points end at month 6, EIGEN halves by month 12: the incentives shrink.
    let eigen_at_6 = 0.006 * 0.81 * 2f64.powf(-0.5);
    assert!((f(lrt.schedule[6].incentive) - eigen_at_6).abs() < 1e-15);
    assert!(lrt.schedule[12].incentive < lrt.now.incentive / dec!(3));
    let staking = yield_projection(&parse(scenario_input(&p, "eth-staking")).unwrap()).unwrap();
    assert_eq!(staking.now.net, dec!(0.028368));
    assert_eq!(staking.now.incentive, Decimal::ZERO);
}

#[test]
fn risk_layers_make_a_valid_stack_with_plain_staking_as_the_base() {
    let p = all();
    let layers = list(&p, "/risk/layers");
    let as_input = |l: &Value| json!({ "label": l["label"], "annualProbability": l["annualProbability"], "lossGivenEvent": l["lossGivenEvent"] });
    let base: Vec<Value> = layers.iter().filter(|l| l["inBaseStaking"] == true).map(as_input).collect();
    assert_eq!(base.len(), 1, "plain staking carries the Ethereum layer only");
    let labels: Vec<&str> = layers.iter().map(|l| l["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        ["Ethereum staking", "EigenLayer core contracts", "AVS slashing", "LRT contract", "Lending market"]
    );
    let input = json!({
        "apr": 0.08, "baseApr": 0.028368,
        "layers": layers.iter().map(as_input).collect::<Vec<_>>(),
        "baseLayers": base,
    });
    let out = risk_stack(&parse(input).unwrap()).unwrap();
    // e = 0.0002, 0.0025, 0.002, 0.003, 0.002; EL = 1 − Π(1 − e).
    let expected = Decimal::ONE
        - [dec!(0.0002), dec!(0.0025), dec!(0.002), dec!(0.003), dec!(0.002)]
            .iter()
            .fold(Decimal::ONE, |left, e| left * (Decimal::ONE - e));
    assert_eq!(out.expected_loss, expected);
    assert_eq!(out.base.unwrap().expected_loss, dec!(0.0002));
}

#[test]
fn the_slashing_example_is_the_vector() {
    let p = all();
    let s = &p["risk"]["slashing"];
    let input = json!({
        "ethereum": { "balance": s["balance"], "slashedInWindow": s["slashedInWindow"], "totalStaked": s["totalStaked"] },
        "eigenLayer": { "stake": s["stake"], "allocatedMagnitude": s["allocatedMagnitude"],
                        "totalMagnitude": s["totalMagnitude"], "slashedFraction": s["slashedFraction"] },
    });
    let out = slashing_loss(&parse(input).unwrap()).unwrap();
    let eigen = out.eigen_layer.unwrap();
    assert_eq!((eigen.loss_fraction, eigen.stake_left), (dec!(0.1), dec!(180)));
    let eth = out.ethereum.unwrap();
    assert_eq!(eth.initial_penalty, dec!(32) / dec!(4096));
    assert_eq!(eth.correlation_factor, dec!(96) / dec!(34000000));
}

#[test]
fn the_concentration_example_sums_to_one() {
    let p = all();
    let shares = list(&p, "/risk/shares");
    assert_eq!(shares.iter().map(|s| dec_of(&s["share"])).sum::<Decimal>(), Decimal::ONE);
    let input = json!({ "shares": shares });
    let out = concentration(&parse(input).unwrap()).unwrap();
    assert_eq!(out.hhi, dec!(0.525)); // 0.49 + 0.0225 + 0.01 + 0.0025
    assert_eq!(out.largest.share, dec!(0.7));
}

#[test]
fn market_presets_keep_their_protocols_rules() {
    for m in presets().markets {
        assert!(m.max_ltv <= m.liquidation_threshold, "{}", m.id);
        if m.protocol == Protocol::AaveV3 {
            assert!(m.liquidation_threshold * (Decimal::ONE + m.liquidation_bonus) <= Decimal::ONE, "{}", m.id);
        }
    }
}
