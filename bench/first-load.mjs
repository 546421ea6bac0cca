// The files a browser fetches to show the page the first time, found
// statically (no browser): index.html, what its <link> and <script> tags
// name, every module those import (import … from, new URL('…',
// import.meta.url) for the wasm and the worker), and, for the whole page,
// the modules loaded with import(…) of a literal (the panels mounted after
// the first result is painted) and what they import in turn. Without those,
// the files of the first result: what a reader waits for. Shared by the size
// budget test (deterministic) and make bench (which checks it against what
// Chromium actually requested).
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';

const ATTR = /<(?:link|script)\b[^>]*\b(?:href|src)="([^"#?:]+)"/g;
// Written for minified code too (`import{a as b}from"./c.js"`), and for
// re-exports (`export … from`).
const STATIC_IMPORTS = [
  /\b(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?['"]([^'"]+)['"]/g,
  /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative paths (from `root`) of the first-load files, in discovery order:
 *  the whole page, or with `{ firstResult: true }` only what the first
 *  result needs (no import(…)). */
export function firstLoadFiles(root, { firstResult = false } = {}) {
  const IMPORTS = firstResult ? STATIC_IMPORTS : [...STATIC_IMPORTS, DYNAMIC_IMPORT];
  const seen = new Set(['index.html']);
  const queue = [];
  const add = (from, ref) => {
    if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) return; // other origins: none expected
    const file = relative(root, resolve(dirname(join(root, from)), ref));
    if (!seen.has(file)) {
      seen.add(file);
      queue.push(file);
    }
  };
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  for (const [, ref] of html.matchAll(ATTR)) add('index.html', ref);
  while (queue.length) {
    const file = queue.shift();
    if (!file.endsWith('.js') || !existsSync(join(root, file))) continue;
    const text = readFileSync(join(root, file), 'utf8');
    for (const pattern of IMPORTS) for (const [, ref] of text.matchAll(pattern)) add(file, ref);
  }
  return [...seen];
}

/** Raw and gzip -9 bytes of each first-load file, and the totals. */
export function firstLoadBytes(root, options) {
  const files = firstLoadFiles(root, options).map((file) => {
    const body = readFileSync(join(root, file));
    return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total };
}
