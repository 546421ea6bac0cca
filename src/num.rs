//! Numbers: the input type that accepts a JSON number or a decimal string, and
//! checked [`Decimal`] arithmetic that reports overflow instead of panicking.
//!
//! Money, ratios, leverage and health factors are `Decimal` (28 significant
//! digits, exact decimal fractions: 0.93 is 0.93). Rounding is
//! round-half-even at the 28th digit, as `rust_decimal` does; no formula here
//! depends on a rounding direction the way on-chain integer maths does.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
pub use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// A number from the JS side: a finite JSON number or a decimal string
/// (`0.93`, `"0.93"`, `"1e-3"`), held exactly as a [`Decimal`].
///
/// NaN, ±Infinity, strings that are not numbers and magnitudes beyond
/// ±7.9e28 are rejected while reading ([`crate::read`]), so the error carries
/// the field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(pub Decimal);

impl Num {
    pub fn get(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Num {
    fn from(d: Decimal) -> Self {
        Num(d)
    }
}

const EXPECTED: &str = "a number or a decimal string";

/// The decimal a JS number stands for: the shortest decimal that round-trips
/// to the same `f64` (0.93 -> 0.93, not 0.930000000000000048849813083507).
#[inline(never)]
pub fn decimal_from_f64(v: f64) -> Result<Decimal, String> {
    if v.is_nan() {
        return Err(format!("expected {EXPECTED}, got NaN"));
    }
    if v.is_infinite() {
        return Err(format!("expected a finite number, got {}Infinity", if v < 0.0 { "-" } else { "" }));
    }
    // The shortest decimal that round-trips (17 significant digits at most,
    // as `Display` prints it); `Decimal::from_f64` alone would keep only 15.
    // Built as rust_decimal would parse that text (tested below).
    if v == 0.0 {
        return Ok(Decimal::ZERO);
    }
    // Most inputs are short decimals (0.93, 1.05, 10): the first scale k at
    // which v·10^k rounds to a whole m below 10^15 with m / 10^k == v gives
    // the decimal without printing digits. Below 10^15 no other decimal of
    // scale k rounds to v (they are more than an ulp of v apart), and a
    // shorter one would have been found at a smaller k: so it is the one
    // `shortest` prints (tested below against Display on 200,000 numbers).
    let mut power = 1.0;
    for scale in 0..=15 {
        let m = (v * power).round();
        if m.abs() >= 1e15 {
            break;
        }
        if m / power == v {
            return Ok(Decimal::new(m as i64, scale));
        }
        power *= 10.0;
    }
    let s = crate::float::shortest(v);
    let mut buffer = [0; 20];
    let digits = s.digits(&mut buffer);
    decimal_from_digits(v < 0.0, digits, s.exp + 1 - digits.len() as i32)
        .ok_or_else(|| format!("expected a number between -7.9e28 and 7.9e28, got {}", crate::float::lower_exp(v)))
}

/// Parses a decimal string: plain (`"0.93"`, `"-5"`, `".5"`) or scientific
/// (`"9.3e-1"`), with spaces around it.
#[inline(never)]
pub fn decimal_from_str(s: &str) -> Result<Decimal, String> {
    parse_decimal(s.trim()).ok_or_else(|| {
        let shown: String = s.chars().take(40).collect();
        let more = if s.chars().count() > 40 { "…" } else { "" };
        format!("expected {EXPECTED}, got the string {}{more}", crate::read::string_literal(&shown))
    })
}

/// `[+-]digits[.digits][e[+-]digits]`, at least one digit before the exponent.
fn parse_decimal(t: &str) -> Option<Decimal> {
    let (negative, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(at) => (&t[..at], t[at + 1..].parse::<i32>().ok().filter(|e| e.abs() <= 1000)?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    decimal_from_digits(negative, &digits, exponent - frac.len() as i32)
}

/// The decimal `±digits × 10^exp10` (`digits` in ASCII, most significant
/// first), at the scale the digits give (`1.50` keeps its two
/// decimals), as `rust_decimal`'s parser builds it from the same text
/// (`str.rs`, `handle_full_128` and `maybe_round`): past 28 decimals or a
/// 96-bit mantissa, the remaining digits are dropped and the last kept one
/// rounded up if the first dropped one is 5 or more. `None` if the integer
/// part does not fit (|value| > 7.9e28).
fn decimal_from_digits(negative: bool, digits: &[u8], exp10: i32) -> Option<Decimal> {
    const MAX_MANTISSA: u128 = (1 << 96) - 1;
    const MAX_SCALE: i32 = Decimal::MAX_SCALE as i32;
    let sign = |m: u128| if negative { -(m as i128) } else { m as i128 };
    let n = digits.len() as i32;
    if exp10 >= 0 {
        // An integer: the digits, then exp10 zeros.
        let mut mantissa: u128 = 0;
        for &d in digits.iter().chain(std::iter::repeat_n(&b'0', exp10.min(40) as usize)) {
            mantissa = mantissa * 10 + u128::from(d - b'0');
            if mantissa > MAX_MANTISSA {
                return None;
            }
        }
        return Decimal::try_from_i128_with_scale(sign(mantissa), 0).ok();
    }
    let scale = -exp10;
    // Digit i (0-based) is the (i - int_digits + 1)th decimal.
    let int_digits = n - scale;
    let mut mantissa: u128 = 0;
    for (i, &d) in digits.iter().enumerate() {
        let (i, d) = (i as i32, d - b'0');
        let next = mantissa * 10 + u128::from(d);
        if i - int_digits >= MAX_SCALE || next > MAX_MANTISSA {
            if i < int_digits {
                return None;
            }
            let mut kept_scale = i - int_digits;
            if kept_scale > MAX_SCALE {
                // The first digit lies past the 28th decimal: the digit
                // rounded on is an implied zero.
                return Decimal::try_from_i128_with_scale(0, MAX_SCALE as u32).ok();
            }
            if d >= 5 {
                mantissa += 1;
                if mantissa > MAX_MANTISSA {
                    // As rust_decimal: one decimal fewer, rounded.
                    mantissa = (mantissa + 4) / 10;
                    kept_scale -= 1;
                }
            }
            return Decimal::try_from_i128_with_scale(sign(mantissa), kept_scale.max(0) as u32).ok();
        }
        mantissa = next;
    }
    // Every digit kept; past the 28th decimal only zeros were implied.
    Decimal::try_from_i128_with_scale(sign(mantissa), scale.min(MAX_SCALE) as u32).ok()
}

/// A result that exceeded the range of [`Decimal`] (or divided by zero, which
/// the callers rule out beforehand). The entry point names the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

/// The result of checked decimal arithmetic.
pub type Exact<T = Decimal> = Result<T, Overflow>;

pub fn add(a: Decimal, b: Decimal) -> Exact {
    a.checked_add(b).ok_or(Overflow)
}

pub fn sub(a: Decimal, b: Decimal) -> Exact {
    a.checked_sub(b).ok_or(Overflow)
}

pub fn mul(a: Decimal, b: Decimal) -> Exact {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a / b`; `b = 0` is reported as [`Overflow`].
pub fn div(a: Decimal, b: Decimal) -> Exact {
    a.checked_div(b).ok_or(Overflow)
}

/// `a · b / c`, the shape of most formulas here (Morpho's `mulDiv`).
pub fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Exact {
    div(mul(a, b)?, c)
}

/// The nearest `f64`, for the JS side and for transcendental maths.
pub fn to_f64(d: Decimal) -> f64 {
    // Every Decimal lies within f64's range, so this never fails.
    d.to_f64().unwrap_or(0.0)
}

/// The `f64` nearest to a decimal, correctly rounded (ties to even): the
/// very `f64` that Rust's or JS's parser gives for the decimal's text, bit
/// for bit, without the text and without the parser (whose 10 KB table of
/// powers of five would otherwise be the largest single item in the `.wasm`).
pub fn nearest_f64(d: Decimal) -> f64 {
    let m = d.mantissa().unsigned_abs();
    let v = if m == 0 { 0.0 } else { nearest_f64_of(m, d.scale()) };
    if d.is_sign_negative() {
        -v
    } else {
        v
    }
}

/// `m / 10^scale` correctly rounded, for `0 < m < 2^96`, `scale <= 28`.
#[inline(never)]
fn nearest_f64_of(m: u128, scale: u32) -> f64 {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];
    // Both operands exact, so IEEE division rounds the quotient correctly.
    if m < 1 << 53 && scale <= 22 {
        return m as f64 / EXACT[scale as usize];
    }
    // Otherwise: 55 leading bits of the quotient by long division (53 for
    // the significand, one to round on, one more), plus a sticky bit.
    let den = 10_u128.pow(scale);
    let (mut bits, mut rem) = (m / den, m % den);
    let mut exp = 0_i32; // value = (bits + fraction) · 2^exp
    let mut sticky = false;
    let len = 128 - bits.leading_zeros() as i32;
    if len > 55 {
        let shift = len - 55;
        sticky = bits & ((1 << shift) - 1) != 0;
        bits >>= shift;
        exp = shift;
    } else {
        while bits < 1 << 54 {
            rem <<= 1; // rem < den < 2^94: no overflow
            bits <<= 1;
            if rem >= den {
                rem -= den;
                bits |= 1;
            }
            exp -= 1;
        }
    }
    sticky |= rem != 0;
    let (mut significand, half, below) = (bits >> 2, bits & 2 != 0, bits & 1 != 0 || sticky);
    if half && (below || significand & 1 == 1) {
        significand += 1;
    }
    // 2^(exp + 2) is a normal power of two: Decimals lie far inside f64's range.
    significand as f64 * f64::from_bits(((1023 + exp + 2) as u64) << 52)
}

/// A finite `f64` as a Decimal, for results of transcendental maths that go
/// back into exact arithmetic.
pub fn from_f64(v: f64) -> Exact {
    if v.is_finite() {
        Decimal::from_f64(v).ok_or(Overflow)
    } else {
        Err(Overflow)
    }
}

/// The arithmetic a formula runs on: [`Decimal`] (exact, checked, for
/// `liquidate` and `cascade`) or `f64` (for `depegSweep`, where ten
/// thousand liquidations must take well under a millisecond and Decimal's
/// ~50–200 ns per operation is too slow). Every operation reports overflow,
/// a zero divisor or a non-finite result as [`Overflow`].
pub trait Real: Copy + PartialOrd + fmt::Debug + Serialize {
    const ZERO: Self;
    const ONE: Self;
    /// The value of an exact decimal in this type.
    fn of(d: Decimal) -> Self;
    /// The nearest exact decimal, for messages.
    fn to_decimal(self) -> Decimal;
    fn plus(self, other: Self) -> Exact<Self>;
    fn minus(self, other: Self) -> Exact<Self>;
    fn times(self, other: Self) -> Exact<Self>;
    fn over(self, other: Self) -> Exact<Self>;
    /// `self · b / c`.
    fn times_over(self, b: Self, c: Self) -> Exact<Self> {
        self.times(b)?.over(c)
    }
    fn is_zero(self) -> bool {
        self == Self::ZERO
    }
    fn min_of(self, other: Self) -> Self {
        if other < self {
            other
        } else {
            self
        }
    }
}

impl Real for Decimal {
    const ZERO: Self = Decimal::ZERO;
    const ONE: Self = Decimal::ONE;
    fn of(d: Decimal) -> Self {
        d
    }
    fn to_decimal(self) -> Decimal {
        self
    }
    fn plus(self, other: Self) -> Exact<Self> {
        add(self, other)
    }
    fn minus(self, other: Self) -> Exact<Self> {
        sub(self, other)
    }
    fn times(self, other: Self) -> Exact<Self> {
        mul(self, other)
    }
    fn over(self, other: Self) -> Exact<Self> {
        div(self, other)
    }
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn of(d: Decimal) -> Self {
        to_f64(d)
    }
    fn to_decimal(self) -> Decimal {
        from_f64(self).unwrap_or_default()
    }
    fn plus(self, other: Self) -> Exact<Self> {
        finite(self + other)
    }
    fn minus(self, other: Self) -> Exact<Self> {
        finite(self - other)
    }
    fn times(self, other: Self) -> Exact<Self> {
        finite(self * other)
    }
    fn over(self, other: Self) -> Exact<Self> {
        finite(self / other)
    }
}

fn finite(v: f64) -> Exact<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;
    use std::str::FromStr;

    #[test]
    fn js_numbers_become_the_decimal_they_print_as() {
        assert_eq!(decimal_from_f64(0.93), Ok(dec!(0.93)));
        assert_eq!(decimal_from_f64(0.1), Ok(dec!(0.1)));
        assert_eq!(decimal_from_f64(1.05), Ok(dec!(1.05)));
        assert_eq!(decimal_from_f64(-2.5e-7), Ok(dec!(-0.00000025)));
        // All 16–17 significant digits survive.
        assert_eq!(decimal_from_f64(4.905103815466834), Ok(dec!(4.905103815466834)));
        assert_eq!(decimal_from_f64(0.1 + 0.2), Ok(dec!(0.30000000000000004)));
    }

    #[test]
    fn js_numbers_read_as_the_text_they_print_as() {
        // The direct construction equals parsing what Display prints,
        // mantissa and scale alike.
        let mut seed = 0x1234_5678_9abc_def1_u64;
        for i in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let v = match i % 3 {
                0 => f64::from_bits(seed),
                1 => {
                    (seed % 10_000_000) as f64 / 10f64.powi((seed >> 40) as i32 % 12)
                        * if seed & 1 == 0 { 1.0 } else { -1.0 }
                }
                _ => (seed >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((seed >> 3) as i32 % 60 - 30),
            };
            let via_text = Decimal::from_str(&v.to_string()).ok().or_else(|| Decimal::from_f64(v));
            let got = decimal_from_f64(v).ok();
            if v.is_finite() {
                assert_eq!(got.map(|d| d.serialize()), via_text.map(|d| d.serialize()), "{v:e}");
            }
        }
    }

    #[test]
    fn non_finite_and_huge_numbers_are_rejected() {
        assert!(decimal_from_f64(f64::NAN).unwrap_err().contains("NaN"));
        assert!(decimal_from_f64(f64::INFINITY).unwrap_err().contains("Infinity"));
        assert!(decimal_from_f64(1e300).unwrap_err().contains("between"));
    }

    #[test]
    fn strings_read_as_rust_decimal_reads_them() {
        // Plain text as Decimal::from_str reads it (mantissa and scale);
        // scientific text to the value Decimal::from_scientific gives.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..100_000 {
            let digits: String = (0..1 + next() % 34).map(|_| char::from(b'0' + (next() % 10) as u8)).collect();
            let point = (next() % (digits.len() as u64 + 2)) as usize;
            let mut text = if point < digits.len() {
                format!("{}.{}", &digits[..point], &digits[point..])
            } else {
                digits.clone()
            };
            if next() % 2 == 0 {
                text.insert(0, '-');
            }
            let want = Decimal::from_str(&text).ok();
            assert_eq!(decimal_from_str(&text).ok().map(|d| d.serialize()), want.map(|d| d.serialize()), "{text}");
            let sci = format!("{}e{}", digits, (next() % 40) as i32 - 30);
            if let Ok(want) = Decimal::from_scientific(&sci) {
                assert_eq!(decimal_from_str(&sci), Ok(want), "{sci}");
            }
        }
        for bad in ["", "-", ".", "1.2.3", "1e", "e5", "1_000", "0x10", "١", "1e99999", "--1", "+-1", "1 2"] {
            assert!(decimal_from_str(bad).is_err(), "{bad:?}");
        }
        assert_eq!(decimal_from_str("+.5"), Ok(dec!(0.5)));
        assert_eq!(decimal_from_str("5."), Ok(dec!(5)));
        assert_eq!(decimal_from_str("1E3"), Ok(dec!(1000)));
    }

    #[test]
    fn strings_parse_plain_and_scientific() {
        assert_eq!(decimal_from_str(" 0.93 "), Ok(dec!(0.93)));
        assert_eq!(decimal_from_str("9.3e-1"), Ok(dec!(0.93)));
        assert!(decimal_from_str("abc").unwrap_err().contains("\"abc\""));
        assert!(decimal_from_str("").is_err());
        assert!(decimal_from_str("NaN").is_err());
    }

    #[test]
    fn nearest_f64_is_the_parsers_f64() {
        let parsed = |d: Decimal| d.to_string().parse::<f64>().unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for i in 0..200_000 {
            let bits = match i % 4 {
                0 => next() as u128 | (next() as u128 & 0xffff_ffff) << 64,
                1 => next() as u128 >> (next() % 64),
                2 => (next() % 100_000) as u128,
                _ => (1_u128 << 53) + (next() % 1000) as u128 - 500,
            };
            let m = bits as i128 * if next() % 2 == 0 { 1 } else { -1 };
            let d = Decimal::from_i128_with_scale(m, (next() % 29) as u32);
            let (got, want) = (nearest_f64(d), parsed(d));
            assert_eq!(got.to_bits(), want.to_bits(), "{d}: {got:e} != {want:e}");
        }
        for d in [dec!(0), dec!(-0), Decimal::MAX, Decimal::MIN, dec!(0.0000000000000000000000000001), dec!(0.1)] {
            assert_eq!(nearest_f64(d).to_bits(), parsed(d).to_bits(), "{d}");
        }
        // A tie, rounded to even: 2^53 + 1 and 2^53 + 3.
        assert_eq!(nearest_f64(dec!(9007199254740993)), 9007199254740992.0);
        assert_eq!(nearest_f64(dec!(9007199254740995)), 9007199254740996.0);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert_eq!(mul(Decimal::MAX, dec!(2)), Err(Overflow));
        assert_eq!(div(dec!(1), Decimal::ZERO), Err(Overflow));
        assert_eq!(mul_div(dec!(3), dec!(4), dec!(6)), Ok(dec!(2)));
    }
}
