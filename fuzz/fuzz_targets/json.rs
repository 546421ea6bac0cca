//! Raw bytes as JSON text into every entry point: the function from the first
//! line (`loopPosition\n{…}`) or the first byte, the text read into the input
//! tree as `restake_calc::input::parse` reads it, then the checks of
//! `properties`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use restake_calc::tree::Value;
use restake_calc_fuzz::{pick, properties};
use serde::Deserialize;

fuzz_target!(|data: &[u8]| {
    let Some((entry, json)) = pick(data) else { return };
    let Ok(mut input) = Value::deserialize(&mut serde_json::Deserializer::from_slice(json)) else { return };
    properties::make_affordable(&mut input);
    properties::check(entry, &input);
});
