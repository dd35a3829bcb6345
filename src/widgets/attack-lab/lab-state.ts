/**
 * The attack lab's shareable state: which digit (or the reader's drawing, as a short code from
 * src/lib/digit-code.ts), model and attack, ε, PGD's steps T, α and random start, and the target class. Declared once here; src/lib/url-state.ts reads it (clamping or ignoring bad
 * values) and writes it back. Two labs on different pages get different URL prefixes.
 */
import { DRAWING_FIELD } from '../../lib/digit-code.ts';
import { MODEL_NAMES as MODELS } from '../../lib/model-names.ts';
import { ATTACKS, type AttackName } from '../../lib/attack-lab/types.ts';
import { LAB_DEFAULTS, type Focus } from '../../lib/attack-lab/defaults.ts';
import type { ModelName } from '../../lib/model-names.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';

/** The models, one list for the whole book (src/lib/model-names.ts), under the lab's old names. */
export { MODEL_NAMES as MODELS, MODEL_LABELS, type ModelName } from '../../lib/model-names.ts';

export { ATTACKS, type AttackName } from '../../lib/attack-lab/types.ts';

export const ATTACK_LABELS: Record<AttackName, string> = {
  fgsm: 'FGSM',
  'fgsm-targeted': 'targeted FGSM',
  pgd: 'PGD',
};

/** The largest ε the slider offers (pixels are in [0, 1]). */
export const EPS_MAX = 0.5;
/** The ε slider's step: lab exercises ask for the smallest ε on this grid (scripts/exercises). */
export const EPS_STEP = 0.005;

/** `focus="robust"` opens on the adversarially trained model, as chapter 7 wants. */
export type { Focus } from '../../lib/attack-lab/defaults.ts';

export function labSchema(focus: Focus = 'attack') {
  const d = LAB_DEFAULTS[focus];
  return {
    digit: { kind: 'int', min: 0, max: 9999, default: d.digit },
    model: { kind: 'enum', values: MODELS, default: d.model as ModelName },
    attack: { kind: 'enum', values: ATTACKS, default: d.attack },
    eps: { kind: 'float', min: 0, max: EPS_MAX, default: d.eps, digits: 3 },
    k: { kind: 'int', min: 1, max: 100, default: d.k },
    /** PGD step size; 0 means "automatic", α = 2.5·ε/T. */
    alpha: { kind: 'float', min: 0, max: 0.1, default: d.alpha, digits: 4 },
    target: { kind: 'int', min: 0, max: 9, default: d.target },
    rs: { kind: 'bool', default: d.rs },
    /** 1: attack the reader's drawing (once there is one) instead of held-out digit `digit`. */
    drawn: { kind: 'bool', default: false },
    /** The drawing, 16 grey levels (written only while it is attacked). */
    ink: DRAWING_FIELD,
  } as const satisfies Schema;
}

export type LabState = StateOf<ReturnType<typeof labSchema>>;

/**
 * The URL prefix of a lab from its figure id: `fig-attack-lab` → `lab`, `fig-attack-lab-robust` →
 * `lab-robust`; any other id → `lab-<id>`. Only letters, digits and dashes survive.
 */
export function prefixFor(figureId: string): string {
  const clean = figureId.toLowerCase().replace(/[^a-z0-9-]/g, '');
  if (clean === 'fig-attack-lab' || clean === '') return 'lab';
  if (clean.startsWith('fig-attack-lab-')) return `lab-${clean.slice('fig-attack-lab-'.length)}`;
  return `lab-${clean.replace(/^fig-/, '')}`;
}

export { effectiveAlpha } from '../../lib/attack-lab/defaults.ts';
