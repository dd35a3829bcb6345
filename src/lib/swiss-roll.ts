/**
 * The Swiss roll, generated as scikit-learn's `make_swiss_roll` does (sklearn/datasets/_samples_generator.py):
 * t = 1.5π(1 + 2u), x = t·cos t, y = 21·v, z = t·sin t with u, v ~ U[0, 1), plus optional Gaussian
 * noise of standard deviation σ on every coordinate. The intrinsic coordinates (t, height) are the
 * flat 2-D sheet the roll is made of. With `hole`, points with t in the middle third and height in the
 * middle third are dropped (scikit-learn's `hole=True` cuts a rectangle out of the sheet the same way).
 */
import { gaussian, mulberry32 } from './rng.ts';

export interface SwissRoll {
  /** Ambient 3-D coordinates, interleaved x, y, z. */
  positions: Float32Array;
  /** Intrinsic coordinate along the spiral, in [1.5π, 4.5π]. */
  t: Float32Array;
  /** Intrinsic coordinate along the axis, in [0, 21). */
  height: Float32Array;
  count: number;
}

export interface SwissRollOptions {
  count: number;
  noise?: number;
  seed?: number;
  hole?: boolean;
}

export const T_MIN = 1.5 * Math.PI;
export const T_MAX = 4.5 * Math.PI;
export const HEIGHT = 21;

export function makeSwissRoll({ count, noise = 0, seed = 0, hole = false }: SwissRollOptions): SwissRoll {
  const rng = mulberry32(seed);
  const normal = gaussian(mulberry32(seed ^ 0x9e3779b9));
  const positions = new Float32Array(count * 3);
  const t = new Float32Array(count);
  const height = new Float32Array(count);
  let n = 0;
  while (n < count) {
    const u = rng();
    const v = rng();
    if (hole && u > 1 / 3 && u < 2 / 3 && v > 1 / 3 && v < 2 / 3) continue;
    const tt = 1.5 * Math.PI * (1 + 2 * u);
    const h = HEIGHT * v;
    t[n] = tt;
    height[n] = h;
    positions[3 * n] = tt * Math.cos(tt) + noise * normal();
    positions[3 * n + 1] = h + noise * normal();
    positions[3 * n + 2] = tt * Math.sin(tt) + noise * normal();
    n++;
  }
  return { positions, t, height, count };
}
