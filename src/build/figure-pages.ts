// Which figures get a page of their own (src/pages/figures/): every interactive figure, and every
// static diagram written as `<Figure id="…" caption="…"><Diagram /></Figure>`, so that present mode
// can step through all of a chapter's figures. Build-time only.
import { getBook, chapterBySlug, type ChapterInfo } from './book.ts';
import type { Label } from '../lib/labels.ts';
import { withBase } from '../lib/base-url.ts';

const chapterSources = import.meta.glob<string>('../../content/chapters/*.mdx', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const diagramFiles = import.meta.glob('../components/diagrams/*.astro', { eager: true });
const diagramNames = new Set(Object.keys(diagramFiles).map((p) => p.replace(/^.*\/(\w+)\.astro$/, '$1')));

export type FigurePage =
  | { label: Label; chapter: ChapterInfo; kind: 'interactive'; component: string; props: Record<string, string> }
  | { label: Label; chapter: ChapterInfo; kind: 'diagram'; component: string; caption: string };

/** `<Figure id="x" caption="…">` whose only child is one diagram tag without attributes. */
const DIAGRAM_FIGURE = /<Figure\s+id="([a-z0-9-]+)"\s+caption="([^"]*)"\s*>\s*<([A-Z][A-Za-z0-9]*)\s*\/>\s*<\/Figure>/g;

let diagramsCache: Map<string, { component: string; caption: string }> | undefined;
function diagramFigures(): Map<string, { component: string; caption: string }> {
  if (diagramsCache) return diagramsCache;
  const found = new Map<string, { component: string; caption: string }>();
  for (const source of Object.values(chapterSources))
    for (const m of source.matchAll(DIAGRAM_FIGURE)) {
      const [, id, caption, component] = m;
      if (id && component && diagramNames.has(component)) found.set(id, { component, caption: caption ?? '' });
    }
  diagramsCache = found;
  return found;
}

/** Whether a figure has a page of its own (for the "open on a page of its own" link). */
export function hasFigurePage(label: Label): boolean {
  return label.kind === 'figure' && (!!label.widget || diagramFigures().has(label.id));
}

/**
 * In book order: chapter by chapter, figures in the order they appear. `interactive` names the
 * widget components that can render alone (src/mdx.ts's interactiveFigures).
 */
export function figurePages(interactive: ReadonlySet<string>): FigurePage[] {
  const diagrams = diagramFigures();
  const pages: FigurePage[] = [];
  for (const label of getBook().labels.values()) {
    if (label.kind !== 'figure') continue;
    const chapter = chapterBySlug(label.slug);
    if (!chapter) continue;
    const diagram = diagrams.get(label.id);
    if (label.widget && interactive.has(label.widget.component))
      pages.push({ label, chapter, kind: 'interactive', component: label.widget.component, props: label.widget.props });
    else if (diagram) pages.push({ label, chapter, kind: 'diagram', ...diagram });
  }
  return pages.sort((a, b) => a.label.chapter - b.label.chapter || a.label.index - b.label.index);
}

/** The figure pages of the same chapter just before and after `id`, for present mode's arrow keys. */
export function neighbours(pages: FigurePage[], id: string): { prev?: FigurePage; next?: FigurePage } {
  const at = pages.findIndex((p) => p.label.id === id);
  const here = pages[at];
  if (!here) return {};
  const same = (p: FigurePage | undefined) => (p && p.label.slug === here.label.slug ? p : undefined);
  return { prev: same(pages[at - 1]), next: same(pages[at + 1]) };
}

export function figurePagePath(base: string, id: string): string {
  return withBase(base, `figures/${id}/`);
}
