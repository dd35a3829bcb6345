/**
 * A number with fixed decimals and commas between thousands, as `Intl.NumberFormat('en-GB')` writes
 * it ("150,528", "3.5", "-1,234.50"), without Intl: a page's first Intl.NumberFormat (or number
 * toLocaleString) loads ICU's locale data, up to ~40 ms of main-thread CPU (measured here) in a figure's
 * start-up. Rounds as Intl and toFixed both do: the exact value, ties away from zero.
 */
export function groupDigits(value: number, digits = 0): string {
  if (Number.isNaN(value)) return 'NaN';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const abs = Math.abs(value);
  if (abs === Infinity) return `${sign}∞`;
  // toFixed switches to exponent notation from 10²¹ on; such numbers never reach a figure.
  if (abs >= 1e21) return String(value);
  const fixed = abs.toFixed(digits);
  const point = fixed.indexOf('.');
  const whole = point < 0 ? fixed : fixed.slice(0, point);
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return sign + grouped + (point < 0 ? '' : fixed.slice(point));
}
