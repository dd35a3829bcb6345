/** The shift lab's opening state, for its URL schema and the script that precomputes it. */
import type { ShiftKind } from '../shift.ts';

export const SHIFT_DEFAULTS: { model: string; kind: ShiftKind; level: number } = {
  model: 'cnn',
  kind: 'rotate',
  level: 0.5,
};
