// Binds a figure's state to the page URL: read once on mount, written back (replaceState, so the
// back button is not flooded) when the reader changes something. The parsing rules live in
// src/lib/url-state.ts; this file only touches `location` and `history`.
import { readStateChecked, writeState, type Schema, type StateOf } from '../lib/url-state.ts';
import { queueAddressWrite } from './address-writes.ts';

/**
 * The figure's state from the address. A value that cannot be read (garbage, or a drawing code that
 * does not decode) is dropped from the address at once, so a copied link no longer carries it.
 */
export function loadFigureState<S extends Schema>(schema: S, prefix: string): StateOf<S> {
  const params = new URLSearchParams(location.search);
  const { state, unreadable } = readStateChecked(schema, prefix, params);
  if (unreadable.length > 0) {
    for (const key of unreadable) params.delete(key);
    const search = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  }
  return state;
}

/**
 * Writes the state into the address, keeping the #fragment and other figures' parameters, once the
 * reader has paused (src/runtime/address-writes.ts: what reads the address for the reader flushes it).
 */
export function saveFigureState<S extends Schema>(schema: S, prefix: string, state: StateOf<S>): void {
  queueAddressWrite(prefix, (params) => writeState(schema, prefix, state, params));
}
