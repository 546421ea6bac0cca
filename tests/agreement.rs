//! The golden vectors shared with wasm (`tests/vectors/agreement.json`: a
//! function name and an input each), run natively through the API table
//! exactly as the wasm boundary runs them.
//!
//! The native outputs are recorded in `tests/vectors/agreement.out.json`,
//! which `tests/web_agreement.rs` compares the wasm outputs against in Node
//! and Chromium. This test keeps the record honest: it fails if today's
//! native outputs differ from it in any bit. After an intended change to a
//! formula, rewrite the record with
//! `UPDATE_AGREEMENT=1 cargo test --test agreement` and review the diff.
#![cfg(not(target_arch = "wasm32"))]

#[path = "vectors/compare.rs"]
mod compare;

use restake_calc::api::{entry_point, entry_points};
use restake_calc::tree::Value;
use serde_json::json;
use std::path::PathBuf;

const VECTORS: &str = include_str!("vectors/agreement.json");

fn record_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/agreement.out.json")
}

/// Each vector's outcome: `{ function, output }` or `{ function, error: { field, message } }`.
fn native_outcomes() -> serde_json::Value {
    let vectors: Vec<serde_json::Value> = serde_json::from_str(VECTORS).expect("agreement.json parses");
    let outcomes = vectors
        .iter()
        .map(|v| {
            let name = v["function"].as_str().expect("a function name");
            let entry = entry_point(name).unwrap_or_else(|| panic!("no entry point {name}"));
            let input: Value = serde_json::from_value(v["input"].clone()).expect("an input tree");
            match (entry.run)(&input) {
                Ok(output) => json!({ "function": name, "output": output }),
                Err(e) => json!({ "function": name, "error": { "field": e.path, "message": e.to_string() } }),
            }
        })
        .collect();
    serde_json::Value::Array(outcomes)
}

#[test]
fn native_outputs_are_the_recorded_ones_bit_for_bit() {
    let text = serde_json::to_string_pretty(&native_outcomes()).unwrap() + "\n";
    if std::env::var_os("UPDATE_AGREEMENT").is_some() {
        std::fs::write(record_path(), &text).expect("write agreement.out.json");
    }
    let recorded = std::fs::read_to_string(record_path()).expect("tests/vectors/agreement.out.json exists");
    let recorded: Value = serde_json::from_str(&recorded).unwrap();
    let native: Value = serde_json::from_str(&text).unwrap();
    let differences = compare::differences(&recorded, &native);
    assert!(
        differences.is_empty(),
        "native outputs differ from tests/vectors/agreement.out.json (rewrite it with \
         UPDATE_AGREEMENT=1 cargo test --test agreement if the change is intended):\n{differences:#?}"
    );
}

#[test]
fn every_entry_point_has_a_vector() {
    let vectors: Vec<serde_json::Value> = serde_json::from_str(VECTORS).unwrap();
    for entry in entry_points() {
        let outputs = vectors.iter().filter(|v| v["function"] == entry.name).count();
        assert!(outputs > 0, "tests/vectors/agreement.json has no vector for {}", entry.name);
    }
}

#[test]
fn the_record_survives_json_text_bit_for_bit() {
    // The record is JSON text: every f64 must print and parse back to its
    // own bits (shortest round-trip digits), -0 included.
    for x in [0.1 + 0.2, -0.0, 5e-324, f64::MAX, 1.0 / 3.0, 2.5e-7] {
        let back: Value = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
        assert!(matches!(back, Value::Number(y) if y.to_bits() == x.to_bits()), "{x:e}");
    }
}
