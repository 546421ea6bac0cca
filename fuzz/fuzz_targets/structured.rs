//! Realistic inputs into every entry point: golden inputs edited at their
//! schema's field paths (`generate`), then the checks of `properties`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use restake_calc_fuzz::{generate, properties};

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(mut case) = generate::case(&mut u) else { return };
    properties::make_affordable(&mut case.input);
    properties::check(case.entry, &case.input);
});
