/**
 * The smallest attack budget ε that flips a prediction, found by bisection: keep a bracket [lo, hi]
 * where the attack fails at lo and succeeds at hi, and halve it until it is narrower than the
 * tolerance. This assumes success is monotone in ε, which holds for an exact attack (a larger L∞ ball
 * contains the smaller one) and nearly so for PGD; the answer is always a budget at which the attack
 * did succeed, so the example shown is within its ε whatever happens in between.
 */

/** One attempt of the search: the budget tried and whether the attack reached its goal there. */
export interface Probe {
  eps: number;
  flipped: boolean;
}

export interface FlipSearch<T> {
  /** An ε ≤ max at which the attack succeeded (then `eps` = `hi`). */
  found: boolean;
  /** The smallest ε found to succeed (`hi`); null when even `max` failed. */
  eps: number | null;
  /** The final bracket: the attack failed at lo (or lo = 0) and succeeded at hi (null if never). */
  lo: number;
  hi: number | null;
  /** Every attempt, in order. */
  probes: Probe[];
  /** What the attack returned at `hi` (the example shown), or at `max` when nothing flipped. */
  best: T;
}

export interface SearchOptions {
  /** Largest budget tried. */
  max: number;
  /** Stop once hi − lo ≤ tolerance. */
  tolerance: number;
  /** Told after each attempt (progress for the reader). */
  onProbe?: (probe: Probe, bracket: { lo: number; hi: number | null }) => void;
}

/**
 * Bisection on ε ∈ [0, max]. `attempt(eps)` runs the attack at budget eps. ε = 0 is tried first (the
 * model may already give the target), then `max`, then midpoints: at most 2 + ⌈log₂(max / tolerance)⌉
 * attempts.
 */
export async function smallestFlip<T>(
  attempt: (eps: number) => Promise<{ flipped: boolean; value: T }>,
  options: SearchOptions,
): Promise<FlipSearch<T>> {
  const { max, tolerance } = options;
  if (!(max > 0) || !(tolerance > 0)) throw new Error('smallestFlip: need max > 0 and tolerance > 0');
  const probes: Probe[] = [];
  const bracket: { lo: number; hi: number | null } = { lo: 0, hi: null };
  const run = async (eps: number) => {
    const r = await attempt(eps);
    const probe = { eps, flipped: r.flipped };
    probes.push(probe);
    if (r.flipped) bracket.hi = eps;
    else bracket.lo = Math.max(bracket.lo, eps);
    options.onProbe?.(probe, { ...bracket });
    return r;
  };
  const atZero = await run(0);
  if (atZero.flipped) return { found: true, eps: 0, lo: 0, hi: 0, probes, best: atZero.value };
  let best = (await run(max)).value;
  let hi = bracket.hi;
  if (hi === null) return { found: false, eps: null, lo: bracket.lo, hi: null, probes, best };
  while (hi - bracket.lo > tolerance) {
    const r = await run((bracket.lo + hi) / 2);
    if (r.flipped) best = r.value;
    hi = bracket.hi ?? hi;
  }
  return { found: true, eps: hi, lo: bracket.lo, hi, probes, best };
}

/** The number of attempts the search makes when it flips somewhere in (0, max]. */
export const attemptsFor = (max: number, tolerance: number): number => 2 + Math.ceil(Math.log2(max / tolerance));
