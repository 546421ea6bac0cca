// Text helpers for numbers the user types. The page does no maths: it moves a
// decimal point to turn "93" (%) into "0.93" (the API's fractions) exactly, as
// text, so "33.3" becomes "0.333" and not 0.33299999999999996.

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;
/** Largest exponent moved as text ("1e400"); past it the text goes to the
 *  calculator as typed, which refuses the magnitude by the field's name. */
const MAX_EXPONENT = 400;

/** Moves the decimal point of a decimal string `places` to the right (negative: left).
 *  Scientific notation is read too ("9e-1" % -> "0.009"): a % field must not
 *  pass "9e-1" on as the fraction 0.9. Returns the input unchanged when it is
 *  not a decimal, so the calculator reports it with the field's name. */
export function shiftPoint(text, places) {
  const m = DECIMAL.exec(String(text));
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return text;
  const exponent = Number(m[4] ?? 0);
  if (Math.abs(exponent) > MAX_EXPONENT) return text;
  const [, sign, int, frac = ''] = m;
  const point = int.length + places + exponent;
  let digits = int + frac;
  if (point <= 0) digits = '0'.repeat(1 - point) + digits;
  else if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  const at = Math.max(point, 1);
  let whole = digits.slice(0, at).replace(/^0+(?=\d)/, '');
  let fraction = digits.slice(at).replace(/0+$/, '');
  return `${sign === '-' ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}

/** "93" % -> "0.93" */
export const percentToFraction = (text) => shiftPoint(text, -2);
/** 0.93 -> "93" (for filling a % field from an API number) */
export const fractionToPercent = (value) => shiftPoint(String(value), 2);

/** A JS number (an API result) as a plain decimal string, never in exponent
 *  form: 1e-7 -> "0.0000001", so that it can be shifted to a % field;
 *  rounded to `digits` decimals when given. */
export const plainDecimal = (x, digits = 20) =>
  typeof x === 'number' ? plain(digits).format(x) : x.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: digits });
const plainFormats = new Map();
const plain = (digits) =>
  plainFormats.get(digits) ?? plainFormats.set(digits, new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: digits })).get(digits);
