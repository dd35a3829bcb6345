// The Swiss roll figure's connections to a real page: the address bar, the worker, three.js (loaded
// only now, with a clear message if its code does not arrive), animation frames and timers.
import { importFigureCode } from '../../runtime/figure-failure.ts';
import { loadFigureState, saveFigureState } from '../../runtime/url-state.ts';
import { createRollClient } from './roll-client.ts';
import type { RollDeps } from './roll.svelte.ts';
import { PREFIX } from './state.ts';

export function pageDeps(stage: () => HTMLElement, describedBy: string): RollDeps {
  return {
    load: (schema) => loadFigureState(schema, PREFIX),
    save: (schema, state) => saveFigureState(schema, PREFIX, state),
    client: () => createRollClient(),
    async createScene(callbacks, initial) {
      const { createRollScene } = await importFigureCode(() => import('./scene.ts'), '3-D view');
      // Tests that read pixels back ask for a drawing buffer that survives the frame.
      const preserveDrawingBuffer = new URLSearchParams(location.search).has(`${PREFIX}.test`);
      return createRollScene(stage(), callbacks, initial, { preserveDrawingBuffer, describedBy });
    },
    frame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    later(callback, ms) {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
  };
}
