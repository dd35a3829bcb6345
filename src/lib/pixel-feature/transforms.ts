/**
 * The reader's transforms of a 28 × 28 digit ("the same cat a moment later"): a shift and a rotation
 * (one bilinear warp about the image centre), contrast about mid-grey, a brightness offset, seeded
 * Gaussian pixel noise, then clipping to [0, 1]. Pure: no DOM, no tensors.
 *
 * Geometry: pixel centres sit at integer coordinates, so the centre of a 28-wide image is 13.5. The
 * output pixel p samples the input at c + R(θ)⁻¹ (p − c − t), with t = (dx, dy) in pixels (x to the
 * right, y downwards, as the image is drawn) and θ counter-clockwise as seen on screen. Pixels that
 * come from outside the image are 0 (background).
 */
import { gaussian, mulberry32 } from '../rng.ts';

export interface Transform {
  /** Shift to the right, pixels. */
  dx: number;
  /** Shift downwards, pixels. */
  dy: number;
  /** Rotation in degrees, counter-clockwise as seen. */
  rotate: number;
  /** Added to every pixel (after contrast). */
  brightness: number;
  /** Contrast factor about mid-grey 0.5: v ↦ 0.5 + c · (v − 0.5). 1 leaves the image alone. */
  contrast: number;
  /** Standard deviation of the Gaussian noise added to every pixel. */
  noise: number;
  /** Seed of the noise (the same seed gives the same noise pattern). */
  seed: number;
}

export const IDENTITY: Transform = { dx: 0, dy: 0, rotate: 0, brightness: 0, contrast: 1, noise: 0, seed: 1 };

/** A transform as a cache key (the seed matters only with noise). */
export const transformKey = (t: Transform) => JSON.stringify(t.noise > 0 ? t : { ...t, seed: 0 });

export const isIdentity = (t: Transform) =>
  t.dx === 0 && t.dy === 0 && t.rotate === 0 && t.brightness === 0 && t.contrast === 1 && t.noise === 0;

/** Bilinear sample of a size × size image at (x, y); outside the image counts as 0. */
function sample(src: ArrayLike<number>, size: number, x: number, y: number): number {
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  const fx = x - x0,
    fy = y - y0;
  // Unrolled over the four neighbours, without allocating: the shift lab warps 800 digits per step.
  const inX0 = x0 >= 0 && x0 < size,
    inX1 = x0 + 1 >= 0 && x0 + 1 < size;
  let v = 0;
  if (y0 >= 0 && y0 < size) {
    const row = y0 * size;
    if (inX0) v += (1 - fx) * (1 - fy) * src[row + x0]!;
    if (inX1) v += fx * (1 - fy) * src[row + x0 + 1]!;
  }
  if (y0 + 1 >= 0 && y0 + 1 < size) {
    const row = (y0 + 1) * size;
    if (inX0) v += (1 - fx) * fy * src[row + x0]!;
    if (inX1) v += fx * fy * src[row + x0 + 1]!;
  }
  return v;
}

/** Shift by (dx, dy) and rotate by `degrees` about the centre, bilinear; a new array. */
export function warp(src: ArrayLike<number>, size: number, dx: number, dy: number, degrees: number): Float32Array {
  const out = new Float32Array(size * size);
  const c = (size - 1) / 2;
  const th = (degrees * Math.PI) / 180;
  const cos = Math.cos(th),
    sin = Math.sin(th);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x - c - dx,
        v = y - c - dy;
      out[y * size + x] = sample(src, size, c + u * cos - v * sin, c + u * sin + v * cos);
    }
  }
  return out;
}

/**
 * The transformed copy of a digit (pixels in [0, 1], row-major size × size). `seed` overrides the
 * transform's noise seed (the accuracy run gives every digit its own noise).
 */
export function transformDigit(src: ArrayLike<number>, t: Transform, size = 28, seed = t.seed): Float32Array {
  const geometric = t.dx !== 0 || t.dy !== 0 || t.rotate !== 0;
  const out = geometric ? warp(src, size, t.dx, t.dy, t.rotate) : Float32Array.from(src);
  const noise = t.noise > 0 ? gaussian(mulberry32(seed), 0, t.noise) : null;
  for (let i = 0; i < out.length; i++) {
    let v = 0.5 + t.contrast * (out[i]! - 0.5) + t.brightness;
    if (noise) v += noise();
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return out;
}

/** Centre of mass (x, y) of an image's intensities, in pixel coordinates, and its total mass. */
export function centreOfMass(
  img: ArrayLike<number>,
  width: number,
  height = width,
): { x: number; y: number; mass: number } {
  let m = 0,
    sx = 0,
    sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x]!;
      m += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return m > 0 ? { x: sx / m, y: sy / m, mass: m } : { x: (width - 1) / 2, y: (height - 1) / 2, mass: 0 };
}

const plural = (n: number, unit: string) => `${n} ${unit}${Math.abs(n) === 1 ? '' : 's'}`;

/** The transform in words, e.g. "shifted 2 pixels right, rotated 10° anticlockwise". */
export function describeTransform(t: Transform): string {
  const parts: string[] = [];
  if (t.dx) parts.push(`${plural(Math.abs(t.dx), 'pixel')} ${t.dx > 0 ? 'right' : 'left'}`);
  if (t.dy) parts.push(`${plural(Math.abs(t.dy), 'pixel')} ${t.dy > 0 ? 'down' : 'up'}`);
  const out: string[] = [];
  if (parts.length) out.push(`shifted ${parts.join(' and ')}`);
  if (t.rotate) out.push(`rotated ${Math.abs(t.rotate)}° ${t.rotate > 0 ? 'anticlockwise' : 'clockwise'}`);
  if (t.contrast !== 1) out.push(`contrast ×${t.contrast.toFixed(2)}`);
  if (t.brightness) out.push(`brightness ${t.brightness > 0 ? '+' : '−'}${Math.abs(t.brightness).toFixed(2)}`);
  if (t.noise) out.push(`noise σ = ${t.noise.toFixed(2)}`);
  return out.length ? out.join(', ') : 'unchanged';
}
