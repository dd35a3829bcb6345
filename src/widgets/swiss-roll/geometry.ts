// Where the Swiss roll's points are drawn, as plain numbers (no three.js, no DOM): the data a sample
// needs for drawing (noise offsets and colours, computed once, in the worker), its world positions at
// any stage of unrolling, and the world polyline of a path on the sheet. Shared by the live scene, the
// worker and the build-time picture, so all three place points the same way.
import { viridis } from '../../lib/colormap.ts';
import {
  HEIGHT,
  T_MAX,
  T_MIN,
  bentCurve,
  curveAt,
  tAtArcLength,
  type CurveTable,
  type SwissRoll,
} from '../../lib/swiss-roll.ts';
import { boundsOf, type Box } from '../../lib/bounds.ts';

/** A sample ready to draw: the roll plus what the scene needs per point. */
export interface RollData extends SwissRoll {
  /** Per point (interleaved): its ambient position minus its place on the noiseless roll. */
  offsets: Float32Array;
  /** Per point (interleaved RGB bytes): viridis of its position t along the spiral. */
  colors: Uint8Array;
}

/** Adds noise offsets and colours to a sample: the per-point loops, done once per sample off the main thread. */
export function rollData(roll: SwissRoll): RollData {
  const n = roll.count;
  const offsets = new Float32Array(3 * n);
  const colors = new Uint8Array(3 * n);
  const rgb: [number, number, number] = [0, 0, 0];
  const p = roll.positions;
  for (let i = 0; i < n; i++) {
    const t = roll.t[i]!;
    const h = roll.height[i]!;
    offsets[3 * i] = p[3 * i]! - t * Math.cos(t);
    offsets[3 * i + 1] = p[3 * i + 1]! - h;
    offsets[3 * i + 2] = p[3 * i + 2]! - t * Math.sin(t);
    viridis((t - T_MIN) / (T_MAX - T_MIN), rgb);
    colors[3 * i] = rgb[0];
    colors[3 * i + 1] = rgb[1];
    colors[3 * i + 2] = rgb[2];
  }
  return { ...roll, offsets, colors };
}

/**
 * Places sheet points in the world at unrolling stage `alpha` (0 rolled … 1 flat). Data (x, y =
 * height, z) → world: the spiral in the screen plane, the height axis towards the camera; while
 * unrolling, a quarter turn about x stands the flat sheet up to face the camera.
 */
export class Placer {
  readonly alpha: number;
  private readonly table: CurveTable | null;
  private readonly cos: number;
  private readonly sin: number;
  private readonly scratch: [number, number] = [0, 0];

  /** `reuse`: a table from an earlier Placer, overwritten (a morph makes one per frame). */
  constructor(alpha: number, reuse?: CurveTable) {
    this.alpha = alpha;
    this.table = alpha === 0 ? null : bentCurve(alpha, 2049, reuse);
    const th = (-alpha * Math.PI) / 2;
    this.cos = Math.cos(th);
    this.sin = Math.sin(th);
  }

  /** The curve table to hand to the next Placer, if any. */
  get curve(): CurveTable | undefined {
    return this.table ?? undefined;
  }

  /** Writes the world position of sheet point (t, h) displaced by (nx, ny, nz) into out[o…o+2]. */
  place(t: number, h: number, nx: number, ny: number, nz: number, out: Float32Array, o: number): void {
    let cx: number;
    let cz: number;
    if (this.table === null) {
      cx = t * Math.cos(t);
      cz = t * Math.sin(t);
    } else {
      const c = curveAt(this.table, t, this.scratch);
      cx = c[0];
      cz = c[1];
    }
    const Y = cz + nz;
    const Z = h + ny - HEIGHT / 2;
    out[o] = cx + nx;
    out[o + 1] = Y * this.cos - Z * this.sin;
    out[o + 2] = Y * this.sin + Z * this.cos;
  }

  /** Every point of `data` into `out` (3 per point); returns their bounding box. */
  placeAll(data: RollData, out: Float32Array): Box {
    const n = data.count;
    const { t, height, offsets } = data;
    for (let i = 0; i < n; i++)
      this.place(t[i]!, height[i]!, offsets[3 * i]!, offsets[3 * i + 1]!, offsets[3 * i + 2]!, out, 3 * i);
    return boundsOf(out, n);
  }

  /** A path on the sheet, given in unrolled coordinates (s, height), sampled every ~0.4 units. */
  sheetPath(points: readonly (readonly [number, number])[]): Float32Array {
    const samples: number[] = [];
    for (let k = 0; k + 1 < points.length; k++) {
      const [s0, h0] = points[k]!;
      const [s1, h1] = points[k + 1]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(s1 - s0, h1 - h0) / 0.4));
      for (let j = k === 0 ? 0 : 1; j <= steps; j++)
        samples.push(s0 + ((s1 - s0) * j) / steps, h0 + ((h1 - h0) * j) / steps);
    }
    const world = new Float32Array((samples.length / 2) * 3);
    for (let j = 0; j < samples.length / 2; j++)
      this.place(tAtArcLength(samples[2 * j]!), samples[2 * j + 1]!, 0, 0, 0, world, 3 * j);
    return world;
  }
}

/** World positions of the sample points `nodes` (a path through the neighbour graph). */
export function nodesPath(nodes: readonly number[], drawn: Float32Array): Float32Array {
  const world = new Float32Array(nodes.length * 3);
  nodes.forEach((i, k) => world.set(drawn.subarray(3 * i, 3 * i + 3), 3 * k));
  return world;
}
