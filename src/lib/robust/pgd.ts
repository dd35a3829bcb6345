/**
 * Projected gradient descent under L∞ (Madry, Makelov, Schmidt, Tsipras, Vladu, "Towards Deep
 * Learning Models Resistant to Adversarial Attacks", ICLR 2018) with a choice of loss and random
 * restarts: from x⁰ = Π(x + U(−ε, ε)), K times x^{t+1} = Π(x^t + α·sign(∇ₓL(x^t))), where Π clips to
 * the ε-ball around x and to [0, 1]. Each restart starts afresh; an example counts as broken as soon
 * as any iterate of any restart is misread, and that iterate is returned for it.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  boxAround,
  EARLY_EXIT_EVERY,
  FirstFound,
  gradientPass,
  misread,
  project,
  randomStart as randomStartIn,
  signOf,
  zeroRows,
  type AttackProgress,
  type LogitsFn,
  type Objective,
} from './common.ts';

export interface PgdRestartsOptions extends Objective {
  /** Radius ε of the L∞ ball. */
  epsilon: number;
  /** Steps K per restart. */
  steps: number;
  /** Step size α; default 2.5·ε/K (Madry et al.). */
  alpha?: number;
  /** Random starts (default 1); 0 means one run from x itself, without noise. */
  restarts?: number;
  /** Seed of the random starts. */
  seed: number;
  /** An id per example (its digit index), so its random starts do not depend on the batch. */
  exampleIds: readonly number[];
}

export function* pgdRestarts(
  model: LogitsFn,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  options: PgdRestartsOptions,
): Generator<AttackProgress, tf.Tensor, void> {
  const { epsilon, steps, seed, exampleIds } = options;
  const alpha = options.alpha ?? (2.5 * epsilon) / Math.max(steps, 1);
  const runs = Math.max(options.restarts ?? 1, 1);
  const randomStart = (options.restarts ?? 1) > 0;
  const total = runs * steps;
  const box = boxAround(x, epsilon);
  const first = new FirstFound(x);
  let xAdv: tf.Tensor | null = null;
  // Made before a yield and read after it: a caller that stops there (cancel) must not lose it.
  let stuck: tf.Tensor1D | null = null;
  try {
    for (let r = 0; r < runs; r++) {
      xAdv = randomStart ? randomStartIn(x, box, epsilon, seed, exampleIds, r) : tf.clone(x);
      for (let t = 0; t < steps; t++) {
        const current: tf.Tensor = xAdv;
        const pass = gradientPass(model, current, labels, options);
        first.offer(current, pass.wrong);
        const check = (t + 1) % EARLY_EXIT_EVERY === 0;
        stuck = check ? zeroRows(pass.grad) : null;
        xAdv = tf.tidy(() => project(tf.add(current, tf.mul(signOf(pass.grad), alpha)), box));
        tf.dispose([current, pass.grad, pass.loss, pass.wrong]);
        yield { done: r * steps + t + 1, total };
        if (stuck) {
          // Every example broken or unable to move: this run is over (a new random start may still help).
          const over = first.settled(stuck);
          stuck.dispose();
          stuck = null;
          if (over) break;
        }
      }
      const wrong = misread(model, xAdv, labels);
      first.offer(xAdv, wrong);
      wrong.dispose();
      if (first.settled()) return first.result(xAdv);
      if (r < runs - 1) {
        xAdv.dispose();
        xAdv = null;
      }
    }
    return first.result(xAdv!);
  } finally {
    stuck?.dispose();
    xAdv?.dispose();
    first.dispose();
    tf.dispose([box.lo, box.hi]);
  }
}
