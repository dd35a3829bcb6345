/**
 * Distribution shift on the held-out digits: the whole test set moved one way (rotated, moved,
 * faded, noisier or turned negative) by a severity s ∈ [0, 1], and what a classifier's softmax says
 * about it. Covariate shift in the sense of Quiñonero-Candela et al. (2009): p(x) moves, p(y | x)
 * does not, since a rotated 7 is still a 7. Pure: no DOM, no tensors.
 */
import { IDENTITY, transformDigit, type Transform } from './pixel-feature/transforms.ts';
import { groupDigits } from './group-digits.ts';
import { longestForms } from './steady-text.ts';

export const SHIFT_KINDS = ['rotate', 'move', 'fade', 'noise', 'invert'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];

export interface ShiftInfo {
  /** The control's label. */
  label: string;
  /** The amount at severity s, in the unit a reader knows ("45°", "4 px", "σ = 0.30"). */
  amount: (s: number) => string;
  /** Past tense for the sentence: "rotated 45°". */
  done: (s: number) => string;
  /** A chart's axis: its title, and a short tick label (the title carries the unit or the name). */
  axis: string;
  tick: (s: number) => string;
}

const round = (v: number, digits = 0) => Number(v.toFixed(digits));

/** Largest amount of each shift, reached at severity 1. */
export const SHIFT_MAX = { rotate: 90, move: 8, fade: 0.9, noise: 0.6 } as const;

export const SHIFTS: Record<ShiftKind, ShiftInfo> = {
  rotate: {
    label: 'rotate',
    axis: 'rotation',
    tick: (s) => `${round(SHIFT_MAX.rotate * s, 1)}°`,
    amount: (s) => `${round(SHIFT_MAX.rotate * s, 1)}°`,
    done: (s) => `rotated ${round(SHIFT_MAX.rotate * s, 1)}°`,
  },
  move: {
    label: 'move off centre',
    axis: 'distance moved off centre',
    tick: (s) => `${round(SHIFT_MAX.move * s, 1)} px`,
    amount: (s) => `${round(SHIFT_MAX.move * s, 1)} px`,
    done: (s) => `moved ${round(SHIFT_MAX.move * s, 1)} pixels off centre, down and to the right`,
  },
  fade: {
    label: 'fade',
    axis: 'contrast',
    tick: (s) => `×${round(1 - SHIFT_MAX.fade * s, 2)}`,
    amount: (s) => `contrast ×${(1 - SHIFT_MAX.fade * s).toFixed(2)}`,
    done: (s) => `faded to ${Math.round((1 - SHIFT_MAX.fade * s) * 100)}% contrast`,
  },
  noise: {
    label: 'add noise',
    axis: 'noise σ',
    tick: (s) => `${round(SHIFT_MAX.noise * s, 2)}`,
    amount: (s) => `σ = ${(SHIFT_MAX.noise * s).toFixed(2)}`,
    done: (s) => `with noise of σ = ${(SHIFT_MAX.noise * s).toFixed(2)}`,
  },
  invert: {
    label: 'turn negative',
    axis: 'blend towards the negative',
    tick: (s) => `${Math.round(s * 100)}%`,
    amount: (s) => `${Math.round(s * 100)}%`,
    done: (s) => `turned ${Math.round(s * 100)}% of the way to a negative`,
  },
};

/** The pixel transform of a shift at severity s (the negative is applied after it, in `shiftDigit`). */
export function shiftTransform(kind: ShiftKind, s: number): Transform {
  const v = Math.min(Math.max(s, 0), 1);
  // "move" goes diagonally so that it is not confused with the digit's own slant.
  const px = (SHIFT_MAX.move * v) / Math.SQRT2;
  switch (kind) {
    case 'rotate':
      return { ...IDENTITY, rotate: SHIFT_MAX.rotate * v };
    case 'move':
      return { ...IDENTITY, dx: px, dy: px };
    case 'fade':
      return { ...IDENTITY, contrast: 1 - SHIFT_MAX.fade * v };
    case 'noise':
      return { ...IDENTITY, noise: SHIFT_MAX.noise * v };
    case 'invert':
      return IDENTITY;
  }
}

/**
 * Digit `src` (28 × 28, ink 1 on background 0) under the shift. `seed` fixes the noise, so each digit
 * has its own noise and the same run always gives the same numbers. "invert" blends towards the
 * negative, v ↦ (1 − s)·v + s·(1 − v): at s = 0.5 everything is mid-grey, at 1 white ink on black.
 */
export function shiftDigit(src: ArrayLike<number>, kind: ShiftKind, s: number, seed: number): Float32Array {
  const out = transformDigit(src, shiftTransform(kind, s), 28, seed);
  if (kind === 'invert') {
    const v = Math.min(Math.max(s, 0), 1);
    for (let i = 0; i < out.length; i++) out[i] = (1 - v) * out[i]! + v * (1 - out[i]!);
  }
  return out;
}

/** A batch of shifted digits, [n × 784], digit i getting noise seed i + 1. */
export function shiftBatch(pixels: Float32Array, indices: readonly number[], kind: ShiftKind, s: number): Float32Array {
  const out = new Float32Array(indices.length * 784);
  indices.forEach((d, j) => out.set(shiftDigit(pixels.subarray(d * 784, (d + 1) * 784), kind, s, d + 1), j * 784));
  return out;
}

export interface ShiftScore {
  count: number;
  /** Fraction classified correctly. */
  accuracy: number;
  /** Mean of the largest softmax probability: how sure the model says it is, on average. */
  confidence: number;
  /** Fraction classified wrongly with more than `CONFIDENT` probability. */
  confidentMistakes: number;
}

/** "Sure" for the confident-mistake count. */
export const CONFIDENT = 0.9;

/** Running totals over batches of softmax outputs, so a long evaluation can be sliced. */
export class ShiftTally {
  private n = 0;
  private correct = 0;
  private sumConf = 0;
  private sureWrong = 0;

  /** `probs`: [n × 10] softmax rows; `labels`: the true class of each row. */
  add(probs: ArrayLike<number>, labels: ArrayLike<number>): void {
    for (let i = 0; i < labels.length; i++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (probs[i * 10 + k]! > probs[i * 10 + best]!) best = k;
      const p = probs[i * 10 + best]!;
      this.n++;
      this.sumConf += p;
      if (best === labels[i]) this.correct++;
      else if (p > CONFIDENT) this.sureWrong++;
    }
  }

  score(): ShiftScore {
    const n = this.n || 1;
    return {
      count: this.n,
      accuracy: this.correct / n,
      confidence: this.sumConf / n,
      confidentMistakes: this.sureWrong / n,
    };
  }
}

/** The level slider's step. */
export const SHIFT_LEVEL_STEP = 0.025;

/** The severities a curve is measured at: 0, 1/8, …, 1. */
export const CURVE_LEVELS = Array.from({ length: 9 }, (_, i) => i / 8);

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** How the digits were shifted, as the sentence opens: "Rotated 45°", "Unshifted". */
const shiftDone = (kind: ShiftKind, s: number) =>
  s === 0 ? 'Unshifted' : SHIFTS[kind].done(s).replace(/^./, (c) => c.toUpperCase());

/** The result in one plain sentence, for the live region and the static figure. */
export function shiftSentence(kind: ShiftKind, s: number, model: string, score: ShiftScore): string {
  const what = shiftDone(kind, s);
  const gap = score.confidence - score.accuracy;
  const tail =
    score.confidentMistakes > 0.005
      ? `; ${pct(score.confidentMistakes)} of the digits are wrong with more than ${pct(CONFIDENT)} confidence.`
      : '.';
  const sure =
    gap > 0.1 ? `yet is on average ${pct(score.confidence)} sure` : `and is on average ${pct(score.confidence)} sure`;
  return `${what}: ${model} gets ${pct(score.accuracy)} of the ${groupDigits(score.count)} held-out digits right ${sure}${tail}`;
}

/**
 * One level for each form the sentence's opening words take as the level moves (digits as 8s, as
 * `longestForms` compares them): only the opening depends on the level, so these give the same forms
 * as all 1,001 levels a link can give. Kept per kind: the same for every model and digit count.
 */
const openingLevels = new Map<ShiftKind, number[]>();
function levelsOfEachOpening(kind: ShiftKind): number[] {
  let levels = openingLevels.get(kind);
  if (!levels) {
    const levelOfForm = new Map<string, number>();
    for (let i = 0; i <= 1000; i++) {
      const form = shiftDone(kind, i / 1000).replace(/\d/g, '8');
      if (!levelOfForm.has(form)) levelOfForm.set(form, i / 1000);
    }
    levels = [...levelOfForm.values()];
    openingLevels.set(kind, levels);
  }
  return levels;
}

/**
 * The longest forms `shiftSentence` takes as the level moves, for one kind, model and number of digits
 * (for `.steady`, which keeps the sentence's box one height): every level a link can give (three
 * decimals), with confidence outrunning accuracy ("yet") and not ("and"), each with its mistakes said.
 */
export function shiftSentenceLongest(kind: ShiftKind, model: string, count: number): string[] {
  const scores: ShiftScore[] = [
    { count, accuracy: 0.5, confidence: 1, confidentMistakes: 0.5 },
    { count, accuracy: 0.95, confidence: 1, confidentMistakes: 0.05 },
  ];
  const levels = levelsOfEachOpening(kind);
  return longestForms(scores.flatMap((score) => levels.map((s) => shiftSentence(kind, s, model, score))));
}
