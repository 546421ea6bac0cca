//! `f64` as text, exactly as Rust's `{}` and `{:e}` print it, without
//! core's float formatting.
//!
//! Core prints floats with Grisu plus a Dragon4 fallback, in a shortest and
//! an exact-precision variant each, with their bignum and tables: some 21 KB
//! of the `.wasm` for the few places that print an `f64` (reading a JS number
//! as a decimal; error messages). Here the shortest digits that read back as
//! the same `f64` come from `ryu` (its small-table variant), and the two
//! layouts are written by hand. The digits are the same as core's (both are
//! the shortest that round-trip, and the closest of those to the value); the
//! tests compare the two on hundreds of thousands of values. [`clamp`] is
//! here for the same reason.

/// The shortest decimal that reads back as a finite, non-zero `|v|`: the
/// significant digits `d` (an integer of `n` digits, no trailing zeros) and
/// the exponent of the first one, i.e. `|v| ≈ d.ddd…e{exp}`.
#[derive(Clone, Copy)]
pub struct Shortest {
    pub d: u64,
    pub n: u32,
    pub exp: i32,
}

impl Shortest {
    /// The digits as ASCII, in `buffer`.
    pub fn digits(self, buffer: &mut [u8; 20]) -> &[u8] {
        let mut d = self.d;
        let mut i = buffer.len();
        loop {
            i -= 1;
            buffer[i] = b'0' + (d % 10) as u8;
            d /= 10;
            if d == 0 {
                break;
            }
        }
        &buffer[i..]
    }
}

#[inline(never)]
pub fn shortest(v: f64) -> Shortest {
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(v.abs()).as_bytes();
    // ryu writes "123.45", "0.00012", "1e16" or "1.2345e-7".
    let (mantissa, exp) = match text.iter().position(|&b| b == b'e') {
        Some(at) => (&text[..at], parse_exp(&text[at + 1..])),
        None => (text, 0),
    };
    let int_len = mantissa.iter().position(|&b| b == b'.').unwrap_or(mantissa.len()) as i32;
    // At most 17 significant digits plus the zeros of "1000000000000000.0":
    // the integer fits a u64.
    let (mut d, mut n, mut leading) = (0_u64, 0_u32, 0_i32);
    for &b in mantissa.iter().filter(|&&b| b != b'.') {
        if d == 0 && b == b'0' {
            leading += 1;
        } else {
            d = d * 10 + u64::from(b - b'0');
            n += 1;
        }
    }
    while d % 10 == 0 {
        d /= 10;
        n -= 1;
    }
    let exp = exp + int_len - 1 - leading;
    // When |v| lies exactly halfway between two shortest candidates, ryu
    // takes the even one and core the larger: 1149636667324797.25 prints as
    // ...797.3 in Rust. ryu's is then even, so adding one never carries.
    if halfway_above(v.abs(), d, exp - n as i32 + 1) {
        d += 1;
    }
    Shortest { d, n, exp }
}

/// Whether `v` (finite, > 0) is exactly `(d + 1/2) · 10^k`, i.e.
/// `(2d + 1) · 5^k · 2^(k − 1)`: compares the odd parts and the powers of two.
fn halfway_above(v: f64, d: u64, k: i32) -> bool {
    let bits = v.to_bits();
    let (biased, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    let (m_odd, e2) = (m >> m.trailing_zeros(), e + m.trailing_zeros() as i32);
    // 2d + 1 < 2^58; an odd part of at most 53 bits then needs |k| <= 24.
    let twice = 2 * u128::from(d) + 1;
    let odd = match k {
        0..=24 => twice * 5_u128.pow(k as u32),
        -24..=-1 => {
            let p = 5_u128.pow(k.unsigned_abs());
            if twice % p != 0 {
                return false;
            }
            twice / p
        }
        _ => return false,
    };
    odd == u128::from(m_odd) && e2 == k - 1
}

fn parse_exp(text: &[u8]) -> i32 {
    let (negative, text) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let e = text.iter().fold(0_i32, |e, &b| e * 10 + i32::from(b - b'0'));
    if negative {
        -e
    } else {
        e
    }
}

/// NaN and the infinities as Rust prints them; `None` for finite values.
fn non_finite(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v.is_infinite() {
        Some(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
}

fn sign(v: f64) -> String {
    if v.is_sign_negative() { "-" } else { "" }.to_string()
}

/// `format!("{v}")`: plain decimal notation, never an exponent
/// (`0.0000001`, `1000000000000000000000`, `-0`, `inf`, `NaN`).
pub fn display(v: f64) -> String {
    if let Some(text) = non_finite(v) {
        return text.to_string();
    }
    let mut out = sign(v);
    if v == 0.0 {
        out.push('0');
        return out;
    }
    let s = shortest(v);
    let mut buffer = [0; 20];
    let digits = s.digits(&mut buffer);
    let (n, exp) = (s.n as i32, s.exp);
    let text = |d: &[u8]| String::from_utf8_lossy(d).into_owned();
    if exp >= n - 1 {
        out += &text(digits);
        out += &"0".repeat((exp - n + 1) as usize);
    } else if exp >= 0 {
        let (int, frac) = digits.split_at(exp as usize + 1);
        out += &text(int);
        out.push('.');
        out += &text(frac);
    } else {
        out.push_str("0.");
        out += &"0".repeat((-exp - 1) as usize);
        out += &text(digits);
    }
    out
}

/// `format!("{v:e}")`: `1e-7`, `1.5e20`, `0e0`, `inf`, `NaN`.
pub fn lower_exp(v: f64) -> String {
    if let Some(text) = non_finite(v) {
        return text.to_string();
    }
    let mut out = sign(v);
    if v == 0.0 {
        out.push_str("0e0");
        return out;
    }
    let s = shortest(v);
    let mut buffer = [0; 20];
    let digits = s.digits(&mut buffer);
    out.push(char::from(digits[0]));
    if digits.len() > 1 {
        out.push('.');
        out += &String::from_utf8_lossy(&digits[1..]);
    }
    out.push('e');
    out += &s.exp.to_string();
    out
}

/// `v.clamp(lo, hi)` for `lo <= hi` (NaN stays NaN), without `f64::clamp`'s
/// assertion, whose panic message prints the bounds with core's float code.
pub fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: f64) {
        assert_eq!(display(v), format!("{v}"), "{{}} of {:#x}", v.to_bits());
        assert_eq!(lower_exp(v), format!("{v:e}"), "{{:e}} of {:#x}", v.to_bits());
    }

    #[test]
    fn prints_as_core_does() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.93,
            1.05,
            0.1 + 0.2,
            1e-7,
            1.5e-7,
            1e15,
            1e16,
            1e21,
            1.5e20,
            123456789.125,
            9007199254740993.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e-6,
            0.000001234,
            1e300,
            -2.5e-3,
        ] {
            check(v);
        }
    }

    #[test]
    fn halfway_cases_round_up_as_core_does() {
        // Between 2^50 and 2^53 a quarter is exactly halfway between two
        // 17-digit candidates.
        for n in 0..20_000_u64 {
            for frac in [0.25, 0.5, 0.75] {
                let v = ((1_u64 << 50) + n * 7_919) as f64 + frac;
                check(v);
                check(-v);
                check(v * 4.0);
            }
        }
        // A halfway case of the shortest digits (the literal is exact in f64).
        #[allow(clippy::excessive_precision)]
        let halfway = 1149636667324797.25;
        assert_eq!(display(halfway), "1149636667324797.3");
    }

    #[test]
    fn prints_random_bit_patterns_as_core_does() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..400_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let v = match i % 3 {
                // Any bit pattern: every exponent, subnormals, NaNs.
                0 => f64::from_bits(seed),
                // Values a user types: a few digits at a modest scale.
                1 => (seed % 1_000_000) as f64 / 10f64.powi((seed >> 40) as i32 % 12),
                // Results of arithmetic: 16–17 significant digits.
                _ => (seed >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((seed >> 3) as i32 % 40 - 20),
            };
            check(v);
        }
    }
}
