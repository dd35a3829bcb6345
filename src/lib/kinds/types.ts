/**
 * What the three-kinds figure asks of its job (src/lib/kinds/jobs.ts) and what it answers: plain data
 * and typed arrays, which cross from the model worker to the page.
 */
import type { Probe } from './search.ts';

/** The attack's settings: targeted PGD (Madry et al. 2018) from x itself, T steps of α = 2.5·ε/T. */
export const ATTACK = { steps: 20, stepFactor: 2.5 } as const;
/** Bisection on ε ∈ [0, EPS_MAX], stopped once the bracket is at most TOLERANCE wide. */
export const EPS_MAX = 0.5;
export const TOLERANCE = 0.005;

export interface KindsRequest {
  model: string;
  /** Held-out digit index (clamped to the set); ignored when `drawn` is given. */
  digit: number;
  /** The reader's drawing (784 values in [0, 1]) instead of a held-out digit. */
  drawn: Float32Array | null;
  /** Seed of the random negative. */
  seed: number;
}

export interface Answer {
  label: number;
  confidence: number;
}

export type KindName = 'negative' | 'hard-negative' | 'adversarial';

export interface Example {
  kind: KindName;
  /** Its held-out index when it is a real digit from the data; null for a made one. */
  index: number | null;
  /** Its class in the data (a held-out digit's label); null for a made one. */
  label: number | null;
  pixels: Float32Array;
  answer: Answer;
  /** Distances to the original: Euclidean and largest per pixel in pixel space, Euclidean in feature space. */
  pixelL2: number;
  pixelLinf: number;
  featureL2: number;
}

export interface FlipSummary {
  found: boolean;
  /** The smallest ε found to reach the target (null if none up to `max`). */
  eps: number | null;
  lo: number;
  hi: number | null;
  max: number;
  tolerance: number;
  probes: Probe[];
}

export interface KindsResult {
  model: string;
  /** The space the "feature" distances are measured in: a named layer's activations, or the logits. */
  space: { layer: string; units: number };
  /** Held-out index of the original, or null for a drawing. */
  digit: number | null;
  /** The original's class: its label, or for a drawing the model's reading. */
  originalClass: number;
  original: Float32Array;
  originalAnswer: Answer;
  seed: number;
  negative: Example;
  hardNegative: Example;
  adversarial: Example;
  /** The attack aims at the hard negative's class. */
  target: number;
  search: FlipSummary;
  /** Time in the host that ran it, ms. */
  ms: number;
}

export interface KindsProgress {
  stage: string;
  /** The bracket so far, while searching. */
  search?: { lo: number; hi: number | null; probes: Probe[] };
}
