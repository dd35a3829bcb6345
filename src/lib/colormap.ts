/**
 * Viridis (van der Walt & Smith for matplotlib, 2015): perceptually uniform, readable in greyscale and
 * by readers with the common colour-vision deficiencies. Eleven stops of matplotlib's table, at
 * 0, 0.1, …, 1, interpolated linearly in sRGB (within 1/255 of the full 256-entry table's shape).
 */
export const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** Viridis at f ∈ [0, 1] (clamped) as 8-bit sRGB. */
export function viridis(f: number, out: [number, number, number] = [0, 0, 0]): [number, number, number] {
  const x = (Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const w = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  for (let k = 0; k < 3; k++) out[k] = Math.round(a[k]! + (b[k]! - a[k]!) * w);
  return out;
}

/** CSS colour string of viridis at f. */
export const viridisCss = (f: number) => `rgb(${viridis(f).join(' ')})`;

/** CSS linear-gradient stops for a legend. */
export const viridisGradient = () =>
  VIRIDIS.map((c, i) => `rgb(${c.join(' ')}) ${((i / (VIRIDIS.length - 1)) * 100).toFixed(0)}%`).join(', ');

/** Grey levels in [0, 1] (1 = ink) to RGBA bytes: ink dark, background light. */
export function inkRgba(
  pixels: ArrayLike<number>,
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(pixels.length * 4),
): Uint8ClampedArray<ArrayBuffer> {
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[i]!))));
    out[4 * i] = v;
    out[4 * i + 1] = v;
    out[4 * i + 2] = v;
    out[4 * i + 3] = 255;
  }
  return out;
}
