/**
 * The pixel-vs-feature figure's shareable state, declared once for the URL (prefix `pf`): the anchor
 * digit, the transform of its copy, and whether the reader's drawing is the anchor, with the drawing
 * itself as a short code (src/lib/digit-code.ts). Bad values are clamped or ignored by src/lib/url-state.ts.
 */
import { DRAWING_FIELD } from '../../lib/digit-code.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';
import type { Transform } from '../../lib/pixel-feature/transforms.ts';
import example from './static-example.json';

export const PREFIX = 'pf';
/** Upper bound before the digits are loaded; the figure clamps to the real count afterwards. */
export const MAX_ANCHOR = 9999;

export const SHIFT = { min: -4, max: 4 } as const;
export const ROTATE = { min: -30, max: 30 } as const;
export const BRIGHTNESS = { min: -0.5, max: 0.5, step: 0.05 } as const;
export const CONTRAST = { min: 0.25, max: 2, step: 0.05 } as const;
export const NOISE = { min: 0, max: 0.5, step: 0.02 } as const;

export const pfSchema = {
  /** Index of the anchor among the shipped held-out digits; the static example's by default. */
  a: { kind: 'int', min: 0, max: MAX_ANCHOR, default: example.anchor.index },
  // The copy's transform; by default the static example's (a 20° rotation, which the model never saw
  // in training, rather than a shift, which it did).
  /** Shift of the copy, pixels. */
  dx: { kind: 'int', min: SHIFT.min, max: SHIFT.max, default: example.transform.dx },
  dy: { kind: 'int', min: SHIFT.min, max: SHIFT.max, default: example.transform.dy },
  rot: { kind: 'int', min: ROTATE.min, max: ROTATE.max, default: example.transform.rotate },
  bright: { kind: 'float', min: BRIGHTNESS.min, max: BRIGHTNESS.max, default: example.transform.brightness, digits: 2 },
  contrast: { kind: 'float', min: CONTRAST.min, max: CONTRAST.max, default: example.transform.contrast, digits: 2 },
  noise: { kind: 'float', min: NOISE.min, max: NOISE.max, default: example.transform.noise, digits: 2 },
  seed: { kind: 'int', min: 1, max: 99999, default: 1 },
  /** 1: the reader's drawing is the anchor (once something is drawn). */
  drawn: { kind: 'bool', default: false },
  /** The drawing, 16 grey levels (written only while it is the anchor). */
  ink: DRAWING_FIELD,
} as const satisfies Schema;

export type PfState = StateOf<typeof pfSchema>;

export function transformOf(s: PfState): Transform {
  return {
    dx: s.dx,
    dy: s.dy,
    rotate: s.rot,
    brightness: s.bright,
    contrast: s.contrast,
    noise: s.noise,
    seed: s.seed,
  };
}

/** The state's fields for a transform (the inverse of transformOf), to apply a named transform. */
export function transformFields(
  t: Transform,
): Pick<PfState, 'dx' | 'dy' | 'rot' | 'bright' | 'contrast' | 'noise' | 'seed'> {
  return {
    dx: t.dx,
    dy: t.dy,
    rot: t.rotate,
    bright: t.brightness,
    contrast: t.contrast,
    noise: t.noise,
    seed: t.seed,
  };
}
