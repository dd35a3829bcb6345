// Takes the stable id written after a heading ("## Title [#id]") out of its text and puts it on the
// element, so ids never derive from wording that may change. The checks (every heading has an id, no
// duplicates) live in src/lib/labels.ts and run when the book is loaded.
import type { Root, Heading, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { parseHeadingText } from '../lib/labels.ts';

export default function remarkHeadingIds() {
  return (tree: Root) => {
    visit(tree, 'heading', (node: Heading) => {
      const last = node.children.at(-1);
      if (!last || last.type !== 'text') return;
      const { id } = parseHeadingText((last as Text).value);
      if (!id) return;
      // Only the "[#id]" goes: a space before this text may follow emphasis or code ("*pixel* space").
      (last as Text).value = (last as Text).value.replace(/\s*\[#[^\]\s]+\]\s*$/, '');
      // remark-rehype copies `data.hProperties` onto the element; mdast's types do not declare it.
      const data = (node.data ?? {}) as { hProperties?: Record<string, unknown> };
      node.data = { ...data, hProperties: { ...data.hProperties, id } } as typeof node.data;
    });
  };
}
