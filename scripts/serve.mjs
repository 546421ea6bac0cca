// A tiny static file server for www/ (no dependencies): the right MIME type
// for .wasm (so WebAssembly.instantiateStreaming works), loopback only.
//   node scripts/serve.mjs [root=www] [port=8080]
// Imported by the browser tests as `serve(root, port)`; port 0 picks a free one.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `root`. `isolated`: with the headers that make the page
 *  cross-origin isolated (COOP and COEP), where Chromium's performance.now()
 *  has 5 µs steps instead of 100 µs: what the benchmark times with. The page
 *  loads nothing from other origins, so it works the same either way. */
export function serve(root = 'www', port = 8080, { host = '127.0.0.1', isolated = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      // no-cache with a validator: the browser asks again each time (a fresh
      // build shows at once) but gets a body only when the file changed, so
      // the simulation worker's second fetch of the .wasm costs no bytes.
      const modified = (await stat(file)).mtime;
      modified.setMilliseconds(0);
      const since = Date.parse(req.headers['if-modified-since'] ?? '');
      if (since >= modified.getTime()) {
        res.writeHead(304, { 'Last-Modified': modified.toUTCString(), 'Cache-Control': 'no-cache' });
        res.end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Last-Modified': modified.toUTCString(),
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...(isolated && { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = 'www', port = process.env.PORT ?? '8080'] = process.argv.slice(2);
  const server = await serve(root, Number(port));
  const { port: actual } = server.address();
  console.log(`restake-calc is being served at http://127.0.0.1:${actual}/  (Ctrl-C to stop)`);
}
