// `npm run pdf` (scripts/pdf.ts) on the built site, one chapter to keep CI short: A4 pages whose
// text stays inside the margins, a running header with the chapter's title, page numbers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDocumentProxy } from 'unpdf';

const siteDir = inject('siteDir');
const A4 = { width: 595.28, height: 841.89 }; // points
const MM = 72 / 25.4;

interface TextItem {
  str: string;
  transform: number[];
  width: number;
}

let out: string;
const pages: { width: number; height: number; items: TextItem[] }[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'pdf-test-'));
  execFileSync(
    process.execPath,
    ['scripts/pdf.ts', '--dir', siteDir, '--out', out, '--only', 'distribution-shift', '--no-book'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(join(out, 'distribution-shift.pdf'))));
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    pages.push({
      width: x1 - x0,
      height: y1 - y0,
      items: (content.items as TextItem[]).filter((i) => typeof i.str === 'string' && i.str.trim() !== ''),
    });
  }
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('npm run pdf', () => {
  it('prints the chapter on A4 pages', () => {
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages) {
      expect(Math.abs(p.width - A4.width)).toBeLessThan(2);
      expect(Math.abs(p.height - A4.height)).toBeLessThan(2);
    }
  });

  it('opens with the running header, the chapter title and its first words; page numbers in the footer', () => {
    const first = pages[0]!.items.map((i) => i.str).join(' ');
    expect(first).toContain('Distribution shift');
    expect(first).toMatch(/CHAPTER 4|Chapter 4/);
    expect(first).toMatch(/page 1 of \d+/);
    const last = pages
      .at(-1)!
      .items.map((i) => i.str)
      .join(' ');
    expect(last).toContain(`page ${pages.length} of ${pages.length}`);
    // The header repeats the chapter's title at the top of every page.
    for (const p of pages) {
      const top = p.items.filter((i) => (i.transform[5] ?? 0) > p.height - 20 * MM);
      expect(top.map((i) => i.str).join(' ')).toContain('Distribution shift');
    }
  });

  it('keeps all text inside the side margins, and the body inside the top and bottom ones', () => {
    for (const p of pages) {
      for (const item of p.items) {
        const x = item.transform[4] ?? 0;
        const y = item.transform[5] ?? 0;
        expect(x).toBeGreaterThanOrEqual(15 * MM);
        expect(x + item.width).toBeLessThanOrEqual(p.width - 15 * MM);
        // Only the header and footer live in the top and bottom margins (18 mm of 22 and 20).
        const inMargin = y > p.height - 18 * MM || y < 18 * MM;
        if (inMargin) expect(item.transform[0] ?? 0, item.str).toBeLessThan(9);
      }
    }
  });

  it("keeps a table's caption and header with its first row, and a figure with its caption", () => {
    const html = readFileSync(join(siteDir, 'distribution-shift', 'index.html'), 'utf8');
    const text = (h: string) => h.replace(/<[^>]+>/g, '').trim();
    const table = /<table[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const header = text(/<th[^>]*>([\s\S]*?)<\/th>/.exec(table)?.[1] ?? '');
    const firstCell = text(/<td[^>]*>([\s\S]*?)<\/td>/.exec(table)?.[1] ?? '');
    expect(header && firstCell).toBeTruthy();
    const pageText = pages.map((p) => p.items.map((i) => i.str).join(' '));
    const at = pageText.findIndex((t) => t.includes('Table 4.1'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(pageText[at]).toContain(header);
    expect(pageText[at]).toContain(firstCell.split(' ').slice(0, 3).join(' '));
    // A figure is never split from its caption: the static figure's axis label shares the caption's page
    // (found by the caption's own first words: the prose may name Figure 4.2 on an earlier page).
    const captions = [...html.matchAll(/<figcaption[^>]*>([\s\S]*?)<\/figcaption>/g)].map((m) => text(m[1] ?? ''));
    const caption = captions.find((c) => c.startsWith('Figure 4.2')) ?? '';
    const opening = caption
      .replace(/^Figure 4\.2\s*/, '')
      .split(/\s+/)
      .slice(0, 4)
      .join(' ');
    expect(opening).not.toBe('');
    const figure = pageText.findIndex((t) => t.includes(opening));
    expect(pageText[figure]).toMatch(/rotation/);
  });

  it('writes a manifest the build reads to link the PDF', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files['distribution-shift.pdf']).toBeGreaterThan(10_000);
  });
});
