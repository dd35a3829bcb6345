// A figure's code arrives in chunks loaded with import() after mount. When one cannot be fetched (a
// deploy replaced the files, the connection dropped), the figure must say so instead of waiting.
import { LoadError } from '../lib/jobs.ts';

/** Runs `load` (an import()), turning a failure into a LoadError that names `what` and the cause. */
export async function importChunk<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw new LoadError(
      `${what} could not be loaded (${e instanceof Error ? e.message : String(e)}); reloading the page may help`,
      { cause: e },
    );
  }
}
