import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perturbationNorms, type LogitsFn } from '../attacks.ts';
import type { DigitSet } from '../digit-set.ts';
import type { SequentialNet } from '../sequential.ts';
import { batchOf, loadShippedDigits, loadShippedNet, useBackend } from '../../../tests/fixtures/shipped.ts';
import { apgd, apgdCheckpoints } from './apgd.ts';
import { exampleSeed, runToEnd, type AttackSteps } from './common.ts';
import { largestLogits, targetedLoss, topOtherClasses, untargetedLoss } from './losses.ts';
import { pgdRestarts } from './pgd.ts';
import { squareAttack, squareFraction } from './square.ts';
import { straightThrough } from '../preprocessing.ts';

let digits: DigitSet;
let cnn: SequentialNet;
let linear: SequentialNet;

beforeAll(async () => {
  await useBackend('wasm');
  digits = await loadShippedDigits();
  cnn = loadShippedNet('cnn').net;
  linear = loadShippedNet('linear').net;
}, 60_000);
afterAll(() => {
  cnn.dispose();
  linear.dispose();
});

const ids = (start: number, n: number) => Array.from({ length: n }, (_, i) => start + i);

/** Fraction of the batch the model reads correctly. */
async function accuracy(model: LogitsFn, x: tf.Tensor, labels: number[]): Promise<number> {
  const pred = tf.tidy(() => tf.argMax(model(x), 1));
  const p = await pred.data();
  pred.dispose();
  return labels.filter((l, i) => p[i] === l).length / labels.length;
}

describe('losses', () => {
  const z = () =>
    tf.tensor2d([
      [3, 1, 0.5, -2],
      [0, 4, 2, 1],
    ]);
  const y = () => tf.tensor1d([0, 2], 'int32');

  it('cross-entropy, margin and DLR by their formulas', async () => {
    const [ce, margin, dlr] = ['ce', 'margin', 'dlr'].map((l) => untargetedLoss(l as 'ce', z(), y()).arraySync());
    const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    expect(ce![0]).toBeCloseTo(lse([3, 1, 0.5, -2]) - 3, 5);
    expect(ce![1]).toBeCloseTo(lse([0, 4, 2, 1]) - 2, 5);
    expect(margin).toEqual([1 - 3, 4 - 2]);
    // DLR: −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3).
    expect(dlr![0]).toBeCloseTo(-(3 - 1) / (3 - 0.5), 6);
    expect(dlr![1]).toBeCloseTo(-(2 - 4) / (4 - 1), 6);
  });

  it('targeted losses and the top wrong classes', () => {
    const t = tf.tensor1d([2, 3], 'int32');
    expect(targetedLoss('margin', z(), y(), t).arraySync()).toEqual([0.5 - 3, 1 - 2]);
    const dlrT = targetedLoss('dlr', z(), y(), t).arraySync();
    expect(dlrT[0]).toBeCloseTo(-(3 - 0.5) / (3 - (0.5 + -2) / 2), 6);
    // Rank by rank: the likeliest wrong class of each example, then the second likeliest.
    expect(topOtherClasses(z(), y(), 2).map((c) => c.arraySync())).toEqual([
      [1, 1],
      [2, 3],
    ]);
    // Rank by rank: the largest logit of each example, then the second, then the third.
    expect(largestLogits(z(), 3).map((v) => v.arraySync())).toEqual([
      [3, 4],
      [1, 2],
      [0.5, 1],
    ]);
  });

  it('every loss has a gradient (tfjs has none for TopK, so none may be used)', () => {
    for (const loss of ['ce', 'margin', 'dlr'] as const) {
      const g = tf.grad((zz: tf.Tensor) => tf.sum(untargetedLoss(loss, zz as tf.Tensor2D, y())))(z());
      expect(tf.sum(tf.abs(g)).arraySync()).toBeGreaterThan(0);
      const gt = tf.grad((zz: tf.Tensor) =>
        tf.sum(targetedLoss(loss, zz as tf.Tensor2D, y(), tf.tensor1d([2, 3], 'int32'))),
      )(z());
      expect(tf.sum(tf.abs(gt)).arraySync()).toBeGreaterThan(0);
    }
  });
});

describe('schedules', () => {
  it("APGD's checkpoints follow Croce & Hein's code (N = 100)", () => {
    expect(apgdCheckpoints(100)).toEqual([22, 41, 57, 70, 80, 87, 93, 99]);
    expect(apgdCheckpoints(10)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("Square's window fraction halves on the rescaled schedule", () => {
    expect(squareFraction(0.8, 0, 10000)).toBe(0.8);
    expect(squareFraction(0.8, 11, 10000)).toBe(0.4);
    expect(squareFraction(0.8, 100, 1000)).toBe(0.8 / 16); // 1,000 of 10,000
    expect(squareFraction(0.8, 999, 1000)).toBe(0.8 / 512);
  });

  it('example seeds differ by example and restart, and are stable', () => {
    expect(exampleSeed(1, 2, 0)).toBe(exampleSeed(1, 2, 0));
    expect(new Set([exampleSeed(1, 2, 0), exampleSeed(1, 3, 0), exampleSeed(1, 2, 1), exampleSeed(2, 2, 0)]).size).toBe(
      4,
    );
  });
});

describe('every attack stays in the threat model', () => {
  const attacks = (model: LogitsFn, x: tf.Tensor, y: tf.Tensor1D, epsilon: number): [string, AttackSteps][] => {
    const t = tf.tidy(() => topOtherClasses(model(x), y, 1)[0]!);
    const base = { epsilon, seed: 3, exampleIds: ids(0, x.shape[0]!) };
    return [
      ['pgd ce', pgdRestarts(model, x, y, { ...base, steps: 5, restarts: 2, loss: 'ce' })],
      ['pgd margin, no start', pgdRestarts(model, x, y, { ...base, steps: 3, restarts: 0, loss: 'margin' })],
      ['apgd dlr', apgd(model, x, y, { ...base, steps: 12, loss: 'dlr' })],
      ['apgd targeted', apgd(model, x, y, { ...base, steps: 12, loss: 'dlr', targets: t })],
      ['square', squareAttack(model, x, y, { ...base, queries: 30 })],
      ['bpda', apgd(straightThroughOf(model), x, y, { ...base, steps: 6, loss: 'ce' })],
    ];
  };
  const straightThroughOf = (model: LogitsFn): LogitsFn => {
    const through = straightThrough({ kind: 'binarize', threshold: 0.5 });
    return (x) => model(through(x));
  };

  it.each([0.05, 0.3])('ε = %s: ‖x′ − x‖∞ ≤ ε, pixels in [0, 1], nothing left behind', async (epsilon) => {
    const { x, labels } = batchOf(digits, 16, 8);
    const y = tf.tensor1d(labels, 'int32');
    const before = tf.memory().numTensors;
    for (const [name, steps] of attacks(cnn.logits, x, y, epsilon)) {
      const adv = await runToEnd(steps);
      const norms = await perturbationNorms(adv, x);
      for (const v of norms.linf) expect(v, name).toBeLessThanOrEqual(epsilon + 1e-6);
      const a = await adv.data();
      expect(Math.min(...a), name).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a), name).toBeLessThanOrEqual(1);
      adv.dispose();
    }
    // The targets made for the list above are the only tensors left.
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, y]);
  });

  it('an attack stopped half-way frees everything it holds', async () => {
    const { x, labels } = batchOf(digits, 30, 4);
    const y = tf.tensor1d(labels, 'int32');
    const before = tf.memory().numTensors;
    // A small ε, so that some digits hold and no attack ends early on its own.
    const base = { epsilon: 0.03, seed: 1, exampleIds: ids(30, 4) };
    // Stopped after 8 steps, and after 5, where PGD and APGD hold an early-exit check across the yield.
    for (const [stop, steps] of [
      [8, apgd(cnn.logits, x, y, { ...base, steps: 30, loss: 'ce' })],
      [5, apgd(cnn.logits, x, y, { ...base, steps: 30, loss: 'ce' })],
      [8, pgdRestarts(cnn.logits, x, y, { ...base, steps: 10, restarts: 2, loss: 'ce' })],
      [5, pgdRestarts(cnn.logits, x, y, { ...base, steps: 10, restarts: 2, loss: 'ce' })],
      [8, squareAttack(cnn.logits, x, y, { ...base, queries: 50 })],
    ] as [number, AttackSteps][]) {
      for (let i = 0; i < stop; i++) {
        const r = await steps.next();
        if (r.done) throw new Error('the attack ended before it could be stopped');
      }
      await steps.return(undefined as never);
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([x, y]);
  });
});

describe('strength', () => {
  it('APGD is at least as strong as PGD-20 on the normally trained cnn', async () => {
    const n = 32;
    const { x, labels } = batchOf(digits, 100, n);
    const y = tf.tensor1d(labels, 'int32');
    const base = { epsilon: 0.1, seed: 5, exampleIds: ids(100, n), loss: 'ce' as const };
    const p = await runToEnd(pgdRestarts(cnn.logits, x, y, { ...base, steps: 20, restarts: 1 }));
    const a = await runToEnd(apgd(cnn.logits, x, y, { ...base, steps: 40 }));
    const clean = await accuracy(cnn.logits, x, labels);
    const accPgd = await accuracy(cnn.logits, p, labels);
    const accApgd = await accuracy(cnn.logits, a, labels);
    expect(accPgd).toBeLessThan(clean);
    expect(accApgd).toBeLessThanOrEqual(accPgd);
    tf.dispose([x, y, p, a]);
  }, 120_000);

  it('Square fools the cnn without ever asking for a gradient', async () => {
    const n = 20;
    const { x, labels } = batchOf(digits, 200, n);
    const y = tf.tensor1d(labels, 'int32');
    // The model refuses to be differentiated: any gradient request throws.
    const noGradient: LogitsFn = (xi) =>
      tf.customGrad((t) => ({
        value: cnn.logits(t as tf.Tensor),
        gradFunc: () => {
          throw new Error('Square asked for a gradient');
        },
      }))(xi) as tf.Tensor2D;
    const adv = await runToEnd(
      squareAttack(noGradient, x, y, { epsilon: 0.3, queries: 150, seed: 2, exampleIds: ids(200, n) }),
    );
    expect(await accuracy(cnn.logits, x, labels)).toBeGreaterThanOrEqual(0.85);
    expect(await accuracy(cnn.logits, adv, labels)).toBeLessThan(0.3);
    tf.dispose([x, y, adv]);
  });

  it('a digit gets the same attack whatever batch it is in', async () => {
    const { x, labels } = batchOf(digits, 300, 6);
    const y = tf.tensor1d(labels, 'int32');
    const opts = { epsilon: 0.15, steps: 8, loss: 'dlr' as const, seed: 9 };
    const whole = await runToEnd(apgd(cnn.logits, x, y, { ...opts, exampleIds: ids(300, 6) }));
    const part = tf.slice(x, [2, 0, 0, 0], [3, -1, -1, -1]);
    const yPart = tf.slice(y, [2], [3]);
    const alone = await runToEnd(apgd(cnn.logits, part, yPart, { ...opts, exampleIds: ids(302, 3) }));
    const same = tf.slice(whole, [2, 0, 0, 0], [3, -1, -1, -1]);
    const diff = tf.max(tf.abs(tf.sub(same, alone)));
    expect((await diff.data())[0]).toBeLessThan(1e-6);
    tf.dispose([x, y, whole, part, yPart, alone, same, diff]);
  });
});
