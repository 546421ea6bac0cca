// The de-peg panel in headless Chromium: it follows the loop panel, charts the
// loop under both oracles with the past de-pegs marked, updates the
// liquidation table with the shock, runs and charts a cascade, compares both
// exits, shows bad input by its field while keeping the last good result
// (marked stale), passes axe's WCAG 2 A/AA rules, fits a phone, logs no
// error and requests nothing outside the page's origin.
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
const changes = (page, sel, before) =>
  page.waitForFunction(([s, b]) => document.querySelector(s).textContent !== b, [sel, before]);
/** The paragraph of errors beside a control (the control's .field). */
const errorOf = (page, sel) => page.locator(sel).locator('xpath=ancestor::div[contains(@class,"field")][1]').locator('p.error');

test('both oracle charts render with the past de-pegs marked', async () => {
  const page = await open();
  for (const id of ['#dp-er-chart', '#dp-market-chart']) {
    assert.equal(await page.locator(`${id} canvas`).count(), 1, id);
    // Three past de-pegs plus the liquidation point.
    assert.equal(await page.locator(id).getAttribute('data-markers'), '4', id);
  }
  assert.equal(await page.locator('#dp-events li').count(), 3);
  const er = await text(page, '#dp-er-summary');
  assert.match(er, /^Exchange-rate oracle: a de-peg of up to 50 % does not liquidate/);
  assert.match(er, /A \d+(\.\d)? % fall of the exchange rate does/);
  for (const event of ['ezETH Apr 2024 \\(31 %\\)', 'stETH Jun 2022 \\(6 %\\)', 'weETH Aug 2024 \\(1.4 %\\)']) {
    assert.match(er, new RegExp(event));
  }
  assert.match(await text(page, '#dp-market-summary'), /^Market-price oracle: a \d+(\.\d)? % de-peg liquidates the loop/);
  assert.match(await text(page, '#dp-following'), /Following the loop above: \d+\.\d\d× leverage on Aave V3/);
  assert.deepEqual(page.problems, []);
});

test('each past de-peg is told at its own depth', async () => {
  const page = await open();
  const before = await text(page, '#dp-market-summary');
  await page.selectOption('#preset', 'ezeth-morpho-86');
  await changes(page, '#dp-market-summary', before);
  const summary = await text(page, '#dp-market-summary');
  const told = Object.fromEntries(
    [...summary.matchAll(/(\w+) \w+ \d{4} \([\d.]+ %\): (liquidated|not liquidated), equity if sold (-?[\d.,]+)/g)].map(([, token, state, equity]) => [token, { state, equity: Number(equity.replace(/,/g, '')) }]),
  );
  // A market-price oracle at 86 % LT: the 31 % ezETH low liquidates, the 1.4 % weETH one does not,
  // and the deeper the de-peg, the less equity is left if sold.
  assert.equal(told.ezETH?.state, 'liquidated', summary);
  assert.equal(told.weETH?.state, 'not liquidated', summary);
  assert.ok(told.ezETH.equity < told.stETH.equity && told.stETH.equity < told.weETH.equity, summary);
  assert.deepEqual(page.problems, []);
});

test('the panel follows the loop above', async () => {
  const page = await open();
  const before = await text(page, '#dp-market-summary');
  await page.selectOption('#preset', 'ezeth-morpho-86');
  await page.waitForFunction(() => /Morpho Blue/.test(document.querySelector('#dp-following').textContent));
  await changes(page, '#dp-market-summary', before);
  // Morpho takes no protocol fee: the field goes away.
  await page.waitForSelector('#dp-protocol-fee', { state: 'hidden' });
  // Its market-price oracle: a 20 % de-peg liquidates.
  assert.match(await text(page, '#dp-m-repaid'), /^\d[\d,]*(\.\d+)?$/);
  assert.match(await text(page, '#dp-liq-explain'), /fall of the market price — the price this market's oracle reads — a liquidator may repay/);
  assert.deepEqual(page.problems, []);
});

test('changing the shock updates the liquidation table', async () => {
  const page = await open();
  // weETH on Aave reads the exchange rate: a de-peg never liquidates it.
  assert.equal(await text(page, '#dp-m-max'), 'not liquidatable');
  await page.fill('#dp-shock', '5');
  await page.waitForFunction(() => document.querySelector('#dp-e-max').textContent === 'not liquidatable');
  assert.match(await text(page, '#dp-liq-explain'), /leaves the health factor at \d\.\d{3}: no liquidation/);
  await page.fill('#dp-shock', '18');
  await page.waitForFunction(() => document.querySelector('#dp-e-max').textContent !== 'not liquidatable');
  const repaid = await text(page, '#dp-e-repaid');
  assert.match(repaid, /^\d[\d,]*(\.\d+)?$/);
  assert.match(await text(page, '#dp-e-bonus'), /^\d/);
  assert.match(await text(page, '#dp-e-hf'), /^0\.9\d{2} → /);
  // HF above 0.95: Aave's close factor lets one liquidation repay half the
  // debt — unless the position is worth under $2,000 (ETH at $1 here).
  const max = await text(page, '#dp-e-max');
  const half = Number(max.replace(/,/g, ''));
  await page.fill('#dp-debt-usd', '1');
  await changes(page, '#dp-e-max', max);
  assert.ok(Number((await text(page, '#dp-e-max')).replace(/,/g, '')) > half);
  const price = await text(page, '#dp-e-price');
  await page.fill('#dp-shock', '25');
  await changes(page, '#dp-e-price', price);
  // The slider follows the text field.
  assert.equal(await page.locator('#dp-shock-range').inputValue(), '25');
  assert.deepEqual(page.problems, []);
});

test('the cascade runs and charts its rounds', async () => {
  const page = await open();
  assert.equal(await page.locator('#dp-cascade-chart canvas').count(), 1);
  const rounds = await page.locator('#dp-rounds-table tbody tr').count();
  assert.ok(rounds >= 1);
  assert.match(await text(page, '#dp-c-rounds'), new RegExp(`in ${rounds} rounds?`));
  assert.match(await text(page, '#dp-cascade-summary'), /rounds? of liquidations move the pool price from 1 to 0\.\d+ ETH per token/);
  const pixels = await page.locator('#dp-cascade-chart canvas').evaluate((c) => c.toDataURL());
  // No shock, no cascade.
  await page.fill('#dp-sell', '0');
  await page.waitForFunction(() => /no loop becomes liquidatable/.test(document.querySelector('#dp-cascade-summary').textContent));
  assert.equal(await text(page, '#dp-c-liquidations'), '0');
  assert.notEqual(await page.locator('#dp-cascade-chart canvas').evaluate((c) => c.toDataURL()), pixels);
  // A StableSwap pool asks for its amplification.
  await page.fill('#dp-sell', '500');
  await page.waitForFunction(() => !/no loop/.test(document.querySelector('#dp-cascade-summary').textContent));
  const constantProduct = await text(page, '#dp-c-prices');
  await page.selectOption('#dp-pool-kind', 'stableSwap');
  await page.waitForSelector('#dp-amplification', { state: 'visible' });
  await changes(page, '#dp-c-prices', constantProduct);
  assert.deepEqual(page.problems, []);
});

test('the exit plan shows both ways out', async () => {
  const page = await open();
  assert.match(await text(page, '#dp-x-now'), /ETH$/);
  assert.match(await text(page, '#dp-x-queue'), /ETH$/);
  assert.match(await text(page, '#dp-x-break-even'), /%$/);
  assert.match(await text(page, '#dp-x-hf'), /^\d\.\d{3} → \d\.\d{3}$/);
  const queue = await text(page, '#dp-x-queue');
  await page.fill('#dp-withdrawal-days', '60');
  await changes(page, '#dp-x-queue', queue);
  assert.match(await text(page, '#dp-x-queue-note'), /after 60 days/);
  // A de-peg today (0.95 ETH against an exchange rate above 1): waiting pays.
  await page.fill('#market-price', '0.95');
  await page.waitForFunction(() => document.querySelector('#dp-x-better').textContent === 'wait');
  assert.match(await text(page, '#dp-x-discount'), /today: \d/);
  assert.deepEqual(page.problems, []);
});

test('an invalid input is shown by its field; the last good result stays, marked stale', async () => {
  const page = await open();
  // Liquidation table.
  const repaid = await text(page, '#dp-e-repaid');
  await page.fill('#dp-shock', 'abc');
  await errorOf(page, '#dp-shock').waitFor();
  assert.match(await errorOf(page, '#dp-shock').textContent(), /expected a number or a decimal string/);
  assert.equal(await page.locator('#dp-shock').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#dp-liq-stale').isVisible(), true);
  assert.equal(await text(page, '#dp-e-repaid'), repaid, 'the last good result stays');
  await page.fill('#dp-shock', '100');
  await page.waitForFunction(() => /after a 100 % fall/.test(document.querySelector('#dp-liq-form p.error[data-for]')?.textContent));
  await page.fill('#dp-shock', '20');
  await page.waitForFunction(() => !document.querySelector('#dp-liq-form p.error[data-for]'));
  assert.equal(await page.locator('#dp-liq-stale').isVisible(), false);
  // Cascade.
  const liquidations = await text(page, '#dp-c-liquidations');
  await page.fill('#dp-leverage', '0.5');
  await errorOf(page, '#dp-leverage').waitFor();
  assert.match(await errorOf(page, '#dp-leverage').textContent(), /must be at least 1/);
  assert.equal(await page.locator('#dp-cascade-stale').isVisible(), true);
  assert.equal(await page.locator('#dp-cascade-results.is-stale').count(), 1);
  assert.equal(await text(page, '#dp-c-liquidations'), liquidations);
  // Exit plan.
  await page.fill('#dp-withdrawal-days', '400');
  await errorOf(page, '#dp-withdrawal-days').waitFor();
  assert.match(await errorOf(page, '#dp-withdrawal-days').textContent(), /must be at least 0 and at most 365/);
  assert.equal(await page.locator('#dp-exit-stale').isVisible(), true);
  // A bad loop input: the panel says it follows the last valid scenario.
  await page.fill('#max-ltv', 'abc');
  await page.locator('#dp-source-stale').waitFor();
  await page.fill('#max-ltv', '90');
  await page.waitForSelector('#dp-source-stale', { state: 'hidden' });
  assert.deepEqual(page.problems, []);
});

test('axe finds no WCAG 2 A/AA violation in the panel', async () => {
  const page = await open({ bypassCSP: true });
  // The round-by-round table and the hidden StableSwap field too.
  await page.locator('#dp-cascade-results details summary').click();
  assert.deepEqual(await axeViolations(page), []);
});

test('it fits a phone screen', async () => {
  const page = await open({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  const box = await page.locator('#dp-er-chart canvas').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `chart at ${box.x}..${box.x + box.width}`);
  await page.focus('#dp-shock');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('30');
  await page.waitForFunction(() => document.querySelector('#dp-shock-range').value === '30');
  assert.deepEqual(page.problems, []);
});
