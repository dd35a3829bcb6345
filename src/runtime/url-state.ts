// Binds a figure's state to the page URL: read once on mount, written back (replaceState, so the
// back button is not flooded) when the reader changes something. The parsing rules live in
// src/lib/url-state.ts; this file only touches `location` and `history`.
import { readState, writeState, type Schema, type StateOf } from '../lib/url-state.ts';

export function loadFigureState<S extends Schema>(schema: S, prefix: string): StateOf<S> {
  return readState(schema, prefix, new URLSearchParams(location.search));
}

let pending: number | undefined;
let nextSearch: URLSearchParams | undefined;

/** Writes the state into the URL, at most once per animation frame, keeping the #fragment. */
export function saveFigureState<S extends Schema>(schema: S, prefix: string, state: StateOf<S>): void {
  nextSearch = writeState(schema, prefix, state, nextSearch ?? new URLSearchParams(location.search));
  pending ??= requestAnimationFrame(() => {
    pending = undefined;
    const search = nextSearch!.toString();
    nextSearch = undefined;
    const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
  });
}
