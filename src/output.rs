//! Writing outputs: every result becomes a JSON value (what the wasm boundary
//! turns into plain JS objects) only after a check that each number in it is
//! finite.
//!
//! Why the check: `serde_json` writes NaN and ±Infinity as `null`, and `null`
//! means "does not exist" in every output (no liquidation price, never
//! liquidated). A NaN that slipped through would silently read as such a
//! statement; instead it becomes an error naming the output field, so a bug
//! shows as a bug. The core never returns a non-finite number (CONTRIBUTING
//! §4); the fuzz targets (`fuzz/`) hold it to that.

use crate::error::CalcError;
use serde::ser::{self, Serialize, Serializer};
use serde_json::{Map, Value as Json};
use std::fmt;

/// The JSON value of an output, if every number in it is finite; otherwise
/// the error names the first non-finite number's place in the output
/// (`output.steps[3].leverage`). One serializer builds and checks at once
/// (it stands in for `serde_json::to_value`, so each output type is compiled
/// against one serializer only, which keeps the `.wasm` small).
pub fn to_json<O: Serialize + ?Sized>(output: &O) -> Result<Json, CalcError> {
    output.serialize(Writer).map_err(|e| {
        let path = e.segments.iter().rev().fold(String::from("output"), |path, s| path + s);
        CalcError::new(path, e.message)
    })
}

/// The first non-finite number found; `segments` run from the number up to
/// the root (each container adds its own on the way out, so nothing is
/// allocated for paths while the output is fine).
#[derive(Debug)]
struct NotFinite {
    segments: Vec<String>,
    message: String,
}

impl NotFinite {
    fn within(mut self, segment: String) -> Self {
        self.segments.push(segment);
        self
    }
}

impl fmt::Display for NotFinite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NotFinite {}

impl ser::Error for NotFinite {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NotFinite { segments: Vec::new(), message: msg.to_string() }
    }
}

fn number(v: f64) -> Result<Json, NotFinite> {
    match serde_json::Number::from_f64(v) {
        Some(n) => Ok(Json::Number(n)),
        None => Err(NotFinite {
            segments: Vec::new(),
            message: format!("came out as {v}, which is a bug in the calculator: please report the input"),
        }),
    }
}

/// Builds the JSON value of an output, refusing non-finite numbers.
struct Writer;

/// A list being written (items of a sequence or tuple), or, for a tuple
/// variant, the variant's name with its items.
struct Items {
    variant: Option<&'static str>,
    items: Vec<Json>,
}

impl Items {
    // The generic part (one copy per item type) only serializes; the rest is
    // shared, which keeps the `.wasm` small.
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        self.store(value.serialize(Writer))
    }

    #[inline(never)]
    fn store(&mut self, item: Result<Json, NotFinite>) -> Result<(), NotFinite> {
        let i = self.items.len();
        self.items.push(item.map_err(|e| e.within(format!("[{i}]")))?);
        Ok(())
    }

    fn finish(self) -> Json {
        wrap(self.variant, Json::Array(self.items))
    }
}

/// An object being written (a struct or a map), or, for a struct variant,
/// the variant's name with its fields.
struct Fields {
    variant: Option<&'static str>,
    fields: Map<String, Json>,
    key: Option<String>,
}

impl Fields {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), NotFinite> {
        self.store(key, value.serialize(Writer))
    }

    #[inline(never)]
    fn store(&mut self, key: &str, value: Result<Json, NotFinite>) -> Result<(), NotFinite> {
        self.fields.insert(key.to_string(), value.map_err(|e| e.within(format!(".{key}")))?);
        Ok(())
    }

    fn finish(self) -> Json {
        wrap(self.variant, Json::Object(self.fields))
    }
}

/// `{ "variant": value }` for a variant that holds a value (serde's
/// externally tagged form, as `serde_json` writes it).
fn wrap(variant: Option<&'static str>, value: Json) -> Json {
    match variant {
        Some(name) => Json::Object(Map::from_iter([(name.to_string(), value)])),
        None => value,
    }
}

impl Serializer for Writer {
    type Ok = Json;
    type Error = NotFinite;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Items;
    type SerializeMap = Fields;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Fields;

    fn serialize_f32(self, v: f32) -> Result<Json, NotFinite> {
        number(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Json, NotFinite> {
        number(v)
    }
    fn serialize_bool(self, v: bool) -> Result<Json, NotFinite> {
        Ok(Json::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Json, NotFinite> {
        Ok(v.into())
    }
    fn serialize_char(self, v: char) -> Result<Json, NotFinite> {
        Ok(Json::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Json, NotFinite> {
        Ok(Json::String(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Json, NotFinite> {
        Ok(Json::Array(v.iter().map(|&b| b.into()).collect()))
    }
    fn serialize_none(self) -> Result<Json, NotFinite> {
        Ok(Json::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Json, NotFinite> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Json, NotFinite> {
        Ok(Json::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Json, NotFinite> {
        Ok(Json::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Json, NotFinite> {
        Ok(Json::String(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Json, NotFinite> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Json, NotFinite> {
        let mut fields = Fields { variant: None, fields: Map::new(), key: None };
        fields.insert(variant, value)?;
        Ok(fields.finish())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, NotFinite> {
        Ok(Items { variant: None, items: Vec::with_capacity(len.unwrap_or(0)) })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, NotFinite> {
        Ok(Items { variant: None, items: Vec::with_capacity(len) })
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items, NotFinite> {
        Ok(Items { variant: None, items: Vec::with_capacity(len) })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items, NotFinite> {
        Ok(Items { variant: Some(variant), items: Vec::with_capacity(len) })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields, NotFinite> {
        Ok(Fields { variant: None, fields: Map::new(), key: None })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, NotFinite> {
        Ok(Fields { variant: None, fields: Map::new(), key: None })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Fields, NotFinite> {
        Ok(Fields { variant: Some(variant), fields: Map::new(), key: None })
    }
}

impl ser::SerializeSeq for Items {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        self.push(value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for Items {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        self.push(value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        self.push(value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleVariant for Items {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        self.push(value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

impl ser::SerializeMap for Fields {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotFinite> {
        match key.serialize(Writer)? {
            Json::String(s) => self.key = Some(s),
            other => self.key = Some(other.to_string()),
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        let key = self.key.take().unwrap_or_default();
        self.insert(&key, value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for Fields {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotFinite> {
        self.insert(key, value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for Fields {
    type Ok = Json;
    type Error = NotFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotFinite> {
        self.insert(key, value)
    }
    fn end(self) -> Result<Json, NotFinite> {
        Ok(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Step {
        health_factor: Option<f64>,
    }

    #[derive(Serialize)]
    struct Out {
        a: f64,
        steps: Vec<Step>,
    }

    #[test]
    fn a_non_finite_number_is_named_by_its_place_in_the_output() {
        let out = Out { a: 1.0, steps: vec![Step { health_factor: None }, Step { health_factor: Some(f64::NAN) }] };
        let e = to_json(&out).unwrap_err();
        assert_eq!(e.path, "output.steps[1].healthFactor");
        assert!(e.message.contains("NaN"), "{}", e.message);
        let e = to_json(&Out { a: f64::NEG_INFINITY, steps: vec![] }).unwrap_err();
        assert_eq!(e.path, "output.a");
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    enum Kind {
        Unit,
        Newtype(u8),
        Tuple(u8, i64),
        Struct { x: f32 },
    }

    #[derive(Serialize)]
    struct Everything {
        kinds: Vec<Kind>,
        map: std::collections::BTreeMap<u32, Option<String>>,
        pair: (bool, char),
        unit: (),
        bytes: serde_bytes_like::Bytes,
    }

    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    #[test]
    fn finite_outputs_are_written_as_serde_json_writes_them() {
        let out = Out { a: 2.5, steps: vec![Step { health_factor: None }] };
        assert_eq!(to_json(&out).unwrap(), serde_json::json!({ "a": 2.5, "steps": [{ "healthFactor": null }] }));
        let everything = Everything {
            kinds: vec![Kind::Unit, Kind::Newtype(7), Kind::Tuple(1, -2), Kind::Struct { x: 0.5 }],
            map: [(1, Some("one".to_string())), (2, None)].into_iter().collect(),
            pair: (true, 'x'),
            unit: (),
            bytes: serde_bytes_like::Bytes(vec![1, 2]),
        };
        assert_eq!(to_json(&everything).unwrap(), serde_json::to_value(&everything).unwrap());
    }
}
