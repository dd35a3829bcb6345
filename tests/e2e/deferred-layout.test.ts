// A long chapter lays out its blocks as the reader nears them (content-visibility, Base.astro and
// book.css), so no single task lays out the whole page. A block far down waits; once reached it is
// whole (a glossary card overflows it, uncut) and nothing on the first screen moves while it loads.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AXE_STYLE_RULES, axeRun } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';

const siteUrl = inject('siteUrl');
const chromium = useChromium();
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const chapter5 = `${siteUrl}adversarial-examples/`;

/** Marks the last paragraph of the chapter's text that holds an element (far below the first screen). */
const probeLastParagraph = (page: Page) =>
  page.evaluate(() => {
    const paragraphs = document.querySelectorAll('.chapter-body > p:has(> *)');
    paragraphs[paragraphs.length - 1]!.setAttribute('data-probe', '');
  });

describe('a long chapter', () => {
  it('leaves a block far down unlaid at first, and lays it out as the reader reaches it', async () => {
    const context = await chromium.browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(chapter5);
    await page.evaluate(() => document.fonts.ready);
    await probeLastParagraph(page);
    const probe = page.locator('[data-probe]');
    // Skipped: the browser has not laid out what it holds (checkVisibility counts that as hidden).
    const inside = probe.locator('> *').first();
    expect(await inside.evaluate((e) => e.checkVisibility({ contentVisibilityAuto: true }))).toBe(false);
    await probe.scrollIntoViewIfNeeded();
    await expect.poll(() => probe.evaluate((p) => getComputedStyle(p).contentVisibility)).toBe('visible');
    expect(await inside.evaluate((e) => e.checkVisibility({ contentVisibilityAuto: true }))).toBe(true);
    await context.close();
  });

  it('shows a glossary card far down the page whole, past the bottom of its paragraph', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(chapter5);
    await page.evaluate(() => document.fonts.ready);
    // A term on the last two lines of a paragraph far down: its card hangs below the paragraph.
    const found = await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const blocks = [...document.querySelectorAll('.chapter-body > p:nth-child(n + 13)')];
      for (const block of blocks.reverse())
        for (const term of block.querySelectorAll('.gloss')) {
          // Brought into view and laid out before it is measured.
          term.scrollIntoView({ block: 'center' });
          await frame();
          if (block.getBoundingClientRect().bottom - term.getBoundingClientRect().bottom < 60) {
            term.setAttribute('data-probe', '');
            return true;
          }
        }
      return false;
    });
    expect(found).toBe(true);
    const term = page.locator('.gloss[data-probe]');
    await term.scrollIntoViewIfNeeded();
    await term.locator('.gloss-link').hover();
    const card = term.locator('.gloss-card');
    await expect.poll(() => card.isVisible()).toBe(true);
    const hit = await term.evaluate((t) => {
      const block = t.closest('.chapter-body > *')!.getBoundingClientRect();
      const box = t.querySelector('.gloss-card')!.getBoundingClientRect();
      // A point on the card below its paragraph: what the reader sees there is the card, not clipped.
      const y = (Math.max(block.bottom, box.top) + box.bottom) / 2;
      const at = document.elementFromPoint(box.left + box.width / 2, y);
      return { below: box.bottom - block.bottom, onCard: !!at?.closest('.gloss-card') };
    });
    expect(hit.below).toBeGreaterThan(20);
    expect(hit.onCard).toBe(true);
    await context.close();
  });

  it('returns to the paragraph the reader was at, after a reload and after a step back', async () => {
    const context = await chromium.browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(chapter5);
    await page.evaluate(() => document.fonts.ready);
    // Read down a screen at a time to the middle of the chapter, as a reader scrolls.
    const topText = () =>
      page.evaluate(() => {
        const block = [...document.querySelectorAll('.chapter-body > *')].find(
          (b) => b.getBoundingClientRect().bottom > 80,
        )!;
        return {
          text: (block.textContent ?? '').trim().slice(0, 60),
          top: Math.round(block.getBoundingClientRect().top),
        };
      });
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, 700);
      await page.waitForFunction(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))),
      );
    }
    const reading = await topText();
    await page.reload();
    await expect.poll(topText).toEqual(reading);
    await page.goto(`${siteUrl}favicon.png`);
    await page.goBack();
    await expect.poll(topText).toEqual(reading);
    await context.close();
  });

  it('lands a link to a place inside a block that waits for layout exactly on it', async () => {
    const context = await chromium.browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(chapter5);
    // A link in the first screen to the last exercise's title, inside a block far down.
    await page.evaluate(() => {
      const titles = document.querySelectorAll('.exercise .exercise-title');
      const target = titles[titles.length - 1]!;
      target.id ||= 'probe-target';
      const link = Object.assign(document.createElement('a'), {
        href: `#${target.id}`,
        textContent: 'to the last exercise',
      });
      link.id = 'probe-link';
      document.querySelector('.chapter-body > p')!.append(link);
    });
    await page.locator('#probe-link').click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          Math.round(document.querySelector('.exercise:last-of-type .exercise-title')!.getBoundingClientRect().top),
        ),
      )
      .toBeLessThan(150);
    await context.close();
  });

  it.each(['adversarial-examples/', 'generation/'])(
    'keeps the first screen of %s still while it loads',
    async (slug) => {
      const context = await chromium.browser.newContext(phone);
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { shifted: number };
        w.shifted = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
            if (!e.hadRecentInput) w.shifted += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${siteUrl}${slug}`);
      await page.evaluate(() => document.fonts.ready);
      // Every block on the first screen has been laid out: no shift can still be pending.
      await expect
        .poll(() =>
          page.evaluate(() =>
            [...document.querySelectorAll('.chapter-body > *')]
              .filter((b) => b.getBoundingClientRect().top < innerHeight)
              .every((b) => getComputedStyle(b).contentVisibility !== 'auto'),
          ),
        )
        .toBe(true);
      expect(await page.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBeLessThan(0.005);
      await context.close();
    },
  );

  // Lighthouse runs axe on the page as it loaded. A waiting block keeps its guessed height, and what it
  // holds, measured anyway, used to spill over the next block: a formula counted on a figure's blue
  // button, a link counted too close to controls it is far from (dequelabs/axe-core#2768).
  it.each([
    ['adversarial-examples/', 'fig-attack-lab'],
    ['adversarial-training/', 'fig-attack-lab-robust'],
  ])('gives axe no false colour or target failures on %s while its blocks wait', async (slug, lab) => {
    const context = await chromium.browser.newContext(phone);
    const page = await context.newPage();
    // Opened at the lab, which builds its live parts near the viewport only.
    await page.goto(`${siteUrl}${slug}#${lab}`);
    await page.evaluate(() => document.fonts.ready);
    // The figures' live controls are what the spilled text landed on: let them mount first.
    await expect.poll(() => page.locator('.lab[data-state="ready"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.locator('.chapter-body > :not(.laid-out)').count()).toBeGreaterThan(20);
    const results = await axeRun(page, undefined, AXE_STYLE_RULES);
    expect(results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))).toEqual([]);
    await context.close();
  });
});
