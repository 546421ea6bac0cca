// The loop calculator page in headless Chromium: it loads, presets apply,
// edits change results and the chart, the URL reproduces a scenario, bad
// input is shown by its field, nothing leaves localhost, axe finds no WCAG
// 2 A/AA violation, and it fits a phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, startBrowser } from './browser.mjs';

let env;
before(async () => (env = await startBrowser()));
after(async () => env?.close());

async function open(hash = '', options) {
  const page = await env.page(options);
  await page.goto(`${env.origin}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const text = (page, sel) => page.locator(sel).textContent();
/** A fingerprint of the chart's pixels, to tell whether it was redrawn with new data. */
const chartPixels = (page) => page.locator('#depeg-chart canvas').evaluate((c) => c.toDataURL());

test('the page loads with a preset and shows every result', async () => {
  const page = await open();
  assert.equal(await page.locator('#preset').inputValue(), 'weeth-aave-emode');
  assert.match(await text(page, '#r-leverage'), /^\d+\.\d\d×$/);
  assert.match(await text(page, '#r-hf'), /^\d\.\d{3}$/);
  assert.match(await text(page, '#r-net-apr'), /%$/);
  assert.match(await text(page, '#r-liq-price'), /ETH$/);
  assert.equal(await page.locator('#steps tbody tr').count(), 6);
  assert.equal(await page.locator('#depeg-chart canvas').count(), 1);
  assert.match(await text(page, '#oracle-explainer'), /exchange rate/);
  assert.deepEqual(page.problems, []);
});

test('a preset applies its market, token and oracle', async () => {
  const page = await open();
  const before = await text(page, '#r-liq-drop');
  await page.selectOption('#preset', 'ezeth-morpho-86');
  await page.waitForFunction(() => document.querySelector('#protocol').value === 'morphoBlue');
  assert.equal(await page.locator('input[name="o"][value="market"]').isChecked(), true);
  assert.equal(await page.locator('#liquidation-threshold').inputValue(), '86');
  await page.waitForFunction((b) => document.querySelector('#r-liq-drop').textContent !== b, before);
  assert.match(await text(page, '#oracle-explainer'), /market price/);
  assert.match(await text(page, '#depeg-summary'), /Liquidated at a \d+(\.\d)? % de-peg/);
  assert.deepEqual(page.problems, []);
});

test('editing an input changes the results and the chart', async () => {
  const page = await open();
  await page.selectOption('#preset', 'ezeth-morpho-86');
  await page.waitForFunction(() => /Liquidated/.test(document.querySelector('#depeg-summary').textContent));
  const leverage = await text(page, '#r-leverage');
  const pixels = await chartPixels(page);
  await page.fill('#loops', '2');
  await page.waitForFunction((l) => document.querySelector('#r-leverage').textContent !== l, leverage);
  assert.equal(await page.locator('#steps tbody tr').count(), 3);
  assert.notEqual(await chartPixels(page), pixels);
  assert.equal(await page.locator('#preset').inputValue(), '', 'an edit leaves the preset');
  assert.deepEqual(page.problems, []);
});

test('an edit is computed in its own input event, with the panels that follow the loop; more edits in that frame are computed once, in the frame', async () => {
  const page = await open();
  const seen = await page.evaluate(async () => {
    const loops = [];
    document.addEventListener('calc-result', (e) => e.target.dataset.panel === 'loop' && loops.push(e.detail.input.equity));
    const following = () => document.querySelector('#dp-following').textContent;
    const before = following();
    const field = document.querySelector('#equity');
    const edit = (value, type = 'input') => {
      field.value = value;
      field.dispatchEvent(new Event(type, { bubbles: true }));
    };
    edit('23');
    const atOnce = { loops: [...loops], followed: following() !== before };
    edit('23', 'change'); // the change event after the edit: nothing new to compute
    const afterChange = [...loops];
    for (const value of ['24', '25', '26']) edit(value); // a slider dragged within one frame
    const sameFrame = [...loops];
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    return { atOnce, afterChange, sameFrame, inFrame: [...loops] };
  });
  assert.deepEqual(seen.atOnce, { loops: ['23'], followed: true });
  assert.deepEqual(seen.afterChange, ['23']);
  assert.deepEqual(seen.sameFrame, ['23']);
  assert.deepEqual(seen.inFrame, ['23', '26']);
  assert.deepEqual(page.problems, []);
});

test('the address is written once the input settles, not on every keystroke', async () => {
  const page = await open();
  await page.waitForFunction(() => /[#&]e=10(&|$)/.test(location.hash));
  const writes = await page.evaluate(async () => {
    let n = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => (n++, replace(...args));
    const field = document.querySelector('#equity');
    for (const value of ['1', '12', '123', '12', '1', '17']) {
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 40));
    }
    const during = n;
    const stale = location.hash;
    await new Promise((r) => setTimeout(r, 600));
    return { during, stale, after: n, hash: location.hash };
  });
  assert.equal(writes.during, 0, 'no write while typing');
  assert.match(writes.stale, /[#&]e=10(&|$)/);
  assert.ok(writes.after >= 1 && writes.after <= 2, `${writes.after} writes`);
  assert.match(writes.hash, /[#&]e=17(&|$)/);
  assert.match(writes.hash, /[#&]dp=/, 'the probability panel\'s fields are merged in');
  assert.deepEqual(page.problems, []);
});

test('"Copy link" copies the scenario on screen at once, even before the address has caught up', async () => {
  const page = await open();
  await page.evaluate(() => {
    globalThis.copied = [];
    navigator.clipboard.writeText = async (text) => void globalThis.copied.push(text);
  });
  await page.fill('#equity', '33');
  await page.fill('#loops', '3');
  await page.click('#copy-link');
  await page.waitForFunction(() => globalThis.copied.length === 1);
  const [link] = await page.evaluate(() => globalThis.copied);
  assert.match(link, /[#&]e=33(&|$)/);
  assert.match(link, /[#&]n=3(&|$)/);
  assert.equal(await text(page, '#copy-status'), 'Link copied.');
  const results = await text(page, '#loop-results .figures');
  const copy = await open(new URL(link).hash);
  assert.equal(await copy.locator('#equity').inputValue(), '33');
  assert.equal(await text(copy, '#loop-results .figures'), results);
  assert.deepEqual([...page.problems, ...copy.problems], []);
});

test('leaving the page right after an edit keeps the edit in its history entry', async () => {
  const page = await open();
  const pending = await page.evaluate(async () => {
    const field = document.querySelector('#equity');
    field.value = '44';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); // computed, not yet written
    return location.hash;
  });
  assert.doesNotMatch(pending, /[#&]e=44(&|$)/, 'the address waits for the input to settle');
  await page.evaluate(() => (location.href = 'about:blank'));
  await page.waitForURL('about:blank');
  await page.goBack();
  assert.match(page.url(), /[#&]e=44(&|$)/);
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.locator('#equity').inputValue(), '44');
  assert.deepEqual(page.problems, []);
});

test('the URL reproduces the scenario', async () => {
  const page = await open();
  await page.selectOption('#preset', 'rseth-aave-emode');
  await page.fill('#equity', '42');
  await page.check('input[name="m"][value="target"]');
  await page.fill('#target-leverage', '7.5');
  await page.waitForFunction(() => document.querySelector('#r-leverage').textContent === '7.50×');
  // The address follows once the input has settled (a fraction of a second).
  await page.waitForFunction(() => /[#&]tl=7\.5(&|$)/.test(location.hash));
  const url = page.url();
  assert.match(url, /#v=1&/);
  const results = await text(page, '#loop-results .figures');
  const copy = await open(new URL(url).hash);
  assert.equal(await copy.locator('#equity').inputValue(), '42');
  assert.equal(await copy.locator('input[name="m"][value="target"]').isChecked(), true);
  assert.equal(await text(copy, '#loop-results .figures'), results);
  assert.deepEqual([...page.problems, ...copy.problems], []);
});

test('an invalid input shows an error by its field and keeps the last result', async () => {
  const page = await open();
  const leverage = await text(page, '#r-leverage');
  await page.fill('#max-ltv', 'abc');
  const error = page.locator('#max-ltv').locator('xpath=..').locator('p.error');
  await error.waitFor();
  assert.match(await error.textContent(), /expected a number or a decimal string/);
  assert.equal(await page.locator('#max-ltv').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#stale').isVisible(), true);
  assert.equal(await text(page, '#r-leverage'), leverage, 'the last good result stays');
  await page.fill('#max-ltv', '99');
  await page.waitForFunction(() => /must not exceed liquidation threshold \(95 %\), got 99 %/.test(document.querySelector('p.error')?.textContent));
  await page.fill('#max-ltv', '90');
  await page.waitForFunction(() => !document.querySelector('p.error[data-for]'));
  assert.equal(await page.locator('#stale').isVisible(), false);
  assert.deepEqual(page.problems, []);
});

test('a hostile or stale hash gives the default scenario, never markup', async () => {
  const page = await open('#v=1&e=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&o=evil&p=%3Cb%3E');
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('input[name="o"]:checked').count(), 1);
  // The odd equity text is shown as text and reported by its field.
  assert.match(await page.locator('#equity').locator('xpath=..').locator('p.error').textContent(), /expected a number/);
  const stale = await open('#v=0&e=5');
  assert.equal(await stale.locator('#preset').inputValue(), 'weeth-aave-emode');
  assert.deepEqual(page.problems.filter((p) => !p.startsWith('console')), []);
});

test('axe finds no WCAG 2 A/AA violation', async () => {
  const page = await open('', { bypassCSP: true });
  assert.deepEqual(await axeViolations(page), []);
});

test('it fits a phone screen and works with the keyboard', async () => {
  const page = await open('', { width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await page.focus('#equity');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('20');
  await page.waitForFunction(() => /20(\.0+)? ETH/.test(document.querySelector('#r-equity').textContent) || document.querySelector('#r-position').textContent.includes('tokens'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'exchange-rate');
  assert.deepEqual(page.problems, []);
});
