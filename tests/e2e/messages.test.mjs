// The page's wording of calculator errors (www/lib/messages.js), in Node:
// fractions become the percentages a % field shows, ranges read in words,
// API names are spelled out, and what the person typed is quoted untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainMessage } from '../../www/lib/messages.js';

test('a % field reads its range and value in percent', () => {
  assert.equal(
    plainMessage('market.maxLtv: must be >= 0 and < 1, got 2.5', { field: 'market.maxLtv', percent: true }),
    'must be at least 0 % and below 100 %, got 250 %',
  );
  assert.equal(
    plainMessage('market.borrowApr: must be >= 0 and <= 10, got -0.05', { field: 'market.borrowApr', percent: true }),
    'must be at least 0 % and at most 1,000 %, got -5 %',
  );
  assert.equal(
    plainMessage('market.maxLtv: must not exceed liquidationThreshold (0.95), got 0.99', { field: 'market.maxLtv', percent: true }),
    'must not exceed liquidation threshold (95 %), got 99 %',
  );
});

test('other fields group digits and keep their units', () => {
  assert.equal(
    plainMessage('equity: must be > 0 and <= 1000000000000000, got -5', { field: 'equity' }),
    'must be above 0 and at most 1,000,000,000,000,000, got -5',
  );
  assert.equal(
    plainMessage('horizonDays: must be a whole number from 1 to 3650, got 0', { field: 'horizonDays' }),
    'must be a whole number from 1 to 3,650, got 0',
  );
  assert.equal(plainMessage('collateralUnits: must be at least one wei (1e-18)', { field: 'collateralUnits' }), 'must be at least one wei (1e-18)');
});

test('what was typed is quoted exactly, even if it looks like a number or a name', () => {
  assert.equal(
    plainMessage('equity: expected a number or a decimal string, got the string "1,5 maxLtv 0.5 \\" 2"', { field: 'equity', percent: true }),
    'expected a number or a decimal string, got the string "1,5 maxLtv 0.5 \\" 2"',
  );
});

test('a message away from its field names the field in words', () => {
  assert.equal(plainMessage('market.liquidationBonus: is required for aaveV3'), 'Liquidation bonus: is required for Aave V3');
  assert.equal(plainMessage('components[2].decay.months: is required'), 'Months: is required');
  assert.equal(plainMessage('positions[3]: wrong type'), 'Positions: wrong type');
  assert.equal(plainMessage('no path here'), 'no path here');
});

test('numbers in exponent form read as the field shows them', () => {
  assert.equal(plainMessage('market.vol: must be > 0 and <= 10, got 1e18', { field: 'market.vol', percent: true }), 'must be above 0 % and at most 1,000 %, got 100,000,000,000,000,000,000 %');
  assert.equal(plainMessage('x: got 2.5e-6', { field: 'x' }), 'got 0.0000025');
  assert.equal(plainMessage('x: got 2.5e-7', { field: 'x' }), 'got 2.5e-7');
  assert.equal(plainMessage('x: must be at least one wei (1e-18)', { field: 'x' }), 'must be at least one wei (1e-18)');
  assert.equal(plainMessage('x: got 1e300', { field: 'x', percent: true }), 'got 1e302 %');
});
