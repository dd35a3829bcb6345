// A formula KaTeX cannot parse stops the build, naming the file and the TeX; good formulas pass.
import type { Element, Root } from 'hast';
import rehypeKatex from 'rehype-katex';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeKatexStrict from './rehype-katex-strict.ts';

/** What remark-math hands rehype for an inline formula. */
const inlineMath = (tex: string): Element => ({
  type: 'element',
  tagName: 'code',
  properties: { className: ['language-math', 'math-inline'] },
  children: [{ type: 'text', value: tex }],
});
const page = (...math: Element[]): Root => ({
  type: 'root',
  children: [{ type: 'element', tagName: 'p', properties: {}, children: math }],
});

async function render(tree: Root, file: VFile) {
  // rehype-katex as the site configures it; its transformer takes the tree and the file.
  const katex = (rehypeKatex as unknown as (o: object) => (t: Root, f: VFile) => void)({ output: 'htmlAndMathml' });
  katex(tree, file);
  rehypeKatexStrict()(tree, file);
}

describe('rehypeKatexStrict', () => {
  it('lets formulas KaTeX renders through', async () => {
    const tree = page(inlineMath('x \\in \\mathbb{R}^{150528}'));
    await expect(render(tree, new VFile({ path: 'content/chapters/01-a.mdx' }))).resolves.toBeUndefined();
    expect(JSON.stringify(tree)).toContain('katex');
  });

  it('stops at a formula KaTeX cannot parse, naming the file and the TeX', async () => {
    const tree = page(inlineMath('\\frac{1}{'));
    await expect(render(tree, new VFile({ path: 'content/chapters/02-b.mdx' }))).rejects.toThrow(
      /^KaTeX could not render "\\frac\{1\}\{" in content\/chapters\/02-b\.mdx: /,
    );
  });
});
