//! The JS names of every input struct's read table (`read_struct!`) are the
//! field names of its TypeScript declaration (tsify, from the same struct's
//! serde attributes): a misspelt optional field would otherwise be ignored
//! without a word, as any unknown field is.
#![cfg(not(target_arch = "wasm32"))]

use restake_calc::read::{input_paths, FromTree};
use restake_calc::*;
use std::collections::BTreeSet;
use tsify::Tsify;

/// The top-level fields `T` reads.
fn read_names<T: FromTree>() -> BTreeSet<String> {
    input_paths::<T>().into_iter().filter(|p| !p.contains(['.', '['])).collect()
}

/// The field names of a declaration as tsify writes it: doc comments, then
/// one field a line at four spaces (`    exchangeRate: Num;`, `    loops?: Num;`).
fn declared_names(decl: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_comment = false;
    for line in decl.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") {
            in_comment = true;
        }
        if in_comment {
            in_comment = !trimmed.ends_with("*/");
            continue;
        }
        let Some(field) = line.strip_prefix("    ").filter(|f| !f.starts_with(' ')) else { continue };
        let name: String = field.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if field[name.len()..].starts_with(':') || field[name.len()..].starts_with("?:") {
            names.insert(name);
        }
    }
    names
}

macro_rules! same_names {
    ($($ty:path),+ $(,)?) => {
        $(assert_eq!(read_names::<$ty>(), declared_names(<$ty as Tsify>::DECL), "{}", stringify!($ty));)+
    };
}

#[test]
fn every_read_table_uses_the_declared_names() {
    same_names!(
        amm::PoolInput,
        amm::SwapQuoteInput,
        depeg::CascadeInput,
        depeg::DepegSweepInput,
        depeg::ExitPlanInput,
        depeg::LeverageDistributionInput,
        depeg::PositionInput,
        depeg::ShockInput,
        depeg::SweepInput,
        lending::MarketInput,
        leverage::CollateralInput,
        leverage::CostsInput,
        leverage::LoopInput,
        liquidation::LiquidationInput,
        liquidation::LiquidationMarketInput,
        options::ImpliedVolInput,
        options::OptionInput,
        perps::FundingInput,
        perps::PerpLiquidationInput,
        portfolio::GridInput,
        portfolio::OptionHoldingInput,
        portfolio::PayoffInput,
        portfolio::PerpHoldingInput,
        portfolio::PortfolioInput,
        portfolio::PortfolioMarketInput,
        portfolio::PortfolioTailInput,
        portfolio::ProtectionInput,
        portfolio::SpotHoldingInput,
        rebalance::GasInput,
        rebalance::RebalanceInput,
        rebalance::RebalancePoolInput,
        risk::ConcentrationInput,
        risk::ConcentrationShareInput,
        risk::EigenLayerSlashingInput,
        risk::EthereumSlashingInput,
        risk::RiskLayerInput,
        risk::RiskStackInput,
        risk::SlashingLossInput,
        simulation::LiquidationProbabilityInput,
        simulation::MarketDiscountInput,
        simulation::SlashingInput,
        tail::TailRiskInput,
        yields::DecayInput,
        yields::PointsValueInput,
        yields::YieldComponentInput,
        yields::YieldProjectionInput,
    );
}

#[test]
fn declarations_are_read_as_expected() {
    let decl = "/**\n * X: {\n */\nexport interface X {\n    /**\n     * a: b [0, 1)\n     */\n    exchangeRate: Num;\n    marketPrice?: Num;\n    legs: { a: Num }[];\n}";
    assert_eq!(declared_names(decl), BTreeSet::from(["exchangeRate".into(), "marketPrice".into(), "legs".into()]));
}
