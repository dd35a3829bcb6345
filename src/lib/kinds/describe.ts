/**
 * The three-kinds figure in words and on its two distance axes: pure functions of the job's result,
 * shared by the live figure, its static version and the tests.
 */
import type { Example, KindName, KindsResult } from './types.ts';

export const fmtDistance = (v: number): string => v.toFixed(2);
export const fmtEps = (v: number): string => v.toFixed(3);
export const percent = (v: number): string => `${(100 * v).toFixed(1)}%`;

export const KIND_TITLES: Record<KindName, string> = {
  negative: 'Negative',
  'hard-negative': 'Hard negative',
  adversarial: 'Adversarial',
};

/** The order of the columns and of the marks on the axes. */
export const KINDS: readonly KindName[] = ['negative', 'hard-negative', 'adversarial'];

export const examplesOf = (r: KindsResult): Record<KindName, Example> => ({
  negative: r.negative,
  'hard-negative': r.hardNegative,
  adversarial: r.adversarial,
});

/** "its features layer (32 units)" or, for a model without a hidden layer, "its 10 logits". */
export function spaceName(r: Pick<KindsResult, 'space'>): string {
  return r.space.layer === 'logits'
    ? `its ${r.space.units} logits`
    : `its ${r.space.layer} layer (${r.space.units} units)`;
}

/** "held-out digit no. 12, a 7" or "your drawing (read as a 3)". */
export function originalName(r: Pick<KindsResult, 'digit' | 'originalClass'>): string {
  return r.digit === null
    ? `your drawing (read as a ${r.originalClass})`
    : `held-out digit no. ${r.digit}, a ${r.originalClass}`;
}

/** The one-line verdict under a column: real / real and close to the boundary / not real, made by an attack. */
export function verdict(kind: KindName, r: KindsResult): string {
  switch (kind) {
    case 'negative':
      return `Real: a held-out ${r.negative.label}, another class picked at random.`;
    case 'hard-negative':
      return `Real, and close to the boundary: the nearest ${r.hardNegative.label} in the model's features.`;
    case 'adversarial':
      if (!r.search.found)
        return `Not real, and no flip: the attack did not reach a ${r.target} by ε = ${fmtEps(r.search.max)}.`;
      if (r.search.eps === 0) return `No attack needed: ${r.model} already reads the original as a ${r.target}.`;
      return `Not real: made by an attack, each pixel moved by at most ε = ${fmtEps(r.search.eps!)}.`;
  }
}

/** The bisection in words: the bracket, the ε found and the work it took. */
export function searchSentence(r: KindsResult, steps: number): string {
  const s = r.search;
  const attacks = `${s.probes.length} targeted PGD attack${s.probes.length === 1 ? '' : 's'} of ${steps} steps`;
  if (!s.found)
    return `Even at ε = ${fmtEps(s.max)} the attack did not make ${r.model} read a ${r.target} (${attacks}).`;
  if (s.eps === 0) return `${r.model} already reads the original as a ${r.target}, so no attack is needed.`;
  return `Bisection: the attack fails at ε = ${fmtEps(s.lo)} and succeeds at ε = ${fmtEps(s.hi!)} (${attacks}, stopped once the bracket was at most ${s.tolerance} wide).`;
}

/** Whether the adversarial example is the nearest of the three to the original in pixels. */
export const nearestInPixels = (r: KindsResult): boolean =>
  r.adversarial.pixelL2 < r.negative.pixelL2 && r.adversarial.pixelL2 < r.hardNegative.pixelL2;

/** The figure's result in one paragraph, for screen readers and as the figure's status line. */
export function summary(r: KindsResult): string {
  const part = (name: string, e: Example, what: string) =>
    `${name}: ${what}, read as ${e.answer.label} at ${percent(e.answer.confidence)}; pixel distance ${fmtDistance(e.pixelL2)}, feature distance ${fmtDistance(e.featureL2)}.`;
  const adv = r.adversarial;
  const closing =
    !r.search.found || r.search.eps === 0
      ? ''
      : nearestInPixels(r)
        ? adv.answer.label === r.target
          ? ` The adversarial example is the nearest of the three in pixels, yet ${r.model} reads it as a ${r.target}, the hard negative's class.`
          : ''
        : ` Here the adversarial example is not the nearest in pixels: ${r.model} needed a large ε.`;
  return (
    [
      `Original: ${originalName(r)}, read as ${r.originalAnswer.label} at ${percent(r.originalAnswer.confidence)}.`,
      part('Negative', r.negative, `no. ${r.negative.index}, a ${r.negative.label}`),
      part('Hard negative', r.hardNegative, `no. ${r.hardNegative.index}, a ${r.hardNegative.label}`),
      part(
        'Adversarial',
        adv,
        r.search.found && r.search.eps
          ? `the original moved by at most ε = ${fmtEps(r.search.eps)} per pixel`
          : 'the original',
      ),
    ].join(' ') + closing
  );
}

/** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 × 10ᵏ, about `count` of them. */
export function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}
