/**
 * The shift lab's model work, run by the page's model worker (src/runtime/model-worker) and, for the
 * precomputed curves, by scripts/shift-lab/make-static.ts in Node: every held-out digit shifted
 * (src/lib/shift.ts) and classified by a model, in batches, at one severity or along the curve.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmax } from '../argmax.ts';
import type { JobContext } from '../jobs.ts';
import { CURVE_LEVELS, ShiftTally, shiftBatch, type ShiftKind, type ShiftScore } from '../shift.ts';

/** Digits shown under the chart, each with the model's answer. */
export const SAMPLE_COUNT = 12;
/** Digits per forward pass. */
const BATCH = 200;

export interface ShiftRequest {
  model: string;
  kind: ShiftKind;
  level: number;
}

/** One of the first digits under the shift, with the model's answer (its image is drawn by the page). */
export interface SampleAnswer {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
}

export interface ShiftOutcome extends ShiftRequest {
  score: ShiftScore;
  samples: SampleAnswer[];
  /** Time in the host that ran it. */
  ms: number;
}

export interface ShiftCurvePoint extends ShiftScore {
  level: number;
}

export interface CurveProgress {
  done: number;
  total: number;
}

/** Scores every held-out digit under the shift; `keep` sees each digit's softmax row. */
async function score(
  ctx: JobContext<unknown>,
  { model, kind, level }: ShiftRequest,
  keep?: (index: number, row: Float32Array) => void,
): Promise<ShiftScore> {
  const [m, digits] = await Promise.all([ctx.model(model), ctx.digits()]);
  const tally = new ShiftTally();
  for (let start = 0; start < digits.count; start += BATCH) {
    await ctx.checkpoint();
    const indices = Array.from({ length: Math.min(BATCH, digits.count - start) }, (_, j) => start + j);
    const x = shiftBatch(digits.pixels, indices, kind, level);
    const probsT = tf.tidy(() => tf.softmax(m.logits(tf.tensor4d(x, [indices.length, 28, 28, 1]))));
    let probs: Float32Array;
    try {
      probs = (await probsT.data()) as Float32Array;
    } finally {
      probsT.dispose();
    }
    tally.add(probs, digits.labels.subarray(start, start + indices.length));
    if (keep) indices.forEach((d, j) => keep(d, probs.subarray(j * 10, (j + 1) * 10)));
  }
  return tally.score();
}

/** Every held-out digit under one shift at one severity, with the first SAMPLE_COUNT digits' answers. */
export async function evaluate(ctx: JobContext, request: ShiftRequest): Promise<ShiftOutcome> {
  const t0 = performance.now();
  const labels = (await ctx.digits()).labels;
  const samples: SampleAnswer[] = [];
  const s = await score(ctx, request, (index, row) => {
    if (index >= SAMPLE_COUNT) return;
    const predicted = argmax(row);
    samples.push({ index, label: labels[index]!, predicted, confidence: row[predicted]! });
  });
  return { ...request, score: s, samples, ms: performance.now() - t0 };
}

/** The same at every curve severity, reporting each one done. */
export async function curve(
  ctx: JobContext<CurveProgress>,
  request: Omit<ShiftRequest, 'level'>,
): Promise<ShiftCurvePoint[]> {
  const points: ShiftCurvePoint[] = [];
  for (const level of CURVE_LEVELS) {
    points.push({ level, ...(await score(ctx, { ...request, level })) });
    ctx.progress({ done: points.length, total: CURVE_LEVELS.length });
  }
  return points;
}
