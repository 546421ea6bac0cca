//! Number-by-number comparison of two outputs, shared by `tests/agreement.rs`
//! (native) and `tests/web_agreement.rs` (wasm): every number is compared by
//! its bits (so `-0` differs from `0`), and a difference says by how many
//! units in the last place (ulps) the two `f64`s lie apart.

use restake_calc::tree::Value;

/// One number (or value) that differs; shown through `Debug` in failures.
#[derive(Debug)]
#[allow(dead_code)]
pub struct Difference {
    pub path: String,
    pub expected: String,
    pub got: String,
    /// For two finite numbers of one sign: how many `f64`s lie between them, plus one.
    pub ulps: Option<u64>,
}

/// Every difference between `expected` and `got` (empty if they are
/// identical bit for bit); objects are compared key by key, in any order.
pub fn differences(expected: &Value, got: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    compare("", expected, got, &mut out);
    out
}

/// Distance in units in the last place between two finite `f64`s of the
/// same sign; `None` across signs or for non-finite values.
pub fn ulps(a: f64, b: f64) -> Option<u64> {
    let same_sign = a.is_sign_negative() == b.is_sign_negative();
    (a.is_finite() && b.is_finite() && same_sign).then(|| a.to_bits().abs_diff(b.to_bits()))
}

fn compare(path: &str, expected: &Value, got: &Value, out: &mut Vec<Difference>) {
    let differ = |out: &mut Vec<Difference>, ulps| {
        out.push(Difference {
            path: path.to_string(),
            expected: format!("{expected:?}"),
            got: format!("{got:?}"),
            ulps,
        })
    };
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) if a.to_bits() != b.to_bits() => differ(out, ulps(*a, *b)),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => {
            for (key, x) in a {
                match b.iter().find(|(k, _)| k == key) {
                    Some((_, y)) => compare(&format!("{path}.{key}"), x, y, out),
                    None => differ(out, None),
                }
            }
        }
        (Value::Number(_), Value::Number(_)) => {}
        (Value::Array(_), _) | (Value::Object(_), _) => differ(out, None),
        (a, b) if a != b => differ(out, None),
        _ => {}
    }
}
