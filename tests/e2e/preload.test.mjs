// The pages name the modules they need in <link rel="modulepreload">, so
// that the browser fetches them all at once instead of one level of imports
// per round trip: every module of their script's static import graph (the
// first load), and on the main page, at low priority, the modules the other
// panels load with import() once the first result is painted. The lists are
// checked against the graphs read from the sources: a module added, removed
// or renamed without its link fails here, so they cannot go stale. Static:
// no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../www');

/** Static imports and re-exports of a module's source. */
const STATIC = /^\s*(?:import|export)\s+(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/gm;
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

/** The page's module scripts and its modulepreload links by priority (paths relative to www/). */
function pageLinks(page) {
  const html = read(page);
  const attr = (tag, name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
  const tags = (name) => [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map(([tag]) => tag);
  const scripts = tags('script').filter((t) => attr(t, 'type') === 'module').map((t) => attr(t, 'src'));
  const preloads = tags('link').filter((t) => attr(t, 'rel') === 'modulepreload');
  const href = (t) => attr(t, 'href');
  return {
    scripts,
    all: preloads.map(href),
    first: preloads.filter((t) => attr(t, 'fetchpriority') !== 'low').map(href),
    later: preloads.filter((t) => attr(t, 'fetchpriority') === 'low').map(href),
  };
}

/** `later`: whether the page preloads the panels it mounts after the first
 *  result (the main page mounts them all; an embed shows one or two). */
for (const { page, later } of [{ page: 'index.html', later: true }, { page: 'embed.html', later: false }]) {
  test(`${page} preloads exactly the import graph of its module script`, () => {
    const links = pageLinks(page);
    assert.equal(links.scripts.length, 1, 'one module script');
    const [entry] = links.scripts;
    const first = staticGraph(entry);
    first.delete(entry); // the script itself is found by the parser at once
    const afterwards = laterGraph(entry);
    assert.ok(first.size > 5 && afterwards.size > 5, `${first.size} + ${afterwards.size} modules: the graph was read`);
    assert.deepEqual(links.all.filter((p, i) => links.all.indexOf(p) !== i), [], 'no module preloaded twice');
    const differ = (have, want) => ({ missing: [...want].filter((m) => !have.includes(m)), extra: have.filter((m) => !want.has(m)) });
    const none = { missing: [], extra: [] };
    assert.deepEqual(differ(links.first, first), none, `${page}: the first-load preloads and the static import graph of ${entry} differ`);
    assert.deepEqual(differ(links.later, later ? afterwards : new Set()), none, `${page}: the low-priority preloads and the modules loaded with import() differ`);
    for (const p of links.all) assert.ok(existsSync(join(root, p)), `${p} exists`);
  });
}

test('the graph reader sees every form of import in use', () => {
  const first = staticGraph('app.js');
  for (const m of ['pkg/restake_calc.js', 'panels/index.js', 'panels/loop.html.js', 'lib/messages.js']) assert.ok(first.has(m), m);
  assert.ok(!first.has('panels/depeg.js'), 'the other panels are loaded with import()');
  const later = laterGraph('app.js');
  for (const m of ['panels/depeg.js', 'panels/depeg.html.js', 'lib/rows.js']) assert.ok(later.has(m), m);
  assert.ok(![...first, ...later].includes('workers/simulation.js'), 'the worker is started with new URL(), not imported');
});
