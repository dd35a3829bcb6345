// Tells each figure in a chapter at which level its part headings go: one below the last heading
// before it (`<WherePointsFigure />` after a "### …" gets headingLevel="4"). An author who moves a
// figure to another section never has to renumber its headings by hand; a level written in the MDX wins.
import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/** The part of remark-mdx's JSX node this reads and writes. */
interface JsxFlowElement {
  type: 'mdxJsxFlowElement';
  name: string | null;
  attributes: { type: string; name?: string; value?: unknown }[];
}

/** Interactive figures are the chapter components whose name ends in "Figure". */
const FIGURE = /Figure$/;

export default function remarkFigureHeadings() {
  return (tree: Root) => {
    let depth = 1;
    visit(tree, (node) => {
      if (node.type === 'heading') depth = (node as Heading).depth;
      if (node.type !== 'mdxJsxFlowElement') return;
      const element = node as unknown as JsxFlowElement;
      if (!element.name || !FIGURE.test(element.name)) return;
      if (element.attributes.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'headingLevel')) return;
      element.attributes.push({ type: 'mdxJsxAttribute', name: 'headingLevel', value: String(Math.min(depth + 1, 6)) });
    });
  };
}
