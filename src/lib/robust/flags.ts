/**
 * Four sanity checks on a robustness evaluation, computed from its numbers alone. Each is a sign of
 * gradient masking or of a broken evaluation when it fails (Carlini, Athalye, Papernot, Brendel,
 * Rauber, Tsipras, Goodfellow, Madry, Kurakin, "On Evaluating Adversarial Robustness", 2019, §5;
 * Athalye, Carlini, Wagner 2018, §3.1):
 *
 * (a) iterative attacks are at least as strong as one-step attacks;
 * (b) accuracy does not rise as ε grows;
 * (c) with a large enough ε the white-box attacks break (almost) every digit;
 * (d) black-box attacks (Square, transfer) are no stronger than white-box ones.
 *
 * The white-box attacks checked are the plain gradient attacks (one-step and multi-step), not BPDA:
 * the flags ask whether those can be trusted, BPDA is the repair once they cannot.
 */
import type { AttackFamily } from './suite.ts';

/** One ε of an evaluation, as the manifest stores it (model-artifacts.ts). */
export interface FlagInputRow {
  epsilon: number;
  attacks: {
    id: string;
    /** Standalone accuracy on its digits; null if it ran in cascade or not at all. */
    accuracy: number | null;
    /** For black-box attacks: the white-box worst case on the same digits. */
    whiteBoxOnSameDigits: number | null;
  }[];
  /** Worst case over the one-step and multi-step white-box attacks, all digits. */
  whiteBox: number;
  worstCase: number;
}

export interface FlagInput {
  attacks: { id: string; label: string; family: AttackFamily }[];
  rows: FlagInputRow[];
}

export interface Flag {
  ok: boolean;
  /** One sentence in plain words, with the numbers that decided it. */
  reason: string;
}

export interface SanityFlags {
  multiStepAtLeastOneStep: Flag;
  accuracyFallsWithEpsilon: Flag;
  largeEpsilonBreaksAll: Flag;
  blackBoxNoStrongerThanWhiteBox: Flag;
}

/** Slack for sampling noise: one percentage point (20 of 2,000 digits, 5 of a 500-digit subset). */
export const FLAG_TOLERANCE = 0.01;
/** "About 100 % success": white-box accuracy at the largest ε at most this. */
export const LARGE_EPSILON_ACCURACY = 0.02;

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const eps = (v: number) => `ε = ${v}`;

export function sanityFlags(input: FlagInput): SanityFlags {
  const family = new Map(input.attacks.map((a) => [a.id, a.family]));
  const label = new Map(input.attacks.map((a) => [a.id, a.label]));
  const rows = [...input.rows].sort((a, b) => a.epsilon - b.epsilon);
  const standalone = (row: FlagInputRow, f: AttackFamily) =>
    row.attacks.filter((a) => family.get(a.id) === f && a.accuracy !== null) as {
      id: string;
      accuracy: number;
      whiteBoxOnSameDigits: number | null;
    }[];

  // (a) The strongest multi-step attack against FGSM, at every ε.
  let a: Flag = { ok: true, reason: 'no one-step and multi-step attacks to compare' };
  for (const row of rows) {
    const one = standalone(row, 'one-step');
    const multi = standalone(row, 'multi-step');
    if (!one.length || !multi.length) continue;
    const weakestOne = Math.min(...one.map((r) => r.accuracy));
    const best = multi.reduce((m, r) => (r.accuracy < m.accuracy ? r : m));
    if (best.accuracy > weakestOne + FLAG_TOLERANCE) {
      a = {
        ok: false,
        reason: `At ${eps(row.epsilon)} the best multi-step attack (${label.get(best.id)}) leaves ${pct(best.accuracy)}, more than one-step FGSM (${pct(weakestOne)}): the gradients mislead iterative attacks.`,
      };
      break;
    }
    a = {
      ok: true,
      reason: `Multi-step attacks are at least as strong as one-step FGSM at every ε (at ${eps(row.epsilon)}: ${pct(best.accuracy)} against ${pct(weakestOne)}).`,
    };
  }

  // (b) Every standalone attack, the white-box and the overall worst case, against ε.
  let b: Flag = { ok: true, reason: `Accuracy never rises as ε grows (${rows.length} values of ε).` };
  const series: [string, (r: FlagInputRow) => number | null][] = [
    ['the worst case', (r) => r.worstCase],
    ['the white-box worst case', (r) => r.whiteBox],
    ...input.attacks.map(
      (s) =>
        [label.get(s.id) ?? s.id, (r: FlagInputRow) => r.attacks.find((x) => x.id === s.id)?.accuracy ?? null] as [
          string,
          (r: FlagInputRow) => number | null,
        ],
    ),
  ];
  outer: for (const [name, value] of series) {
    // Consecutive values of ε at which this series was measured.
    const points = rows.flatMap((r) => {
      const v = value(r);
      return v === null ? [] : [{ epsilon: r.epsilon, v }];
    });
    for (let i = 1; i < points.length; i++) {
      const prev = points[i - 1]!;
      const cur = points[i]!;
      if (cur.v > prev.v + FLAG_TOLERANCE) {
        b = {
          ok: false,
          reason: `Under ${name} accuracy rises from ${pct(prev.v)} at ${eps(prev.epsilon)} to ${pct(cur.v)} at ${eps(cur.epsilon)}: a larger ε can only help the attacker.`,
        };
        break outer;
      }
    }
  }

  // (c) The white-box worst case at the largest ε.
  const top = rows.at(-1);
  const c: Flag = !top
    ? { ok: false, reason: 'no ε evaluated' }
    : top.whiteBox <= LARGE_EPSILON_ACCURACY
      ? {
          ok: true,
          reason: `At ${eps(top.epsilon)} the white-box attacks break all but ${pct(top.whiteBox)} of the digits.`,
        }
      : {
          ok: false,
          reason: `Even at ${eps(top.epsilon)} the white-box attacks leave ${pct(top.whiteBox)} of the digits correct, where every digit can be turned into a grey blur: the gradients do not lead anywhere.`,
        };

  // (d) Each black-box attack against the white-box worst case on its own digits.
  let d: Flag = { ok: true, reason: 'no black-box attack to compare' };
  let compared = 0;
  outerD: for (const row of rows) {
    for (const bb of standalone(row, 'black-box')) {
      if (bb.whiteBoxOnSameDigits === null) continue;
      compared++;
      if (bb.accuracy < bb.whiteBoxOnSameDigits - FLAG_TOLERANCE) {
        d = {
          ok: false,
          reason: `At ${eps(row.epsilon)} ${label.get(bb.id)}, which never sees a gradient, leaves ${pct(bb.accuracy)} where the white-box attacks leave ${pct(bb.whiteBoxOnSameDigits)}: the gradients are masked.`,
        };
        break outerD;
      }
    }
  }
  if (d.ok && compared)
    d = {
      ok: true,
      reason: `The black-box attacks never beat the white-box ones (${compared} comparisons over ${rows.length} values of ε).`,
    };

  return {
    multiStepAtLeastOneStep: a,
    accuracyFallsWithEpsilon: b,
    largeEpsilonBreaksAll: c,
    blackBoxNoStrongerThanWhiteBox: d,
  };
}
