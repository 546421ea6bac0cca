// The portfolio panel in headless Chromium: it renders from a preset, a
// preset applies, edits change the figures, the heat table and the payoff
// chart, rows are added and removed, pasted returns add the historical
// method, bad input is shown by its field while the last good result stays
// and is marked stale, nothing leaves localhost, axe finds no WCAG 2 A/AA
// violation, and it fits a phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, startBrowser } from './browser.mjs';

let env;
before(async () => (env = await startBrowser()));
after(async () => env?.close());

async function open(options) {
  const page = await env.page(options);
  await page.goto(`${env.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const text = (page, sel) => page.locator(sel).textContent();
const changed = (page, sel, before) =>
  page.waitForFunction(([s, b]) => document.querySelector(s).textContent !== b, [sel, before]);
/** A fingerprint of the payoff chart's pixels, to tell whether it was redrawn. */
const pixels = (page) => page.locator('#pf-payoff-chart canvas').evaluate((c) => c.toDataURL());
/** The error paragraph next to a control. */
const errorOf = (page, sel) => page.locator(sel).locator('xpath=ancestor::div[contains(@class,"field")][1]').locator('p.error');
const rows = '#pf-positions > li';
/** The control of `part` in position `n` (1-based). */
const control = (n, part) => `${rows}:nth-child(${n}) [data-part="${part}"]`;

test('the panel renders a preset book with every result', async () => {
  const page = await open();
  assert.equal(await page.locator('#pf-preset').inputValue(), 'loop-eth-perp-puts');
  assert.equal(await page.locator(rows).count(), 5);
  assert.equal(await text(page, `${rows}:nth-child(3) legend`), '3. Perpetual future');
  assert.match(await text(page, '#pf-value'), /^[\d,]+ USD$/);
  assert.match(await text(page, '#pf-delta'), /^[-+]?\d+\.\d\d ETH$/);
  assert.match(await text(page, '#pf-theta'), /^[-+][\d,]+ USD$/);
  assert.match(await text(page, '#pf-vega'), /^[-+][\d,]+ USD$/);
  assert.equal(await page.locator('#pf-breakdown tbody tr').count(), 5);
  assert.match(await text(page, '#pf-breakdown tbody tr:nth-child(3) td:last-child'), /^3,582 USD \(\+19\.4 %\)$/);
  assert.match(await text(page, '#pf-breakdown tbody tr:nth-child(1) td:last-child'), /not by the ETH price/);
  assert.match(await text(page, '#pf-liquidations'), /15\.6 % fall of the exchange rate/);
  assert.match(await text(page, '#pf-hedge'), /^To make the book's delta zero, go long [\d.]+ ETH of perpetuals/);
  // The heat table: 7 volatility rows × 11 prices, 0 where nothing moves.
  assert.equal(await page.locator('#pf-heat thead th').count(), 12);
  assert.equal(await page.locator('#pf-heat tbody tr').count(), 7);
  assert.equal(await text(page, '#pf-heat tbody tr:nth-child(3) td:nth-child(7)'), '0');
  assert.equal(await text(page, '#pf-heat tbody tr:nth-child(3) th'), 'unchanged');
  assert.match(await page.locator('#pf-heat tbody tr:nth-child(1) td:nth-child(2)').getAttribute('class'), /^heat-[pn][1-4]$/);
  // VaR and ES by three methods (no pasted returns), the fat-tail note.
  assert.deepEqual(await page.locator('#pf-tail tbody th').allTextContents(), ['Normal', 'Cornish-Fisher (skew, fat tails)', 'Student-t (fat tails)']);
  assert.match(await text(page, '#pf-tail tbody tr:nth-child(1) td:nth-child(2)'), /^[\d,]+ USD$/);
  assert.match(await text(page, '#pf-tail-note'), /fat tails/);
  assert.equal(await page.locator('#pf-payoff-chart canvas').count(), 1);
  assert.match(await text(page, '#pf-payoff-summary'), /^If ETH falls to 1,500 USD the book makes/);
  assert.deepEqual(page.problems, []);
});

test('a preset applies', async () => {
  const page = await open();
  const before = await text(page, '#pf-delta');
  await page.selectOption('#pf-preset', 'protective-puts');
  await changed(page, '#pf-delta', before);
  assert.equal(await page.locator(rows).count(), 2);
  assert.equal(await page.locator(control(2, 'strike')).inputValue(), '2700');
  assert.match(await text(page, '#pf-preset-note'), /protective|floor/i);
  // Long ETH: the default protection buys one put per ETH of delta.
  assert.match(await text(page, '#pf-protection'), /^Buying [\d.]+ puts at 3,000 USD expiring in 30 days costs/);
  assert.deepEqual(page.problems, []);
});

test('editing changes the results, the heat table and the chart', async () => {
  const page = await open();
  const delta = await text(page, '#pf-delta');
  const heat = await text(page, '#pf-heat tbody');
  const chart = await pixels(page);
  await page.fill(control(2, 'quantity'), '25');
  await changed(page, '#pf-delta', delta);
  assert.notEqual(await text(page, '#pf-heat tbody'), heat);
  assert.notEqual(await pixels(page), chart);
  assert.equal(await page.locator('#pf-preset').inputValue(), '', 'an edit leaves the preset');
  // A market change moves everything too.
  const value = await text(page, '#pf-value');
  await page.fill('#pf-spot', '2500');
  await changed(page, '#pf-value', value);
  assert.match(await text(page, '#pf-heat thead'), /2,500 \(0 %\)/);
  assert.deepEqual(page.problems, []);
});

test('positions are added and removed', async () => {
  const page = await open();
  await page.selectOption('#pf-add', 'option');
  await page.click('#pf-add-button');
  assert.equal(await page.locator(rows).count(), 6);
  assert.equal(await text(page, `${rows}:nth-child(6) legend`), '6. Option');
  await page.waitForFunction(() => document.querySelectorAll('#pf-breakdown tbody tr').length === 6);
  await page.click(`${rows}:nth-child(2) [data-part="remove"]`);
  assert.equal(await page.locator(rows).count(), 5);
  assert.equal(await text(page, `${rows}:nth-child(2) legend`), '2. Perpetual future', 'renumbered');
  assert.equal(await page.locator(control(2, 'quantity')).getAttribute('data-field'), 'positions[1].perp.quantity');
  // The keyboard stays in the list: on the next row's remove button.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Remove position 2 (Perpetual future)');
  await page.waitForFunction(() => document.querySelectorAll('#pf-breakdown tbody tr').length === 5);
  assert.deepEqual(page.problems, []);
});

test('an invalid input shows an error by its field and keeps the last result, marked stale', async () => {
  const page = await open();
  const value = await text(page, '#pf-value');
  await page.fill(control(3, 'quantity'), 'abc');
  const error = errorOf(page, control(3, 'quantity'));
  await error.waitFor();
  assert.match(await error.textContent(), /expected a number or a decimal string/);
  assert.equal(await page.locator(control(3, 'quantity')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#pf-stale').isVisible(), true);
  assert.match(await page.locator('#pf-results').getAttribute('class'), /is-stale/);
  assert.equal(await text(page, '#pf-value'), value, 'the last good result stays');
  // Margin below maintenance: named by the margin field.
  await page.fill(control(3, 'quantity'), '20');
  await page.fill(control(3, 'walletBalance'), '100');
  await page.waitForFunction(() => /below the maintenance margin/.test(document.querySelector('p.error[data-for]')?.textContent));
  // An error inside the loop's own input lands on its row.
  await page.fill(control(3, 'walletBalance'), '12000');
  await page.fill(control(1, 'loops'), '101');
  await errorOf(page, control(1, 'loops')).waitFor();
  await page.fill(control(1, 'loops'), '5');
  await page.waitForFunction(() => !document.querySelector('p.error[data-for]'));
  assert.equal(await page.locator('#pf-stale').isVisible(), false);
  assert.doesNotMatch(await page.locator('#pf-results').getAttribute('class'), /is-stale/);
  assert.deepEqual(page.problems, []);
});

test('a loop can follow the loop panel', async () => {
  const page = await open();
  await page.selectOption(control(1, 'scenario'), 'panel');
  assert.equal(await page.locator(control(1, 'equity')).isDisabled(), true);
  await page.waitForFunction(() => /loop panel/.test(document.querySelector('#pf-breakdown tbody tr th').textContent));
  const delta = await text(page, '#pf-breakdown tbody tr:nth-child(1) td:nth-child(3)');
  // The loop panel's own capital: the portfolio's loop follows it.
  await page.fill('#equity', '20');
  await changed(page, '#pf-breakdown tbody tr:nth-child(1) td:nth-child(3)', delta);
  // 20 ETH of capital less what the loop panel's 0.05 % swap cost took to build it.
  assert.match(await text(page, '#pf-breakdown tbody tr:nth-child(1) td:nth-child(3)'), /^19\.9\d+$/);
  assert.deepEqual(page.problems, []);
});

test('pasted returns add the historical method; text that is not a number is named', async () => {
  const page = await open();
  await page.fill('#pf-returns', 'date,return\n2024-08-01,-3.2\n2024-08-02,1.5\n2024-08-05,-18.9\n2024-08-06,4.1\n2024-08-07,0.4');
  await page.waitForFunction(() => document.querySelectorAll('#pf-tail tbody tr').length === 4);
  assert.equal(await text(page, '#pf-tail tbody tr:nth-child(4) th'), 'Historical (your returns)');
  // 99 % of 5 returns: the worst, −18.9 %.
  assert.equal(await text(page, '#pf-tail tbody tr:nth-child(4) td:nth-child(4)'), '18.90 %');
  await page.fill('#pf-returns', '-3.2, 1.5, x, 4');
  const error = errorOf(page, '#pf-returns');
  await error.waitFor();
  assert.match(await error.textContent(), /^entry 3: expected a number or a decimal string, got the string "x"/);
  assert.deepEqual(page.problems, []);
});

test('axe finds no WCAG 2 A/AA violation in the panel', async () => {
  const page = await open({ bypassCSP: true });
  await page.fill('#pf-returns', '-3.2\n1.5\n-2');
  await page.waitForFunction(() => document.querySelectorAll('#pf-tail tbody tr').length === 4);
  assert.deepEqual(await axeViolations(page), []);
});

test('it fits a phone screen and works with the keyboard', async () => {
  const page = await open({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await page.focus('#pf-spot');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pf-vol');
  // The heat table scrolls inside its own focusable region.
  const region = page.locator('.heat-wrap');
  assert.equal(await region.getAttribute('tabindex'), '0');
  assert.ok(await region.evaluate((el) => el.scrollWidth > el.clientWidth));
  const value = await text(page, '#pf-value');
  await page.focus(control(2, 'quantity'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('6');
  await changed(page, '#pf-value', value);
  assert.deepEqual(page.problems, []);
});
