import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyUnderAttack,
  crossEntropyPerExample,
  fgsm,
  fgsmPerturbation,
  fgsmTargeted,
  inputGradient,
  l2Norm,
  linfNorm,
  oneHot,
  perturbationNorms,
  pgd,
  pgdSteps,
  predict,
  probabilities,
  type LogitsFn,
} from './attacks.ts';
import type { DigitSet } from './digit-set.ts';
import { batchOf, loadShippedDigits, loadShippedModel, useBackend } from '../../tests/fixtures/shipped.ts';

let digits: DigitSet;
let linear: Awaited<ReturnType<typeof loadShippedModel>>;
let cnn: Awaited<ReturnType<typeof loadShippedModel>>;

beforeAll(async () => {
  await useBackend('wasm'); // several times faster than cpu; cpu is compared below
  digits = await loadShippedDigits();
  linear = await loadShippedModel('linear');
  cnn = await loadShippedModel('cnn');
});

/** Summed cross-entropy of the true labels at x. */
async function lossAt(model: LogitsFn, x: tf.Tensor, labels: number[]): Promise<number> {
  const l = tf.tidy(() => tf.sum(crossEntropyPerExample(model(x), oneHot(labels, 10))));
  const v = (await l.data())[0]!;
  l.dispose();
  return v;
}

describe('FGSM on the linear model', () => {
  it('equals ε·sign(Wᵀ(p − y)) pixel by pixel before clipping', async () => {
    const eps = 0.1;
    const { x, labels } = batchOf(digits, 0, 16);
    const [kernel, bias] = linear.model.getLayer('logits').getWeights();
    const W = await kernel!.data(); // [784, 10]
    const b = await bias!.data();
    const xs = await x.data();
    const delta = fgsmPerturbation(linear.fn, x, labels, eps);
    const d = await delta.data();
    let compared = 0;
    let ambiguous = 0;
    for (let n = 0; n < 16; n++) {
      const z = Array.from({ length: 10 }, (_, c) => {
        let s = b[c]!;
        for (let i = 0; i < 784; i++) s += xs[n * 784 + i]! * W[i * 10 + c]!;
        return s;
      });
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, v) => a + v, 0);
      const pMinusY = e.map((v, c) => v / sum - (c === labels[n] ? 1 : 0));
      for (let i = 0; i < 784; i++) {
        let g = 0;
        for (let c = 0; c < 10; c++) g += W[i * 10 + c]! * pMinusY[c]!;
        if (Math.abs(g) < 1e-7) {
          ambiguous++; // float32 rounding may decide the sign of a near-zero gradient
          continue;
        }
        compared++;
        expect(d[n * 784 + i]).toBe(Math.fround(eps) * Math.sign(g));
      }
    }
    expect(ambiguous).toBeLessThan(0.01 * 16 * 784);
    expect(compared).toBeGreaterThan(0.99 * 16 * 784);
    x.dispose();
    delta.dispose();
  });
});

describe('attack constraints', () => {
  it('every attack stays within its ε-ball and inside [0, 1]', async () => {
    const { x, labels } = batchOf(digits, 16, 8);
    for (const eps of [0.05, 0.3]) {
      const advs = [
        fgsm(cnn.fn, x, labels, eps),
        fgsmTargeted(
          cnn.fn,
          x,
          labels.map((l) => (l + 1) % 10),
          eps,
        ),
        pgd(cnn.fn, x, labels, { epsilon: eps, steps: 5, seed: 1 }),
        pgd(linear.fn, x, labels, { epsilon: eps, steps: 5, seed: 2 }),
      ];
      for (const adv of advs) {
        const norms = await perturbationNorms(adv, x);
        for (const v of norms.linf) expect(v).toBeLessThanOrEqual(eps + 1e-6);
        const a = await adv.data();
        expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...a)).toBeLessThanOrEqual(1);
        adv.dispose();
      }
    }
    x.dispose();
  });

  it('PGD raises the loss at least as much as FGSM (same batch, same ε)', async () => {
    const { x, labels } = batchOf(digits, 24, 16);
    for (const [model, eps] of [
      [cnn.fn, 0.1],
      [cnn.fn, 0.2],
      [linear.fn, 0.1],
    ] as const) {
      const f = fgsm(model, x, labels, eps);
      const p = pgd(model, x, labels, { epsilon: eps, steps: 10, seed: 3 });
      const clean = await lossAt(model, x, labels);
      const lf = await lossAt(model, f, labels);
      const lp = await lossAt(model, p, labels);
      expect(lf).toBeGreaterThan(clean);
      expect(lp).toBeGreaterThanOrEqual(lf);
      f.dispose();
      p.dispose();
    }
    x.dispose();
  });

  it('targeted FGSM raises the probability of the target class', async () => {
    const { x, labels } = batchOf(digits, 40, 16);
    const targets = labels.map((l) => (l + 3) % 10);
    for (const [model, eps] of [
      [linear.fn, 0.05],
      [cnn.fn, 0.05],
    ] as const) {
      const before = await predict(model, x);
      const adv = fgsmTargeted(model, x, targets, eps);
      const after = await predict(model, adv);
      let raised = 0;
      targets.forEach((t, i) => {
        if (after.probs[i * 10 + t]! > before.probs[i * 10 + t]!) raised++;
      });
      expect(raised).toBe(targets.length);
      adv.dispose();
    }
    x.dispose();
  });

  it('PGD at ε = 0.3 fools the normally trained CNN on most digits', async () => {
    const { x, labels } = batchOf(digits, 56, 32);
    const clean = await accuracyUnderAttack(cnn.fn, x, labels, null);
    const attacked = await accuracyUnderAttack(cnn.fn, x, labels, (m, xb, yb) =>
      pgd(m, xb, yb, { epsilon: 0.3, steps: 10 }),
    );
    expect(clean.accuracy).toBeGreaterThan(0.9);
    expect(attacked.accuracy).toBeLessThan(0.2);
    expect(attacked.meanConfidenceWrong).toBeGreaterThan(0.5);
    x.dispose();
  });
});

describe('PGD in steps', () => {
  it('gives each example the same attack whatever batch it is in, with one seed per example', async () => {
    const { x, labels } = batchOf(digits, 60, 6);
    const seeds = [60, 61, 62, 63, 64, 65];
    const whole = pgd(cnn.fn, x, labels, { epsilon: 0.2, steps: 3, exampleSeeds: seeds });
    const parts = [tf.slice(x, [0, 0, 0, 0], [2, -1, -1, -1]), tf.slice(x, [2, 0, 0, 0], [4, -1, -1, -1])];
    const a = pgd(cnn.fn, parts[0]!, labels.slice(0, 2), { epsilon: 0.2, steps: 3, exampleSeeds: seeds.slice(0, 2) });
    const b = pgd(cnn.fn, parts[1]!, labels.slice(2), { epsilon: 0.2, steps: 3, exampleSeeds: seeds.slice(2) });
    const joined = tf.concat([a, b], 0);
    expect(Array.from(await whole.data())).toEqual(Array.from(await joined.data()));
    // One seed for the batch (the default) gives a different start to the second part.
    const shared = pgd(cnn.fn, parts[1]!, labels.slice(2), { epsilon: 0.2, steps: 0, seed: 0 });
    const own = pgd(cnn.fn, parts[1]!, labels.slice(2), { epsilon: 0.2, steps: 0, exampleSeeds: seeds.slice(2) });
    expect(Array.from(await shared.data())).not.toEqual(Array.from(await own.data()));
    expect(() => pgd(cnn.fn, x, labels, { epsilon: 0.2, steps: 1, exampleSeeds: [1, 2] })).toThrow(
      /2 example seeds for a batch of 6/,
    );
    tf.dispose([x, whole, ...parts, a, b, joined, shared, own]);
  });

  it('yields after every step but the last, ends where pgd() ends, and frees everything when stopped early', async () => {
    const { x, labels } = batchOf(digits, 70, 4);
    const options = { epsilon: 0.15, steps: 5, seed: 9 };
    const before = tf.memory().numTensors;
    const it = pgdSteps(cnn.fn, x, labels, options);
    const yielded: number[] = [];
    let r = it.next();
    while (!r.done) {
      yielded.push(r.value);
      r = it.next();
    }
    expect(yielded).toEqual([1, 2, 3, 4]);
    const direct = pgd(cnn.fn, x, labels, options);
    expect(Array.from(await r.value.data())).toEqual(Array.from(await direct.data()));
    tf.dispose([r.value, direct]);
    expect(tf.memory().numTensors).toBe(before);
    const stopped = pgdSteps(cnn.fn, x, labels, options);
    stopped.next();
    stopped.next();
    stopped.return(undefined as never);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('backends', () => {
  /** Signs of FGSM perturbations, clean and adversarial predictions, on one backend. */
  async function runOn(backend: 'cpu' | 'wasm', model: LogitsFn, pixels: Float32Array, labels: number[]) {
    await useBackend(backend);
    const n = labels.length;
    const x = tf.tensor4d(pixels, [n, 28, 28, 1]);
    const d = fgsmPerturbation(model, x, labels, 0.1);
    const p = pgd(model, x, labels, { epsilon: 0.1, steps: 5, seed: 4 });
    const out = { fgsm: (await d.data()) as Float32Array, pred: Array.from((await predict(model, p)).labels) };
    tf.dispose([x, d, p]);
    return out;
  }
  const nonzero = (a: Float32Array) => a.filter((v) => v !== 0).length;

  it('gradients far below 1e-7 keep their sign on cpu and wasm alike', async () => {
    // Logits scaled by 1e-9: every input gradient is about 1e-10, where wasm's tf.sign returns 0.
    const W = tf.randomNormal([784, 10], 0, 1, 'float32', 5); // continuous: no exact cancellations
    const tiny: LogitsFn = (x) => tf.mul(tf.matMul(tf.reshape(x, [-1, 784]), W), 1e-9) as tf.Tensor2D;
    const { x, labels } = batchOf(digits, 100, 4);
    const pixels = (await x.data()) as Float32Array;
    const cpu = await runOn('cpu', tiny, pixels, labels);
    const wasm = await runOn('wasm', tiny, pixels, labels);
    expect(nonzero(cpu.fgsm)).toBe(cpu.fgsm.length);
    expect(Array.from(wasm.fgsm)).toEqual(Array.from(cpu.fgsm));
    tf.dispose([x, W]);
  });

  it('FGSM and PGD on the shipped models agree between cpu and wasm', async () => {
    const { x, labels } = batchOf(digits, 100, 8);
    const pixels = (await x.data()) as Float32Array;
    x.dispose();
    for (const [name, model] of [
      ['linear', linear.fn],
      ['cnn', cnn.fn],
    ] as const) {
      const cpu = await runOn('cpu', model, pixels, labels);
      const wasm = await runOn('wasm', model, pixels, labels);
      let same = 0;
      cpu.fgsm.forEach((v, i) => {
        if (v === wasm.fgsm[i]) same++;
      });
      if (name === 'linear') expect(same).toBe(cpu.fgsm.length);
      // In the CNN, max-pool windows over a flat background are ties that the two backends break
      // differently, so a few percent of (tiny) gradients differ; the attack's outcome must not.
      else expect(same / cpu.fgsm.length).toBeGreaterThan(0.7);
      expect(nonzero(wasm.fgsm)).toBeGreaterThan(0.98 * nonzero(cpu.fgsm));
      expect(wasm.pred).toEqual(cpu.pred);
    }
    await useBackend('wasm');
  });
});

describe('memory', () => {
  it('leaves no tensor behind after attacks and helpers', async () => {
    const { x, labels } = batchOf(digits, 200, 4);
    const y = tf.tensor1d(labels, 'int32');
    const before = tf.memory().numTensors;
    tf.dispose([
      fgsm(cnn.fn, x, labels, 0.1),
      fgsm(cnn.fn, x, y, 0.1),
      fgsmTargeted(cnn.fn, x, [1, 2, 3, 4], 0.1),
      pgd(cnn.fn, x, y, { epsilon: 0.1, steps: 3 }),
      pgd(cnn.fn, x, labels, { epsilon: 0.1, steps: 3, randomStart: false, targeted: true }),
      inputGradient(cnn.fn, x, labels),
      probabilities(cnn.fn, x),
    ]);
    await predict(cnn.fn, x);
    await accuracyUnderAttack(cnn.fn, x, labels, (m, xb, yb) => pgd(m, xb, yb, { epsilon: 0.1, steps: 2 }), 3);
    await accuracyUnderAttack(cnn.fn, x, labels, null, 3);
    await perturbationNorms(x, x);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

describe('norms', () => {
  it('L∞ and L2 of a perturbation', async () => {
    expect(linfNorm([0.1, -0.3, 0.2])).toBeCloseTo(0.3);
    expect(l2Norm([3, -4])).toBeCloseTo(5);
    const x = tf.zeros([2, 2, 2, 1]);
    const a = tf.tensor4d([0.1, -0.3, 0, 0, 3, 4, 0, 0], [2, 2, 2, 1]);
    const n = await perturbationNorms(a, x);
    expect(Array.from(n.linf)).toEqual([Math.fround(0.3), 4]);
    expect(n.l2[1]).toBeCloseTo(5);
    tf.dispose([x, a]);
  });
});
