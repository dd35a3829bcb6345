/**
 * Several 28 × 28 digits laid out as one grey image, `cols` across with a one-pixel paper gap, so that
 * a sampler's draws are one picture: the same layout for the build-time PNG and the live canvas.
 */
import { SIDE, PIXELS } from './pixels.ts';

export const GAP = 1;

export interface Mosaic {
  width: number;
  height: number;
  /** Ink in [0, 1] (1 = ink), row-major; gaps are 0. */
  values: Float32Array;
}

export function mosaic(images: Float32Array, cols: number): Mosaic {
  const n = images.length / PIXELS;
  const rows = Math.ceil(n / cols);
  const width = cols * SIDE + (cols - 1) * GAP;
  const height = rows * SIDE + (rows - 1) * GAP;
  const values = new Float32Array(width * height);
  for (let d = 0; d < n; d++) {
    const x0 = (d % cols) * (SIDE + GAP);
    const y0 = Math.floor(d / cols) * (SIDE + GAP);
    for (let r = 0; r < SIDE; r++)
      values.set(images.subarray(d * PIXELS + r * SIDE, d * PIXELS + (r + 1) * SIDE), (y0 + r) * width + x0);
  }
  return { width, height, values };
}
