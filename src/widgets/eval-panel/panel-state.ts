/**
 * The evaluation panel's shareable state, under the URL prefix `eval`: which model, which ε the bars
 * show, and how many held-out digits a live run uses. Bad values are clamped or ignored by
 * src/lib/url-state.ts; a digit count between the offered ones snaps to the nearest.
 */
import { ALL_MODEL_NAMES, type AnyModelName } from '../../lib/model-names.ts';
import { MAIN_EPSILONS } from '../../lib/robust/strong-suite.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';

export const PREFIX = 'eval';
/**
 * Sample sizes a live run offers: stratified samples of the 800 held-out digits every page ships, or
 * all 2,000 (the other 1,200 are fetched for that run only: public/data/heldout-rest.*).
 */
export const DIGIT_COUNTS = [100, 200, 300, 500, 800, 2000] as const;
export const EPSILON_CHOICES = MAIN_EPSILONS.map(String) as readonly string[];

export const panelSchema = {
  model: { kind: 'enum', values: ALL_MODEL_NAMES, default: 'cnn-robust' as AnyModelName },
  eps: { kind: 'enum', values: EPSILON_CHOICES, default: '0.3' },
  digits: { kind: 'int', min: DIGIT_COUNTS[0], max: DIGIT_COUNTS[DIGIT_COUNTS.length - 1]!, default: 100 },
} as const satisfies Schema;

export type PanelState = StateOf<typeof panelSchema>;

/** The offered sample size nearest to n (the smaller one on a tie). */
export function snapCount(n: number): number {
  return DIGIT_COUNTS.reduce((best, c) => (Math.abs(c - n) < Math.abs(best - n) ? c : best), DIGIT_COUNTS[0]);
}
