// Measures the built site, printing figures rather than asserting them: build time, and for each
// page of the sitemap the bytes of HTML, CSS, JS, fonts and other files it loads (raw and gzip) and
// the number of requests. Writes the same as JSON to reports/bench.json (not committed).
//   npm run bench            (BASE_PATH is honoured; default "/")
//   BENCH_ONLY=main-thread BENCH_SITE_DIR=.cache/e2e-site BASE_PATH=/courses/ml/aside/ npm run bench
// Benches (scripts/bench/*.ts): attack-lab, shift-lab, pixel-feature, three-kinds, eval-panel, where-points, sampling, inside-outside,
// swiss-roll (start-up and warm timings, JS weight), figures-cpu (every live figure: start, slider steps, buttons; main-thread
// CPU per task from a trace), main-thread (long tasks and INP at 4× CPU slow-down), lighthouse (mobile
// scores, median of 3, every page; slow: about 20 s a run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/setup/browser.ts';
import { sitemapPages } from '../tests/setup/site.ts';
import { normaliseBase } from '../src/lib/base-url.ts';
import { serveSite } from './serve.mjs';

const base = normaliseBase(process.env.BASE_PATH);
// BENCH_SITE_DIR=<dir> measures a site already built (with the same BASE_PATH) instead of building one.
const dir = resolve(process.env.BENCH_SITE_DIR ?? '.cache/bench-site');
const started = performance.now();
if (!process.env.BENCH_SITE_DIR)
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // SITE_URL: without it the build writes no sitemap, which lists the pages to measure.
    env: {
      SITE_URL: 'http://bench.invalid',
      ...process.env,
      BASE_PATH: base,
      OUT_DIR: dir,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
const buildSeconds = process.env.BENCH_SITE_DIR ? NaN : (performance.now() - started) / 1000;

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
const pages = sitemapPages(dir, server.url);
// BENCH_NO_WEIGHTS=1 skips the page weights (a minute or two) when only a figure bench is wanted.
for (const url of process.env.BENCH_NO_WEIGHTS ? [] : pages) {
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
// Interactive figures add their own measurements: every scripts/bench/*.ts (but `_helpers.ts`)
// exports a default async function that gets the browser, the served site and its pages, and
// returns named figures to print. BENCH_ONLY=<regex> runs only the benches whose names match
// (BENCH_ONLY=none: the page weights alone).
const figures: Record<string, unknown> = {};
for (const name of existsSync('scripts/bench')
  ? readdirSync('scripts/bench')
      .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
      .sort()
  : []) {
  if (process.env.BENCH_ONLY && !new RegExp(process.env.BENCH_ONLY).test(name)) continue;
  const mod = (await import(`./bench/${name}`)) as {
    default: (ctx: {
      browser: typeof browser;
      siteUrl: string;
      siteDir: string;
      pages: string[];
    }) => Promise<Record<string, unknown>>;
  };
  figures[name.replace(/\.ts$/, '')] = await mod.default({ browser, siteUrl: server.url, siteDir: dir, pages });
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
