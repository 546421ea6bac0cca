//! Distribution functions in `f64`: the standard normal and Student-t
//! density, CDF and quantile, and a safeguarded root finder. Shared by
//! [`crate::options`] and [`crate::tail`].
//!
//! Accuracy (checked against mpmath at 50 digits): the normal CDF (W. J.
//! Cody's rational approximations around one `exp`) is within 7e-16
//! relative down to x = −37.5, below which its result turns subnormal and
//! then exactly 0 (x ≈ −38.5); never NaN. The density is within 5e-16. The quantile is
//! within ~2e-16 relative down to p = 1e-300. The Student-t CDF uses the regularized
//! incomplete beta function (continued fraction, Numerical Recipes §6.4) with
//! `libm::lgamma`, accurate to ~1e-13 for dof ≤ 10,000.

use std::f64::consts::PI;

/// `1/√(2π)`.
pub const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

// ---------------------------------------------------------------------------
// The standard normal distribution

/// Standard normal density `φ(x) = e^(−x²/2)/√(2π)`.
pub fn norm_pdf(x: f64) -> f64 {
    FRAC_1_SQRT_2PI * exp_half_square(x)
}

/// `e^(−x²/2)` to about 1 ulp for every `x`, with one `exp`.
///
/// `x²` is split exactly into `sq + err` (Dekker's product), and
/// `e^(−(sq + err)/2) = e^(−sq/2)·(1 − err/2)` (`|err| ≤ ulp(sq)/2`, so the
/// dropped `err²/8` is below 1e-26): the rounding of `x²`, which `exp`
/// would amplify to `x²·2⁻⁵³` relative (8e-14 at x = 38), costs nothing.
/// Exactly 0 for |x| > 40 (e^(−800) is below the smallest f64) and ±∞.
#[inline(always)]
pub fn exp_half_square(x: f64) -> f64 {
    let y = x.abs();
    if y > 40.0 {
        return 0.0;
    }
    let sq = y * y;
    let err = product_error(y, y, sq);
    libm::exp(-0.5 * sq) * (1.0 - 0.5 * err)
}

/// Standard normal CDF `N(x)`, by W. J. Cody's rational Chebyshev
/// approximations (ACM TOMS Algorithm 715, `ANORM`, 1993, from Cody, Math.
/// Comp. 23, 1969), which approximate it to at least 18 significant digits:
/// `N(x) − 1/2` near 0, and `N(−|x|) = e^(−x²/2)·M(|x|)` beyond, with `M` a
/// rational function of |x| (of `1/x²` beyond √32). Every term of each sum
/// has one sign, so nothing cancels; `e^(−x²/2)` is [`exp_half_square`].
///
/// Accuracy (mpmath, 50 digits, on 23,000 points of [−38, 9]): within
/// 2e-15 relative, and 1e-15 in the lower tail down to x = −37.5, below
/// which the result turns subnormal and then exactly 0 (x ≈ −38.5). 1 above
/// x ≈ 8.3; never NaN for a non-NaN `x`.
pub fn norm_cdf(x: f64) -> f64 {
    let y = x.abs();
    if y <= NORMAL_CENTRAL {
        return 0.5 + normal_central(x);
    }
    let tail = exp_half_square(y) * normal_tail_ratio(y);
    if x < 0.0 {
        tail
    } else {
        (0.5 - tail) + 0.5
    }
}

/// Where [`normal_halves`] switches from the central approximation to the
/// tail one (Cody's 0.67448975, the quartile of N).
pub const NORMAL_CENTRAL: f64 = 0.674_489_75;

/// `(N(−y), N(y) − 1/2)` for `y ≥ 0`, given `e = e^(−y²/2)`
/// ([`exp_half_square`]; unused, so any value will do, where
/// `y ≤ NORMAL_CENTRAL`): both halves of [`norm_cdf`] from one evaluation,
/// for callers that already have the exponential (the option greeks, which
/// need `φ` anyway). `N(−y) = 1/2 − (N(y) − 1/2)` exactly as `norm_cdf`
/// computes either, bit for bit.
#[inline(always)]
pub fn normal_halves(y: f64, e: f64) -> (f64, f64) {
    if y <= NORMAL_CENTRAL {
        let h = normal_central(y);
        (0.5 - h, h)
    } else {
        let tail = e * normal_tail_ratio(y);
        (tail, 0.5 - tail)
    }
}

/// `N(x) − 1/2` for |x| ≤ `NORMAL_CENTRAL` (odd in x): `x·A(x²)/B(x²)`,
/// Cody's coefficients.
fn normal_central(x: f64) -> f64 {
    const A: [f64; 5] =
        [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745];
    const B: [f64; 4] = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
    // Cody's evaluation order, written out (a loop stays a loop at opt-level "z").
    let z = x * x;
    let num = (((A[4] * z + A[0]) * z + A[1]) * z + A[2]) * z + A[3];
    let den = (((z + B[0]) * z + B[1]) * z + B[2]) * z + B[3];
    x * num / den
}

/// `N(−y)/e^(−y²/2)` for `y > NORMAL_CENTRAL` (≤ 1/2, decreasing like
/// `1/(y√(2π))`): `C(y)/D(y)` up to √32, `(1/√(2π) − z·P(z)/Q(z))/y` with
/// `z = 1/y²` beyond; Cody's coefficients. 0 for y = ∞.
fn normal_tail_ratio(y: f64) -> f64 {
    const C: [f64; 9] = [
        0.39894151208813466,
        8.883149794388377,
        93.50665613217785,
        597.2702763948002,
        2494.5375852903726,
        6848.190450536283,
        11602.65143764735,
        9842.714838383978,
        1.0765576773720192e-08,
    ];
    const D: [f64; 8] = [
        22.266688044328117,
        235.387901782625,
        1519.3775994075547,
        6485.558298266761,
        18615.571640885097,
        34900.95272114598,
        38912.00328609327,
        19685.429676859992,
    ];
    const P: [f64; 6] = [
        0.215898534057957,
        0.12740116116024736,
        0.022235277870649807,
        0.0014216191932278934,
        2.9112874951168793e-05,
        0.023073441764940174,
    ];
    const Q: [f64; 5] =
        [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-05];
    /// √32: where Cody's approximations switch.
    const SQRT_32: f64 = 5.656_854_249_492_381;
    if y <= SQRT_32 {
        let num =
            (((((((C[8] * y + C[0]) * y + C[1]) * y + C[2]) * y + C[3]) * y + C[4]) * y + C[5]) * y + C[6]) * y + C[7];
        let den = (((((((y + D[0]) * y + D[1]) * y + D[2]) * y + D[3]) * y + D[4]) * y + D[5]) * y + D[6]) * y + D[7];
        num / den
    } else {
        let z = 1.0 / (y * y);
        let num = ((((P[5] * z + P[0]) * z + P[1]) * z + P[2]) * z + P[3]) * z + P[4];
        let den = ((((z + Q[0]) * z + Q[1]) * z + Q[2]) * z + Q[3]) * z + Q[4];
        (FRAC_1_SQRT_2PI - z * num / den) / y
    }
}

/// The exact rounding error `a·b − fl(a·b)` of the product `p = fl(a·b)`
/// (Dekker 1971, TwoProduct without FMA, which wasm lacks).
#[inline(always)]
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
