//! Tail risk of a return distribution: value at risk (VaR) and expected
//! shortfall (ES) by four methods (`tailRisk` of the JS API), with the
//! distribution functions of [`crate::stats`].
//!
//! Conventions: `mean`, `stdev`, `skew` and `excessKurtosis` describe the
//! distribution of *returns* X; the loss tail is its left tail. At confidence
//! `c` and tail probability `α = 1 − c`:
//! - `VaR = −q_α(X)`, the α-quantile of returns negated;
//! - `ES = −E[X | X ≤ q_α(X)]`, the mean return in the tail negated;
//!
//! both positive for a loss (negative if even the tail is a gain).

use crate::error::CalcError;
use crate::float;
use crate::input::{self, join, within, At, Bound};
use crate::num::{add, div, mul, sub, to_f64, Decimal, Num, Overflow};
use crate::stats::{norm_pdf, norm_quantile, student_t_pdf, student_t_quantile_lower};
use rust_decimal::dec;
use serde::Serialize;
use tsify::Tsify;

/// How the return distribution's tail is modelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum TailMethod {
    /// Normal with `mean` and `stdev`.
    Normal,
    /// Normal quantile corrected for `skew` and `excessKurtosis` (Cornish-Fisher).
    CornishFisher,
    /// Student's t with `dof` degrees of freedom, scaled to `stdev`.
    StudentT,
    /// The empirical distribution of `returns`.
    Historical,
}
crate::read_enum!(TailMethod {
    Normal: "normal",
    CornishFisher: "cornishFisher",
    StudentT: "studentT",
    Historical: "historical",
});

/// Input of `tailRisk`. Fields a method does not use are ignored, so one
/// input can be sent with each method in turn.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TailRiskInput {
    pub method: TailMethod,
    /// Confidence level `c`, 0.5 ≤ c < 1 (0.99 = 99 %); the tail holds `1 − c`.
    pub confidence: Num,
    /// Mean return per period (default 0). normal, cornishFisher, studentT.
    #[serde(default)]
    #[tsify(optional)]
    pub mean: Option<Num>,
    /// Standard deviation of returns per period (≥ 0). Required by normal,
    /// cornishFisher, studentT.
    #[serde(default)]
    #[tsify(optional)]
    pub stdev: Option<Num>,
    /// Skewness of returns (default 0). cornishFisher.
    #[serde(default)]
    #[tsify(optional)]
    pub skew: Option<Num>,
    /// Excess kurtosis of returns (kurtosis − 3, default 0). cornishFisher.
    #[serde(default)]
    #[tsify(optional)]
    pub excess_kurtosis: Option<Num>,
    /// Degrees of freedom, 2 < dof ≤ 10,000. Required by studentT.
    #[serde(default)]
    #[tsify(optional)]
    pub dof: Option<Num>,
    /// Observed returns (1 to 1,000,000 of them). Required by historical.
    #[serde(default)]
    #[tsify(optional)]
    pub returns: Option<Vec<Num>>,
}
crate::read_struct!(TailRiskInput {
    method: "method",
    confidence: "confidence",
    mean: "mean",
    stdev: "stdev",
    skew: "skew",
    excess_kurtosis: "excessKurtosis",
    dof: "dof",
    returns: "returns",
});

/// Output of `tailRisk`: losses as positive numbers, in the units of the
/// returns (fractions of value if the returns are fractions).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TailRisk {
    /// Value at risk: `−q_α`, the α-quantile of returns negated.
    pub var: f64,
    /// Expected shortfall: the mean return beyond the VaR quantile, negated.
    pub es: f64,
}

/// Largest |mean|, stdev and |return| accepted (the amount limit of [`input`]).
const MAX_MAGNITUDE: Decimal = input::MAX_AMOUNT;
/// Largest |skew| accepted.
const MAX_SKEW: Decimal = dec!(100);
/// Largest excess kurtosis accepted.
const MAX_EXCESS_KURTOSIS: Decimal = dec!(10_000);
/// Largest dof accepted: there the unit-variance t's 99 % VaR is within
/// 1.5e-4 of the normal's; use the normal beyond.
const MAX_DOF: Decimal = dec!(10_000);
/// Most returns accepted by the historical method.
pub const MAX_RETURNS: usize = 1_000_000;
/// How far below the VaR quantile (in standard-normal units) the
/// Cornish-Fisher map must still increase: the normal tail beyond holds less
/// than e^(−32) ≈ 1.3e-14 of the tail probability.
const CF_WINDOW: f64 = 8.0;
/// Upper end of the range over which the Cornish-Fisher map must stay above
/// its VaR value (N(−8) ≈ 6e-16 of the probability lies beyond).
const CF_TOP: f64 = 8.0;

/// A validated tail model.
#[derive(Clone, Debug, PartialEq)]
pub enum TailModel {
    Normal {
        mean: f64,
        stdev: f64,
    },
    CornishFisher {
        mean: f64,
        stdev: f64,
        skew: f64,
        excess_kurtosis: f64,
    },
    StudentT {
        mean: f64,
        stdev: f64,
        dof: f64,
    },
    /// Returns sorted ascending.
    Historical {
        sorted: Vec<Decimal>,
    },
}

/// A validated `tailRisk` input: the tail probability `α = 1 − c` (exact
/// decimal) and the model.
#[derive(Clone, Debug, PartialEq)]
pub struct TailParams {
    pub alpha: Decimal,
    pub model: TailModel,
}

impl TailRiskInput {
    pub fn validate(&self, prefix: &str) -> Result<TailParams, CalcError> {
        let path = |field| At(prefix, field);
        let confidence = within(
            &path("confidence"),
            self.confidence.get(),
            &const { [Bound::Incl(dec!(0.5)), Bound::Excl(Decimal::ONE)] },
        )?;
        // 1 − confidence, confidence in [0.5, 1): cannot overflow (checked, so no
        // inlined copy of the `-` operator).
        let alpha = sub(Decimal::ONE, confidence).unwrap_or_default();
        let magnitude = |field: &'static str, v: Decimal| {
            within(&path(field), v, &const { [Bound::Incl(input::neg(MAX_MAGNITUDE)), Bound::Incl(MAX_MAGNITUDE)] })
        };
        let mean = || magnitude("mean", self.mean.map_or(Decimal::ZERO, Num::get)).map(to_f64);
        let method = method_name(self.method);
        let stdev = || match self.stdev {
            Some(s) => input::amount_or_zero(&path("stdev"), s.get()).map(to_f64),
            None => Err(CalcError::new(path("stdev"), format!("is required for method {method}"))),
        };
        let model = match self.method {
            TailMethod::Normal => TailModel::Normal { mean: mean()?, stdev: stdev()? },
            TailMethod::CornishFisher => {
                let skew = within(
                    &path("skew"),
                    self.skew.map_or(Decimal::ZERO, Num::get),
                    &const { [Bound::Incl(input::neg(MAX_SKEW)), Bound::Incl(MAX_SKEW)] },
                )?;
                let kurt = self.excess_kurtosis.map_or(Decimal::ZERO, Num::get);
                // Pearson's inequality: kurtosis ≥ skew² + 1 for every distribution.
                let floor = mul(skew, skew)
                    .and_then(|s2| sub(s2, Decimal::TWO))
                    .map_err(|Overflow| CalcError::overflow(path("skew")))?;
                if kurt < floor {
                    return Err(CalcError::new(
                        path("excessKurtosis"),
                        format!(
                            "must be >= skew² − 2 = {} (no distribution has less), got {}",
                            floor.normalize(),
                            kurt.normalize()
                        ),
                    ));
                }
                let kurt =
                    within(&path("excessKurtosis"), kurt, &[Bound::Incl(floor), Bound::Incl(MAX_EXCESS_KURTOSIS)])?;
                TailModel::CornishFisher {
                    mean: mean()?,
                    stdev: stdev()?,
                    skew: to_f64(skew),
                    excess_kurtosis: to_f64(kurt),
                }
            }
            TailMethod::StudentT => {
                let dof = match self.dof {
                    Some(d) => {
                        within(&path("dof"), d.get(), &const { [Bound::Excl(Decimal::TWO), Bound::Incl(MAX_DOF)] })?
                    }
                    None => {
                        return Err(CalcError::new(
                            path("dof"),
                            "is required for method studentT (degrees of freedom, > 2)",
                        ))
                    }
                };
                TailModel::StudentT { mean: mean()?, stdev: stdev()?, dof: to_f64(dof) }
            }
            TailMethod::Historical => {
                let returns = self.returns.as_deref().ok_or_else(|| {
                    CalcError::new(path("returns"), "is required for method historical (an array of returns)")
                })?;
                if returns.is_empty() || returns.len() > MAX_RETURNS {
                    return Err(CalcError::new(
                        path("returns"),
                        format!("must hold 1 to {MAX_RETURNS} returns, got {}", returns.len()),
                    ));
                }
                let returns_path = path("returns");
                let mut sorted = returns
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        within(
                            &join(&returns_path.path(), &format!("[{i}]")),
                            r.get(),
                            &const { [Bound::Incl(input::neg(MAX_MAGNITUDE)), Bound::Incl(MAX_MAGNITUDE)] },
                        )
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                sorted.sort_unstable();
                TailModel::Historical { sorted }
            }
        };
        Ok(TailParams { alpha, model })
    }
}

fn method_name(m: TailMethod) -> &'static str {
    match m {
        TailMethod::Normal => "normal",
        TailMethod::CornishFisher => "cornishFisher",
        TailMethod::StudentT => "studentT",
        TailMethod::Historical => "historical",
    }
}

/// VaR and ES of returns at a confidence level: `tailRisk` of the JS API.
pub fn tail_risk(input: &TailRiskInput) -> Result<TailRisk, CalcError> {
    let params = input.validate("")?;
    let alpha = to_f64(params.alpha);
    let risk = match &params.model {
        TailModel::Normal { mean, stdev } => normal_tail(alpha, *mean, *stdev),
        TailModel::CornishFisher { mean, stdev, skew, excess_kurtosis } => {
            cornish_fisher_tail(alpha, *mean, *stdev, *skew, *excess_kurtosis)?
        }
        TailModel::StudentT { mean, stdev, dof } => student_t_tail(alpha, *mean, *stdev, *dof),
        TailModel::Historical { sorted } => {
            historical_tail(params.alpha, sorted).map_err(|Overflow| CalcError::overflow("returns"))?
        }
    };
    if risk.var.is_finite() && risk.es.is_finite() {
        Ok(risk)
    } else {
        // Unreachable with the validated ranges; kept so no NaN can escape.
        Err(CalcError::new("stdev", "too large: VaR or ES exceeds the range of f64"))
    }
}

/// Normal returns `X ~ N(μ, σ²)`: with `z = N⁻¹(α)`,
/// `VaR = −(μ + σ·z)` and `ES = −μ + σ·φ(z)/α` (the tail mean of a normal:
/// `E[Z | Z ≤ z] = −φ(z)/α`). McNeil, Frey & Embrechts, *Quantitative Risk
/// Management* (2015), example 2.14.
pub fn normal_tail(alpha: f64, mean: f64, stdev: f64) -> TailRisk {
    let z = norm_quantile(alpha);
    TailRisk { var: -(mean + stdev * z), es: -mean + stdev * norm_pdf(z) / alpha }
}

/// The Cornish-Fisher quantile of a standardized distribution with skewness
/// `S` and excess kurtosis `K`, from the normal quantile `z`:
/// `z_cf = z + (z² − 1)·S/6 + (z³ − 3z)·K/24 − (2z³ − 5z)·S²/36`
/// (Cornish & Fisher 1937; Maillard, *A User's Guide to the Cornish Fisher
/// Expansion*, 2012).
pub fn cornish_fisher_quantile(z: f64, skew: f64, excess_kurtosis: f64) -> f64 {
    let (s, k) = (skew, excess_kurtosis);
    z + (z * z - 1.0) * s / 6.0 + (z * z * z - 3.0 * z) * k / 24.0 - (2.0 * z * z * z - 5.0 * z) * s * s / 36.0
}

/// Slope of the Cornish-Fisher map, `dz_cf/dz = A·z² + B·z + C` with
/// `A = K/8 − S²/6`, `B = S/3`, `C = 1 − K/8 + 5S²/36`.
fn cornish_fisher_slope(skew: f64, excess_kurtosis: f64) -> (f64, f64, f64) {
    let (s, k) = (skew, excess_kurtosis);
    (k / 8.0 - s * s / 6.0, s / 3.0, 1.0 - k / 8.0 + 5.0 * s * s / 36.0)
}

/// Whether the Cornish-Fisher map `g` increases on all of `[lo, hi]`: its
/// slope, a quadratic, is positive at both ends and, if convex, at its vertex
/// when that lies inside. A full revaluation that maps every quantile of the
/// normal through `g` (both tails, as [`crate::portfolio`] does) needs this.
pub fn cornish_fisher_increasing(lo: f64, hi: f64, skew: f64, excess_kurtosis: f64) -> bool {
    let (a, b, c) = cornish_fisher_slope(skew, excess_kurtosis);
    let slope = |x: f64| (a * x + b) * x + c;
    let vertex = if a > 0.0 { -b / (2.0 * a) } else { lo };
    let vertex_ok = vertex <= lo || vertex >= hi || slope(vertex) > 0.0;
    slope(lo) > 0.0 && slope(hi) > 0.0 && vertex_ok
}

/// Whether the Cornish-Fisher model is a valid description of the loss tail
/// at normal quantile `z` (α = N(z)): the map `g(z) = z_cf` must increase on
/// `[z − 8, z]` and stay above `g(z)` on `(z, 8]`. Then `{g(Z) ≤ g(z)}` is
/// `{Z ≤ z}` up to a probability below 1e-14 of the tail's, so `g(z)` is the
/// α-quantile and the tail mean of `g(Z)` over `Z ≤ z` is the ES. (The
/// expansion is globally monotone only under Maillard's condition, which
/// rejects, e.g., any skew with zero excess kurtosis although its turn lies
/// out at z ≈ −16 and changes nothing.)
pub fn cornish_fisher_valid(z: f64, skew: f64, excess_kurtosis: f64) -> bool {
    let (a, b, c) = cornish_fisher_slope(skew, excess_kurtosis);
    let slope = |x: f64| (a * x + b) * x + c;
    let g = |x: f64| cornish_fisher_quantile(x, skew, excess_kurtosis);
    // Stationary points of g: the real roots of the slope.
    let mut turns: Vec<f64> = Vec::new();
    if a == 0.0 {
        if b != 0.0 {
            turns.push(-c / b);
        }
    } else {
        let disc = b * b - 4.0 * a * c;
        if disc >= 0.0 {
            let q = -0.5 * (b + b.signum() * disc.sqrt());
            if q != 0.0 {
                turns.push(q / a);
                turns.push(c / q);
            } else {
                turns.push(0.0);
            }
        }
    }
    let low = z - CF_WINDOW;
    let rising = slope(low) > 0.0 && slope(z) > 0.0 && turns.iter().all(|&t| t < low || t > z);
    let top = CF_TOP.max(z);
    let gz = g(z);
    let stays_above = turns.iter().filter(|&&t| t > z && t <= top).chain([top].iter()).all(|&t| g(t) > gz);
    rising && stays_above
}

/// Cornish-Fisher returns `X = μ + σ·g(Z)`, `Z ~ N(0, 1)`, `g` the
/// expansion above: with `z = N⁻¹(α)`, `VaR = −(μ + σ·g(z))` and
/// `ES = −μ − σ·E[g(Z) | Z ≤ z]`, the CF quantile integrated over the tail
/// (`ES = −μ − (σ/α)∫₀^α g(N⁻¹(p)) dp`), in closed form from the partial
/// moments of the normal (`∫_{−∞}^z uᵏφ(u)du` = `N`, `−φ`, `N − zφ`,
/// `−(z² + 2)φ` for k = 0..3):
/// `ES = −μ + σ·φ(z)/α·[1 + zS/6 − (1 − z²)K/24 + (1 − 2z²)S²/36]` (derived).
///
/// An error, naming `skew` (or `excessKurtosis` when skew is 0), where the
/// expansion is not increasing over the loss tail ([`cornish_fisher_valid`]):
/// its quantiles would not be quantiles there.
pub fn cornish_fisher_tail(
    alpha: f64,
    mean: f64,
    stdev: f64,
    skew: f64,
    excess_kurtosis: f64,
) -> Result<TailRisk, CalcError> {
    let z = norm_quantile(alpha);
    if !cornish_fisher_valid(z, skew, excess_kurtosis) {
        let field = if skew == 0.0 { "excessKurtosis" } else { "skew" };
        return Err(CalcError::new(
            field,
            format!(
                "with skew {} and excessKurtosis {} the Cornish-Fisher expansion is not increasing \
                 over the loss tail at confidence {}, so its quantiles are not quantiles there; use a smaller |skew|, \
                 a larger excessKurtosis, or the studentT or historical method",
                float::display(skew),
                float::display(excess_kurtosis),
                float::display(1.0 - alpha)
            ),
        ));
    }
    let (s, k) = (skew, excess_kurtosis);
    let g = cornish_fisher_quantile(z, s, k);
    let tail_factor = 1.0 + z * s / 6.0 - (1.0 - z * z) * k / 24.0 + (1.0 - 2.0 * z * z) * s * s / 36.0;
    Ok(TailRisk { var: -(mean + stdev * g), es: -mean + stdev * norm_pdf(z) / alpha * tail_factor })
}

/// Student-t returns scaled to standard deviation σ: `X = μ + σ·√((ν−2)/ν)·T`,
/// `T ~ t_ν`. With `t = F_ν⁻¹(α)` (< 0):
/// `VaR = −(μ + σ·√((ν−2)/ν)·t)` and
/// `ES = −μ + σ·√((ν−2)/ν)·f_ν(t)/α·(ν + t²)/(ν − 1)`
/// (McNeil, Frey & Embrechts 2015, example 2.15).
pub fn student_t_tail(alpha: f64, mean: f64, stdev: f64, dof: f64) -> TailRisk {
    let nu = dof;
    let scale = stdev * ((nu - 2.0) / nu).sqrt();
    let t = student_t_quantile_lower(alpha, nu);
    let tail_mean = student_t_pdf(t, nu) / alpha * (nu + t * t) / (nu - 1.0);
    TailRisk { var: -(mean + scale * t), es: -mean + scale * tail_mean }
}

/// Historical simulation on `n` returns sorted ascending `r₍₁₎ ≤ … ≤ r₍ₙ₎`,
/// using the empirical distribution itself (no interpolation):
/// - `VaR = −r₍ₖ₎` with `k = ⌈n·α⌉`, the lower empirical α-quantile
///   (the smallest return r with `#{rᵢ ≤ r} ≥ n·α`);
/// - `ES = −(Σᵢ₌₁ᵏ⁻¹ r₍ᵢ₎ + (n·α − k + 1)·r₍ₖ₎)/(n·α)`, the empirical quantile
///   averaged over the tail `(0, α]` (Acerbi & Tasche 2002): when `n·α` is a
///   whole number k, exactly the mean of the k worst returns (the VaR one
///   included); otherwise the k-th worst enters with the weight of the tail
///   it covers, so ES ≥ VaR always.
///
/// `α` is exact (decimal), so `⌈n·α⌉` is not disturbed by binary rounding
/// (100 × 0.01 is 1, not 1.0000000000000002).
pub fn historical_tail(alpha: Decimal, sorted: &[Decimal]) -> Result<TailRisk, Overflow> {
    let (k_index, tail, weight) = historical_tail_index(alpha, sorted.len())?;
    let quantile = sorted[k_index - 1];
    let mut sum = Decimal::ZERO;
    for r in &sorted[..k_index - 1] {
        sum = add(sum, *r)?;
    }
    let es = div(add(sum, mul(weight, quantile)?)?, tail)?;
    Ok(TailRisk { var: -to_f64(quantile), es: -to_f64(es) })
}

/// The empirical tail of `n` sorted values at tail probability `α`, exactly:
/// `k = ⌈n·α⌉` (at least 1, at most n for α ≤ 0.5), `n·α`, and the weight
/// `n·α − k + 1` of the k-th value in the ES ([`historical_tail`]).
pub fn historical_tail_index(alpha: Decimal, n: usize) -> Result<(usize, Decimal, Decimal), Overflow> {
    let tail = mul(Decimal::from(n), alpha)?;
    // ⌈tail⌉ without Decimal::ceil, whose `+ 1` may panic: n·α ≤ n.
    let whole = tail.trunc();
    let k = if whole == tail { whole } else { add(whole, Decimal::ONE)? }.max(Decimal::ONE);
    let k_index = usize::try_from(k.mantissa() / 10_i128.pow(k.scale())).map_err(|_| Overflow)?.min(n);
    Ok((k_index, tail, sub(tail, sub(k, Decimal::ONE)?)?))
}

/// [`historical_tail`] on `f64` values sorted ascending (a revalued P&L):
/// the same `k`, weights and tail, summed in `f64`.
pub fn historical_tail_f64(alpha: Decimal, sorted: &[f64]) -> Result<TailRisk, Overflow> {
    let (k_index, tail, weight) = historical_tail_index(alpha, sorted.len())?;
    let quantile = sorted[k_index - 1];
    let sum: f64 = sorted[..k_index - 1].iter().sum();
    let es = (sum + to_f64(weight) * quantile) / to_f64(tail);
    Ok(TailRisk { var: -quantile, es: -es })
}
