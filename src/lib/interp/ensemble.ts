/**
 * Figure 3.x's extrapolation without tfjs (the page imports this): the functions, the axis, the
 * ensemble's sizes, its seeded samples, the training range's rules and the summary of a fit
 * (fit.ts fits the networks in the model worker).
 */
import { gaussian, mulberry32 } from '../rng.ts';

export const TARGETS = ['sin', 'abs', 'cubic'] as const;
export type Target = (typeof TARGETS)[number];

/** The functions, on the axis −X_MAX ≤ x ≤ X_MAX. */
export const TARGET_FNS: Record<Target, (x: number) => number> = {
  sin: (x) => Math.sin(2 * x),
  abs: (x) => Math.abs(x) - 1,
  cubic: (x) => (x * x * x) / 6 - x / 2,
};
export const TARGET_NAMES: Record<Target, string> = { sin: 'sin 2x', abs: '|x| − 1', cubic: 'x³/6 − x/2' };

export const X_MAX = 3;
/** Points the curves are read at, evenly spaced across the axis. */
export const GRID = 121;
export const MEMBERS = 5;
export const HIDDEN = 32;
export const SAMPLES = 40;
export const NOISE_SD = 0.1;
export const STEPS = 200;
export const LEARNING_RATE = 0.03;
/** The narrowest training range the figure allows. */
export const MIN_WIDTH = 0.5;

export interface FitInput {
  target: Target;
  lo: number;
  hi: number;
  seed: number;
}

export interface FitOutput extends FitInput {
  /** The training samples (x, y). */
  xs: Float32Array;
  ys: Float32Array;
  /** The grid's x values. */
  grid: Float32Array;
  /** MEMBERS curves over the grid, one after another. */
  curves: Float32Array;
  /** Mean squared error on the samples at the end, per member. */
  loss: number[];
  ms: number;
}

/** A range the figure can fit: inside the axis, at least MIN_WIDTH wide, lo < hi. */
export function clampRange(lo: number, hi: number): [number, number] {
  const a = Math.min(X_MAX - MIN_WIDTH, Math.max(-X_MAX, Number.isFinite(lo) ? lo : -1));
  const b = Math.min(X_MAX, Math.max(a + MIN_WIDTH, Number.isFinite(hi) ? hi : 1));
  return [a, b];
}

/** The seeded noisy samples: x uniform in [lo, hi], y = f(x) + N(0, NOISE_SD²). */
export function samples(target: Target, lo: number, hi: number, seed: number): { xs: Float32Array; ys: Float32Array } {
  const rng = mulberry32(seed >>> 0);
  const noise = gaussian(mulberry32((seed ^ 0x9e3779b9) >>> 0), 0, NOISE_SD);
  const xs = Float32Array.from({ length: SAMPLES }, () => lo + (hi - lo) * rng());
  const ys = xs.map((x) => TARGET_FNS[target](x) + noise());
  return { xs, ys };
}

export const gridXs = (): Float32Array =>
  Float32Array.from({ length: GRID }, (_, i) => -X_MAX + (2 * X_MAX * i) / (GRID - 1));

export interface FitSummary {
  /** Mean over grid points of the members' standard deviation, inside and outside [lo, hi]. */
  spread: { inside: number; outside: number };
  /** Mean over grid points of |ensemble mean − f(x)|. */
  error: { inside: number; outside: number };
  /** The ensemble mean over the grid. */
  mean: Float32Array;
}

/** The figure's numbers: how much the members disagree, and how wrong their mean is, in and out of range. */
export function summarise(out: Pick<FitOutput, 'target' | 'lo' | 'hi' | 'grid' | 'curves'>): FitSummary {
  const n = out.grid.length;
  const members = out.curves.length / n;
  const mean = new Float32Array(n);
  const sums = { inside: [0, 0, 0], outside: [0, 0, 0] };
  for (let g = 0; g < n; g++) {
    let s = 0;
    for (let k = 0; k < members; k++) s += out.curves[k * n + g]!;
    const m = s / members;
    let v = 0;
    for (let k = 0; k < members; k++) v += (out.curves[k * n + g]! - m) ** 2;
    mean[g] = m;
    const x = out.grid[g]!;
    const bucket = x >= out.lo && x <= out.hi ? sums.inside : sums.outside;
    bucket[0]! += Math.sqrt(v / members);
    bucket[1]! += Math.abs(m - TARGET_FNS[out.target](x));
    bucket[2]! += 1;
  }
  const avg = (b: number[], i: number) => (b[2] ? b[i]! / b[2] : NaN);
  return {
    spread: { inside: avg(sums.inside, 0), outside: avg(sums.outside, 0) },
    error: { inside: avg(sums.inside, 1), outside: avg(sums.outside, 1) },
    mean,
  };
}
