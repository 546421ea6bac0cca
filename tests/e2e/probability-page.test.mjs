// The probability panel in headless Chromium: it renders and runs at once in
// its Web Worker with progress, a long run can be cancelled, presets apply,
// bad input is shown by its field while the last result stays (marked
// stale), the loop above feeds it, the worker speaks its protocol, nothing
// leaves localhost, axe finds no WCAG 2 A/AA violation, and it fits a phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, startBrowser } from './browser.mjs';

let env;
before(async () => (env = await startBrowser()));
after(async () => env?.close());

/** Opens the page, counting the panel's progress and result events from the start. */
async function open(hash = '', options) {
  const page = await env.page(options);
  await page.addInitScript(() => {
    globalThis.seen = { progress: 0, result: 0 };
    document.addEventListener('probability-progress', () => globalThis.seen.progress++);
    document.addEventListener('probability-result', () => globalThis.seen.result++);
  });
  await page.goto(`${env.origin}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const PANEL = '[data-panel="probability"]';
const settled = (page, state = 'done') => page.waitForSelector(`${PANEL}[data-state="${state}"]`, { timeout: 30_000 });
const seen = (page) => page.evaluate(() => ({ ...globalThis.seen }));
const text = (page, sel) => page.locator(sel).textContent();
/** Waits until the panel has shown `n` results in all. */
const results = (page, n) => page.waitForFunction((k) => globalThis.seen.result >= k, n, { timeout: 30_000 });

test('the panel renders and its first run completes with progress and a probability', async () => {
  const page = await open();
  assert.equal(await page.locator(`${PANEL} h2`).textContent(), 'Probability of liquidation');
  await settled(page);
  const events = await seen(page);
  assert.ok(events.progress >= 1, 'progress events');
  assert.equal(events.result, 1);
  assert.match(await text(page, '#p-probability'), /^\d+\.\d\d %$/);
  assert.match(await text(page, '#p-error'), /^± \d+\.\d\d % standard error; 95 % interval /);
  assert.match(await text(page, '#p-liquidated'), /^[\d,]+ of 10,000$/);
  assert.match(await text(page, '#prob-status'), /^Liquidated on [\d,]+ of 10,000 paths: .* 10,000 paths in \d+(\.\d+)? s\.$/);
  assert.equal(await page.locator('#prob-progress').evaluate((p) => p.value), 1);
  assert.equal(await page.locator('#prob-cancel').isDisabled(), true);
  assert.match(await text(page, '#prob-scenario'), /^For the loop above: 5\.05× leverage/);
  for (const chart of ['convergence', 'sweep', 'min-hf', 'day']) {
    assert.equal(await page.locator(`#p-${chart}-chart canvas`).count(), 1, `${chart} chart`);
  }
  assert.equal(await page.locator('#p-sweep-table tbody tr').count(), 10);
  assert.match(await text(page, '#p-sweep-summary'), /^10 leverages from [\d.]+× to [\d.]+×, 1,000 paths each/);
  assert.match(await text(page, '#p-oracle-note'), /exchange rate/);
  assert.match(await text(page, '.model-notes'), /A model, not a forecast/);
  assert.equal(await page.locator('#prob-stale').isVisible(), false);
  assert.deepEqual(page.problems, []);
});

test('100,000 paths stream in, and Cancel stops a long run', async () => {
  const page = await open();
  await settled(page);
  await page.check('input[name="np"][value="100000"]');
  await page.fill('#horizon-days', '3650'); // ten years: long enough to catch running
  assert.match(await text(page, '#prob-stale'), /earlier inputs/, 'no auto-run at 100,000 paths');
  await page.click('#prob-run');
  await settled(page, 'running');
  const before = (await seen(page)).progress;
  await page.waitForFunction((n) => globalThis.seen.progress >= n + 2, before, { timeout: 30_000 });
  const value = await page.locator('#prob-progress').evaluate((p) => p.value);
  assert.ok(value > 0 && value < 0.5, `progress ${value} during the main run`);
  assert.match(await page.locator('#prob-progress').getAttribute('aria-valuetext'), /^[\d,]+ of 100,000 paths$/);
  await page.click('#prob-cancel');
  await settled(page, 'cancelled');
  const status = await text(page, '#prob-status');
  assert.match(status, /^Cancelled after [\d,]+ of 100,000 paths: the figures use those paths\.$/);
  const stopped = { events: await seen(page), value: await page.locator('#prob-progress').evaluate((p) => p.value) };
  await page.waitForTimeout(800);
  assert.deepEqual(await seen(page), stopped.events, 'no progress after the cancel');
  assert.equal(await page.locator('#prob-progress').evaluate((p) => p.value), stopped.value);
  assert.match(await text(page, '#p-liquidated'), / of [\d,]+$/);
  assert.match(await text(page, '#prob-stale'), /^\(partial: [\d,]+ paths before the cancel\)$/);
  assert.equal(await page.locator('#prob-cancel').isDisabled(), true);
  assert.equal(await page.locator('#prob-run').isEnabled(), true);
  assert.deepEqual(page.problems, []);
});

test('a de-peg preset applies its numbers and the link keeps it', async () => {
  const page = await open();
  await settled(page);
  await page.selectOption('#discount-preset', 'steth-2022-06');
  assert.equal(await page.locator('#discount-reversion').inputValue(), '8');
  assert.equal(await page.locator('#discount-volatility').inputValue(), '4');
  assert.equal(await page.locator('#discount-jump-mean').inputValue(), '4');
  assert.equal(await page.locator('#discount-jump-stdev').inputValue(), '1.5');
  assert.match(await text(page, '#discount-note'), /June 2022.*Curve pool low/);
  await results(page, 2); // 10,000 paths re-run by themselves
  await page.selectOption('#discount-preset', 'none');
  assert.equal(await page.locator('#discount-jumps').isVisible(), false);
  assert.match(await text(page, '#discount-note'), /keeps today’s ratio/);
  await results(page, 3);
  await settled(page);
  assert.match(page.url(), /[#&]dp=none(&|$)/);
  assert.match(page.url(), /[#&]e=10(&|$)/, 'the loop panel’s fields stay in the link');
  const copy = await open(new URL(page.url()).hash);
  assert.equal(await copy.locator('#discount-preset').inputValue(), 'none');
  await settled(copy);
  assert.equal(await text(copy, '#p-probability'), await text(page, '#p-probability'));
  await page.selectOption('#discount-preset', 'weeth-2024-08');
  assert.equal(await page.locator('#discount-jumps').inputValue(), '2');
  await page.fill('#discount-jumps', '3');
  assert.equal(await page.locator('#discount-preset').inputValue(), 'custom', 'an edit leaves the preset');
  assert.deepEqual([...page.problems, ...copy.problems], []);
});

test('an invalid input is shown by its field; the last result stays, marked stale', async () => {
  const page = await open();
  await settled(page);
  const probability = await text(page, '#p-probability');
  await page.fill('#horizon-days', '0');
  const error = page.locator('#horizon-days').locator('xpath=..').locator('p.error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'must be a whole number from 1 to 3,650, got 0');
  assert.equal(await page.locator('#horizon-days').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#prob-stale').isVisible(), true);
  assert.match(await text(page, '#prob-stale'), /last valid result/);
  assert.equal(await text(page, '#p-probability'), probability, 'the last good result stays');
  await page.fill('#slashing-severity', 'abc');
  await page.locator('#slashing-severity').locator('xpath=..').locator('p.error').waitFor();
  assert.match(await text(page, '#slashing-severity ~ p.error'), /expected a number or a decimal string/);
  await page.fill('#slashing-severity', '10');
  await page.fill('#horizon-days', '365');
  await page.waitForFunction(() => !document.querySelector('#prob-form p.error[data-for]'));
  assert.equal(await page.locator('#prob-stale').isVisible(), false, 'the same inputs as the result again');
  assert.equal(await page.locator('#horizon-days').getAttribute('aria-invalid'), null);
  assert.deepEqual(page.problems, []);
});

test('the loop above feeds the simulation; its errors stop it', async () => {
  const page = await open();
  await settled(page);
  await page.selectOption('#preset', 'ezeth-morpho-86');
  await page.waitForFunction(() => /market-price oracle/.test(document.querySelector('#prob-scenario').textContent));
  await results(page, 2);
  await settled(page);
  assert.match(await text(page, '#p-oracle-note'), /market price/);
  await page.fill('#max-ltv', 'abc');
  await page.waitForFunction(() => /fix it to run/.test(document.querySelector('#prob-scenario').textContent));
  assert.match(await text(page, '#prob-stale'), /fix the loop above/);
  assert.deepEqual(page.problems, []);
});

test('the worker posts progress, the result, field-named errors, and stops on cancel', async () => {
  const page = await open();
  await settled(page);
  const got = await page.evaluate(async () => {
    const worker = new Worker('workers/simulation.js', { type: 'module' });
    const base = {
      equity: 1, targetLeverage: 5,
      collateral: { exchangeRate: 1, sustainableApr: 0.03 },
      market: { protocol: 'morphoBlue', liquidationThreshold: 0.86, borrowApr: 0.03, oracle: 'market' },
      marketDiscount: { meanReversionPerYear: 1250, volatility: 0.15, jumpsPerYear: 0.5, jumpMean: 0.3, jumpStdev: 0.08 },
      slashing: { eventsPerYear: 0.1, severity: 0.2 },
      horizonDays: 365, paths: 1000, seed: 2024,
    };
    const collect = (id, until) => new Promise((resolve) => {
      const seen = [];
      worker.addEventListener('message', function on(e) {
        if (e.data.id !== id) return;
        seen.push(e.data);
        if (until.includes(e.data.type)) {
          worker.removeEventListener('message', on);
          resolve(seen);
        }
      });
    });
    const ok = collect(1, ['done', 'error']);
    worker.postMessage({ type: 'run', id: 1, input: base, sweep: false });
    const run = await ok;
    const bad = collect(2, ['done', 'error']);
    worker.postMessage({ type: 'run', id: 2, input: { ...base, slashing: { eventsPerYear: 0.1, severity: 2 } }, sweep: false });
    const error = (await bad).at(-1);
    const long = collect(3, ['done', 'cancelled', 'error']);
    worker.postMessage({ type: 'run', id: 3, input: { ...base, paths: 1_000_000, horizonDays: 1000 }, sweep: true });
    setTimeout(() => worker.postMessage({ type: 'cancel', id: 3 }), 300);
    const cancelled = (await long).at(-1);
    worker.terminate();
    const result = run.find((m) => m.type === 'result').result;
    return {
      types: [...new Set(run.map((m) => m.type))],
      liquidated: result.liquidatedPaths,
      p50: result.equityAtHorizon.p50,
      p5: result.minHealthFactor.p5,
      lastTrace: run.filter((m) => m.type === 'progress').at(-1).trace[0].at(-1),
      error: { type: error.type, field: error.field, message: error.message },
      cancelled: { type: cancelled.type, paths: cancelled.result.paths },
    };
  });
  assert.deepEqual(got.types, ['progress', 'result', 'done']);
  // The same numbers as the native build (tests/simulation.rs, an_unchanged_pin_of_one_run).
  assert.equal(got.liquidated, 445);
  assert.ok(Math.abs(got.p50 - 1.0083167105220388) < 1e-12);
  assert.ok(Math.abs(got.p5 - 0.6470659621260717) < 1e-12);
  assert.equal(got.lastTrace, 1000);
  assert.deepEqual(got.error, { type: 'error', field: 'slashing.severity', message: 'slashing.severity: must be >= 0 and <= 1, got 2' });
  assert.equal(got.cancelled.type, 'cancelled');
  assert.ok(got.cancelled.paths > 0 && got.cancelled.paths < 1_000_000, `cancelled after ${got.cancelled.paths} paths`);
  assert.deepEqual(page.problems, []);
});

test('axe finds no WCAG 2 A/AA violation in the panel', async () => {
  const page = await open('', { bypassCSP: true });
  await settled(page);
  assert.deepEqual(await axeViolations(page), []);
});

test('it fits a phone screen and runs from the keyboard', async () => {
  const page = await open('', { width: 360, height: 740 });
  await settled(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await page.focus('#seed');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'prob-run');
  await page.keyboard.press('Enter');
  await results(page, 2);
  await settled(page);
  assert.deepEqual(page.problems, []);
});
