// `npm run pdf`: prints every chapter, and the whole book, to A4 PDF from the print stylesheet with
// Chromium, from a built site (each figure in its static version: the pages print without JavaScript).
// Running header with the chapter's title, page numbers in the footer, links rewritten for paper
// (scripts/pdf/links.ts). Writes public/pdf/<chapter-slug>.pdf, public/pdf/book.pdf and
// public/pdf/manifest.json; the next `npm run build` copies them into the site and links them from
// each chapter's "Cite this page" block (src/build/pdf-files.ts).
//
//   npm run build && npm run pdf && npm run build
//   node scripts/pdf.ts [--dir dist] [--out public/pdf] [--only slug,slug] [--no-book] [--site-url https://…]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../tests/setup/browser.ts';
import { serveSite } from './serve.mjs';
import { rewriteLinksForPdf } from './pdf/links.ts';
import book from '../content/book.json' with { type: 'json' };
import pkg from '../package.json' with { type: 'json' };

const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dir = resolve(opt('dir', process.env.OUT_DIR ?? 'dist')!);
const out = resolve(opt('out', 'public/pdf')!);
const only = opt('only')?.split(',').filter(Boolean);
const withBook = !args.includes('--no-book');
const siteUrl = opt('site-url', process.env.SITE_URL);

const indexFile = join(dir, 'index.html');
if (!existsSync(indexFile)) {
  console.error(`pdf: ${indexFile} not found; run "npm run build" first.`);
  process.exit(1);
}
// The base path the site was built with, as its pages state it (<html data-base="…">).
const base = /<html[^>]*\sdata-base="([^"]*)"/.exec(readFileSync(indexFile, 'utf8'))?.[1] ?? '/';

export const A4_MARGIN = { top: '22mm', bottom: '20mm', left: '18mm', right: '18mm' };

interface Part {
  /** File name without .pdf, or undefined for parts printed only for the book. */
  name?: string;
  path: string;
  /** Running header. */
  title: string;
  /** Shown in the footer before the page number. */
  label: string;
}

const chapters: Part[] = book.chapters
  .filter((c) => existsSync(join(dir, c.slug, 'index.html')))
  .filter((c) => !only || only.includes(c.slug))
  .map((c) => ({ name: c.slug, path: `${c.slug}/`, title: c.title, label: `Chapter ${c.number}` }));
if (chapters.length === 0) {
  console.error(`pdf: no chapter to print in ${dir}${only ? ` (asked for ${only.join(', ')})` : ''}.`);
  process.exit(1);
}

// Print-only additions to the site's print stylesheet: the page box and margins the templates
// need (the templates carry title and page number, so the stylesheet's own margin boxes are
// switched off), table headers repeated on a new page, and nothing that only works on screen.
const PDF_CSS = `
@page { size: A4; margin: ${A4_MARGIN.top} ${A4_MARGIN.right} ${A4_MARGIN.bottom} ${A4_MARGIN.left};
  @top-left { content: none; } @bottom-right { content: none; } }
thead { display: table-header-group; }
tr, img, svg, .katex-display { break-inside: avoid; }
caption, .table-figure figcaption { break-after: avoid; }
.cite-actions, [data-copy-cite], .site-footer { display: none !important; }
`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TEMPLATE_STYLE = `font-family: system-ui, sans-serif; font-size: 8pt; color: #555; width: 100%;
  margin: 0 ${A4_MARGIN.right} 0 ${A4_MARGIN.left}; display: flex; justify-content: space-between;`;
const header = (part: Part) =>
  `<div style="${TEMPLATE_STYLE}"><span>${escapeHtml(part.title)}</span><span>${escapeHtml(book.shortTitle)}</span></div>`;
const footer = (part: Part) =>
  `<div style="${TEMPLATE_STYLE}"><span>${escapeHtml(part.label)} · version ${escapeHtml(pkg.version)} · CC BY 4.0</span>` +
  `<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

async function preparePrinting(context: BrowserContext, origin: string): Promise<void> {
  const cssPath = `${base}__print-pdf.css`;
  await context.route(
    (url) => url.origin === origin && url.pathname === cssPath,
    (route) => route.fulfill({ contentType: 'text/css', body: PDF_CSS }),
  );
  await context.route(
    (url) => url.origin === origin && url.pathname.endsWith('/'),
    async (route) => {
      const response = await route.fetch();
      const pagePath = new URL(route.request().url()).pathname;
      const html = rewriteLinksForPdf(await response.text(), { base, pagePath, siteUrl }).replace(
        '</head>',
        `<link rel="stylesheet" href="${cssPath}"></head>`,
      );
      await route.fulfill({ response, body: html });
    },
  );
}

async function printPart(context: BrowserContext, siteRoot: string, part: Part): Promise<Uint8Array> {
  const page = await context.newPage();
  try {
    await page.goto(new URL(part.path, siteRoot).href, { waitUntil: 'networkidle' });
    return await page.pdf({
      format: 'A4',
      margin: A4_MARGIN,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: header(part),
      footerTemplate: footer(part),
      outline: true,
      tagged: true,
    });
  } finally {
    await page.close();
  }
}

/** Title, authors, subject and licence in the PDF's document information. */
function describe(doc: PDFDocument, title: string): PDFDocument {
  doc.setTitle(title);
  doc.setAuthor('highdim-aside contributors');
  doc.setSubject(book.description);
  doc.setKeywords([`CC BY 4.0; version ${pkg.version}`]);
  doc.setCreator('highdim-aside npm run pdf (Chromium)');
  return doc;
}

const server = await serveSite({ dir, base, port: 0 });
const browser = await launchChromium();
const sizes: Record<string, number> = {};
try {
  // No JavaScript: every figure prints in its static version, and nothing keeps the network busy.
  const context = await browser.newContext({ javaScriptEnabled: false });
  await preparePrinting(context, new URL(server.url).origin);
  mkdirSync(out, { recursive: true });
  const printed = new Map<string, Uint8Array>();
  for (const part of chapters) {
    const started = Date.now();
    const bytes = await printPart(context, server.url, part);
    const doc = describe(await PDFDocument.load(bytes), `${part.title} · ${book.title}`);
    const file = await doc.save();
    writeFileSync(join(out, `${part.name}.pdf`), file);
    sizes[`${part.name}.pdf`] = file.length;
    printed.set(part.name!, bytes);
    console.log(
      `pdf: ${part.name}.pdf, ${doc.getPageCount()} pages, ${(file.length / 1024).toFixed(0)} KB (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  if (withBook && !only) {
    const front: Part = { path: '', title: book.title, label: 'Introduction' };
    const refs: Part = { path: 'references/', title: 'References', label: 'References' };
    const parts = [
      await printPart(context, server.url, front),
      ...chapters.map((c) => printed.get(c.name!)!),
      await printPart(context, server.url, refs),
    ];
    const whole = describe(await PDFDocument.create(), book.title);
    for (const bytes of parts) {
      const doc = await PDFDocument.load(bytes);
      for (const p of await whole.copyPages(doc, doc.getPageIndices())) whole.addPage(p);
    }
    const file = await whole.save();
    writeFileSync(join(out, 'book.pdf'), file);
    sizes['book.pdf'] = file.length;
    console.log(`pdf: book.pdf, ${whole.getPageCount()} pages, ${(file.length / 1024).toFixed(0)} KB`);
  }
  // What the build links: file name → bytes, and for which version.
  const manifestFile = join(out, 'manifest.json');
  const previous = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')).files : {};
  writeFileSync(
    manifestFile,
    JSON.stringify({ version: pkg.version, files: { ...(only ? previous : {}), ...sizes } }, null, 2) + '\n',
  );
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
console.log(`pdf: wrote ${out}; run "npm run build" again to link the PDFs from the chapters.`);
