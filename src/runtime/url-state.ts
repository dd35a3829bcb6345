// Binds a figure's state to the page URL: read once on mount, written back (replaceState, so the
// back button is not flooded) when the reader changes something. The parsing rules live in
// src/lib/url-state.ts; this file only touches `location` and `history`.
import { readStateChecked, writeState, type Schema, type StateOf } from '../lib/url-state.ts';

let pending = false;
let nextSearch: URLSearchParams | undefined;

/**
 * The figure's state from the address. A value that cannot be read (garbage, or a drawing code that
 * does not decode) is dropped from the address at once, so a copied link no longer carries it.
 */
export function loadFigureState<S extends Schema>(schema: S, prefix: string): StateOf<S> {
  const params = new URLSearchParams(location.search);
  const { state, unreadable } = readStateChecked(schema, prefix, params);
  if (unreadable.length > 0) {
    for (const key of unreadable) params.delete(key);
    // A save already queued for this frame started from the old address: drop the keys there too.
    for (const key of unreadable) nextSearch?.delete(key);
    const search = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  }
  return state;
}

/**
 * When the browser is next idle (within 100 ms), not in the frame of the input that changed the state:
 * `replaceState` costs a round trip to the browser process, which would lengthen every slider step.
 * Safari has no requestIdleCallback.
 */
const whenIdle = (write: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(write, { timeout: 100 });
  else setTimeout(write, 50);
};

/** Writes the state into the URL, once per idle period however many changes came, keeping the #fragment. */
export function saveFigureState<S extends Schema>(schema: S, prefix: string, state: StateOf<S>): void {
  nextSearch = writeState(schema, prefix, state, nextSearch ?? new URLSearchParams(location.search));
  if (pending) return;
  pending = true;
  whenIdle(() => {
    pending = false;
    const search = (nextSearch ?? new URLSearchParams(location.search)).toString();
    nextSearch = undefined;
    const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
  });
}
