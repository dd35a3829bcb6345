/**
 * The bibliography: one JSON file (content/references.json), one entry per work, each with a stable
 * id that citations and the references page link to. A web page that changes over time (a leaderboard,
 * documentation) has an `accessed` date (YYYY-MM-DD) instead of, or besides, a publication year.
 */
import { z } from 'zod';

export const ReferenceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lowercase words and digits joined by hyphens'),
    authors: z.array(z.string().min(1)).min(1),
    title: z.string().min(1),
    venue: z.string().min(1),
    year: z.number().int().min(1800).max(2100).optional(),
    accessed: z.iso.date().optional(),
    url: z.url(),
    note: z.string().min(1),
  })
  .refine((r) => r.year !== undefined || r.accessed !== undefined, {
    message: 'needs a publication year or, for a web page, an accessed date',
    path: ['year'],
  });
export type Reference = z.infer<typeof ReferenceSchema>;

export function parseBibliography(json: unknown, file = 'content/references.json'): Map<string, Reference> {
  const parsed = z.array(ReferenceSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: entry ${issue.path.join('.')}: ${issue.message}`);
  }
  const byId = new Map<string, Reference>();
  for (const entry of parsed.data) {
    if (byId.has(entry.id)) throw new Error(`${file}: id "${entry.id}" appears twice`);
    byId.set(entry.id, entry);
  }
  return byId;
}

/** Family name of an author written "Family, Given" (or "Given Family" / an organisation). */
export function familyName(author: string): string {
  if (author.includes(',')) return author.split(',')[0]!.trim();
  const parts = author.trim().split(/\s+/);
  return parts.length > 1 && !/^[a-z]/.test(author) && !/developers|team|project|\blab\b|\(/i.test(author)
    ? parts.at(-1)!
    : author.trim();
}

/** In-text label: "Szegedy et al., 2014", "Carlini & Wagner, 2017", "Olah, 2014"; "n.d." without a year. */
export function citeLabel(ref: Reference): string {
  const names = ref.authors.map(familyName);
  const who = names.length === 1 ? names[0] : names.length === 2 ? `${names[0]} & ${names[1]}` : `${names[0]} et al.`;
  return `${who}, ${ref.year ?? 'n.d.'}`;
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

/** "2014", "2014, accessed 5 December 2026" or "accessed 5 December 2026": the date part of an entry. */
export function dateLine(ref: Reference): string {
  const parts: string[] = [];
  if (ref.year !== undefined) parts.push(String(ref.year));
  if (ref.accessed) {
    const [y, m, d] = ref.accessed.split('-').map(Number) as [number, number, number];
    parts.push(`accessed ${d} ${MONTHS[m - 1]} ${y}`);
  }
  return parts.join(', ');
}

/** Authors as listed on the references page: "Given Family, Given Family and Given Family". */
export function authorList(ref: Reference): string {
  const full = ref.authors.map((a) => (a.includes(',') ? `${a.split(',')[1]!.trim()} ${a.split(',')[0]!.trim()}` : a));
  return full.length <= 2 ? full.join(' and ') : `${full.slice(0, -1).join(', ')} and ${full.at(-1)}`;
}

/** Splits a `<Cite id="a,b">` attribute and checks every id exists. */
export function resolveCitation(ids: string, bibliography: Map<string, Reference>, where = 'citation'): Reference[] {
  return ids
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
    .map((id) => {
      const ref = bibliography.get(id);
      if (!ref) throw new Error(`${where}: no reference with id "${id}" in content/references.json`);
      return ref;
    });
}
