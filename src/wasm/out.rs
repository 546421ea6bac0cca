//! The output serializer: any `Serialize` output straight into JS values.
//!
//! Structs and maps become plain objects (keys in declaration order), lists
//! and tuples arrays, `Option::None` and unit `null`, unit enum variants
//! their name, numbers JS numbers (non-finite ones `null`, as in JSON).
//! Replaces `serde_json::to_value` plus a tree walk: no intermediate
//! `serde_json::Value`, no `BTreeMap`, no key `String`s, and each output
//! field compiles to one call.

use js_sys::{Array, Object};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `target[key] = value`: a plain property store, several times faster
    /// in V8 than `Reflect.set` (and without wasm-bindgen's try/catch
    /// wrapper; setting a property of a fresh plain object cannot throw).
    type Plain;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn store(target: &Plain, key: &JsValue, value: &JsValue);
    /// `target[key] = value` for a number: no JS value to make and free first.
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn store_number(target: &Plain, key: &JsValue, value: f64);
    /// `target.push(value)` for a number.
    #[wasm_bindgen(method, structural, js_name = push)]
    fn push_number(target: &Plain, value: f64);
}

/// Why an output could not be written (never happens for the core's types).
/// Boxed, so that every `Result<(), OutError>` of every output field is one
/// pointer, returned in a register rather than through memory.
#[derive(Debug)]
pub struct OutError(pub Box<String>);

impl fmt::Display for OutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutError {}

impl ser::Error for OutError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        OutError(Box::new(msg.to_string()))
    }
}

/// A written value. Numbers stay Rust numbers until stored: a JS number
/// made on its own costs a call and a slot in the table of JS values.
pub enum Written {
    Number(f64),
    Js(JsValue),
}

impl Written {
    /// The JS value; `null` for NaN and ±Infinity.
    #[inline(never)]
    pub fn into_js(self) -> JsValue {
        match self {
            Written::Number(v) if v.is_finite() => JsValue::from_f64(v),
            Written::Number(_) => JsValue::NULL,
            Written::Js(v) => v,
        }
    }
}

type Out = Result<Written, OutError>;

/// Writes one value as a JS value.
pub struct JsWriter;

fn number(v: f64) -> Written {
    Written::Number(v)
}

fn js(v: JsValue) -> Out {
    Ok(Written::Js(v))
}

/// `object[key] = value`.
#[inline(never)]
fn set(object: &Object, key: &JsValue, value: Written) {
    let target = object.unchecked_ref::<Plain>();
    match value {
        Written::Number(v) if v.is_finite() => target.store_number(key, v),
        other => target.store(key, &other.into_js()),
    }
}

/// Slots of the key cache: a power of two, comfortably above the number of
/// distinct field names of all outputs (about 400).
const KEY_SLOTS: usize = 2048;

thread_local! {
    /// JS strings of the field names met so far, by the address and length
    /// of their `&'static str` (open addressing; the length too, in case the
    /// linker lets a name share the bytes of a longer one). Decoding the same UTF-8 key into a new
    /// JS string for every field of every object was most of the time of a
    /// large output (10,000 de-peg points: 200,000 keys).
    static KEYS: RefCell<Vec<Option<(usize, usize, JsValue)>>> = RefCell::new(vec![None; KEY_SLOTS]);
}

/// `object[key] = value` for a field name, with the key's JS string cached.
#[inline(never)]
fn set_key(object: &Object, key: &'static str, value: Written) {
    let address = key.as_ptr() as usize;
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        let mut slot = address.wrapping_mul(0x9E37_79B9) >> 7 & (KEY_SLOTS - 1);
        for _ in 0..KEY_SLOTS {
            match &keys[slot] {
                Some((a, len, js)) if *a == address && *len == key.len() => return set(object, js, value),
                Some(_) => slot = (slot + 1) & (KEY_SLOTS - 1),
                None => {
                    let js = JsValue::from_str(key);
                    set(object, &js, value);
                    keys[slot] = Some((address, key.len(), js));
                    return;
                }
            }
        }
        set(object, &JsValue::from_str(key), value); // the cache is full
    })
}

/// `object[key] = value` for a struct field. Takes the written value (or
/// the error) whole, so that each per-type `serialize_field` is only the
/// call to the value's `serialize` and a call to this.
#[inline(never)]
fn set_field(object: &Object, key: &'static str, value: Out) -> Result<(), OutError> {
    set_key(object, key, value?);
    Ok(())
}

/// `array.push(value)`, likewise.
#[inline(never)]
fn push(array: &Array, value: Out) -> Result<(), OutError> {
    match value? {
        Written::Number(v) if v.is_finite() => array.unchecked_ref::<Plain>().push_number(v),
        other => {
            array.push(&other.into_js());
        }
    }
    Ok(())
}

/// An object `{ variant: value }` (serde's external tagging).
fn tagged(variant: &str, value: Written) -> Out {
    let object = Object::new();
    set(&object, &JsValue::from_str(variant), value);
    js(object.into())
}

impl ser::Serializer for JsWriter {
    type Ok = Written;
    type Error = OutError;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Tagged<Items>;
    type SerializeMap = Fields;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Tagged<Fields>;

    fn serialize_bool(self, v: bool) -> Out {
        js(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Out {
        Ok(number(v as f64))
    }
    fn serialize_i128(self, v: i128) -> Out {
        Ok(number(v as f64))
    }
    fn serialize_u8(self, v: u8) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Out {
        Ok(number(v as f64))
    }
    fn serialize_u128(self, v: u128) -> Out {
        Ok(number(v as f64))
    }
    fn serialize_f32(self, v: f32) -> Out {
        Ok(number(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Out {
        Ok(number(v))
    }
    fn serialize_char(self, v: char) -> Out {
        js(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Out {
        js(JsValue::from_str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Out {
        js(v.iter().map(|&b| JsValue::from_f64(b.into())).collect::<Array>().into())
    }
    fn serialize_none(self) -> Out {
        js(JsValue::NULL)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Out {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out {
        js(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out {
        js(JsValue::NULL)
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Out {
        js(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Out {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Out {
        tagged(variant, value.serialize(self)?)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items, OutError> {
        Ok(Items(Array::new()))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Items, OutError> {
        Ok(Items(Array::new()))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Items, OutError> {
        Ok(Items(Array::new()))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Tagged<Items>, OutError> {
        Ok(Tagged(variant, Items(Array::new())))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Fields, OutError> {
        Ok(Fields { object: Object::new(), key: JsValue::UNDEFINED })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Fields, OutError> {
        Ok(Fields { object: Object::new(), key: JsValue::UNDEFINED })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Tagged<Fields>, OutError> {
        Ok(Tagged(variant, Fields { object: Object::new(), key: JsValue::UNDEFINED }))
    }
}

/// An array being written.
pub struct Items(Array);

impl Items {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutError> {
        push(&self.0, value.serialize(JsWriter))
    }
}

impl ser::SerializeSeq for Items {
    type Ok = Written;
    type Error = OutError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutError> {
        self.push(value)
    }
    fn end(self) -> Out {
        js(self.0.into())
    }
}

impl ser::SerializeTuple for Items {
    type Ok = Written;
    type Error = OutError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutError> {
        self.push(value)
    }
    fn end(self) -> Out {
        js(self.0.into())
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = Written;
    type Error = OutError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutError> {
        self.push(value)
    }
    fn end(self) -> Out {
        js(self.0.into())
    }
}

/// An object being written; `key` waits for its value (maps only).
pub struct Fields {
    object: Object,
    key: JsValue,
}

impl ser::SerializeStruct for Fields {
    type Ok = Written;
    type Error = OutError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), OutError> {
        set_field(&self.object, key, value.serialize(JsWriter))
    }
    fn end(self) -> Out {
        js(self.object.into())
    }
}

impl ser::SerializeMap for Fields {
    type Ok = Written;
    type Error = OutError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), OutError> {
        self.key = key.serialize(JsWriter)?.into_js();
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutError> {
        let value = value.serialize(JsWriter)?;
        set(&self.object, &self.key, value);
        Ok(())
    }
    fn end(self) -> Out {
        js(self.object.into())
    }
}

/// A variant with data, written as `{ variant: … }`.
pub struct Tagged<T>(&'static str, T);

impl ser::SerializeTupleVariant for Tagged<Items> {
    type Ok = Written;
    type Error = OutError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutError> {
        self.1.push(value)
    }
    fn end(self) -> Out {
        tagged(self.0, Written::Js(self.1 .0.into()))
    }
}

impl ser::SerializeStructVariant for Tagged<Fields> {
    type Ok = Written;
    type Error = OutError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), OutError> {
        ser::SerializeStruct::serialize_field(&mut self.1, key, value)
    }
    fn end(self) -> Out {
        tagged(self.0, Written::Js(self.1.object.into()))
    }
}
