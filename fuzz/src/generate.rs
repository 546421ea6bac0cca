//! Inputs that look like real ones, from the fuzzer's bytes (`arbitrary`):
//! a golden input of the chosen function (`tests/vectors/agreement.json`),
//! or an empty object, then a few edits at its schema's field paths — right
//! field names, numbers at and just past the boundaries, NaN-like and
//! over-long strings, huge and tiny magnitudes, wrong types, lists grown or
//! emptied — so most runs get past the first check and into the maths.

use crate::properties::input_paths;
use arbitrary::{Result, Unstructured};
use restake_calc::api::{entry_points, EntryPoint};
use restake_calc::tree::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

const GOLDEN: &str = include_str!("../../tests/vectors/agreement.json");

/// Most edits applied to one golden input.
const MAX_EDITS: u32 = 6;

/// One generated call.
#[derive(Debug)]
pub struct Case {
    pub entry: &'static EntryPoint,
    pub input: Value,
}

/// A call of a function chosen by the bytes, on an edited golden input.
pub fn case(u: &mut Unstructured) -> Result<Case> {
    let entry = u.choose(entry_points())?;
    let goldens = goldens(entry.name);
    let mut input = if u.ratio(1, 10)? || goldens.is_empty() {
        Value::Object(Vec::new())
    } else {
        u.choose(&goldens)?.clone()
    };
    let paths: Vec<String> = input_paths(entry).into_iter().collect();
    for _ in 0..u.int_in_range(0..=MAX_EDITS)? {
        edit(u, &mut input, &paths, &goldens)?;
    }
    Ok(Case { entry, input })
}

/// The golden inputs of the function called `name`.
pub fn goldens(name: &str) -> Vec<Value> {
    static ALL: OnceLock<HashMap<String, Vec<Value>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let vectors: Vec<serde_json::Value> = serde_json::from_str(GOLDEN).expect("agreement.json parses");
        let mut by_name: HashMap<String, Vec<Value>> = HashMap::new();
        for v in vectors {
            let input = serde_json::from_value(v["input"].clone()).expect("an input tree");
            by_name.entry(v["function"].as_str().unwrap_or_default().to_string()).or_default().push(input);
        }
        by_name
    });
    all.get(name).cloned().unwrap_or_default()
}

fn edit(u: &mut Unstructured, input: &mut Value, paths: &[String], goldens: &[Value]) -> Result<()> {
    if paths.is_empty() || u.ratio(1, 50)? {
        *input = value(u, "", goldens)?;
        return Ok(());
    }
    let path = u.choose(paths)?;
    let steps = steps_of(path);
    match u.int_in_range(0..=9)? {
        0 | 1 => remove(u, input, &steps),
        2 => {
            let junk = u.choose(&["__proto__", "constructor", "extra", "", "equity ", "Equity"])?;
            let v = value(u, path, goldens)?;
            set(u, input, &[Step::Key(junk.to_string())], v)
        }
        _ => {
            let v = value(u, path, goldens)?;
            set(u, input, &steps, v)
        }
    }
}

/// A step of a field path: an object key, or any index of a list.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index,
}

/// `positions[].debt` -> `positions`, any index, `debt`.
fn steps_of(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, indices) = part.split_once("[]").map_or((part, 0), |(k, rest)| (k, 1 + rest.matches("[]").count()));
        steps.push(Step::Key(key.to_string()));
        steps.extend(std::iter::repeat_n(Step::Index, indices));
    }
    steps
}

/// Sets the value at `steps`, making the objects and lists on the way.
fn set(u: &mut Unstructured, at: &mut Value, steps: &[Step], v: Value) -> Result<()> {
    let Some((first, rest)) = steps.split_first() else {
        *at = v;
        return Ok(());
    };
    match first {
        Step::Key(key) => {
            if !matches!(at, Value::Object(_)) {
                *at = Value::Object(Vec::new());
            }
            let Value::Object(fields) = at else { unreachable!() };
            let i = match fields.iter().position(|(k, _)| k == key) {
                Some(i) => i,
                None => {
                    fields.push((key.clone(), Value::Null));
                    fields.len() - 1
                }
            };
            set(u, &mut fields[i].1, rest, v)
        }
        Step::Index => {
            if !matches!(at, Value::Array(_)) {
                *at = Value::Array(Vec::new());
            }
            let Value::Array(items) = at else { unreachable!() };
            let i = u.int_in_range(0..=items.len())?;
            if i == items.len() {
                // A new item: a copy of a neighbour, so it is complete but for the edit.
                items.push(items.last().cloned().unwrap_or(Value::Null));
            }
            set(u, &mut items[i], rest, v)
        }
    }
}

/// Removes the value at `steps` (for an index, an item; a whole list may empty).
fn remove(u: &mut Unstructured, at: &mut Value, steps: &[Step]) -> Result<()> {
    let Some((first, rest)) = steps.split_first() else { return Ok(()) };
    match (first, at) {
        (Step::Key(key), Value::Object(fields)) => match fields.iter().position(|(k, _)| k == key) {
            Some(i) if rest.is_empty() => {
                fields.remove(i);
                Ok(())
            }
            Some(i) => remove(u, &mut fields[i].1, rest),
            None => Ok(()),
        },
        (Step::Index, Value::Array(items)) if !items.is_empty() => {
            let i = u.choose_index(items.len())?;
            if rest.is_empty() || u.ratio(1, 4)? {
                items.remove(i);
                Ok(())
            } else {
                remove(u, &mut items[i], rest)
            }
        }
        _ => Ok(()),
    }
}

/// Numbers at and around the boundaries of the input checks.
const NUMBERS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    0.77,
    0.86,
    0.93,
    0.95,
    0.965,
    0.999999,
    1.000001,
    1.15,
    2.0,
    9.999999,
    10.0,
    10.000001,
    24.0,
    100.0,
    101.0,
    255.0,
    365.0,
    600.0,
    1200.0,
    1440.0,
    3650.0,
    10_000.0,
    10_001.0,
    500_000.0,
    1e6,
    1e9,
    1.0000000001e9,
    1e12,
    1e15,
    1.0000000000000002e15,
    9007199254740991.0,
    9007199254740992.0,
    1e28,
    7.9e28,
    7.93e28,
    1e29,
    1e308,
    f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    1e-28,
    1e-29,
    1e-12,
    1e-7,
    -1e-28,
    -1e15,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

/// Strings a hand, a URL or a pasted cell might hold.
const STRINGS: &[&str] = &[
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e999",
    "-1e999",
    "1e-999",
    "1e28",
    "1E-28",
    "0x10",
    " 0.5 ",
    "",
    " ",
    "-0",
    "+1",
    "1_000",
    "1,5",
    "١٢",
    "0.93",
    "9.3e-1",
    ".5",
    "5.",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1.00000000000000000000000000001",
    "<img src=x onerror=alert(1)>",
    "99999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
];

/// A value for the field at `path`: a golden value of that field nudged, a
/// boundary number, a NaN-like or over-long string, a golden string, or a
/// wrong type.
fn value(u: &mut Unstructured, path: &str, goldens: &[Value]) -> Result<Value> {
    let near: Vec<&Value> = goldens.iter().filter_map(|g| at_path(g, path)).collect();
    Ok(match u.int_in_range(0..=11)? {
        0..=2 => Value::Number(*u.choose(NUMBERS)?),
        3 => Value::Number(u.arbitrary()?),
        4 => Value::Number(f64::from(u.int_in_range(-3i32..=16)?)),
        5 if !near.is_empty() => {
            let golden = *u.choose(&near)?;
            nudge(u, golden)?
        }
        5 | 6 => Value::String(u.choose(STRINGS)?.to_string()),
        7 => Value::String(number_string(u)?),
        8 => Value::String(golden_string(u, goldens)?),
        9 => u.choose(&[Value::Null, Value::Bool(true), Value::Array(vec![]), Value::Object(vec![])])?.clone(),
        10 => Value::Array((0..u.int_in_range(0..=4)?).map(|_| Value::Number(1.0)).collect()),
        _ => Value::String("9".repeat(u.int_in_range(1..=400)?)),
    })
}

/// A golden value moved a little: one ulp, a factor of ten, its sign, or as a string.
fn nudge(u: &mut Unstructured, v: &Value) -> Result<Value> {
    let Value::Number(n) = v else { return Ok(v.clone()) };
    let n = *n;
    Ok(match u.int_in_range(0..=5)? {
        0 => Value::Number(f64::from_bits(n.to_bits().wrapping_add(1))),
        1 => Value::Number(f64::from_bits(n.to_bits().wrapping_sub(1))),
        2 => Value::Number(n * 10f64.powi(u.int_in_range(-30..=30)?)),
        3 => Value::Number(-n),
        4 => Value::String(format!("{n:e}")),
        _ => Value::String(n.to_string()),
    })
}

/// The decimal string of an arbitrary number, plain or scientific.
fn number_string(u: &mut Unstructured) -> Result<String> {
    let n: f64 = u.arbitrary()?;
    Ok(if u.arbitrary()? { format!("{n:e}") } else { n.to_string() })
}

/// A string that occurs in the goldens (enum values, labels).
fn golden_string(u: &mut Unstructured, goldens: &[Value]) -> Result<String> {
    let mut strings = Vec::new();
    for g in goldens {
        collect_strings(g, &mut strings);
    }
    if strings.is_empty() {
        return Ok("aaveV3".into());
    }
    Ok(u.choose(&strings)?.to_string())
}

fn collect_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(fields) => fields.iter().for_each(|(_, v)| collect_strings(v, out)),
        _ => {}
    }
}

/// The value at a field path (first item of any list), if present.
fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    steps_of(path).iter().try_fold(v, |at, step| match (step, at) {
        (Step::Key(k), Value::Object(fields)) => fields.iter().find(|(key, _)| key == k).map(|(_, v)| v),
        (Step::Index, Value::Array(items)) => items.first(),
        _ => None,
    })
}
