import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { attemptsFor, smallestFlip } from './search.ts';
import { targetedAttempt } from './jobs.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const noCheckpoint = { checkpoint: async () => {} };

describe('smallestFlip', () => {
  it('brackets a monotone threshold within the tolerance, in the promised number of attempts', async () => {
    for (const threshold of [0.0001, 0.03, 0.1234, 0.25, 0.4999]) {
      const r = await smallestFlip(async (eps) => ({ flipped: eps >= threshold, value: eps }), {
        max: 0.5,
        tolerance: 0.005,
      });
      expect(r.found).toBe(true);
      expect(r.lo).toBeLessThan(threshold);
      expect(r.hi).toBeGreaterThanOrEqual(threshold);
      expect(r.hi! - r.lo).toBeLessThanOrEqual(0.005);
      expect(r.eps).toBe(r.hi);
      expect(r.best).toBe(r.hi); // the example shown is the one made at the ε reported
      expect(r.probes).toHaveLength(attemptsFor(0.5, 0.005));
    }
  });

  it('reports ε = 0 when the model already gives the target, and nothing when even the largest ε fails', async () => {
    const zero = await smallestFlip(async () => ({ flipped: true, value: 'x' }), { max: 0.5, tolerance: 0.01 });
    expect(zero).toMatchObject({ found: true, eps: 0, lo: 0, hi: 0 });
    expect(zero.probes).toEqual([{ eps: 0, flipped: true }]);
    const never = await smallestFlip(async (eps) => ({ flipped: false, value: eps }), { max: 0.5, tolerance: 0.01 });
    expect(never).toMatchObject({ found: false, eps: null, lo: 0.5, hi: null, best: 0.5 });
  });

  it('always answers with an ε at which the attack succeeded, even when success is not monotone', async () => {
    // Succeeds on [0.1, 0.2) and from 0.3 on: the answer must be one of the succeeding budgets.
    const ok = (eps: number) => (eps >= 0.1 && eps < 0.2) || eps >= 0.3;
    const r = await smallestFlip(async (eps) => ({ flipped: ok(eps), value: eps }), { max: 0.5, tolerance: 0.001 });
    expect(ok(r.eps!)).toBe(true);
    expect(ok(r.lo)).toBe(false);
  });
});

describe('targeted PGD in the bisection, on a toy linear model', () => {
  // Two classes, z = W·x with rows w₀ and w₁ over 784 pixels. From x = 0.5 everywhere (no clipping for
  // ε < 0.5), the smallest L∞ change that makes z₁ ≥ z₀ is ε* = (z₀ − z₁) / ‖w₁ − w₀‖₁, reached at the
  // corner x + ε·sign(w₁ − w₀), which sign-gradient steps reach exactly.
  const D = 784;
  const w0 = Float32Array.from({ length: D }, (_, i) => Math.sin(i) * 0.01 + 0.002);
  const w1 = Float32Array.from({ length: D }, (_, i) => Math.cos(i * 1.3) * 0.01);
  const W = tf.tensor2d(Array.from({ length: D }, (_, i) => [w0[i]!, w1[i]!]).flat(), [D, 2]);
  const logits = (x: tf.Tensor) => tf.tidy(() => tf.matMul(tf.reshape(x, [-1, D]), W) as tf.Tensor2D);
  const x = new Float32Array(D).fill(0.5);
  let z0 = 0,
    z1 = 0,
    l1 = 0;
  for (let i = 0; i < D; i++) {
    z0 += 0.5 * w0[i]!;
    z1 += 0.5 * w1[i]!;
    l1 += Math.abs(w1[i]! - w0[i]!);
  }
  const exact = (z0 - z1) / l1;

  it('finds the closed-form smallest ε within the tolerance, and the example stays in the ε-ball and in [0, 1]', async () => {
    expect(z0).toBeGreaterThan(z1); // the toy model reads class 0 at first
    expect(exact).toBeGreaterThan(0.005);
    expect(exact).toBeLessThan(0.5);
    const before = tf.memory().numTensors;
    const r = await smallestFlip((eps) => targetedAttempt(noCheckpoint, logits, x, 1, eps), {
      max: 0.5,
      tolerance: 0.002,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.found).toBe(true);
    expect(r.eps!).toBeGreaterThanOrEqual(exact - 1e-4);
    expect(r.eps! - exact).toBeLessThanOrEqual(0.002 + 1e-4);
    expect(r.best.answer.label).toBe(1);
    let linf = 0;
    for (let i = 0; i < D; i++) {
      const v = r.best.pixels[i]!;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      linf = Math.max(linf, Math.abs(v - x[i]!));
    }
    expect(linf).toBeLessThanOrEqual(r.eps! + 1e-6);
  });

  it('keeps to [0, 1] where the ε-ball leaves the pixel range', async () => {
    const edge = Float32Array.from({ length: D }, (_, i) => (i % 2 ? 0 : 1));
    const r = await targetedAttempt(noCheckpoint, logits, edge, 1, 0.45);
    for (let i = 0; i < D; i++) {
      expect(r.value.pixels[i]).toBeGreaterThanOrEqual(0);
      expect(r.value.pixels[i]).toBeLessThanOrEqual(1);
      expect(Math.abs(r.value.pixels[i]! - edge[i]!)).toBeLessThanOrEqual(0.45 + 1e-6);
    }
  });
});
