// Each figure's island names every chunk of its code (src/build/island-preload.ts), and client:ahead
// asks for all of them at once: no chunk of the island waits for another to arrive before it is asked
// for (without the names the browser found them one level of imports at a time, a round trip each),
// and its code opens with the hint that has it compiled as it streams in (src/build/compile-hint.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { COMPILE_HINT } from '../../src/build/compile-hint.ts';
import { useChromium } from '../setup/chromium.ts';
import { builtFile, sitemapPages, watchedPage } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const chromium = useChromium({ viewport: { width: 1280, height: 900 } });
const basePath = new URL(siteUrl).pathname;
/** Every island's opening tag on every sitemap page, as built. */
const islandTags = () =>
  sitemapPages(siteDir, siteUrl).flatMap((url) =>
    [
      ...readFileSync(join(builtFile(siteDir, siteUrl, url), 'index.html'), 'utf8').matchAll(/<astro-island\b[^>]*>/g),
    ].map(([tag]) => ({ url, tag })),
  );

it('every client:ahead island of the site names its code, and every chunk it names is there', () => {
  const ahead = islandTags().filter(({ tag }) => tag.includes(' client="ahead"'));
  for (const { url, tag } of ahead) {
    const names = /data-preload="([^"]*)"/.exec(tag)?.[1]?.split(' ') ?? [];
    const component = /component-url="[^"]*\/([^"/]+)"/.exec(tag)?.[1];
    expect(names[0], `${url}: ${tag.slice(0, 120)}`).toBe(component);
    for (const name of names) expect(existsSync(join(siteDir, '_astro', name)), name).toBe(true);
  }
  expect(ahead.length).toBeGreaterThan(10);
});

it('the islands share one file for Svelte and the controls, so that a figure asks for fewer files', () => {
  // Over HTTP/1.1 (6 connections) each six files cost a round trip: the attack lab named 25, now 13.
  const controls = readdirSync('src/ui')
    .filter((f) => f.endsWith('.svelte'))
    .map((f) => f.replace(/\.svelte$/, '.'));
  const ahead = islandTags().filter(({ tag }) => tag.includes(' client="ahead"'));
  for (const { url, tag } of ahead) {
    const names = /data-preload="([^"]*)"/.exec(tag)?.[1]?.split(' ') ?? [];
    expect(
      names.filter((n) => n.startsWith('figure-kit.')),
      url,
    ).toHaveLength(1);
    expect(
      names.filter((n) => controls.some((c) => n.startsWith(c))),
      url,
    ).toEqual([]);
    expect(
      names.filter((n) => n.startsWith('client.') && !n.startsWith('client.svelte.')),
      url,
    ).toEqual([]);
    if (tag.includes('/AttackLab.')) expect(names.length, url).toBeLessThanOrEqual(13);
  }
  expect(ahead.length).toBeGreaterThan(10);
});

it("every island's component and renderer open with V8's compile hint, so they compile as they stream in", () => {
  const unhinted = new Set<string>();
  const islands = islandTags();
  for (const { url, tag } of islands)
    for (const attribute of ['component-url', 'renderer-url']) {
      const path = new RegExp(`${attribute}="${basePath}([^"]+)"`).exec(tag)?.[1];
      if (!path || !readFileSync(join(siteDir, path), 'utf8').startsWith(COMPILE_HINT))
        unhinted.add(`${attribute} ${path ?? 'missing'} (${url})`);
    }
  expect([...unhinted]).toEqual([]);
  expect(islands.length).toBeGreaterThan(10);
});

/**
 * A watched page on a slow round trip (400 ms), with what it asks for and what arrives, in order, each
 * named by its folder and file (`_astro/x.js`): a request made only once another has arrived shows
 * clearly (on localhost a file can arrive within the few tasks it takes to ask for the rest).
 */
async function slowPage() {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  const cdp = await chromium.context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const events: string[] = [];
  const nameOf = (url: string) => new URL(url).pathname.split('/').slice(-2).join('/');
  page.on('request', (r) => events.push(`asked ${nameOf(r.url())}`));
  page.on('requestfinished', (r) => events.push(`arrived ${nameOf(r.url())}`));
  return { page, watch, events };
}

it('a figure asks for all its chunks before the first of them arrives', { timeout: 60_000 }, async () => {
  const { page, watch, events } = await slowPage();
  await page.goto(`${siteUrl}figures/fig-three-kinds/`);
  const island = page.locator('#fig-three-kinds astro-island').first();
  await page.locator('#fig-three-kinds astro-island:not([ssr])').first().waitFor({ state: 'attached' });
  const names = ((await island.getAttribute('data-preload')) ?? '').split(' ').map((n) => `_astro/${n}`);
  expect(names.length).toBeGreaterThan(5);
  const asked = (name: string) => events.indexOf(`asked ${name}`);
  const start = asked(names[0]!);
  expect(start).toBeGreaterThanOrEqual(0);
  // Chunks the page had loaded for itself before the figure started are not part of its burst.
  const burst = names.filter((n) => asked(n) >= start);
  const firstArrival = Math.min(...burst.map((n) => events.indexOf(`arrived ${n}`)).filter((i) => i >= 0));
  expect(burst.filter((n) => asked(n) > firstArrival)).toEqual([]);
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);
  await page.close();
});

it(
  'the model worker asks for a job’s code and its model’s files before the first of them arrives',
  { timeout: 60_000 },
  async () => {
    const { page, watch, events } = await slowPage();
    await page.goto(`${siteUrl}figures/fig-three-kinds/`);
    await page.locator('#fig-three-kinds .kinds[data-state="ready"]').waitFor({ timeout: 45_000 });
    const workerArrived = events.findIndex((e) => /^arrived _astro\/worker-[\w-]+\.js$/.test(e));
    expect(workerArrived).toBeGreaterThanOrEqual(0);
    // What the worker asked for: the job's code (each level of its imports), tfjs, the model's files.
    const asked = events
      .slice(workerArrived)
      .filter((e) => e.startsWith('asked '))
      .map((e) => e.slice(6));
    expect(asked).toEqual(expect.arrayContaining(['cnn/manifest.json', 'cnn/model.json', 'cnn/weights.bin']));
    expect(asked.some((n) => /^_astro\/jobs\.[\w-]+\.js$/.test(n))).toBe(true);
    // Only the worker's own requests count: the model's files, and the chunks its built file names with
    // every chunk those import statically (not only those the build lists beside each import()).
    const astro = join(siteDir, '_astro');
    const workerChunks = new Set<string>();
    const named = (file: string) => [
      ...readFileSync(join(astro, file), 'utf8').matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g),
    ];
    const queue = [readdirSync(astro).find((f) => /^worker-[\w-]+\.js$/.test(f))!];
    for (let file = queue.pop(); file; file = queue.pop())
      for (const [, name] of named(file))
        if (name && !workerChunks.has(name)) {
          workerChunks.add(name);
          queue.push(name);
        }
    const byWorker = (name: string) => name.startsWith('cnn/') || workerChunks.has(name.replace(/^_astro\//, ''));
    const firstArrival = events.findIndex((e, i) => i > workerArrived && e.startsWith('arrived '));
    const late = events
      .slice(firstArrival)
      .filter((e) => e.startsWith('asked ') && byWorker(e.slice(6)) && /\.(js|json|bin)$/.test(e));
    expect(late).toEqual([]);
    expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);
    await page.close();
  },
);
