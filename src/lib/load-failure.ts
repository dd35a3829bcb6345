/**
 * What to tell a reader when a figure's own code did not arrive: browsers reject a failed `import()`
 * with a TypeError whose wording differs (Chromium "Failed to fetch dynamically imported module: URL",
 * Firefox "error loading dynamically imported module: URL", Safari "Importing a module script
 * failed."); the reader needs the file, the likely cause and what to do, in one sentence.
 */

/** Does this error look like a script or module that could not be downloaded? */
export function isChunkLoadError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|importing a module script failed|failed to fetch|loading chunk|networkerror|load failed/i.test(
    text,
  );
}

/** The file name (no query) of the first URL in an error's message, or null. */
export function failedFile(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  const url = /(?:https?:\/\/|\/)[^\s'"()]+\.m?js\b/i.exec(text)?.[0];
  return url ? (url.split('?')[0]?.split('/').at(-1) ?? null) : null;
}

/** A sentence for the figure: which file failed and what to do; `what` names the part, e.g. "3-D view". */
export function loadFailureMessage(error: unknown, what = 'interactive figure'): string {
  const file = failedFile(error);
  const code = file ? `its code (${file})` : 'its code';
  if (isChunkLoadError(error))
    return `The ${what} could not start: ${code} did not download. The connection may have dropped, or the site was updated since this page was opened; reload the page to try again.`;
  const detail = error instanceof Error ? error.message : String(error);
  return `The ${what} could not start (${detail}).`;
}

/** An Error carrying that sentence, for code that reports `error.message` in the figure. */
export class FigureLoadError extends Error {
  constructor(error: unknown, what?: string) {
    super(loadFailureMessage(error, what), { cause: error });
    this.name = 'FigureLoadError';
  }
}
