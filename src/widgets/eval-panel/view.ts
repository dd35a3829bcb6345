/**
 * What the evaluation panel draws, as pure functions of an evaluation block (a manifest's, made by
 * `npm run eval`, or the one the panel has just measured): each attack's bar at one ε, the worst
 * case against ε, the four flags in plain words, and a sentence for screen readers. The figure's
 * static version (EvalPanelFigure.astro) and the live island use the same functions.
 */
import type { ModelEvaluation } from '../../lib/model-artifacts.ts';
import type { AttackFamily } from '../../lib/robust/suite.ts';
import { groupDigits } from '../../lib/group-digits.ts';

/** The part of an evaluation the panel shows (no per-digit bitsets, no settings text): small enough for props. */
export interface PanelData {
  model: string;
  digits: number;
  /** Where the numbers come from: the manifest (build time) or a run in this browser. */
  source: 'manifest' | 'live';
  clean: number;
  attacks: { id: string; label: string; family: AttackFamily; mode: 'standalone' | 'cascade' }[];
  rows: {
    epsilon: number;
    attacks: { id: string; accuracy: number | null; digits: number; worstCaseAfter: number }[];
    whiteBox: number;
    worstCase: number;
  }[];
  flags: ModelEvaluation['flags'];
}

type EvaluationNumbers = Pick<ModelEvaluation, 'digits' | 'clean' | 'attacks' | 'rows' | 'flags'>;

export function panelData(model: string, e: EvaluationNumbers, source: PanelData['source']): PanelData {
  return {
    model,
    digits: e.digits,
    source,
    clean: e.clean,
    attacks: e.attacks.map(({ id, label, family, mode }) => ({ id, label, family, mode })),
    rows: e.rows.map((r) => ({
      epsilon: r.epsilon,
      attacks: r.attacks.map(({ id, accuracy, digits, worstCaseAfter }) => ({ id, accuracy, digits, worstCaseAfter })),
      whiteBox: r.whiteBox,
      worstCase: r.worstCase,
    })),
    flags: e.flags,
  };
}

export const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export interface Bar {
  id: string;
  label: string;
  family: AttackFamily;
  /** What the bar's length is: the attack's own accuracy, or (cascade) the worst case after it. */
  kind: 'accuracy' | 'after';
  value: number;
  /** Digits it ran on. */
  digits: number;
}

/** One bar per attack that ran at ε (standalone: its accuracy; cascade: the worst case after it). */
export function barsAt(data: PanelData, epsilon: number): Bar[] {
  const row = data.rows.find((r) => Math.abs(r.epsilon - epsilon) < 1e-9);
  if (!row) return [];
  return data.attacks.flatMap((a) => {
    const r = row.attacks.find((x) => x.id === a.id);
    if (!r || r.digits === 0) return [];
    const standalone = r.accuracy !== null;
    return [
      {
        id: a.id,
        label: a.label,
        family: a.family,
        kind: standalone ? 'accuracy' : 'after',
        value: standalone ? r.accuracy! : r.worstCaseAfter,
        digits: r.digits,
      },
    ];
  });
}

export function worstAt(data: PanelData, epsilon: number): number | null {
  return data.rows.find((r) => Math.abs(r.epsilon - epsilon) < 1e-9)?.worstCase ?? null;
}

export interface CurvePoint {
  epsilon: number;
  value: number;
}

/** Accuracy against ε from 0 (clean) up: the worst case, and the lines of FGSM and PGD-20 alone. */
export function curves(data: PanelData): { id: string; label: string; points: CurvePoint[] }[] {
  const line = (id: string) =>
    data.rows.flatMap((r) => {
      const a = r.attacks.find((x) => x.id === id);
      return a && a.accuracy !== null ? [{ epsilon: r.epsilon, value: a.accuracy }] : [];
    });
  const start = { epsilon: 0, value: data.clean };
  return [
    {
      id: 'worst',
      label: 'worst case over the suite',
      points: [start, ...data.rows.map((r) => ({ epsilon: r.epsilon, value: r.worstCase }))],
    },
    { id: 'fgsm', label: 'FGSM alone', points: [start, ...line('fgsm')] },
    { id: 'pgd-20', label: 'PGD-20 alone', points: [start, ...line('pgd-20')] },
  ];
}

export const FLAG_TITLES = {
  multiStepAtLeastOneStep: 'Multi-step attacks are at least as strong as one-step FGSM',
  accuracyFallsWithEpsilon: 'Accuracy does not rise as ε grows',
  largeEpsilonBreaksAll: 'At a large ε the attacks succeed on about every digit',
  blackBoxNoStrongerThanWhiteBox: 'Black-box attacks (Square, transfer from cnn) are no stronger than white-box ones',
} as const;

export type FlagKey = keyof typeof FLAG_TITLES;

export function flagList(data: PanelData): { key: FlagKey; title: string; ok: boolean; reason: string }[] {
  return (Object.keys(FLAG_TITLES) as FlagKey[]).map((key) => ({
    key,
    title: FLAG_TITLES[key],
    ok: data.flags[key].ok,
    reason: data.flags[key].reason,
  }));
}

/** The result in one sentence, for the aria-live line. */
export function summary(data: PanelData, epsilon: number): string {
  const worst = worstAt(data, epsilon);
  const red = flagList(data).filter((f) => !f.ok).length;
  const where = data.source === 'manifest' ? 'npm run eval, from the manifest' : 'measured in this browser';
  return (
    `${data.model} on ${groupDigits(data.digits)} held-out digits (${where}): clean ${pct(data.clean)}` +
    (worst === null ? '' : `, worst case at ε = ${epsilon} ${pct(worst)}`) +
    `; ${red === 0 ? 'all four sanity flags green' : `${red} of the four sanity flags red: do not trust these numbers as robustness`}.`
  );
}
