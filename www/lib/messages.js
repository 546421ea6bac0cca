// The calculator's error messages in the words of the form they appear in.
// The API speaks in fractions and its own names ("market.maxLtv: must be >= 0
// and < 1, got 2.5"); a person who typed 250 into a % field should read
// "must be at least 0 % and below 100 %, got 250 %". Text in, text out: the
// result is set with textContent by the caller. Numbers are moved as text
// (shiftPoint), never through floating point.

import { shiftPoint } from './text.js';

/** API names that read better spelled out. */
const NAMES = {
  aaveV3: 'Aave V3',
  morphoBlue: 'Morpho Blue',
  stableSwap: 'StableSwap',
  constantProduct: 'constant-product',
  cornishFisher: 'Cornish-Fisher',
  studentT: 'Student t',
  halfLife: 'half-life',
};
const ACRONYMS = new Set(['ltv', 'lltv', 'apr', 'usd', 'hf', 'fdv', 'avs', 'eth']);

/** "liquidationThreshold" -> "liquidation threshold", "maxLtv" -> "max LTV". */
function words(name) {
  if (NAMES[name]) return NAMES[name];
  return name
    .split(/(?=[A-Z])/)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()))
    .join(' ');
}

/** 1000000000 -> "1,000,000,000" (the integer part of a plain decimal). */
function grouped(number) {
  const [int, frac] = number.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${frac === undefined ? '' : `.${frac}`}`;
}

/** A number of the message as the field shows it: in percent for a % field,
 *  plain with thousands separators unless its exponent is far from 0
 *  (1e-18 stays 1e-18; 1e18 becomes 1,000,000,000,000,000,000). */
function shown(number, percent) {
  const [mantissa, e = '0'] = number.split('e');
  const exponent = Number(e) + (percent ? 2 : 0);
  const text = exponent >= -6 && exponent <= 21 ? grouped(shiftPoint(mantissa, exponent)) : `${mantissa}e${exponent}`;
  return percent ? `${text} %` : text;
}

const RANGE = /must be (>=|>) (-?[\d.]+) and (<=|<) (-?[\d.]+)/;
const LOW = { '>=': 'at least', '>': 'above' };
const HIGH = { '<=': 'at most', '<': 'below' };
const NUMBER = /(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])/g;
const CAMEL = /\b[a-z]+(?:[A-Z][a-z\d]*)+\b/g;

/** A message shown away from its field keeps saying which field, in words:
 *  "market.liquidationBonus: is required" -> "Liquidation bonus: is required". */
function namedByWords(message) {
  const m = /^([\w.[\]]+): /.exec(message);
  if (!m) return message;
  const last = m[1].split('.').at(-1).replace(/\[\d+\]$/, '');
  const name = words(last);
  return `${name[0].toUpperCase()}${name.slice(1)}: ${message.slice(m[0].length)}`;
}

/** One stretch of the message outside quotes. */
function plainStretch(text, number) {
  return text
    .replace(RANGE, (_, lowOp, low, highOp, high) => `must be ${LOW[lowOp]} ${low} and ${HIGH[highOp]} ${high}`)
    .replace(NUMBER, number)
    .replace(CAMEL, words);
}

/** `message` in plain words for the control of `field`: without the field's
 *  own path in front (its label says which field), ranges in words, API
 *  names spelled out, and numbers as the field shows them: as percentages in
 *  a % field (`percent`), with thousands separators otherwise. What the
 *  person typed, quoted in the message, is left exactly as typed. */
export function plainMessage(message, { field = '', percent = false } = {}) {
  const text = field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : namedByWords(message);
  const number = (n) => shown(n, percent);
  // Odd pieces are quoted (what was typed); only the even ones are rewritten.
  return text
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((piece, i) => (i % 2 ? piece : plainStretch(piece, number)))
    .join('');
}
