//! European options: Black-Scholes-Merton on a spot price with a continuous
//! yield, and Black-76 on a forward; price, greeks, implied volatility
//! (`optionPrice`, `impliedVol`) and the struct-of-arrays batch behind
//! `optionGreeksBatch`.
//!
//! Formulas (Hull, *Options, Futures and Other Derivatives*, ch. 17-19;
//! Haug, *The Complete Guide to Option Pricing Formulas*, 2007, §1.1-1.2),
//! with `S` the spot, `F` the forward, `K` the strike, `T` years, `r` the
//! continuously compounded rate, `q` the underlying's own continuous yield
//! (`carry`: dividend, staking or funding yield), `σ` the volatility:
//! - BSM: `call = S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2)`,
//!   `put = K·e^(−rT)·N(−d2) − S·e^(−qT)·N(−d1)`,
//!   `d1 = (ln(S/K) + (r − q + σ²/2)·T)/(σ√T)`, `d2 = d1 − σ√T`.
//! - Black-76: the same with `S = F` and `q = r`, i.e. **discounted** by
//!   `e^(−rT)`: `call = e^(−rT)·(F·N(d1) − K·N(d2))`. Give `rate: 0` for the
//!   undiscounted price (what Deribit quotes).
//!
//! Greeks, per 1.00 of the variable and per year: `delta = ∂V/∂S` (∂V/∂F for
//! Black-76), `gamma = ∂²V/∂S²`, `vega = ∂V/∂σ`, `theta = −∂V/∂T` (calendar
//! time passing, S or F held fixed), `rho = ∂V/∂r` (BSM: q held fixed;
//! Black-76: F held fixed, so `rho = −T·V`). `thetaPerDay = theta/365`,
//! `vegaPerPoint = vega/100` (per volatility point).
//!
//! Inverse (coin-settled, Deribit-style) options, `inverse: true`: the
//! premium is paid in the underlying coin, `price = V/U` with V the USD value
//! above and U the underlying (spot for BSM, forward for Black-76), and
//! **every greek is a derivative of that coin price** with respect to the
//! same (USD) variables: `delta = ∂(V/U)/∂U = (Δ − V/U)/U`,
//! `gamma = (Γ − 2·delta)/U`, `vega`, `theta`, `rho` = the USD ones / U.
//! `U·delta = Δ − price` is the premium-adjusted (coin) delta Deribit shows.
//!
//! Numerics: the price is computed as intrinsic value plus an out-of-the-money
//! option, `a·N(d1) − c·N(d2)` (with `a ≤ c` the discounted spot and strike),
//! rewritten as `a·((N(d1) − 1/2) + (1/2 − N(d2))) + (a − c)·N(d2)` near the
//! money so no two terms of similar size cancel; so deep out-of-the-money and very
//! short-dated prices stay positive and keep their relative precision until
//! they underflow to exactly 0 (never negative, never NaN). Implied
//! volatility: safeguarded Newton ([`crate::tail::solve_increasing`]) on the
//! logarithm of the out-of-the-money value (or of its distance to the upper
//! bound, whichever is smaller), which is close to linear in σ in each
//! regime (Jäckel, *Let's Be Rational*, 2015, §3-4, uses the same
//! transformations); the bracket guarantees termination.

use crate::error::CalcError;
use crate::float;
use crate::input::join;
use crate::num::Num;
use crate::stats::{exp_half_square, norm_cdf, norm_pdf, normal_halves, solve_increasing, FRAC_1_SQRT_2PI};
use serde::Serialize;
use tsify::Tsify;

/// Largest spot, forward or strike accepted (the price limit of [`crate::input`]).
pub const MAX_PRICE: f64 = 1e9;
/// Longest time to expiry accepted, in years.
pub const MAX_YEARS: f64 = 100.0;
/// Lowest `rate` and `carry` accepted (−100 % a year): with `MAX_YEARS` the
/// discount factors stay below e^100, far inside f64.
pub const MIN_RATE: f64 = -1.0;
/// Highest `rate` and `carry` accepted (1,000 % a year).
pub const MAX_RATE: f64 = 10.0;
/// Highest volatility accepted (1,000 % a year).
pub const MAX_VOL: f64 = 10.0;
/// Bottom of the implied-volatility search range.
pub const MIN_IMPLIED_VOL: f64 = 1e-6;
/// Top of the implied-volatility search range.
pub const MAX_IMPLIED_VOL: f64 = MAX_VOL;
/// Days in the year of `thetaPerDay`.
pub const DAYS_PER_YEAR: f64 = 365.0;
/// `kind` code of a call in `optionGreeksBatch`.
pub const KIND_CALL: u8 = 0;
/// `kind` code of a put in `optionGreeksBatch`.
pub const KIND_PUT: u8 = 1;

const SQRT_2PI: f64 = 2.506_628_274_631_000_7;

/// The pricing model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum OptionModel {
    /// Black-Scholes-Merton on a spot price with a continuous yield (`carry`).
    Bsm,
    /// Black-76 on a forward or futures price.
    Black76,
}
crate::read_enum!(OptionModel { Bsm: "bsm", Black76: "black76" });

impl OptionModel {
    /// The input field holding the underlying price: `spot` or `forward`.
    pub fn underlying_field(self) -> &'static str {
        match self {
            OptionModel::Bsm => "spot",
            OptionModel::Black76 => "forward",
        }
    }

    fn name(self) -> &'static str {
        match self {
            OptionModel::Bsm => "bsm",
            OptionModel::Black76 => "black76",
        }
    }
}

/// Call or put.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum OptionKind {
    Call,
    Put,
}
crate::read_enum!(OptionKind { Call: "call", Put: "put" });

/// Input of `optionPrice`. Give `spot` for model `bsm`, `forward` for
/// `black76`. Rates, yields and volatility are yearly fractions.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OptionInput {
    pub model: OptionModel,
    pub kind: OptionKind,
    /// Spot price of the underlying, 0 < spot ≤ 1e9 (model bsm).
    #[serde(default)]
    #[tsify(optional)]
    pub spot: Option<Num>,
    /// Forward (futures) price, 0 < forward ≤ 1e9 (model black76).
    #[serde(default)]
    #[tsify(optional)]
    pub forward: Option<Num>,
    /// 0 < strike ≤ 1e9.
    pub strike: Num,
    /// Time to expiry in years, 0 < years ≤ 100.
    pub years: Num,
    /// Continuously compounded risk-free rate, −1 ≤ rate ≤ 10.
    pub rate: Num,
    /// The underlying's continuous yield q (dividend, staking, funding),
    /// −1 ≤ carry ≤ 10, default 0 (model bsm only).
    #[serde(default)]
    #[tsify(optional)]
    pub carry: Option<Num>,
    /// Volatility, 0 < vol ≤ 10.
    pub vol: Num,
    /// Coin-settled (Deribit-style): price and greeks in the coin (default false).
    #[serde(default)]
    #[tsify(optional)]
    pub inverse: Option<bool>,
}
crate::read_struct!(OptionInput {
    model: "model",
    kind: "kind",
    spot: "spot",
    forward: "forward",
    strike: "strike",
    years: "years",
    rate: "rate",
    carry: "carry",
    vol: "vol",
    inverse: "inverse",
});

/// Input of `impliedVol`: the fields of `optionPrice` with `price` (in the
/// coin if `inverse`) instead of `vol`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImpliedVolInput {
    pub model: OptionModel,
    pub kind: OptionKind,
    #[serde(default)]
    #[tsify(optional)]
    pub spot: Option<Num>,
    #[serde(default)]
    #[tsify(optional)]
    pub forward: Option<Num>,
    pub strike: Num,
    pub years: Num,
    pub rate: Num,
    #[serde(default)]
    #[tsify(optional)]
    pub carry: Option<Num>,
    /// The option's price (premium), > 0.
    pub price: Num,
    #[serde(default)]
    #[tsify(optional)]
    pub inverse: Option<bool>,
}
crate::read_struct!(ImpliedVolInput {
    model: "model",
    kind: "kind",
    spot: "spot",
    forward: "forward",
    strike: "strike",
    years: "years",
    rate: "rate",
    carry: "carry",
    price: "price",
    inverse: "inverse",
});

/// Output of `optionPrice`. Units: the quote currency (the coin if
/// `inverse`); theta per year, vega and rho per 1.00.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct OptionGreeks {
    pub price: f64,
    pub delta: f64,
    pub gamma: f64,
    pub vega: f64,
    pub theta: f64,
    pub rho: f64,
    /// `theta / 365`.
    pub theta_per_day: f64,
    /// `vega / 100`: the change for one volatility point.
    pub vega_per_point: f64,
}

/// Output of `impliedVol`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ImpliedVol {
    /// The volatility at which the model reproduces the price.
    pub vol: f64,
}

/// A validated option without its volatility.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptionTerms {
    pub model: OptionModel,
    pub kind: OptionKind,
    /// Spot (bsm) or forward (black76).
    pub underlying: f64,
    pub strike: f64,
    pub years: f64,
    pub rate: f64,
    /// The yield q (bsm); ignored by black76, which uses q = rate.
    pub carry: f64,
    pub inverse: bool,
}

/// Price and greeks of one option (see the module docs for units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Greeks {
    pub price: f64,
    pub delta: f64,
    pub gamma: f64,
    pub vega: f64,
    pub theta: f64,
    pub rho: f64,
}

/// Names the path of a field (`strike`, `position.strike`, `strike[17]`).
pub type FieldPath<'a> = &'a dyn Fn(&str) -> String;

/// A number for an error message, as JS would print it.
fn show(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if v == 0.0 || (1e-6..1e15).contains(&v.abs()) {
        float::display(v)
    } else {
        float::lower_exp(v)
    }
}

/// Checks a finite `v` with `lo < v ≤ hi` (`lo ≤ v` if `lo_inclusive`), in the
/// wording of [`crate::input::within`]; the path is built only on error.
/// Inlined: in `optionGreeksBatch` it runs six times per option.
#[inline(always)]
fn check(v: f64, lo: f64, lo_inclusive: bool, hi: f64, field: &str, at: FieldPath) -> Result<f64, CalcError> {
    // NaN fails both comparisons, ±Infinity the second.
    let above = if lo_inclusive { v >= lo } else { v > lo };
    if above && v <= hi {
        Ok(v)
    } else {
        Err(out_of_range(v, lo, lo_inclusive, hi, field, at))
    }
}

#[cold]
#[inline(never)]
fn out_of_range(v: f64, lo: f64, lo_inclusive: bool, hi: f64, field: &str, at: FieldPath) -> CalcError {
    if !v.is_finite() {
        return CalcError::new(at(field), format!("must be a finite number, got {}", show(v)));
    }
    let op = if lo_inclusive { ">=" } else { ">" };
    CalcError::new(at(field), format!("must be {op} {} and <= {}, got {}", show(lo), show(hi), show(v)))
}

impl OptionTerms {
    /// Checks every field's range: underlying and strike in (0, 1e9], years in
    /// (0, 100], rate and carry in [−1, 10]. `at` names the fields.
    pub fn checked(self, at: FieldPath) -> Result<Self, CalcError> {
        self.check(at)?;
        Ok(self)
    }

    /// [`OptionTerms::checked`] in place (no `Result<OptionTerms, _>` to move).
    #[inline(always)]
    fn check(&self, at: FieldPath) -> Result<(), CalcError> {
        check(self.underlying, 0.0, false, MAX_PRICE, self.model.underlying_field(), at)?;
        check(self.strike, 0.0, false, MAX_PRICE, "strike", at)?;
        check(self.years, 0.0, false, MAX_YEARS, "years", at)?;
        check(self.rate, MIN_RATE, true, MAX_RATE, "rate", at)?;
        check(self.carry, MIN_RATE, true, MAX_RATE, "carry", at)?;
        Ok(())
    }
}

/// Checks a volatility: 0 < vol ≤ 10.
#[inline(always)]
pub fn check_vol(vol: f64, at: FieldPath) -> Result<f64, CalcError> {
    check(vol, 0.0, false, MAX_VOL, "vol", at)
}

/// The underlying field must match the model (`spot` for bsm, `forward` for
/// black76, not the other), and black76 takes no `carry`.
fn check_fields(model: OptionModel, spot: bool, forward: bool, carry: bool, at: FieldPath) -> Result<(), CalcError> {
    let (given, wrong) = match model {
        OptionModel::Bsm => (spot, forward.then_some("forward")),
        OptionModel::Black76 => (forward, spot.then_some("spot")),
    };
    let field = model.underlying_field();
    let model_name = model.name();
    if let Some(wrong) = wrong {
        return Err(CalcError::new(at(wrong), format!("is not used by model \"{model_name}\", which takes {field}")));
    }
    if !given {
        return Err(CalcError::new(at(field), format!("is required for model \"{model_name}\"")));
    }
    if carry && model == OptionModel::Black76 {
        return Err(CalcError::new(
            at("carry"),
            "is for model \"bsm\" only: a forward has no carry (Black-76 is BSM with carry = rate)",
        ));
    }
    Ok(())
}

/// The `f64` nearest a [`Num`]'s decimal, correctly rounded as Rust's parser
/// rounds ([`crate::num::nearest_f64`]): for a decimal string, the very `f64`
/// JS would parse from it; for a JS number, the same bits
/// (`num::decimal_from_f64` keeps its shortest round-trip decimal). So
/// `optionPrice` is bit for bit equal to `optionGreeksBatch`, which receives
/// the `f64`s themselves.
pub fn num_f64(n: Num) -> f64 {
    crate::num::nearest_f64(n.get())
}

#[allow(clippy::too_many_arguments)]
fn terms_from(
    model: OptionModel,
    kind: OptionKind,
    spot: Option<Num>,
    forward: Option<Num>,
    strike: Num,
    years: Num,
    rate: Num,
    carry: Option<Num>,
    inverse: Option<bool>,
    at: FieldPath,
) -> Result<OptionTerms, CalcError> {
    check_fields(model, spot.is_some(), forward.is_some(), carry.is_some(), at)?;
    OptionTerms {
        model,
        kind,
        underlying: spot.or(forward).map_or(0.0, num_f64),
        strike: num_f64(strike),
        years: num_f64(years),
        rate: num_f64(rate),
        carry: carry.map_or(0.0, num_f64),
        inverse: inverse.unwrap_or(false),
    }
    .checked(at)
}

impl OptionInput {
    /// Validates every field; `prefix` is where this input sits in a larger one.
    pub fn validate(&self, prefix: &str) -> Result<(OptionTerms, f64), CalcError> {
        let at = |field: &str| join(prefix, field);
        let terms = terms_from(
            self.model,
            self.kind,
            self.spot,
            self.forward,
            self.strike,
            self.years,
            self.rate,
            self.carry,
            self.inverse,
            &at,
        )?;
        Ok((terms, check_vol(num_f64(self.vol), &at)?))
    }
}

impl ImpliedVolInput {
    /// Validates every field but the price's bounds, which [`implied_vol_of`] checks.
    pub fn validate(&self, prefix: &str) -> Result<(OptionTerms, f64), CalcError> {
        let at = |field: &str| join(prefix, field);
        let terms = terms_from(
            self.model,
            self.kind,
            self.spot,
            self.forward,
            self.strike,
            self.years,
            self.rate,
            self.carry,
            self.inverse,
            &at,
        )?;
        let price = num_f64(self.price);
        if price > 0.0 {
            Ok((terms, price))
        } else {
            Err(CalcError::new(at("price"), format!("must be > 0, got {}", show(price))))
        }
    }
}

/// What every formula shares: discounted spot and strike, log-moneyness.
struct Moneyness {
    /// `S·e^(−qT)` (BSM) or `F·e^(−rT)` (Black-76): the discounted forward.
    sd: f64,
    /// `K·e^(−rT)`.
    kd: f64,
    /// `ln(F/K) = ln(S/K) + (r − q)·T`.
    x: f64,
    /// `e^(−qT)`.
    df_q: f64,
    r: f64,
    q: f64,
    sqrt_t: f64,
}

impl Moneyness {
    #[inline(always)]
    fn of(t: &OptionTerms) -> Self {
        let r = t.rate;
        let q = match t.model {
            OptionModel::Bsm => t.carry,
            OptionModel::Black76 => r,
        };
        // e^0 = 1 exactly: skip the call for the common q = 0.
        let df_q = if q == 0.0 { 1.0 } else { libm::exp(-q * t.years) };
        let (u, k) = (t.underlying, t.strike);
        // Near the money ln(S/K) is small: log1p of (S − K)/K (S − K exact
        // there, by Sterbenz's lemma) keeps its relative precision; ln of the
        // rounded ratio would keep only its absolute precision, and
        // d1 = ln(S/K)/(σ√T) + … would lose digits when σ√T is small. The
        // range K/2 ≤ S ≤ 2K is tested without dividing (K/2 and 2K are
        // exact); `is_normal` is written out (a call at `opt-level = "z"`).
        let ln_ratio = if 0.5 * k <= u && u <= 2.0 * k {
            libm::log1p((u - k) / k)
        } else {
            let ratio = u / k;
            if ratio >= f64::MIN_POSITIVE && ratio.is_finite() {
                libm::log(ratio)
            } else {
                libm::log(u) - libm::log(k)
            }
        };
        Moneyness {
            sd: t.underlying * df_q,
            kd: t.strike * libm::exp(-r * t.years),
            x: ln_ratio + (r - q) * t.years,
            df_q,
            r,
            q,
            sqrt_t: t.years.sqrt(),
        }
    }

    /// The option as intrinsic value plus an out-of-the-money option written
    /// as a call on `a` struck at `c` (`a ≤ c`, log-moneyness `x ≤ 0`):
    /// `(intrinsic, a, c, x)`. An in-the-money call is its intrinsic value
    /// `sd − kd` plus the out-of-the-money put (put-call parity), and a put
    /// with strike `c` on `a` is a call with strike `a` on `c`.
    #[inline(always)]
    fn split(&self, kind: OptionKind) -> (f64, f64, f64, f64) {
        match kind {
            OptionKind::Call if self.x > 0.0 => (self.sd - self.kd, self.kd, self.sd, -self.x),
            OptionKind::Call => (0.0, self.sd, self.kd, self.x),
            OptionKind::Put if self.x < 0.0 => (self.kd - self.sd, self.sd, self.kd, self.x),
            OptionKind::Put => (0.0, self.kd, self.sd, -self.x),
        }
    }
}

/// `d1 = x/s + s/2` and `d2 = d1 − s` for total volatility `s = σ√T`.
#[inline(always)]
fn d1_d2(x: f64, s: f64) -> (f64, f64) {
    let d1 = x / s + 0.5 * s;
    (d1, d1 - s)
}

/// An out-of-the-money call on `a` struck at `c` (`x = ln(a/c) ≤ 0`), total
/// volatility `s`: `a·N(d1) − c·N(d2)`. Where `d1 > 0` (near the money) the
/// two terms are close, so `a·(N(d1) − N(d2)) + (a − c)·N(d2)` is used, with
/// `N(d1) − N(d2) = (N(d1) − 1/2) + (1/2 − N(d2))` summing two terms of
/// one sign (`d2 < 0 < d1`) without cancellation. Never negative.
fn otm_value(a: f64, c: f64, x: f64, s: f64) -> f64 {
    otm_parts(a, c, x, s).value
}

/// [`otm_value`] with what the greeks reuse: `N(d1)`, `N(d2)` and the
/// densities `φ(d1)`, `φ(d2)` of its call.
struct OtmParts {
    value: f64,
    n1: f64,
    n2: f64,
    pdf1: f64,
    pdf2: f64,
}

/// [`otm_value`] and its [`OtmParts`], with one `exp` for the four
/// normal functions: `e^(−d1²/2)` ([`exp_half_square`]), then
/// `e^(−d2²/2) = e^(−d1²/2)·a/c` (`d1² − d2² = 2x` and `e^x = a/c`, derived
/// from `d1,2 = x/s ± s/2`), and `N(±d)` from the exponentials
/// ([`normal_halves`]). Since `x ≤ 0`, `|d2| ≥ |d1|` and `d2 ≤ 0`.
fn otm_parts(a: f64, c: f64, x: f64, s: f64) -> OtmParts {
    let (d1, d2) = d1_d2(x, s);
    if d1 <= -FAR_TAIL {
        return far_tail(a, d1, s);
    }
    let e1 = exp_half_square(d1);
    let ratio = a / c;
    // a/c below f64's normal range (or 0/0 when both underflowed): the
    // exponential itself, as small as it is. (`is_normal` written out for a
    // ratio ≥ 0 or NaN: it is a call at `opt-level = "z"`.)
    let e2 = if ratio >= f64::MIN_POSITIVE { e1 * ratio } else { exp_half_square(d2) };
    let (n2, h2) = normal_halves(-d2, e2);
    let (value, n1) = if d1 <= 0.0 {
        let (n1, _) = normal_halves(-d1, e1);
        (a * n1 - c * n2, n1)
    } else {
        let (_, h1) = normal_halves(d1, e1);
        (a * (h1 + h2) + (a - c) * n2, 0.5 + h1)
    };
    OtmParts { value: non_negative(value), n1, n2, pdf1: FRAC_1_SQRT_2PI * e1, pdf2: FRAC_1_SQRT_2PI * e2 }
}

/// `max(v, 0)` (0 for NaN), written out: `f64::max` is a call into the
/// runtime in wasm at `opt-level = "z"`.
#[inline(always)]
fn non_negative(v: f64) -> f64 {
    if v >= 0.0 {
        v
    } else {
        0.0
    }
}

/// Where the far tail begins: `d1 <= −10`.
const FAR_TAIL: f64 = 10.0;

/// [`otm_parts`] far out of the money (`d2 < d1 <= −10`), where
/// `a·N(d1) − c·N(d2)` subtracts two terms that agree to many digits (for
/// S = 100, K = 300, σ√T = 0.047 they agree to 4, and the difference of the
/// two rounded products kept only 11). With `a·φ(d1) = c·φ(d2)` and the
/// Mills ratio `R(t) = N(−t)/φ(t)`, for `u = −d1`, `w = −d2 = u + s`:
/// `a·N(d1) − c·N(d2) = a·φ(d1)·(R(u) − R(w))`, and
/// `R(u) − R(w) = ∫ from u to w of g(t) dt` with `g = 1 − t·R(t)` (as
/// `R' = t·R − 1`), summed without cancellation from the asymptotic series
/// `g = Σ (−1)^(k+1)·(2k−1)!!/t^(2k)` (28 terms: from t = 10 the last is
/// below 1e-18 of the sum). The integral is Gauss-Legendre with 2, 4 or 8
/// points by the width `s` against `u` (the rule's error falls as
/// (s/4u)^(2n)), 8-point on pieces no wider than 0.4·u when it is wide. The
/// same series gives `N(d1) = φ(d1)·R(u)` and `N(d2) = φ(d2)·R(w)`,
/// with `R = (1 − g)/t`, for the greeks.
fn far_tail(a: f64, d1: f64, s: f64) -> OtmParts {
    const GL2: ([f64; 1], [f64; 1]) = ([0.577_350_269_189_625_8], [1.0]);
    const GL4: ([f64; 2], [f64; 2]) =
        ([0.339_981_043_584_856_3, 0.861_136_311_594_052_6], [0.652_145_154_862_546_1, 0.347_854_845_137_453_9]);
    const GL8: ([f64; 4], [f64; 4]) = (
        [0.183_434_642_495_649_8, 0.525_532_409_916_329, 0.796_666_477_413_626_7, 0.960_289_856_497_536_3],
        [0.362_683_783_378_362, 0.313_706_645_877_887_3, 0.222_381_034_453_374_5, 0.101_228_536_290_376_3],
    );
    fn gap(t: f64) -> f64 {
        let y = 1.0 / (t * t);
        let (mut term, mut sum) = (y, 0.0);
        for k in 1..29 {
            sum += term;
            term *= -f64::from(2 * k + 1) * y;
        }
        sum
    }
    fn rule(nodes: &[f64], weights: &[f64], lo: f64, width: f64) -> f64 {
        let (mid, half) = (lo + 0.5 * width, 0.5 * width);
        nodes.iter().zip(weights).map(|(x, w)| w * half * (gap(mid - half * x) + gap(mid + half * x))).sum()
    }
    // From u over the width s itself: w = −d2, rounded to d2's precision,
    // would put an error of ulp(d1)/s on a narrow interval.
    let u = -d1;
    let integral = if s <= 4e-4 * u {
        rule(&GL2.0, &GL2.1, u, s)
    } else if s <= 0.04 * u {
        rule(&GL4.0, &GL4.1, u, s)
    } else {
        let (mut sum, mut done) = (0.0, 0.0);
        while done < s {
            let width = (s - done).min(0.4 * (u + done));
            sum += rule(&GL8.0, &GL8.1, u + done, width);
            done += width;
        }
        sum
    };
    let pdf1 = norm_pdf(d1);
    let w = u + s;
    let n1 = pdf1 * (1.0 - gap(u)) / u;
    // φ(d2) itself, not φ(d1)·a/c: both a and c can underflow to 0.
    let pdf2 = norm_pdf(-w);
    let n2 = pdf2 * (1.0 - gap(w)) / w;
    OtmParts { value: non_negative(a * pdf1 * integral), n1, n2, pdf1, pdf2 }
}

/// Price and greeks of a validated option at volatility `vol`, by the
/// formulas of the module docs (Hull 2018, §19.1-19.6, with yield q; Haug
/// 2007, §2.1 for the generalized greeks). Infallible; [`option_greeks`]
/// checks that the results are finite.
pub fn greeks(t: &OptionTerms, vol: f64) -> Greeks {
    let m = Moneyness::of(t);
    let s = vol * m.sqrt_t;
    let (intrinsic, a, c, x) = m.split(t.kind);
    let otm = otm_parts(a, c, x, s);
    let (n1_otm, n2_otm) = (otm.n1, otm.n2);
    let price = non_negative(intrinsic + otm.value);
    // N(±d1), N(±d2) and φ(d1) from the out-of-the-money call's: where
    // `split` mirrored the option (x → −x), its d1, d2 are −d2, −d1. Each N
    // is then computed once per option (the complements 1 − N are as exact
    // as the tails themselves).
    let mirrored = match t.kind {
        OptionKind::Call => m.x > 0.0,
        OptionKind::Put => m.x >= 0.0,
    };
    let pdf = if mirrored { otm.pdf2 } else { otm.pdf1 };
    let vega = m.sd * pdf * m.sqrt_t;
    let gamma = m.df_q * pdf / (t.underlying * s);
    // −∂/∂T of the diffusion term: −S·e^(−qT)·φ(d1)·σ/(2√T).
    let decay = -m.sd * pdf * vol / (2.0 * m.sqrt_t);
    let (delta, theta, rho) = match t.kind {
        OptionKind::Call => {
            let (n1, n2) = if mirrored { (1.0 - n2_otm, 1.0 - n1_otm) } else { (n1_otm, n2_otm) };
            (m.df_q * n1, decay + m.q * m.sd * n1 - m.r * m.kd * n2, m.kd * t.years * n2)
        }
        OptionKind::Put => {
            // N(−d1), N(−d2).
            let (n1, n2) = if mirrored { (n2_otm, n1_otm) } else { (1.0 - n1_otm, 1.0 - n2_otm) };
            (-m.df_q * n1, decay - m.q * m.sd * n1 + m.r * m.kd * n2, -m.kd * t.years * n2)
        }
    };
    let rho = match t.model {
        OptionModel::Bsm => rho,
        // F fixed: only the discount factor e^(−rT) depends on r.
        OptionModel::Black76 => -t.years * price,
    };
    let g = Greeks { price, delta, gamma, vega, theta, rho };
    if t.inverse {
        in_coin(g, t.underlying)
    } else {
        g
    }
}

/// Greeks of the coin price `V/U` of an inverse option from the USD greeks of
/// `V` (derived: `∂(V/U)/∂U = (Δ − V/U)/U`, `∂²(V/U)/∂U² = (Γ − 2·∂(V/U)/∂U)/U`;
/// U does not depend on σ, T or r).
fn in_coin(g: Greeks, u: f64) -> Greeks {
    let price = g.price / u;
    let delta = (g.delta - price) / u;
    Greeks { price, delta, gamma: (g.gamma - 2.0 * delta) / u, vega: g.vega / u, theta: g.theta / u, rho: g.rho / u }
}

/// [`greeks`], or an error naming `vol` where a result leaves f64's range
/// (only gamma can, when spot·vol·√years is below ~1e-300).
pub fn option_greeks(t: &OptionTerms, vol: f64, at: FieldPath) -> Result<Greeks, CalcError> {
    let g = greeks(t, vol);
    if g.all_finite() {
        Ok(g)
    } else {
        Err(greeks_out_of_range(at))
    }
}

impl Greeks {
    /// No NaN, no ±∞.
    #[inline(always)]
    fn all_finite(&self) -> bool {
        self.price.is_finite()
            && self.delta.is_finite()
            && self.gamma.is_finite()
            && self.vega.is_finite()
            && self.theta.is_finite()
            && self.rho.is_finite()
    }
}

/// The error of [`option_greeks`].
#[cold]
#[inline(never)]
fn greeks_out_of_range(at: FieldPath) -> CalcError {
    CalcError::new(
        at("vol"),
        "is too small for this underlying price and expiry: gamma = e^(−qT)·φ(d1)/(S·σ·√T) exceeds the range of f64",
    )
}

/// Prices a European option and its greeks: `optionPrice` of the JS API.
pub fn option_price(input: &OptionInput) -> Result<OptionGreeks, CalcError> {
    let (terms, vol) = input.validate("")?;
    let g = option_greeks(&terms, vol, &|f: &str| f.to_string())?;
    Ok(OptionGreeks {
        price: g.price,
        delta: g.delta,
        gamma: g.gamma,
        vega: g.vega,
        theta: g.theta,
        rho: g.rho,
        theta_per_day: g.theta / DAYS_PER_YEAR,
        vega_per_point: g.vega / 100.0,
    })
}

/// The volatility that reproduces a price: `impliedVol` of the JS API.
pub fn implied_vol(input: &ImpliedVolInput) -> Result<ImpliedVol, CalcError> {
    let (terms, price) = input.validate("")?;
    implied_vol_of(&terms, price, &|f: &str| f.to_string()).map(|vol| ImpliedVol { vol })
}

/// The volatility σ at which [`greeks`] gives `price` (in the coin if
/// `inverse`), searched over [1e-6, 10]. Errors name `price`: at or below the
/// intrinsic value (the discounted `max(F − K, 0)`, the value at zero
/// volatility), at or above the upper bound (a call is worth less than the
/// discounted forward `S·e^(−qT)`, a put less than `K·e^(−rT)`), or implying
/// a volatility outside the search range.
///
/// Method: the price less its intrinsic value is an out-of-the-money option
/// `v(s)`, increasing in the total volatility `s = σ√T` from 0 to `a`. Newton
/// steps on `ln v(s) − ln v*` where `v* ≤ a/2`, else on
/// `ln(a − v*) − ln(a − v(s))` (with `a − v = a·N(−d1) + c·N(d2)` computed
/// without cancellation); both are nearly linear where they are used, and
/// [`solve_increasing`] falls back to bisection of the bracket, so the search
/// always ends, typically in 3 to 6 steps, at machine precision in `s`.
pub fn implied_vol_of(t: &OptionTerms, price: f64, at: FieldPath) -> Result<f64, CalcError> {
    let m = Moneyness::of(t);
    let unit = if t.inverse { t.underlying } else { 1.0 };
    let value = price * unit;
    let (intrinsic, a, c, x) = m.split(t.kind);
    let upper = intrinsic + a;
    let in_units = |v: f64| show(v / unit);
    if value <= intrinsic.max(0.0) {
        return Err(CalcError::new(
            at("price"),
            format!(
                "must be above the option's intrinsic value {} (its value at zero volatility), got {}",
                in_units(intrinsic.max(0.0)),
                show(price)
            ),
        ));
    }
    if value >= upper {
        let bound = match t.kind {
            OptionKind::Call => "a call is worth less than the discounted forward",
            OptionKind::Put => "a put is worth less than the discounted strike",
        };
        return Err(CalcError::new(
            at("price"),
            format!("must be below {} ({bound}), got {}", in_units(upper), show(price)),
        ));
    }
    let target = value - intrinsic;
    let (lo, hi) = (MIN_IMPLIED_VOL * m.sqrt_t, MAX_IMPLIED_VOL * m.sqrt_t);
    if target < otm_value(a, c, x, lo) {
        return Err(CalcError::new(
            at("price"),
            format!(
                "implies a volatility below {}, the bottom of the search range; got {}",
                float::lower_exp(MIN_IMPLIED_VOL),
                show(price)
            ),
        ));
    }
    if target > otm_value(a, c, x, hi) {
        return Err(CalcError::new(
            at("price"),
            format!(
                "implies a volatility above {} (1,000 %), the top of the search range; got {}",
                float::display(MAX_IMPLIED_VOL),
                show(price)
            ),
        ));
    }
    let s = solve_total_vol(a, c, x, target, lo, hi);
    Ok(float::clamp(s / m.sqrt_t, MIN_IMPLIED_VOL, MAX_IMPLIED_VOL))
}

/// Total volatility `s` in `[lo, hi]` with `otm_value(a, c, x, s) = target`.
/// `∂v/∂s = a·φ(d1)` (derived: `a·φ(d1) = c·φ(d2)`).
fn solve_total_vol(a: f64, c: f64, x: f64, target: f64, lo: f64, hi: f64) -> f64 {
    let slack = a - target;
    // Near the inflection point √(2|x|) for out-of-the-money options,
    // Brenner-Subrahmanyam (v ≈ a·s/√(2π)) at the money.
    let start = (2.0 * x.abs()).sqrt().max(SQRT_2PI * target / a);
    if target <= slack {
        let goal = libm::log(target);
        solve_increasing(
            |s| {
                let o = otm_parts(a, c, x, s);
                (libm::log(o.value) - goal, a * o.pdf1 / o.value)
            },
            lo,
            hi,
            start,
        )
    } else {
        let goal = libm::log(slack);
        solve_increasing(
            |s| {
                let (d1, d2) = d1_d2(x, s);
                let u = a * norm_cdf(-d1) + c * norm_cdf(d2);
                (goal - libm::log(u), a * norm_pdf(d1) / u)
            },
            lo,
            hi,
            start,
        )
    }
}

/// Input columns of `optionGreeksBatch`: one option per row, every column
/// of the same length. `kind`: 0 = call, 1 = put. `spot` for bsm, `forward`
/// for black76; `carry` optional (0), bsm only.
#[derive(Clone, Copy, Debug)]
pub struct OptionColumns<'a> {
    pub model: OptionModel,
    pub kind: &'a [u8],
    pub spot: Option<&'a [f64]>,
    pub forward: Option<&'a [f64]>,
    pub strike: &'a [f64],
    pub years: &'a [f64],
    pub rate: &'a [f64],
    pub carry: Option<&'a [f64]>,
    pub vol: &'a [f64],
    pub inverse: bool,
}

/// Output columns of `optionGreeksBatch`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GreekColumns {
    pub price: Vec<f64>,
    pub delta: Vec<f64>,
    pub gamma: Vec<f64>,
    pub vega: Vec<f64>,
    pub theta: Vec<f64>,
    pub rho: Vec<f64>,
}

/// Output columns to fill in place.
#[derive(Debug)]
pub struct GreekColumnsMut<'a> {
    pub price: &'a mut [f64],
    pub delta: &'a mut [f64],
    pub gamma: &'a mut [f64],
    pub vega: &'a mut [f64],
    pub theta: &'a mut [f64],
    pub rho: &'a mut [f64],
}

/// Prices every row of `columns` into `out`, row `i` by exactly the code of
/// `optionPrice` ([`OptionTerms::checked`], [`check_vol`], [`option_greeks`]),
/// so results are equal bit for bit. Errors name the column, and the row for
/// a bad value (`strike[17]: must be > 0 ...`). On error `out` may be partly written.
pub fn option_greeks_into(columns: &OptionColumns, out: GreekColumnsMut) -> Result<(), CalcError> {
    let cols = columns;
    let name = |f: &str| f.to_string();
    check_fields(cols.model, cols.spot.is_some(), cols.forward.is_some(), cols.carry.is_some(), &name)?;
    let underlying = cols.spot.or(cols.forward).unwrap_or(&[]);
    let n = cols.kind.len();
    let inputs = [
        (cols.model.underlying_field(), underlying.len()),
        ("strike", cols.strike.len()),
        ("years", cols.years.len()),
        ("rate", cols.rate.len()),
        ("carry", cols.carry.map_or(n, <[f64]>::len)),
        ("vol", cols.vol.len()),
    ];
    for (field, len) in inputs {
        if len != n {
            return Err(CalcError::new(field, format!("has {len} rows, expected {n} (the length of kind)")));
        }
    }
    let outputs = [
        ("price", out.price.len()),
        ("delta", out.delta.len()),
        ("gamma", out.gamma.len()),
        ("vega", out.vega.len()),
        ("theta", out.theta.len()),
        ("rho", out.rho.len()),
    ];
    for (field, len) in outputs {
        if len != n {
            return Err(CalcError::new(field, format!("output column has {len} rows, expected {n}")));
        }
    }
    // Every column sliced to exactly n rows: the loop indexes them without
    // bounds checks (12 per option otherwise).
    let (kinds, underlying, strike, years) = (&cols.kind[..n], &underlying[..n], &cols.strike[..n], &cols.years[..n]);
    let (rate, vol, carry) = (&cols.rate[..n], &cols.vol[..n], cols.carry.map(|c| &c[..n]));
    let (price, delta, gamma) = (&mut out.price[..n], &mut out.delta[..n], &mut out.gamma[..n]);
    let (vega, theta, rho) = (&mut out.vega[..n], &mut out.theta[..n], &mut out.rho[..n]);
    for i in 0..n {
        let at = |field: &str| format!("{field}[{i}]");
        let kind = match kinds[i] {
            KIND_CALL => OptionKind::Call,
            KIND_PUT => OptionKind::Put,
            k => return Err(CalcError::new(at("kind"), format!("must be 0 (call) or 1 (put), got {k}"))),
        };
        let terms = OptionTerms {
            model: cols.model,
            kind,
            underlying: underlying[i],
            strike: strike[i],
            years: years[i],
            rate: rate[i],
            carry: carry.map_or(0.0, |c| c[i]),
            inverse: cols.inverse,
        };
        // `checked` and `option_greeks`, in place: a `Result<OptionTerms, _>`
        // or `Result<Greeks, _>` is moved with `memory.copy` in wasm, a call
        // into the engine per option.
        terms.check(&at)?;
        let g = greeks(&terms, check_vol(vol[i], &at)?);
        if !g.all_finite() {
            return Err(greeks_out_of_range(&at));
        }
        price[i] = g.price;
        delta[i] = g.delta;
        gamma[i] = g.gamma;
        vega[i] = g.vega;
        theta[i] = g.theta;
        rho[i] = g.rho;
    }
    Ok(())
}

/// [`option_greeks_into`] with freshly allocated output columns:
/// `optionGreeksBatch` of the JS API.
pub fn option_greeks_batch(columns: &OptionColumns) -> Result<GreekColumns, CalcError> {
    let n = columns.kind.len();
    let mut out = GreekColumns {
        price: vec![0.0; n],
        delta: vec![0.0; n],
        gamma: vec![0.0; n],
        vega: vec![0.0; n],
        theta: vec![0.0; n],
        rho: vec![0.0; n],
    };
    option_greeks_into(
        columns,
        GreekColumnsMut {
            price: &mut out.price,
            delta: &mut out.delta,
            gamma: &mut out.gamma,
            vega: &mut out.vega,
            theta: &mut out.theta,
            rho: &mut out.rho,
        },
    )?;
    Ok(out)
}

/// The columns of `optionGreeksBatch` as plain lists, for JSON callers (the
/// native API table of [`crate::api`], the fuzz targets, the agreement
/// vectors); the wasm export takes the same columns as typed arrays.
/// Numbers are read as `f64` exactly as a `Float64Array` holds them (NaN
/// included, so the same checks see the same values).
#[derive(Clone, Debug)]
pub struct OptionColumnsInput {
    pub model: OptionModel,
    /// 0 = call, 1 = put.
    pub kind: Vec<f64>,
    pub spot: Option<Vec<f64>>,
    pub forward: Option<Vec<f64>>,
    pub strike: Vec<f64>,
    pub years: Vec<f64>,
    pub rate: Vec<f64>,
    pub carry: Option<Vec<f64>>,
    pub vol: Vec<f64>,
    pub inverse: Option<bool>,
}
crate::read_struct!(OptionColumnsInput {
    model: "model",
    kind: "kind",
    spot: "spot",
    forward: "forward",
    strike: "strike",
    years: "years",
    rate: "rate",
    carry: "carry",
    vol: "vol",
    inverse: "inverse",
});

/// [`option_greeks_batch`] of columns given as lists: `kind` must hold the
/// codes 0 and 1 (a `Uint8Array` cannot hold anything else).
pub fn option_greeks_columns(input: &OptionColumnsInput) -> Result<GreekColumns, CalcError> {
    let kind = input
        .kind
        .iter()
        .enumerate()
        .map(|(i, &k)| match k {
            0.0 => Ok(KIND_CALL),
            1.0 => Ok(KIND_PUT),
            k => Err(CalcError::new(format!("kind[{i}]"), format!("must be 0 (call) or 1 (put), got {k}"))),
        })
        .collect::<Result<Vec<u8>, CalcError>>()?;
    option_greeks_batch(&OptionColumns {
        model: input.model,
        kind: &kind,
        spot: input.spot.as_deref(),
        forward: input.forward.as_deref(),
        strike: &input.strike,
        years: &input.years,
        rate: &input.rate,
        carry: input.carry.as_deref(),
        vol: &input.vol,
        inverse: input.inverse.unwrap_or(false),
    })
}
