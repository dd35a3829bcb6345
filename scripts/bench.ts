// Measures the built site, printing figures rather than asserting them: build time, and for each
// page of the sitemap the bytes of HTML, CSS, JS, fonts and other files it loads (raw and gzip) and
// the number of requests. Writes the same as JSON to reports/bench.json (not committed).
//   npm run bench            (BASE_PATH is honoured; default "/")
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/setup/browser.ts';
import { sitemapPages } from '../tests/setup/site.ts';
import { normaliseBase } from '../src/lib/base-url.ts';
import { serveSite } from './serve.mjs';

const base = normaliseBase(process.env.BASE_PATH);
const dir = resolve('.cache/bench-site');
const started = performance.now();
execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, BASE_PATH: base, OUT_DIR: dir, ASTRO_TELEMETRY_DISABLED: '1' },
});
const buildSeconds = (performance.now() - started) / 1000;

type Kind = 'html' | 'css' | 'js' | 'font' | 'other';
const kindOf = (path: string, type: string): Kind =>
  /\.html?$|\/$/.test(path) || type === 'document'
    ? 'html'
    : path.endsWith('.css')
      ? 'css'
      : /\.m?js$/.test(path)
        ? 'js'
        : /\.(woff2?|ttf|otf)$/.test(path)
          ? 'font'
          : 'other';

const server = await serveSite({ dir, base, port: 0 });
const browser = await launchChromium();
const rows = [];
for (const url of sitemapPages(dir, server.url)) {
  const page = await browser.newPage();
  const loaded: { path: string; kind: Kind }[] = [];
  page.on('requestfinished', (r) => {
    const path = new URL(r.url()).pathname;
    loaded.push({ path, kind: kindOf(path, r.resourceType()) });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.close();
  const bytes: Record<Kind, { raw: number; gzip: number }> = {
    html: { raw: 0, gzip: 0 },
    css: { raw: 0, gzip: 0 },
    js: { raw: 0, gzip: 0 },
    font: { raw: 0, gzip: 0 },
    other: { raw: 0, gzip: 0 },
  };
  for (const { path, kind } of loaded) {
    const rel = path.slice(base.length);
    const file = join(dir, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel);
    const body = readFileSync(file);
    bytes[kind].raw += body.length;
    bytes[kind].gzip += kind === 'font' || kind === 'other' ? body.length : gzipSync(body).length;
  }
  rows.push({ page: new URL(url).pathname, requests: loaded.length, bytes });
}
// Interactive figures add their own measurements: every scripts/bench/*.ts exports a default
// async function that gets the browser and the served site and returns named figures to print.
const figures: Record<string, unknown> = {};
for (const name of existsSync('scripts/bench')
  ? readdirSync('scripts/bench')
      .filter((f) => f.endsWith('.ts'))
      .sort()
  : []) {
  const mod = (await import(`./bench/${name}`)) as {
    default: (ctx: { browser: typeof browser; siteUrl: string; siteDir: string }) => Promise<Record<string, unknown>>;
  };
  figures[name.replace(/\.ts$/, '')] = await mod.default({ browser, siteUrl: server.url, siteDir: dir });
}
await browser.close();
await server.close();

const kb = (n: number) => (n / 1024).toFixed(1);
console.log(`build: ${buildSeconds.toFixed(1)} s (astro build + Pagefind index), base ${base}`);
console.log(
  'page'.padEnd(44) +
    'req  ' +
    ['html', 'css', 'js', 'font', 'other'].map((k) => `${k} KB raw/gz`.padStart(17)).join(''),
);
for (const r of rows) {
  console.log(
    r.page.padEnd(44) +
      String(r.requests).padEnd(5) +
      (['html', 'css', 'js', 'font', 'other'] as Kind[])
        .map((k) => `${kb(r.bytes[k].raw)}/${kb(r.bytes[k].gzip)}`.padStart(17))
        .join(''),
  );
}
for (const [name, values] of Object.entries(figures)) {
  console.log(`\n${name}:`);
  for (const [key, value] of Object.entries(values as Record<string, unknown>))
    console.log(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
}
mkdirSync('reports', { recursive: true });
writeFileSync(
  'reports/bench.json',
  JSON.stringify({ date: new Date().toISOString(), base, buildSeconds, pages: rows, figures }, null, 2),
);
console.log('wrote reports/bench.json');
