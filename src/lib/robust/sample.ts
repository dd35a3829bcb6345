/**
 * Which held-out digits an evaluation of N digits uses: the first of each class in held-out order,
 * classes in held-out proportions (largest remainders). `npm run eval --sample N` picks its digits by
 * this rule (scripts/lib/mnist-data.ts: shippedSample), and so does the evaluation panel, from the
 * 800 digits shipped with the site (themselves the sample of 800), so that both see the same digits.
 */

/** Digits of each class among the 2,000 held out by the split (seed 2015); checked against the split in scripts/eval-panel.test.ts. */
export const HELD_OUT_CLASS_COUNTS = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196] as const;

/** Splits `total` over classes in proportion to `counts`, by largest remainders (ties: lower class first). */
export function stratifiedQuota(counts: readonly number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * total) / sum);
  const quota = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = total - quota.reduce((a, b) => a + b, 0), j = 0; r > 0; r--, j++) {
    const c = order[j]?.[1];
    if (c !== undefined) quota[c] = (quota[c] ?? 0) + 1;
  }
  return quota;
}

/**
 * Indices into the shipped digits of the stratified sample of `count` held-out digits, in held-out
 * order. Throws when the shipped digits do not hold that sample (they hold every sample up to their size).
 */
export function sampleIndices(
  heldOutPositions: readonly number[],
  labels: ArrayLike<number>,
  count: number,
  classCounts: readonly number[] = HELD_OUT_CLASS_COUNTS,
): number[] {
  const quota = stratifiedQuota(classCounts, count);
  const taken = quota.map(() => 0);
  const order = heldOutPositions.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const picked: number[] = [];
  for (const [, i] of order) {
    const c = labels[i];
    if (c === undefined || (taken[c] ?? 0) >= (quota[c] ?? 0)) continue;
    taken[c] = (taken[c] ?? 0) + 1;
    picked.push(i);
  }
  if (picked.length !== count)
    throw new Error(`the shipped digits hold ${picked.length} of the stratified sample of ${count}`);
  return picked;
}
