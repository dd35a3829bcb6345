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

// ---------------------------------------------------------------------------------------------------
// A diverging map for perturbations (the attack lab's image, and its static example made at build
// time): δ = x' − x with ends at ±scale (by default ±ε), so a perturbation of size ε is visible
// however small ε is (the map amplifies it by 1/ε).
// ---------------------------------------------------------------------------------------------------

export type Rgb = readonly [number, number, number];

/** `#rrggbb` or `#rgb` to [r, g, b]; anything else gives the fallback. */
export function parseHex(text: string, fallback: Rgb = [128, 128, 128]): Rgb {
  const t = text.trim();
  const m6 = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(t);
  if (m6) return [parseInt(m6[1]!, 16), parseInt(m6[2]!, 16), parseInt(m6[3]!, 16)];
  const m3 = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(t);
  if (m3) return [parseInt(m3[1]! + m3[1]!, 16), parseInt(m3[2]! + m3[2]!, 16), parseInt(m3[3]! + m3[3]!, 16)];
  return fallback;
}

/** One value of a diverging map: t in [−1, 1] from `neg` through `zero` to `pos`. */
export function diverging(t: number, neg: Rgb, zero: Rgb, pos: Rgb): Rgb {
  const u = Math.min(1, Math.max(-1, Number.isFinite(t) ? t : 0));
  const end = u < 0 ? neg : pos;
  const w = Math.abs(u);
  return [
    Math.round(zero[0] + (end[0] - zero[0]) * w),
    Math.round(zero[1] + (end[1] - zero[1]) * w),
    Math.round(zero[2] + (end[2] - zero[2]) * w),
  ];
}

/** δ to RGBA bytes on the diverging map with ends at ±scale (scale 0 draws everything as zero). */
export function perturbationRgba(
  delta: ArrayLike<number>,
  scale: number,
  colours: { neg: Rgb; zero: Rgb; pos: Rgb },
  out = new Uint8ClampedArray(delta.length * 4),
): Uint8ClampedArray {
  for (let i = 0; i < delta.length; i++) {
    const [r, g, b] = diverging(scale > 0 ? delta[i]! / scale : 0, colours.neg, colours.zero, colours.pos);
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  }
  return out;
}
