//! Yield: how much of an advertised APR is sustainable (staking and AVS fees
//! that accrue into the token) and how much is incentives (token emissions,
//! points) that decay, and what is left of it over time (`yieldProjection`);
//! and the APR a points programme implies (`pointsValue`).
//!
//! Units: yearly rates as fractions (0.03 = 3 %/yr); time in months (`t`,
//! `horizonMonths`, `decay.months`); the schedule gives the annualised rate
//! paid at month `t`, not the month's earnings.
//!
//! Numbers: the `none`, `linear` and `cliff` curves and their integrals are
//! rational, so exact in [`Decimal`]; the `halfLife` curve `2^(−t/m)` and its
//! integral are transcendental, so computed in `f64` with the `libm` crate
//! (the same bits natively and in wasm) and brought back as a Decimal
//! (about 15 significant digits).
//!
//! Sources: the split follows DefiLlama's yields (`apyBase`: from fees and the
//! asset itself; `apyReward`: token incentives); fees as charged by LRTs
//! (ether.fi, Renzo, Kelp: 10 % of rewards) and EigenLayer operators (default
//! commission 10 %), see `shared/reference/vectors.md`. The curves are the
//! definitions of issue 4; their integrals are derived below.

use crate::error::CalcError;
use crate::input::{self, join, within, At, Bound};
use crate::num::{add, div, from_f64, mul, sub, to_f64, Decimal, Exact, Num, Overflow};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// Most components a projection accepts.
pub const MAX_COMPONENTS: usize = 100;
/// Longest horizon, in months (50 years).
pub const MAX_HORIZON_MONTHS: u32 = 600;
/// Longest decay period, in months (100 years: longer is no decay at all
/// over any horizon accepted).
pub const MAX_DECAY_MONTHS: Decimal = dec!(1200);
/// Longest period a points programme may be valued over, in years.
pub const MAX_POINTS_YEARS: Decimal = dec!(100);

/// Where a component's yield comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum YieldKind {
    /// Paid out of real revenue (consensus and execution rewards, AVS fees):
    /// DefiLlama's `apyBase`.
    Sustainable,
    /// Paid out of token emissions or points: DefiLlama's `apyReward`.
    Incentive,
}
crate::read_enum!(YieldKind { Sustainable: "sustainable", Incentive: "incentive" });

/// The shape of a component's decay over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum DecayType {
    /// `f(t) = 1`.
    None,
    /// `f(t) = max(0, 1 − t/months)`: reaches 0 after `months`.
    Linear,
    /// `f(t) = 2^(−t/months)`: halves every `months`.
    HalfLife,
    /// `f(t) = 1` while `t < months`, then 0: a programme that ends.
    Cliff,
}
crate::read_enum!(DecayType { None: "none", Linear: "linear", HalfLife: "halfLife", Cliff: "cliff" });

/// How a component's APR decays, as the JS side describes it.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DecayInput {
    #[serde(rename = "type")]
    pub decay_type: DecayType,
    /// Months (> 0, at most 1,200): the time to zero (`linear`), the half-life
    /// (`halfLife`) or the end (`cliff`). Required unless `type` is `none`.
    #[serde(default)]
    #[tsify(optional)]
    pub months: Option<Num>,
}
crate::read_struct!(DecayInput { decay_type: "type", months: "months" });

/// One source of yield.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct YieldComponentInput {
    pub label: String,
    /// Yearly rate before fees, 0 to 10.
    pub apr: Num,
    pub kind: YieldKind,
    /// Fraction of this component taken before it reaches the holder, e.g. an
    /// operator commission (0 to 1, default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub fee: Option<Num>,
    /// Default: no decay.
    #[serde(default)]
    #[tsify(optional)]
    pub decay: Option<DecayInput>,
}
crate::read_struct!(YieldComponentInput { label: "label", apr: "apr", kind: "kind", fee: "fee", decay: "decay" });

/// Input of `yieldProjection`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct YieldProjectionInput {
    /// 1 to 100 components.
    pub components: Vec<YieldComponentInput>,
    /// Fraction taken from every component, e.g. the LRT's fee on rewards
    /// (0 to 1, default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub protocol_fee: Option<Num>,
    /// Whole months from 1 to 600.
    pub horizon_months: Num,
}
crate::read_struct!(YieldProjectionInput {
    components: "components",
    protocol_fee: "protocolFee",
    horizon_months: "horizonMonths",
});

/// A validated decay curve; the Decimal is its `months`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decay {
    None,
    Linear(Decimal),
    HalfLife(Decimal),
    Cliff(Decimal),
}

/// A validated component.
#[derive(Clone, Debug, PartialEq)]
pub struct YieldComponent {
    pub label: String,
    pub apr: Decimal,
    pub kind: YieldKind,
    pub fee: Decimal,
    pub decay: Decay,
}

/// A validated `yieldProjection` input.
#[derive(Clone, Debug, PartialEq)]
pub struct YieldParams {
    pub components: Vec<YieldComponent>,
    pub protocol_fee: Decimal,
    pub horizon_months: u32,
}

impl DecayInput {
    pub fn validate(&self, prefix: &str) -> Result<Decay, CalcError> {
        let path = At(prefix, "months");
        let months = self
            .months
            .map(|m| within(&path, m.get(), &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_DECAY_MONTHS)] }))
            .transpose()?;
        let required = |name: &str| months.ok_or_else(|| CalcError::new(path, format!("is required for {name} decay")));
        Ok(match self.decay_type {
            DecayType::None => Decay::None,
            DecayType::Linear => Decay::Linear(required("linear")?),
            DecayType::HalfLife => Decay::HalfLife(required("halfLife")?),
            DecayType::Cliff => Decay::Cliff(required("cliff")?),
        })
    }
}

impl YieldComponentInput {
    pub fn validate(&self, prefix: &str) -> Result<YieldComponent, CalcError> {
        let path = |field| At(prefix, field);
        Ok(YieldComponent {
            label: self.label.clone(),
            apr: input::rate(&path("apr"), self.apr.get())?,
            kind: self.kind,
            fee: input::fraction(&path("fee"), self.fee.map_or(Decimal::ZERO, Num::get))?,
            decay: match &self.decay {
                Some(d) => d.validate(&path("decay").path())?,
                None => Decay::None,
            },
        })
    }
}

impl YieldProjectionInput {
    pub fn validate(&self, prefix: &str) -> Result<YieldParams, CalcError> {
        let path = |field| At(prefix, field);
        let list = path("components").path();
        input::list_length(&list, self.components.len(), MAX_COMPONENTS, "component")?;
        let components = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| c.validate(&join(&list, &format!("[{i}]"))))
            .collect::<Result<_, _>>()?;
        Ok(YieldParams {
            components,
            protocol_fee: input::fraction(&path("protocolFee"), self.protocol_fee.map_or(Decimal::ZERO, Num::get))?,
            horizon_months: input::integer(&path("horizonMonths"), self.horizon_months.get(), 1, MAX_HORIZON_MONTHS)?,
        })
    }
}

/// The yield right now (t = 0), yearly fractions.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldNow {
    /// `Σ apr`, before any fee.
    pub gross: Decimal,
    /// `sustainable + incentive`, after fees.
    pub net: Decimal,
    pub sustainable: Decimal,
    pub incentive: Decimal,
    /// `sustainable / net`; null when `net` is 0.
    pub sustainable_share: Option<Decimal>,
}

/// The net yield paid at one month of the horizon, yearly fractions.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldPoint {
    pub month: u32,
    pub sustainable: Decimal,
    pub incentive: Decimal,
    /// `sustainable + incentive`.
    pub total: Decimal,
}

/// The exact time average over `[0, horizonMonths]` of the net yield curves.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldAverage {
    pub sustainable: Decimal,
    pub incentive: Decimal,
    /// `sustainable + incentive`.
    pub total: Decimal,
}

/// One component's net yield.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldComponentSummary {
    pub label: String,
    pub kind: YieldKind,
    /// The input APR, before fees.
    pub apr: Decimal,
    /// `apr·(1 − fee)·(1 − protocolFee)`: the net APR at t = 0.
    pub now: Decimal,
    /// The time average of the net APR over the horizon.
    pub average: Decimal,
}

/// Output of `yieldProjection`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct YieldProjection {
    pub now: YieldNow,
    /// Months 0 to `horizonMonths`, one point each.
    pub schedule: Vec<YieldPoint>,
    pub average: YieldAverage,
    /// In input order.
    pub components: Vec<YieldComponentSummary>,
}

/// Projects sustainable and incentive yield over time: `yieldProjection` of
/// the JS API.
pub fn yield_projection(input: &YieldProjectionInput) -> Result<YieldProjection, CalcError> {
    let params = input.validate("")?;
    project(&params).map_err(|Overflow| CalcError::overflow("components"))
}

/// Every figure of a validated projection.
pub fn project(p: &YieldParams) -> Exact<YieldProjection> {
    let horizon = Decimal::from(p.horizon_months);
    let mut components = Vec::with_capacity(p.components.len());
    for c in &p.components {
        let now = net_apr(c.apr, c.fee, p.protocol_fee)?;
        let average = mul(now, c.decay.average_factor(horizon)?)?;
        components.push(YieldComponentSummary { label: c.label.clone(), kind: c.kind, apr: c.apr, now, average });
    }
    let by_kind = |kind: YieldKind, value: fn(&YieldComponentSummary) -> Decimal| -> Exact {
        components.iter().filter(|s| s.kind == kind).try_fold(Decimal::ZERO, |sum, s| add(sum, value(s)))
    };
    let (sustainable, incentive) =
        (by_kind(YieldKind::Sustainable, |s| s.now)?, by_kind(YieldKind::Incentive, |s| s.now)?);
    let net = add(sustainable, incentive)?;
    let now = YieldNow {
        gross: p.components.iter().try_fold(Decimal::ZERO, |sum, c| add(sum, c.apr))?,
        net,
        sustainable,
        incentive,
        sustainable_share: if net.is_zero() { None } else { Some(div(sustainable, net)?) },
    };
    let (avg_s, avg_i) =
        (by_kind(YieldKind::Sustainable, |s| s.average)?, by_kind(YieldKind::Incentive, |s| s.average)?);
    let average = YieldAverage { sustainable: avg_s, incentive: avg_i, total: add(avg_s, avg_i)? };
    let schedule = (0..=p.horizon_months).map(|month| yield_at(p, &components, month)).collect::<Exact<Vec<_>>>()?;
    Ok(YieldProjection { now, schedule, average, components })
}

/// The net yield paid at `month`: `Σ now_i · f_i(month)` per kind, with
/// `now_i` the component's net APR at t = 0.
fn yield_at(p: &YieldParams, summaries: &[YieldComponentSummary], month: u32) -> Exact<YieldPoint> {
    let t = Decimal::from(month);
    let (mut sustainable, mut incentive) = (Decimal::ZERO, Decimal::ZERO);
    for (c, s) in p.components.iter().zip(summaries) {
        let paid = mul(s.now, c.decay.factor_at(t)?)?;
        match c.kind {
            YieldKind::Sustainable => sustainable = add(sustainable, paid)?,
            YieldKind::Incentive => incentive = add(incentive, paid)?,
        }
    }
    Ok(YieldPoint { month, sustainable, incentive, total: add(sustainable, incentive)? })
}

/// A component's APR after fees: `apr·(1 − fee)·(1 − protocolFee)`, yearly
/// fraction (issue 4: the operator's commission is taken first, then the
/// LRT's fee on what reaches it; the two commute).
pub fn net_apr(apr: Decimal, fee: Decimal, protocol_fee: Decimal) -> Exact {
    mul(mul(apr, sub(Decimal::ONE, fee)?)?, sub(Decimal::ONE, protocol_fee)?)
}

impl Decay {
    /// `f(t)`, the fraction of its initial APR a component pays at month
    /// `t >= 0`, in [0, 1].
    pub fn factor_at(self, t: Decimal) -> Exact {
        match self {
            Decay::None => Ok(Decimal::ONE),
            Decay::Linear(m) => linear_factor(t, m),
            Decay::HalfLife(m) => half_life_factor(t, m),
            Decay::Cliff(m) => Ok(cliff_factor(t, m)),
        }
    }

    /// `(1/H)·∫₀ᴴ f(t) dt`, the time average of `f` over `[0, H]` months,
    /// `H > 0`, in [0, 1].
    pub fn average_factor(self, horizon: Decimal) -> Exact {
        match self {
            Decay::None => Ok(Decimal::ONE),
            Decay::Linear(m) => linear_average(horizon, m),
            Decay::HalfLife(m) => half_life_average(horizon, m),
            Decay::Cliff(m) => cliff_average(horizon, m),
        }
    }
}

/// Linear decay `f(t) = max(0, 1 − t/m)`, written `(m − t)/m` for `t < m` so
/// that no quotient exceeds 1 (issue 4).
pub fn linear_factor(t: Decimal, months: Decimal) -> Exact {
    if t >= months {
        return Ok(Decimal::ZERO);
    }
    div(sub(months, t)?, months)
}

/// Average of the linear decay over `[0, H]`: `∫₀ᴴ (1 − t/m) dt = H − H²/(2m)`
/// for `H <= m`, so the average is `1 − H/(2m)`; for `H > m` the integral
/// stops at `m/2`, so the average is `m/(2H)` (derived).
pub fn linear_average(horizon: Decimal, months: Decimal) -> Exact {
    if horizon <= months {
        sub(Decimal::ONE, div(horizon, mul(Decimal::TWO, months)?)?)
    } else {
        div(months, mul(Decimal::TWO, horizon)?)
    }
}

/// Half-life decay `f(t) = 2^(−t/m)` (issue 4), in `f64`: `2^(−n)·e^(−f·ln 2)`
/// with `n` the whole and `f ∈ [0, 1)` the fractional part of `t/m`, so a
/// whole number of half-lives is exact and the rest within ~2 ulp. (Not
/// `libm::exp2`, whose 4 KB table was 3 % of the `.wasm` for this one use.)
pub fn half_life_factor(t: Decimal, months: Decimal) -> Exact {
    let halvings = to_f64(t) / to_f64(months);
    let whole = halvings.floor();
    let factor = libm::scalbn(libm::exp(-(halvings - whole) * core::f64::consts::LN_2), -(whole.min(2000.0) as i32));
    from_f64(crate::float::clamp(factor, 0.0, 1.0))
}

/// Average of the half-life decay over `[0, H]`:
/// `∫₀ᴴ 2^(−t/m) dt = m/ln 2 · (1 − 2^(−H/m))`, so with `λ = H·ln 2 / m` the
/// average is `(1 − e^(−λ)) / λ`, computed as `−expm1(−λ)/λ` to keep its
/// digits when `λ` is small (derived). `f64`; in [0, 1].
pub fn half_life_average(horizon: Decimal, months: Decimal) -> Exact {
    let lambda = to_f64(horizon) / to_f64(months) * core::f64::consts::LN_2;
    if lambda <= 0.0 {
        return Ok(Decimal::ONE);
    }
    from_f64(crate::float::clamp(-libm::expm1(-lambda) / lambda, 0.0, 1.0))
}

/// Cliff `f(t) = 1` while `t < m`, then 0 (issue 4).
pub fn cliff_factor(t: Decimal, months: Decimal) -> Decimal {
    if t < months {
        Decimal::ONE
    } else {
        Decimal::ZERO
    }
}

/// Average of the cliff over `[0, H]`: `∫₀ᴴ f = min(H, m)`, so `min(H, m)/H`
/// (derived).
pub fn cliff_average(horizon: Decimal, months: Decimal) -> Exact {
    div(horizon.min(months), horizon)
}

/// Input of `pointsValue`: what a points programme is worth if it converts
/// into an airdrop at a given valuation. Money in any one currency (USD or ETH),
/// the same for `tokenFdv` and `capital`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PointsValueInput {
    /// Points earned by this capital (>= 0, at most `totalPoints`).
    pub my_points: Num,
    /// All points issued in the programme (> 0).
    pub total_points: Num,
    /// Fraction of the token supply airdropped to points holders (0 to 1).
    pub airdrop_share_of_supply: Num,
    /// Fully diluted valuation of the token (>= 0).
    pub token_fdv: Num,
    /// Capital that earned the points (> 0).
    pub capital: Num,
    /// Years over which the points were earned (> 0, at most 100).
    pub years: Num,
}
crate::read_struct!(PointsValueInput {
    my_points: "myPoints",
    total_points: "totalPoints",
    airdrop_share_of_supply: "airdropShareOfSupply",
    token_fdv: "tokenFdv",
    capital: "capital",
    years: "years",
});

/// The validated assumptions of `pointsValue`, echoed in its output.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PointsAssumptions {
    pub my_points: Decimal,
    pub total_points: Decimal,
    pub airdrop_share_of_supply: Decimal,
    pub token_fdv: Decimal,
    pub capital: Decimal,
    pub years: Decimal,
}

/// Output of `pointsValue`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PointsValue {
    /// `myPoints / totalPoints`.
    pub share_of_points: Decimal,
    /// `airdropShareOfSupply × tokenFdv`: the value of the whole airdrop.
    pub airdrop_value: Decimal,
    /// `shareOfPoints × airdropValue`, in the currency of `tokenFdv`.
    pub value: Decimal,
    /// `value / capital / years`: simple yearly rate, a fraction.
    pub apr: Decimal,
    pub assumptions: PointsAssumptions,
}

impl PointsValueInput {
    pub fn validate(&self, prefix: &str) -> Result<PointsAssumptions, CalcError> {
        let path = |field| At(prefix, field);
        let total_points = input::amount(&path("totalPoints"), self.total_points.get())?;
        let my_points =
            within(&path("myPoints"), self.my_points.get(), &[Bound::Incl(Decimal::ZERO), Bound::Incl(total_points)])?;
        Ok(PointsAssumptions {
            my_points,
            total_points,
            airdrop_share_of_supply: input::fraction(
                &path("airdropShareOfSupply"),
                self.airdrop_share_of_supply.get(),
            )?,
            token_fdv: input::amount_or_zero(&path("tokenFdv"), self.token_fdv.get())?,
            capital: input::amount(&path("capital"), self.capital.get())?,
            years: within(
                &path("years"),
                self.years.get(),
                &const { [Bound::Excl(Decimal::ZERO), Bound::Incl(MAX_POINTS_YEARS)] },
            )?,
        })
    }
}

/// The implied APR of a points programme: `pointsValue` of the JS API.
///
/// `value = myPoints / totalPoints × airdropShareOfSupply × tokenFdv` and
/// `APR = value / capital / years` (a simple, uncompounded yearly rate;
/// issue 4). An incentive yield: feed it to `yieldProjection` as a component
/// of kind `incentive`.
pub fn points_value(input: &PointsValueInput) -> Result<PointsValue, CalcError> {
    let a = input.validate("")?;
    let share_of_points = div(a.my_points, a.total_points).map_err(|Overflow| CalcError::overflow("totalPoints"))?;
    let airdrop_value =
        mul(a.airdrop_share_of_supply, a.token_fdv).map_err(|Overflow| CalcError::overflow("tokenFdv"))?;
    let value = mul(share_of_points, airdrop_value).map_err(|Overflow| CalcError::overflow("tokenFdv"))?;
    let apr = div(value, a.capital)
        .and_then(|per_year| div(per_year, a.years))
        .map_err(|Overflow| CalcError::overflow("capital"))?;
    Ok(PointsValue { share_of_points, airdrop_value, value, apr, assumptions: a })
}
