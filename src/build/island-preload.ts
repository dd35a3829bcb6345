// The code an island needs, named on the island so that its directive can ask for all of it at once.
// An island's module imports shared chunks, which import others: the browser discovers them one level
// at a time, one round trip per level (four for the attack lab). `client:ahead` reads `data-preload`
// and adds a modulepreload link for each before it imports the island (src/runtime/hydrate-ahead.ts).
import { init, parse } from 'es-module-lexer';

/** The directives that read `data-preload`; other islands are left as they are. */
const READERS = new Set(['ahead']);

/** The module lexer Astro also uses (WebAssembly): await this before the functions below. */
export const lexerReady: Promise<void> = init;

/** The chunks `code` imports statically (`./name.js`, as written); dynamic imports are not followed. */
export function staticImports(code: string): string[] {
  const [imports] = parse(code);
  return imports.filter((i) => i.d === -1 && i.n?.startsWith('./')).map((i) => i.n!);
}

/**
 * The chunk names reached by static imports from `entries` (names in one folder), entries included,
 * in the order found; `read` gives a chunk's code, or null for a name that is not there (left out).
 */
export function importClosure(entries: string[], read: (name: string) => string | null): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    const code = read(name);
    if (code === null) continue;
    seen.add(name);
    for (const next of staticImports(code)) queue.push(next.slice(2));
  }
  return [...seen];
}

const ISLAND = /<astro-island\b[^>]*>/g;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const fileName = (url: string) => url.split('/').pop() ?? url;
const folderOf = (url: string) => url.slice(0, url.lastIndexOf('/') + 1);

/**
 * `html` with `data-preload` (space-separated chunk names, in the component's folder) on each island
 * whose directive reads it: the static-import closure of its component and its renderer.
 */
export function addIslandPreloads(html: string, read: (name: string) => string | null): string {
  return html.replace(ISLAND, (tag) => {
    const component = attr(tag, 'component-url');
    const renderer = attr(tag, 'renderer-url');
    if (!READERS.has(attr(tag, 'client') ?? '') || !component || / data-preload=/.test(tag)) return tag;
    // Both live in one folder (Vite's assets folder); a renderer elsewhere is left to load as usual.
    const entries = [component, ...(renderer && folderOf(renderer) === folderOf(component) ? [renderer] : [])];
    const names = importClosure(entries.map(fileName), read);
    return names.length ? tag.replace(/>$/, ` data-preload="${names.join(' ')}">`) : tag;
  });
}
