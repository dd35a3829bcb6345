// The glossary plugin on real MDX, through the same stages the site uses (remark-math, MDX, KaTeX).
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import { VFile } from 'vfile';
import type { Root } from 'hast';
import rehypeGlossary from './rehype-glossary.ts';
import type { GlossaryEntry } from '../lib/glossary.ts';

const entries: GlossaryEntry[] = [
  {
    id: 'manifold',
    term: 'manifold',
    forms: ['manifold', 'manifolds'],
    definition: 'A set that looks flat up close.',
    introduced: 'a#b',
  },
  {
    id: 'mode',
    term: 'mode',
    forms: ['mode', 'modes'],
    definition: 'A local maximum of a density.',
    introduced: 'a#b',
  },
  { id: 'fgsm', term: 'FGSM', forms: ['FGSM'], definition: 'The fast gradient sign method.', introduced: 'a#b' },
  {
    id: 'transfer',
    term: 'transfer',
    forms: ['transfer'],
    definition: 'An attack that fools a second model.',
    introduced: 'a#b',
    in: ['adversarial-examples'],
  },
];

const MDX_NODES = [
  'mdxFlowExpression',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
  'mdxTextExpression',
  'mdxjsEsm',
] as const;

async function run(source: string, path = 'content/chapters/01-high-dimensional-distributions.mdx') {
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkMath)
    .use(remarkRehype, { passThrough: [...MDX_NODES] })
    .use(rehypeKatex)
    .use(rehypeGlossary, { entries, glossaryHref: '/base/glossary/', notationHref: '/base/notation/' });
  return (await processor.run(processor.parse(new VFile({ value: source, path })), new VFile({ path }))) as Root;
}

type AnyNode = {
  type: string;
  tagName?: string;
  name?: string | null;
  properties?: Record<string, unknown>;
  children?: AnyNode[];
  value?: string;
};
const text = (n: AnyNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(text).join(''));
const hasClass = (n: AnyNode, c: string) =>
  Array.isArray(n.properties?.className) && (n.properties.className as string[]).includes(c);

/** Every element with class `cls`, with the chain of its ancestors' names (tags or component names). */
function find(tree: Root, cls: string) {
  const out: { node: AnyNode; ancestors: string[] }[] = [];
  const walk = (n: AnyNode, ancestors: string[]) => {
    if (hasClass(n, cls)) out.push({ node: n, ancestors });
    for (const c of n.children ?? []) walk(c, [...ancestors, n.tagName ?? n.name ?? n.type]);
  };
  walk(tree as unknown as AnyNode, []);
  return out;
}
const linked = (tree: Root) => find(tree, 'gloss-link').map(({ node }) => text(node));

describe('rehype-glossary', () => {
  it('links the first use of each term only, to its entry, with the definition as the card', async () => {
    const tree = await run('A manifold is nice. Another manifold, and modes.\n\nMore manifolds.');
    expect(linked(tree)).toEqual(['manifold', 'modes']);
    const [first] = find(tree, 'gloss');
    const link = first!.node.children![0]!;
    const card = first!.node.children![1]!;
    expect(link.properties?.href).toBe('/base/glossary/#manifold');
    expect(link.properties?.ariaDescribedBy).toEqual([card.properties?.id]);
    expect(card.properties?.role).toBe('tooltip');
    expect(text(card)).toBe('manifoldA set that looks flat up close.');
    // The paragraph still reads the same.
    expect(text(tree as unknown as AnyNode)).toContain('A manifold');
  });

  it('skips headings, code, math, links and citations, then links the next use in prose', async () => {
    const source = [
      '## The manifold [#m]',
      '',
      'See `manifold` and $\\text{manifold}$ and [a manifold](https://example.org) and <Ref to="x">manifold</Ref>.',
      '',
      '```',
      'manifold',
      '```',
      '',
      '<Figure id="fig-x" caption="manifold">manifold in a figure</Figure>',
      '',
      '<Note>A manifold in a note.</Note>',
    ].join('\n');
    const tree = await run(source);
    const found = find(tree, 'gloss-link');
    expect(found.map(({ node }) => text(node))).toEqual(['manifold']);
    expect(found[0]!.ancestors).toContain('Note');
  });

  it('counts a use inside emphasis and a term split over two lines', async () => {
    const tree = await run('The **manifold\nhypothesis** aside, *FGSM* and\nmodes.');
    expect(linked(tree)).toEqual(['manifold', 'FGSM', 'modes']);
  });

  it('starts afresh in every chapter and leaves other files alone', async () => {
    expect(linked(await run('manifold', 'content/chapters/02-feature-space.mdx'))).toEqual(['manifold']);
    expect(linked(await run('manifold', 'content/front.mdx'))).toEqual([]);
    expect(linked(await run('manifold', 'content/exercises/01-high-dimensional-distributions.mdx'))).toEqual([]);
  });

  it('links a term restricted to some chapters only there', async () => {
    expect(linked(await run('They transfer.', 'content/chapters/05-adversarial-examples.mdx'))).toEqual(['transfer']);
    expect(linked(await run('They transfer.', 'content/chapters/07-adversarial-training.mdx'))).toEqual([]);
  });

  it('gives every card on a page its own id', async () => {
    const tree = await run('manifold, mode, FGSM');
    const ids = find(tree, 'gloss-card').map(({ node }) => node.properties?.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('marks the first formula, inline or displayed, with a link to the notation', async () => {
    const inline = await run('Text $x$ and $y$.');
    const marks = find(inline, 'notation-mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.node.properties?.href).toBe('/base/notation/');
    const display = await run('Text.\n\n<Equation id="eq-a">\n\n$$\na = b\n$$\n\n</Equation>\n\nThen $x$.');
    const [mark] = find(display, 'notation-mark');
    expect(hasClass(mark!.node, 'notation-mark-display')).toBe(true);
    expect(mark!.ancestors).toContain('Equation');
  });
});
