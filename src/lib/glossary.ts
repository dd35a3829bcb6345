/**
 * The glossary (content/glossary.json): one entry per term the chapters rely on, with the word forms
 * that count as a use of it. The build links each term's first use in each chapter to its entry
 * (src/build/rehype-glossary.ts), and the glossary page lists them all.
 */
import { z } from 'zod';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const glossaryEntrySchema = z
  .object({
    /** Stable anchor on the glossary page: `glossary/#manifold`. */
    id: z.string().regex(ID, 'ids are lowercase words joined by hyphens'),
    /** The term as the glossary prints it. */
    term: z.string().min(1),
    /** Word forms that count as a use in a chapter. A form starting with a lowercase letter also
     * matches with its first letter capitalised; an empty list means the page only, no links. */
    forms: z.array(z.string().min(2)),
    /** Plain text, one to three sentences, our own words. */
    definition: z.string().min(20).max(400),
    /** Where the book introduces it: `slug#heading-id`. */
    introduced: z.string().regex(/^[a-z0-9-]+#[a-z0-9-]+$/),
    /** Related entries, by id. */
    see: z.array(z.string().regex(ID)).optional(),
    /** Only link uses in these chapters (by slug): for a word that means something else elsewhere. */
    in: z.array(z.string().regex(ID)).optional(),
  })
  .strict();
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

/** Validates the glossary: unique ids and forms, and `see` entries that exist. */
export function parseGlossary(json: unknown, file = 'content/glossary.json'): GlossaryEntry[] {
  const parsed = z.array(glossaryEntrySchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: entry ${issue.path.join('.')}: ${issue.message}`);
  }
  const entries = parsed.data;
  const ids = new Set<string>();
  const forms = new Map<string, string>();
  for (const e of entries) {
    if (ids.has(e.id)) throw new Error(`${file}: id "${e.id}" appears twice`);
    ids.add(e.id);
    for (const f of e.forms) {
      const key = normaliseForm(f);
      const other = forms.get(key);
      if (other) throw new Error(`${file}: the form "${f}" belongs to both "${other}" and "${e.id}"`);
      forms.set(key, e.id);
    }
  }
  for (const e of entries)
    for (const s of e.see ?? []) if (!ids.has(s)) throw new Error(`${file}: "${e.id}" sees "${s}", which is no entry`);
  return entries;
}

/** Forms compare with runs of white space as one space and a capitalised first letter as lowercase. */
function normaliseForm(text: string): string {
  const spaced = text.trim().replace(/\s+/g, ' ');
  return spaced.charAt(0).toLowerCase() + spaced.slice(1);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A letter, digit, underscore or hyphen: a term must not start or end inside a longer word. */
const WORD_CHAR = String.raw`[\p{L}\p{N}_\-]`;

export interface TermMatch {
  id: string;
  /** Offset and length of the matched text. */
  index: number;
  length: number;
}

/**
 * Finds uses of the glossary's terms in a text, longest form first at any position ("hard negative
 * mining" before "hard negative"), whole words only, line breaks counting as spaces.
 */
export function termFinder(entries: readonly GlossaryEntry[]): (text: string) => TermMatch[] {
  const byForm = new Map<string, string>();
  for (const e of entries) for (const f of e.forms) byForm.set(normaliseForm(f), e.id);
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return () => [];
  const pattern = forms
    .map((f) => {
      const first = f.charAt(0);
      const head =
        first.toLowerCase() !== first.toUpperCase() ? `[${first}${first.toUpperCase()}]` : escapeRegExp(first);
      return head + escapeRegExp(f.slice(1)).replace(/ /g, String.raw`\s+`);
    })
    .join('|');
  const regex = new RegExp(`(?<!${WORD_CHAR})(?:${pattern})(?!${WORD_CHAR})`, 'gu');
  return (text) =>
    [...text.matchAll(regex)].flatMap((m) => {
      const id = byForm.get(normaliseForm(m[0]));
      return id === undefined ? [] : [{ id, index: m.index, length: m[0].length }];
    });
}
