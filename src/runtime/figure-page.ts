// The real page behind a figure's FigureEnvironment (src/runtime/figure-host.ts): the address, the
// URL state, the page's model host and its window. Call it in a figure's onMount.
import type { Schema, StateOf } from '../lib/url-state.ts';
import type { FigureEnvironment } from './figure-host.ts';
import { acquireModelClient } from './model-worker/client.ts';
import { loadFigureState, saveFigureState } from './url-state.ts';

export function figurePage<S extends Schema>(
  schema: S,
  prefix: string,
): FigureEnvironment<StateOf<S>> & { load(): StateOf<S> } {
  return {
    search: location.search,
    load: () => loadFigureState(schema, prefix),
    save: (state) => saveFigureState(schema, prefix, state),
    connect: (backend) => acquireModelClient({ baseUrl: import.meta.env.BASE_URL, backend }),
    hooks: window as unknown as Record<string, unknown>,
  };
}
