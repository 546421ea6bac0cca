//! Reading an input struct from the input tree ([`crate::tree::Value`]).
//!
//! Each input type says how it is read with [`FromTree`]: structs through
//! [`read_struct!`](crate::read_struct) (a field table: Rust name and JS name),
//! string enums through [`read_enum!`](crate::read_enum), the two inputs that
//! take more than one shape by hand. An error names its field: each level
//! puts its own segment in front of the path on the way out
//! (`[2]` -> `[2].debt` -> `positions[2].debt`), so nothing is spent on paths
//! while the input is good.
//!
//! Why not `#[derive(Deserialize)]`: serde's derive compiles a visitor of
//! some 1.3 KB per struct, with its field matcher, for every deserializer;
//! the 45 input types made a fifth of the `.wasm`. Here a struct costs one
//! call per field, and each field type's reader exists once.
//!
//! The messages keep serde's wording (`wrong type: boolean `true`, expected
//! a number or a decimal string`, ``unknown variant `compound`, expected
//! `aaveV3` or `morphoBlue` ``, ``duplicate field `equity` ``), with any
//! string of the input cut to [`MAX_QUOTED_CHARS`] characters.

use crate::error::CalcError;
use crate::num::{decimal_from_f64, decimal_from_str, Num};
use crate::tree::Value;
use std::collections::BTreeSet;

/// Longest string of the input echoed in a message, in characters.
pub const MAX_QUOTED_CHARS: usize = 40;

/// A type read from one node of the input tree.
pub trait FromTree: Sized {
    /// Reads `Self` from `node`. An error's path is relative to `node`
    /// (empty: the node itself).
    fn from_tree(node: &Value) -> Result<Self, CalcError>;

    /// The value a field of a struct holds until it is read (zero, empty,
    /// the first variant). Never a result: a struct's reader fills each
    /// field in place, which compiles to far less code than building the
    /// struct from one `Result` per field.
    fn unread() -> Self;

    /// The value of a field that is not given (absent, or null as
    /// `undefined` is in JS): `None` if the field is required.
    fn absent() -> Option<Self> {
        None
    }

    /// Adds every field path under `prefix` (`market.maxLtv`, `positions[]`,
    /// `positions[].debt`) to `out`; a leaf adds nothing. Used by the tests
    /// and the fuzz targets, never by the `.wasm`.
    fn paths(_prefix: &str, _out: &mut BTreeSet<String>) {}
}

/// Every field path of `T`, in the notation of [`CalcError::path`] with
/// `[]` for any index.
pub fn input_paths<T: FromTree>() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    T::paths("", &mut out);
    out
}

/// `path` with its indices written `[]`: `positions[2].debt` ->
/// `positions[].debt`, the form [`input_paths`] lists.
pub fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// How serde describes a value in its messages (`boolean `true``,
/// `floating point `1.5``, `string "abc"`), a string cut to
/// [`MAX_QUOTED_CHARS`] characters.
pub fn described(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => {
            let mut text = crate::float::display(*n);
            if n.is_finite() && !text.contains('.') {
                text.push_str(".0");
            }
            format!("floating point `{text}`")
        }
        Value::String(s) => format!("string {}", string_literal(&quoted(s))),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// `s` in double quotes as Rust's `{:?}` writes it for the characters input
/// text holds: `"` and `\` escaped, control characters as `\n`, `\t`, `\r`,
/// `\0` or `\u{…}`. Other characters are written as they are (`{:?}` also
/// escapes unassigned and invisible ones, which took 1.6 KB of Unicode
/// tables in the `.wasm`).
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` cut to [`MAX_QUOTED_CHARS`] characters, with an ellipsis if cut.
fn quoted(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// The error for a node of the wrong kind.
#[inline(never)]
pub fn wrong_type(node: &Value, expected: &str) -> CalcError {
    CalcError::new("", format!("wrong type: {}, expected {expected}", described(node)))
}

/// serde's list of allowed names: `` `a` ``, `` `a` or `b` ``,
/// `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => format!("one of {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// The position in `names` of the string `node` holds: the variant of a
/// string enum.
#[inline(never)]
pub fn variant(node: &Value, names: &[&str]) -> Result<usize, CalcError> {
    let Value::String(s) = node else { return Err(wrong_type(node, &one_of(names))) };
    names.iter().position(|n| n == s).ok_or_else(|| unknown_variant(s, names))
}

/// ``unknown variant `x`, expected …``.
#[inline(never)]
pub fn unknown_variant(name: &str, names: &[&str]) -> CalcError {
    CalcError::new("", format!("unknown variant `{}`, expected {}", quoted(name), one_of(names)))
}

/// A tagged value, `{ "perp": { … } }`: the position of its one key in
/// `names` and the key's value. The error of a value inside is the
/// caller's to put under the key.
#[inline(never)]
pub fn tagged<'a>(node: &'a Value, names: &[&str]) -> Result<(usize, &'a Value), CalcError> {
    match node {
        Value::Object(entries) if entries.len() == 1 => {
            let (key, value) = &entries[0];
            let i = names.iter().position(|n| n == key).ok_or_else(|| unknown_variant(key, names))?;
            Ok((i, value))
        }
        _ => Err(wrong_type(node, &format!("an object with one key naming the kind: {}", one_of(names)))),
    }
}

/// The fields of an object node.
pub struct Fields<'a>(&'a [(String, Value)]);

impl<'a> Fields<'a> {
    /// The entries of `node`, which must be an object.
    #[inline(never)]
    pub fn of(node: &'a Value) -> Result<Self, CalcError> {
        match node {
            Value::Object(entries) => Ok(Fields(entries)),
            _ => Err(wrong_type(node, "an object")),
        }
    }

    /// The value of field `name`, if given: not null, and given once.
    #[inline(never)]
    fn given(&self, name: &str) -> Result<Option<&'a Value>, CalcError> {
        let mut found = self.0.iter().filter(|(key, value)| key == name && !matches!(value, Value::Null));
        let first = found.next().map(|(_, value)| value);
        if found.next().is_some() {
            return Err(CalcError::new("", format!("duplicate field `{name}`")));
        }
        Ok(first)
    }

    /// Reads field `name` into `slot`: "is required" if it is not given and
    /// `T` has no default.
    pub fn read<T: FromTree>(&self, slot: &mut T, name: &str) -> Result<(), CalcError> {
        *slot = match self.given(name)? {
            Some(value) => T::from_tree(value).map_err(|e| e.under(name))?,
            None => T::absent().ok_or_else(|| CalcError::new(name, "is required"))?,
        };
        Ok(())
    }
}

/// Adds `prefix.name` and the paths under it, for a field of type `T` (named
/// by a function returning the field, so the type need not be written out).
pub fn field_paths<S, T: FromTree>(prefix: &str, name: &str, _field: impl FnOnce(S) -> T, out: &mut BTreeSet<String>) {
    let path = crate::input::join(prefix, name);
    T::paths(&path, out);
    out.insert(path);
}

/// Implements [`FromTree`] for a struct from its field table: each Rust
/// field and its name in JS. A field of type `Option<_>` is optional; every
/// other field is required. Unknown fields are ignored.
///
/// ```ignore
/// read_struct!(CostsInput { swap_cost: "swapCost", flash_loan_fee: "flashLoanFee" });
/// ```
#[macro_export]
macro_rules! read_struct {
    ($ty:ident { $($field:ident: $name:literal),+ $(,)? }) => {
        impl $crate::read::FromTree for $ty {
            fn from_tree(node: &$crate::tree::Value) -> Result<Self, $crate::error::CalcError> {
                let fields = $crate::read::Fields::of(node)?;
                let mut out = Self::unread();
                $(fields.read(&mut out.$field, $name)?;)+
                Ok(out)
            }

            fn unread() -> Self {
                Self { $($field: $crate::read::FromTree::unread()),+ }
            }

            fn paths(prefix: &str, out: &mut std::collections::BTreeSet<String>) {
                $($crate::read::field_paths(prefix, $name, |s: Self| s.$field, out);)+
            }
        }
    };
}

/// Implements [`FromTree`] for an enum read from a string: each variant and
/// its name in JS.
///
/// ```ignore
/// read_enum!(Protocol { AaveV3: "aaveV3", MorphoBlue: "morphoBlue" });
/// ```
#[macro_export]
macro_rules! read_enum {
    ($ty:ident { $($variant:ident: $name:literal),+ $(,)? }) => {
        impl $crate::read::FromTree for $ty {
            fn from_tree(node: &$crate::tree::Value) -> Result<Self, $crate::error::CalcError> {
                const VARIANTS: &[$ty] = &[$($ty::$variant),+];
                let i = $crate::read::variant(node, &[$($name),+])?;
                // `variant` returns a position in a list as long as VARIANTS.
                Ok(VARIANTS.get(i).copied().unwrap_or(VARIANTS[0]))
            }

            fn unread() -> Self {
                [$($ty::$variant),+][0]
            }
        }
    };
}

impl FromTree for Num {
    /// A finite JSON number or a decimal string ([`crate::num`]).
    #[inline(never)]
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        let read = match node {
            Value::Number(n) => decimal_from_f64(*n),
            Value::String(s) => decimal_from_str(s),
            _ => return Err(wrong_type(node, "a number or a decimal string")),
        };
        read.map(Num).map_err(|message| CalcError::new("", message))
    }

    fn unread() -> Self {
        Num(crate::num::Decimal::ZERO)
    }
}

impl FromTree for f64 {
    /// A JSON number as it is, NaN and ±Infinity included (the columns of
    /// `optionGreeksBatch` are checked as a `Float64Array` would be).
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        match node {
            Value::Number(n) => Ok(*n),
            _ => Err(wrong_type(node, "a number")),
        }
    }

    fn unread() -> Self {
        0.0
    }
}

impl FromTree for bool {
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        match node {
            Value::Bool(b) => Ok(*b),
            _ => Err(wrong_type(node, "a boolean")),
        }
    }

    fn unread() -> Self {
        false
    }
}

impl FromTree for String {
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        match node {
            Value::String(s) => Ok(s.clone()),
            _ => Err(wrong_type(node, "a string")),
        }
    }

    fn unread() -> Self {
        String::new()
    }
}

impl<T: FromTree> FromTree for Option<T> {
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        match node {
            Value::Null => Ok(None),
            _ => T::from_tree(node).map(Some),
        }
    }

    fn unread() -> Self {
        None
    }

    fn absent() -> Option<Self> {
        Some(None)
    }

    fn paths(prefix: &str, out: &mut BTreeSet<String>) {
        T::paths(prefix, out);
    }
}

impl<T: FromTree> FromTree for Vec<T> {
    fn from_tree(node: &Value) -> Result<Self, CalcError> {
        let Value::Array(items) = node else { return Err(wrong_type(node, "a list")) };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_tree(item).map_err(|e| e.under(&format!("[{i}]")))?);
        }
        Ok(out)
    }

    fn unread() -> Self {
        Vec::new()
    }

    fn paths(prefix: &str, out: &mut BTreeSet<String>) {
        let items = format!("{prefix}[]");
        T::paths(&items, out);
        out.insert(items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literal_is_debug_for_printable_text_and_control_characters() {
        let texts = [
            "",
            "0.93",
            "say \"hi\"",
            "back\\slash",
            "a\nb\rc\td\0e",
            "bell\u{7}del\u{7f}c1\u{85}",
            "é 中文 🦀 ünïcödé",
            "it's",
        ];
        for text in texts {
            assert_eq!(string_literal(text), format!("{text:?}"), "{text}");
        }
        // Where the two differ: {:?} escapes invisible characters too.
        assert_eq!(string_literal("a\u{200b}b"), "\"a\u{200b}b\"");
    }

    #[derive(Debug, PartialEq)]
    struct Leg {
        debt_units: Num,
        note: Option<String>,
    }
    read_struct!(Leg { debt_units: "debtUnits", note: "note" });

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Side {
        Long,
        Short,
    }
    read_enum!(Side { Long: "long", Short: "short" });

    #[derive(Debug, PartialEq)]
    struct Outer {
        leg: Leg,
        legs: Vec<Leg>,
        side: Option<Side>,
    }
    read_struct!(Outer { leg: "leg", legs: "legs", side: "side" });

    fn tree(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    fn error(json: &str) -> (String, String) {
        let e = Outer::from_tree(&tree(json)).unwrap_err();
        (e.path.clone(), e.message.clone())
    }

    fn pair(path: &str, message: &str) -> (String, String) {
        (path.into(), message.into())
    }

    #[test]
    fn reads_fields_lists_options_and_enums() {
        let v = Outer::from_tree(&tree(r#"{"leg":{"debtUnits":"1.5"},"legs":[{"debtUnits":2,"note":"x"}],"x":0}"#));
        let one = |n: i64| Num(n.into());
        assert_eq!(
            v.unwrap(),
            Outer {
                leg: Leg { debt_units: Num(crate::num::Decimal::new(15, 1)), note: None },
                legs: vec![Leg { debt_units: one(2), note: Some("x".into()) }],
                side: None,
            }
        );
        let v = Outer::from_tree(&tree(r#"{"leg":{"debtUnits":1,"note":null},"legs":[],"side":"short"}"#)).unwrap();
        assert_eq!(v.side, Some(Side::Short));
    }

    #[test]
    fn errors_carry_the_path_of_their_field() {
        assert_eq!(
            error(r#"{"leg":{"debtUnits":true},"legs":[]}"#),
            pair("leg.debtUnits", "wrong type: boolean `true`, expected a number or a decimal string")
        );
        assert_eq!(
            error(r#"{"leg":{"debtUnits":1},"legs":[{"debtUnits":1},{"debtUnits":[]}]}"#).0,
            "legs[1].debtUnits"
        );
        assert_eq!(error(r#"{"leg":{},"legs":[]}"#), pair("leg.debtUnits", "is required"));
        assert_eq!(error(r#"{"leg":null,"legs":[]}"#), pair("leg", "is required"));
        assert_eq!(error(r#"[1]"#), pair("", "wrong type: sequence, expected an object"));
        assert_eq!(error(r#"{"leg":{"debtUnits":1},"legs":{}}"#), pair("legs", "wrong type: map, expected a list"));
        assert_eq!(
            error(r#"{"leg":{"debtUnits":1},"legs":[],"side":"flat"}"#),
            pair("side", "unknown variant `flat`, expected `long` or `short`")
        );
        assert_eq!(
            error(r#"{"leg":{"debtUnits":1},"legs":[],"side":2}"#),
            pair("side", "wrong type: floating point `2.0`, expected `long` or `short`")
        );
        assert_eq!(
            error(r#"{"leg":{"debtUnits":1,"debtUnits":2},"legs":[]}"#),
            pair("leg", "duplicate field `debtUnits`")
        );
        // A null duplicate is a field not given.
        assert!(Outer::from_tree(&tree(r#"{"leg":{"debtUnits":1,"debtUnits":null},"legs":[]}"#)).is_ok());
    }

    #[test]
    fn long_strings_are_cut_in_messages() {
        let long = "x".repeat(10_000);
        let (_, message) = error(&format!(r#"{{"leg":{{"debtUnits":1}},"legs":[],"side":"{long}"}}"#));
        assert_eq!(message, format!("unknown variant `{}…`, expected `long` or `short`", "x".repeat(MAX_QUOTED_CHARS)));
        let e = wrong_type(&Value::String("é".repeat(100)), "a list");
        assert_eq!(e.message, format!("wrong type: string \"{}…\", expected a list", "é".repeat(MAX_QUOTED_CHARS)));
    }

    #[test]
    fn tagged_values_name_their_kind() {
        let names = ["spot", "perp"];
        let node = tree(r#"{"perp":{"x":1}}"#);
        assert_eq!(tagged(&node, &names).unwrap().0, 1);
        let e = tagged(&tree(r#"{"bond":{}}"#), &names).unwrap_err();
        assert_eq!(e.message, "unknown variant `bond`, expected `spot` or `perp`");
        let e = tagged(&tree(r#"{"spot":{},"perp":{}}"#), &names).unwrap_err();
        assert_eq!(e.message, "wrong type: map, expected an object with one key naming the kind: `spot` or `perp`");
    }

    #[test]
    fn every_field_and_list_is_a_path() {
        let paths: Vec<String> = input_paths::<Outer>().into_iter().collect();
        assert_eq!(
            paths,
            ["leg", "leg.debtUnits", "leg.note", "legs", "legs[]", "legs[].debtUnits", "legs[].note", "side"]
        );
    }

    #[test]
    fn values_are_described_as_serde_describes_them() {
        use serde::de::Unexpected as U;
        let cases = [
            (Value::Bool(true), U::Bool(true)),
            (Value::Number(5.0), U::Float(5.0)),
            (Value::Number(0.93), U::Float(0.93)),
            (Value::Number(1e21), U::Float(1e21)),
            (Value::Number(-1e-7), U::Float(-1e-7)),
            (Value::Number(f64::NAN), U::Float(f64::NAN)),
            (Value::Number(f64::NEG_INFINITY), U::Float(f64::NEG_INFINITY)),
            (Value::String("a \"b\"\n".into()), U::Str("a \"b\"\n")),
            (Value::Array(vec![]), U::Seq),
            (Value::Object(vec![]), U::Map),
        ];
        for (value, unexpected) in cases {
            assert_eq!(described(&value), unexpected.to_string());
        }
        assert_eq!(described(&Value::Null), "null");
    }

    #[test]
    fn indices_are_written_as_brackets() {
        assert_eq!(without_indices("positions[12].debt"), "positions[].debt");
        assert_eq!(without_indices("returns[0]"), "returns[]");
        assert_eq!(without_indices("market.maxLtv"), "market.maxLtv");
    }
}
