// Loading the sample digits in a page, with fetch stood in for: every failure names the file and says
// what went wrong with it, and a failed load is retried on the next call.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const meta = readFileSync('public/data/digits.json', 'utf8');
const data = readFileSync('public/data/digits.u8.gz');

/** Serves the two files, or what `override` says for one of them. */
function serve(override: Record<string, () => Response> = {}) {
  const fetch = vi.fn(async (url: string) => {
    const name = url.split('/').at(-1) ?? '';
    if (override[name]) return override[name]();
    if (name === 'digits.json') return new Response(meta);
    if (name === 'digits.u8.gz') return new Response(data);
    return new Response('', { status: 404 });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

// A fresh module per test: the cache of a successful load would otherwise carry over.
const load = async () => (await import('./digits.ts')).loadDigits();
beforeEach(() => vi.resetModules());
afterEach(() => vi.unstubAllGlobals());

describe('loadDigits', () => {
  it('loads and decodes the shipped digits', async () => {
    serve();
    const set = await load();
    expect(set.count).toBeGreaterThan(500);
    expect(set.pixels.length).toBe(set.count * 28 * 28);
  });

  it('says the gunzip failed and names the file when the download is corrupt', async () => {
    const corrupt = Uint8Array.from(data);
    corrupt.fill(0, 20, 400);
    serve({ 'digits.u8.gz': () => new Response(corrupt) });
    await expect(load()).rejects.toThrow(/\/data\/digits\.u8\.gz: downloaded \(\d+ bytes\) but gunzip failed/);
  });

  it('names the file for a missing file and for JSON cut short', async () => {
    serve({ 'digits.u8.gz': () => new Response('', { status: 404 }) });
    await expect(load()).rejects.toThrow(/\/data\/digits\.u8\.gz: HTTP 404/);
    vi.resetModules();
    serve({ 'digits.json': () => new Response(meta.slice(0, 100)) });
    await expect(load()).rejects.toThrow(/\/data\/digits\.json: not valid JSON/);
  });

  it('forgets a failed load, so the next call fetches again', async () => {
    const fetch = serve({ 'digits.json': () => new Response('', { status: 500 }) });
    const { loadDigits } = await import('./digits.ts');
    await expect(loadDigits()).rejects.toThrow(/HTTP 500/);
    serve();
    await expect(loadDigits()).resolves.toMatchObject({ width: 28, height: 28 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
