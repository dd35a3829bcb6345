// The section redirect table (content/redirects.json), checked against the book's ids at build time:
// a chapter that does not exist, an old id that still exists or a target that does not is an error.
import { z } from 'astro/zod';
import { getBook } from './book.ts';
import { checkRedirects, type RedirectTable } from '../lib/section-redirects.ts';
import table from '../../content/redirects.json';

const schema = z.record(z.string(), z.record(z.string(), z.string()));

/** Every id a reader can link to in each chapter: its headings and its numbered labels. */
function idsBySlug(): Map<string, Set<string>> {
  const { chapters, labels } = getBook();
  const ids = new Map(chapters.map((c) => [c.slug, new Set(c.headings.map((h) => h.id))]));
  for (const label of labels.values()) ids.get(label.slug)?.add(label.id);
  return ids;
}

let checked: RedirectTable | undefined;
export function checkedRedirects(): RedirectTable {
  if (checked) return checked;
  const parsed = schema.safeParse(table);
  if (!parsed.success) throw new Error(`content/redirects.json: ${parsed.error.message}`);
  const problems = checkRedirects(parsed.data, idsBySlug());
  if (problems.length > 0) throw new Error(`content/redirects.json:\n  ${problems.join('\n  ')}`);
  checked = parsed.data;
  return checked;
}
