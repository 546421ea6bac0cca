//! The input tree: what a JS value or a JSON text holds, before it is read
//! into an input struct. Every entry point reads its input as a [`Value`]
//! first, then deserializes its input struct from the tree with a
//! deserializer that knows where it is, so any error names its field
//! (`positions[2].debt`).
//!
//! Why a tree of our own rather than `serde_json::Value`: it keeps NaN and
//! ±Infinity (which `serde_json` turns into `null`) so they get a message of
//! their own, and one small path-tracking deserializer serves the wasm
//! boundary, the native tests and the fuzz targets alike (the typed structs
//! are compiled against one deserializer only, which keeps the `.wasm` small).

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Deepest nesting accepted: far beyond any real input, shallow enough that
/// recursion can never exhaust the stack.
pub const MAX_DEPTH: usize = 32;
/// Most nodes (numbers, strings, objects, …) accepted in one input.
pub const MAX_NODES: usize = 2_000_000;

/// A JSON-like value. Numbers are `f64`, as in JS.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Entries in their original order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// How serde's messages describe this value.
    fn unexpected(&self) -> de::Unexpected<'_> {
        match self {
            Value::Null => de::Unexpected::Other("null"),
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Number(n) => de::Unexpected::Float(*n),
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }
}

/// An error while reading the tree: a message, and the path where it arose
/// (set by the innermost deserializer that saw it). Boxed, so that every
/// `Result` of the deserializer stays one pointer wide: each `?` of every
/// derived visitor then moves 4 bytes instead of 24, which keeps the `.wasm`
/// smaller.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeError(Box<TreeErrorAt>);

/// The fields of a [`TreeError`].
#[derive(Clone, Debug, PartialEq)]
pub struct TreeErrorAt {
    pub path: Option<String>,
    pub message: String,
}

impl std::ops::Deref for TreeError {
    type Target = TreeErrorAt;
    fn deref(&self) -> &TreeErrorAt {
        &self.0
    }
}

impl TreeError {
    #[inline(never)]
    fn at(mut self, path: &str) -> Self {
        self.0.path.get_or_insert_with(|| path.to_string());
        self
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TreeError {}

impl de::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TreeError(Box::new(TreeErrorAt { path: None, message: msg.to_string() }))
    }

    // serde's own wording, with the value described by `described` rather
    // than by `Unexpected`'s `Display`, which would link core's float printing;
    // and JS null is "null", not serde's "unit value".
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let what = match unexp {
            de::Unexpected::Unit => "null".to_string(),
            other => described(other),
        };
        de::Error::custom(format_args!("invalid type: {what}, expected {exp}"))
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!("invalid value: {}, expected {}", described(unexp), exp))
    }
}

/// What `Unexpected`'s `Display` prints, word for word (a float as
/// `floating point `1.0``, with a decimal point), through [`crate::float`].
#[inline(never)]
fn described(unexp: de::Unexpected) -> String {
    use de::Unexpected as U;
    match unexp {
        U::Bool(b) => format!("boolean `{b}`"),
        U::Unsigned(i) => format!("integer `{i}`"),
        U::Signed(i) => format!("integer `{i}`"),
        U::Float(f) => {
            let mut text = crate::float::display(f);
            if f.is_finite() && !text.contains('.') {
                text.push_str(".0");
            }
            format!("floating point `{text}`")
        }
        U::Char(c) => format!("character `{c}`"),
        U::Str(s) => format!("string {s:?}"),
        U::Bytes(_) => "byte array".into(),
        U::Unit => "unit value".into(),
        U::Option => "Option value".into(),
        U::NewtypeStruct => "newtype struct".into(),
        U::Seq => "sequence".into(),
        U::Map => "map".into(),
        U::Enum => "enum".into(),
        U::UnitVariant => "unit variant".into(),
        U::NewtypeVariant => "newtype variant".into(),
        U::TupleVariant => "tuple variant".into(),
        U::StructVariant => "struct variant".into(),
        U::Other(other) => other.into(),
    }
}

// --- Building a tree from any serde source (JSON text, serde_json::Value) ---

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor { depth: 0 })
    }
}

struct ValueVisitor {
    depth: usize,
}

impl ValueVisitor {
    fn child<E: de::Error>(&self) -> Result<ValueVisitor, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(ValueVisitor { depth: self.depth + 1 })
    }
}

impl<'de> DeserializeSeed<'de> for ValueVisitor {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(self.child()?)? {
            items.push(item);
            if items.len() > MAX_NODES {
                return Err(de::Error::custom(format!("has more than {MAX_NODES} entries")));
            }
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.child()?)?;
            entries.push((key, value));
            if entries.len() > MAX_NODES {
                return Err(de::Error::custom(format!("has more than {MAX_NODES} entries")));
            }
        }
        Ok(Value::Object(entries))
    }
}

// --- Reading a typed struct from the tree, with paths ----------------------

/// Deserializes `T` from `value`; the error carries the path of its field.
pub fn from_tree<T: de::DeserializeOwned>(value: &Value) -> Result<T, TreeError> {
    T::deserialize(TreeDeserializer { value, path: String::new() })
}

/// A deserializer over one node of the tree that knows the node's path.
struct TreeDeserializer<'a> {
    value: &'a Value,
    path: String,
}

impl<'a> TreeDeserializer<'a> {
    #[inline(never)]
    fn child(&self, value: &'a Value, segment: fmt::Arguments) -> TreeDeserializer<'a> {
        let path = if self.path.is_empty() {
            segment.to_string().trim_start_matches('.').to_string()
        } else {
            format!("{}{}", self.path, segment)
        };
        TreeDeserializer { value, path }
    }

    fn invalid<T>(&self, expected: &dyn de::Expected) -> Result<T, TreeError> {
        Err(de::Error::invalid_type(self.value.unexpected(), expected))
    }

    fn items<'p>(&'p self, items: &'a [Value]) -> Items<'p, 'a> {
        Items { parent: self, items: items.iter().enumerate() }
    }

    fn entries<'p>(&'p self, entries: &'a [(String, Value)]) -> Entries<'p, 'a> {
        Entries { parent: self, entries: entries.iter(), value: None }
    }
}

impl<'de, 'a> Deserializer<'de> for TreeDeserializer<'a> {
    type Error = TreeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let result = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visitor.visit_f64(*n),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(self.items(items)),
            Value::Object(entries) => visitor.visit_map(self.entries(entries)),
        };
        result.map_err(|e| e.at(&self.path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => {
                let path = self.path.clone();
                visitor.visit_some(self).map_err(|e| e.at(&path))
            }
        }
    }

    // Structs, lists and maps call only the one visitor method they need, so a
    // struct's visitor is not compiled a second time for the array form.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let result = match self.value {
            Value::Object(entries) => visitor.visit_map(self.entries(entries)),
            _ => self.invalid(&"an object"),
        };
        result.map_err(|e| e.at(&self.path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let result = match self.value {
            Value::Array(items) => visitor.visit_seq(self.items(items)),
            _ => self.invalid(&"a list"),
        };
        result.map_err(|e| e.at(&self.path))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        // Our enums are plain strings ("aaveV3", "call"), or objects with one
        // key naming the kind (`{ "perp": { … } }`, a portfolio position).
        let result = match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                visitor.visit_enum(Tagged { parent: &self, key, value })
            }
            _ => self.invalid(&"one of the allowed strings, or an object with one key naming the kind"),
        };
        result.map_err(|e| e.at(&self.path))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct tuple
        tuple_struct identifier ignored_any
    }
}

/// An externally tagged enum value, `{ "perp": { … } }`: the key names the
/// variant, and its value, at path `….perp`, holds the variant's data.
struct Tagged<'p, 'a> {
    parent: &'p TreeDeserializer<'a>,
    key: &'a str,
    value: &'a Value,
}

impl<'de, 'a> de::EnumAccess<'de> for Tagged<'_, 'a> {
    type Error = TreeError;
    type Variant = TreeDeserializer<'a>;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant), TreeError> {
        let variant = seed.deserialize(self.key.into_deserializer())?;
        Ok((variant, self.parent.child(self.value, format_args!(".{}", self.key))))
    }
}

impl<'de> de::VariantAccess<'de> for TreeDeserializer<'_> {
    type Error = TreeError;
    fn unit_variant(self) -> Result<(), TreeError> {
        self.invalid(&"the kind as a plain string").map_err(|e| e.at(&self.path))
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, TreeError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_seq(visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_map(visitor)
    }
}

/// The elements of an array, each with its index in the path.
struct Items<'p, 'a> {
    parent: &'p TreeDeserializer<'a>,
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = TreeError;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, TreeError> {
        match self.items.next() {
            Some((i, value)) => seed.deserialize(self.parent.child(value, format_args!("[{i}]"))).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of an object, each value with its key in the path.
struct Entries<'p, 'a> {
    parent: &'p TreeDeserializer<'a>,
    entries: std::slice::Iter<'a, (String, Value)>,
    value: Option<&'a (String, Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = TreeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, TreeError> {
        // A null entry is a field not given (as `undefined` is in JS): an
        // optional field takes its default, a required one "is required".
        match self.entries.find(|(_, value)| *value != Value::Null) {
            Some(entry) => {
                self.value = Some(entry);
                seed.deserialize(entry.0.as_str().into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, TreeError> {
        let (key, value) = self.value.take().ok_or_else(|| de::Error::custom("a value before its key"))?;
        seed.deserialize(self.parent.child(value, format_args!(".{key}")))
    }
    fn size_hint(&self) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        x: f64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        inner: Inner,
        list: Vec<Inner>,
    }

    fn tree(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn errors_carry_the_path_of_their_field() {
        let e = from_tree::<Outer>(&tree(r#"{"inner":{"x":"no"},"list":[]}"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("inner.x"));
        let e = from_tree::<Outer>(&tree(r#"{"inner":{"x":1},"list":[{"x":1},{"x":true}]}"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("list[1].x"));
        let e = from_tree::<Outer>(&tree(r#"{"inner":{},"list":[]}"#)).unwrap_err();
        assert_eq!((e.path.as_deref(), e.message.as_str()), (Some("inner"), "missing field `x`"));
        let e = from_tree::<Outer>(&tree(r#"[1]"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some(""));
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    enum Kind {
        Plain,
        WithData(Inner),
    }

    #[test]
    fn enums_are_strings_or_one_key_objects() {
        let kinds: Vec<Kind> = from_tree(&tree(r#"["plain", { "withData": { "x": 1 } }]"#)).unwrap();
        assert!(matches!(kinds[..], [Kind::Plain, Kind::WithData(Inner { x })] if x == 1.0));
        let e = from_tree::<Vec<Kind>>(&tree(r#"["plain", { "withData": { "x": "no" } }]"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("[1].withData.x"));
        let e = from_tree::<Vec<Kind>>(&tree(r#"[{ "other": {} }]"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("[0]"));
        assert!(e.message.starts_with("unknown variant `other`"), "{}", e.message);
        let e = from_tree::<Vec<Kind>>(&tree(r#"[{ "plain": 1, "withData": {} }]"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("[0]"));
        let e = from_tree::<Vec<Kind>>(&tree(r#"[{ "plain": {} }]"#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("[0].plain"));
    }

    #[test]
    fn a_null_field_is_a_field_not_given() {
        let e = from_tree::<Outer>(&tree(r#"{"inner":null,"list":[]}"#)).unwrap_err();
        assert_eq!((e.path.as_deref(), e.message.as_str()), (Some(""), "missing field `inner`"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        let e = serde_json::from_str::<Value>(&deep).unwrap_err();
        assert!(e.to_string().contains("nested more than"), "{e}");
    }

    #[test]
    fn values_are_described_as_serde_describes_them() {
        use de::Unexpected as U;
        for u in [
            U::Bool(true),
            U::Unsigned(7),
            U::Signed(-7),
            U::Float(5.0),
            U::Float(0.93),
            U::Float(1e21),
            U::Float(-1e-7),
            U::Float(f64::NAN),
            U::Float(f64::NEG_INFINITY),
            U::Char('x'),
            U::Str("a \"b\"\n"),
            U::Bytes(b"x"),
            U::Unit,
            U::Option,
            U::NewtypeStruct,
            U::Seq,
            U::Map,
            U::Enum,
            U::UnitVariant,
            U::NewtypeVariant,
            U::TupleVariant,
            U::StructVariant,
            U::Other("something else"),
        ] {
            assert_eq!(described(u), u.to_string());
        }
    }

    #[test]
    fn numbers_keep_nan_and_infinity() {
        let v = Value::Number(f64::NAN);
        assert!(matches!(v, Value::Number(n) if n.is_nan()));
    }
}
