/**
 * Auto-PGD under L∞ (Croce & Hein, "Reliable evaluation of adversarial robustness with an ensemble
 * of diverse parameter-free attacks", ICML 2020, Algorithm 1), following the authors' code
 * (github.com/fra31/auto-attack, autopgd_base.py). Per example:
 *
 *   z^{k+1} = Π(x^k + η^k·sign(∇L(x^k)))
 *   x^{k+1} = Π(x^k + α(z^{k+1} − x^k) + (1 − α)(x^k − x^{k−1})),  α = 0.75 (1 at the first step)
 *
 * starting from η⁰ = 2ε. At checkpoints w_j the step is halved, and the iterate reset to the best
 * point so far, when (1) the loss rose in at most ρ = 75 % of the steps since the last checkpoint, or
 * (2) the step was not halved at the last checkpoint and the best loss has not risen since. The first
 * checkpoint comes after ⌊0.22·N⌋ iterations; each later gap is 0.03·N shorter, down to 0.06·N.
 * Targeted runs (multi-targeted APGD-T) climb the targeted loss; any misread iterate counts.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  boxAround,
  EARLY_EXIT_EVERY,
  FirstFound,
  gradientPass,
  project,
  randomStart,
  rowMask,
  signOf,
  zeroRows,
  type AttackProgress,
  type LogitsFn,
  type Objective,
} from './common.ts';

export interface ApgdOptions extends Objective {
  epsilon: number;
  /** Iterations N. */
  steps: number;
  /** Random starts (default 1), each a full run of N iterations. */
  restarts?: number;
  seed: number;
  exampleIds: readonly number[];
  /** ρ of condition 1 (default 0.75). */
  rho?: number;
}

/** Iterations at which the step size is checked: gaps of 0.22·N, then 0.03·N shorter, at least 0.06·N. */
export function apgdCheckpoints(steps: number): number[] {
  let gap = Math.max(Math.floor(0.22 * steps), 1);
  const shrink = Math.max(Math.floor(0.03 * steps), 1);
  const least = Math.max(Math.floor(0.06 * steps), 1);
  const out: number[] = [];
  for (let at = gap; at <= steps; at += gap) {
    out.push(at);
    gap = Math.max(gap - shrink, least);
  }
  return out;
}

export function* apgd(
  model: LogitsFn,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  options: ApgdOptions,
): Generator<AttackProgress, tf.Tensor, void> {
  const { epsilon, steps, seed, exampleIds } = options;
  const rho = options.rho ?? 0.75;
  const runs = Math.max(options.restarts ?? 1, 1);
  const total = runs * steps;
  // Iteration of each checkpoint → iterations since the one before.
  const gaps = new Map(apgdCheckpoints(steps).map((at, i, all) => [at, at - (all[i - 1] ?? 0)]));
  const box = boxAround(x, epsilon);
  const first = new FirstFound(x);
  /** Every tensor of the current run, freed together when it ends or stops early. */
  let s: Record<string, tf.Tensor> = {};
  /** Moves to the next state, freeing the tensors that it no longer holds. */
  const replace = (next: Record<string, tf.Tensor>) => {
    const merged = { ...s, ...next };
    const kept = new Set(Object.values(merged));
    for (const v of Object.values(s)) if (!kept.has(v)) v.dispose();
    s = merged;
  };
  let last: tf.Tensor | null = null;
  try {
    for (let r = 0; r < runs; r++) {
      const start = randomStart(x, box, epsilon, seed, exampleIds, r);
      const p0 = gradientPass(model, start, labels, options);
      first.offer(start, p0.wrong);
      p0.wrong.dispose();
      s = {
        x: start,
        xPrev: tf.clone(start),
        grad: p0.grad,
        loss: p0.loss,
        xBest: tf.clone(start),
        gradBest: tf.clone(p0.grad),
        lossBest: tf.clone(p0.loss),
        step: tf.fill([x.shape[0]!, ...x.shape.slice(1).map(() => 1)], 2 * epsilon),
        // Since the last checkpoint: how often the loss rose, and the loss it started from.
        rises: tf.zeros([x.shape[0]!]),
        lossBestAtCheck: tf.clone(p0.loss),
        halvedAtCheck: tf.ones([x.shape[0]!], 'bool'),
      };
      for (let k = 0; k < steps; k++) {
        const a = k === 0 ? 1 : 0.75;
        const xNext = tf.tidy(() => {
          const z = project(tf.add(s.x!, tf.mul(signOf(s.grad!), s.step!)), box);
          return project(tf.add(tf.add(s.x!, tf.mul(tf.sub(z, s.x!), a)), tf.mul(tf.sub(s.x!, s.xPrev!), 1 - a)), box);
        });
        const pass = gradientPass(model, xNext, labels, options);
        first.offer(xNext, pass.wrong);
        const next = tf.tidy(() => {
          const better = tf.greater(pass.loss, s.lossBest!) as tf.Tensor1D;
          const b = tf.broadcastTo(rowMask(better, xNext), xNext.shape);
          return {
            xPrev: s.x!,
            x: xNext,
            grad: pass.grad,
            rises: tf.add(s.rises!, tf.cast(tf.greater(pass.loss, s.loss!), 'float32')),
            loss: pass.loss,
            xBest: tf.where(b, xNext, s.xBest!),
            gradBest: tf.where(b, pass.grad, s.gradBest!),
            lossBest: tf.where(better, pass.loss, s.lossBest!),
          };
        });
        pass.wrong.dispose();
        replace(next);
        const since = gaps.get(k + 1);
        if (since !== undefined) {
          const halve = tf.tidy(() => {
            const oscillating = tf.lessEqual(s.rises!, since * rho);
            const stalled = tf.logicalAnd(
              tf.logicalNot(s.halvedAtCheck!),
              tf.greaterEqual(s.lossBestAtCheck!, s.lossBest!),
            );
            return tf.logicalOr(oscillating, stalled) as tf.Tensor1D;
          });
          const reset = tf.tidy(() => {
            const h = tf.broadcastTo(rowMask(halve, s.x!), s.x!.shape);
            return {
              step: tf.where(rowMask(halve, s.step!), tf.mul(s.step!, 0.5), s.step!),
              x: tf.where(h, s.xBest!, s.x!),
              grad: tf.where(h, s.gradBest!, s.grad!),
              rises: tf.zerosLike(s.rises!),
              lossBestAtCheck: tf.clone(s.lossBest!),
              halvedAtCheck: halve,
            };
          });
          replace(reset);
        }
        yield { done: r * steps + k + 1, total };
        if ((k + 1) % EARLY_EXIT_EVERY === 0) {
          // Broken, or stuck: a zero gradient and no momentum left (x = x_prev), so x never moves again.
          const stuck = tf.tidy(
            () => tf.logicalAnd(zeroRows(s.grad!), zeroRows(tf.sub(s.x!, s.xPrev!))) as tf.Tensor1D,
          );
          const over = first.settled(stuck);
          stuck.dispose();
          if (over) break;
        }
      }
      last?.dispose();
      last = s.xBest!;
      delete s.xBest;
      tf.dispose(Object.values(s));
      s = {};
      if (first.settled()) break;
    }
    return first.result(last!);
  } finally {
    tf.dispose(Object.values(s));
    last?.dispose();
    first.dispose();
    tf.dispose([box.lo, box.hi]);
  }
}
