/**
 * Madry et al.'s MNIST ladder at ε = 0.3 (the challenge's white-box leaderboard, and AutoAttack's
 * number from Croce & Hein 2020) and the same rungs for one of our models, read from its manifest's
 * evaluation block. Our rungs are the nearest we run: single-start PGD-20 for their PGD-100, APGD-CE
 * (100 iterations, step size adapted) for 50 restarts of PGD-100, the suite's gradient cascade
 * (APGD-CE, APGD-DLR, APGD-T) for AutoAttack, and the worst case over the whole suite for the best attack.
 */
import type { ModelEvaluation } from '../../lib/model-artifacts.ts';

export const LADDER_EPSILON = 0.3;

export interface Rung {
  rung: string;
  accuracy: number;
  attack: string;
  cite?: string;
}

/** Accuracies in %, as the leaderboard prints them. */
export const MADRY: readonly Rung[] = [
  { rung: 'one step', accuracy: 96.36, attack: 'FGSM' },
  { rung: 'iterative', accuracy: 92.52, attack: 'PGD, 100 steps' },
  { rung: 'restarts', accuracy: 89.62, attack: 'PGD-100, 50 random restarts' },
  { rung: 'AutoAttack', accuracy: 88.5, attack: 'APGD-CE, APGD-T, FAB-T, Square', cite: 'croce2020' },
  { rung: 'best known', accuracy: 88.0, attack: 'best submitted attack (2021)' },
];

export interface OurRung {
  id: string;
  accuracy: number;
  attack: string;
}

/** Our model's rungs at ε = 0.3 (fractions, not %), or null where the evaluation lacks that ε. */
export function ladder(e: Pick<ModelEvaluation, 'rows' | 'digits'>): OurRung[] | null {
  const row = e.rows.find((r) => Math.abs(r.epsilon - LADDER_EPSILON) < 1e-9);
  if (!row) return null;
  const of = (id: string) => row.attacks.find((a) => a.id === id);
  const acc = (id: string) => of(id)?.accuracy ?? null;
  const fgsm = acc('fgsm');
  const pgd = acc('pgd-20');
  const apgd = acc('apgd-ce');
  const cascade = of('apgd-t')?.worstCaseAfter ?? null;
  if (fgsm === null || pgd === null || apgd === null || cascade === null) return null;
  return [
    { id: 'fgsm', accuracy: fgsm, attack: 'FGSM' },
    { id: 'pgd-20', accuracy: pgd, attack: 'PGD, 20 steps, one random start' },
    { id: 'apgd-ce', accuracy: apgd, attack: 'APGD-CE, 100 iterations' },
    { id: 'cascade', accuracy: cascade, attack: 'worst case after APGD-CE, APGD-DLR, APGD-T' },
    { id: 'worst', accuracy: row.worstCase, attack: 'worst case over the whole suite (Square and transfer too)' },
  ];
}
