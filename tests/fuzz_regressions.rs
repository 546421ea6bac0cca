//! The fuzz targets' properties (`fuzz/src/properties.rs`, included here) on
//! the inputs that broke them once (`fuzz/regressions/<target>/`) and on the
//! seed corpus (`fuzz/corpus/json/`), so `cargo test` keeps them fixed
//! without cargo-fuzz. Each file is `<function>\n<input as JSON>`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/properties.rs"]
mod properties;

use restake_calc::api::entry_point;
use restake_calc::tree::Value;
use std::path::{Path, PathBuf};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    files
}

fn replay(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let (name, json) = text.split_once('\n').unwrap_or_else(|| panic!("{}: no function line", path.display()));
    let entry = entry_point(name).unwrap_or_else(|| panic!("{}: no function {name}", path.display()));
    let mut input: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    properties::make_affordable(&mut input);
    properties::check(entry, &input);
}

#[test]
fn every_regression_input_holds_the_properties() {
    let files = files("fuzz/regressions/json");
    assert!(!files.is_empty());
    files.iter().for_each(|f| replay(f));
}

#[test]
fn every_seed_holds_the_properties() {
    let files = files("fuzz/corpus/json");
    assert!(files.len() >= restake_calc::api::entry_points().len());
    files.iter().for_each(|f| replay(f));
}
