//! The input tree: what a JS value or a JSON text holds, before it is read
//! into an input struct ([`crate::read`]). Every entry point reads its input
//! as a [`Value`] first, so one reader serves the wasm boundary (which builds
//! the tree from the JS value), the native tests and the fuzz targets (which
//! build it from JSON text) alike.
//!
//! Why a tree of our own rather than `serde_json::Value`: it keeps NaN and
//! ±Infinity (which `serde_json` turns into `null`) so they get a message of
//! their own, and keeps a repeated key, so it can be refused.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        let e = serde_json::from_str::<Value>(&deep).unwrap_err();
        assert!(e.to_string().contains("nested more than"), "{e}");
    }

    #[test]
    fn repeated_keys_are_kept_in_order() {
        let v: Value = serde_json::from_str(r#"{"a":1,"a":null,"b":[true,"x"]}"#).unwrap();
        let expected = Value::Object(vec![
            ("a".into(), Value::Number(1.0)),
            ("a".into(), Value::Null),
            ("b".into(), Value::Array(vec![Value::Bool(true), Value::String("x".into())])),
        ]);
        assert_eq!(v, expected);
    }
}
