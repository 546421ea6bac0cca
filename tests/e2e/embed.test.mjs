// Embedding: the <restake-calc> element in the demo article, the iframe embed
// sizing itself, the Embed/Save buttons, hostile links, and the theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, startBrowser } from './browser.mjs';

let env;
before(async () => (env = await startBrowser()));
after(async () => env?.close());

/** The text of `selector` inside the shadow root of the element `host`. */
const inside = (page, host, selector) =>
  page.locator(host).evaluate((el, sel) => el.shadowRoot.querySelector(sel)?.textContent ?? null, selector);

async function demo(options) {
  const page = await env.page(options);
  await page.goto(`${env.origin}/demo.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('restake-calc')].every((el) => el.shadowRoot?.querySelector('#r-leverage')?.textContent.endsWith('×')));
  return page;
}

test('the element renders in article prose and fires change events the text follows', async () => {
  const page = await demo();
  assert.match(await inside(page, '#main-calc', '#r-leverage'), /^\d+\.\d\d×$/);
  await page.waitForFunction(() => /leverage this loop earns/.test(document.getElementById('live-sentence').textContent));
  // The article's serif font does not leak in; the element's styles do not leak out.
  const fonts = await page.evaluate(() => [getComputedStyle(document.body).fontFamily, getComputedStyle(document.querySelector('#main-calc').shadowRoot.querySelector('.figures')).fontFamily]);
  assert.match(fonts[0], /Georgia/);
  assert.doesNotMatch(fonts[1], /Georgia/);
  assert.deepEqual(page.problems, []);
});

test('attribute changes update the element live; two elements stay independent', async () => {
  const page = await demo();
  const compactBefore = await inside(page, '#compact-calc', '#r-leverage');
  await page.evaluate(() => document.getElementById('main-calc').setAttribute('loops', '1'));
  await page.waitForFunction(() => document.querySelector('#main-calc').shadowRoot.querySelector('#r-leverage').textContent === '1.93×');
  assert.match(await page.locator('#live-sentence').textContent(), /1\.93× leverage/);
  assert.equal(await inside(page, '#compact-calc', '#r-leverage'), compactBefore, 'the other element did not change');
  await page.evaluate(() => document.getElementById('main-calc').setAttribute('preset', 'ezeth-morpho-86'));
  await page.waitForFunction(() => /market price/.test(document.querySelector('#main-calc').shadowRoot.querySelector('#oracle-explainer').textContent));
  // compact shows results only.
  const formShown = await page.locator('#compact-calc').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('form.inputs')).display);
  assert.equal(formShown, 'none');
  assert.deepEqual(page.problems, []);
});

test('in an element with every panel, a portfolio loop follows the element\'s own loop panel', async () => {
  const page = await demo();
  await page.evaluate(() => {
    const el = Object.assign(document.createElement('restake-calc'), { id: 'all-calc' });
    el.setAttribute('panel', 'all');
    document.body.append(el);
  });
  // Playwright's CSS selectors pierce the open shadow root.
  const cell = '#all-calc #pf-breakdown tbody tr:nth-child(1) td:nth-child(3)';
  await page.locator('#all-calc #pf-positions > li:nth-child(1) [data-part="scenario"]').selectOption('panel');
  await page.waitForFunction(() => /loop panel/.test(document.querySelector('#all-calc').shadowRoot.querySelector('#pf-breakdown tbody tr th')?.textContent));
  const before = await page.locator(cell).textContent();
  await page.locator('#all-calc #equity').fill('20');
  await page.waitForFunction(
    (b) => document.querySelector('#all-calc').shadowRoot.querySelector('#pf-breakdown tbody tr:nth-child(1) td:nth-child(3)').textContent !== b,
    before,
  );
  // 20 ETH of capital less what the loop's 0.05 % swap cost took to build it.
  assert.match(await page.locator(cell).textContent(), /^19\.9\d+$/);
  assert.deepEqual(page.problems, []);
});

test('one wasm instance serves every element on the page', async () => {
  const page = await env.page();
  const wasmRequests = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasmRequests.push(r.url()));
  await page.goto(`${env.origin}/demo.html`);
  await page.waitForFunction(() => document.querySelector('#compact-calc').shadowRoot?.querySelector('#r-leverage')?.textContent.endsWith('×'));
  // One fetch for both elements; the iframe is a separate document with its own.
  const fromDemo = wasmRequests.length;
  assert.ok(fromDemo <= 2, `${fromDemo} .wasm requests`);
});

test('the iframe sizes itself to its content through postMessage', async () => {
  const page = await demo();
  const frame = page.locator('iframe[data-restake-calc]');
  await page.waitForFunction(() => {
    const f = document.querySelector('iframe[data-restake-calc]');
    return f.style.height && Math.abs(parseFloat(f.style.height) - f.contentDocument.documentElement.getBoundingClientRect().height) < 2;
  });
  const height = await frame.evaluate((f) => parseFloat(f.style.height));
  assert.ok(height > 600, `iframe height ${height}`);
  // Messages from elsewhere are ignored.
  await page.evaluate(() => window.postMessage({ type: 'restake-calc:height', height: 77 }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await frame.evaluate((f) => parseFloat(f.style.height)), height);
  assert.deepEqual(page.problems, []);
});

test('Embed this gives both snippets for the scenario on screen', async () => {
  const page = await env.page();
  await page.goto(`${env.origin}/#v=1&e=33&n=4`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.click('#embed-open');
  const element = await page.locator('#embed-element').inputValue();
  const iframe = await page.locator('#embed-iframe').inputValue();
  assert.match(element, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/restake-calc\.js"><\/script>/);
  assert.match(element, /<restake-calc panel="loop"[^>]* equity="33"[^>]* loops="4"/);
  assert.match(iframe, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html\?panel=loop#v=1&amp;e=33/);
  await page.click('#embed-close');
  assert.deepEqual(page.problems, []);
});

test('a hostile link is rejected harmlessly, with a notice', async () => {
  const page = await env.page();
  await page.addInitScript(() => (window.pwned = false));
  const hostile = `#v=1&o=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3Dtrue%22%3E&p=nope&e=${'9'.repeat(60)}`;
  await page.goto(`${env.origin}/${hostile}`);
  await page.waitForSelector('html[data-ready="true"]');
  const notice = page.locator('#link-notice');
  assert.equal(await notice.isVisible(), true);
  assert.match(await notice.textContent(), /not valid and were left at their defaults: o, p, e/);
  assert.equal(await page.evaluate(() => window.pwned), false);
  assert.equal(await page.locator('#loop img').count(), 0);
  const wrongVersion = await env.page();
  await wrongVersion.goto(`${env.origin}/#v=999&e=5`);
  await wrongVersion.waitForSelector('html[data-ready="true"]');
  assert.match(await wrongVersion.locator('#link-notice').textContent(), /another version/);
  assert.equal(await wrongVersion.locator('#equity').inputValue(), '10');
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG 2 A/AA violation on the demo and the embed, ${scheme}`, async () => {
    const page = await env.page({ bypassCSP: true });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${env.origin}/embed.html?panel=loop`);
    await page.waitForSelector('html[data-ready="true"]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scheme), scheme);
    assert.deepEqual(await axeViolations(page), []);
    const article = await env.page({ bypassCSP: true });
    await article.emulateMedia({ colorScheme: scheme });
    await article.goto(`${env.origin}/demo.html`);
    await article.waitForFunction(() => document.querySelector('#main-calc').shadowRoot?.querySelector('#r-leverage')?.textContent.endsWith('×'));
    assert.deepEqual(await axeViolations(article), []);
  });
}

test('the theme choice switches the page and its charts to dark', async () => {
  const page = await env.page();
  await page.goto(`${env.origin}/`);
  await page.waitForSelector('html[data-ready="true"]');
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.selectOption('#theme', 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.scheme), 'dark');
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(dark, light);
  assert.equal(await page.locator('#depeg-chart canvas').count(), 1, 'the chart was rebuilt, not duplicated');
  assert.deepEqual(page.problems, []);
});
