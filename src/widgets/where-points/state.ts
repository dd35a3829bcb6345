/**
 * The "Where the points are" figure's shareable state, declared once for the URL (prefix `geo`): the
 * seed of its random samples, how many thousand noise images have been drawn, which model's answers
 * the grid shows, the dimension of the distance histogram, and the shell's thickness ε and dimension.
 * Bad values are clamped or ignored by src/lib/url-state.ts.
 */
import { DIMENSIONS } from '../../lib/geo/concentration.ts';
import { GEO_DEFAULTS } from '../../lib/geo/defaults.ts';
import { MODEL_NAMES } from '../../lib/model-names.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';

export const PREFIX = 'geo';
/** At most 20 batches: 20,000 noise images. */
export const MAX_BATCHES = 20;
export const SHELL_EPS = { min: 0.001, max: 0.5, step: 0.001 } as const;
export const SHELL_DIM = { min: 1, max: 150_528 } as const;

export const geoSchema = {
  seed: { kind: 'int', min: 1, max: 9999, default: GEO_DEFAULTS.seed },
  /** Thousands of noise images drawn so far. */
  n: { kind: 'int', min: 1, max: MAX_BATCHES, default: 1 },
  model: { kind: 'enum', values: MODEL_NAMES, default: GEO_DEFAULTS.model },
  /** Dimension of the distance histogram: one of DIMENSIONS. */
  d: { kind: 'enum', values: DIMENSIONS.map(String), default: '784' },
  eps: { kind: 'float', min: SHELL_EPS.min, max: SHELL_EPS.max, default: 0.01, digits: 3 },
  dim: { kind: 'int', min: SHELL_DIM.min, max: SHELL_DIM.max, default: 100 },
} as const satisfies Schema;

export type GeoState = StateOf<typeof geoSchema>;

/** The shell's dimension slider runs on a log scale: position 0–1000 ↔ D from 1 to 150,528. */
export const DIM_STEPS = 1000;
const LOG_MAX = Math.log10(SHELL_DIM.max);
export const dimAt = (position: number): number =>
  Math.min(SHELL_DIM.max, Math.max(1, Math.round(10 ** ((position / DIM_STEPS) * LOG_MAX))));
export const positionOf = (dim: number): number => Math.round((Math.log10(Math.max(1, dim)) / LOG_MAX) * DIM_STEPS);
