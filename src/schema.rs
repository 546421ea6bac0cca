//! The shape of an input type: every field path it reads, found from its
//! `Deserialize` impl alone, so the list can never drift from the code.
//!
//! [`input_paths`] drives `T::deserialize` with a probing deserializer,
//! once per route through the type: at the end of a route it notes what it
//! finds (a struct's field names, a list's items, an enum's variants) and
//! queues a longer route for each; a value is never built. Objects read by
//! hand with `deserialize_any` (`cascade`'s `positions`, a list or an object)
//! are offered a list, and an object whose fields are learnt from serde's
//! "missing field" errors (so their optional fields are not listed).
//!
//! Used by the fuzz targets (an error must name a field of the schema) and
//! the tests of [`crate::api`]; nothing in the wasm build calls it.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::de::{IntoDeserializer, VariantAccess};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;

/// Longest route explored: deeper than any input, short enough that a
/// recursive type cannot loop for ever.
const MAX_ROUTE: usize = 16;
/// Most probes of one type.
const MAX_RUNS: usize = 20_000;

/// Every field path of the input type `T`, in the notation of
/// [`crate::CalcError::path`] with `[]` for any index: `equity`,
/// `market.maxLtv`, `positions[]`, `positions[].debt`.
pub fn input_paths<T: DeserializeOwned>() -> BTreeSet<String> {
    let explorer = RefCell::new(Explorer::default());
    explorer.borrow_mut().push(Vec::new());
    for _ in 0..MAX_RUNS {
        let Some(route) = explorer.borrow_mut().queue.pop_front() else { break };
        explorer.borrow_mut().last_end = End::None;
        let probe = Probe { route: &route, pos: 0, path: String::new(), explorer: &explorer, leaf: false };
        let error = T::deserialize(probe).err();
        explorer.borrow_mut().learn(route, error);
    }
    explorer.into_inner().known
}

/// `path` with `error_path`'s indices written `[]`: `positions[2].debt` ->
/// `positions[].debt`, the form [`input_paths`] lists.
pub fn without_indices(error_path: &str) -> String {
    let mut out = String::with_capacity(error_path.len());
    let mut in_index = false;
    for c in error_path.chars() {
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

/// One step of a route through an input type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Step {
    Field(String),
    Item,
    Variant(String),
    /// Offer a hand-read value an object, to learn its fields.
    Discover,
}

fn child(path: &str, step: &Step) -> String {
    match step {
        Step::Item => format!("{path}[]"),
        Step::Field(name) | Step::Variant(name) if path.is_empty() => name.clone(),
        Step::Field(name) | Step::Variant(name) => format!("{path}.{name}"),
        Step::Discover => path.to_string(),
    }
}

/// Which map the probe ended last: a discovery map (then a "missing field"
/// error names one more of its fields) or a one-entry map on the way to it
/// (then the error is its parent's, for the entries not offered).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum End {
    #[default]
    None,
    Entry,
    Discover,
}

#[derive(Default)]
struct Explorer {
    known: BTreeSet<String>,
    queue: VecDeque<Vec<Step>>,
    tried: HashSet<Vec<Step>>,
    /// Fields learnt for each hand-read object, by path.
    discovered: HashMap<String, Vec<String>>,
    last_end: End,
    discover_path: String,
}

impl Explorer {
    fn push(&mut self, route: Vec<Step>) {
        if route.len() <= MAX_ROUTE && self.tried.insert(route.clone()) {
            self.queue.push_back(route);
        }
    }

    /// After a probe along a discovery route: a "missing field" error raised
    /// as the discovery map ended names a field of the hand-read object; note
    /// it, and probe again with it offered.
    fn learn(&mut self, route: Vec<Step>, error: Option<ProbeError>) {
        let missing = error.as_ref().and_then(|e| e.0.strip_prefix("missing field `")?.strip_suffix('`'));
        if let (Some(Step::Discover), End::Discover, Some(field)) = (route.last(), self.last_end, missing) {
            let path = self.discover_path.clone();
            let fields = self.discovered.entry(path.clone()).or_default();
            if !fields.iter().any(|f| f == field) {
                fields.push(field.to_string());
                self.known.insert(child(&path, &Step::Field(field.to_string())));
                self.queue.push_back(route);
            }
        }
    }
}

#[derive(Debug)]
struct ProbeError(String);

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProbeError {}

impl de::Error for ProbeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ProbeError(msg.to_string())
    }
}

/// The end of a probe: everything to learn here has been noted.
fn stop<T>() -> Result<T, ProbeError> {
    Err(ProbeError("probe ends here".into()))
}

/// A deserializer that follows `route` from `pos`; at its end it notes what
/// the type asks for. `leaf`: a value of a discovered field, read as the
/// number 1.
struct Probe<'r> {
    route: &'r [Step],
    pos: usize,
    path: String,
    explorer: &'r RefCell<Explorer>,
    leaf: bool,
}

impl<'r> Probe<'r> {
    fn next_step(&self) -> Option<&'r Step> {
        self.route.get(self.pos)
    }

    fn at_end(&self) -> bool {
        self.pos == self.route.len()
    }

    fn follow(&self, step: &Step) -> Probe<'r> {
        Probe {
            route: self.route,
            pos: self.pos + 1,
            path: child(&self.path, step),
            explorer: self.explorer,
            leaf: false,
        }
    }

    /// Queues the route from here on through `step`.
    fn queue(&self, step: Step) {
        let mut route = self.route.to_vec();
        route.push(step);
        self.explorer.borrow_mut().push(route);
    }

    fn note_known(&self) {
        self.explorer.borrow_mut().known.insert(self.path.clone());
    }
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        if self.leaf {
            return visitor.visit_f64(1.0);
        }
        match self.next_step() {
            None => {
                self.queue(Step::Item);
                self.queue(Step::Discover);
                stop()
            }
            Some(Step::Item) => visitor.visit_seq(OneItem { probe: Some(self.follow(&Step::Item)) }),
            Some(Step::Discover) => {
                let keys = self.explorer.borrow().discovered.get(&self.path).cloned().unwrap_or_default();
                visitor.visit_map(DiscoveryMap { keys: keys.into_iter(), probe: self, value_path: String::new() })
            }
            Some(_) => stop(),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        match self.next_step() {
            _ if self.leaf => stop(),
            None => {
                for field in fields {
                    let step = Step::Field(field.to_string());
                    self.explorer.borrow_mut().known.insert(child(&self.path, &step));
                    self.queue(step);
                }
                stop()
            }
            Some(step @ Step::Field(name)) if fields.contains(&name.as_str()) => {
                let value = self.follow(step);
                visitor.visit_map(OneEntry { key: Some(name.clone()), value: Some(value), explorer: self.explorer })
            }
            Some(_) => stop(),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        match self.next_step() {
            _ if self.leaf => stop(),
            None => {
                self.queue(Step::Item);
                stop()
            }
            Some(Step::Item) => visitor.visit_seq(OneItem { probe: Some(self.follow(&Step::Item)) }),
            Some(_) => stop(),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        match self.next_step() {
            _ if self.leaf => stop(),
            None => {
                for variant in variants {
                    self.queue(Step::Variant(variant.to_string()));
                }
                stop()
            }
            Some(step @ Step::Variant(name)) => {
                visitor.visit_enum(VariantProbe { name: name.clone(), probe: self.follow(step) })
            }
            Some(_) => stop(),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct map identifier
    }
}

/// An object with one entry: the next field of the route.
struct OneEntry<'r> {
    key: Option<String>,
    value: Option<Probe<'r>>,
    explorer: &'r RefCell<Explorer>,
}

impl<'de> MapAccess<'de> for OneEntry<'_> {
    type Error = ProbeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ProbeError> {
        match self.key.take() {
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => {
                self.explorer.borrow_mut().last_end = End::Entry;
                Ok(None)
            }
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, ProbeError> {
        match self.value.take() {
            Some(probe) => seed.deserialize(probe),
            None => stop(),
        }
    }
}

/// An object offering the fields learnt so far, each the number 1.
struct DiscoveryMap<'r> {
    keys: std::vec::IntoIter<String>,
    probe: Probe<'r>,
    value_path: String,
}

impl<'de> MapAccess<'de> for DiscoveryMap<'_> {
    type Error = ProbeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ProbeError> {
        match self.keys.next() {
            Some(key) => {
                self.value_path = child(&self.probe.path, &Step::Field(key.clone()));
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => {
                let mut explorer = self.probe.explorer.borrow_mut();
                explorer.last_end = End::Discover;
                explorer.discover_path = self.probe.path.clone();
                Ok(None)
            }
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, ProbeError> {
        let path = std::mem::take(&mut self.value_path);
        seed.deserialize(Probe { route: &[], pos: 0, path, explorer: self.probe.explorer, leaf: true })
    }
}

/// A list with one item: the route goes on inside it.
struct OneItem<'r> {
    probe: Option<Probe<'r>>,
}

impl<'de> SeqAccess<'de> for OneItem<'_> {
    type Error = ProbeError;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, ProbeError> {
        match self.probe.take() {
            Some(probe) => {
                if probe.at_end() {
                    probe.note_known();
                }
                seed.deserialize(probe).map(Some)
            }
            None => Ok(None),
        }
    }
}

/// The variant the route names; a variant that holds a value continues the route.
struct VariantProbe<'r> {
    name: String,
    probe: Probe<'r>,
}

impl<'de, 'r> EnumAccess<'de> for VariantProbe<'r> {
    type Error = ProbeError;
    type Variant = Probe<'r>;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Probe<'r>), ProbeError> {
        let name: de::value::StringDeserializer<ProbeError> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, self.probe))
    }
}

impl<'de> VariantAccess<'de> for Probe<'_> {
    type Error = ProbeError;
    fn unit_variant(self) -> Result<(), ProbeError> {
        stop()
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, ProbeError> {
        if self.at_end() {
            self.note_known();
        }
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_tuple(len, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        if self.at_end() {
            self.note_known();
        }
        self.deserialize_struct("", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Leg {
        debt_units: f64,
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    enum Kind {
        Spot,
        Perp { leverage: f64 },
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Input {
        equity: f64,
        legs: Vec<Leg>,
        kind: Option<Kind>,
    }

    #[test]
    fn every_field_list_and_variant_is_found() {
        let paths: Vec<String> = input_paths::<Input>().into_iter().collect();
        assert_eq!(
            paths,
            ["equity", "kind", "kind.perp", "kind.perp.leverage", "legs", "legs[]", "legs[].debtUnits", "legs[].note"]
        );
    }

    #[test]
    fn hand_read_objects_are_learnt_from_their_missing_fields() {
        let paths = input_paths::<crate::depeg::CascadeInput>();
        for path in ["positions", "positions[]", "positions[].collateralUnits", "positions.leverage", "positions.count"]
        {
            assert!(paths.contains(path), "{path} missing from {paths:?}");
        }
    }

    #[test]
    fn indices_are_written_as_brackets() {
        assert_eq!(without_indices("positions[12].debt"), "positions[].debt");
        assert_eq!(without_indices("returns[0]"), "returns[]");
        assert_eq!(without_indices("market.maxLtv"), "market.maxLtv");
    }
}
