import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/lib/rng.ts';
import { useBackend } from './backend.ts';

/** ∂/∂w of Σ conv2d(x, w)² on the given backend: runs the Conv2DBackpropFilter kernel. */
async function filterGrad(
  backend: 'cpu' | 'wasm',
  xv: Float32Array,
  xShape: [number, number, number, number],
  wv: Float32Array,
  wShape: [number, number, number, number],
  stride: number,
  pad: 'valid' | 'same',
): Promise<Float32Array> {
  await useBackend(backend);
  const x = tf.tensor4d(xv, xShape);
  const w = tf.tensor4d(wv, wShape);
  const before = tf.memory().numTensors;
  const g = tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, stride, pad))))(w);
  const out = (await g.data()) as Float32Array;
  g.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, w]);
  return out;
}

describe('wasm Conv2DBackpropFilter kernel', () => {
  it.each([
    [1, 'valid', [3, 12, 12, 2], [5, 5, 2, 4]],
    [1, 'same', [2, 9, 9, 3], [3, 3, 3, 2]],
    [2, 'same', [2, 11, 11, 1], [5, 5, 1, 3]],
    [2, 'valid', [4, 12, 12, 3], [5, 5, 3, 6]],
  ] as const)('matches the cpu kernel (stride %d, %s)', async (stride, pad, xShape, wShape) => {
    const rng = mulberry32(stride * 10 + xShape[3]);
    const xv = new Float32Array((xShape as readonly number[]).reduce((a, b) => a * b, 1)).map(() => rng() - 0.5);
    const wv = new Float32Array((wShape as readonly number[]).reduce((a, b) => a * b, 1)).map(() => rng() - 0.5);
    const cpu = await filterGrad('cpu', xv, [...xShape], wv, [...wShape], stride, pad);
    const wasm = await filterGrad('wasm', xv, [...xShape], wv, [...wShape], stride, pad);
    const scale = Math.max(...cpu.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(cpu[i]! - wasm[i]!)).toBeLessThan(1e-5 * scale);
  });

  it('keeps the inputs alive (the kernel borrows their buffers)', async () => {
    await useBackend('wasm');
    const x = tf.ones([1, 6, 6, 1]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    const g = tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid')))(w);
    expect(Array.from(await g.data())).toEqual(new Array(9).fill(16));
    expect((await tf.sum(x).data())[0]).toBe(36);
    tf.dispose([x, w, g]);
  });
});
