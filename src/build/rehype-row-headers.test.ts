// Tables with an empty corner cell get row headers; other tables are left as they are.
import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import rehypeRowHeaders from './rehype-row-headers.ts';

const cell = (tagName: string, text: string): Element => ({
  type: 'element',
  tagName,
  properties: {},
  children: text ? [{ type: 'text', value: text }] : [],
});
const row = (tagName: string, ...texts: string[]): Element => ({
  type: 'element',
  tagName: 'tr',
  properties: {},
  children: texts.map((t, i) => cell(i === 0 && tagName === 'th' ? 'th' : tagName, t)),
});
/** The first body row's cells as "tag[scope]:text". */
const firstBodyRow = (tree: Root) => {
  const tbody = ((tree.children[0] as Element).children[1] as Element).children[0] as Element;
  return tbody.children.map((c) => {
    const e = c as Element;
    const scope = e.properties.scope ? `[${String(e.properties.scope)}]` : '';
    return `${e.tagName}${scope}:${(e.children[0] as { value: string }).value}`;
  });
};
const table = (corner: string): Root => ({
  type: 'root',
  children: [
    {
      type: 'element',
      tagName: 'table',
      properties: {},
      children: [
        { type: 'element', tagName: 'thead', properties: {}, children: [row('th', corner, 'What it is')] },
        { type: 'element', tagName: 'tbody', properties: {}, children: [row('td', 'Hard negatives', 'Real images')] },
      ],
    },
  ],
});

describe('rehypeRowHeaders', () => {
  it('makes the first cell of each body row a row header when the corner cell is empty', () => {
    const tree = table('');
    rehypeRowHeaders()(tree);
    expect(firstBodyRow(tree)).toEqual(['th[row]:Hard negatives', 'td:Real images']);
    const head = (((tree.children[0] as Element).children[0] as Element).children[0] as Element).children as Element[];
    expect(head.map((c) => `${c.tagName}${c.properties.scope ? `[${String(c.properties.scope)}]` : ''}`)).toEqual([
      'td',
      'th[col]',
    ]);
  });
  it('leaves a table whose first column has a heading alone', () => {
    const tree = table('Kind');
    rehypeRowHeaders()(tree);
    expect(firstBodyRow(tree)).toEqual(['td:Hard negatives', 'td:Real images']);
  });
});
