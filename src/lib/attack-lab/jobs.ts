/**
 * The attack lab's model work, run by the page's model worker (src/runtime/model-worker) and, for
 * the figure's default state, by scripts/attack-lab/make-static.ts in Node: one attack with both
 * predictions, and the robustness curve (accuracy on the held-out digits as ε grows) in chunks.
 * FGSM is Goodfellow et al. 2015, PGD Madry et al. 2018 (src/lib/attacks.ts).
 *
 * Tensors: every call tidies or disposes what it creates; only the host's cached models outlive it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmax } from '../argmax.ts';
import { fgsmPerturbation, l2Norm, linfNorm, pgdSteps } from '../attacks.ts';
import { digitPixels } from '../digit-set.ts';
import type { JobContext, LoadedModel } from '../jobs.ts';
import type { AttackOutcome, AttackParams, CurvePoint, CurveProgress, CurveSpec, PredictionView } from './types.ts';

const PIXELS = 28 * 28;
/** Aim of one chunk of a curve, in ms: a cancel or another figure's request waits at most about this long. */
const CHUNK_MS = 20;

function view(probs: Float32Array): PredictionView {
  const label = argmax(probs);
  return { label, confidence: probs[label]!, probs };
}

/**
 * The last FGSM direction ±sign(∇ₓJ) computed. It does not depend on ε, so while only ε changes (a
 * slider drag) no gradient is needed: x′ = clip(x + ε·direction) is exactly fgsm() at that ε.
 */
interface FgsmCache {
  last: { model: string; attack: string; target: number; original: Float32Array; direction: Float32Array } | null;
}

const sameDigit = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** One attack on one digit (held-out or drawn), with the model's probabilities before and after. */
export async function attack(ctx: JobContext, p: AttackParams): Promise<AttackOutcome> {
  const [m, digits, cache] = await Promise.all([
    ctx.model(p.model),
    ctx.digits(),
    ctx.keep<FgsmCache>('attack-lab/fgsm', () => ({ last: null })),
  ]);
  const t0 = performance.now();
  const drawn = !!p.pixels && p.pixels.length === PIXELS;
  const digit = Math.min(Math.max(0, p.digit), digits.count - 1);
  const original = drawn && p.pixels ? Float32Array.from(p.pixels) : Float32Array.from(digitPixels(digits, digit));
  const trueLabel = drawn ? null : digits.labels[digit]!;
  const targeted = p.attack === 'fgsm-targeted';
  /** The class the attack is about: the target, or the true label; a drawing has none, so the untargeted attacks push away from what the model reads. */
  const labelOf = (x: tf.Tensor) =>
    targeted ? p.target : (trueLabel ?? tf.tidy(() => tf.argMax(m.logits(x), 1)).dataSync()[0]!);

  let direction: Float32Array | null = null;
  if (p.attack === 'fgsm' || targeted) {
    const c = cache.last;
    if (
      c &&
      c.model === p.model &&
      c.attack === p.attack &&
      (!targeted || c.target === p.target) &&
      sameDigit(c.original, original)
    ) {
      direction = c.direction;
    } else {
      const dirT = tf.tidy(() => {
        const x = tf.tensor4d(original, [1, 28, 28, 1]);
        return fgsmPerturbation(m.logits, x, [labelOf(x)], 1, { targeted });
      });
      try {
        direction = (await dirT.data()) as Float32Array;
      } finally {
        dirT.dispose();
      }
      cache.last = { model: p.model, attack: p.attack, target: p.target, original, direction };
    }
  }
  const x = tf.tensor4d(original, [1, 28, 28, 1]);
  let xAdv: tf.Tensor;
  try {
    if (direction) {
      const d = direction;
      xAdv = tf.tidy(() => tf.clipByValue(tf.add(x, tf.mul(tf.tensor4d(d, [1, 28, 28, 1]), p.eps)), 0, 1));
    } else if (p.eps === 0) {
      xAdv = tf.clone(x);
    } else {
      xAdv = await stepThrough(
        ctx,
        pgdSteps(m.logits, x, [labelOf(x)], {
          epsilon: p.eps,
          steps: p.k,
          alpha: p.alpha,
          randomStart: p.randomStart,
          seed: p.seed ?? 0,
        }),
      );
    }
  } catch (e) {
    x.dispose();
    throw e;
  }
  const probsT = tf.tidy(() => tf.softmax(m.logits(tf.concat([x, xAdv], 0))));
  let probs: Float32Array, adversarial: Float32Array;
  try {
    [probs, adversarial] = (await Promise.all([probsT.data(), xAdv.data()])) as [Float32Array, Float32Array];
  } finally {
    probsT.dispose();
    xAdv.dispose();
    x.dispose();
  }
  const delta = new Float32Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) delta[i] = adversarial[i]! - original[i]!;
  const params = { ...p };
  delete params.pixels;
  return {
    params,
    trueLabel,
    drawn,
    clean: view(probs.slice(0, 10)),
    adv: view(probs.slice(10, 20)),
    // `original` may be the FGSM cache's: the page gets a copy.
    original: Float32Array.from(original),
    adversarial: Float32Array.from(adversarial),
    delta,
    linf: linfNorm(delta),
    l2: l2Norm(delta),
    ms: performance.now() - t0,
  };
}

/** Runs a PGD generator to the end, one step per chunk at most; stopping early frees what it holds. */
async function stepThrough(ctx: JobContext<unknown>, run: Generator<number, tf.Tensor, void>): Promise<tf.Tensor> {
  try {
    for (let r = run.next(); ; r = run.next()) {
      if (r.done) return r.value;
      await ctx.checkpoint();
    }
  } finally {
    run.return(undefined as never);
  }
}

/**
 * PGD on digits start … start + size − 1; each digit's random start is seeded by its index, so the
 * result does not depend on how the digits were batched. Returns the predictions and the mean time of one step.
 */
async function pgdPredictions(
  ctx: JobContext<CurveProgress>,
  m: LoadedModel,
  pixels: Float32Array,
  start: number,
  size: number,
  labels: number[],
  epsilon: number,
  steps: number,
) {
  const x = tf.tensor4d(pixels.subarray(start * PIXELS, (start + size) * PIXELS), [size, 28, 28, 1]);
  const exampleSeeds = Array.from({ length: size }, (_, i) => start + i);
  const began = performance.now();
  let xAdv: tf.Tensor | null = null;
  try {
    xAdv = await stepThrough(
      ctx,
      pgdSteps(m.logits, x, labels, {
        epsilon,
        steps,
        alpha: (2.5 * epsilon) / steps,
        randomStart: true,
        exampleSeeds,
      }),
    );
    const stepMs = (performance.now() - began) / Math.max(1, steps);
    const adv = xAdv;
    const predicted = tf.tidy(() => tf.argMax(m.logits(adv), 1));
    try {
      return { pred: (await predicted.data()) as Int32Array, stepMs };
    } finally {
      predicted.dispose();
    }
  } finally {
    x.dispose();
    xAdv?.dispose();
  }
}

/**
 * Accuracy on the first `count` held-out digits at each ε, in chunks of about CHUNK_MS (a PGD chunk
 * is one step of a batch), reporting progress after each. FGSM's direction does not depend on ε: it
 * is computed once per digit, at the first ε > 0, and reused for the larger ones.
 */
export async function curve(ctx: JobContext<CurveProgress>, spec: CurveSpec): Promise<CurvePoint[]> {
  const [m, digits] = await Promise.all([ctx.model(spec.model), ctx.digits()]);
  const n = Math.min(spec.count, digits.count);
  const total = n * spec.epsilons.length;
  const points: CurvePoint[] = [];
  let done = 0;
  // Digits per chunk (per PGD step for PGD), adapted to the measured cost.
  let batch = spec.attack === 'pgd' ? 16 : 50;
  const fgsmSigns = spec.attack === 'fgsm' ? new Float32Array(n * PIXELS) : null;
  let signsReady = false;
  for (const epsilon of spec.epsilons) {
    let correct = 0;
    const reuseSigns = fgsmSigns !== null && signsReady && epsilon > 0;
    const fillSigns = fgsmSigns !== null && !signsReady && epsilon > 0;
    for (let start = 0; start < n;) {
      await ctx.checkpoint();
      const size = Math.min(batch, n - start);
      const t0 = performance.now();
      const labels = Array.from(digits.labels.subarray(start, start + size));
      let pred: Int32Array;
      if (spec.attack === 'pgd' && epsilon > 0) {
        const r = await pgdPredictions(ctx, m, digits.pixels, start, size, labels, epsilon, spec.steps);
        pred = r.pred;
        batch = Math.max(8, Math.min(200, Math.round((size * CHUNK_MS) / Math.max(r.stepMs, 1))));
      } else {
        const [predicted, signs] = tf.tidy(() => {
          const x = tf.tensor4d(digits.pixels.subarray(start * PIXELS, (start + size) * PIXELS), [size, 28, 28, 1]);
          if (epsilon === 0) return [tf.argMax(m.logits(x), 1), null];
          const s =
            reuseSigns && fgsmSigns
              ? tf.tensor4d(fgsmSigns.subarray(start * PIXELS, (start + size) * PIXELS), [size, 28, 28, 1])
              : fgsmPerturbation(m.logits, x, labels, 1);
          const xAdv = tf.clipByValue(tf.add(x, tf.mul(s, epsilon)), 0, 1);
          return [tf.argMax(m.logits(xAdv), 1), fillSigns ? s : null];
        });
        try {
          pred = (await predicted.data()) as Int32Array;
          if (signs && fgsmSigns) fgsmSigns.set((await signs.data()) as Float32Array, start * PIXELS);
        } finally {
          predicted.dispose();
          signs?.dispose();
        }
        batch = Math.max(1, Math.min(200, Math.round((size * CHUNK_MS) / Math.max(performance.now() - t0, 1))));
      }
      for (let i = 0; i < size; i++) if (pred[i] === labels[i]) correct++;
      start += size;
      done += size;
      ctx.progress({ done, total, epsilon, points: [...points] });
    }
    if (fillSigns) signsReady = true;
    points.push({ epsilon, accuracy: correct / n });
    ctx.progress({ done, total, epsilon, points: [...points] });
  }
  return points;
}
