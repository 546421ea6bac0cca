//! # restake-calc
//!
//! Risk and yield maths for restaking and DeFi leverage: leveraged loops of
//! liquid restaking tokens (LRTs) in lending markets, and the price at which
//! they are liquidated.
//!
//! The crate is a pure Rust core plus one thin bindings module
//! (`wasm`, compiled only for `wasm32`) that turns JS values into the core's
//! input types and results back into JS values. Every public entry point
//! takes an input struct read from the JS value ([`read::FromTree`]) (numbers or decimal strings), validates
//! it once into types that cannot hold nonsense, and returns
//! `Result<Output, CalcError>`; an error always names the input field.
//!
//! Modules, one concept each:
//! - [`num`]: the input number type and checked decimal arithmetic;
//! - [`error`]: [`CalcError`], a message that starts with the field path;
//! - [`float`]: `f64` as text, as Rust prints it, without core's float formatting;
//! - [`tree`], [`read`] and [`input`]: reading inputs, with the path of every error;
//! - [`output`]: writing outputs as JSON, every number finite;
//! - [`api`]: every entry point in one table, run as the wasm boundary runs it;
//! - [`lending`]: lending-market parameters and the health-factor maths
//!   (Aave V3, Morpho Blue);
//! - [`leverage`]: the leveraged loop (`loopPosition`);
//! - [`liquidation`]: one liquidation as Aave V3.3 or Morpho Blue computes it;
//! - [`amm`]: swap quotes from constant-product and StableSwap pools;
//! - [`depeg`]: de-peg sweeps, liquidation cascades, the exit decision;
//! - [`presets`]: markets, tokens and reference de-peg events;
//! - [`yields`]: sustainable versus incentive yield over time, points;
//! - [`risk`]: layered restaking risk, slashing losses, concentration;
//! - [`options`]: option prices, greeks and implied volatility (BSM, Black-76);
//! - [`perps`]: perpetual futures liquidation price and funding;
//! - [`tail`]: value at risk and expected shortfall;
//! - [`portfolio`]: greeks, scenarios, hedges and tail risk of a book of
//!   spot, perpetuals, options and loops (`portfolioRisk`);
//! - [`rebalance`]: the cost of a band rebalancing policy (`rebalanceCost`);
//! - [`simulation`]: seeded Monte Carlo of liquidation by de-pegs and slashing;
//! - [`stats`]: normal and Student-t distribution functions.

pub mod amm;
pub mod api;
pub mod depeg;
pub mod error;
pub mod float;
pub mod input;
pub mod lending;
pub mod leverage;
pub mod liquidation;
pub mod num;
pub mod options;
pub mod output;
pub mod perps;
pub mod portfolio;
pub mod presets;
pub mod read;
pub mod rebalance;
pub mod risk;
pub mod simulation;
pub mod stats;
pub mod tail;
pub mod tree;
pub mod yields;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::CalcError;
