/**
 * The three-kinds figure's shareable state, declared once for the URL (prefix `kinds`): the original
 * digit (or the reader's drawing, as a short code from src/lib/digit-code.ts), the model, and the seed
 * of the random negative. Bad values are clamped or ignored by src/lib/url-state.ts.
 */
import { DRAWING_FIELD } from '../../lib/digit-code.ts';
import { KINDS_DEFAULTS } from '../../lib/kinds/defaults.ts';
import { MODEL_NAMES, type ModelName } from '../../lib/model-names.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';
import example from './static-example.json';

export const PREFIX = 'kinds';
export const SEED_MAX = 99999;

export const kindsSchema = {
  /** Index of the original among the shipped held-out digits (clamped to their count once loaded). */
  digit: { kind: 'int', min: 0, max: 9999, default: example.opening.digit },
  model: { kind: 'enum', values: MODEL_NAMES, default: KINDS_DEFAULTS.model as ModelName },
  /** Seed of the random negative: "another negative" steps it. */
  seed: { kind: 'int', min: 1, max: SEED_MAX, default: KINDS_DEFAULTS.seed },
  /** 1: the reader's drawing is the original (once something is drawn). */
  drawn: { kind: 'bool', default: false },
  /** The drawing, 16 grey levels (written only while it is the original). */
  ink: DRAWING_FIELD,
} as const satisfies Schema;

export type KindsState = StateOf<typeof kindsSchema>;

/** The next seed of "another negative", wrapping at the largest. */
export const nextSeed = (seed: number): number => (seed >= SEED_MAX ? 1 : seed + 1);
