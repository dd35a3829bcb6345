// The distance histogram's geometry, a pure function of the counts: shared by the live figure
// (Histogram.svelte) and the static one drawn at build time (WherePointsFigure.astro).
import { binEdges, expectedShares } from '../../lib/geo/concentration.ts';

export const EDGES = binEdges();
export const X_MAX = EDGES.at(-1)!;
export const X_TICKS = [0, 0.5, 1, 1.5, 2, 2.5];

export interface HistFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const histFrame = (width = 420, height = 190): HistFrame => ({
  width,
  height,
  left: 34,
  right: 8,
  top: 8,
  bottom: 30,
});

export interface HistShape {
  bars: { x: number; y: number; w: number; h: number; share: number }[];
  /** The closed form's expected share per bin, as a step outline; null for real digits. */
  curve: string | null;
  /** Where the closed form's typical distance √(D/6) falls (x = 1 in these units). */
  meanX: number;
  yTicks: { y: number; label: string }[];
  x: (v: number) => number;
  /** The top of the y axis, as a share of pairs. */
  yMax: number;
  /** The closed form's tallest bin was cut at the top of the axis. */
  clipped: boolean;
}

/** Bars (share of pairs per bin), the closed form's step outline and axes for one histogram. */
export function histShape(counts: readonly number[], D: number | null, f: HistFrame): HistShape {
  const total = counts.reduce((s, c) => s + c, 0) || 1;
  const shares = counts.map((c) => c / total);
  const expected = D === null ? null : expectedShares(D, EDGES);
  const top = Math.max(...shares, 0.05);
  // A fixed set of axis tops, so that neighbouring dimensions are compared on the same scale when they can be.
  const yMax = [0.1, 0.2, 0.5, 1].find((t) => t >= top) ?? 1;
  const x = (v: number) => f.left + ((f.width - f.left - f.right) * v) / X_MAX;
  const y = (s: number) => f.top + (f.height - f.top - f.bottom) * (1 - Math.min(s, yMax) / yMax);
  const bars = shares.map((share, i) => ({
    x: x(EDGES[i]!) + 0.5,
    y: y(share),
    w: Math.max(0.5, x(EDGES[i + 1]!) - x(EDGES[i]!) - 1),
    h: y(0) - y(share),
    share,
  }));
  let curve: string | null = null;
  if (expected) {
    curve = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
    expected.forEach((e, i) => {
      curve += `V${y(e).toFixed(1)}H${x(EDGES[i + 1]!).toFixed(1)}`;
    });
    curve += `V${y(0).toFixed(1)}`;
  }
  const yTicks = [0, yMax / 2, yMax].map((t) => ({ y: y(t), label: `${Math.round(t * 100)}%` }));
  return { bars, curve, meanX: x(1), yTicks, x, yMax, clipped: !!expected && Math.max(...expected) > yMax };
}
