//! Distribution functions in `f64`: the standard normal and Student-t
//! density, CDF and quantile, and a safeguarded root finder. Shared by
//! [`crate::options`] and [`crate::tail`].
//!
//! Accuracy (checked against mpmath at 50 digits): the normal CDF
//! `N(x) = erfc(−x/√2)/2` (libm) is within 3.5e-15 relative for x ≥ −8,
//! 5e-14 for x ≥ −30 and 1.3e-13 down to x = −37.5 (libm's erfc), below
//! which its result turns subnormal and then exactly 0 (x ≈ −38.5); never NaN. The quantile is
//! within ~2e-16 relative down to p = 1e-300. The Student-t CDF uses the regularized
//! incomplete beta function (continued fraction, Numerical Recipes §6.4) with
//! `libm::lgamma`, accurate to ~1e-13 for dof ≤ 10,000.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// `1/√(2π)`.
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

// ---------------------------------------------------------------------------
// The standard normal distribution

/// Standard normal density `φ(x) = e^(−x²/2)/√(2π)`.
///
/// For |x| ≥ 4, `x²/2` is split as `xh²/2 + (x − xh)(x + xh)/2` with `xh` =
/// x rounded to a multiple of 1/16 (so `xh²` is exact): the density keeps
/// ~1e-15 relative accuracy in the far tails, where `exp` amplifies the
/// rounding of `x²` (W. J. Cody's trick in CALERF); below 4 that rounding
/// costs at most 8·2⁻⁵³ ≈ 9e-16 and one `exp` suffices.
pub fn norm_pdf(x: f64) -> f64 {
    if x.abs() < 4.0 {
        return FRAC_1_SQRT_2PI * libm::exp(-0.5 * x * x);
    }
    if x.abs() > 40.0 {
        // Below the smallest f64 (φ(38.6) ≈ 5e-324); also keeps ±∞ from making NaN.
        return 0.0;
    }
    let xh = (x * 16.0).trunc() / 16.0;
    let rest = (x - xh) * (x + xh);
    FRAC_1_SQRT_2PI * libm::exp(-0.5 * xh * xh) * libm::exp(-0.5 * rest)
}

/// `1/√2 − FRAC_1_SQRT_2`: the rounding error of the f64 constant.
const FRAC_1_SQRT_2_LO: f64 = -4.833_646_656_726_457e-17;

/// Standard normal CDF `N(x) = erfc(−x/√2)/2` (libm's erfc: no cancellation
/// in either tail, unlike `(1 + erf)/2`). Exactly 0 below x ≈ −38.5 and 1
/// above x ≈ 8.3; never NaN for a non-NaN `x`.
///
/// For |x| > 3 the rounding `δ` of `t = −x/√2` (computed exactly with
/// Dekker's product and the constant's own rounding error) is corrected to
/// first order, `erfc(t + δ) ≈ erfc(t) − δ·(2/√π)·e^(−t²)`, i.e.
/// `N(x) ≈ erfc(t)/2 − δ·√2·φ(x)`: without it the relative error grows like
/// `x²·2⁻⁵³` (1.5e-13 at x = −34); with it, what remains is libm's erfc
/// (see the module docs).
pub fn norm_cdf(x: f64) -> f64 {
    let t = -x * FRAC_1_SQRT_2;
    let half = 0.5 * libm::erfc(t);
    if x.abs() <= 3.0 || !x.is_finite() {
        return half;
    }
    let delta = product_error(-x, FRAC_1_SQRT_2, t) + -x * FRAC_1_SQRT_2_LO;
    half - delta * std::f64::consts::SQRT_2 * norm_pdf(x)
}

/// The exact rounding error `a·b − fl(a·b)` of the product `p = fl(a·b)`
/// (Dekker 1971, TwoProduct without FMA, which wasm lacks).
fn product_error(a: f64, b: f64, p: f64) -> f64 {
    let split = |v: f64| {
        let c = 134_217_729.0 * v; // 2^27 + 1
        let hi = c - (c - v);
        (hi, v - hi)
    };
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    ((ah * bh - p) + ah * bl + al * bh) + al * bl
}

/// Standard normal quantile `N⁻¹(p)` for `0 < p < 1`.
///
/// Start: Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4); then Halley steps
/// on `N(x) − p` until the step is below 1e-15 relative (cubic convergence:
/// two or three steps). Lower tail computed directly, upper by symmetry
/// (`1 − p` is exact for p ≥ 0.5), so small tail probabilities keep their
/// full relative precision.
pub fn norm_quantile(p: f64) -> f64 {
    if p > 0.5 {
        return -norm_quantile(1.0 - p);
    }
    if p == 0.5 {
        return 0.0;
    }
    let t = (-2.0 * libm::log(p)).sqrt();
    let num = 2.515_517 + t * (0.802_853 + t * 0.010_328);
    let den = 1.0 + t * (1.432_788 + t * (0.189_269 + t * 0.001_308));
    let mut x = -(t - num / den);
    for _ in 0..6 {
        let u = (norm_cdf(x) - p) / norm_pdf(x);
        let step = u / (1.0 + 0.5 * x * u);
        if !step.is_finite() {
            break;
        }
        x -= step;
        if step.abs() <= 1e-15 * x.abs().max(1.0) {
            break;
        }
    }
    x
}

// ---------------------------------------------------------------------------
// Student's t distribution

/// Regularized incomplete beta `I_x(a, b)`, with `y = 1 − x` given separately
/// so that x near 1 keeps its precision. Continued fraction of Numerical
/// Recipes §6.4 (modified Lentz), evaluated on the side where it converges
/// fast (`x < (a + 1)/(a + b + 2)`), the other side by `I_x(a,b) = 1 − I_y(b,a)`.
pub fn incomplete_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    incomplete_beta_with(a, b, x, y, ln_beta(a, b))
}

/// `ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b)`.
fn ln_beta(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

/// [`incomplete_beta`] with `ln B(a, b)` given, for repeated calls.
fn incomplete_beta_with(a: f64, b: f64, x: f64, y: f64, ln_beta: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    let front = libm::exp(a * libm::log(x) + b * libm::log(y) - ln_beta);
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, y) / b
    }
}

/// The continued fraction of `I_x(a, b)` (NR `betacf`); at most 10,000 terms
/// (it converges in O(√max(a, b)) terms on the side it is used).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 1e-16 {
            break;
        }
    }
    h
}

/// Density of Student's t with `nu` degrees of freedom (standard, variance
/// `nu/(nu − 2)`): `Γ((ν+1)/2) / (Γ(ν/2)·√(νπ)) · (1 + t²/ν)^(−(ν+1)/2)`.
pub fn student_t_pdf(t: f64, nu: f64) -> f64 {
    let ln_norm = libm::lgamma(0.5 * (nu + 1.0)) - libm::lgamma(0.5 * nu) - 0.5 * libm::log(nu * PI);
    libm::exp(ln_norm - 0.5 * (nu + 1.0) * libm::log1p(t * t / nu))
}

/// CDF of Student's t: for `t ≤ 0`, `F(t) = I_x(ν/2, 1/2)/2` with
/// `x = ν/(ν + t²)` (Abramowitz & Stegun 26.7.1 via 26.5.27); `1 − F(−t)` above 0.
pub fn student_t_cdf(t: f64, nu: f64) -> f64 {
    let t2 = t * t;
    let lower = 0.5 * incomplete_beta(0.5 * nu, 0.5, nu / (nu + t2), t2 / (nu + t2));
    if t <= 0.0 {
        lower
    } else {
        1.0 - lower
    }
}

/// Lower-tail quantile of Student's t, `F⁻¹(p)` for `0 < p ≤ 0.5` (≤ 0):
/// safeguarded Newton on `ln F(t) − ln p` inside a bracket found by doubling.
pub fn student_t_quantile_lower(p: f64, nu: f64) -> f64 {
    if p >= 0.5 {
        return 0.0;
    }
    // F(lo) < p <= F(hi): start from the normal quantile and widen.
    let mut hi = 0.0;
    let mut lo = norm_quantile(p).min(-1e-3);
    for _ in 0..2_000 {
        if student_t_cdf(lo, nu) < p {
            break;
        }
        hi = lo;
        lo *= 2.0;
    }
    let goal = libm::log(p);
    solve_increasing(
        |t| {
            let f = student_t_cdf(t, nu);
            (libm::log(f) - goal, student_t_pdf(t, nu) / f)
        },
        lo,
        hi,
        0.5 * (lo + hi),
    )
}

/// Lower-tail quantiles of Student's t at increasing probabilities `ps`
/// (each in (0, 0.5]): the first by [`student_t_quantile_lower`], each next
/// by the same safeguarded Newton inside the bracket `[previous, 0]`,
/// started from the previous quantile, so a grid of close probabilities
/// costs a few CDF evaluations per point. Equal to the single quantiles
/// within the solver's tolerance (2 ulp).
pub fn student_t_quantiles_lower(ps: &[f64], nu: f64) -> Vec<f64> {
    // The CDF and density for t ≤ 0 with their Γ-function constants computed
    // once (the same values as student_t_cdf and student_t_pdf compute).
    let (a, half_nu1) = (0.5 * nu, 0.5 * (nu + 1.0));
    let ln_b = ln_beta(a, 0.5);
    let ln_norm = libm::lgamma(half_nu1) - libm::lgamma(a) - 0.5 * libm::log(nu * PI);
    let cdf = |t: f64| {
        let t2 = t * t;
        0.5 * incomplete_beta_with(a, 0.5, nu / (nu + t2), t2 / (nu + t2), ln_b)
    };
    let pdf = |t: f64| libm::exp(ln_norm - half_nu1 * libm::log1p(t * t / nu));
    let mut out: Vec<f64> = Vec::with_capacity(ps.len());
    for &p in ps {
        let t = match out.last() {
            Some(&previous) if p < 0.5 && previous <= 0.0 && cdf(previous) <= p => {
                let goal = libm::log(p);
                solve_increasing(
                    |t| {
                        let f = cdf(t);
                        (libm::log(f) - goal, pdf(t) / f)
                    },
                    previous,
                    0.0,
                    previous,
                )
            }
            _ => student_t_quantile_lower(p, nu),
        };
        out.push(t);
    }
    out
}

/// Finds the root of an increasing function on `[lo, hi]` (`h(lo) ≤ 0 ≤ h(hi)`):
/// Newton steps while they stay inside the shrinking bracket and at least halve
/// the previous step, bisection otherwise (Numerical Recipes `rtsafe`), in the
/// geometric mean while the positive bracket spans more than a factor 2.
/// `h` returns the value and derivative. Stops when a step is below 2 ulp or
/// after 200 iterations, so it always terminates.
pub fn solve_increasing(h: impl Fn(f64) -> (f64, f64), mut lo: f64, mut hi: f64, start: f64) -> f64 {
    let mut x = crate::float::clamp(start, lo, hi);
    let mut last_step = hi - lo;
    for _ in 0..200 {
        let (f, df) = h(x);
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let newton = x - f / df;
        let next = if newton > lo && newton < hi && (newton - x).abs() <= 0.5 * last_step.abs() {
            newton
        } else if lo > 0.0 && hi > 2.0 * lo {
            (lo * hi).sqrt()
        } else {
            0.5 * (lo + hi)
        };
        last_step = next - x;
        if last_step.abs() <= 2.0 * f64::EPSILON * next.abs() || hi - lo <= 2.0 * f64::EPSILON * hi.abs() {
            return next;
        }
        x = next;
    }
    x
}
