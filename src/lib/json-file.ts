/** JSON.parse that names the file when the text is cut short or is not JSON (a failed download's usual look). */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (truncated or corrupt?): ${(e as Error).message}`, { cause: e });
  }
}
