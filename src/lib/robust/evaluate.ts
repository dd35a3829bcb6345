/**
 * One model's whole evaluation, as `npm run eval` stores it and the evaluation panel runs it in the
 * browser: the strong suite at the main ε, its cheaper cascade at the curve's extra ε, merged in ε
 * order and summarised (per-attack accuracies, worst cases, sanity flags). One function for both, so
 * that the panel shows the numbers the manifest holds when it runs on the same digits.
 */
import type { Evaluation } from './report.ts';
import { summarize } from './report.ts';
import { CURVE_EPSILONS, CURVE_SUITE, MAIN_EPSILONS, STRONG_SUITE } from './strong-suite.ts';
import {
  attackCost,
  evaluateSuite,
  type AttackSpec,
  type SuiteDigits,
  type SuiteEvent,
  type SuiteModels,
  type SuiteResult,
} from './suite.ts';

export interface EvaluateHooks {
  /** Digits per batch: one attack iteration on one batch is the smallest slice of work. */
  batchSize?: number;
  /** Every event of the suite (progress within an attack, each finished attack). */
  onEvent?: (e: SuiteEvent, phase: 'main' | 'curve') => void;
  /** Awaited before every slice: a caller's yield point, which throws to cancel. */
  between?: () => Promise<void>;
}

export interface FullEvaluation extends Evaluation {
  mainEpsilons: number[];
}

/** Work units (attack cost × digits) of the whole evaluation if every attack ran on every digit: a progress scale. */
export function plannedWork(digits: number): number {
  const cost = (specs: readonly AttackSpec[]) => specs.reduce((s, a) => s + attackCost(a), 0);
  return digits * (MAIN_EPSILONS.length * cost(STRONG_SUITE) + CURVE_EPSILONS.length * cost(CURVE_SUITE));
}

async function drive(
  it: AsyncGenerator<SuiteEvent, SuiteResult, void>,
  phase: 'main' | 'curve',
  hooks: EvaluateHooks,
): Promise<SuiteResult> {
  try {
    for (;;) {
      await hooks.between?.();
      const r = await it.next();
      if (r.done) return r.value;
      hooks.onEvent?.(r.value, phase);
    }
  } finally {
    // On a cancel, the suite frees every tensor it holds.
    await it.return(undefined as never);
  }
}

export async function evaluateModel(
  models: SuiteModels,
  digits: SuiteDigits,
  hooks: EvaluateHooks = {},
): Promise<FullEvaluation> {
  const batchSize = hooks.batchSize ?? 500;
  const main = await drive(
    evaluateSuite(models, digits, { epsilons: MAIN_EPSILONS, attacks: STRONG_SUITE, batchSize }),
    'main',
    hooks,
  );
  const curve = await drive(
    evaluateSuite(models, digits, { epsilons: CURVE_EPSILONS, attacks: CURVE_SUITE, batchSize }),
    'curve',
    hooks,
  );
  const merged: SuiteResult = { ...main, rows: [...main.rows, ...curve.rows].sort((a, b) => a.epsilon - b.epsilon) };
  return { mainEpsilons: [...MAIN_EPSILONS], ...summarize(merged, STRONG_SUITE) };
}
