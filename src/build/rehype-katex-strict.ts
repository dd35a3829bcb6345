// rehype-katex reports a formula it cannot parse as a warning and renders it in red. We want a
// broken formula to stop the build, naming the file and the TeX.
import type { Root, Element } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { toText } from 'hast-util-to-text';

export default function rehypeKatexStrict() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      const cls = node.properties?.className;
      if (Array.isArray(cls) && cls.includes('katex-error')) {
        const title = String(node.properties?.title ?? '');
        throw new Error(`KaTeX could not render "${toText(node)}" in ${file.path ?? 'a chapter'}: ${title}`);
      }
    });
  };
}
