import { describe, expect, it } from 'vitest';
import { collectLabels, defaultFigureId, headingsOf, labelNumber, labelReference, parseHeadingText } from './labels.ts';

const ch1 = `---
title: One
---
## First idea [#first-idea]
<Figure id="fig-a" caption="A">x</Figure>
<Equation id="eq-a">

$$a$$

</Equation>
\`\`\`
<Figure id="fig-in-code" />
## Not a heading [#in-code]
\`\`\`
### Detail [#detail]
<TableFigure id="tab-a" caption="T">
<SwissRollFigure />
<Figure caption="has > sign" id="fig-b">y</Figure>
`;

describe('headings', () => {
  it('reads ids written after the title', () => {
    expect(parseHeadingText('The *manifold* hypothesis [#manifold-hypothesis]')).toEqual({
      text: 'The *manifold* hypothesis',
      id: 'manifold-hypothesis',
    });
    expect(headingsOf(ch1)).toEqual([
      { id: 'first-idea', depth: 2, text: 'First idea' },
      { id: 'detail', depth: 3, text: 'Detail' },
    ]);
  });
  it('fails on a heading without id, a duplicate or a bad id', () => {
    expect(() => headingsOf('## Lonely')).toThrow(/no stable id/);
    expect(() => headingsOf('## A [#x]\n## B [#x]')).toThrow(/used twice/);
    expect(() => headingsOf('## A [#Bad_Id]')).toThrow(/lowercase/);
    expect(() => headingsOf('#### Deep [#deep]')).toThrow(/deeper/);
  });
});

describe('labels', () => {
  const labels = collectLabels([
    { number: 1, slug: 'one', source: ch1 },
    {
      number: 2,
      slug: 'two',
      source:
        '<Figure id="fig-c" caption="c" />\n<Equation id="eq-c">\n<AttackLabFigure id="fig-lab-2" focus=\'robust\' points={3} />',
    },
  ]);
  it('numbers figures, tables and equations per chapter in document order, skipping code', () => {
    expect([...labels.keys()]).toEqual([
      'fig-a',
      'eq-a',
      'tab-a',
      'fig-swiss-roll',
      'fig-b',
      'fig-c',
      'eq-c',
      'fig-lab-2',
    ]);
    expect(labelNumber(labels.get('fig-b')!)).toBe('Figure 1.3');
    expect(labelNumber(labels.get('tab-a')!)).toBe('Table 1.1');
    expect(labelNumber(labels.get('eq-c')!)).toBe('(2.1)');
    expect(labelReference(labels.get('eq-a')!)).toBe('Eq. (1.1)');
    expect(labels.get('fig-c')).toMatchObject({ chapter: 2, slug: 'two', index: 1 });
  });
  it('names interactive figures from their component', () => {
    expect(defaultFigureId('PixelFeatureFigure')).toBe('fig-pixel-feature');
  });
  it('records which component an interactive figure is, with its string attributes', () => {
    expect(labels.get('fig-swiss-roll')!.widget).toEqual({ component: 'SwissRollFigure', props: {} });
    expect(labels.get('fig-lab-2')!.widget).toEqual({
      component: 'AttackLabFigure',
      props: { id: 'fig-lab-2', focus: 'robust' },
    });
    expect(labels.get('fig-a')!.widget).toBeUndefined();
  });
  it('rejects duplicates across chapters and ids with the wrong prefix', () => {
    expect(() =>
      collectLabels([
        { number: 1, slug: 'a', source: '<Figure id="fig-x" />' },
        { number: 2, slug: 'b', source: '<Figure id="fig-x" />' },
      ]),
    ).toThrow(/unique across the book/);
    expect(() => collectLabels([{ number: 1, slug: 'a', source: '<Equation id="fig-x">' }])).toThrow(/"eq-"/);
    expect(() => collectLabels([{ number: 1, slug: 'a', source: '<Figure caption="no id" />' }])).toThrow(
      /needs an id/,
    );
  });
});
