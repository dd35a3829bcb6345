/**
 * Colours for the lab's perturbation image (digits themselves use inkRgba from src/lib/colormap.ts):
 * the perturbation δ = x' − x on a diverging map whose ends are ±scale (by default ±ε), so a
 * perturbation of size ε is visible however small ε is (the map amplifies it by 1/ε).
 */
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
