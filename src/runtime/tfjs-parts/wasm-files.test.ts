// The wasm binary's early download: started once, for the binary the backend will pick, handed to the
// backend's loader for that one request, after which `fetch` is the page's own again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const own = globalThis.fetch;
let requested: string[];

beforeEach(() => {
  vi.resetModules();
  requested = [];
  globalThis.fetch = vi.fn(async (input: RequestInfo | URL) => {
    requested.push(String(input));
    return new Response('binary');
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = own;
  vi.unstubAllGlobals();
});

describe('the wasm binary ahead of tfjs', () => {
  it('is fetched once: the loader’s request gets the download under way, later ones go out', async () => {
    const { prefetchWasm, handOverPrefetchedWasm, WASM_FILES } = await import('./wasm-files.ts');
    const pageFetch = globalThis.fetch;
    prefetchWasm();
    prefetchWasm();
    // Node's WebAssembly has SIMD, as every browser the site supports does.
    expect(requested).toEqual([WASM_FILES['tfjs-backend-wasm-simd.wasm']]);
    handOverPrefetchedWasm();
    const first = await fetch(WASM_FILES['tfjs-backend-wasm-simd.wasm']);
    await expect(first.text()).resolves.toBe('binary');
    expect(requested).toHaveLength(1);
    expect(globalThis.fetch).toBe(pageFetch);
    await fetch(WASM_FILES['tfjs-backend-wasm-simd.wasm']);
    expect(requested).toHaveLength(2);
  });

  it('lets other requests through while it waits for the loader', async () => {
    const { prefetchWasm, handOverPrefetchedWasm } = await import('./wasm-files.ts');
    prefetchWasm();
    handOverPrefetchedWasm();
    await fetch('/models/cnn/model.json');
    expect(requested.slice(1)).toEqual(['/models/cnn/model.json']);
  });

  it('starts nothing on a cross-origin isolated page, where the backend may pick the threaded binary', async () => {
    vi.stubGlobal('crossOriginIsolated', true);
    const { prefetchWasm, handOverPrefetchedWasm } = await import('./wasm-files.ts');
    const pageFetch = globalThis.fetch;
    prefetchWasm();
    handOverPrefetchedWasm();
    expect(requested).toEqual([]);
    expect(globalThis.fetch).toBe(pageFetch);
  });
});
