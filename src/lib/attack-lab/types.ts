/**
 * What the attack lab asks of its jobs (src/lib/attack-lab/jobs.ts) and what they answer: plain data
 * and typed arrays, which cross from the model worker to the page.
 */

export const ATTACKS = ['fgsm', 'fgsm-targeted', 'pgd'] as const;
export type AttackName = (typeof ATTACKS)[number];

export interface AttackParams {
  model: string;
  digit: number;
  attack: AttackName;
  eps: number;
  k: number;
  /** PGD step size actually used (already resolved from "auto"). */
  alpha: number;
  target: number;
  randomStart: boolean;
  seed?: number;
  /** A drawn digit (28 × 28 in [0, 1]) to attack instead of held-out digit `digit`. */
  pixels?: Float32Array | null;
}

export interface PredictionView {
  label: number;
  confidence: number;
  probs: Float32Array;
}

export interface AttackOutcome {
  /** The request, without the drawing's pixels (they are `original`). */
  params: Omit<AttackParams, 'pixels'>;
  /** The held-out digit's label; null for a drawing, which has none. */
  trueLabel: number | null;
  drawn: boolean;
  clean: PredictionView;
  adv: PredictionView;
  original: Float32Array;
  adversarial: Float32Array;
  /** x′ − x. */
  delta: Float32Array;
  linf: number;
  l2: number;
  /** Time of the attack and both predictions, read back, in the host that ran it. */
  ms: number;
}

export type CurveAttack = 'fgsm' | 'pgd';

export interface CurvePoint {
  epsilon: number;
  accuracy: number;
}

export interface CurveSpec {
  model: string;
  attack: CurveAttack;
  epsilons: readonly number[];
  count: number;
  /** PGD steps (α = 2.5·ε/T, random start, seed 0: the manifests' evaluation). */
  steps: number;
}

export interface CurveProgress {
  /** Digits × ε values done, of total. */
  done: number;
  total: number;
  epsilon: number;
  /** Points finished so far. */
  points: CurvePoint[];
}
