import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import remarkHeadingIds from './remark-heading-ids.ts';

const heading = (value: string, depth: 2 | 3 = 2) =>
  ({ type: 'heading', depth, children: [{ type: 'text', value }] }) as Root['children'][number];
const run = (...children: Root['children']) => {
  const tree: Root = { type: 'root', children };
  remarkHeadingIds()(tree);
  return tree;
};

describe('remarkHeadingIds', () => {
  it('moves "[#id]" from the heading text onto the element', () => {
    const [h] = run(heading('The manifold hypothesis [#manifold-hypothesis]')).children;
    expect(h).toMatchObject({
      children: [{ type: 'text', value: 'The manifold hypothesis' }],
      data: { hProperties: { id: 'manifold-hypothesis' } },
    });
  });

  it('keeps properties already there and leaves headings without an id alone', () => {
    const withData = heading('A [#a]', 3);
    (withData as { data?: unknown }).data = { hProperties: { className: ['x'] } };
    const [a, b] = run(withData, heading('No id here')).children;
    expect(a).toMatchObject({ data: { hProperties: { className: ['x'], id: 'a' } } });
    expect(b).toEqual(heading('No id here'));
  });

  it('reads the id only at the end of the last text', () => {
    const emphasised = {
      type: 'heading',
      depth: 2,
      children: [
        { type: 'text', value: 'Why ' },
        { type: 'emphasis', children: [{ type: 'text', value: 'pixel [#not-this]' }] },
        { type: 'text', value: ' space fails [#why-pixel-space-fails]' },
      ],
    } as Root['children'][number];
    const [h] = run(emphasised).children as unknown as [{ children: { value?: string }[]; data?: unknown }];
    expect(h.children.at(-1)?.value).toBe(' space fails');
    expect(h.data).toEqual({ hProperties: { id: 'why-pixel-space-fails' } });
  });
});
