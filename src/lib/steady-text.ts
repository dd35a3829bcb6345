/**
 * Words that change as a control moves (a figure's sentence, a title with a number) are laid out over
 * hidden copies of the longest words they can become, so that their box keeps one height and nothing
 * below moves under the reader's hand (`.steady` in src/styles/figures.css).
 *
 * The forms of one text differ only in their numbers and a few short words, and `.steady` sets digits
 * tabular, so the number of characters ranks their widths; lines break between words, so the forms near
 * the longest are all kept.
 */
export function longestForms(forms: Iterable<string>, slack = 3): string[] {
  const unique = [...new Set(forms)];
  const most = Math.max(0, ...unique.map((f) => f.length));
  return unique.filter((f) => f.length >= most - slack);
}
