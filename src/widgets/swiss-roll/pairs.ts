// Choosing pairs of points: by a click on the screen (nearest projected point), or by a rule that
// finds a telling pair (close in 3-D, on neighbouring turns). Pure: positions in, indices out.
import { mulberry32 } from '../../lib/rng.ts';
import type { SwissRoll } from '../../lib/swiss-roll.ts';

/**
 * The point drawn nearest to (px, py) in CSS pixels, within `radius`, preferring the one in front when
 * several are about as close; -1 if none. `viewProjection` is a column-major 4×4 matrix taking the
 * drawn positions (interleaved x, y, z) to clip space, as three's `camera.projectionMatrix ×
 * camera.matrixWorldInverse`.
 */
export function pickNearest(
  positions: ArrayLike<number>,
  count: number,
  viewProjection: ArrayLike<number>,
  width: number,
  height: number,
  px: number,
  py: number,
  radius = 10,
): number {
  const m = viewProjection;
  let best = -1;
  let bestScore = Infinity;
  const r2 = radius * radius;
  for (let i = 0; i < count; i++) {
    const x = positions[3 * i]!,
      y = positions[3 * i + 1]!,
      z = positions[3 * i + 2]!;
    const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
    if (w <= 0) continue;
    const sx = ((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w + 1) * 0.5 * width;
    const sy = (1 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w) * 0.5 * height;
    const d2 = (sx - px) ** 2 + (sy - py) ** 2;
    if (d2 > r2) continue;
    const depth = (m[2]! * x + m[6]! * y + m[10]! * z + m[14]!) / w; // −1 near … 1 far
    // Screen distance counts most; depth breaks near-ties in favour of the front layer.
    const score = Math.sqrt(d2) / radius + 0.5 * (depth + 1) * 4;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/**
 * A pair that makes the chapter's point: A is the point nearest the middle of the inner turn (t ≈ 2π), B the
 * point nearest to A in 3-D among those at least π further round the spiral (on the next turn).
 */
export function tellingPair(roll: SwissRoll): [number, number] | null {
  if (roll.count < 2) return null;
  const tA = 2 * Math.PI + 0.3; // the inner turn, whose neighbour 2π further out is still on the roll
  let a = 0;
  let best = Infinity;
  for (let i = 0; i < roll.count; i++) {
    const d = (roll.t[i]! - tA) ** 2 + ((roll.height[i]! - 10.5) / 3) ** 2;
    if (d < best) {
      best = d;
      a = i;
    }
  }
  let b = -1;
  best = Infinity;
  const p = roll.positions;
  for (let i = 0; i < roll.count; i++) {
    if (Math.abs(roll.t[i]! - roll.t[a]!) < Math.PI) continue;
    const d =
      (p[3 * i]! - p[3 * a]!) ** 2 + (p[3 * i + 1]! - p[3 * a + 1]!) ** 2 + (p[3 * i + 2]! - p[3 * a + 2]!) ** 2;
    if (d < best) {
      best = d;
      b = i;
    }
  }
  return b < 0 ? null : [a, b];
}

/** The `draw`-th seeded random pair of distinct indices below `count`. */
export function randomPair(count: number, draw: number): [number, number] | null {
  if (count < 2) return null;
  const rng = mulberry32(0x5eed + draw * 7919);
  const a = Math.floor(rng() * count);
  let b = Math.floor(rng() * (count - 1));
  if (b >= a) b++;
  return [a, b];
}
