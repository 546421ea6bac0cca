//! Every entry point of the JS API in one table, callable natively on the
//! input tree exactly as the wasm boundary calls it: [`input::read`] (the
//! input reader and its errors), the core function, then
//! [`output::to_json`] (every number finite).
//!
//! The wasm exports ([`crate::wasm`]) call [`run`]; the fuzz targets
//! (`fuzz/`), the agreement vectors (`tests/agreement.rs`) and the tests
//! iterate over [`entry_points`]. A new function is one line in the table:
//! `entry!("jsName", module::core_fn)`; `tests/api.rs` fails until every
//! `#[wasm_bindgen]` export is listed.

use crate::error::CalcError;
use crate::input;
use crate::output;
use crate::read::{self, FromTree};
use crate::simulation::{self, LiquidationProbability, LiquidationProbabilityInput, LiquidationProgress};
use crate::tree::Value;
use crate::{amm, depeg, leverage, liquidation, options, perps, portfolio, presets, rebalance, risk, tail, yields};
use serde::Serialize;
use std::collections::BTreeSet;

/// One function of the JS API.
#[derive(Clone, Copy)]
pub struct EntryPoint {
    /// Its name in JS (`loopPosition`, or `LiquidationSimulation` for the class).
    pub name: &'static str,
    /// Reads the input tree, computes, writes the output as JSON.
    pub run: fn(&Value) -> Result<serde_json::Value, CalcError>,
    /// Every field path of its input ([`read::input_paths`]); empty for a
    /// function without input.
    pub input_paths: fn() -> BTreeSet<String>,
}

impl std::fmt::Debug for EntryPoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Reads `I` from `input`, computes, and writes the output as JSON: what
/// every wasm export does between its JS input tree and its JS output.
pub fn run<I: FromTree, O: Serialize>(
    input: &Value,
    compute: impl FnOnce(&I) -> Result<O, CalcError>,
) -> Result<serde_json::Value, CalcError> {
    let parsed: I = input::read(input)?;
    output::to_json(&compute(&parsed)?)
}

/// The field paths of the input of `compute`.
pub fn input_paths_of<I: FromTree, O>(_compute: fn(&I) -> Result<O, CalcError>) -> BTreeSet<String> {
    read::input_paths::<I>()
}

/// An entry point with an input struct.
macro_rules! entry {
    ($name:literal, $compute:path) => {
        EntryPoint { name: $name, run: |input| run(input, $compute), input_paths: || input_paths_of($compute) }
    };
}

/// An entry point without input (its input is ignored).
macro_rules! constant {
    ($name:literal, $compute:path) => {
        EntryPoint { name: $name, run: |_| output::to_json(&$compute()), input_paths: BTreeSet::new }
    };
}

static ENTRY_POINTS: &[EntryPoint] = &[
    entry!("loopPosition", leverage::loop_position),
    constant!("presets", presets::presets),
    entry!("liquidate", liquidation::liquidate),
    entry!("swapQuote", amm::swap_quote),
    entry!("depegSweep", depeg::depeg_sweep),
    entry!("depegSweepColumns", depeg::depeg_sweep_columns),
    entry!("cascade", depeg::cascade),
    entry!("exitPlan", depeg::exit_plan),
    entry!("yieldProjection", yields::yield_projection),
    entry!("pointsValue", yields::points_value),
    entry!("riskStack", risk::risk_stack),
    entry!("slashingLoss", risk::slashing_loss),
    entry!("concentration", risk::concentration),
    entry!("optionPrice", options::option_price),
    entry!("impliedVol", options::implied_vol),
    entry!("optionGreeksBatch", options::option_greeks_columns),
    entry!("perpLiquidationPrice", perps::perp_liquidation_price),
    entry!("fundingPayment", perps::funding_payment),
    entry!("tailRisk", tail::tail_risk),
    entry!("portfolioRisk", portfolio::portfolio_risk),
    entry!("rebalanceCost", rebalance::rebalance_cost),
    entry!("liquidationProbability", simulation::liquidation_probability),
    constant!("discountPresets", simulation::discount_presets),
    entry!("LiquidationSimulation", liquidation_simulation),
];

/// Every entry point, each once.
pub fn entry_points() -> &'static [EntryPoint] {
    ENTRY_POINTS
}

/// The entry point called `name` in JS.
pub fn entry_point(name: &str) -> Option<&'static EntryPoint> {
    ENTRY_POINTS.iter().find(|e| e.name == name)
}

/// `LiquidationSimulation` driven the way the page's worker drives it: built
/// from the input, run in [`SIMULATION_CHUNKS`] chunks with a progress report
/// after each, then summarised.
pub fn liquidation_simulation(input: &LiquidationProbabilityInput) -> Result<ChunkedSimulation, CalcError> {
    let mut simulation = simulation::LiquidationSimulation::new(input)?;
    let chunk = simulation.paths_total().div_ceil(SIMULATION_CHUNKS);
    let mut progress = Vec::new();
    while simulation.paths_done() < simulation.paths_total() {
        simulation.run(chunk);
        progress.push(simulation.progress());
    }
    Ok(ChunkedSimulation { progress, result: simulation.summary() })
}

/// Chunks of [`liquidation_simulation`].
pub const SIMULATION_CHUNKS: u32 = 3;

/// The progress after each chunk and the final summary of a
/// [`liquidation_simulation`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChunkedSimulation {
    pub progress: Vec<LiquidationProgress>,
    pub result: LiquidationProbability,
}
