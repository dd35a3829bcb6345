import { describe, expect, it } from 'vitest';
import { sanityFlags } from '../../lib/robust/flags.ts';
import { readState } from '../../lib/url-state.ts';
import { ladder, MADRY } from './ladder.ts';
import { panelSchema, PREFIX, snapCount } from './panel-state.ts';
import { barsAt, curves, flagList, panelData, summary, worstAt } from './view.ts';

// A synthetic evaluation: a sound model (green) and a masked one (red), in the manifest's shape.
const attacks = [
  { id: 'fgsm', label: 'FGSM', family: 'one-step', settings: '', mode: 'standalone', firstDigits: null },
  { id: 'pgd-20', label: 'PGD-20', family: 'multi-step', settings: '', mode: 'standalone', firstDigits: null },
  { id: 'apgd-ce', label: 'APGD-CE', family: 'multi-step', settings: '', mode: 'standalone', firstDigits: null },
  { id: 'apgd-t', label: 'APGD-T', family: 'multi-step', settings: '', mode: 'cascade', firstDigits: null },
  { id: 'square', label: 'Square', family: 'black-box', settings: '', mode: 'standalone', firstDigits: 500 },
  { id: 'bpda', label: 'BPDA', family: 'adaptive', settings: '', mode: 'standalone', firstDigits: null },
] as const;

function report(values: Record<number, [fgsm: number, pgd: number, apgd: number, after: number, square: number]>) {
  const rows = Object.entries(values).map(([e, [fgsm, pgd, apgd, after, square]]) => {
    const whiteBox = Math.min(fgsm, pgd, apgd, after);
    return {
      epsilon: Number(e),
      attacks: [
        { id: 'fgsm', accuracy: fgsm, digits: 100, worstCaseAfter: fgsm, whiteBoxOnSameDigits: null },
        { id: 'pgd-20', accuracy: pgd, digits: 100, worstCaseAfter: Math.min(fgsm, pgd), whiteBoxOnSameDigits: null },
        {
          id: 'apgd-ce',
          accuracy: apgd,
          digits: 100,
          worstCaseAfter: Math.min(fgsm, pgd, apgd),
          whiteBoxOnSameDigits: null,
        },
        { id: 'apgd-t', accuracy: null, digits: 40, worstCaseAfter: whiteBox, whiteBoxOnSameDigits: null },
        {
          id: 'square',
          accuracy: square,
          digits: 100,
          worstCaseAfter: Math.min(whiteBox, square),
          whiteBoxOnSameDigits: whiteBox,
        },
        {
          id: 'bpda',
          accuracy: null,
          digits: 0,
          worstCaseAfter: Math.min(whiteBox, square),
          whiteBoxOnSameDigits: null,
        },
      ],
      whiteBox,
      worstCase: Math.min(whiteBox, square),
      robustDigits: '',
    };
  });
  const flags = sanityFlags({ attacks: [...attacks], rows });
  return { digits: 100, clean: 0.97, attacks: attacks.map((a) => ({ ...a })), rows, flags };
}

const sound = report({
  0.1: [0.95, 0.93, 0.92, 0.91, 0.94],
  0.3: [0.9, 0.8, 0.78, 0.75, 0.79],
  0.5: [0.3, 0, 0, 0, 0],
});
const masked = report({
  0.1: [0.99, 0.99, 0.99, 0.99, 0.9],
  0.3: [0.99, 0.99, 0.99, 0.98, 0.6],
  0.5: [0.99, 0.99, 0.98, 0.97, 0.1],
});

describe('the panel’s view of an evaluation', () => {
  it('draws a bar per attack that ran at ε, cascade bars as the worst case after them, and the worst case', () => {
    const data = panelData('m', sound, 'manifest');
    const bars = barsAt(data, 0.3);
    expect(bars.map((b) => b.id)).toEqual(['fgsm', 'pgd-20', 'apgd-ce', 'apgd-t', 'square']);
    expect(bars.find((b) => b.id === 'apgd-t')).toMatchObject({ kind: 'after', value: 0.75 });
    expect(bars.find((b) => b.id === 'pgd-20')).toMatchObject({ kind: 'accuracy', value: 0.8 });
    expect(worstAt(data, 0.3)).toBe(0.75);
    expect(barsAt(data, 0.2)).toEqual([]);
  });

  it('starts the curves at the clean accuracy and follows the worst case to 0', () => {
    const [worst, fgsm] = curves(panelData('m', sound, 'live'));
    expect(worst!.points).toEqual([
      { epsilon: 0, value: 0.97 },
      { epsilon: 0.1, value: 0.91 },
      { epsilon: 0.3, value: 0.75 },
      { epsilon: 0.5, value: 0 },
    ]);
    expect(fgsm!.points.at(-1)).toEqual({ epsilon: 0.5, value: 0.3 });
  });

  it('shows four flags, green for a sound evaluation and red where gradients are masked, with the reason', () => {
    const green = flagList(panelData('m', sound, 'manifest'));
    expect(green.map((f) => f.ok)).toEqual([true, true, true, true]);
    const red = flagList(panelData('trap', masked, 'manifest'));
    expect(red.find((f) => f.key === 'largeEpsilonBreaksAll')).toMatchObject({ ok: false });
    expect(red.find((f) => f.key === 'blackBoxNoStrongerThanWhiteBox')?.reason).toMatch(/Square/);
    expect(summary(panelData('trap', masked, 'live'), 0.3)).toMatch(/2 of the four sanity flags red/);
    expect(summary(panelData('m', sound, 'manifest'), 0.3)).toMatch(/worst case at ε = 0.3 75.0 %.*all four .* green/);
  });

  it('lines our ladder up with Madry et al.’s, each rung no higher than the one before', () => {
    const ours = ladder(sound)!;
    expect(ours).toHaveLength(MADRY.length);
    expect(ours.map((r) => r.accuracy)).toEqual([0.9, 0.8, 0.78, 0.75, 0.75]);
    for (let i = 1; i < MADRY.length; i++) expect(MADRY[i]!.accuracy).toBeLessThanOrEqual(MADRY[i - 1]!.accuracy);
    expect(ladder({ digits: 1, rows: [] })).toBeNull();
  });
});

describe('the panel’s URL state', () => {
  it('clamps or ignores bad values and snaps the digit count to an offered one', () => {
    const s = readState(panelSchema, PREFIX, new URLSearchParams('eval.model=nope&eval.eps=7&eval.digits=99999'));
    expect(s).toEqual({ model: 'cnn-robust', eps: '0.3', digits: 2000 });
    expect(snapCount(1000)).toBe(800);
    expect(snapCount(1500)).toBe(2000);
    expect(snapCount(150)).toBe(100);
    expect(snapCount(260)).toBe(300);
    expect(snapCount(-5)).toBe(100);
  });
});
