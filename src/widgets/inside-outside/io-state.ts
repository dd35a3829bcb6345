/**
 * Figure 3.x's shareable state (`?io.a=0&io.b=7&io.t=0.5&io.f=sin&io.lo=-1&io.hi=1`): the two digits
 * of the interpolation, where the t slider stands, and the extrapolation's function and training range.
 * src/lib/url-state.ts clamps what is out of range and drops what cannot be read.
 */
import { TARGETS, X_MAX } from '../../lib/interp/ensemble.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';
import { longestForms } from '../../lib/steady-text.ts';

export const PREFIX = 'io';
/** Shipped held-out digits (public/data/digits.json). */
export const DIGIT_COUNT = 800;
/** The ensemble's seed (fixed: a reader changes the data's range, not the luck of the draw). */
export const FIT_SEED = 1;

export const ioSchema = {
  a: { kind: 'int', min: 0, max: DIGIT_COUNT - 1, default: 0 },
  b: { kind: 'int', min: 0, max: DIGIT_COUNT - 1, default: 7 },
  t: { kind: 'float', min: 0, max: 1, default: 0.5, digits: 2 },
  f: { kind: 'enum', values: TARGETS, default: 'sin' },
  lo: { kind: 'float', min: -X_MAX, max: X_MAX, default: -1, digits: 1 },
  hi: { kind: 'float', min: -X_MAX, max: X_MAX, default: 1, digits: 1 },
} as const satisfies Schema;

export type IoState = StateOf<typeof ioSchema>;

const pct = (p: number) => `${Math.round(p * 100)}%`;
const num = (v: number, digits = 2) => v.toFixed(digits).replace('-', '−');

export interface FrameReading {
  label: number;
  confidence: number;
  nearest: number;
}

/** The highlighted frame of both rows, and each row's mean distance to the nearest real digit, in words. */
export function describeFrame(
  frame: number,
  frames: number,
  t: number,
  fade: FrameReading,
  latent: FrameReading,
  means: { fade: number; latent: number },
): string {
  const row = (r: FrameReading) =>
    `the classifier reads a ${r.label} (${pct(r.confidence)}), ${num(r.nearest)} from the nearest real digit`;
  return (
    `Frame ${frame + 1} of ${frames}, t = ${num(t)}. Cross-fade: ${row(fade)}. Latent walk: ${row(latent)}. ` +
    `Over all frames the cross-fade is on average ${num(means.fade)} from the nearest real digit, the latent walk ${num(means.latent)}.`
  );
}

/** The extrapolation's numbers in words. A range over the whole axis leaves nothing outside it to speak of. */
export function describeFit(
  lo: number,
  hi: number,
  spread: { inside: number; outside: number },
  error: { inside: number; outside: number },
): string {
  if (lo <= -X_MAX && hi >= X_MAX)
    return (
      `Trained on x from ${num(lo, 1)} to ${num(hi, 1)}, the whole axis: the five fits differ by ${num(spread.inside)} ` +
      `on average and their mean misses the function by ${num(error.inside)}. Nothing lies outside it to extrapolate to.`
    );
  return (
    `Trained on x from ${num(lo, 1)} to ${num(hi, 1)}. The five fits differ by ${num(spread.inside)} on average inside ` +
    `that range and ${num(spread.outside)} outside it; their mean misses the function by ${num(error.inside)} inside ` +
    `and ${num(error.outside)} outside.`
  );
}

/** The longest forms of describeFit's sentence (for `.steady`): every number at its widest. */
export const FIT_SENTENCE_LONGEST = longestForms([
  describeFit(-8.8, -8.8, { inside: 8.88, outside: 8.88 }, { inside: 8.88, outside: 8.88 }),
  describeFit(-X_MAX, X_MAX, { inside: 8.88, outside: NaN }, { inside: 8.88, outside: NaN }),
]);
