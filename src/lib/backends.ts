/**
 * The TensorFlow.js backends the site can run on, and how a link names one (`?<prefix>.backend=cpu`).
 * Apart from src/runtime/tfjs.ts, which loads them, so that a figure can read a link without
 * bundling any loader.
 */
export const BACKEND_NAMES = ['wasm', 'cpu', 'webgl'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A backend asked for in a link, or null for the default order. */
export const asBackendName = (value: string | null): BackendName | null =>
  (BACKEND_NAMES as readonly (string | null)[]).includes(value) ? (value as BackendName) : null;

/**
 * The order tried when the reader asks for nothing: fastest first, as measured for the book's tiny
 * models (scripts/bench/attack-lab.ts). webgl pays ~1.5 s of shader compilation and is slower warm
 * too, so it only runs when asked for.
 */
export const BACKEND_ORDER: readonly BackendName[] = ['wasm', 'cpu'];
