#!/usr/bin/env node
// Serves the built site (dist/ by default) under its base path, the way a course server would:
// gzip for text, the site's own 404 page, and nothing but files from inside its folder. Zero dependencies.
//   node scripts/serve.mjs [--dir dist] [--base /courses/ml/aside/] [--port 4321]
// When the port is taken (another preview still running), the next free one is used and named.
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.bin', '.wasm']);

/**
 * The file under `rootDir` that a decoded, base-relative URL path names, or null when the path leads
 * outside it (`..`, `..%2f`, an absolute path): a prefix test without a separator would let
 * `/..%2fdist-secret/` through to a sibling folder whose name starts with the root's.
 */
export function fileInside(rootDir, urlPath) {
  if (urlPath.includes('\0')) return null;
  const file = resolve(rootDir, './' + urlPath);
  const rel = relative(rootDir, file);
  if (rel === '') return file;
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? null : file;
}

/**
 * Starts the server; resolves to { url, port, close } once it listens. `headers` are added to every file sent
 * (tests serve the site under a strict Content-Security-Policy this way). With `nextFreePort`, a taken
 * port is not an error: the next 20 ports are tried in turn (compare `port` with the one asked for).
 */
export function serveSite({
  dir = 'dist',
  base = '/',
  port = 4321,
  host = '127.0.0.1',
  nextFreePort = false,
  headers: extraHeaders = {},
} = {}) {
  const rootDir = resolve(dir);
  const prefix = '/' + base.replace(/^\/+|\/+$/g, '') + (base.replace(/^\/+|\/+$/g, '') ? '/' : '');
  const gzCache = new Map();
  const notFound = join(rootDir, '404.html');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    if (prefix !== '/' && (path === '/' || path === prefix.slice(0, -1))) {
      res.writeHead(302, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) return send404(res);
    let file = fileInside(rootDir, path.slice(prefix.length));
    if (file === null) return send404(res);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' + url.search }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) return send404(res);
    sendFile(req, res, file, 200);
  });
  function send404(res) {
    if (existsSync(notFound)) sendFile(null, res, notFound, 404);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
  function sendFile(req, res, file, status) {
    const ext = extname(file);
    const headers = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...extraHeaders,
    };
    const acceptsGzip = /\bgzip\b/.test(req?.headers['accept-encoding'] ?? '');
    if (COMPRESSIBLE.has(ext) && acceptsGzip) {
      const mtime = statSync(file).mtimeMs;
      let cached = gzCache.get(file);
      if (!cached || cached.mtime !== mtime)
        gzCache.set(file, (cached = { mtime, body: gzipSync(readFileSync(file)) }));
      res.writeHead(status, {
        ...headers,
        'content-encoding': 'gzip',
        vary: 'accept-encoding',
        'content-length': cached.body.length,
      });
      res.end(req?.method === 'HEAD' ? undefined : cached.body);
      return;
    }
    res.writeHead(status, { ...headers, 'content-length': statSync(file).size });
    if (req?.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }
  const listen = (tryPort) =>
    new Promise((resolvePromise, reject) => {
      const onError = (error) => {
        server.off('listening', onListening);
        reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolvePromise();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(tryPort, host);
    });
  return (async () => {
    const last = nextFreePort && port !== 0 ? port + 20 : port;
    for (let tryPort = port; ; tryPort++) {
      try {
        await listen(tryPort);
        break;
      } catch (error) {
        if (error?.code !== 'EADDRINUSE' || tryPort >= last) throw error;
      }
    }
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    return {
      url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}${prefix}`,
      port: actualPort,
      // Stops at once, like a server that has gone away: a browser's open connection (a download in
      // flight, a half-sent request) would otherwise hold `close` until it ends of itself.
      close: () =>
        new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
    };
  })();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const dir = opt('dir', process.env.OUT_DIR ?? 'dist');
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`serve: ${dir}/index.html not found; run "npm run build" first.`);
    process.exit(1);
  }
  const wanted = Number(opt('port', process.env.PORT ?? 4321));
  try {
    const { url, port } = await serveSite({
      dir,
      base: opt('base', process.env.BASE_PATH ?? '/'),
      port: wanted,
      host: opt('host', process.env.HOST ?? '127.0.0.1'),
      nextFreePort: true,
    });
    const moved = port === wanted ? '' : ` (port ${wanted} is in use)`;
    console.log(`Serving ${dir} at ${url}${moved}  (Ctrl+C to stop)`);
  } catch (error) {
    // One readable line instead of a stack trace (ports all taken, no permission for a low port, bad host).
    console.error(`serve: cannot listen on port ${wanted}: ${error?.code ?? ''} ${error?.message ?? error}`.trim());
    process.exit(1);
  }
}
