/** Words for the lab's results: percentages, the one-sentence verdict, and the norms. */
import type { AttackOutcome } from '../../lib/attack-lab/types.ts';
import { longestForms } from '../../lib/steady-text.ts';
import { EPS_STEP } from './lab-state.ts';

/** A probability as a percentage a reader can compare: "99%", "99.7%", ">99.9%", "<0.1%". */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 0.9995) return '>99.9%';
  if (p < 0.0005) return '<0.1%';
  if (p > 0.99 || p < 0.01) return `${(p * 100).toFixed(1)}%`;
  return `${Math.round(p * 100)}%`;
}

export interface Verdict {
  cleanLabel: number;
  cleanConfidence: number;
  advLabel: number;
  advConfidence: number;
  /** Set for a targeted attack: the class aimed at and its probability before and after. */
  target?: { label: number; before: number; after: number } | null;
  epsilon: number;
  /** The digit is the reader's drawing (it has no true label; the model's reading is attacked). */
  drawn?: boolean;
}

/**
 * "7 at 99% became 3 at 97%." when the prediction flips, "7 at 99% stays 7 (now 80%)." when it
 * does not; targeted attacks add whether the target was reached. A drawing is named as such.
 */
export function verdictSentence(v: Verdict, classLabels: readonly string[] = '0123456789'.split('')): string {
  const name = (k: number) => classLabels[k] ?? String(k);
  const before = `${name(v.cleanLabel)} at ${percent(v.cleanConfidence)}`;
  let s =
    v.epsilon === 0
      ? `No attack (ε = 0): the model says ${before}.`
      : v.advLabel !== v.cleanLabel
        ? `${before} became ${name(v.advLabel)} at ${percent(v.advConfidence)}.`
        : `${before} stays ${name(v.advLabel)} (now ${percent(v.advConfidence)}).`;
  if (v.drawn) s = `Your drawing: ${s}`;
  if (v.target && v.epsilon > 0) {
    const t = v.target;
    s +=
      v.advLabel === t.label
        ? ` Target ${name(t.label)} reached.`
        : ` Target ${name(t.label)} not reached: its probability went from ${percent(t.before)} to ${percent(t.after)}.`;
  }
  return s;
}

/** A norm for display, never shown larger than it is: rounded down to 3 decimals. */
export function formatNorm(x: number): string {
  const down = Math.floor(x * 1000 + 1e-6) / 1000;
  return down.toFixed(3);
}

/** An outcome's verdict, as `verdictSentence` tells it. */
export function outcomeVerdict(o: AttackOutcome): Verdict {
  const target = o.params.attack === 'fgsm-targeted' ? o.params.target : null;
  return {
    cleanLabel: o.clean.label,
    cleanConfidence: o.clean.confidence,
    advLabel: o.adv.label,
    advConfidence: o.adv.confidence,
    epsilon: o.params.eps,
    drawn: o.drawn,
    target:
      target === null ? null : { label: target, before: o.clean.probs[target] ?? 0, after: o.adv.probs[target] ?? 0 },
  };
}

/**
 * The longest forms the verdict can take for this digit and attack as ε moves, every percentage at its
 * widest (for `.steady`, which keeps the verdict's box one height).
 */
export function verdictRoom(v: Verdict, classLabels?: readonly string[]): string[] {
  const widest = 0.9999;
  const attacked = { ...v, epsilon: EPS_STEP, advConfidence: widest };
  const t = v.target ? { ...v.target, before: widest, after: widest } : null;
  // A class that is neither the clean answer nor the target: the attack flipped the digit elsewhere.
  const elsewhere = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((k) => k !== v.cleanLabel && k !== t?.label) ?? 0;
  const forms: Verdict[] = [
    { ...v, epsilon: 0 },
    { ...attacked, advLabel: v.cleanLabel, target: t },
    { ...attacked, advLabel: elsewhere, target: t },
    ...(t ? [{ ...attacked, advLabel: t.label, target: t }] : []),
  ];
  return longestForms(forms.map((f) => verdictSentence(f, classLabels)));
}

/** The note under the perturbation: where its colour scale ends, and how much it is amplified. */
export function scaleNote(eps: number): string {
  return `ends at ±${eps.toFixed(3)} (amplified ×${eps > 0 ? (0.5 / eps).toFixed(1) : '–'} vs. the grey scale)`;
}

/** The scale note's longest forms over ε's range (for `.steady`). */
export const SCALE_NOTE_ROOM = longestForms([scaleNote(0), scaleNote(EPS_STEP)]);
