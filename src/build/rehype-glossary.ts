// Links the first use of each glossary term in a chapter to its entry on the glossary page, with the
// definition in a card shown on hover and on keyboard focus (the citation cards' mechanism: CSS only,
// the card is also the link's description). Not inside headings, links, code, math, figures, tables
// or citations. Also marks the chapter's first formula with a link to the notation table.
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import type { VFile } from 'vfile';
import { termFinder, type GlossaryEntry } from '../lib/glossary.ts';

export interface GlossaryOptions {
  entries: readonly GlossaryEntry[];
  /** The glossary page's address (with the site's base path), e.g. "/courses/ml/aside/glossary/". */
  glossaryHref: string;
  /** The notation page's address; no mark when left out. */
  notationHref?: string;
  /** Which files to process: by default, chapters (content/chapters/*.mdx). */
  include?: (path: string) => boolean;
  /** The chapter's slug, for entries linked only in some chapters; by default from "NN-slug.mdx". */
  slugOf?: (path: string) => string | undefined;
}

type Node = Root | RootContent;
/** MDX components in the tree (<Note>, <Ref>…) are `mdxJsxFlowElement` / `mdxJsxTextElement` nodes. */
interface MdxJsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  children: Node[];
}

const SKIP_TAGS = new Set([
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'code',
  'pre',
  'kbd',
  'samp',
  'script',
  'style',
  'svg',
  'math',
  'button',
  'figcaption',
  'table',
  'summary',
]);
const SKIP_CLASSES = ['katex', 'katex-display', 'math', 'math-inline', 'math-display'];
/** Components whose text is a link, a label or a picture: Ref, Cite, figures, tables and equations. */
const skipComponent = (name: string | null) =>
  name !== null && (/^(Ref|Cite|Equation|TableFigure|Figure|H[1-6])$/.test(name) || name.endsWith('Figure'));

const isMdxElement = (node: Node): node is Node & MdxJsxElement =>
  node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';

function classesOf(node: Element): string[] {
  const c: unknown = node.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

function skipped(node: Node): boolean {
  if (node.type === 'element')
    return SKIP_TAGS.has(node.tagName) || classesOf(node).some((c) => SKIP_CLASSES.includes(c));
  if (isMdxElement(node)) return skipComponent(node.name);
  return node.type === 'comment' || node.type === 'raw' || node.type === 'doctype';
}

function childrenOf(node: Node): Node[] | undefined {
  return 'children' in node && Array.isArray(node.children) ? (node.children as Node[]) : undefined;
}

/** "content/chapters/05-adversarial-examples.mdx" → "adversarial-examples". */
function defaultSlug(path: string): string | undefined {
  return /(?:^|\/)\d{2}-([a-z0-9-]+)\.mdx$/.exec(path)?.[1];
}

const isChapter = (path: string) => /(?:^|\/)content\/chapters\/[^/]+\.mdx$/.test(path);

export default function rehypeGlossary(options: GlossaryOptions) {
  const find = termFinder(options.entries);
  const byId = new Map(options.entries.map((e) => [e.id, e]));
  const include = options.include ?? isChapter;
  const slugOf = options.slugOf ?? defaultSlug;

  return (tree: Root, file: VFile) => {
    const path = file.path ?? '';
    if (!include(path)) return;
    const slug = slugOf(path);
    const used = new Set<string>();
    let cards = 0;
    const allowed = (id: string) => {
      const only = byId.get(id)?.in;
      return !used.has(id) && (!only || (slug !== undefined && only.includes(slug)));
    };

    /** The link and its card for one use of a term. */
    const link = (entry: GlossaryEntry, text: string): Element => {
      cards += 1;
      const cardId = `gloss-card-${cards}`;
      return {
        type: 'element',
        tagName: 'span',
        properties: { className: ['gloss'] },
        children: [
          {
            type: 'element',
            tagName: 'a',
            properties: {
              className: ['gloss-link'],
              href: `${options.glossaryHref}#${entry.id}`,
              ariaDescribedBy: [cardId],
            },
            children: [{ type: 'text', value: text }],
          },
          {
            type: 'element',
            tagName: 'span',
            // Not indexed for search: a definition is no use of the term in this chapter.
            properties: { className: ['gloss-card'], role: 'tooltip', id: cardId, dataPagefindIgnore: '' },
            children: [
              {
                type: 'element',
                tagName: 'span',
                properties: { className: ['gloss-card-term'] },
                children: [{ type: 'text', value: entry.term }],
              },
              { type: 'text', value: entry.definition },
            ],
          },
        ],
      };
    };

    /** The text node split around the first uses it contains (none: undefined). */
    const linkText = (node: Text): ElementContent[] | undefined => {
      const out: ElementContent[] = [];
      let at = 0;
      for (const m of find(node.value)) {
        if (m.index < at || !allowed(m.id)) continue;
        used.add(m.id);
        if (m.index > at) out.push({ type: 'text', value: node.value.slice(at, m.index) });
        out.push(link(byId.get(m.id)!, node.value.slice(m.index, m.index + m.length)));
        at = m.index + m.length;
      }
      if (out.length === 0) return undefined;
      if (at < node.value.length) out.push({ type: 'text', value: node.value.slice(at) });
      return out;
    };

    let notationMarked = !options.notationHref;
    const notationMark = (display: boolean): Element => ({
      type: 'element',
      tagName: 'a',
      properties: {
        className: display ? ['notation-mark', 'notation-mark-display'] : ['notation-mark'],
        href: options.notationHref!,
        ariaLabel: 'notation: what each symbol of the book means',
      },
      children: [{ type: 'text', value: 'notation' }],
    });

    // Depth first, in document order, so that "first use" means first for a reader.
    const walk = (parent: Node) => {
      const children = childrenOf(parent);
      if (!children) return;
      for (let i = 0; i < children.length; i++) {
        const child = children[i]!;
        if (!notationMarked && child.type === 'element') {
          const cls = classesOf(child);
          if (cls.includes('katex-display') || cls.includes('katex')) {
            notationMarked = true;
            children.splice(i + 1, 0, notationMark(cls.includes('katex-display')));
            i += 1;
            continue;
          }
        }
        if (child.type === 'text') {
          const parts = linkText(child);
          if (parts) {
            children.splice(i, 1, ...(parts as Node[]));
            i += parts.length - 1;
          }
          continue;
        }
        if (skipped(child)) {
          // Math is not linked, but the notation mark still looks for the first formula inside
          // figures and equations.
          if (!notationMarked) markFirstFormula(child);
          continue;
        }
        walk(child);
      }
    };

    /** Only looks for the first formula (inside an element whose words are not linked). */
    const markFirstFormula = (parent: Node) => {
      const children = childrenOf(parent);
      if (!children || (parent.type === 'element' && SKIP_TAGS.has(parent.tagName) && parent.tagName !== 'table'))
        return;
      for (let i = 0; i < children.length && !notationMarked; i++) {
        const child = children[i]!;
        if (child.type === 'element') {
          const cls = classesOf(child);
          if (cls.includes('katex-display') || cls.includes('katex')) {
            notationMarked = true;
            children.splice(i + 1, 0, notationMark(cls.includes('katex-display')));
            return;
          }
        }
        markFirstFormula(child);
      }
    };

    walk(tree);
  };
}
