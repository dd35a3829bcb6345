/**
 * The shift lab's tensor work, loaded with a dynamic import after the island mounts (it pulls in
 * tfjs through src/runtime). Shifting the digits is plain TypeScript (src/lib/shift.ts); the models
 * run in batches inside `tf.tidy`, so only the cached models' weights outlive a call.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DigitSet } from '../../lib/digit-set.ts';
import { CURVE_LEVELS, ShiftTally, shiftBatch, type ShiftKind, type ShiftScore } from '../../lib/shift.ts';
import { loadDigits } from '../../runtime/digits.ts';
import { loadModel } from '../../runtime/models.ts';
import { loadTf, type BackendName } from '../../runtime/tfjs.ts';
import type { ModelName } from '../../lib/model-names.ts';

/** Digits shown under the chart, each with its prediction. */
export const SAMPLE_COUNT = 12;
/** Digits per forward pass: small enough to yield to the page between batches. */
const BATCH = 200;

export interface SampleView {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  pixels: Float32Array;
}

export interface ShiftOutcome {
  model: ModelName;
  kind: ShiftKind;
  level: number;
  score: ShiftScore;
  samples: SampleView[];
  ms: number;
}

export interface CurvePoint extends ShiftScore {
  level: number;
}

export interface ShiftEngine {
  backend: BackendName;
  fallbackReason: string | null;
  digits: DigitSet;
  /** Every held-out digit under one shift at one severity. */
  evaluate(model: ModelName, kind: ShiftKind, level: number): Promise<ShiftOutcome>;
  /** The same at every curve level, yielding to the page between batches; stops when `signal` aborts. */
  curve(
    model: ModelName,
    kind: ShiftKind,
    signal: AbortSignal,
    onPoint?: (done: number, total: number) => void,
  ): Promise<CurvePoint[] | null>;
  numTensors(): number;
}

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function createShiftEngine(preferred: BackendName | null, firstModel: ModelName): Promise<ShiftEngine> {
  // The first model downloads alongside; if it is broken, its evaluation reports that inside the figure.
  loadModel(firstModel).catch(() => {});
  const [{ backend, fallbackReason }, digits] = await Promise.all([loadTf(preferred), loadDigits()]);
  const all = Array.from({ length: digits.count }, (_, i) => i);

  /** Softmax rows for the digits `indices` under the shift, one batch. */
  async function probabilities(
    model: ModelName,
    kind: ShiftKind,
    level: number,
    indices: number[],
  ): Promise<Float32Array> {
    const { logits } = await loadModel(model);
    const x = shiftBatch(digits.pixels, indices, kind, level);
    const probs = tf.tidy(() => tf.softmax(logits(tf.tensor4d(x, [indices.length, 28, 28, 1]))));
    try {
      return (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
  }

  async function score(
    model: ModelName,
    kind: ShiftKind,
    level: number,
    signal?: AbortSignal,
    keep?: (i: number, row: Float32Array) => void,
  ): Promise<ShiftScore | null> {
    const tally = new ShiftTally();
    for (let start = 0; start < all.length; start += BATCH) {
      if (signal?.aborted) return null;
      const indices = all.slice(start, start + BATCH);
      const probs = await probabilities(model, kind, level, indices);
      tally.add(probs, digits.labels.subarray(start, start + indices.length));
      if (keep) indices.forEach((d, j) => keep(d, probs.subarray(j * 10, (j + 1) * 10)));
      if (signal) await yieldToPage();
    }
    return tally.score();
  }

  return {
    backend,
    fallbackReason,
    digits,
    async evaluate(model, kind, level) {
      const t0 = performance.now();
      const samples: SampleView[] = [];
      const result = await score(model, kind, level, undefined, (i, row) => {
        if (i >= SAMPLE_COUNT) return;
        let best = 0;
        for (let k = 1; k < 10; k++) if (row[k]! > row[best]!) best = k;
        samples.push({
          index: i,
          label: digits.labels[i]!,
          predicted: best,
          confidence: row[best]!,
          pixels: shiftBatch(digits.pixels, [i], kind, level),
        });
      });
      return { model, kind, level, score: result!, samples, ms: performance.now() - t0 };
    },
    async curve(model, kind, signal, onPoint) {
      const points: CurvePoint[] = [];
      for (const level of CURVE_LEVELS) {
        const s = await score(model, kind, level, signal);
        if (!s) return null;
        points.push({ level, ...s });
        onPoint?.(points.length, CURVE_LEVELS.length);
      }
      return points;
    },
    numTensors: () => tf.memory().numTensors,
  };
}
