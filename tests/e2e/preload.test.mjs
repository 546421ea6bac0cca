// The pages name every module of their script's static import graph in a
// <link rel="modulepreload">, so that the browser fetches the first load's
// modules all at once instead of one level of imports per round trip; the
// modules loaded later with import() (the panels mounted after the first
// result) are not preloaded, so that they do not compete with it. The list is
// checked against the graph read from the sources: a module added, removed or
// renamed without its link fails here, so the list cannot go stale. Checked
// in the sources (www/) and in the site as served (build/site, whose
// bundles scripts/build-site.mjs links). Static: no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const www = resolve(import.meta.dirname, '../../www');
const site = resolve(import.meta.dirname, '../../build/site');
let root = www;

/** Static imports and re-exports of a module, minified or not. */
const STATIC = /\b(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?['"]([^'"]+)['"]/g;
/** import() of a literal. */
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

const read = (file) => readFileSync(join(root, file), 'utf8');
const target = (from, ref) => {
  assert.ok(ref.startsWith('.'), `${from} imports "${ref}": the page has no import map, only relative imports load`);
  return relative(root, resolve(dirname(join(root, from)), ref));
};

/** Every module reached from `entries` by static imports, as paths relative to www/. */
function staticGraph(...entries) {
  const seen = new Set(entries);
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift();
    for (const [, ref] of read(file).matchAll(STATIC)) {
      const next = target(file, ref);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The modules that `entry`'s graph loads later, with import(): their own
 *  static graphs, less what the first load has already. */
function laterGraph(entry) {
  const first = staticGraph(entry);
  const later = new Set();
  const queue = [...first];
  while (queue.length) {
    const file = queue.shift();
    for (const [, ref] of read(file).matchAll(DYNAMIC)) {
      for (const m of staticGraph(target(file, ref))) {
        if (first.has(m) || later.has(m)) continue;
        later.add(m);
        queue.push(m);
      }
    }
  }
  return later;
}

/** The page's module scripts and its modulepreload links (paths relative to www/). */
function pageLinks(page) {
  const html = read(page);
  const attr = (tag, name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
  const tags = (name) => [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map(([tag]) => tag);
  const scripts = tags('script').filter((t) => attr(t, 'type') === 'module').map((t) => attr(t, 'src'));
  const preloads = tags('link').filter((t) => attr(t, 'rel') === 'modulepreload').map((t) => attr(t, 'href'));
  return { scripts, preloads };
}

for (const [dir, page] of [www, site].flatMap((dir) => ['index.html', 'embed.html'].map((page) => [dir, page]))) {
  test(`${relative(resolve(www, '..'), dir)}/${page} preloads exactly the static import graph of its module script`, () => {
    root = dir;
    const { scripts, preloads } = pageLinks(page);
    assert.equal(scripts.length, 1, 'one module script');
    const [entry] = scripts;
    const first = staticGraph(entry);
    first.delete(entry); // the script itself is found by the parser at once
    assert.ok(first.size >= 3, `${first.size} modules: the graph was read`);
    assert.deepEqual(preloads.filter((p, i) => preloads.indexOf(p) !== i), [], 'no module preloaded twice');
    // wasm-bindgen's JS snippets (pkg/snippets/<crate>-<hash>/) are named by
    // the build: requested as soon as pkg/restake_calc.js is parsed (443 bytes
    // gzipped), not named in the page.
    const generated = (m) => m.startsWith('pkg/snippets/');
    const missing = [...first].filter((m) => !preloads.includes(m) && !generated(m));
    const extra = preloads.filter((m) => !first.has(m));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${page}: the modulepreload links and the static import graph of ${entry} differ`);
    for (const p of preloads) assert.ok(existsSync(join(root, p)), `${p} exists`);
  });
}

test('the graph reader sees every form of import in use; the panels after the first are loaded later', () => {
  root = www;
  const first = staticGraph('app.js');
  for (const m of ['pkg/restake_calc.js', 'panels/index.js', 'panels/loop.js', 'panels/loop.html.js', 'lib/messages.js']) assert.ok(first.has(m), m);
  const later = laterGraph('app.js');
  for (const m of ['panels/depeg.js', 'panels/depeg.html.js', 'panels/portfolio.js', 'lib/rows.js']) assert.ok(later.has(m) && !first.has(m), m);
  assert.ok(![...first, ...later].includes('workers/simulation.js'), 'the worker is started with new URL(), not imported');
});
