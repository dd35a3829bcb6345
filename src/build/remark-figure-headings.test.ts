import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import remarkFigureHeadings from './remark-figure-headings.ts';

/** Each figure's name and the headingLevel it ends up with. */
function levels(mdx: string): [string, unknown][] {
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkFigureHeadings);
  const tree = processor.runSync(processor.parse(mdx));
  const found: [string, unknown][] = [];
  visit(tree, (node) => {
    const element = node as unknown as {
      type: string;
      name?: string;
      attributes?: { name?: string; value?: unknown }[];
    };
    if (element.type !== 'mdxJsxFlowElement') return;
    found.push([element.name ?? '', element.attributes?.find((a) => a.name === 'headingLevel')?.value]);
  });
  return found;
}

describe('remark-figure-headings', () => {
  it("puts each figure's part headings one level below the section that holds it", () => {
    const mdx = [
      '<IntroFigure />',
      '## Section',
      '<AttackLabFigure />',
      '### Subsection',
      '<WherePointsFigure id="fig-x" />',
      '## Next section',
      '<ThreeKindsFigure />',
    ].join('\n\n');
    expect(levels(mdx)).toEqual([
      ['IntroFigure', '2'],
      ['AttackLabFigure', '3'],
      ['WherePointsFigure', '4'],
      ['ThreeKindsFigure', '3'],
    ]);
  });

  it('keeps a level the author wrote, never goes past h6, and leaves other components alone', () => {
    const mdx = [
      '## A',
      '<AttackLabFigure headingLevel="5" />',
      '###### Deep',
      '<SwissRollFigure />',
      '<Aside />',
    ].join('\n\n');
    expect(levels(mdx)).toEqual([
      ['AttackLabFigure', '5'],
      ['SwissRollFigure', '6'],
      ['Aside', undefined],
    ]);
  });
});
