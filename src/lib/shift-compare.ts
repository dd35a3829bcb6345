/**
 * Where one model beats another under distribution shift, and where it loses, read from measured
 * shift curves (src/widgets/shift-lab/static-curves.json): for each kind of shift, the level with the
 * largest lead and the level with the largest deficit, kept if the gap reaches `minGap` accuracy.
 * Chapter 4 prints the result as a sentence, so the comparison stays true when a model is retrained.
 * Pure: no DOM, no framework.
 */
import { SHIFTS, SHIFT_KINDS, type ShiftKind } from './shift.ts';

export interface CurvePoint {
  level: number;
  accuracy: number;
  confidence: number;
  confidentMistakes: number;
}
export type Curves = Partial<Record<ShiftKind, readonly CurvePoint[]>>;

export interface ShiftGap {
  kind: ShiftKind;
  level: number;
  /** Accuracy of the first and of the second model at that level. */
  a: number;
  b: number;
}

/** The largest lead and the largest deficit of model a over model b per kind of shift. */
export function shiftGaps(a: Curves, b: Curves, minGap = 0.04): { ahead: ShiftGap[]; behind: ShiftGap[] } {
  const ahead: ShiftGap[] = [];
  const behind: ShiftGap[] = [];
  for (const kind of SHIFT_KINDS) {
    let best: ShiftGap | null = null;
    let worst: ShiftGap | null = null;
    for (const p of a[kind] ?? []) {
      const q = b[kind]?.find((r) => Math.abs(r.level - p.level) < 1e-9);
      if (!q || p.level === 0) continue;
      const gap: ShiftGap = { kind, level: p.level, a: p.accuracy, b: q.accuracy };
      if (!best || gap.a - gap.b > best.a - best.b) best = gap;
      if (!worst || gap.a - gap.b < worst.a - worst.b) worst = gap;
    }
    if (best && best.a - best.b >= minGap) ahead.push(best);
    if (worst && worst.b - worst.a >= minGap) behind.push(worst);
  }
  const size = (g: ShiftGap) => Math.abs(g.a - g.b);
  return { ahead: ahead.sort((x, y) => size(y) - size(x)), behind: behind.sort((x, y) => size(y) - size(x)) };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** "and" between the last two items, commas before. */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "digits faded to 44% contrast (96.5% right against 86.1%)"; the first item names what the numbers are. */
function phrase(g: ShiftGap, first: boolean): string {
  return `on digits ${SHIFTS[g.kind].done(g.level)} (${pct(g.a)}${first ? ' right' : ''} against ${pct(g.b)})`;
}

/**
 * The comparison in one sentence, naming at most `limit` shifts on each side, e.g. "cnn-robust is ahead of cnn on digits faded to 44% contrast
 * (96.5% right against 86.1%), and behind on digits with noise of σ = 0.53 (23.8% against 45.4%)."
 * Grammatical whatever the data say, including when one model leads or trails everywhere.
 */
export function shiftComparisonSentence(
  nameA: string,
  nameB: string,
  gaps: { ahead: readonly ShiftGap[]; behind: readonly ShiftGap[] },
  minGap = 0.04,
  limit = 2,
): string {
  const points = Math.round(minGap * 100);
  // The largest gaps only (the lists are sorted by size): a sentence, not a table.
  const ahead = gaps.ahead.slice(0, limit).map((g, i) => phrase(g, i === 0));
  const behind = gaps.behind.slice(0, limit).map((g, i) => phrase(g, i === 0 && ahead.length === 0));
  if (!ahead.length && !behind.length)
    return `${nameA} and ${nameB} stay within ${points} points of each other under every shift.`;
  if (!behind.length)
    return `${nameA} is ahead of ${nameB} ${listJoin(ahead)}, and never behind it by ${points} points or more.`;
  if (!ahead.length)
    return `${nameA} is behind ${nameB} ${listJoin(behind)}, and never ahead of it by ${points} points or more.`;
  return `${nameA} is ahead of ${nameB} ${listJoin(ahead)}, and behind it ${listJoin(behind)}.`;
}
