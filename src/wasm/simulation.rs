//! Exports of the liquidation-probability Monte Carlo.

use super::{call, to_js};
use crate::simulation::{self, LiquidationProbabilityInput};
use wasm_bindgen::prelude::*;

/// Probability that a leveraged loop is liquidated within `horizonDays`: a
/// seeded Monte Carlo of interest drift, slashing and the market discount.
/// For a worker that streams progress, use `LiquidationSimulation`.
#[wasm_bindgen(js_name = liquidationProbability, unchecked_return_type = "LiquidationProbability")]
pub fn liquidation_probability(
    #[wasm_bindgen(unchecked_param_type = "LiquidationProbabilityInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    call(input, simulation::liquidation_probability)
}

/// Discount processes calibrated to the reference de-pegs, for `marketDiscount`.
///
/// `simulation::discount_presets()` as a JSON text parsed by JS (see
/// `presets` in `loops.rs`; `tests/static_presets.rs` keeps it up to date).
#[wasm_bindgen(js_name = discountPresets, unchecked_return_type = "DiscountPreset[]")]
pub fn discount_presets() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(include_str!("static/discount_presets.json"))
}

/// `liquidationProbability` in chunks: `new LiquidationSimulation(input)`
/// validates (and throws like `liquidationProbability`), `run(n)` simulates up
/// to `n` more paths, `progress()` and `result()` summarise the paths done so
/// far; after `pathsTotal` paths `result()` equals
/// `liquidationProbability(input)` whatever the chunks. Call `free()` when done.
#[wasm_bindgen]
pub struct LiquidationSimulation(simulation::LiquidationSimulation);

#[wasm_bindgen]
impl LiquidationSimulation {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LiquidationProbabilityInput")] input: JsValue,
    ) -> Result<LiquidationSimulation, JsValue> {
        let mut built = None;
        call(input, |i: &LiquidationProbabilityInput| {
            simulation::LiquidationSimulation::new(i).map(|s| built = Some(s))
        })?;
        built.map(Self).ok_or_else(|| JsValue::from_str("input: not validated"))
    }

    /// Simulates up to `paths` more paths; returns the number done so far.
    pub fn run(&mut self, paths: u32) -> u32 {
        self.0.run(paths)
    }

    #[wasm_bindgen(getter, js_name = pathsDone)]
    pub fn paths_done(&self) -> u32 {
        self.0.paths_done()
    }

    #[wasm_bindgen(getter, js_name = pathsTotal)]
    pub fn paths_total(&self) -> u32 {
        self.0.paths_total()
    }

    /// Cheap figures for a progress display: paths done, the probability with
    /// its standard error and 95 % interval, and the histograms.
    #[wasm_bindgen(unchecked_return_type = "LiquidationProgress")]
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.progress())
    }

    /// All figures over the paths done so far (quantiles cost a pass over
    /// every path: call it when the run ends or a few times a second).
    #[wasm_bindgen(unchecked_return_type = "LiquidationProbability")]
    pub fn result(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.summary())
    }
}
