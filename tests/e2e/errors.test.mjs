// The error experience of every panel (issue 7 §5), field by field: for each
// text field of each form, an invalid entry shows a message next to that
// field (marked aria-invalid, in plain words: no path, no serde jargon), the
// last good result stays on screen unchanged and is marked stale; putting
// the value back clears the error and the mark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';

let env;
before(async () => (env = await startBrowser()));
after(async () => env?.close());

/** Each form, the mark its results get when stale, and the results it keeps. */
const FORMS = [
  { form: 'loop-form', stale: '#stale', results: '#loop-results .figures' },
  { form: 'yields-form', stale: '#yields-stale', results: '#yields-results' },
  { form: 'risk-form', stale: '#risk-stale', results: '#risk-results' },
  { form: 'slashing-form', stale: '#slashing-stale', results: '#slashing-form + dl.figures' },
  { form: 'shares-form', stale: '#shares-stale', results: '#shares-form + dl.figures' },
  { form: 'dp-liq-form', stale: '#dp-liq-stale', results: '#dp-liq-table' },
  { form: 'dp-cascade-form', stale: '#dp-cascade-stale', results: '#dp-cascade-results' },
  { form: 'dp-exit-form', stale: '#dp-exit-stale', results: '#dp-exit-results' },
  { form: 'prob-form', stale: '#prob-stale', results: '#prob-results .figures, #prob-results dl' },
  { form: 'pf-form', stale: '#pf-stale', results: '#pf-results dl.figures' },
];

/** Words of the serde or Rust layer, and operators, that must not reach a person. */
const JARGON = /unit value|sequence|\bmap\b|invalid type|variant|`|Decimal|f64|u32|struct|>=|<=|[a-z][A-Z]/;

async function open() {
  const page = await env.page();
  await page.addInitScript(() => {
    // The error message that describes a field (aria-describedby).
    window.describing = (f) => {
      const ids = (document.getElementById(f).getAttribute('aria-describedby') ?? '').split(/\s+/);
      return ids.map((d) => document.getElementById(d)).find((el) => el?.matches('p.error'))?.textContent ?? '';
    };
  });
  await page.goto(`${env.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  // The probability panel's first run, to its end.
  await page.waitForSelector('#probability[data-state="done"]', { timeout: 60_000 });
  return page;
}

/** The text of a form's results, without the stale mark. */
const resultsText = (page, selector) =>
  page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return null;
    const copy = root.cloneNode(true);
    copy.querySelectorAll('.stale').forEach((el) => el.remove());
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }, selector);

/** The error message the field is described by. */
const messageOf = (page, id) => page.evaluate((f) => window.describing(f), id);

const visible = (page, selector) => page.locator(selector).first().isVisible();

for (const { form, stale, results } of FORMS) {
  test(`#${form}: each invalid field is named in plain words; the last result stays, marked stale`, async () => {
    const page = await open();
    const fields = await page.evaluate(
      (id) =>
        [...document.getElementById(id).querySelectorAll('input')]
          .filter((el) => el.type === 'text' && !el.readOnly && !el.disabled && el.getClientRects().length > 0)
          .filter((el) => el.dataset.part !== 'label')
          .map((el) => ({ id: el.id, percent: el.hasAttribute('data-percent') })),
      form,
    );
    assert.ok(fields.length > 0, `no text field in #${form}`);
    assert.equal(await visible(page, stale), false, 'fresh results are not marked stale');
    const kept = await resultsText(page, results);
    assert.ok(kept && /\d/.test(kept), `#${form} has no results to keep: ${kept}`);
    for (const { id, percent } of fields) {
      const field = page.locator(`#${id}`);
      const original = await field.inputValue();
      // Not a number, then a number far out of range (in the field's own unit).
      for (const [typed, expected] of [['1,5 ETH', /"1,5 ETH"/], ['1e20', percent ? /100,000,000,000,000,000,000 %/ : /100,000,000,000,000,000,000/]]) {
        await field.fill(typed);
        await page.waitForFunction((f) => document.getElementById(f).getAttribute('aria-invalid') === 'true', id, { timeout: 10_000 });
        // The message of this value (not of the one before).
        await page
          .waitForFunction(([f, source]) => new RegExp(source).test(describing(f)), [id, expected.source], { timeout: 5_000 })
          .catch(() => {});
        const message = await messageOf(page, id);
        assert.ok(message.length > 0, `#${id}: no message described by the field`);
        assert.doesNotMatch(message, JARGON, `#${id}: ${message}`);
        assert.doesNotMatch(message, /^[\w.[\]]+: /, `#${id}: the message repeats a path: ${message}`);
        assert.match(message, expected, `#${id}: the message says what was typed, in the field's unit: ${message}`);
        assert.equal(await visible(page, stale), true, `#${id}: the results are not marked stale`);
        assert.equal(await resultsText(page, results), kept, `#${id}: the last result changed`);
      }
      await field.fill(original);
      await page.waitForFunction((f) => document.getElementById(f).getAttribute('aria-invalid') !== 'true', id, { timeout: 10_000 });
    }
    await page.waitForFunction((s) => !document.querySelector(s) || document.querySelector(s).getClientRects().length === 0 || document.querySelector(s).hidden, stale, { timeout: 30_000 });
    assert.deepEqual(page.problems, []);
  });
}
