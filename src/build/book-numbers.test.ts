// Text and data must not drift: every number, comparative and claim a chapter takes from the committed
// models and data resolves, and every claim still holds. Retraining a model that makes a sentence
// false fails here, naming the chapter and the claim.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bookClaim, bookData, bookNumber, bookValue, shiftComparison } from './book-numbers.ts';
import { evaluate } from '../lib/book-numbers.ts';

const TAG = /<(Num|Cmp|Claim|ShiftComparison)((?:\s+\w+=(?:"[^"]*"|\{[^}]*\}))*)\s*\/>/g;
const ATTR = /(\w+)=(?:"([^"]*)"|\{([^}]*)\})/g;

interface Use {
  file: string;
  tag: string;
  attrs: Record<string, string>;
}

function uses(): Use[] {
  const files = [...readdirSync('content/chapters').map((f) => `content/chapters/${f}`), 'content/front.mdx'].filter(
    (f) => f.endsWith('.mdx'),
  );
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(TAG)].map((m) => ({
      file,
      tag: m[1]!,
      attrs: Object.fromEntries([...m[2]!.matchAll(ATTR)].map((a) => [a[1]!, a[2] ?? a[3]!])),
    })),
  );
}

const all = uses();
const of = (tag: string) => all.filter((u) => u.tag === tag);

describe('numbers in the prose', () => {
  it('finds the tags the chapters use', () => {
    expect(of('Num').length).toBeGreaterThan(20);
    expect(of('Claim').length).toBeGreaterThan(3);
  });

  it.each(of('Num').map((u) => [u.file, u.attrs.of ?? '', u] as const))('%s: <Num of="%s"> resolves', (_f, _o, u) => {
    const digits = u.attrs.digits === undefined ? undefined : Number(u.attrs.digits);
    const style = u.attrs.as as 'percent' | 'number' | 'times' | undefined;
    expect(['percent', 'number', 'times', undefined]).toContain(style);
    expect(bookNumber(u.attrs.of ?? '', style, digits)).toMatch(/\d/);
  });

  it.each(of('Cmp').map((u) => [u.file, u.attrs.a ?? '', u] as const))('%s: <Cmp a="%s"> resolves', (_f, _a, u) => {
    for (const key of ['a', 'b', 'more', 'less', 'same']) expect(u.attrs[key], key).toBeTruthy();
    expect(Number.isFinite(bookValue(u.attrs.a!) - bookValue(u.attrs.b!))).toBe(true);
  });

  it.each(of('Claim').map((u) => [u.file, u.attrs.that ?? ''] as const))('%s: <Claim that="%s"> holds', (_f, that) => {
    expect(bookClaim(that)).toBe(true);
  });

  it.each(of('ShiftComparison').map((u) => [u.file, u.attrs] as const))(
    '%s: <ShiftComparison> as expected',
    (_f, a) => {
      const { sentence, mixed } = shiftComparison(a.a!, a.b!, a.minGap ? Number(a.minGap) : undefined);
      expect(sentence).toMatch(/%/);
      if (a.expect === 'mixed') expect(mixed).toBe(true);
    },
  );
});

describe('the data tree', () => {
  it('holds every shipped model, the shift curves, both static examples and the Swiss roll', () => {
    const tree = bookData();
    for (const name of ['linear', 'cnn', 'cnn-robust', 'shift', 'pixel-feature', 'attack-example', 'swiss-roll'])
      expect(tree, name).toHaveProperty([name]);
    // A shift point carries its amount in the reader's unit: contrast ×0.44 at severity 0.625.
    expect(evaluate('shift.cnn.fade@0.625.amount', tree)).toBeCloseTo(0.4375, 9);
    // The default Swiss roll pair is close in 3-D and far along the sheet.
    expect(evaluate('swiss-roll.pair.ratio', tree)).toBeGreaterThan(2);
    // make_swiss_roll's inner end is about 2.9 times denser than its outer end.
    expect(evaluate('swiss-roll.densityRatio', tree)).toBeCloseTo(2.94, 2);
  });
});
