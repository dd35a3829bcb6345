// The site under a strict Content-Security-Policy, as many university servers send it: no inline script,
// no inline event handler, no data: font in the build, and every interactive figure, search and the
// service worker start with no `securitypolicyviolation` event; a stored dark theme applies before the
// page's body is parsed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serveSite } from '../../scripts/serve.mjs';
import { inlineHandlers, inlineScripts } from '../../src/lib/offline-files.ts';
import { useChromium } from '../setup/chromium.ts';

const siteDir = inject('siteDir');
const basePath = inject('basePath');
/**
 * The policy the README recommends: the three directives many university servers send
 * (script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; font-src 'self') and
 * `default-src 'self'` with what the site needs besides.
 */
const STRICT_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');
/** Each interactive figure on its page alone, and what it shows once it runs. */
const FIGURES: [id: string, live: string][] = [
  ['fig-swiss-roll', '.sr-stage[data-state="live"]'],
  ['fig-pixel-feature', '.pf[data-state="ready"] .pf-results[data-copy-pixel]'],
  ['fig-shift-lab', '.result[aria-busy="false"][data-accuracy]'],
  ['fig-attack-lab', '.lab .result[aria-busy="false"][data-eps]'],
  ['fig-attack-lab-robust', '.lab .result[aria-busy="false"][data-eps]'],
  ['fig-sampling', '.samplers[aria-busy="false"]'],
  ['fig-latent-plane', 'canvas[aria-busy="false"][data-z1]'],
  ['fig-three-kinds', '.kinds-result[aria-busy="false"][data-confirmed]'],
  ['fig-eval-panel', '.eval-panel[data-state="ready"] [data-backend]'],
  ['fig-where-points', '.wp[data-state="ready"] .wp-tally td[data-share]'],
  ['fig-inside-outside', '.rows[aria-busy="false"][data-a]'],
];

const chromium = useChromium();
let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  server = await serveSite({
    dir: siteDir,
    base: basePath,
    port: 0,
    headers: { 'content-security-policy': STRICT_POLICY },
  });
});
afterAll(() => server?.close());

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** A page that records every CSP violation, from the first script on. */
async function policedPage(context: BrowserContext): Promise<{ page: Page; violations: string[] }> {
  const violations: string[] = [];
  await context.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
  });
  return { page, violations };
}

describe('the built site under a strict CSP', () => {
  it('has no inline script, inline event handler or data: font', () => {
    const problems: string[] = [];
    for (const file of files(siteDir)) {
      if (file.endsWith('.html')) {
        const html = readFileSync(file, 'utf8');
        if (inlineScripts(html).length) problems.push(`${file}: inline script`);
        for (const h of inlineHandlers(html)) problems.push(`${file}: ${h}`);
      } else if (file.endsWith('.css') && /url\(\s*["']?data:font/.test(readFileSync(file, 'utf8')))
        problems.push(`${file}: data: font`);
    }
    expect(problems).toEqual([]);
  });

  it('is served with the policy (the test would prove nothing otherwise)', async () => {
    const response = await fetch(server.url);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_POLICY);
  });

  it('notices a violation when there is one (an inline script under the same policy)', async () => {
    const context = await chromium.browser.newContext();
    const { page, violations } = await policedPage(context);
    await page.route(`${server.url}control.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': STRICT_POLICY },
        body: '<!doctype html><title>control</title><script>document.title = "ran"</script>',
      }),
    );
    await page.goto(`${server.url}control.html`);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.title()).toBe('control');
    await context.close();
  });

  it.each(FIGURES)('%s goes live with no violation', async (id, live) => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, violations } = await policedPage(context);
    await page.goto(`${server.url}figures/${id}/`);
    await page.locator(`#${id} ${live}`).first().waitFor({ timeout: 60_000 });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('search finds pages and the service worker starts, with no violation', async () => {
    const context = await chromium.browser.newContext({ serviceWorkers: 'allow' });
    const { page, violations } = await policedPage(context);
    await page.goto(server.url);
    await page.locator('.search-button').click();
    await page.locator('#search-input').fill('manifold');
    await expect.poll(() => page.locator('.search-results li').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('applies a stored dark theme before the body is parsed', async () => {
    const context = await chromium.browser.newContext({ colorScheme: 'light' });
    await context.addInitScript(() => {
      localStorage.setItem('theme', 'dark');
      // The theme as it stands when the parser reaches <body>, before anything of the page is painted.
      new MutationObserver((_records, observer) => {
        if (!document.body) return;
        (window as unknown as { themeAtBody?: string }).themeAtBody = document.documentElement.dataset.theme;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const { page, violations } = await policedPage(context);
    await page.goto(`${server.url}high-dimensional-distributions/`);
    expect(await page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe('dark');
    const scheme = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
    expect(scheme).toBe('dark');
    expect(violations).toEqual([]);
    await context.close();
  });
});
