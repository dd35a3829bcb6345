// PDFs made by `npm run pdf` (scripts/pdf.ts) into public/pdf/, which is not committed: a build that
// finds them copies them into the site like any public file and links them; one that does not, does not.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface PdfFile {
  /** Site-relative path, e.g. "pdf/distribution-shift.pdf". */
  path: string;
  /** "412 KB" */
  size: string;
}

function find(name: string): PdfFile | undefined {
  const file = resolve('public/pdf', `${name}.pdf`);
  if (!existsSync(file)) return undefined;
  const kb = statSync(file).size / 1024;
  return { path: `pdf/${name}.pdf`, size: kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} KB` };
}

/** The PDF of one chapter (by slug) and of the whole book, where `npm run pdf` made them. */
export function pdfFiles(slug: string): { chapter?: PdfFile; book?: PdfFile } {
  const chapter = find(slug);
  const book = find('book');
  return { ...(chapter && { chapter }), ...(book && { book }) };
}
