// Chapter 5 printed to A4 by Chromium, read back page by page with pdf.js: real margins, the
// chapter's title at the top of every page after the first, page numbers, and no table header,
// table caption or heading left as the last line of a page.
import { describe, expect, inject, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { useChromium } from '../setup/chromium.ts';

const siteUrl = inject('siteUrl');
const chromium = useChromium();
const MM = 72 / 25.4; // PDF points per millimetre

interface Line {
  y: number;
  x: number;
  text: string;
}

/** Each page's text as lines (items sharing a baseline), top to bottom, in PDF points. */
async function pdfLines(pdf: Buffer): Promise<{ height: number; lines: Line[] }[]> {
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false });
  const doc = await task.promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    const items = (await page.getTextContent()).items.filter((i): i is TextItem => 'str' in i && i.str.trim() !== '');
    const byY = new Map<number, TextItem[]>();
    for (const item of items) {
      const y = Math.round(item.transform[5]! / 2) * 2;
      byY.set(y, [...(byY.get(y) ?? []), item]);
    }
    const lines = [...byY.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([y, row]) => {
        row.sort((a, b) => a.transform[4]! - b.transform[4]!);
        return {
          y,
          x: row[0]!.transform[4]!,
          text: row
            .map((i) => i.str)
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim(),
        };
      });
    pages.push({ height, lines });
  }
  await task.destroy();
  return pages;
}

describe('chapter 5 on A4 paper', () => {
  it('has margins, a running title, page numbers, and no stranded table header, caption or heading', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}adversarial-examples/`, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    // What must never end a page, read from the chapter itself.
    const guards = await page.evaluate(() => {
      const words = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ').trim();
      return {
        headers: [...document.querySelectorAll('.article table thead tr')].map((tr) =>
          [...tr.querySelectorAll('th')].map(words).filter((t) => t.length > 0),
        ),
        captions: [...document.querySelectorAll('.table-figure figcaption .figure-number')].map(words),
        headings: [...document.querySelectorAll('.article h2, .article h3')].map(words),
      };
    });
    expect(guards.headers.length).toBeGreaterThan(0);
    const title = await page.evaluate(() => document.documentElement.dataset.runningTitle ?? '');
    expect(title).toBe('5 · Adversarial examples');

    const pdf = await page.pdf({ format: 'A4' });
    const pages = await pdfLines(pdf);
    expect(pages.length).toBeGreaterThan(4);
    const top = 18 * MM; // the page box's top margin
    const bottom = 20 * MM;
    const problems: string[] = [];
    pages.forEach(({ height, lines }, k) => {
      const n = k + 1;
      const body = lines.filter((l) => l.y < height - top && l.y > bottom);
      const head = lines.filter((l) => l.y >= height - top).map((l) => l.text);
      const foot = lines.filter((l) => l.y <= bottom).map((l) => l.text);
      // Margins: no text closer to the left edge than the 16 mm margin (less a little for glyphs).
      const left = Math.min(...body.map((l) => l.x));
      if (left < 14 * MM) problems.push(`page ${n}: text ${left.toFixed(0)} pt from the left edge`);
      if (n > 1 && !head.some((t) => t.includes(title)))
        problems.push(`page ${n}: no running title (${head.join(' | ')})`);
      if (!foot.some((t) => t === String(n))) problems.push(`page ${n}: no page number (${foot.join(' | ')})`);
      const last = body.at(-1)?.text ?? '';
      if (k === pages.length - 1) return;
      for (const cells of guards.headers)
        if (cells.length > 1 && cells.every((c) => last.includes(c)))
          problems.push(`page ${n} ends with a table header: ${last}`);
      for (const c of guards.captions) if (last.startsWith(c)) problems.push(`page ${n} ends with a caption: ${last}`);
      for (const h of guards.headings)
        if (h.startsWith(last) && last.length > 8) problems.push(`page ${n} ends with a heading: ${last}`);
    });
    expect(problems).toEqual([]);
    // Every table's header row is printed (once, or once per page it spans).
    const all = pages.flatMap((p) => p.lines.map((l) => l.text));
    for (const cells of guards.headers.filter((c) => c.length > 1))
      expect(
        all.some((line) => cells.every((c) => line.includes(c))),
        cells.join(' | '),
      ).toBe(true);
    await context.close();
  });
});
