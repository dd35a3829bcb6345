/**
 * Figure 6.y "The latent plane": the VAE's 2-D latent space as a map. Held-out digits sit at the
 * means μ of q(z | x) that the encoder gave them (public/models/vae/latent.json); the prior N(0, I)
 * is drawn as circles, since its density depends only on the radius r, and the share of the prior's
 * mass within radius r is P(|z| ≤ r) = 1 − exp(−r²/2) (a χ² with two degrees of freedom).
 */

/** The map shows −EXTENT ≤ z₁, z₂ ≤ EXTENT (every held-out code lies inside). */
export const EXTENT = 5;
/** Radii of the prior's contours. */
export const PRIOR_RADII = [1, 2, 3] as const;

/** Share of N(0, I)'s mass in 2-D within radius r. */
export const priorMassWithin = (r: number) => 1 - Math.exp((-r * r) / 2);

/** N(0, I)'s density at z in 2-D. */
export const priorDensity = (z1: number, z2: number) => Math.exp(-(z1 * z1 + z2 * z2) / 2) / (2 * Math.PI);

/** The map's scale: latent z to a square of `size` units, z₂ up. */
export function latentScale(size: number) {
  const k = size / (2 * EXTENT);
  return {
    x: (z1: number) => (z1 + EXTENT) * k,
    y: (z2: number) => (EXTENT - z2) * k,
    /** Back from the square to z (for a pointer). */
    z: (x: number, y: number): [number, number] => [x / k - EXTENT, EXTENT - y / k],
    k,
  };
}

export interface LatentCodes {
  count: number;
  labels: number[];
  /** [z1, z2] per digit, flattened. */
  codes: number[];
}

/**
 * One SVG path per class, each point a zero-length segment drawn with round caps (a dot per digit in
 * a few characters, so that 2,000 dots stay light in the page's HTML).
 */
export function classPaths(data: LatentCodes, size: number): string[] {
  const s = latentScale(size);
  const paths = Array.from({ length: 10 }, () => [] as string[]);
  for (let i = 0; i < data.count; i++) {
    const x = s.x(data.codes[2 * i]!).toFixed(1);
    const y = s.y(data.codes[2 * i + 1]!).toFixed(1);
    paths[data.labels[i]!]?.push(`M${x} ${y}h0`);
  }
  return paths.map((p) => p.join(''));
}

/** The held-out digit whose code is nearest z, and its distance in the plane. */
export function nearestCode(
  data: LatentCodes,
  z1: number,
  z2: number,
): { index: number; label: number; distance: number } {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < data.count; i++) {
    const d = Math.hypot(data.codes[2 * i]! - z1, data.codes[2 * i + 1]! - z2);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return { index: best, label: data.labels[best] ?? -1, distance: bestD };
}

/**
 * Ten class colours that stay apart for common colour-vision deficiencies (Okabe–Ito's eight plus two
 * greys of different lightness); the class is also written in the legend and said in words.
 */
export const CLASS_COLOURS = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#d4b800',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#7f7f7f',
  '#332288',
  '#882255',
] as const;
