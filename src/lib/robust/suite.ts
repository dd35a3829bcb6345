/**
 * The strong attack suite and its evaluator: every attack of the suite, at every ε, on every digit,
 * and for each digit its worst case (it counts as robust at ε only if no attack of the suite broke it).
 * This is how Croce & Hein (AutoAttack, ICML 2020) and Carlini et al. ("On Evaluating Adversarial
 * Robustness", 2019) ask robustness to be measured: a strong, diverse suite, the worst case per
 * example, and sanity checks on the numbers (flags.ts).
 *
 * The evaluator is an async generator that does one attack iteration on one batch per `next()` and
 * yields its progress, so a caller (the model worker) can report progress, keep its event loop free
 * and cancel between slices: stopping the iteration (`return()`, or leaving a `for await` loop) frees
 * every tensor the suite holds. `runSuite` drives it to the end with an AbortSignal.
 *
 * Each attack runs `standalone` (on every digit the model reads correctly, so its own accuracy is
 * known) or in `cascade` (only on the digits that every earlier attack failed to break, as AutoAttack
 * does, which is much cheaper and gives the same worst case). Every example's randomness is seeded by
 * its digit id, so a digit gets the same attack whatever batch or subset it is evaluated in.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fgsm } from '../attacks.ts';
import { apgd } from './apgd.ts';
import type { AttackSteps, LogitsFn } from './common.ts';
import type { LossName } from './losses.ts';
import { topOtherClasses } from './losses.ts';
import { pgdRestarts } from './pgd.ts';
import { squareAttack } from './square.ts';

/** How an attack sees the model, for the sanity flags. */
export type AttackFamily = 'one-step' | 'multi-step' | 'black-box' | 'adaptive';

interface SpecBase {
  /** Short id, e.g. `apgd-ce`, unique within a suite. */
  id: string;
  /** How it appears in a table or a bar chart. */
  label: string;
  /** `standalone` (default): on every correctly read digit; `cascade`: only on digits still robust. */
  mode?: 'standalone' | 'cascade';
  /**
   * Run only on digits whose id is below this: the first N held-out digits (the Square attack on a
   * documented subset). By id, not by position in the list, so a subset of digits meets the same rule.
   */
  firstDigits?: number;
}

/** A white-box gradient attack; `transfer` and `bpda` specs wrap one of these. */
export type GradientAttack =
  | { kind: 'fgsm' }
  | { kind: 'pgd'; steps: number; alphaOverEpsilon?: number; restarts: number; loss: LossName; seed: number }
  | { kind: 'apgd'; steps: number; restarts: number; loss: LossName; seed: number }
  /** APGD towards each of the `targets` classes with the largest clean logits other than the true one. */
  | { kind: 'apgd-targeted'; steps: number; targets: number; loss: LossName; seed: number };

export type AttackSpec = SpecBase &
  (
    | GradientAttack
    | { kind: 'square'; queries: number; pInit?: number; seed: number }
    /** Adversarial digits made on another model (`models.transferSource`) and shown to this one. */
    | { kind: 'transfer'; attack: GradientAttack }
    /** The attack through the straight-through surrogate of the preprocessing (`models.bpda`). */
    | { kind: 'bpda'; attack: GradientAttack }
  );

export function familyOf(spec: AttackSpec): AttackFamily {
  if (spec.kind === 'fgsm') return 'one-step';
  if (spec.kind === 'square' || spec.kind === 'transfer') return 'black-box';
  if (spec.kind === 'bpda') return 'adaptive';
  return 'multi-step';
}

/** Gradient passes (or forward passes, for Square) one digit costs at most. */
export function attackCost(spec: AttackSpec): number {
  const inner = (a: GradientAttack): number =>
    a.kind === 'fgsm'
      ? 1
      : a.kind === 'apgd-targeted'
        ? a.targets * (a.steps + 1)
        : a.kind === 'apgd'
          ? a.restarts * (a.steps + 1)
          : Math.max(a.restarts, 1) * a.steps + 1;
  if (spec.kind === 'square') return spec.queries + 1;
  if (spec.kind === 'transfer' || spec.kind === 'bpda') return inner(spec.attack);
  return inner(spec);
}

/** The models an evaluation needs: the one evaluated, and optionally a BPDA surrogate and a transfer source. */
export interface SuiteModels {
  logits: LogitsFn;
  /** Same forward pass with a straight-through gradient through preprocessing; BPDA is skipped without it. */
  bpda?: LogitsFn | null;
  /** A model to craft transfer attacks on; transfer is skipped without it. */
  transferSource?: LogitsFn | null;
}

export interface SuiteDigits {
  /** Pixels in [0, 1], digit after digit, each of `shape`. */
  pixels: Float32Array;
  /** One digit's shape, e.g. [28, 28, 1]. */
  shape: readonly number[];
  labels: ArrayLike<number>;
  /** A stable id per digit (its held-out position): seeds its random starts. */
  ids: readonly number[];
}

export interface SuiteOptions {
  epsilons: readonly number[];
  attacks: readonly AttackSpec[];
  /** Digits per batch (default 250). */
  batchSize?: number;
}

/** What happened to each digit under one attack: 1 held, 0 broken (or misread clean), −1 not attacked. */
export type Outcome = Int8Array;

export interface AttackOutcome {
  id: string;
  /** Per digit: 1 held, 0 broken or misread clean, −1 not run (outside its subset, skipped in cascade, or no model for it). */
  outcome: Outcome;
  /** Digits it ran on (clean misreads included); 0 if skipped. */
  digits: number;
  /** Fraction of its digits still read correctly; null when it ran in cascade or not at all. */
  accuracy: number | null;
  /** The worst case over this attack and every attack before it in the suite, over all digits. */
  worstCaseAfter: number;
}

export interface EpsilonResult {
  epsilon: number;
  attacks: AttackOutcome[];
  /** Per digit: 1 if no attack broke it. */
  robust: Uint8Array;
  worstCase: number;
}

export interface SuiteResult {
  count: number;
  /** Per digit: 1 if read correctly without attack. */
  cleanCorrect: Uint8Array;
  clean: number;
  rows: EpsilonResult[];
}

export type SuiteEvent =
  | { type: 'progress'; epsilon: number; attack: string; done: number; total: number }
  | { type: 'attack'; epsilon: number; result: AttackOutcome };

const mean = (flags: ArrayLike<number>, n: number) => {
  let s = 0;
  for (let i = 0; i < flags.length; i++) s += flags[i]! > 0 ? 1 : 0;
  return n ? s / n : 0;
};

/** Checks the threat model on a finished batch: ‖x′ − x‖∞ ≤ ε and x′ ∈ [0, 1]. Throws on a violation. */
async function checkInBall(xAdv: tf.Tensor, x: tf.Tensor, epsilon: number, id: string): Promise<void> {
  const stats = tf.tidy(() => tf.stack([tf.max(tf.abs(tf.sub(xAdv, x))), tf.min(xAdv), tf.max(xAdv)]));
  const [dist, lo, hi] = (await stats.data()) as Float32Array;
  stats.dispose();
  if (!(dist! <= epsilon + 1e-6 && lo! >= 0 && hi! <= 1))
    throw new Error(`${id}: left the threat model (‖δ‖∞ = ${dist}, ε = ${epsilon}, pixels in [${lo}, ${hi}])`);
}

/** The attack's iterations on one batch, or null when the suite lacks the model it needs. */
function stepsFor(
  spec: AttackSpec,
  models: SuiteModels,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  ids: readonly number[],
  epsilon: number,
): AttackSteps | null {
  const gradient = (a: GradientAttack, model: LogitsFn): AttackSteps => {
    switch (a.kind) {
      case 'fgsm':
        // One step, no progress to report: a generator that yields nothing, so FGSM runs at the first next().
        return (function* () {
          yield* [];
          return fgsm(model, x, labels, epsilon);
        })();
      case 'pgd':
        return pgdRestarts(model, x, labels, {
          epsilon,
          steps: a.steps,
          alpha: ((a.alphaOverEpsilon ?? 2.5 / a.steps) * epsilon) as number,
          restarts: a.restarts,
          loss: a.loss,
          seed: a.seed,
          exampleIds: ids,
        });
      case 'apgd':
        return apgd(model, x, labels, {
          epsilon,
          steps: a.steps,
          restarts: a.restarts,
          loss: a.loss,
          seed: a.seed,
          exampleIds: ids,
        });
      case 'apgd-targeted':
        return multiTargeted(model, x, labels, ids, epsilon, a);
    }
  };
  if (spec.kind === 'square')
    return squareAttack(models.logits, x, labels, {
      epsilon,
      queries: spec.queries,
      pInit: spec.pInit,
      seed: spec.seed,
      exampleIds: ids,
    });
  if (spec.kind === 'transfer') return models.transferSource ? gradient(spec.attack, models.transferSource) : null;
  if (spec.kind === 'bpda') return models.bpda ? gradient(spec.attack, models.bpda) : null;
  return gradient(spec, models.logits);
}

/**
 * Multi-targeted APGD (APGD-T of Croce & Hein 2020; the multi-targeted attack of Gowal et al. 2019):
 * one run towards each of the k classes the clean logits rank highest after the true one. A digit is
 * broken if any run makes the model misread it.
 */
function* multiTargeted(
  model: LogitsFn,
  x: tf.Tensor,
  labels: tf.Tensor1D,
  ids: readonly number[],
  epsilon: number,
  a: Extract<GradientAttack, { kind: 'apgd-targeted' }>,
): Generator<{ done: number; total: number }, tf.Tensor, void> {
  const targets = tf.tidy(() => topOtherClasses(model(x), labels, a.targets));
  const total = a.targets * a.steps;
  let result: tf.Tensor | null = null;
  // The run under way: stopped with its own return() if this one is stopped between two of its steps.
  let run: ReturnType<typeof apgd> | null = null;
  try {
    for (const [k, t] of targets.entries()) {
      // Each target gets its own random start (seed offset by the target's rank).
      run = apgd(model, x, labels, {
        epsilon,
        steps: a.steps,
        loss: a.loss,
        targets: t,
        seed: a.seed + 7919 * (k + 1),
        exampleIds: ids,
      });
      let r = run.next();
      while (!r.done) {
        yield { done: k * a.steps + r.value.done, total };
        r = run.next();
      }
      run = null;
      const xAdv = r.value;
      if (!result) result = xAdv;
      else {
        const merged = tf.tidy(() => {
          const wrongBefore = tf.notEqual(tf.argMax(model(result!), 1), tf.cast(labels, 'int32'));
          const mask = tf.reshape(wrongBefore, [-1, ...x.shape.slice(1).map(() => 1)]);
          return tf.where(tf.broadcastTo(mask, x.shape), result!, xAdv);
        });
        tf.dispose([result, xAdv]);
        result = merged;
      }
      const allBroken = tf.tidy(() => tf.all(tf.notEqual(tf.argMax(model(result!), 1), tf.cast(labels, 'int32'))));
      const done = allBroken.dataSync()[0] === 1;
      allBroken.dispose();
      if (done) break;
    }
    const out = result ?? tf.clone(x);
    result = null;
    return out;
  } finally {
    run?.return(undefined as never);
    result?.dispose();
    tf.dispose(targets);
  }
}

/**
 * Runs the suite on the digits, one attack iteration on one batch per step; yields progress and one
 * `attack` event per finished attack, and returns the result. See the file comment for cancelling.
 */
export async function* evaluateSuite(
  models: SuiteModels,
  digits: SuiteDigits,
  options: SuiteOptions,
): AsyncGenerator<SuiteEvent, SuiteResult, void> {
  const size = digits.shape.reduce((a, b) => a * b, 1);
  const n = digits.labels.length;
  if (digits.pixels.length !== n * size || digits.ids.length !== n)
    throw new Error(`suite: ${digits.pixels.length} pixels and ${digits.ids.length} ids for ${n} digits`);
  const batchSize = options.batchSize ?? 250;
  const batchTensors = (idx: readonly number[]) => {
    const px = new Float32Array(idx.length * size);
    idx.forEach((d, i) => px.set(digits.pixels.subarray(d * size, (d + 1) * size), i * size));
    return {
      x: tf.tensor(px, [idx.length, ...digits.shape]),
      y: tf.tensor1d(
        idx.map((d) => digits.labels[d]!),
        'int32',
      ),
      ids: idx.map((d) => digits.ids[d]!),
    };
  };
  const predictCorrect = async (x: tf.Tensor, y: tf.Tensor1D): Promise<Uint8Array> => {
    const ok = tf.tidy(() => tf.cast(tf.equal(tf.argMax(models.logits(x), 1), tf.cast(y, 'int32')), 'int32'));
    const v = Uint8Array.from((await ok.data()) as Int32Array);
    ok.dispose();
    return v;
  };

  const cleanCorrect = new Uint8Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const b = batchTensors(idx);
    try {
      (await predictCorrect(b.x, b.y)).forEach((v, i) => (cleanCorrect[idx[i]!] = v));
    } finally {
      tf.dispose([b.x, b.y]);
    }
  }

  const rows: EpsilonResult[] = [];
  for (const epsilon of options.epsilons) {
    const robust = Uint8Array.from(cleanCorrect);
    const attacks: AttackOutcome[] = [];
    for (const spec of options.attacks) {
      const cascade = spec.mode === 'cascade';
      const outcome = new Int8Array(n).fill(-1);
      const toAttack: number[] = [];
      for (let d = 0; d < n; d++) {
        if (spec.firstDigits !== undefined && digits.ids[d]! >= spec.firstDigits) continue;
        if (!cleanCorrect[d]) outcome[d] = 0;
        else if (!cascade || robust[d]) toAttack.push(d);
      }
      const cost = attackCost(spec);
      const total = toAttack.length * cost;
      // Transfer and BPDA need a model the caller may not have given.
      const ran = spec.kind === 'transfer' ? !!models.transferSource : spec.kind === 'bpda' ? !!models.bpda : true;
      for (let start = 0; ran && start < toAttack.length; start += batchSize) {
        const idx = toAttack.slice(start, start + batchSize);
        const b = batchTensors(idx);
        const steps = stepsFor(spec, models, b.x, b.y, b.ids, epsilon);
        let xAdv: tf.Tensor | null = null;
        try {
          if (!steps) throw new Error(`${spec.id}: no model to run it on`);
          for (;;) {
            const r = await steps.next();
            if (r.done) {
              xAdv = r.value;
              break;
            }
            yield {
              type: 'progress',
              epsilon,
              attack: spec.id,
              done: start * cost + (r.value.done / r.value.total) * idx.length * cost,
              total,
            };
          }
          await checkInBall(xAdv, b.x, epsilon, spec.id);
          const held = await predictCorrect(xAdv, b.y);
          idx.forEach((d, i) => {
            outcome[d] = held[i]!;
            if (!held[i]) robust[d] = 0;
          });
        } finally {
          // Runs on cancel too: the attack frees what it holds, then the batch goes.
          await steps?.return(undefined as never);
          tf.dispose([b.x, b.y]);
          xAdv?.dispose();
        }
      }
      if (!ran) outcome.fill(-1);
      const digitsRun = outcome.filter((v) => v >= 0).length;
      const result: AttackOutcome = {
        id: spec.id,
        outcome,
        digits: digitsRun,
        accuracy: ran && !cascade && digitsRun > 0 ? mean(outcome, digitsRun) : null,
        worstCaseAfter: mean(robust, n),
      };
      attacks.push(result);
      yield { type: 'attack', epsilon, result };
    }
    rows.push({ epsilon, attacks, robust, worstCase: mean(robust, n) });
  }
  return { count: n, cleanCorrect, clean: mean(cleanCorrect, n), rows };
}

/**
 * Drives `evaluateSuite` to the end, reporting progress; rejects with the signal's reason (and frees
 * everything) when `signal` aborts between two slices.
 */
export async function runSuite(
  models: SuiteModels,
  digits: SuiteDigits,
  options: SuiteOptions,
  hooks: { signal?: AbortSignal; onEvent?: (e: SuiteEvent) => void } = {},
): Promise<SuiteResult> {
  const it = evaluateSuite(models, digits, options);
  try {
    for (;;) {
      hooks.signal?.throwIfAborted();
      const r = await it.next();
      if (r.done) return r.value;
      hooks.onEvent?.(r.value);
    }
  } finally {
    await it.return(undefined as never);
  }
}
