// Hostile input through every path into the page (issue 7 §4): every text
// field of every panel (pasted returns too), the URL hash (malformed, markup, 2 MB at the
// navigation limit, 10 MB through the page's own reader), and scenario files
// (not JSON, markup, prototype keys, oversized). Nothing may execute, no
// markup may appear, the page stays usable (restoring the values gives the
// first results back) and the console stays clean.
//
// Markup would be stopped twice: by the text-only DOM writes, and by the CSP
// ('unsafe-inline' is absent, so an injected onerror could not run). To test
// the first on its own, the execution checks run with the CSP bypassed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './browser.mjs';
import { readHash } from '../../www/lib/form.js';

let env;
before(async () => (env = await startBrowser()));
after(async () => env?.close());

/** Markup that sets `window.__pwned` if it is ever parsed as HTML or run as a URL. */
const MARKUP = [
  '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">',
  '"><svg onload="window.__pwned=1"></svg>',
  'javascript:window.__pwned=1',
];
const NUMBERS = ['1e308', '-1e308', '-0', '5e-324', 'NaN', 'Infinity', '0x1p3', '1e999', '٣', ' ', '__proto__'];
const HUGE = '9'.repeat(200_000);

async function open(hash = '', { bypassCSP = true } = {}) {
  const page = await env.page({ bypassCSP });
  await page.addInitScript(() => {
    window.__pwned = 0;
  });
  await page.goto(`${env.origin}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  return page;
}

/** Waits for the page to react: two frames (the panels recompute on the next one). */
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Nothing ran and no element came from the payloads. */
async function assertInert(page, what) {
  assert.equal(await page.evaluate(() => window.__pwned), 0, `${what}: a payload ran`);
  const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length);
  assert.equal(injected, 0, `${what}: a payload became markup`);
}

/** The text fields the user can type in, per form. */
async function textFields(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main form')].map((form) => ({
      form: form.id,
      fields: [...form.querySelectorAll('input, textarea')]
        .filter((el) => (el.type === 'text' || el.tagName === 'TEXTAREA') && !el.readOnly && !el.disabled && el.getClientRects().length > 0)
        .map((el) => el.id),
    })),
  );
}

/** The visible result figures and tables of the page, as text. */
const results = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main output, main [id^="r-"], main [id^="k-"], main [id^="y-"], main [id^="c-"], main [id^="s-"]')]
      .filter((el) => !el.closest('#probability') && (!el.closest('form') || el.tagName === 'OUTPUT'))
      .map((el) => `${el.id}=${el.textContent.trim()}`)
      .join('\n'),
  );

test('every text field takes markup, extreme numbers and 200 KB of text harmlessly, and recovers', async () => {
  const page = await open();
  const forms = await textFields(page);
  assert.ok(forms.length >= 8, `only ${forms.length} forms`);
  const fieldCount = forms.reduce((n, f) => n + f.fields.length, 0);
  assert.ok(fieldCount >= 40, `only ${fieldCount} text fields`);
  // The deterministic panels' figures (not the Monte Carlo's, which reruns).
  const before = await results(page);
  for (const { form, fields } of forms) {
    for (const [i, id] of fields.entries()) {
      const field = page.locator(`#${id}`);
      const original = await field.inputValue();
      // Every payload in each form's first field, the sharpest ones in the rest.
      const values = i === 0 ? [...MARKUP, ...NUMBERS, HUGE] : [MARKUP[0], '1e308', '-0', HUGE];
      for (const value of values) {
        await field.fill(value);
        await settle(page);
      }
      await assertInert(page, `#${id} in #${form}`);
      await field.fill(original);
    }
  }
  await settle(page);
  // Usable again: no error left, no result marked stale, the first results back.
  await page.waitForFunction(() => !document.querySelector('main form p.error[data-for]'), null, { timeout: 15_000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('main [id$="-stale"], main #stale')].every((el) => el.getClientRects().length === 0 || /partial|earlier inputs/.test(el.textContent)),
    null,
    { timeout: 15_000 },
  );
  assert.equal(await results(page), before, 'restoring every field gives the first results back');
  await assertInert(page, 'the page');
  assert.deepEqual(page.problems, []);
});

test('every field shows an error for a hostile number by its field, as text', async () => {
  const page = await open();
  for (const { fields } of await textFields(page)) {
    for (const id of fields.filter((f) => !/label/.test(f))) {
      const field = page.locator(`#${id}`);
      const original = await field.inputValue();
      await field.fill('<b>1e308</b>');
      await page.waitForFunction(
        (fid) => {
          const el = document.getElementById(fid);
          return el.getAttribute('aria-invalid') === 'true' || document.querySelector('main .error[role="alert"]:not([hidden])');
        },
        id,
        { timeout: 5_000 },
      );
      assert.equal(await page.locator('main b').count(), 0, `#${id}: markup in an error`);
      await field.fill(original);
    }
  }
  await assertInert(page, 'the page');
  assert.deepEqual(page.problems, []);
});

test('hostile and malformed hashes give the defaults or a notice, never markup', async () => {
  const hashes = [
    `#v=1&e=${encodeURIComponent(MARKUP[0])}&o=${encodeURIComponent(MARKUP[1])}&p=${encodeURIComponent(MARKUP[2])}`,
    '#v=1&e=%E0%A4%A&lt=%ZZ&%=%',
    '#v=1&e=1e308&ml=-0&er=NaN&lt=Infinity',
    '#v=1&__proto__=x&constructor=y&toString=z&e=1&e=2',
    '#%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E',
    `#v=1&e=${'9'.repeat(5000)}`,
    // Near Chromium's 2 MB limit on a URL.
    `#v=1&e=${'A'.repeat(2_000_000)}`,
  ];
  for (const hash of hashes) {
    const page = await open(hash);
    await settle(page);
    await assertInert(page, hash.slice(0, 60));
    // Usable: a bad value is reported by its field; a preset and an equity then compute.
    const leverage = await page.locator('#r-leverage').textContent();
    const errors = await page.locator('#loop-form p.error[data-for]').count();
    assert.ok(/^\d+\.\d\d×$/.test(leverage) || errors > 0, `${hash.slice(0, 60)}: neither a result nor an error`);
    await page.selectOption('#preset', 'ezeth-morpho-86');
    await page.fill('#equity', '10');
    await page.waitForFunction(() => !document.querySelector('#loop-form p.error[data-for]') && /^\d+\.\d\d×$/.test(document.querySelector('#r-leverage').textContent));
    assert.deepEqual(page.problems, [], hash.slice(0, 60));
    await page.close();
  }
});

test('a 10 MB hash is refused by the page\'s reader at once, and a live hash change is harmless', async () => {
  // The reader itself (no browser takes a 10 MB address; the site bundles it,
  // so it is read from its source, in Node).
  const { problem } = readHash(`#v=1&e=${'9'.repeat(10_000_000)}`);
  assert.equal(problem, 'the link is too long');
  const page = await open();
  // Changing the hash while the page is open does not re-read it into the form.
  const equity = await page.locator('#equity').inputValue();
  await page.evaluate((h) => (location.hash = h), `v=1&e=${encodeURIComponent(MARKUP[0])}`);
  await settle(page);
  assert.equal(await page.locator('#equity').inputValue(), equity);
  await assertInert(page, 'hash change');
  assert.deepEqual(page.problems, []);
});

test('scenario files: not JSON, markup, prototype keys and oversized files are refused in plain words', async () => {
  const page = await open();
  const scenario = (loop) => JSON.stringify({ format: 'restake-calc scenario', version: 1, loop });
  const files = [
    ['not JSON', '{"format": ', /not JSON/],
    ['another format', JSON.stringify({ format: 'x', version: 1, loop: {} }), /not a restake-calc scenario/],
    ['loop not an object', JSON.stringify({ format: 'restake-calc scenario', version: 1, loop: [1] }), /loop: expected an object/],
    ['a nested value', scenario({ e: { toString: MARKUP[0] } }), /loop\.e: expected a number or a text/],
    ['markup values', scenario({ e: MARKUP[0], o: MARKUP[1], p: MARKUP[2] }), /not valid and were left as they were: e, o, p\.$/],
    ['a prototype key', `{"format":"restake-calc scenario","version":1,"loop":{"__proto__":{"e":"5"}}}`, /loop\.__proto__: expected a number or a text/],
    ['inherited names', scenario({ constructor: 'x', toString: 'y', e: '3' }), /^Scenario opened\.$/],
    ['70 KB', scenario({ e: '9'.repeat(70_000) }), /at most 64 KB/],
  ];
  for (const [what, content, expected] of files) {
    await page.setInputFiles('#import-json', { name: 'scenario.json', mimeType: 'application/json', buffer: Buffer.from(content) });
    await page.waitForFunction(() => document.querySelector('#copy-status').textContent !== '');
    const status = await page.locator('#copy-status').textContent();
    assert.match(status, expected, what);
    assert.ok(status.length < 400, `${what}: a status of ${status.length} characters`);
    await settle(page);
    await assertInert(page, what);
    await page.evaluate(() => (document.querySelector('#copy-status').textContent = ''));
  }
  // The markup equity was kept as text in its field, and reported by its field.
  assert.equal(await page.locator('#equity').inputValue(), '3');
  assert.equal(await page.evaluate(() => Object.prototype.e), undefined, 'no prototype pollution');
  // Still usable.
  await page.fill('#equity', '10');
  await page.waitForFunction(() => !document.querySelector('#loop-form p.error[data-for]'));
  assert.deepEqual(page.problems, []);
});

test('with the CSP in force, the hostile paths log no violation and no error', async () => {
  const page = await open(`#v=1&e=${encodeURIComponent(MARKUP[0])}`, { bypassCSP: false });
  for (const value of [...MARKUP, '1e308', HUGE]) {
    await page.fill('#equity', value);
    await settle(page);
  }
  await page.fill('#equity', '10');
  await page.waitForFunction(() => !document.querySelector('#loop-form p.error[data-for]'));
  await assertInert(page, 'CSP page');
  assert.deepEqual(page.problems, []);
});
