/**
 * Layout of the shift chart as a pure function of the box width and the points: accuracy, mean
 * confidence and confident mistakes against severity. Drawn 1:1 in CSS pixels so that its text
 * keeps its size on a phone.
 */
import type { MarkerShape, PlotFrame } from '../../lib/svg-marks.ts';

export interface ShiftChartPoint {
  level: number;
  accuracy: number;
  confidence: number;
  confidentMistakes: number;
}

export type Measure = 'accuracy' | 'confidence' | 'confidentMistakes';

/** Each measure told apart by dash and marker as well as colour. */
export const MEASURES: { key: Measure; name: string; colour: string; dash: string; marker: MarkerShape }[] = [
  { key: 'accuracy', name: 'accuracy', colour: 'var(--c-cat-5)', dash: '', marker: 'circle' },
  { key: 'confidence', name: 'mean confidence', colour: 'var(--c-cat-6)', dash: '7 4', marker: 'square' },
  {
    key: 'confidentMistakes',
    name: 'wrong with > 90% confidence',
    colour: 'var(--c-cat-7)',
    dash: '2 3',
    marker: 'triangle',
  },
];

export type ShiftFrame = PlotFrame;

export function shiftFrame(width: number): ShiftFrame {
  const w = Number.isFinite(width) && width > 0 ? Math.round(Math.min(Math.max(width, 260), 900)) : 560;
  return {
    width: w,
    height: Math.round(Math.min(Math.max(w * 0.5, 200), 280)),
    left: 44,
    right: 16,
    top: 12,
    bottom: 40,
  };
}

export function shiftScales(f: ShiftFrame) {
  return {
    x: (level: number) => f.left + level * (f.width - f.left - f.right),
    y: (v: number) => f.top + (1 - v) * (f.height - f.top - f.bottom),
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function measurePath(points: readonly ShiftChartPoint[], key: Measure, f: ShiftFrame): string {
  const { x, y } = shiftScales(f);
  return [...points]
    .sort((a, b) => a.level - b.level)
    .map((p, i) => `${i ? 'L' : 'M'}${r1(x(p.level))},${r1(y(p[key]))}`)
    .join('');
}

export const LEVEL_TICKS = [0, 0.25, 0.5, 0.75, 1];
export const VALUE_TICKS = [0, 0.25, 0.5, 0.75, 1];
