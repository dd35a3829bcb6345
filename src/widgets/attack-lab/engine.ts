/**
 * The attack lab's tensor work, loaded with a dynamic import after the island mounts (it pulls in
 * tfjs through src/runtime). Every call tidies or disposes what it creates: only the cached models'
 * weights outlive a call, so `tf.memory().numTensors` is the same before and after any number of attacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fgsmPerturbation, l2Norm, linfNorm, pgd, pgdSteps } from '../../lib/attacks.ts';
import { digitPixels, type DigitSet } from '../../lib/digit-set.ts';
import { loadDigits } from '../../runtime/digits.ts';
import { loadModel, type LoadedModel } from '../../runtime/models.ts';
import { loadTf, type BackendName } from '../../runtime/tfjs.ts';
import type { CurveAttack, CurvePoint } from './curves.ts';
import type { AttackName, ModelName } from './lab-state.ts';

export interface AttackParams {
  model: ModelName;
  digit: number;
  attack: AttackName;
  eps: number;
  k: number;
  /** PGD step size actually used (already resolved from "auto"). */
  alpha: number;
  target: number;
  randomStart: boolean;
  seed?: number;
  /** A drawn digit (28 × 28 in [0, 1]) to attack instead of held-out digit `digit`. */
  pixels?: Float32Array | null;
}

export interface PredictionView {
  label: number;
  confidence: number;
  probs: Float32Array;
}

export interface AttackOutcome {
  params: AttackParams;
  /** The held-out digit's label; null for a drawing, which has none. */
  trueLabel: number | null;
  drawn: boolean;
  clean: PredictionView;
  adv: PredictionView;
  original: Float32Array;
  adversarial: Float32Array;
  /** x' − x. */
  delta: Float32Array;
  linf: number;
  l2: number;
  /** Wall time of the attack and both predictions, read back. */
  ms: number;
}

const PIXELS = 28 * 28;

function view(probs: Float32Array): PredictionView {
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
  return { label: best, confidence: probs[best]!, probs };
}

export interface Engine {
  backend: BackendName;
  fallbackReason: string | null;
  digits: DigitSet;
  model(name: ModelName): Promise<LoadedModel>;
  attack(p: AttackParams): Promise<AttackOutcome>;
  runCurve(spec: CurveSpec, onProgress: (p: CurveProgress) => void, signal: AbortSignal): Promise<CurvePoint[]>;
  numTensors(): number;
}

export interface CurveSpec {
  model: ModelName;
  attack: CurveAttack;
  epsilons: readonly number[];
  count: number;
  /** PGD steps (α = 2.5·ε/K, random start, seed 0: the manifests' evaluation). */
  steps: number;
}

export interface CurveProgress {
  /** Digits × ε values done, of total. */
  done: number;
  total: number;
  epsilon: number;
  /** Points finished so far. */
  points: CurvePoint[];
}

/** Lets the browser paint and handle input between slices of a long computation. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Aim of one slice of the curve run, in milliseconds: short enough to keep the page responsive. */
const SLICE_MS = 40;

/** Starts tfjs (with the reader's preferred backend, if any), the digits and, when named, the first model at once. */
export async function createEngine(preferred?: BackendName | null, firstModel?: ModelName): Promise<Engine> {
  const tfReady = loadTf(preferred); // first, so that the preference decides the backend
  // Warm the model cache; a failure here is reported by the attack that needs the model.
  if (firstModel) loadModel(firstModel).catch(() => {});
  const [{ backend, fallbackReason }, digits] = await Promise.all([tfReady, loadDigits()]);

  /**
   * The last FGSM direction ±sign(∇ₓJ) computed. It does not depend on ε, so while only ε changes (a
   * slider drag) no gradient is needed: x′ = clip(x + ε·direction) is exactly fgsm() at that ε.
   */
  let fgsmCache: {
    model: ModelName;
    attack: AttackName;
    target: number;
    original: Float32Array;
    direction: Float32Array;
  } | null = null;
  const sameDigit = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => v === b[i]);

  async function attack(p: AttackParams): Promise<AttackOutcome> {
    const m = await loadModel(p.model);
    const t0 = performance.now();
    const drawn = !!p.pixels && p.pixels.length === PIXELS;
    const digit = Math.min(Math.max(0, p.digit), digits.count - 1);
    const original = drawn ? Float32Array.from(p.pixels!) : Float32Array.from(digitPixels(digits, digit));
    const trueLabel = drawn ? null : digits.labels[digit]!;
    const targeted = p.attack === 'fgsm-targeted';
    /** The class the attack is about: the target, or the true label; a drawing has none, so the untargeted attacks push away from what the model reads. */
    const labelOf = (x: tf.Tensor) =>
      targeted ? p.target : (trueLabel ?? tf.tidy(() => tf.argMax(m.logits(x), 1)).dataSync()[0]!);

    let direction: Float32Array | null = null;
    if (p.attack === 'fgsm' || targeted) {
      const c = fgsmCache;
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
        fgsmCache = { model: p.model, attack: p.attack, target: p.target, original, direction };
      }
    }
    const [probsT, advT] = tf.tidy(() => {
      const x = tf.tensor4d(original, [1, 28, 28, 1]);
      const xAdv = direction
        ? tf.clipByValue(tf.add(x, tf.mul(tf.tensor4d(direction, [1, 28, 28, 1]), p.eps)), 0, 1)
        : p.eps === 0
          ? tf.clone(x)
          : pgd(m.logits, x, [labelOf(x)], {
              epsilon: p.eps,
              steps: p.k,
              alpha: p.alpha,
              randomStart: p.randomStart,
              seed: p.seed ?? 0,
            });
      return [tf.softmax(m.logits(tf.concat([x, xAdv], 0))), xAdv];
    });
    let probs: Float32Array, adversarial: Float32Array;
    try {
      [probs, adversarial] = (await Promise.all([probsT.data(), advT.data()])) as [Float32Array, Float32Array];
    } finally {
      probsT.dispose();
      advT.dispose();
    }
    const delta = new Float32Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) delta[i] = adversarial[i]! - original[i]!;
    return {
      params: p,
      trueLabel,
      drawn,
      clean: view(probs.slice(0, 10)),
      adv: view(probs.slice(10, 20)),
      original,
      adversarial: Float32Array.from(adversarial),
      delta,
      linf: linfNorm(delta),
      l2: l2Norm(delta),
      ms: performance.now() - t0,
    };
  }

  /**
   * PGD on digits start … start + size − 1, one step at a time with a pause for the browser whenever
   * a slice has run SLICE_MS; each digit's random start is seeded by its index, so the result does not
   * depend on how the digits were batched. Returns the predictions and the mean time of one step.
   */
  async function pgdPredictions(
    m: LoadedModel,
    start: number,
    size: number,
    labels: number[],
    epsilon: number,
    steps: number,
    signal: AbortSignal,
  ) {
    const x = tf.tensor4d(digits.pixels.subarray(start * PIXELS, (start + size) * PIXELS), [size, 28, 28, 1]);
    const exampleSeeds = Array.from({ length: size }, (_, i) => start + i);
    const run = pgdSteps(m.logits, x, labels, {
      epsilon,
      steps,
      alpha: (2.5 * epsilon) / steps,
      randomStart: true,
      exampleSeeds,
    });
    let xAdv: tf.Tensor | null = null;
    const began = performance.now();
    try {
      let sliceStart = began;
      for (let r = run.next(); ; r = run.next()) {
        if (r.done) {
          xAdv = r.value;
          break;
        }
        if (performance.now() - sliceStart >= SLICE_MS) {
          await yieldToBrowser();
          if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
          sliceStart = performance.now();
        }
      }
      const stepMs = (performance.now() - began) / Math.max(1, steps);
      const predicted = tf.tidy(() => tf.argMax(m.logits(xAdv!), 1));
      try {
        return { pred: (await predicted.data()) as Int32Array, stepMs };
      } finally {
        predicted.dispose();
      }
    } finally {
      run.return(undefined as never);
      x.dispose();
      xAdv?.dispose();
    }
  }

  async function runCurve(
    spec: CurveSpec,
    onProgress: (p: CurveProgress) => void,
    signal: AbortSignal,
  ): Promise<CurvePoint[]> {
    const m = await loadModel(spec.model);
    const n = Math.min(spec.count, digits.count);
    const total = n * spec.epsilons.length;
    const points: CurvePoint[] = [];
    let done = 0;
    // Digits per slice (per PGD step for PGD), adapted to the measured cost so that each slice takes
    // about SLICE_MS.
    let batch = spec.attack === 'pgd' ? 16 : 50;
    // FGSM's direction sign(∇ₓJ) does not depend on ε: compute it once per digit, on the first ε > 0,
    // and reuse it for every larger ε (one forward pass each instead of a gradient each).
    const fgsmSigns = spec.attack === 'fgsm' ? new Float32Array(n * PIXELS) : null;
    let signsReady = false;
    for (const epsilon of spec.epsilons) {
      let correct = 0;
      const reuseSigns = fgsmSigns !== null && signsReady && epsilon > 0;
      const fillSigns = fgsmSigns !== null && !signsReady && epsilon > 0;
      for (let start = 0; start < n;) {
        if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
        const size = Math.min(batch, n - start);
        const t0 = performance.now();
        const labels = Array.from(digits.labels.subarray(start, start + size));
        let pred: Int32Array;
        if (spec.attack === 'pgd' && epsilon > 0) {
          const r = await pgdPredictions(m, start, size, labels, epsilon, spec.steps, signal);
          pred = r.pred;
          // PGD's slices are its steps: aim one step of the batch at SLICE_MS.
          batch = Math.max(8, Math.min(200, Math.round((size * SLICE_MS) / Math.max(r.stepMs, 1))));
        } else {
          const [predicted, signs] = tf.tidy(() => {
            const x = tf.tensor4d(digits.pixels.subarray(start * PIXELS, (start + size) * PIXELS), [size, 28, 28, 1]);
            if (epsilon === 0) return [tf.argMax(m.logits(x), 1), null];
            const s = reuseSigns
              ? tf.tensor4d(fgsmSigns!.subarray(start * PIXELS, (start + size) * PIXELS), [size, 28, 28, 1])
              : fgsmPerturbation(m.logits, x, labels, 1);
            const xAdv = tf.clipByValue(tf.add(x, tf.mul(s, epsilon)), 0, 1);
            return [tf.argMax(m.logits(xAdv), 1), fillSigns ? s : null];
          });
          try {
            pred = (await predicted.data()) as Int32Array;
            if (signs) fgsmSigns!.set((await signs.data()) as Float32Array, start * PIXELS);
          } finally {
            predicted.dispose();
            signs?.dispose();
          }
          batch = Math.max(1, Math.min(200, Math.round((size * SLICE_MS) / Math.max(performance.now() - t0, 1))));
        }
        for (let i = 0; i < size; i++) if (pred[i] === labels[i]) correct++;
        start += size;
        done += size;
        onProgress({ done, total, epsilon, points: [...points] });
        await yieldToBrowser();
      }
      if (fillSigns) signsReady = true;
      points.push({ epsilon, accuracy: correct / n });
      onProgress({ done, total, epsilon, points: [...points] });
    }
    return points;
  }

  return {
    backend,
    fallbackReason,
    digits,
    model: loadModel,
    attack,
    runCurve,
    numTensors: () => tf.memory().numTensors,
  };
}
