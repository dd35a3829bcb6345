/**
 * The thin-shell effect (chapter 1, Eq. 1.x): the volume of a ball of radius r in ℝᴰ is proportional
 * to rᴰ, so the share of a unit ball's volume within ε of its surface is 1 − (1 − ε)ᴰ (see e.g.
 * Blum, Hopcroft and Kannan, Foundations of Data Science, 2020, section 2.3).
 */

/** 1 − (1 − ε)ᴰ, computed as −expm1(D · log1p(−ε)) so that tiny ε and huge D keep their digits. */
export function shellFraction(eps: number, D: number): number {
  if (!(eps > 0)) return 0;
  if (eps >= 1) return 1;
  return -Math.expm1(D * Math.log1p(-eps));
}

/** log₁₀ of what the shell leaves out, (1 − ε)ᴰ: e.g. −657.1 for ε = 0.01, D = 150,528. */
export function coreLog10(eps: number, D: number): number {
  if (eps >= 1) return Number.NEGATIVE_INFINITY;
  return (D * Math.log1p(-Math.max(0, eps))) / Math.LN10;
}

/**
 * The shell's share in words as the chapter prints it: "3.0%", "99.996%", or "all but about 10^-657"
 * (`power` set) once the share would round to 100% at `digits` significant decimals.
 */
export function shellWords(eps: number, D: number): { text: string; power: number | null } {
  const f = shellFraction(eps, D);
  const log = coreLog10(eps, D);
  if (log < -6) return { text: `all but about 10^${Math.round(log)}`, power: Math.round(log) };
  if (f >= 0.999) {
    // As many decimals as it takes to show the first digit that differs from 100%.
    const decimals = Math.max(1, Math.ceil(-log) - 2);
    return { text: `${(f * 100).toFixed(Math.min(decimals, 6))}%`, power: null };
  }
  return { text: `${(f * 100).toFixed(f < 0.001 ? 3 : 1)}%`, power: null };
}

/** The dimension at which the shell of thickness ε holds `share` of the volume: log(1 − share) / log(1 − ε). */
export function dimensionForShare(eps: number, share: number): number {
  return Math.log1p(-share) / Math.log1p(-eps);
}
