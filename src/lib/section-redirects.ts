/**
 * Section ids never change once published; when one must, the old id keeps working through a
 * redirect table (content/redirects.json): per chapter slug, old id → new id, where the new id may
 * name another chapter as "slug#id" when the section moved there. The build checks the table
 * (checkRedirects) and a small script applies it to the address a reader opened (resolveRedirect).
 */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TARGET = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*#)?[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type RedirectTable = Record<string, Record<string, string>>;

export interface RedirectTarget {
  slug: string;
  id: string;
}

/** "slug#id" or "id" (in `fromSlug`) → { slug, id }. */
function parseTarget(target: string, fromSlug: string): RedirectTarget {
  const hash = target.indexOf('#');
  return hash < 0 ? { slug: fromSlug, id: target } : { slug: target.slice(0, hash), id: target.slice(hash + 1) };
}

/**
 * Where an old id of chapter `slug` now lives, following chains (a → b, later b → c) to the end;
 * undefined when the id is not in the table, or when the chain runs in a circle.
 */
export function resolveRedirect(table: RedirectTable, slug: string, id: string): RedirectTarget | undefined {
  let at: RedirectTarget = { slug, id };
  const seen = new Set<string>();
  for (;;) {
    const entries = Object.hasOwn(table, at.slug) ? table[at.slug] : undefined;
    const next = entries && Object.hasOwn(entries, at.id) ? entries[at.id] : undefined;
    if (typeof next !== 'string') break;
    if (seen.has(`${at.slug}#${at.id}`)) return undefined;
    seen.add(`${at.slug}#${at.id}`);
    at = parseTarget(next, at.slug);
  }
  return at.slug === slug && at.id === id ? undefined : at;
}

/**
 * Problems with a table, given the ids each chapter has now: an unknown chapter, a malformed id,
 * an old id that still exists (it would never be redirected), or a target that does not exist.
 */
export function checkRedirects(table: RedirectTable, idsBySlug: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const problems: string[] = [];
  for (const [slug, entries] of Object.entries(table)) {
    const ids = idsBySlug.get(slug);
    if (!ids) {
      problems.push(`"${slug}" is not a chapter`);
      continue;
    }
    for (const [old, target] of Object.entries(entries)) {
      const where = `${slug}#${old}`;
      if (!ID.test(old)) problems.push(`${where}: old ids are lowercase words joined by hyphens`);
      if (ids.has(old)) problems.push(`${where}: this id still exists in the chapter, so it would never be redirected`);
      if (!TARGET.test(target)) {
        problems.push(`${where}: target "${target}" must be "id" or "chapter-slug#id"`);
        continue;
      }
      const end = resolveRedirect(table, slug, old);
      if (!end || !idsBySlug.get(end.slug)?.has(end.id))
        problems.push(
          `${where}: target "${target}" leads to ${end ? `${end.slug}#${end.id}` : 'a circle'}, which does not exist`,
        );
    }
  }
  return problems;
}
