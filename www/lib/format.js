// Formatting of results for people: fixed significant digits, units, and a
// dash or a word where a value does not exist (the API returns null).

// Formatters are made once per number of digits: making an Intl.NumberFormat
// costs tens of microseconds, and a recomputation formats hundreds of numbers.
const cached = (make) => {
  const made = new Map();
  return (digits) => made.get(digits) ?? made.set(digits, make(digits)).get(digits);
};
const nf = cached((digits) => new Intl.NumberFormat('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
const fixed = cached((digits) => new Intl.NumberFormat('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** A plain number with up to `digits` decimals; '–' for null. */
export const num = (x, digits = 4) => (x == null ? '–' : nf(digits).format(x));

/** A number with exactly `digits` decimals; '–' for null. */
export const fix = (x, digits = 2) => (x == null ? '–' : fixed(digits).format(x));

/** A fraction shown as a percentage: 0.0725 -> "7.25 %". */
export const pct = (fraction, digits = 2) => (fraction == null ? '–' : `${fixed(digits).format(fraction * 100)} %`);

/** An ETH amount. */
export const eth = (x, digits = 4) => (x == null ? '–' : `${nf(digits).format(x)} ETH`);

/** Days, or words when there are many. */
export function days(d) {
  if (d == null) return 'never';
  if (d >= 730) return `${nf(1).format(d / 365)} years`;
  return `${nf(0).format(d)} days`;
}
