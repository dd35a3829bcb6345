/** Words for the lab's results: percentages, the one-sentence verdict, and the norms. */

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
