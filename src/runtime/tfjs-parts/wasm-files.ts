// The wasm backend's binaries (Vite assets, served under the site's base path) and an early start on
// the one the backend will load: fetched beside tfjs-core's code instead of after it has been
// evaluated, one step fewer in a cold start's waterfall (measured: 250 ms at a 150 ms round trip).
// No tfjs here: this module is loaded before tfjs is.
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const WASM_FILES = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
};

// The module tfjs-backend-wasm validates to decide whether SIMD is there (its WASM_HAS_SIMD_SUPPORT).
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11];

function hasSimd(): boolean {
  try {
    return WebAssembly.validate(new Uint8Array(SIMD_PROBE));
  } catch {
    return false;
  }
}

let early: { url: string; response: Promise<Response> } | null = null;

/** Starts downloading the binary the backend will pick, unless a page with threads might pick another. */
export function prefetchWasm(): void {
  if (early || typeof WebAssembly !== 'object' || typeof fetch !== 'function') return;
  // Threads need a cross-origin isolated page; there the backend may choose the threaded binary.
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return;
  const url = hasSimd() ? simd : plain;
  const response = fetch(url, { credentials: 'same-origin' });
  response.catch(() => {});
  early = { url, response };
}

/**
 * Hands the early download to the backend, whose loader (Emscripten's) asks `fetch` for the binary's
 * URL: that one request is answered with the download under way, then `fetch` is the page's own again.
 * (tfjs's `usePlatformFetch` would be the tidier door, but it never settles when the download fails,
 * where this loader rejects and tfjs.ts moves on to the next backend.)
 */
export function handOverPrefetchedWasm(): void {
  if (!early) return;
  const own = globalThis.fetch;
  const handOver: typeof fetch = (input, init) => {
    if (early && typeof input === 'string' && input === early.url) {
      const { response } = early;
      early = null;
      // Unless something else has wrapped fetch since: then its wrapper stays, and passes through this one.
      if (globalThis.fetch === handOver) globalThis.fetch = own;
      return response;
    }
    return own(input, init);
  };
  globalThis.fetch = handOver;
}
