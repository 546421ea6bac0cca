// Moving the decimal point as text (www/lib/text.js), in Node: what a %
// field sends the calculator, and how it shows an API fraction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fractionToPercent, percentToFraction, shiftPoint } from '../../www/lib/text.js';

test('percent to fraction and back, exactly, as text', () => {
  assert.equal(percentToFraction('93'), '0.93');
  assert.equal(percentToFraction('33.3'), '0.333');
  assert.equal(percentToFraction('-5'), '-0.05');
  assert.equal(percentToFraction(' 0.001 '), '0.00001');
  assert.equal(fractionToPercent(0.93), '93');
  assert.equal(fractionToPercent('0.0000001'), '0.00001');
});

test('scientific notation moves with its exponent', () => {
  // "9e-1" in a % field is 0.9 %, not the fraction 0.9 (90 %).
  assert.equal(percentToFraction('9e-1'), '0.009');
  assert.equal(percentToFraction('1E2'), '1');
  assert.equal(percentToFraction('2.5e+1'), '0.25');
  assert.equal(percentToFraction('1e20'), '1000000000000000000');
  // An API number that JS prints in exponent form.
  assert.equal(fractionToPercent(1e-7), '0.00001');
  assert.equal(fractionToPercent(2.5e-8), '0.0000025');
});

test('text that is not a decimal goes on unchanged, for the calculator to name', () => {
  for (const text of ['abc', '', '1e', '.', 'e5', '1,5', '0x10', 'NaN', '1e999999999']) {
    assert.equal(percentToFraction(text), text, JSON.stringify(text));
  }
  assert.equal(shiftPoint('1e400', -2), `1${'0'.repeat(398)}`);
});
