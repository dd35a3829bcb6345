// Budgets that can be counted exactly: bytes of JavaScript a text page ships, requests it makes, no
// reference to another origin anywhere in the built files, no bundled file built twice, and no work
// on the page's main thread for a change of the URL's state beyond the page's own.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { COMPILE_HINT } from '../../src/build/compile-hint.ts';
import { launchChromium } from '../setup/browser.ts';
import { useChromium } from '../setup/chromium.ts';
import { builtFile } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
/**
 * A page without interactive figures ships only the enhancement script (theme, outline, copy link, search
 * loader), the page tools (cite copy, redirects, figure links) and the offline starter; the front page adds
 * its "save the book for offline" button. Measured: 6,798 bytes on the front page after those landed, 7,170
 * with the design system's front page (the budget was 6 KB before them), 7,823 once the offline starter
 * learned to wait on pages with figures (the waiting code itself loads only there; 7.5 KB before).
 */
const TEXT_PAGE_JS_GZIP_BUDGET = 7.75 * 1024;
const chromium = useChromium();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('JavaScript on text pages', () => {
  it.each(['', 'references/'])(
    `page "%s" loads at most ${TEXT_PAGE_JS_GZIP_BUDGET} bytes of gzipped JS and makes few requests`,
    async (path) => {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      const scripts: string[] = [];
      let requests = 0;
      page.on('request', (r) => {
        requests++;
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.goto(siteUrl + path, { waitUntil: 'networkidle' });
      let gz = 0;
      const hinted: string[] = [];
      for (const url of scripts) {
        const bytes = readFileSync(builtFile(siteDir, siteUrl, url));
        gz += gzipSync(bytes).length;
        if (bytes.toString('utf8').startsWith(COMPILE_HINT)) hinted.push(url);
      }
      expect(scripts.length).toBeGreaterThan(0);
      expect(gz).toBeLessThanOrEqual(TEXT_PAGE_JS_GZIP_BUDGET);
      // Its few small scripts compile lazily (the hint is for islands' code), and cost no budget bytes.
      expect(hinted).toEqual([]);
      // Document, stylesheet(s), script(s), favicon and a few KaTeX fonts; nothing heavy like search.
      expect(requests).toBeLessThan(20);
      expect(scripts.some((s) => s.includes('pagefind'))).toBe(false);
      await context.close();
    },
  );
});

describe('built files', () => {
  it('never load anything from another origin', () => {
    const offenders: string[] = [];
    for (const file of files(siteDir)) {
      if (!/\.(html|css|js|mjs)$/.test(file) || file.includes(`${join(siteDir, 'pagefind')}`)) continue;
      const text = readFileSync(file, 'utf8');
      const patterns = [
        /<(?:script|img|iframe|source|video|audio)\b[^>]*\ssrc="(https?:)?\/\/[^"]*"/g,
        /<link\b(?![^>]*rel="(?:canonical|sitemap)")[^>]*\shref="(https?:)?\/\/[^"]*"/g,
        /@import\s+(?:url\()?["']?https?:\/\//g,
        /url\(\s*["']?https?:\/\//g,
      ];
      for (const p of patterns) for (const m of text.matchAll(p)) offenders.push(`${file}: ${m[0].slice(0, 120)}`);
    }
    expect(offenders).toEqual([]);
  });

  it('hold no bundled file twice under two names (each would be downloaded twice when the book is saved)', () => {
    const byContent = new Map<string, string[]>();
    for (const file of files(join(siteDir, '_astro'))) {
      const key = createHash('sha256').update(readFileSync(file)).digest('hex');
      byContent.set(key, [...(byContent.get(key) ?? []), relative(siteDir, file)]);
    }
    expect([...byContent.values()].filter((names) => names.length > 1)).toEqual([]);
  });

  // Why not an SVG icon: the test of a change of state in the URL, below.
  it('name a PNG icon on every page, never an SVG one', () => {
    const icons = files(siteDir)
      .filter((file) => file.endsWith('.html'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/<link\b[^>]*\brel="icon"[^>]*>/g)].map((m) => m[0]));
    expect(icons.length).toBeGreaterThan(0);
    expect(icons.filter((link) => !/type="image\/png"/.test(link) || /\.svg\b/.test(link))).toEqual([]);
  });
});

describe('a change of state in the URL', () => {
  // The figures write their state with history.replaceState on every change. Chromium then draws the
  // page's icon again; an SVG icon is a document of its own, parsed on the page's main thread each
  // time (5 ms at full speed, 20-90 ms at 4× CPU slow-down). The full browser, which readers run: the
  // headless shell draws no icon.
  it('builds no other document on the page’s main thread', async () => {
    const browser = await launchChromium('measure');
    try {
      const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
      const twoFrames = () =>
        page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.goto(siteUrl, { waitUntil: 'load' });
      await twoFrames();
      const cdp = await page.context().newCDPSession(page);
      const events: { name: string; args?: { beginData?: { frame?: string } } }[] = [];
      cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
      const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.start', {
        traceConfig: { includedCategories: ['devtools.timeline'] },
        transferMode: 'ReportEvents',
      });
      for (let i = 0; i < 5; i++) {
        await page.evaluate((i) => history.replaceState(null, '', `?state=${i}`), i);
        await twoFrames();
      }
      // A reload, so that the trace is seen to catch a document's parse at all: its page is the one expected.
      await page.reload({ waitUntil: 'load' });
      await twoFrames();
      await cdp.send('Tracing.end');
      await traced;
      const parsed = events.filter((e) => e.name === 'ParseHTML' && e.args?.beginData);
      // The reload's page; nothing for the five changes (7 with the SVG icon: one more at the reload).
      expect(new Set(parsed.map((e) => e.args?.beginData?.frame)).size).toBe(1);
    } finally {
      await browser.close();
    }
  });
});
