// The site as it is served, build/site: www/ with its modules bundled and
// minified by esbuild, its style sheets minified, everything else copied.
//
// The modules are bundled from the pages' entry points with code splitting,
// so that no module is ever instantiated twice: each entry keeps its path
// (app.js, embed.js, restake-calc.js, …), code shared between entries goes
// to chunks/, and the wasm-bindgen glue (pkg/restake_calc.js, which finds its
// .wasm by its own URL) stays a file of its own. index.html and embed.html
// get their modulepreload links rewritten to the bundles their script
// imports. Fewer, larger files compress better: the page's scripts are 82
// KB gzipped as written, 61 minified file by file, 52 bundled (the first
// result's: 16 KB in 6 files instead of 18 in 14).
//
// There are no source maps (their links alone would cost 0.7 KB gzipped of
// a tight budget): to debug, serve the readable sources, `node
// scripts/serve.mjs www`. `make serve`, the browser tests, the size budget
// and make bench all use build/site.
//   node scripts/build-site.mjs [from=www] [to=build/site]
import { build, transformSync } from 'esbuild';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The modules the browser is pointed at by a path, which keep that path:
 *  the pages' module scripts, the element's script (loaded by articles), the
 *  Web Worker (started by `new URL`, which esbuild does not follow) and the
 *  panels imported once the first result is painted. */
const ENTRIES = ['app.js', 'embed.js', 'restake-calc.js', 'demo.js', 'workers/simulation.js', 'panels/later.js'];
/** Pages whose modulepreload links name their module script's imports. */
const PAGES = ['index.html', 'embed.html'];
/** Left out of the bundles: the wasm-bindgen glue and what it imports. */
const OWN_FILE = /(^|\/)pkg\//;

/** References from a module to other files: static imports and re-exports,
 *  import() and new URL(…, import.meta.url); minified code included. */
const REFERENCES = [
  /\b(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

const filesIn = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));

/** Bundles ENTRIES of `from` into `to`; returns esbuild's metafile. */
async function bundle(from, to) {
  const keepOwnFile = {
    name: 'keep-wasm-glue',
    setup(b) {
      b.onResolve({ filter: /^\./ }, ({ path, resolveDir }) => {
        const file = relative(from, resolve(resolveDir, path));
        // The importer keeps its path (an entry), so its reference still holds;
        // checked below for every reference of every output.
        return OWN_FILE.test(file.split(sep).join('/')) ? { path, external: true } : undefined;
      });
    },
  };
  const { metafile } = await build({
    entryPoints: ENTRIES.map((e) => join(from, e)),
    outdir: to,
    outbase: from,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    charset: 'utf8',
    metafile: true,
    plugins: [keepOwnFile],
    logLevel: 'warning',
  });
  return metafile;
}

/** The site-relative paths a page's module `script` imports statically,
 *  directly or not, per esbuild's metafile (the glue is an external import). */
function staticImports(metafile, to, script) {
  const cwd = process.cwd();
  const key = (file) => relative(cwd, join(to, file));
  const seen = new Set();
  const visit = (file) => {
    for (const i of metafile.outputs[key(file)]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue;
      const next = i.external ? relative(to, resolve(dirname(join(to, file)), i.path)) : relative(to, resolve(cwd, i.path));
      if (!seen.has(next)) {
        seen.add(next);
        visit(next);
      }
    }
  };
  visit(script);
  return [...seen].map((f) => f.split(sep).join('/'));
}

/** `page`'s modulepreload links replaced by one per module its script imports. */
function rewritePreloads(metafile, to, page) {
  const file = join(to, page);
  const html = readFileSync(file, 'utf8');
  const script = html.match(/<script type="module" src="([^"]+)"/)?.[1];
  const links = [...html.matchAll(/^[ \t]*<link rel="modulepreload" href="[^"]*">\n/gm)];
  if (!script || links.length === 0) throw new Error(`build-site: ${page} has no module script or no modulepreload links`);
  const indent = links[0][0].match(/^[ \t]*/)[0];
  const wanted = staticImports(metafile, to, script).map((href) => `${indent}<link rel="modulepreload" href="${href}">\n`).join('');
  let out = html.replace(links[0][0], wanted);
  for (const link of links.slice(1)) out = out.replace(link[0], '');
  writeFileSync(file, out);
}

/** Throws unless every reference of every module in `to` names a file there. */
function checkReferences(to) {
  for (const file of filesIn(to).filter((f) => f.endsWith('.js') && !f.includes(`${sep}vendor${sep}`))) {
    const code = readFileSync(file, 'utf8');
    for (const pattern of REFERENCES) {
      for (const [, ref] of code.matchAll(pattern)) {
        // (new URL takes any relative reference; an import, only ./ or ../)
        if (pattern === REFERENCES[2] ? /^([a-z]+:|\/)/i.test(ref) : !ref.startsWith('.')) {
          throw new Error(`build-site: ${relative(to, file)} refers to "${ref}": only relative references load`);
        }
        if (!existsSync(resolve(dirname(file), ref))) throw new Error(`build-site: ${relative(to, file)} refers to ${ref}, which is not in the site`);
      }
    }
  }
}

/** A module (rather than a classic script, whose top-level names are
 *  globals other scripts may use, so must keep): it imports or exports. */
const isModule = (code) => /^\s*(?:import|export)\b/m.test(code);

/** Scripts and style sheets of `dir` that are not minified already. */
const sources = (dir) => filesIn(dir).filter((f) => /\.(js|css)$/.test(f) && !/\.min\.(js|css)$/.test(f));
const bytes = (files) => files.reduce((n, f) => n + readFileSync(f).length, 0);

/** Writes the site of `from` into `to` (emptied first); returns the scripts'
 *  and style sheets' bytes before and after. */
export async function buildSite(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, dereference: true });
  const metafile = await bundle(from, to);
  // The copies of the modules now inside a bundle go.
  const outputs = new Set(Object.keys(metafile.outputs).map((f) => resolve(f)));
  for (const input of Object.keys(metafile.inputs)) {
    const copy = join(to, relative(from, resolve(input)));
    if (!outputs.has(copy)) rmSync(copy, { force: true });
  }
  for (const page of PAGES) rewritePreloads(metafile, to, page);
  // The rest on its own: style sheets, the glue, classic scripts.
  for (const file of sources(to).filter((f) => !outputs.has(f))) {
    const code = readFileSync(file, 'utf8');
    const css = extname(file) === '.css';
    const format = !css && isModule(code) ? 'esm' : undefined;
    writeFileSync(file, transformSync(code, { loader: css ? 'css' : 'js', minify: true, format, target: 'es2022', charset: 'utf8' }).code);
  }
  checkReferences(to);
  return { before: bytes(sources(from)), after: bytes(sources(to)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const [from = join(root, 'www'), to = join(root, 'build/site')] = process.argv.slice(2);
  const { before, after } = await buildSite(resolve(from), resolve(to));
  console.log(`[build] ${relative(root, resolve(to))}: scripts and styles bundled and minified, ${before} -> ${after} bytes`);
}
