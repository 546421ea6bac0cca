//! The properties every entry point holds for every input, checked by the
//! fuzz targets and by `tests/fuzz_regressions.rs` (which includes this file):
//!
//! 1. no panic (the fuzzer sees it);
//! 2. an output holds only finite numbers: `restake_calc::output::to_json`
//!    turns a NaN or ±Infinity into an error at `output.…`, which fails here
//!    (so a `null` in an output is always an `Option` that is `None`);
//! 3. an error names a field of the input's schema (`[i]` read as `[]`),
//!    or `input` for the input as a whole, and says what was expected in a
//!    message of plain size (never the echo of a 10 MB string).
//!
//! Only `restake_calc` and `std` are used here, so the main crate's tests can
//! include the file.

use restake_calc::api::EntryPoint;
use restake_calc::schema::without_indices;
use restake_calc::tree::Value;
use restake_calc::CalcError;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

/// Longest error message accepted, in characters.
pub const MAX_MESSAGE_CHARS: usize = 600;

/// Path-steps (`paths × horizonDays × stepsPerDay`) a fuzz input may ask of
/// the Monte Carlo: a few milliseconds, so the fuzzer keeps its pace.
pub const MAX_PATH_STEPS: f64 = 200_000.0;

/// Positions a fuzz input may ask a cascade to liquidate each round.
pub const MAX_CASCADE_POSITIONS: f64 = 500.0;

/// Runs `entry` on `input`; panics, naming the input, if a property fails.
pub fn check(entry: &EntryPoint, input: &Value) {
    match (entry.run)(input) {
        Ok(output) => check_output(entry, input, &output),
        Err(e) => check_error(entry, input, &e),
    }
}

fn check_output(entry: &EntryPoint, input: &Value, output: &serde_json::Value) {
    assert!(
        output.is_object() || output.is_array(),
        "{}: the output is not an object or a list: {output}\ninput: {input:?}",
        entry.name
    );
}

fn check_error(entry: &EntryPoint, input: &Value, e: &CalcError) {
    assert!(!e.path.starts_with("output"), "{}: a non-finite output: {e}\ninput: {input:?}", entry.name);
    let paths = input_paths(entry);
    assert!(
        e.path == "input" || paths.contains(&without_indices(&e.path)),
        "{}: the error names {:?}, not a field of the input ({paths:?}): {e}\ninput: {input:?}",
        entry.name,
        e.path
    );
    let chars = e.message.chars().count();
    assert!(chars > 0 && chars <= MAX_MESSAGE_CHARS, "{}: a message of {chars} characters: {e}", entry.name);
}

/// The field paths of `entry`'s input, computed once per entry.
pub fn input_paths(entry: &EntryPoint) -> BTreeSet<String> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, BTreeSet<String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    cache.entry(entry.name).or_insert_with(|| (entry.input_paths)()).clone()
}

/// Scales down the work an input asks for (Monte Carlo paths and steps,
/// cascade positions) so each run takes milliseconds; the input stays as
/// valid or invalid as it was, since only in-range counts are lowered.
pub fn make_affordable(input: &mut Value) {
    let Value::Object(fields) = input else { return };
    let days = number_at(fields, "horizonDays").filter(|d| (1.0..=3650.0).contains(d)).unwrap_or(1.0);
    let steps = number_at(fields, "stepsPerDay").filter(|s| whole_in(*s, 1.0, 1440.0)).unwrap_or(1.0);
    let paths = number_at(fields, "paths").filter(|p| whole_in(*p, 1.0, 1e6)).unwrap_or(1.0);
    // Beyond the simulation's own limit the input is refused before any
    // work: leave it so, to keep that check fuzzed.
    if paths * days * steps <= restake_calc::simulation::MAX_PATH_STEPS as f64 {
        if steps * days > MAX_PATH_STEPS {
            set_number(fields, "stepsPerDay", (MAX_PATH_STEPS / days).floor().max(1.0));
        }
        let steps = number_at(fields, "stepsPerDay").filter(|s| whole_in(*s, 1.0, 1440.0)).unwrap_or(1.0);
        if paths * days * steps > MAX_PATH_STEPS {
            set_number(fields, "paths", (MAX_PATH_STEPS / (days * steps)).floor().max(1.0));
        }
    }
    if let Some((_, Value::Object(positions))) = fields.iter_mut().find(|(k, _)| k == "positions") {
        if number_at(positions, "count").is_some_and(|c| whole_in(c, MAX_CASCADE_POSITIONS, 10_000.0)) {
            set_number(positions, "count", MAX_CASCADE_POSITIONS);
        }
    }
}

fn whole_in(v: f64, lo: f64, hi: f64) -> bool {
    v.fract() == 0.0 && (lo..=hi).contains(&v)
}

/// A field's value as a number: a JSON number or a numeric string.
fn number_at(fields: &[(String, Value)], key: &str) -> Option<f64> {
    match fields.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
        Some(Value::Number(n)) => Some(*n),
        Some(Value::String(s)) => restake_calc::num::decimal_from_str(s).ok().map(restake_calc::num::to_f64),
        _ => None,
    }
}

fn set_number(fields: &mut [(String, Value)], key: &str, value: f64) {
    for (_, v) in fields.iter_mut().filter(|(k, _)| k == key) {
        *v = Value::Number(value);
    }
}
