/**
 * Words that change as a control moves (a figure's sentence, a title with a number) are laid out over
 * hidden copies of the longest words they can become, so that their box keeps one height and nothing
 * below moves under the reader's hand (`.steady` in src/styles/figures.css).
 *
 * `.steady` sets digits tabular, so any digit is as wide as an 8: the forms are kept with their digits
 * as 8s, once each, and the longest of them (with those within `slack` characters of it: letters differ
 * in width, and lines break between words).
 */
export function longestForms(forms: Iterable<string>, slack = 2): string[] {
  const unique = [...new Set(Array.from(forms, (f) => f.replace(/\d/g, '8')))];
  const most = Math.max(0, ...unique.map((f) => f.length));
  return unique.filter((f) => f.length >= most - slack);
}
