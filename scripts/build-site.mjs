// The site as it is served: a copy of www/ with every script and style sheet
// minified by esbuild. Each file is
// minified on its own, so the paths and the module graph of the first result
// (and index.html's modulepreload list) stay those of www/; only
// panels/later.js, the panels mounted after the first result, becomes one
// file (they compress better together: 42 -> 35 KB gzipped). There are no
// source maps (their links alone would cost 0.7 KB gzipped of a tight
// budget): to debug, serve the readable sources, `node scripts/serve.mjs
// www`. `make serve`, the browser tests, the size budget and make bench all
// use build/site.
//   node scripts/build-site.mjs [from=www] [to=build/site]
import { build, transformSync } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstLoadFiles } from '../bench/first-load.mjs';

/** Modules bundled into one file each, at the same path. */
const BUNDLES = ['panels/later.js'];

/** A module (rather than a classic script, whose top-level names are
 *  globals other scripts may use, so must keep): it imports or exports. */
const isModule = (code) => /^\s*(?:import|export)\b/m.test(code);

/** `code` minified, or null for a file left as it is (already minified, or
 *  neither script nor style sheet). */
function minified(file, code) {
  const ext = extname(file);
  if (file.endsWith('.min.js') || file.endsWith('.min.css') || (ext !== '.js' && ext !== '.css')) return null;
  return transformSync(code, {
    loader: ext === '.css' ? 'css' : 'js',
    minify: true,
    // Modules may lose their top-level names (they are local to the module);
    // classic scripts keep theirs.
    format: ext === '.js' && isModule(code) ? 'esm' : undefined,
    target: 'es2022',
    charset: 'utf8',
  }).code;
}

/** Bundles `entry` (a path in `from`) into the same path in `to`, minified.
 *  A module the first result loads stays outside the bundle (imported from
 *  its own file), so that no module is ever instantiated twice; the bundled
 *  modules' own files are removed from `to`. */
async function bundle(from, to, entry) {
  const shared = new Set(firstLoadFiles(from, { firstResult: true }).map((f) => resolve(from, f)));
  const outfile = join(to, entry);
  const keepShared = {
    name: 'keep-shared-modules',
    setup(b) {
      b.onResolve({ filter: /^\./ }, ({ path, resolveDir }) => {
        const file = resolve(resolveDir, path);
        if (!shared.has(file)) return undefined;
        const ref = relative(dirname(outfile), join(to, relative(from, file)));
        return { path: ref.startsWith('.') ? ref : `./${ref}`, external: true };
      });
    },
  };
  const { metafile } = await build({
    entryPoints: [join(from, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    charset: 'utf8',
    metafile: true,
    plugins: [keepShared],
    logLevel: 'warning',
  });
  for (const input of Object.keys(metafile.inputs)) {
    const file = join(to, relative(from, resolve(input)));
    if (file !== outfile) rmSync(file, { force: true });
  }
}

/** Writes the site of `from` into `to` (emptied first); returns the minified
 *  files' sizes before and after. */
export async function buildSite(from, to) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, dereference: true });
  const sizes = { before: 0, after: 0 };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const code = readFileSync(path, 'utf8');
      const result = minified(relative(to, path), code);
      if (result === null) continue;
      writeFileSync(path, result);
      sizes.before += Buffer.byteLength(code);
      sizes.after += Buffer.byteLength(result);
    }
  };
  walk(to);
  for (const entry of BUNDLES) if (existsSync(join(from, entry))) await bundle(from, to, entry);
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const [from = join(root, 'www'), to = join(root, 'build/site')] = process.argv.slice(2);
  const { before, after } = await buildSite(resolve(from), resolve(to));
  console.log(`[build] ${relative(root, resolve(to))}: scripts and styles minified, ${before} -> ${after} bytes`);
}
