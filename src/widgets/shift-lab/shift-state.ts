/**
 * The shift lab's shareable state: which shift, how far (severity 0–1), and which model. Declared
 * once here; src/lib/url-state.ts reads it (clamping or ignoring bad values) and writes it back
 * under the prefix `shift`.
 */
import { SHIFT_KINDS } from '../../lib/shift.ts';
import { MODEL_NAMES, type ModelName } from '../../lib/model-names.ts';
import { SHIFT_DEFAULTS } from '../../lib/shift-lab/defaults.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';

export const shiftSchema = {
  kind: { kind: 'enum', values: SHIFT_KINDS, default: SHIFT_DEFAULTS.kind },
  level: { kind: 'float', min: 0, max: 1, default: SHIFT_DEFAULTS.level, digits: 3 },
  model: { kind: 'enum', values: MODEL_NAMES, default: SHIFT_DEFAULTS.model as ModelName },
} as const satisfies Schema;

export type ShiftState = StateOf<typeof shiftSchema>;

/** The URL prefix of a shift lab from its figure id: `fig-shift-lab` → `shift`, others `shift-<rest>`. */
export function shiftPrefixFor(figureId: string): string {
  const clean = figureId.toLowerCase().replace(/[^a-z0-9-]/g, '');
  if (clean === 'fig-shift-lab' || clean === '') return 'shift';
  return `shift-${clean.replace(/^fig-(shift-lab-)?/, '')}`;
}
