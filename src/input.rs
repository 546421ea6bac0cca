//! Reading inputs: deserialization that names the failing field, and range
//! checks that turn raw numbers into values the maths can trust.
//!
//! Every entry point reads its input through [`read`] (the wasm boundary) or
//! [`parse`] (native tests, fuzz targets) — the same path-tracking
//! deserializer of [`crate::tree`] — then validates it with the range checks
//! below, so an error always starts with the field path.

use crate::error::CalcError;
use crate::tree::{self, Value};
use rust_decimal::{dec, Decimal};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use std::fmt::Display;

/// Largest amount of any asset accepted (1e15 units: far beyond any real
/// position, small enough that products stay inside Decimal's 28 digits).
pub const MAX_AMOUNT: Decimal = dec!(1_000_000_000_000_000);
/// Largest price accepted, in debt-asset units per collateral unit.
pub const MAX_PRICE: Decimal = dec!(1_000_000_000);
/// Largest yearly rate accepted: 10 = 1,000 % a year.
pub const MAX_RATE: Decimal = Decimal::TEN;

/// Reads an input struct from any serde source (a JSON text, a
/// `serde_json::Value`): first into the input [`tree`](crate::tree), then into
/// `T`, turning the first error into a [`CalcError`] at its field.
pub fn parse<'de, T, D>(deserializer: D) -> Result<T, CalcError>
where
    T: DeserializeOwned,
    D: Deserializer<'de>,
    D::Error: Display,
{
    let value = Value::deserialize(deserializer).map_err(|e| CalcError::new("input", e.to_string()))?;
    read(&value)
}

/// Reads an input struct from the input tree (the wasm boundary builds the
/// tree straight from the JS value).
pub fn read<T: DeserializeOwned>(value: &Value) -> Result<T, CalcError> {
    tree::from_tree(value).map_err(|e| {
        let path = e.path.as_deref().unwrap_or("");
        serde_error(path, &without_long_string(&e.message, node_at(value, path)))
    })
}

/// Rewrites serde's wording so the path names the field itself: serde reports a
/// missing field at its parent (`market: missing field `maxLtv``).
fn serde_error(path: &str, message: &str) -> CalcError {
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        return CalcError::new(join(path, field), "is required");
    }
    let path = if path.is_empty() { "input" } else { path };
    // JS null is already "null" here, not serde's "unit value" (see
    // `tree::TreeError::invalid_type`).
    let message = message.strip_prefix("invalid type: ").map_or(message.to_string(), |m| format!("wrong type: {m}"));
    CalcError::new(path, at_most_chars(message, MAX_SERDE_MESSAGE_CHARS))
}

/// Longest message of the reading layer, in characters: a last bound, should
/// an input string ever reach a message in a form [`without_long_string`]
/// does not know.
pub const MAX_SERDE_MESSAGE_CHARS: usize = 400;

fn at_most_chars(message: String, max: usize) -> String {
    match message.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message,
    }
}

/// Longest string of the input echoed in a message, in characters.
pub const MAX_QUOTED_CHARS: usize = 40;

/// `message` with the failing node's string cut to [`MAX_QUOTED_CHARS`]
/// characters and an ellipsis. serde quotes an input string whole (``unknown
/// variant `…` ``, `invalid type: string "…"`), and a 10 MB string must not
/// become a 10 MB message on the page. Replaces the string itself, in both
/// of serde's quotings, so no character inside it (a backtick, an escaped
/// quote) can confuse the cut.
fn without_long_string(message: &str, node: Option<&Value>) -> String {
    let Some(Value::String(s)) = node else { return message.to_string() };
    if s.chars().count() <= MAX_QUOTED_CHARS {
        return message.to_string();
    }
    let short: String = s.chars().take(MAX_QUOTED_CHARS).chain(std::iter::once('…')).collect();
    message.replace(&format!("{s:?}"), &format!("{short:?}")).replace(&format!("`{s}`"), &format!("`{short}`"))
}

/// The node of the input tree at an error's `path` (`positions[2].debt`).
fn node_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = root;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            let Value::Object(fields) = node else { return None };
            // The first entry of a key: the one serde reads (a later duplicate is refused).
            node = &fields.iter().find(|(k, _)| k == key)?.1;
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            let Value::Array(items) = node else { return None };
            node = items.get(i)?;
        }
    }
    Some(node)
}

/// `prefix.field` in JS notation; `field` alone when there is no prefix, and
/// no dot before an index (`positions[2]`).
pub fn join(prefix: &str, field: &str) -> String {
    match (prefix.is_empty(), field.starts_with('[')) {
        (true, _) => field.to_string(),
        (false, true) => format!("{prefix}{field}"),
        (false, false) => format!("{prefix}.{field}"),
    }
}

/// One end of an allowed interval.
#[derive(Clone, Copy, Debug)]
pub enum Bound {
    Incl(Decimal),
    Excl(Decimal),
}

/// Checks `lo (<|<=) value (<|<=) hi`; the error names `path` and the interval.
pub fn within(path: &str, value: Decimal, lo: Bound, hi: Bound) -> Result<Decimal, CalcError> {
    let above = match lo {
        Bound::Incl(l) => value >= l,
        Bound::Excl(l) => value > l,
    };
    let below = match hi {
        Bound::Incl(h) => value <= h,
        Bound::Excl(h) => value < h,
    };
    if above && below {
        return Ok(value);
    }
    let (lo_op, lo_v) = match lo {
        Bound::Incl(l) => (">=", l),
        Bound::Excl(l) => (">", l),
    };
    let (hi_op, hi_v) = match hi {
        Bound::Incl(h) => ("<=", h),
        Bound::Excl(h) => ("<", h),
    };
    Err(CalcError::new(path, format!("must be {lo_op} {lo_v} and {hi_op} {hi_v}, got {}", value.normalize())))
}

/// An amount of an asset: `0 < v <= 1e15`.
pub fn amount(path: &str, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_AMOUNT))
}

/// An amount that may be zero: `0 <= v <= 1e15`.
pub fn amount_or_zero(path: &str, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, Bound::Incl(Decimal::ZERO), Bound::Incl(MAX_AMOUNT))
}

/// A price: `0 < v <= 1e9`.
pub fn price(path: &str, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_PRICE))
}

/// A yearly rate as a fraction: `0 <= v <= 10`.
pub fn rate(path: &str, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, Bound::Incl(Decimal::ZERO), Bound::Incl(MAX_RATE))
}

/// A fraction of something that cannot all be lost: `0 <= v < 1`.
pub fn fraction_below_one(path: &str, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, Bound::Incl(Decimal::ZERO), Bound::Excl(Decimal::ONE))
}

/// A probability or share: `0 <= v <= 1`.
pub fn fraction(path: &str, v: Decimal) -> Result<Decimal, CalcError> {
    within(path, v, Bound::Incl(Decimal::ZERO), Bound::Incl(Decimal::ONE))
}

/// A whole number in `lo..=hi`.
pub fn integer(path: &str, v: Decimal, lo: u32, hi: u32) -> Result<u32, CalcError> {
    let in_range = v >= Decimal::from(lo) && v <= Decimal::from(hi);
    if v.fract().is_zero() && in_range {
        // In range and whole, so it fits a u32.
        Ok(u32::try_from(v.mantissa() / 10_i128.pow(v.scale())).unwrap_or(hi))
    } else {
        Err(CalcError::new(path, format!("must be a whole number from {lo} to {hi}, got {}", v.normalize())))
    }
}

/// A list of `1..=max` entries; `noun` names one entry in the message.
pub fn list_length(path: &str, len: usize, max: usize, noun: &str) -> Result<(), CalcError> {
    match len {
        0 => Err(CalcError::new(path, format!("must list at least one {noun}"))),
        n if n > max => Err(CalcError::new(path, format!("must list at most {max} {noun}s, got {n}"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_name_the_field_and_the_interval() {
        let e = within("market.maxLtv", dec!(1.2), Bound::Incl(dec!(0)), Bound::Excl(dec!(1))).unwrap_err();
        assert_eq!(e.to_string(), "market.maxLtv: must be >= 0 and < 1, got 1.2");
    }

    #[test]
    fn integers_must_be_whole_and_in_range() {
        assert_eq!(integer("loops", dec!(3.00), 0, 100), Ok(3));
        assert!(integer("loops", dec!(2.5), 0, 100).is_err());
        assert!(integer("loops", dec!(101), 0, 100).is_err());
        assert!(integer("loops", dec!(-1), 0, 100).is_err());
    }

    #[test]
    fn a_huge_string_is_not_echoed_whole() {
        // Found by the fuzz target `json`: serde quoted the whole string.
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code)]
        enum Method {
            Normal,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Input {
            method: Method,
            nested: Option<Vec<f64>>,
        }
        let huge = "7".repeat(10_000_000);
        let e = read::<Input>(&Value::Object(vec![("method".into(), Value::String(huge.clone()))])).unwrap_err();
        assert_eq!(e.path, "method");
        assert!(
            e.message.starts_with(&format!("unknown variant `{}…`", "7".repeat(MAX_QUOTED_CHARS))),
            "{}",
            e.message
        );
        assert!(e.message.chars().count() < 200, "{} characters", e.message.chars().count());
        let nested = Value::Object(vec![
            ("method".into(), Value::String("normal".into())),
            ("nested".into(), Value::String(huge)),
        ]);
        let e = read::<Input>(&nested).unwrap_err();
        assert_eq!(e.path, "nested");
        assert!(e.message.starts_with("wrong type: string \""), "{}", e.message);
        assert!(e.message.chars().count() < 200, "{} characters", e.message.chars().count());
    }

    #[test]
    fn quotes_inside_a_long_string_do_not_defeat_the_cut() {
        // Found by the fuzz target json: an escaped quote (`\"`), then a
        // backtick inside the string ended a quote-scanning cut early.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Method {
            Normal,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Input {
            method: Method,
        }
        // 40 characters kept, each at most 6 once escaped (`\u{7f}`).
        let at_most = 40 * 6 + 60;
        for text in [format!("a\"b{}", "\u{7f}".repeat(500)), format!("stable{}", "`((".repeat(300))] {
            let e = read::<Vec<f64>>(&Value::String(text.clone())).unwrap_err();
            assert!(e.message.ends_with("…\", expected a list"), "{}", e.message);
            assert!(e.message.chars().count() < at_most, "{} characters: {}", e.message.chars().count(), e.message);
            let e = read::<Input>(&Value::Object(vec![("method".into(), Value::String(text))])).unwrap_err();
            assert_eq!(e.path, "method");
            assert!(e.message.contains("…`, expected `Normal`"), "{}", e.message);
            assert!(e.message.chars().count() < at_most, "{} characters: {}", e.message.chars().count(), e.message);
        }
    }

    #[test]
    fn short_strings_are_quoted_whole() {
        let e = read::<Vec<f64>>(&Value::String("aave".into())).unwrap_err();
        assert_eq!(e.message, "wrong type: string \"aave\", expected a list");
    }

    #[test]
    fn a_duplicate_key_is_cut_where_serde_read_it() {
        // Found by the fuzz target json: JSON text may repeat a key; serde
        // reads the first, so the first is the string to cut.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Protocol {
            AaveV3,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Input {
            protocol: Protocol,
        }
        let tree = Value::Object(vec![
            ("protocol".into(), Value::String("x".repeat(1000))),
            ("protocol".into(), Value::String("AaveV3".into())),
        ]);
        let e = read::<Input>(&tree).unwrap_err();
        assert!(e.message.chars().count() < 200, "{} characters: {}", e.message.chars().count(), e.message);
    }

    #[test]
    fn any_message_of_the_reading_layer_is_bounded() {
        let e = serde_error("x", &format!("something new: {}", "é".repeat(5000)));
        assert_eq!(e.message.chars().count(), MAX_SERDE_MESSAGE_CHARS + 1);
        assert!(e.message.ends_with("é…"), "{}", e.message);
        assert_eq!(serde_error("x", "short").message, "short");
    }

    #[test]
    fn the_failing_node_is_found_by_its_path() {
        let tree: Value = serde_json::from_str(r#"{"a":[1,{"b":[[0,"x"]]}]}"#).unwrap();
        assert_eq!(node_at(&tree, "a[1].b[0][1]"), Some(&Value::String("x".into())));
        assert_eq!(node_at(&tree, ""), Some(&tree));
        assert_eq!(node_at(&tree, "a[7]"), None);
    }

    #[test]
    fn paths_join_in_js_notation() {
        assert_eq!(join("", "equity"), "equity");
        assert_eq!(join("market", "maxLtv"), "market.maxLtv");
        assert_eq!(join("positions", "[2]"), "positions[2]");
    }
}
