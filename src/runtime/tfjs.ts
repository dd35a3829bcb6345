// The one place that loads TensorFlow.js, after a figure has mounted, never at page load. Only the
// parts in use are imported: tfjs-core, its gradients (the attacks differentiate through the model)
// and one backend. The models run on tfjs-core ops (src/lib/sequential.ts), so tfjs-layers is not
// needed in the browser (about 60 KB of gzipped JavaScript saved). Measured in headless Chromium for the book's tiny models (see
// scripts/bench/attack-lab.ts): wasm is the fastest, then cpu; webgl pays ~1.5 s of shader compilation
// and is slower warm too, so it is only loaded when asked for (`?<prefix>.backend=webgl`).
// The wasm binaries are Vite assets, served from the site itself under its base path: no CDN.
// Each backend's module (src/runtime/tfjs-parts) evaluates tfjs-core first, whatever the download order.
import type * as TfCore from '@tensorflow/tfjs-core';

import { BACKEND_ORDER, type BackendName } from '../lib/backends.ts';
import { prefetchWasm } from './tfjs-parts/wasm-files.ts';

export { BACKEND_NAMES, BACKEND_ORDER, asBackendName, type BackendName } from '../lib/backends.ts';

export interface Tf {
  tf: typeof TfCore;
  /** The backend actually running. */
  backend: BackendName;
  /** Why a preferred backend was skipped, if one was (shown to the reader). */
  fallbackReason: string | null;
}

/** Loads a backend's code (with tfjs-core ahead of it: src/runtime/tfjs-parts), which registers it. */
async function registerBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') await import('./tfjs-parts/wasm.ts');
  else if (name === 'cpu') await import('./tfjs-parts/cpu.ts');
  else await import('./tfjs-parts/webgl.ts');
}

let loading: Promise<Tf> | null = null;

/**
 * Loads tfjs once per page (every figure shares it) and switches to the first backend of `order`
 * that initialises. Throws only when none does.
 */
export function loadTf(preferred?: BackendName | null): Promise<Tf> {
  loading ??= (async () => {
    const order = preferred ? [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)] : [...BACKEND_ORDER];
    // The first backend's code downloads with tfjs-core, not after it (one round trip fewer), and so
    // does the wasm binary.
    if (order[0] === 'wasm') prefetchWasm();
    const firstBackend = registerBackend(order[0]!);
    firstBackend.catch(() => {});
    const [tf] = await Promise.all([import('@tensorflow/tfjs-core'), import('./tfjs-parts/gradients.ts')]);
    const problems: string[] = [];
    for (const name of order) {
      try {
        await (name === order[0] ? firstBackend : registerBackend(name));
        if (await tf.setBackend(name)) {
          await tf.ready();
          return { tf, backend: name, fallbackReason: problems.length ? problems.join('; ') : null };
        }
        problems.push(`${name} did not initialise`);
      } catch (e) {
        problems.push(`${name}: ${(e as Error).message}`);
      }
    }
    throw new Error(`no TensorFlow.js backend could start (${problems.join('; ')})`);
  })();
  loading.catch(() => (loading = null));
  return loading;
}
