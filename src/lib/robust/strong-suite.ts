/**
 * The book's strong attack suite, one list for `npm run eval` and the in-browser evaluation panel, so
 * both measure the same thing. In order:
 *
 * - FGSM and PGD-20, the two attacks most papers (and our older tables) quote, each on every digit;
 * - APGD with cross-entropy (Croce & Hein 2020), 100 iterations, on every digit;
 * - then, only on digits every earlier attack failed to break (AutoAttack's cascade, which gives the
 *   same worst case for a fraction of the work): APGD with the DLR loss (100 iterations), APGD-T
 *   towards the 3 likeliest wrong classes (50 iterations each), and a multi-targeted attack on the
 *   margin loss towards all 9 wrong classes (10 iterations each; Gowal et al. 2019);
 * - the Square attack (no gradients), 1,000 queries, on the digits among the first 500 held-out ones;
 * - transfer: PGD-20 digits made on the normally trained `cnn` (skipped for `cnn` itself);
 * - BPDA: APGD-CE through the straight-through surrogate (only for a model with preprocessing).
 *
 * A digit counts as robust at ε only if every one of them failed.
 */
import type { AttackSpec } from './suite.ts';

/** The ε of the tables, where the whole suite runs. */
export const MAIN_EPSILONS = [0.1, 0.2, 0.25, 0.3] as const;
/**
 * Extra ε for the accuracy-against-ε curve and the large-ε flag, with the cheaper cascade. None below
 * 0.3: there most digits survive, so even the cascade costs as much as the whole suite.
 */
export const CURVE_EPSILONS = [0.35, 0.4, 0.45, 0.5] as const;
/** Square's subset: its queries cost as much as the rest of the suite together. */
export const SQUARE_DIGITS = 500;

export const STRONG_SUITE: readonly AttackSpec[] = [
  { id: 'fgsm', label: 'FGSM', kind: 'fgsm' },
  { id: 'pgd-20', label: 'PGD-20', kind: 'pgd', steps: 20, restarts: 1, loss: 'ce', seed: 7 },
  { id: 'apgd-ce', label: 'APGD-CE', kind: 'apgd', steps: 100, restarts: 1, loss: 'ce', seed: 1 },
  { id: 'apgd-dlr', label: 'APGD-DLR', kind: 'apgd', steps: 100, restarts: 1, loss: 'dlr', seed: 2, mode: 'cascade' },
  {
    id: 'apgd-t',
    label: 'APGD-T (top 3)',
    kind: 'apgd-targeted',
    steps: 50,
    targets: 3,
    loss: 'dlr',
    seed: 3,
    mode: 'cascade',
  },
  {
    id: 'mt-margin',
    label: 'multi-targeted (all 9)',
    kind: 'apgd-targeted',
    steps: 10,
    targets: 9,
    loss: 'margin',
    seed: 4,
    mode: 'cascade',
  },
  { id: 'square', label: 'Square', kind: 'square', queries: 1000, seed: 5, firstDigits: SQUARE_DIGITS },
  {
    id: 'transfer',
    label: 'transfer from cnn',
    kind: 'transfer',
    attack: { kind: 'pgd', steps: 20, restarts: 1, loss: 'ce', seed: 6 },
  },
  { id: 'bpda', label: 'BPDA', kind: 'bpda', attack: { kind: 'apgd', steps: 100, restarts: 1, loss: 'ce', seed: 8 } },
];

/**
 * The suite for the curve's extra ε: FGSM and PGD-20 on every digit (for the flags), everything else
 * only on digits still unbroken, which gives the same worst case for a fraction of the work.
 */
export const CURVE_SUITE: readonly AttackSpec[] = STRONG_SUITE.map((s) =>
  s.kind === 'fgsm' || s.kind === 'pgd' ? s : { ...s, mode: 'cascade' },
);
