/**
 * What every attack of the strong suite shares: the threat model (the L∞ ball of radius ε around x,
 * intersected with the pixel box [0, 1]), seeded random starts that do not depend on how the digits
 * were cut into batches, one gradient pass that also returns the logits and the per-example loss,
 * and the bookkeeping of the first adversarial point found for each example.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsFn } from '../attacks.ts';
import { mulberry32 } from '../rng.ts';
import { targetedLoss, untargetedLoss, type LossName } from './losses.ts';

export type { LogitsFn };

/**
 * Iterations between two checks whether the attack on a batch can stop: every example is broken, or
 * its iterate can no longer move (its gradient is exactly zero, as behind a masking step).
 */
export const EARLY_EXIT_EVERY = 5;

/** Progress of one attack on one batch: units of work done (gradient or forward passes) out of total. */
export interface AttackProgress {
  done: number;
  total: number;
}

/**
 * An attack on one batch, one iteration per `next()`; it returns the adversarial batch (the caller
 * disposes it). Stopping early with `return()` frees everything it holds. Gradient attacks are
 * synchronous; the Square attack reads its logits back and is asynchronous.
 */
export type AttackSteps = Generator<AttackProgress, tf.Tensor, void> | AsyncGenerator<AttackProgress, tf.Tensor, void>;

/** Runs an attack to its end without pausing (tests, scripts). */
export async function runToEnd(steps: AttackSteps): Promise<tf.Tensor> {
  for (;;) {
    const r = await steps.next();
    if (r.done) return r.value;
  }
}

/** The feasible set: [lo, hi] = [max(x − ε, 0), min(x + ε, 1)] pixel by pixel. */
export interface Box {
  lo: tf.Tensor;
  hi: tf.Tensor;
}

export function boxAround(x: tf.Tensor, epsilon: number): Box {
  return tf.tidy(() => ({ lo: tf.maximum(tf.sub(x, epsilon), 0), hi: tf.minimum(tf.add(x, epsilon), 1) }));
}

/** Π: the nearest point of the box (clipping is the exact projection for L∞ and a box). */
export function project(t: tf.Tensor, box: Box): tf.Tensor {
  return tf.minimum(tf.maximum(t, box.lo), box.hi);
}

/** sign(t) from comparisons: wasm's tf.sign returns 0 below about 1e-7 (see attacks.ts). */
export function signOf(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(t, 0), 'float32'), tf.cast(tf.less(t, 0), 'float32')));
}

/**
 * A 32-bit seed for (attack seed, example, restart), so that an example's random start depends on
 * which digit it is, not on which batch it landed in. FNV-1a over the three integers.
 */
export function exampleSeed(seed: number, example: number, restart = 0): number {
  let h = 0x811c9dc5;
  for (const v of [seed, example, restart]) {
    for (let s = 0; s < 32; s += 8) {
      h ^= (v >>> s) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** Uniform noise in [−ε, ε], one seeded generator per example (row). */
export function uniformNoise(shape: readonly number[], epsilon: number, seeds: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (seeds.length !== shape[0]) throw new Error(`robust: ${seeds.length} seeds for a batch of ${shape[0]}`);
  const row = n / seeds.length;
  const values = new Float32Array(n);
  seeds.forEach((s, r) => {
    const rng = mulberry32(s);
    for (let i = r * row; i < (r + 1) * row; i++) values[i] = (2 * rng() - 1) * epsilon;
  });
  return tf.tensor(values, [...shape]);
}

/**
 * A uniform random start in the ε-ball, clipped to the box: each example's noise seeded by the attack's
 * seed, its id and the restart, so that a digit starts at the same point whatever batch it is in.
 */
export function randomStart(
  x: tf.Tensor,
  box: Box,
  epsilon: number,
  seed: number,
  exampleIds: readonly number[],
  restart: number,
): tf.Tensor {
  return tf.tidy(() =>
    project(
      tf.add(
        x,
        uniformNoise(
          x.shape,
          epsilon,
          exampleIds.map((id) => exampleSeed(seed, id, restart)),
        ),
      ),
      box,
    ),
  );
}

/** What an attack climbs: an untargeted loss, or a targeted one towards `targets`. */
export interface Objective {
  loss: LossName;
  /** Target class per example (then the loss is targeted); null for untargeted. */
  targets?: tf.Tensor1D | null;
}

/** Loss of each example at its logits, [N]. */
export function objectiveLoss(objective: Objective, z: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return objective.targets
    ? targetedLoss(objective.loss, z, labels, objective.targets)
    : untargetedLoss(objective.loss, z, labels);
}

export interface GradientPass {
  /** ∇ₓ of each example's own loss, shaped like x. */
  grad: tf.Tensor;
  /** Each example's loss, [N]. */
  loss: tf.Tensor1D;
  /** Whether the model misreads each example at this point, [N] bool. */
  wrong: tf.Tensor1D;
}

/** One forward and backward pass: the gradient, the loss and whether each example is misread. */
export function gradientPass(model: LogitsFn, x: tf.Tensor, labels: tf.Tensor1D, objective: Objective): GradientPass {
  let kept: { loss: tf.Tensor1D; logits: tf.Tensor2D } | null = null;
  const { grad } = tf.tidy(() => {
    const vg = tf.valueAndGrad((xi: tf.Tensor) => {
      const z = model(xi);
      const loss = objectiveLoss(objective, z, labels);
      // Kept out of the tape's clean-up: the same forward pass gives the loss and the prediction.
      kept = { loss: tf.keep(loss), logits: tf.keep(z) };
      return tf.sum(loss) as tf.Scalar;
    })(x);
    vg.value.dispose();
    return { grad: vg.grad };
  });
  const { loss, logits } = kept as unknown as { loss: tf.Tensor1D; logits: tf.Tensor2D };
  const wrong = tf.tidy(() => tf.notEqual(tf.argMax(logits, 1), tf.cast(labels, 'int32'))) as tf.Tensor1D;
  logits.dispose();
  return { grad, loss, wrong };
}

/** Whether the model misreads each example, [N] bool. */
export function misread(model: LogitsFn, x: tf.Tensor, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.notEqual(tf.argMax(model(x), 1), tf.cast(labels, 'int32'))) as tf.Tensor1D;
}

/** Examples whose tensor is exactly zero, [N] bool (a gradient that cannot move the iterate). */
export function zeroRows(t: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.equal(tf.max(tf.abs(tf.reshape(t, [t.shape[0]!, -1])), 1), 0)) as tf.Tensor1D;
}

/** A per-example [N] mask broadcast over the shape of x. */
export function rowMask(mask: tf.Tensor1D, like: tf.Tensor): tf.Tensor {
  return tf.reshape(mask, [mask.shape[0], ...like.shape.slice(1).map(() => 1)]);
}

/**
 * The first adversarial point found for each example, and whether one was found. `offer` is given
 * every iterate; `result` returns the adversarial point where found and `fallback` elsewhere.
 */
export class FirstFound {
  private found: tf.Tensor1D;
  private point: tf.Tensor;

  constructor(x: tf.Tensor) {
    this.found = tf.zeros([x.shape[0]!], 'bool') as tf.Tensor1D;
    this.point = tf.clone(x);
  }

  offer(candidate: tf.Tensor, wrong: tf.Tensor1D): void {
    const [found, point] = tf.tidy(() => {
      const fresh = tf.logicalAnd(wrong, tf.logicalNot(this.found)) as tf.Tensor1D;
      return [
        tf.logicalOr(this.found, wrong) as tf.Tensor1D,
        tf.where(tf.broadcastTo(rowMask(fresh, candidate), candidate.shape), candidate, this.point),
      ];
    });
    tf.dispose([this.found, this.point]);
    this.found = found;
    this.point = point;
  }

  /**
   * Whether every example is broken or, if `stuck` is given, broken or stuck, so that more iterations
   * cannot change the result. Reads one boolean back synchronously: attacks ask only every few iterations.
   */
  settled(stuck?: tf.Tensor1D): boolean {
    const all = tf.tidy(() => tf.all(stuck ? tf.logicalOr(this.found, stuck) : this.found));
    const v = all.dataSync()[0];
    all.dispose();
    return v === 1;
  }

  /** The adversarial point where one was found, `fallback` elsewhere (fallback is not disposed). */
  result(fallback: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.where(tf.broadcastTo(rowMask(this.found, fallback), fallback.shape), this.point, fallback));
  }

  dispose(): void {
    tf.dispose([this.found, this.point]);
  }
}
