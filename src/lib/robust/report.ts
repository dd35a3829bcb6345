/**
 * Turns a suite result into the `evaluation` block a model's manifest stores (schema in
 * model-artifacts.ts) and back: per ε each attack's accuracy, the white-box and overall worst case,
 * the digits each attack ran on, the per-digit worst case as a bitset, and the sanity flags.
 */
import type { ModelEvaluation } from '../model-artifacts.ts';
import { sanityFlags } from './flags.ts';
import { familyOf, type AttackSpec, type GradientAttack, type SuiteResult } from './suite.ts';

/** The part of a manifest's `evaluation` block that the numbers determine. */
export type Evaluation = Pick<ModelEvaluation, 'digits' | 'clean' | 'attacks' | 'rows' | 'flags'>;
type EvaluationAttack = ModelEvaluation['attacks'][number];
type EvaluationRow = ModelEvaluation['rows'][number];

const lossName = { ce: 'cross-entropy', margin: 'margin (C&W)', dlr: 'DLR' } as const;

function describeGradient(a: GradientAttack): string {
  switch (a.kind) {
    case 'fgsm':
      return 'one signed gradient step of size ε (Goodfellow et al. 2015)';
    case 'pgd': {
      const alpha = a.alphaOverEpsilon === undefined ? `2.5·ε/${a.steps}` : `${a.alphaOverEpsilon}·ε`;
      const starts = a.restarts > 0 ? `${a.restarts} random start${a.restarts > 1 ? 's' : ''}` : 'no random start';
      return `PGD (Madry et al. 2018), ${a.steps} steps of α = ${alpha}, ${starts}, ${lossName[a.loss]} loss, seed ${a.seed}`;
    }
    case 'apgd':
      return `APGD (Croce & Hein 2020), ${a.steps} iterations, ${a.restarts} random start${a.restarts > 1 ? 's' : ''}, ${lossName[a.loss]} loss, seed ${a.seed}`;
    case 'apgd-targeted':
      return `APGD-T (Croce & Hein 2020): ${a.steps} iterations towards each of the ${a.targets} likeliest wrong classes, targeted ${lossName[a.loss]} loss, seed ${a.seed}`;
  }
}

/** The settings of an attack in words, for the manifest and the panel. */
export function describeAttack(spec: AttackSpec): string {
  const base =
    spec.kind === 'square'
      ? `Square attack (Andriushchenko et al. 2020), ${spec.queries} queries, p_init = ${spec.pInit ?? 0.8}, margin loss, seed ${spec.seed}; no gradients`
      : spec.kind === 'transfer'
        ? `made on the normally trained cnn, shown to this model: ${describeGradient(spec.attack)}`
        : spec.kind === 'bpda'
          ? `BPDA (Athalye et al. 2018), the preprocessing's gradient replaced by the identity: ${describeGradient(spec.attack)}`
          : describeGradient(spec);
  const where = spec.firstDigits ? `; only on digits among the first ${spec.firstDigits} held-out ones` : '';
  const mode = spec.mode === 'cascade' ? '; only on digits every earlier attack failed to break' : '';
  return base + where + mode;
}

/** Bits (one per entry, nonzero = 1) packed 8 to a byte, most significant first, as base64. */
export function packBits(bits: ArrayLike<number>): string {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >> 3]! |= 0x80 >> (i & 7);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The inverse of packBits for `count` entries. */
export function unpackBits(packed: string, count: number): Uint8Array {
  const s = atob(packed);
  if (s.length !== Math.ceil(count / 8)) throw new Error(`bitset: ${s.length} bytes for ${count} digits`);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (s.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1;
  return out;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export function summarize(result: SuiteResult, specs: readonly AttackSpec[]): Evaluation {
  const attacks: EvaluationAttack[] = specs.map((s) => ({
    id: s.id,
    label: s.label,
    family: familyOf(s),
    settings: describeAttack(s),
    mode: s.mode ?? 'standalone',
    firstDigits: s.firstDigits ?? null,
  }));
  const family = new Map(attacks.map((a) => [a.id, a.family]));
  const rows: EvaluationRow[] = result.rows.map((row) => {
    // Per digit: held against every plain white-box attack that ran on it.
    const whiteHeld = Uint8Array.from(result.cleanCorrect);
    for (const a of row.attacks) {
      const f = family.get(a.id);
      if (f !== 'one-step' && f !== 'multi-step') continue;
      a.outcome.forEach((v, d) => {
        if (v === 0) whiteHeld[d] = 0;
      });
    }
    const share = (held: Uint8Array, on: (d: number) => boolean) => {
      let n = 0;
      let k = 0;
      held.forEach((v, d) => {
        if (!on(d)) return;
        n++;
        k += v;
      });
      return n ? k / n : 0;
    };
    return {
      epsilon: row.epsilon,
      attacks: row.attacks.map((a) => ({
        id: a.id,
        accuracy: a.accuracy === null ? null : round(a.accuracy),
        digits: a.digits,
        worstCaseAfter: round(a.worstCaseAfter),
        whiteBoxOnSameDigits:
          family.get(a.id) === 'black-box' && a.accuracy !== null
            ? round(share(whiteHeld, (d) => a.outcome[d]! >= 0))
            : null,
      })),
      whiteBox: round(share(whiteHeld, () => true)),
      worstCase: round(row.worstCase),
      robustDigits: packBits(row.robust),
    };
  });
  return { digits: result.count, clean: round(result.clean), attacks, rows, flags: sanityFlags({ attacks, rows }) };
}
