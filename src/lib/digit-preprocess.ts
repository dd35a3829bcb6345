/**
 * A drawn digit made to look like an MNIST digit, as LeCun, Cortes and Burges describe the data set:
 * "The original black and white images from NIST were size normalized to fit in a 20x20 pixel box
 * while preserving their aspect ratio. The resulting images contain grey levels as a result of the
 * anti-aliasing technique used by the normalization algorithm. The images were centered in a 28x28
 * image by computing the center of mass of the pixels, and translating the image so as to position
 * this point at the center of the 28x28 field." (http://yann.lecun.com/exdb/mnist/)
 *
 * Here: crop to the ink's bounding box, resample by area averaging (the anti-aliasing) so that the
 * longer side is 20 pixels, scale the grey levels so the darkest ink is 1, and place the result so
 * that its centre of mass sits at the centre (13.5, 13.5) of the 28 × 28 field (sub-pixel, bilinear).
 * Pure: works on plain arrays, no DOM.
 */
import { centreOfMass, warp } from './pixel-feature/transforms.ts';

export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;

/** Ink in [0, 1] from RGBA bytes: the alpha channel (strokes drawn on a transparent canvas). */
export function inkFromAlpha(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i + 3]! / 255;
  return out;
}

/** Bounding box [x0, y0, x1, y1) of pixels above `threshold`, or null when there are none. */
export function inkBox(
  img: ArrayLike<number>,
  width: number,
  height: number,
  threshold = 0.05,
): [number, number, number, number] | null {
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (img[y * width + x]! <= threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 + 1, y1 + 1];
}

/**
 * Area-average resampling of the source rectangle [x0, x0 + sw) × [y0, y0 + sh) onto tw × th pixels:
 * each target pixel is the mean of the source over its footprint, partial pixels weighted by overlap.
 */
export function resampleArea(
  img: ArrayLike<number>,
  width: number,
  x0: number,
  y0: number,
  sw: number,
  sh: number,
  tw: number,
  th: number,
): Float32Array {
  const out = new Float32Array(tw * th);
  const sx = sw / tw,
    sy = sh / th;
  for (let ty = 0; ty < th; ty++) {
    const ya = y0 + ty * sy,
      yb = ya + sy;
    for (let tx = 0; tx < tw; tx++) {
      const xa = x0 + tx * sx,
        xb = xa + sx;
      let sum = 0;
      for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        if (wy <= 0) continue;
        for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
          const wx = Math.min(xb, x + 1) - Math.max(xa, x);
          if (wx <= 0) continue;
          sum += wx * wy * img[y * width + x]!;
        }
      }
      out[ty * tw + tx] = sum / (sx * sy);
    }
  }
  return out;
}

/**
 * The 28 × 28 MNIST-style digit (pixels in [0, 1], row-major) from a drawing of any size (ink in
 * [0, 1]); null when nothing is drawn.
 */
export function preprocessDrawing(img: ArrayLike<number>, width: number, height: number): Float32Array | null {
  const box = inkBox(img, width, height);
  if (!box) return null;
  const [x0, y0, x1, y1] = box;
  const bw = x1 - x0,
    bh = y1 - y0;
  const scale = MNIST_BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)),
    th = Math.max(1, Math.round(bh * scale));
  const small = resampleArea(img, width, x0, y0, bw, bh, tw, th);
  let max = 0;
  for (const v of small) max = Math.max(max, v);
  if (max <= 0) return null;
  const field = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const ox = Math.floor((MNIST_SIZE - tw) / 2),
    oy = Math.floor((MNIST_SIZE - th) / 2);
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) field[(oy + y) * MNIST_SIZE + ox + x] = Math.min(1, small[y * tw + x]! / max);
  const com = centreOfMass(field, MNIST_SIZE);
  const c = (MNIST_SIZE - 1) / 2;
  const dx = c - com.x,
    dy = c - com.y;
  if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) return field;
  const centred = warp(field, MNIST_SIZE, dx, dy, 0);
  for (let i = 0; i < centred.length; i++) centred[i] = Math.min(1, Math.max(0, centred[i]!));
  return centred;
}
