// The Swiss roll figure's state, its URL form, and the words that describe it. Pure: no DOM, no three.
import type { Schema, StateOf } from '../../lib/url-state.ts';
import { groupDigits } from '../../lib/group-digits.ts';

export const PREFIX = 'sr';
export const MIN_POINTS = 100;
export const MAX_POINTS = 100_000;
export const MAX_NOISE = 2;
export const DEFAULT_VIEW = { yaw: -30, pitch: 20, zoom: 1 } as const;

/** The fields a link can set, e.g. `?sr.n=20000&sr.noise=0.5&sr.unroll=1&sr.pair=12_345&sr.yaw=40`. */
export function makeSchema(defaultPoints = 2000) {
  return {
    n: { kind: 'int', min: MIN_POINTS, max: MAX_POINTS, default: clampPoints(defaultPoints) },
    noise: { kind: 'float', min: 0, max: MAX_NOISE, default: 0, digits: 2 },
    hole: { kind: 'bool', default: false },
    unroll: { kind: 'bool', default: false },
    yaw: { kind: 'float', min: -180, max: 180, default: DEFAULT_VIEW.yaw, digits: 0 },
    pitch: { kind: 'float', min: -85, max: 85, default: DEFAULT_VIEW.pitch, digits: 0 },
    zoom: { kind: 'float', min: 0.5, max: 6, default: DEFAULT_VIEW.zoom, digits: 2 },
    pair: { kind: 'ints', min: 0, max: MAX_POINTS - 1, length: 2, default: null },
  } as const satisfies Schema;
}
export type RollSchema = ReturnType<typeof makeSchema>;
export type RollState = StateOf<RollSchema>;

export function clampPoints(n: number): number {
  return Number.isFinite(n) ? Math.round(Math.min(MAX_POINTS, Math.max(MIN_POINTS, n))) : 2000;
}

/** The points slider is logarithmic: position 0…300 ↦ 100·10^(v/100), rounded to two significant digits. */
export const SLIDER_MAX = 300;
export function pointsFromSlider(v: number): number {
  const raw = MIN_POINTS * 10 ** (Math.min(SLIDER_MAX, Math.max(0, v)) / 100);
  const mag = 10 ** (Math.floor(Math.log10(raw)) - 1);
  return clampPoints(Math.round(raw / mag) * mag);
}
export function sliderFromPoints(n: number): number {
  return Math.round(100 * Math.log10(clampPoints(n) / MIN_POINTS));
}

/** A valid pair for a sample of `count` points, or null (indices past the sample or equal: dropped). */
export function validPair(pair: readonly number[] | null, count: number): [number, number] | null {
  if (!pair || pair.length !== 2) return null;
  const [a, b] = pair as [number, number];
  if (!(a >= 0 && b >= 0 && a < count && b < count) || a === b) return null;
  return [a, b];
}

/** Wraps an angle in degrees into [−180, 180). */
export const wrapDegrees = (d: number) => ((((d + 180) % 360) + 360) % 360) - 180;

const fmtInt = (n: number) => groupDigits(n);
export const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

function direction(yaw: number, pitch: number, flat: boolean): string {
  const y = Math.abs(wrapDegrees(yaw));
  const side = wrapDegrees(yaw) < 0 ? 'left' : 'right';
  const vertical =
    pitch > 55
      ? 'from high above'
      : pitch > 12
        ? 'from slightly above'
        : pitch < -55
          ? 'from far below'
          : pitch < -12
            ? 'from slightly below'
            : 'at eye level';
  const what = flat
    ? ['face on', 'obliquely', 'edge on', 'from behind']
    : [
        'along its axis, so the spiral shows end on',
        'obliquely, showing both the spiral and its length',
        'from the side, across the layers',
        'along its axis from the far end',
      ];
  const i = y < 20 ? 0 : y < 70 ? 1 : y < 110 ? 2 : y < 160 ? 1 : 3;
  const turn = i === 0 || i === 3 ? '' : ` from the ${side}`;
  return `seen ${what[i]}${turn}, ${vertical}`;
}

export interface PairInfo {
  a: number;
  b: number;
  straight: number;
  /** Distance along the manifold, or null if the neighbour graph does not connect the pair. */
  along: number | null;
  method: 'exact' | 'graph';
  /** With noise: the exact distance along the noiseless sheet the points were drawn from. */
  exact: number;
}

/** The canvas's text alternative: what the current view shows. */
export function describeView(state: RollState, count: number, pair: PairInfo | null): string {
  const noise = state.noise > 0 ? `with noise of standard deviation ${state.noise}` : 'without noise';
  const hole = state.hole ? ', with a rectangular hole cut from the middle of the sheet' : '';
  const shape = state.unroll
    ? 'unrolled into a flat sheet about 89 units long and 21 high, coloured from purple at the inner end to yellow at the outer end'
    : 'rolled up into a spiral of one and a half turns, coloured from purple at the inner end of the spiral to yellow at the outer end';
  const zoom =
    Math.abs(state.zoom - 1) < 0.05 ? '' : `, zoomed ${state.zoom > 1 ? 'in' : 'out'} ${state.zoom.toFixed(1)} times`;
  let text = `Three-dimensional view of a Swiss roll: ${fmtInt(count)} points ${noise}${hole}, ${shape}; ${direction(state.yaw, state.pitch, state.unroll)}${zoom}.`;
  if (pair && state.unroll)
    text += ` Points ${pair.a} and ${pair.b} are marked; a solid line follows the ${pair.method === 'exact' ? 'flat sheet' : 'neighbour graph'} between them.`;
  else if (pair)
    text += ` Points ${pair.a} and ${pair.b} are marked; a dashed line joins them straight through space and a solid line follows the ${pair.method === 'exact' ? 'sheet' : 'neighbour graph'} between them.`;
  return text;
}

/** The sentence announced when a pair is chosen: both distances, and what they say. */
export function distanceSentence(p: PairInfo): string {
  const head = `Points ${p.a} and ${p.b}: ${fmt(p.straight)} apart in a straight line through 3-D space`;
  if (p.along === null)
    return `${head}; the ${neighbourWords} does not connect them, so no distance along the sheet can be estimated. Add points or reduce the noise.`;
  const how =
    p.method === 'exact'
      ? 'along the sheet'
      : `along the sheet, estimated by the shortest path through a ${neighbourWords}`;
  const both = `${head}, ${fmt(p.along)} ${how}.`;
  const ratio = p.along / Math.max(p.straight, 1e-9);
  if (p.method === 'graph' && p.along < 0.8 * p.exact)
    return `${both} That is shorter than the ${fmt(p.exact)} along the noiseless sheet: the noise let the graph take a shortcut between turns of the roll, the failure Isomap is known for.`;
  if (ratio >= 2)
    return `${both} They are close in 3-D but far apart on the sheet: ${ratio.toFixed(1)} times as far, because the straight line jumps across the gap between turns of the roll, where there is no data.`;
  if (ratio >= 1.2)
    return `${both} The path along the sheet is ${ratio.toFixed(1)} times the straight line: the sheet curves between them.`;
  return `${both} The two nearly agree: these points are close on the sheet as well as in 3-D.`;
}
const neighbourWords = 'graph of nearest neighbours';
