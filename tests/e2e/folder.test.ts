// The book as a folder on disk (BUILD_FOR=folder, what `npm run pack` zips), built here once without
// BASE_PATH and without SITE_URL: opened from file:// it is styled, every link leads to a file that
// exists, math and static figures render, and each interactive figure and the search say how to serve
// the folder; no file names localhost or any address of its own; the zip unpacks and serves, live.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBuildLock } from '../setup/build-lock.ts';
import { useChromium } from '../setup/chromium.ts';

const reused = process.env.E2E_FOLDER_SITE_DIR;
const folder = resolve(reused ?? '.cache/e2e-folder-site');
const scratch = mkdtempSync(join(tmpdir(), 'aside-folder-'));
const chromium = useChromium();

beforeAll(async () => {
  if (reused) return;
  await withBuildLock(() =>
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production', // not Vitest's "test"
        BUILD_FOR: 'folder',
        BASE_PATH: '',
        SITE_URL: '',
        OUT_DIR: folder,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    }),
  );
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under `root`, as paths relative to it with forward slashes. */
function filesUnder(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(root, path).split(sep).join('/')];
    });
  return walk(root);
}
/** The pages a reader opens: all but the 404 page, which a server sends and keeps site-absolute links. */
const pages = () =>
  filesUnder(folder)
    .filter((f) => f.endsWith('.html') && f !== '404.html')
    .sort();
const idsOf = (html: string) => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));

describe('a folder opened from disk', () => {
  it('names no localhost and no address of its own without SITE_URL', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(folder)) {
      if (!/\.(html|css|js|mjs|json|xml|txt|svg)$/.test(file)) continue;
      const text = readFileSync(join(folder, file), 'utf8');
      if (/localhost/i.test(text)) offenders.push(`${file}: localhost`);
      if (file.endsWith('.html') && /rel="canonical"|property="og:(url|image)"|rel="sitemap"/.test(text))
        offenders.push(`${file}: an absolute address of the site`);
    }
    expect(offenders).toEqual([]);
    expect(filesUnder(folder).filter((f) => /^sitemap/.test(f))).toEqual([]);
  });

  it('links every page only to files that exist, fragments included', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages()) {
      const pageUrl = pathToFileURL(join(folder, page));
      const html = readFileSync(join(folder, page), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src|component-url|renderer-url)="([^"]*)"/g)) {
        const ref = (m[1] ?? '').replace(/&amp;/g, '&');
        if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) continue; // https:, mailto:: other sites
        const url = new URL(ref, pageUrl);
        const target = fileURLToPath(new URL(url.pathname, url));
        checked++;
        if (!existsSync(target) || !statSync(target).isFile()) {
          broken.push(`${page} → ${ref}`);
          continue;
        }
        const id = decodeURIComponent(url.hash.slice(1));
        if (id && target.endsWith('.html') && !idsOf(readFileSync(target, 'utf8')).has(id))
          broken.push(`${page} → ${ref} (no id)`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(broken).toEqual([]);
  });

  it('opens every page styled, with math, static figures and a line on how to serve', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const failed: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    let figures = 0;
    for (const file of pages()) {
      await page.goto(pathToFileURL(join(folder, file)).href, { waitUntil: 'load' });
      const state = await page.evaluate(async () => {
        await document.fonts.ready;
        const visible = (e: Element) => e.getBoundingClientRect().height > 0;
        const islands = [...document.querySelectorAll('astro-island')];
        const interactive = new Set(islands.map((i) => i.closest('figure')).filter((f) => f !== null));
        return {
          marked: document.documentElement.classList.contains('from-file'),
          font: getComputedStyle(document.body).fontFamily,
          mathFont: document.fonts.check('16px KaTeX_Main'),
          math: document.querySelectorAll('.katex').length,
          mathErrors: document.querySelectorAll('.katex-error').length,
          figures: interactive.size,
          hints: [...document.querySelectorAll('.serve-hint')].filter(visible).length,
          // Each interactive figure still shows a picture: its static SVG, image or table.
          pictures: [...interactive].filter((f) =>
            [...f.querySelectorAll('svg[role="img"], img, table, canvas')].some(visible),
          ).length,
          hydrated: islands.filter((i) => !i.hasAttribute('ssr')).length,
        };
      });
      expect(state.marked, file).toBe(true);
      expect(state.font, file).toMatch(/Charter/);
      expect(state.mathErrors, file).toBe(0);
      if (state.math > 0) expect(state.mathFont, file).toBe(true);
      if (/^(high-dimensional|feature-space|adversarial-examples)/.test(file))
        expect(state.math, file).toBeGreaterThan(0);
      expect(state.hints, file).toBe(state.figures);
      expect(state.pictures, file).toBe(state.figures);
      expect(state.hydrated, file).toBe(0);
      figures += state.figures;
    }
    // Six interactive figures in the chapters and five pages of one figure each.
    expect(figures).toBeGreaterThanOrEqual(10);
    expect(pageErrors).toEqual([]);
    // What a browser refuses from file:// is the module scripts, nothing else (a favicon still loading
    // when the next page opens is cancelled, not missing).
    expect(failed.filter((f) => !/\/_astro\/[^/]+\.js net::ERR_FAILED$|net::ERR_ABORTED$/.test(f))).toEqual([]);
    await context.close();
  });

  it('has search say that it needs a server, and keeps a stored dark theme', async () => {
    const context = await chromium.browser.newContext({ colorScheme: 'light' });
    await context.addInitScript(() => localStorage.setItem('theme', 'dark'));
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(folder, 'feature-space/index.html')).href);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('.search-status').textContent()).resolves.toMatch(/^Search needs the book served/);
    await expect(page.locator('#search-input').isDisabled()).resolves.toBe(true);
    await context.close();
  });
});

describe('npm run pack', () => {
  let serving: ChildProcess | undefined;
  afterAll(() => serving?.kill());

  it('zips the folder with START-HERE.html, serve.mjs, models and digits, named with the version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const out = join(scratch, 'packs');
    const printed = execFileSync(process.execPath, ['scripts/pack.ts', '--site', folder, '--out', out], {
      encoding: 'utf8',
    });
    const zipName = `highdim-aside-${version}.zip`;
    expect(printed).toMatch(new RegExp(`${zipName.replace(/\./g, '\\.')}: \\d+\\.\\d MB`));

    const unpacked = join(scratch, 'unpacked');
    for (const [name, data] of Object.entries(unzipSync(readFileSync(join(out, zipName))))) {
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), data);
    }
    const root = join(unpacked, `highdim-aside-${version}`);
    for (const file of [
      'START-HERE.html',
      'serve.mjs',
      'index.html',
      'sw.js',
      'models/cnn/model.json',
      'models/cnn/weights.bin',
      'data/digits.u8.gz',
    ])
      expect(existsSync(join(root, file)), file).toBe(true);
    expect(filesUnder(root).length).toBe(filesUnder(folder).length + 2);

    // START-HERE opens from disk and leads into the book.
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(root, 'START-HERE.html')).href);
    await page.getByRole('link', { name: 'Open the book' }).click();
    await expect(page.locator('h1').textContent()).resolves.toMatch(/High-dimensional/i);

    // Served with the serve.mjs inside the zip, the figures are live.
    serving = spawn(process.execPath, ['serve.mjs', '--dir', '.', '--port', '0'], { cwd: root });
    const url = await new Promise<string>((resolveUrl, reject) => {
      serving?.stdout?.on('data', (chunk: Buffer) => {
        const found = /https?:\/\/\S+/.exec(String(chunk));
        if (found) resolveUrl(found[0]);
      });
      serving?.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
    await page.goto(`${url}figures/fig-attack-lab/index.html?lab.eps=0.1`);
    await page.locator('#fig-attack-lab .lab .result[aria-busy="false"][data-eps="0.1"]').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: /Chapter 5/ }).click();
    await expect.poll(() => page.url()).toMatch(/adversarial-examples\/index\.html\?lab\.eps=0\.1#fig-attack-lab$/);
    await context.close();
  });
});
