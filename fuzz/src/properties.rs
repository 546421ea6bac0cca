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
use restake_calc::read::without_indices;
use restake_calc::tree::Value;
use restake_calc::CalcError;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

/// Longest error message accepted, in characters.
pub const MAX_MESSAGE_CHARS: usize = 600;

/// Steps a fuzz input may ask of a Monte Carlo (paths × time steps): a few
/// milliseconds, so the fuzzer keeps its pace.
pub const MAX_WORK: f64 = 200_000.0;

/// A Monte Carlo's work: `paths × middle × steps`, each factor as (key,
/// default when left out, largest valid value, whether it must be whole),
/// and the function's own limit on the product (beyond it the input is
/// refused before any work).
struct Work {
    paths: Factor,
    middle: Factor,
    steps: Factor,
    limit: f64,
}

type Factor = (&'static str, f64, f64, bool);

/// liquidationProbability (and LiquidationSimulation), rebalanceCost.
const WORKS: &[Work] = &[
    Work {
        paths: ("paths", 1.0, 1e6, true),
        middle: ("horizonDays", 1.0, 3650.0, true),
        steps: ("stepsPerDay", 1.0, 1440.0, true),
        limit: restake_calc::simulation::MAX_PATH_STEPS as f64,
    },
    Work {
        paths: ("paths", 1000.0, 1e5, true),
        middle: ("years", 1.0, 1e6, false),
        steps: ("checksPerYear", 365.0, 525_600.0, false),
        limit: 20_000_000.0,
    },
];

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
    for work in WORKS {
        make_work_affordable(fields, work);
    }
    if let Some((_, Value::Object(positions))) = fields.iter_mut().find(|(k, _)| k == "positions") {
        if number_at(positions, "count").is_some_and(|c| whole_in(c, MAX_CASCADE_POSITIONS, 10_000.0)) {
            set_number(positions, "count", MAX_CASCADE_POSITIONS);
        }
    }
}

/// Lowers the paths, then the steps, of one Monte Carlo to [`MAX_WORK`]:
/// only values given and valid, to values as valid (never adding a field,
/// which could make the input invalid).
fn make_work_affordable(fields: &mut [(String, Value)], work: &Work) {
    // The function's own field tells which Monte Carlo the input is for.
    if !fields.iter().any(|(k, _)| k == work.middle.0) {
        return;
    }
    let value = |fields: &[(String, Value)], (key, default, max, whole): Factor| {
        if !fields.iter().any(|(k, _)| k == key) {
            return Some(default);
        }
        number_at(fields, key).filter(|v| *v > 0.0 && *v <= max && (!whole || v.fract() == 0.0))
    };
    let (Some(paths), Some(middle), Some(steps)) =
        (value(fields, work.paths), value(fields, work.middle), value(fields, work.steps))
    else {
        return; // an invalid factor: refused before any work
    };
    let work_of = |p: f64, s: f64| p * middle * s;
    if work_of(paths, steps) > work.limit || work_of(paths, steps) <= MAX_WORK {
        return;
    }
    let paths = (MAX_WORK / (middle * steps)).floor().max(1.0).min(paths);
    set_number(fields, work.paths.0, paths);
    if work_of(paths, steps) > MAX_WORK {
        set_number(fields, work.steps.0, (MAX_WORK / (paths * middle)).floor().max(1.0).min(steps));
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
