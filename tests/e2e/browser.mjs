// Shared set-up of the browser tests: serve the site (build/site, what
// scripts/build.sh makes of www/) on a free loopback port,
// drive the system Chromium with playwright-core (no browser download), and
// record what a test must never see: console errors, page errors, and any
// request that leaves the page's own origin.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serve } from '../../scripts/serve.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export async function startBrowser(root = 'build/site', { isolated = false } = {}) {
  const server = await serve(root, 0, { isolated });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    origin,
    browser,
    /** A fresh page with its problems recorded in `page.problems`. */
    async page({ width = 1280, height = 900, bypassCSP = false } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP });
      const page = await context.newPage();
      page.problems = [];
      page.on('console', (m) => m.type() === 'error' && page.problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') page.problems.push(`request left the origin: ${r.url()}`);
      });
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** Runs axe-core's WCAG 2 A/AA rules on the page; returns the violations. */
export async function axeViolations(page) {
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}
