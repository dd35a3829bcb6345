/** The index of the largest of `count` values starting at `from` (the first one on a tie), counted from `from`. */
export function argmax(values: ArrayLike<number>, from = 0, count = values.length - from): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[from + k]! > values[from + best]!) best = k;
  return best;
}
