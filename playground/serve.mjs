// A tiny static file server for the built playground (node:http, no dependencies), used by
// `npm run playground` and by the browser tests. Serves only files under the given folder.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port) under the URL path `prefix` (default '/';
 * the tests use a sub-path to prove the site's asset URLs are relative) and resolves to the server
 * and the site's URL.
 * @param {string} dir
 * @param {number} [port]
 * @param {string} [prefix]
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
export function serveStatic(dir, port = 0, prefix = '/') {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        if (!full.startsWith(prefix)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
        const path = full.slice(prefix.length - 1);
        let file = normalize(join(base, path));
        if (file !== base && !file.startsWith(base + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    })();
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      ok({ server, url: `http://127.0.0.1:${actual}${prefix}` });
    });
  });
}

// `node playground/serve.mjs [folder]`: serve playground/dist (built by `npm run build:playground`),
// or the folder given (`npm run site` serves build/site, built by `npm run build:site`).
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const given = process.argv[2];
  const dist = given === undefined ? join(fileURLToPath(new URL('.', import.meta.url)), 'dist') : resolve(given);
  const builder = given === undefined ? 'npm run build:playground' : 'npm run build:site';
  const raw = process.env.PORT;
  const port = raw === undefined || raw === '' ? 0 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`playground: PORT must be an integer in [0, 65535], got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  try {
    await stat(join(dist, 'index.html'));
  } catch {
    console.error(`playground: ${dist}/index.html is missing; build it first: ${builder}`);
    process.exit(1);
  }
  const { url } = await serveStatic(dist, port).catch((e) => {
    console.error(`playground: cannot listen on 127.0.0.1:${port}: ${e.message}`);
    process.exit(1);
  });
  console.log(`memograd ${given === undefined ? 'playground' : 'site'}: ${url}  (Ctrl-C stops it)`);
}
