// A figure whose code fails to download says so inside the figure, instead of showing its fixed
// picture as if the interactive one were still on its way. Two cases:
//  - the island's own component never arrives, so nothing of it runs: Astro's island element fires
//    `astro:hydration-error`, and `watchIslandFailures` (started once per page) writes the message;
//  - a chunk the island imports itself (three.js scene, engine) fails: the island wraps that
//    `import()` in `importFigureCode`, whose error message is the sentence to show.
import { FigureLoadError, loadFailureMessage } from '../lib/load-failure.ts';

/** The box a figure's messages belong in: its frame (or the figure, or the element itself). */
const frameOf = (el: Element): Element => el.closest('.widget-frame') ?? el.closest('figure') ?? el;

/**
 * Shows `message` at the end of the figure that holds `el`, marked `data-island-failed` on the frame
 * so its styles can hide controls that can no longer work. Calling it again replaces the message.
 */
export function showFigureFailure(el: Element, message: string): HTMLElement {
  const frame = frameOf(el);
  frame.setAttribute('data-island-failed', '');
  let note = frame.querySelector<HTMLElement>(':scope > .figure-failure');
  if (!note) {
    note = document.createElement('p');
    note.className = 'widget-message figure-failure';
    note.setAttribute('role', 'status');
    frame.append(note);
  }
  note.textContent = message;
  return note;
}

/** Runs a figure's `import()`; a failed download rejects with a FigureLoadError that says what to do. */
export async function importFigureCode<T>(load: () => Promise<T>, what?: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new FigureLoadError(error, what);
  }
}

interface HydrationErrorDetail {
  error: unknown;
  componentUrl: string | null;
}

/** Page level, once: an island that fails to hydrate shows why inside its figure. Returns a stop function. */
export function watchIslandFailures(root: Document = document): () => void {
  const onError = (event: Event) => {
    const island = event.target;
    if (!(island instanceof Element)) return;
    const detail = (event as CustomEvent<HydrationErrorDetail>).detail;
    // Astro's message names the island's file when the error itself does not (Safari).
    const error = detail?.error ?? new Error(`Failed to load ${detail?.componentUrl ?? 'the figure'}`);
    const named =
      error instanceof Error && !/\.m?js\b/.test(error.message) && detail?.componentUrl
        ? new TypeError(`${error.message} ${detail.componentUrl}`)
        : error;
    showFigureFailure(island, loadFailureMessage(named));
  };
  root.addEventListener('astro:hydration-error', onError);
  return () => root.removeEventListener('astro:hydration-error', onError);
}
