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

// ---------------------------------------------------------------------------------------------------
// The sheet the roll is made of. The spiral (t·cos t, t·sin t) has speed |d/dt| = √(1 + t²), so its
// arc length from 0 is s(t) = ½ (t √(1 + t²) + asinh t). The roll is that curve swept along the height
// axis, a developable surface: unrolling it maps (t, height) isometrically onto the flat rectangle
// (s(t), height), and the distance along the manifold is the plane distance there (exact for points on
// the noiseless roll; with a hole, the shortest path bends around the hole's corners).
// ---------------------------------------------------------------------------------------------------

/** Arc length of the spiral (t cos t, t sin t) from 0 to t: ½ (t √(1 + t²) + asinh t). */
export function arcLength(t: number): number {
  return 0.5 * (t * Math.sqrt(1 + t * t) + Math.asinh(t));
}

export const S_MIN = arcLength(T_MIN);
export const S_MAX = arcLength(T_MAX);
/** Length of the unrolled sheet along the spiral (≈ 89.4; its other side is HEIGHT = 21). */
export const SHEET_LENGTH = S_MAX - S_MIN;

/** Inverse of `arcLength` on [T_MIN, T_MAX] by Newton's method (s'(t) = √(1 + t²)). */
export function tAtArcLength(s: number): number {
  let t = Math.sqrt(2 * Math.max(s, 0)); // s ≈ t²/2 for large t
  t = Math.min(T_MAX, Math.max(T_MIN, t));
  for (let i = 0; i < 8; i++) t -= (arcLength(t) - s) / Math.sqrt(1 + t * t);
  return t;
}

/** A point of the sheet in its intrinsic coordinates. */
export interface SheetPoint {
  t: number;
  height: number;
}

/** The hole `makeSwissRoll({ hole: true })` cuts, as a rectangle of the unrolled sheet (s, height). */
export const HOLE = {
  s0: arcLength(T_MIN + (T_MAX - T_MIN) / 3),
  s1: arcLength(T_MIN + (2 * (T_MAX - T_MIN)) / 3),
  h0: HEIGHT / 3,
  h1: (2 * HEIGHT) / 3,
} as const;

/** Straight-line (ambient, 3-D) distance between points i and j of a roll. */
export function straightDistance(roll: SwissRoll, i: number, j: number): number {
  const p = roll.positions;
  return Math.hypot(p[3 * i]! - p[3 * j]!, p[3 * i + 1]! - p[3 * j + 1]!, p[3 * i + 2]! - p[3 * j + 2]!);
}

type P2 = readonly [number, number];
const dist2 = (a: P2, b: P2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Does the open segment a→b pass through the open rectangle (the hole's interior)? Liang–Barsky clip. */
function crossesHole(a: P2, b: P2): boolean {
  const eps = 1e-9;
  let lo = 0;
  let hi = 1;
  const d = [b[0] - a[0], b[1] - a[1]] as const;
  const bounds = [
    [HOLE.s0 + eps, HOLE.s1 - eps],
    [HOLE.h0 + eps, HOLE.h1 - eps],
  ] as const;
  for (let k = 0; k < 2; k++) {
    const [mn, mx] = bounds[k]!;
    if (Math.abs(d[k]!) < 1e-15) {
      if (a[k]! <= mn || a[k]! >= mx) return false;
      continue;
    }
    let t0 = (mn - a[k]!) / d[k]!;
    let t1 = (mx - a[k]!) / d[k]!;
    if (t0 > t1) [t0, t1] = [t1, t0];
    lo = Math.max(lo, t0);
    hi = Math.min(hi, t1);
    if (lo >= hi) return false;
  }
  return hi - lo > 1e-12;
}

/**
 * The shortest path along the sheet between two points, as a polyline in unrolled coordinates
 * (s, height). Without a hole it is the straight segment; with one it may turn at the hole's corners
 * (the shortest path around a convex obstacle is a taut string through its corners: Dijkstra over the
 * visibility graph of the two ends and the four corners).
 */
export function sheetPath(a: SheetPoint, b: SheetPoint, hole = false): { length: number; points: [number, number][] } {
  const pa: [number, number] = [arcLength(a.t), a.height];
  const pb: [number, number] = [arcLength(b.t), b.height];
  if (!hole || !crossesHole(pa, pb)) return { length: dist2(pa, pb), points: [pa, pb] };
  const nodes: [number, number][] = [
    pa,
    pb,
    [HOLE.s0, HOLE.h0],
    [HOLE.s1, HOLE.h0],
    [HOLE.s1, HOLE.h1],
    [HOLE.s0, HOLE.h1],
  ];
  const n = nodes.length;
  const best = new Array<number>(n).fill(Infinity);
  const prev = new Array<number>(n).fill(-1);
  const done = new Array<boolean>(n).fill(false);
  best[0] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && (u < 0 || best[i]! < best[u]!)) u = i;
    if (u < 0 || best[u] === Infinity || u === 1) break;
    done[u] = true;
    for (let v = 0; v < n; v++) {
      if (done[v] || crossesHole(nodes[u]!, nodes[v]!)) continue;
      const w = best[u]! + dist2(nodes[u]!, nodes[v]!);
      if (w < best[v]!) {
        best[v] = w;
        prev[v] = u;
      }
    }
  }
  const points: [number, number][] = [];
  for (let v = 1; v >= 0; v = prev[v]!) points.unshift(nodes[v]!);
  return { length: best[1]!, points };
}

/** Exact distance along the (noiseless) sheet between two points given by their intrinsic coordinates. */
export function geodesicDistance(a: SheetPoint, b: SheetPoint, hole = false): number {
  return sheetPath(a, b, hole).length;
}

// ---------------------------------------------------------------------------------------------------
// Unrolling, as a sequence of isometric shapes. At stage α ∈ [0, 1] the spiral's tangent angle
// φ(t) = t + atan t (the direction of (cos t − t sin t, sin t + t cos t)) is blended towards one constant
// angle, φ_α(t) = (1 − α) φ(t) + α φ*, and the curve is rebuilt from it with the same arc length: every
// intermediate shape is the same sheet bent less, never stretched, and α = 1 is the flat rectangle.
// ---------------------------------------------------------------------------------------------------

/** Tangent angle of the spiral (t cos t, t sin t): φ(t) = t + atan t. */
export const tangentAngle = (t: number) => t + Math.atan(t);

/** The curve's point with arc length halfway along the roll stays put while it unrolls. */
export const T_ANCHOR = tAtArcLength((S_MIN + S_MAX) / 2);

export interface CurveTable {
  /** Samples of the curve at t_i = T_MIN + i·(T_MAX − T_MIN)/(size − 1), interleaved x, z. */
  xz: Float64Array;
  size: number;
}

/**
 * The spiral bent to stage α, sampled at `size` evenly spaced values of t (midpoint-rule integration of
 * the blended tangent from the anchor outwards). At α = 0 it reproduces (t cos t, t sin t); at α = 1
 * it is the segment from (S_MIN − S_mid, 0) to (S_MAX − S_mid, 0) along +x.
 */
export function bentCurve(alpha: number, size = 2049, out?: CurveTable): CurveTable {
  const table = out ?? { xz: new Float64Array(2 * size), size };
  const xz = table.xz;
  const dt = (T_MAX - T_MIN) / (size - 1);
  const phiA = tangentAngle(T_ANCHOR);
  // Final direction: +x. Rotate the target angle by the shortest turn from φ(anchor) to a multiple of 2π.
  const target = phiA - 2 * Math.PI * Math.round(phiA / (2 * Math.PI));
  const phiStar = phiA - target;
  const phi = (t: number) => (1 - alpha) * tangentAngle(t) + alpha * phiStar;
  const iA = (T_ANCHOR - T_MIN) / dt; // fractional index of the anchor
  const i0 = Math.floor(iA);
  const ax = (1 - alpha) * T_ANCHOR * Math.cos(T_ANCHOR);
  const az = (1 - alpha) * T_ANCHOR * Math.sin(T_ANCHOR);
  // From the anchor to sample i0 + 1 and i0, then outwards.
  const step = (ta: number, tb: number, x: number, z: number): [number, number] => {
    const ds = arcLength(tb) - arcLength(ta);
    const f = phi(0.5 * (ta + tb));
    return [x + Math.cos(f) * ds, z + Math.sin(f) * ds];
  };
  const tAt = (i: number) => T_MIN + i * dt;
  let [x, z] = step(T_ANCHOR, tAt(i0 + 1), ax, az);
  if (i0 + 1 < size) {
    xz[2 * (i0 + 1)] = x;
    xz[2 * (i0 + 1) + 1] = z;
  }
  for (let i = i0 + 2; i < size; i++) {
    [x, z] = step(tAt(i - 1), tAt(i), x, z);
    xz[2 * i] = x;
    xz[2 * i + 1] = z;
  }
  [x, z] = step(T_ANCHOR, tAt(i0), ax, az);
  xz[2 * i0] = x;
  xz[2 * i0 + 1] = z;
  for (let i = i0 - 1; i >= 0; i--) {
    [x, z] = step(tAt(i + 1), tAt(i), x, z);
    xz[2 * i] = x;
    xz[2 * i + 1] = z;
  }
  return table;
}

/** Position of the bent curve at t, interpolated linearly between samples; writes [x, z] into `out`. */
export function curveAt(table: CurveTable, t: number, out: [number, number] = [0, 0]): [number, number] {
  const f = Math.min(table.size - 1, Math.max(0, ((t - T_MIN) / (T_MAX - T_MIN)) * (table.size - 1)));
  const i = Math.min(table.size - 2, Math.floor(f));
  const w = f - i;
  out[0] = table.xz[2 * i]! * (1 - w) + table.xz[2 * i + 2]! * w;
  out[1] = table.xz[2 * i + 1]! * (1 - w) + table.xz[2 * i + 3]! * w;
  return out;
}
