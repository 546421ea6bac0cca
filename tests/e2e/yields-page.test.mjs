// The yield and risk panels in headless Chromium: both render from the
// module's presets, a preset applies, edits change results and charts, the
// loop takes its yields from the yield panel when asked, bad input is shown
// by its field with the last good result kept and marked stale, nothing
// leaves localhost, axe finds no WCAG 2 A/AA violation, and they fit a phone.
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
/** A fingerprint of a chart's pixels, to tell whether it was redrawn with new data. */
const pixels = (page, sel) => page.locator(`${sel} canvas`).evaluate((c) => c.toDataURL());
const changed = (page, sel, before) =>
  page.waitForFunction(([s, b]) => document.querySelector(s).textContent !== b, [sel, before]);
/** The error paragraph next to a control. */
const errorOf = (page, sel) => page.locator(sel).locator('xpath=ancestor::div[contains(@class,"field")][1]').locator('p.error');
const componentRows = '#yield-components tbody tr';
const layerRows = '#risk-layers tbody tr';

test('both panels render from the presets, with their charts', async () => {
  const page = await open();
  assert.equal(await page.locator('#yield-preset').inputValue(), 'lrt-restaking');
  assert.equal(await page.locator(componentRows).count(), 5);
  assert.equal(await page.locator(`${componentRows} >> nth=0 >> [data-part="apr"]`).inputValue(), '2.852');
  // LRT set: (2.852 % + 0.3 %) × 0.9 + 0.2 % × 0.81 sustainable; 0.6 % × 0.81 + 1.5 % × 0.9 incentives.
  assert.equal(await text(page, '#y-sustainable'), '3.00 %');
  assert.equal(await text(page, '#y-incentive'), '1.84 %');
  assert.equal(await text(page, '#y-now'), '4.83 %');
  assert.match(await text(page, '#y-month12'), /^\d+\.\d\d %$/);
  assert.match(await text(page, '#y-average-split'), /^over 24 months: sustainable 3\.00 % \+ incentives \d\.\d\d %$/);
  assert.equal(await page.locator('#yields-chart canvas').count(), 1);
  assert.equal(await page.locator('#yield-breakdown tbody tr').count(), 5);
  assert.match(await text(page, '#yield-sources'), /cited figure/);
  assert.match(await text(page, '#yield-sources'), /illustrative example/);

  assert.equal(await page.locator('#risk-preset').inputValue(), 'restaking-loop');
  assert.equal(await page.locator(layerRows).count(), 5);
  assert.equal(await page.locator('#base-apr').inputValue(), '2.8368');
  assert.match(await text(page, '#k-loss'), /^0\.97 % a year$/);
  assert.match(await text(page, '#k-adjusted'), /^-?\d+\.\d\d %$/);
  assert.equal(await page.locator('#tranche-chart canvas').count(), 1);
  assert.equal(await text(page, '#s-eigen'), '10.00 % lost');
  assert.equal(await text(page, '#c-hhi'), '5,250');
  assert.deepEqual(page.problems, []);
});

test('a preset applies', async () => {
  const page = await open();
  await page.selectOption('#yield-preset', 'eth-staking');
  await page.waitForFunction(() => document.querySelector('#y-incentive').textContent === '0.00 %');
  assert.equal(await page.locator(componentRows).count(), 2);
  assert.equal(await text(page, '#y-now'), '2.84 %');
  assert.match(await text(page, '#yield-preset-note'), /reference/);
  await page.selectOption('#risk-preset', 'restaking-hold');
  await page.waitForFunction(() => document.querySelectorAll('#risk-breakdown tbody tr').length === 4);
  assert.equal(await page.locator(layerRows).count(), 4);
  assert.deepEqual(page.problems, []);
});

test('editing the components changes the results and the chart', async () => {
  const page = await open();
  const now = await text(page, '#y-now');
  const chart = await pixels(page, '#yields-chart');
  await page.fill(`${componentRows} >> nth=0 >> [data-part="apr"]`, '4');
  await changed(page, '#y-now', now);
  assert.equal(await text(page, '#y-sustainable'), '4.03 %'); // (4 % + 0.3 %) × 0.9 + 0.162 %
  assert.notEqual(await pixels(page, '#yields-chart'), chart);
  assert.equal(await page.locator('#yield-preset').inputValue(), '', 'an edit leaves the preset');

  // The points end later: a cliff at 18 months raises the average.
  const average = await text(page, '#y-average');
  await page.fill(`${componentRows} >> nth=4 >> [data-part="months"]`, '18');
  await changed(page, '#y-average', average);
  // No decay: paid to the end, and its months field is off.
  const cliffAverage = await text(page, '#y-average');
  await page.selectOption(`${componentRows} >> nth=4 >> [data-part="decay"]`, 'none');
  await changed(page, '#y-average', cliffAverage);
  assert.equal(await page.locator(`${componentRows} >> nth=4 >> [data-part="months"]`).isDisabled(), true);

  // Add a row from the presets, then remove one with the keyboard.
  await page.selectOption('#add-component', 'eigen-incentives');
  await page.click('#add-component-button');
  await page.waitForFunction(() => document.querySelectorAll('#yield-breakdown tbody tr').length === 6);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'components[5].label');
  await page.locator(`${componentRows} >> nth=1 >> [data-part="remove"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#yield-breakdown tbody tr').length === 5);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Remove Restaking: AVS rewards');
  // Positions are renumbered: the old third row is now components[1].
  assert.equal(await page.locator(`${componentRows} >> nth=1 >> [data-part="apr"]`).getAttribute('data-field'), 'components[1].apr');
  assert.deepEqual(page.problems, []);
});

test('editing the layers changes the risk results and the tranche chart', async () => {
  const page = await open();
  const loss = await text(page, '#k-loss');
  const chart = await pixels(page, '#tranche-chart');
  await page.fill(`${layerRows} >> nth=1 >> [data-part="annualProbability"]`, '5');
  await changed(page, '#k-loss', loss);
  assert.notEqual(await pixels(page, '#tranche-chart'), chart);
  assert.equal(await page.locator('#risk-preset').inputValue(), '');
  // Plain staking carrying one more layer lowers its risk-adjusted yield.
  const base = await text(page, '#k-adjusted-base');
  await page.check(`${layerRows} >> nth=3 >> [data-part="base"]`);
  await changed(page, '#k-adjusted-base', base);
  // The small calculators.
  await page.locator('summary', { hasText: 'What one slashing costs' }).click();
  await page.fill('#sl-fraction', '100');
  await page.waitForFunction(() => document.querySelector('#s-eigen').textContent === '20.00 % lost');
  await page.locator('summary', { hasText: 'How concentrated' }).click();
  await page.fill('#shares-table tbody tr:nth-child(1) [data-part="share"]', '25');
  await page.fill('#shares-table tbody tr:nth-child(2) [data-part="share"]', '25');
  await page.fill('#shares-table tbody tr:nth-child(3) [data-part="share"]', '25');
  await page.fill('#shares-table tbody tr:nth-child(4) [data-part="share"]', '25');
  await page.waitForFunction(() => document.querySelector('#c-hhi').textContent === '2,500');
  assert.equal(await text(page, '#c-effective'), '4.00');
  assert.deepEqual(page.problems, []);
});

test('an invalid input shows an error by its field and keeps the last result, marked stale', async () => {
  const page = await open();
  // Yield panel.
  const now = await text(page, '#y-now');
  const apr = `${componentRows} >> nth=2 >> [data-part="apr"]`;
  await page.fill(apr, 'abc');
  await errorOf(page, apr).waitFor();
  assert.match(await errorOf(page, apr).textContent(), /expected a number or a decimal string/);
  assert.equal(await page.locator(apr).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#yields-stale').isVisible(), true);
  assert.equal(await page.locator('#yields-results.is-stale').count(), 1);
  assert.equal(await text(page, '#y-now'), now, 'the last good result stays');
  await page.fill(apr, '0.2');
  await page.waitForFunction(() => !document.querySelector('#yields-form p.error[data-for]'));
  assert.equal(await page.locator('#yields-stale').isVisible(), false);
  await page.fill('#horizon', '0');
  await errorOf(page, '#horizon').waitFor();
  assert.match(await errorOf(page, '#horizon').textContent(), /must be a whole number from 1 to 600, got 0/);
  await page.fill('#horizon', '24');
  await page.selectOption(`${componentRows} >> nth=3 >> [data-part="decay"]`, 'linear');
  await page.fill(`${componentRows} >> nth=3 >> [data-part="months"]`, '');
  await errorOf(page, `${componentRows} >> nth=3 >> [data-part="months"]`).waitFor();
  assert.match(await errorOf(page, `${componentRows} >> nth=3 >> [data-part="months"]`).textContent(), /is required for linear decay/);

  // Risk panel.
  const loss = await text(page, '#k-loss');
  const chance = `${layerRows} >> nth=1 >> [data-part="annualProbability"]`;
  await page.fill(chance, '150');
  await errorOf(page, chance).waitFor();
  assert.match(await errorOf(page, chance).textContent(), /must be at least 0 % and at most 100 %, got 150 %/);
  assert.equal(await page.locator('#risk-stale').isVisible(), true);
  assert.equal(await text(page, '#k-loss'), loss, 'the last good result stays');
  await page.fill(chance, '0.5');
  await page.waitForFunction(() => !document.querySelector('#risk-form p.error[data-for]'));

  // Slashing: a fraction above 100 %.
  await page.locator('summary', { hasText: 'What one slashing costs' }).click();
  await page.fill('#sl-fraction', '150');
  await errorOf(page, '#sl-fraction').waitFor();
  assert.match(await errorOf(page, '#sl-fraction').textContent(), /must be at least 0 % and at most 100 %/);
  assert.equal(await page.locator('#slashing-stale').isVisible(), true);
  assert.equal(await text(page, '#s-eigen'), '10.00 % lost');
  assert.deepEqual(page.problems, []);
});

test('the loop takes its yields from the yield panel, and the risk panel its yield from the loop', async () => {
  const page = await open();
  const loopNet = await text(page, '#r-net-apr');
  await page.check('#yields-to-loop');
  // The yield panel's net figures now (2.9988 % and 1.836 %) fill the loop's fields, locked.
  await page.waitForFunction(() => document.querySelector('#sustainable-apr').value === '2.9988');
  assert.equal(await page.locator('#incentive-apr').inputValue(), '1.836');
  assert.equal(await page.locator('#sustainable-apr').getAttribute('readonly'), '');
  assert.equal(await page.locator('#yield-link-note').isVisible(), true);
  await changed(page, '#r-net-apr', loopNet);
  // The loop's net yield now, at month 12 and on average, as the loop computes it.
  await page.waitForFunction(() => document.querySelector('#ly-now').textContent === document.querySelector('#r-net-apr').textContent);
  const pct = async (sel) => Number((await text(page, sel)).replace(' %', ''));
  assert.ok((await pct('#ly-month12')) < (await pct('#ly-now')), 'the incentives fade');
  assert.match(await text(page, '#ly-average'), /^\d+\.\d\d %$/);
  // The risk panel follows the loop's net yield.
  await page.waitForFunction(() => document.querySelector('#k-adjusted-base').textContent.startsWith(document.querySelector('#r-net-apr').textContent));
  assert.match(await page.locator('#position-apr').inputValue(), /^\d+\.\d{1,6}$/);
  assert.equal(await page.locator('#position-apr').getAttribute('readonly'), '');
  assert.match(await text(page, '#leverage-note'), /leverage/);

  // Editing the yields flows through to the loop.
  const net = await text(page, '#r-net-apr');
  await page.fill(`${componentRows} >> nth=4 >> [data-part="apr"]`, '5');
  await changed(page, '#r-net-apr', net);
  assert.equal(await page.locator('#incentive-apr').inputValue(), '4.986'); // 0.6 % × 0.81 + 5 % × 0.9
  // Unticked: the loop's fields are the user's again.
  await page.uncheck('#yields-to-loop');
  assert.equal(await page.locator('#sustainable-apr').getAttribute('readonly'), null);
  assert.equal(await page.locator('#loop-yields').isVisible(), false);
  assert.deepEqual(page.problems, []);
});

test('axe finds no WCAG 2 A/AA violation, with every section open and an error shown', async () => {
  const page = await open({ bypassCSP: true });
  await page.check('#yields-to-loop');
  for (const d of await page.locator('#yields details, #risk details').all()) await d.evaluate((e) => (e.open = true));
  await page.fill(`${layerRows} >> nth=0 >> [data-part="lossGivenEvent"]`, '200');
  await errorOf(page, `${layerRows} >> nth=0 >> [data-part="lossGivenEvent"]`).waitFor();
  assert.deepEqual(await axeViolations(page), []);
});

test('both panels fit a phone screen and their tables work with the keyboard', async () => {
  const page = await open({ width: 360, height: 740 });
  for (const d of await page.locator('#yields details, #risk details').all()) await d.evaluate((e) => (e.open = true));
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  // Every control of a table row is labelled, and visibly so on a phone.
  const label = page.locator(`label[for="${await page.locator(`${componentRows} >> nth=0 >> [data-part="apr"]`).getAttribute('id')}"]`);
  assert.equal(await label.isVisible(), true);
  assert.match(await label.textContent(), /Yield % a year/);
  // Tab moves through a row in reading order.
  await page.focus(`${componentRows} >> nth=0 >> [data-part="label"]`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'components[0].kind');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'components[0].apr');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5');
  await page.waitForFunction(() => document.querySelector('#y-sustainable').textContent === '4.93 %');
  assert.deepEqual(page.problems, []);
});
