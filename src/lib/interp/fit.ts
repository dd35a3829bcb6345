/**
 * Figure 3.x's extrapolation: an ensemble of small networks (1 → 32 → 32 → 1, ReLU) fitted to noisy
 * samples of a 1-D function on a training range [lo, hi] and read on the whole axis. The members see
 * the same samples and differ only in their seeded initial weights (Glorot uniform), the cheapest
 * ensemble of Lakshminarayanan et al. (2017, "Simple and scalable predictive uncertainty estimation
 * using deep ensembles"). The five are trained as one batched network (a batch matMul per layer), by
 * full-batch Adam on the mean squared error, with tfjs-core alone (tf.variable + tf.train.adam).
 * Inside the range the fits agree with each other and with the function; outside, nothing constrains
 * them: a ReLU network continues as straight lines whose slopes each member picked by chance, so the
 * fits part ways (tanh ones flatten out and part less). `summarise` measures both.
 */
import * as tf from '@tensorflow/tfjs-core';
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

/** Glorot-uniform weights [MEMBERS, fanIn, fanOut], member k from its own seed. */
function glorot(seed: number, fanIn: number, fanOut: number, layer: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(MEMBERS * fanIn * fanOut);
  for (let k = 0; k < MEMBERS; k++) {
    const rng = mulberry32((Math.imul(seed >>> 0, 31) + 7 * k + layer) >>> 0);
    for (let i = 0; i < fanIn * fanOut; i++) out[k * fanIn * fanOut + i] = (2 * rng() - 1) * limit;
  }
  return out;
}

/**
 * Fits the ensemble. `checkpoint` is awaited every few steps (the worker yields there, and a newer
 * request aborts by throwing from it); every tensor is freed on the way out, thrown or not.
 */
export async function fitEnsemble(
  input: FitInput,
  checkpoint: () => Promise<void> = async () => {},
): Promise<FitOutput> {
  const t0 = performance.now();
  const [lo, hi] = clampRange(input.lo, input.hi);
  const target: Target = TARGETS.includes(input.target) ? input.target : 'sin';
  const seed = input.seed >>> 0;
  const { xs, ys } = samples(target, lo, hi, seed);
  const grid = gridXs();
  const shapes: [number, number][] = [
    [1, HIDDEN],
    [HIDDEN, HIDDEN],
    [HIDDEN, 1],
  ];
  // tidy frees the initial values; the variables, which tidy leaves alone, are freed in `finally`.
  const weights = shapes.map(([i, o], l) =>
    tf.tidy(() => tf.variable(tf.tensor3d(glorot(seed, i, o, l), [MEMBERS, i, o]))),
  );
  const biases = shapes.map(([, o]) => tf.tidy(() => tf.variable(tf.zeros([MEMBERS, 1, o]))));
  const vars = [...weights, ...biases];
  const optimizer = tf.train.adam(LEARNING_RATE);
  const x = tf.tidy(() => tf.tile(tf.tensor3d(xs, [1, SAMPLES, 1]), [MEMBERS, 1, 1]));
  const y = tf.tidy(() => tf.tile(tf.tensor3d(ys, [1, SAMPLES, 1]), [MEMBERS, 1, 1]));
  const forward = (input: tf.Tensor3D): tf.Tensor3D =>
    tf.tidy(() => {
      let h: tf.Tensor3D = input;
      for (let l = 0; l < shapes.length; l++) {
        h = tf.add(tf.matMul(h, weights[l]!), biases[l]!);
        if (l < shapes.length - 1) h = tf.relu(h);
      }
      return h;
    });
  try {
    for (let step = 0; step < STEPS; step++) {
      // Each member's mean squared error, summed: the members' gradients stay apart.
      optimizer.minimize(() => tf.mul(tf.mean(tf.square(tf.sub(forward(x), y))), MEMBERS), false, vars);
      if (step % 10 === 9) await checkpoint();
    }
    const [curvesT, lossT] = tf.tidy(() => [
      forward(tf.tile(tf.tensor3d(grid, [1, GRID, 1]), [MEMBERS, 1, 1])),
      tf.mean(tf.square(tf.sub(forward(x), y)), [1, 2]),
    ]);
    const [curves, loss] = (await Promise.all([curvesT.data(), lossT.data()]).finally(() => {
      curvesT.dispose();
      lossT.dispose();
    })) as [Float32Array, Float32Array];
    return { target, lo, hi, seed, xs, ys, grid, curves, loss: [...loss], ms: performance.now() - t0 };
  } finally {
    optimizer.dispose();
    tf.dispose([...vars, x, y]);
  }
}

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
