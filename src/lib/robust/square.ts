/**
 * The Square attack under L∞ (Andriushchenko, Croce, Flammarion, Hein, "Square Attack: a
 * query-efficient black-box adversarial attack via random search", ECCV 2020), which never looks at
 * a gradient: it asks the model for logits only, so gradient masking cannot stop it.
 *
 * Start: vertical stripes, x⁰ = clip(x + ε·s, 0, 1) with one random sign s per column. Then, per
 * example and per query i: choose a random square window of side h = round(√(p_i·784)) and set the
 * perturbation there to ±ε (one random sign; the other if that changes nothing), clip to [0, 1], and
 * keep the new point if its margin z_y − max_{j≠y} z_j fell or the digit is misread. The fraction p_i
 * halves on a fixed schedule from p_init = 0.8 (the authors' code, rescaled to the query budget).
 * An example stops being queried once it is misread.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, randomInt, type Rng } from '../rng.ts';
import { exampleSeed, type AttackProgress, type LogitsFn } from './common.ts';

export interface SquareOptions {
  epsilon: number;
  /** Queries per example after the first (the budget). */
  queries: number;
  /** Initial fraction of pixels a window covers (default 0.8, as AutoAttack). */
  pInit?: number;
  seed: number;
  exampleIds: readonly number[];
}

/** p_i: p_init halved at fixed fractions of the budget (square.py's p_selection, rescaled to 10,000). */
export function squareFraction(pInit: number, query: number, budget: number): number {
  const i = Math.floor((query / budget) * 10000);
  const halvings = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000].filter((t) => i > t).length;
  return pInit / 2 ** halvings;
}

/** z_y − max_{j≠y} z_j of each row of logits [n × classes]. */
function margins(logits: Float32Array, labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    let other = -Infinity;
    for (let c = 0; c < classes; c++) if (c !== y) other = Math.max(other, logits[i * classes + c]!);
    out[i] = logits[i * classes + y]! - other;
  }
  return out;
}

export async function* squareAttack(
  model: LogitsFn,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  options: SquareOptions,
): AsyncGenerator<AttackProgress, tf.Tensor, void> {
  const { epsilon, queries, exampleIds } = options;
  const pInit = options.pInit ?? 0.8;
  const [n, height, width] = x.shape as [number, number, number, number];
  const channels = x.shape[3] ?? 1;
  const size = height * width * channels;
  const clean = (await x.data()) as Float32Array;
  const y = (await labels.data()) as Int32Array;
  const rngs: Rng[] = exampleIds.map((id) => mulberry32(exampleSeed(options.seed, id)));
  const clip = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  // Start: one random sign per column of each example.
  const best = new Float32Array(clean.length);
  for (let e = 0; e < n; e++) {
    const signs = Array.from({ length: width * channels }, () => (rngs[e]!() < 0.5 ? -epsilon : epsilon));
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width * channels; c++) {
        const i = e * size + r * width * channels + c;
        best[i] = clip(clean[i]! + signs[c]!);
      }
  }
  const start = await logitsOf(model, best, x.shape, n);
  const classes = start.classes;
  const bestMargin = margins(start.values, y, classes);
  yield { done: 1, total: queries + 1 };
  const candidate = new Float32Array(size);
  for (let q = 0; q < queries; q++) {
    const active: number[] = [];
    for (let e = 0; e < n; e++) if (bestMargin[e]! > 0) active.push(e);
    if (!active.length) break;
    const p = squareFraction(pInit, q, queries);
    const side = Math.min(Math.max(Math.round(Math.sqrt((p * size) / channels)), 1), height - 1);
    const batch = new Float32Array(active.length * size);
    for (const [a, e] of active.entries()) {
      const rng = rngs[e]!;
      const top = randomInt(rng, height - side);
      const left = randomInt(rng, width - side);
      candidate.set(best.subarray(e * size, (e + 1) * size));
      for (let ch = 0; ch < channels; ch++) {
        const sign = rng() < 0.5 ? -epsilon : epsilon;
        const window = (s: number) => {
          let changed = false;
          for (let r = top; r < top + side; r++)
            for (let c = left; c < left + side; c++) {
              const i = (r * width + c) * channels + ch;
              const v = clip(clean[e * size + i]! + s);
              if (Math.abs(v - best[e * size + i]!) >= 1e-7) changed = true;
              candidate[i] = v;
            }
          return changed;
        };
        // A window that changes nothing would waste a query: take the other sign.
        if (!window(sign)) window(-sign);
      }
      batch.set(candidate, a * size);
    }
    const { values } = await logitsOf(model, batch, [active.length, ...x.shape.slice(1)], active.length);
    const m = margins(
      values,
      active.map((e) => y[e]!),
      classes,
    );
    for (const [a, e] of active.entries()) {
      if (m[a]! < bestMargin[e]!) {
        bestMargin[e] = m[a]!;
        best.set(batch.subarray(a * size, (a + 1) * size), e * size);
      }
    }
    yield { done: q + 2, total: queries + 1 };
  }
  return tf.tensor(best, x.shape);
}

/** Logits of a batch held in a plain array, read back. */
async function logitsOf(
  model: LogitsFn,
  pixels: Float32Array,
  shape: readonly number[],
  n: number,
): Promise<{ values: Float32Array; classes: number }> {
  const z = tf.tidy(() => model(tf.tensor(pixels, [n, ...shape.slice(1)])));
  try {
    return { values: (await z.data()) as Float32Array, classes: z.shape[1] };
  } finally {
    z.dispose();
  }
}
