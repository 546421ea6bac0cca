//! Reading inputs: the input tree read into an input struct, naming the
//! failing field, and range checks that turn raw numbers into values the
//! maths can trust.
//!
//! Every entry point reads its input through [`read`] (the wasm boundary) or
//! [`parse`] (native tests, fuzz targets) — the same reader of
//! [`crate::read`] — then validates it with the range checks below, so an
//! error always starts with the field path.

use crate::error::CalcError;
use crate::read::FromTree;
use crate::tree::Value;
use rust_decimal::{dec, Decimal};
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
    T: FromTree,
    D: Deserializer<'de>,
    D::Error: Display,
{
    let value = Value::deserialize(deserializer).map_err(|e| CalcError::new("input", e.to_string()))?;
    read(&value)
}

/// Reads an input struct from the input tree (the wasm boundary builds the
/// tree straight from the JS value); an error of the input as a whole (not
/// an object) is at the path `input`.
pub fn read<T: FromTree>(value: &Value) -> Result<T, CalcError> {
    T::from_tree(value).map_err(|e| if e.path.is_empty() { e.under("input") } else { e })
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

/// A field path not written yet: the path of the struct (`prefix`, empty at
/// the top) and the field's name, joined by [`join`] only when a check fails.
/// Building every path up front put a `format!` and a `String` drop at each
/// of the ~120 checks of the validators.
#[derive(Clone, Copy, Debug)]
pub struct At<'a>(pub &'a str, pub &'a str);

impl At<'_> {
    /// The path, written out (`market.maxLtv`).
    pub fn path(self) -> String {
        join(self.0, self.1)
    }
}

impl From<At<'_>> for String {
    fn from(at: At<'_>) -> String {
        at.path()
    }
}

/// A field path for the checks below: a written path (`&str`, `&String`) or
/// one not written yet ([`At`]).
pub trait FieldAt {
    /// The prefix and the field name; a written path is `("", path)`.
    fn parts(&self) -> (&str, &str);
}

impl FieldAt for str {
    fn parts(&self) -> (&str, &str) {
        ("", self)
    }
}

impl FieldAt for String {
    fn parts(&self) -> (&str, &str) {
        ("", self)
    }
}

impl FieldAt for At<'_> {
    fn parts(&self) -> (&str, &str) {
        (self.0, self.1)
    }
}

/// `-d` in a constant (`Neg` is not `const`), for the bounds of
/// `&const { [lo, hi] }`.
pub const fn neg(d: Decimal) -> Decimal {
    let u = d.unpack();
    Decimal::from_parts(u.lo, u.mid, u.hi, !u.negative, u.scale)
}

/// One end of an allowed interval.
#[derive(Clone, Copy, Debug)]
pub enum Bound {
    Incl(Decimal),
    Excl(Decimal),
}

/// Checks `lo (<|<=) value (<|<=) hi` for `range = [lo, hi]`; the error names
/// `path` and the interval. A constant interval is best given as
/// `&const { [lo, hi] }`: one address in the call, not two bounds written
/// to the stack at every check.
#[inline(always)]
pub fn within<P: FieldAt + ?Sized>(path: &P, value: Decimal, range: &[Bound; 2]) -> Result<Decimal, CalcError> {
    let (prefix, name) = path.parts();
    check(prefix, name, &value, range).map(|()| value)
}

/// [`within`] for a value at `prefix` + `name` and the interval `range`:
/// one call per check, the path written only when it fails.
#[inline(never)]
fn check(prefix: &str, name: &str, value: &Decimal, range: &[Bound; 2]) -> Result<(), CalcError> {
    let above = match range[0] {
        Bound::Incl(l) => *value >= l,
        Bound::Excl(l) => *value > l,
    };
    let below = match range[1] {
        Bound::Incl(h) => *value <= h,
        Bound::Excl(h) => *value < h,
    };
    if above && below {
        return Ok(());
    }
    Err(out_of_range(prefix, name, value, range))
}

#[cold]
#[inline(never)]
fn out_of_range(prefix: &str, name: &str, value: &Decimal, range: &[Bound; 2]) -> CalcError {
    let (lo_op, lo_v) = match range[0] {
        Bound::Incl(l) => (">=", l),
        Bound::Excl(l) => (">", l),
    };
    let (hi_op, hi_v) = match range[1] {
        Bound::Incl(h) => ("<=", h),
        Bound::Excl(h) => ("<", h),
    };
    CalcError::new(join(prefix, name), format!("must be {lo_op} {lo_v} and {hi_op} {hi_v}, got {}", value.normalize()))
}

/// A check of a fixed interval: the value and its path in, the value out.
macro_rules! fixed_range {
    ($(#[$doc:meta])* $name:ident, $lo:expr, $hi:expr) => {
        $(#[$doc])*
        #[inline(always)]
        pub fn $name<P: FieldAt + ?Sized>(path: &P, v: Decimal) -> Result<Decimal, CalcError> {
            static RANGE: [Bound; 2] = [$lo, $hi];
            let (prefix, name) = path.parts();
            check(prefix, name, &v, &RANGE).map(|()| v)
        }
    };
}

fixed_range!(
    /// An amount of an asset: `0 < v <= 1e15`.
    amount, Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_AMOUNT)
);
fixed_range!(
    /// An amount that may be zero: `0 <= v <= 1e15`.
    amount_or_zero, Bound::Incl(Decimal::ZERO), Bound::Incl(MAX_AMOUNT)
);
fixed_range!(
    /// A price: `0 < v <= 1e9`.
    price, Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_PRICE)
);
fixed_range!(
    /// A yearly rate as a fraction: `0 <= v <= 10`.
    rate, Bound::Incl(Decimal::ZERO), Bound::Incl(MAX_RATE)
);
fixed_range!(
    /// A fraction of something that cannot all be lost: `0 <= v < 1`.
    fraction_below_one, Bound::Incl(Decimal::ZERO), Bound::Excl(Decimal::ONE)
);
fixed_range!(
    /// A probability or share: `0 <= v <= 1`.
    fraction, Bound::Incl(Decimal::ZERO), Bound::Incl(Decimal::ONE)
);

/// A whole number in `lo..=hi`.
#[inline(always)]
pub fn integer<P: FieldAt + ?Sized>(path: &P, v: Decimal, lo: u32, hi: u32) -> Result<u32, CalcError> {
    let (prefix, name) = path.parts();
    integer_at(prefix, name, &v, lo, hi)
}

#[inline(never)]
fn integer_at(prefix: &str, name: &str, v: &Decimal, lo: u32, hi: u32) -> Result<u32, CalcError> {
    let v = *v;
    let in_range = v >= Decimal::from(lo) && v <= Decimal::from(hi);
    if v.trunc() == v && in_range {
        // In range and whole, so it fits a u32.
        Ok(u32::try_from(v.mantissa() / 10_i128.pow(v.scale())).unwrap_or(hi))
    } else {
        Err(CalcError::new(
            join(prefix, name),
            format!("must be a whole number from {lo} to {hi}, got {}", v.normalize()),
        ))
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
        let e =
            within("market.maxLtv", dec!(1.2), &const { [Bound::Incl(dec!(0)), Bound::Excl(dec!(1))] }).unwrap_err();
        assert_eq!(e.to_string(), "market.maxLtv: must be >= 0 and < 1, got 1.2");
    }

    #[test]
    fn integers_must_be_whole_and_in_range() {
        assert_eq!(integer("loops", dec!(3.00), 0, 100), Ok(3));
        assert!(integer("loops", dec!(2.5), 0, 100).is_err());
        assert!(integer("loops", dec!(101), 0, 100).is_err());
        assert!(integer("loops", dec!(-1), 0, 100).is_err());
    }

    #[derive(Clone, Copy, Debug)]
    enum Method {
        Normal,
    }
    crate::read_enum!(Method { Normal: "normal" });

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Input {
        method: Method,
        nested: Option<Vec<f64>>,
    }
    crate::read_struct!(Input { method: "method", nested: "nested" });

    #[test]
    fn a_huge_string_is_not_echoed_whole() {
        // Found by the fuzz target `json`: serde quoted the whole string.
        let huge = "7".repeat(10_000_000);
        let e = read::<Input>(&Value::Object(vec![("method".into(), Value::String(huge.clone()))])).unwrap_err();
        assert_eq!(e.path, "method");
        assert_eq!(
            e.message,
            format!("unknown variant `{}…`, expected `normal`", "7".repeat(crate::read::MAX_QUOTED_CHARS))
        );
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
        // 40 characters kept, each at most 6 once escaped (`\u{7f}`).
        let at_most = 40 * 6 + 60;
        for text in [format!("a\"b{}", "\u{7f}".repeat(500)), format!("stable{}", "`((".repeat(300))] {
            let e = read::<Vec<f64>>(&Value::String(text.clone())).unwrap_err();
            assert!(e.message.ends_with("…\", expected a list"), "{}", e.message);
            assert!(e.message.chars().count() < at_most, "{} characters: {}", e.message.chars().count(), e.message);
            let e = read::<Input>(&Value::Object(vec![("method".into(), Value::String(text))])).unwrap_err();
            assert_eq!(e.path, "method");
            assert!(e.message.contains("…`, expected `normal`"), "{}", e.message);
            assert!(e.message.chars().count() < at_most, "{} characters: {}", e.message.chars().count(), e.message);
        }
    }

    #[test]
    fn short_strings_are_quoted_whole() {
        let e = read::<Vec<f64>>(&Value::String("aave".into())).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("input", "wrong type: string \"aave\", expected a list"));
    }

    #[test]
    fn a_repeated_key_is_refused_without_echoing_it() {
        // Found by the fuzz target json: JSON text may repeat a key.
        let tree = Value::Object(vec![
            ("method".into(), Value::String("x".repeat(1000))),
            ("method".into(), Value::String("normal".into())),
        ]);
        let e = read::<Input>(&tree).unwrap_err();
        assert_eq!(e.to_string(), "input: duplicate field `method`");
    }

    #[test]
    fn paths_join_in_js_notation() {
        assert_eq!(join("", "equity"), "equity");
        assert_eq!(join("market", "maxLtv"), "market.maxLtv");
        assert_eq!(join("positions", "[2]"), "positions[2]");
    }
}
