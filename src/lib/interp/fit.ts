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
import { mulberry32 } from '../rng.ts';
import {
  clampRange,
  GRID,
  gridXs,
  HIDDEN,
  LEARNING_RATE,
  MEMBERS,
  SAMPLES,
  samples,
  STEPS,
  TARGETS,
  type FitInput,
  type FitOutput,
  type Target,
} from './ensemble.ts';

export * from './ensemble.ts';

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
