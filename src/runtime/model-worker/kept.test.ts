// Values a host keeps between jobs, here the pixel-vs-feature figure's session (its network, every
// pairwise distance, the maps, the reference tensors), in Node through Comlink as in the page: made
// once, not aborted by the newer requests that wait for it, and freed, every tensor, when released.
// On the first 100 held-out digits, to keep the test short (its own file: the digits are cached per module).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expose, proxy, wrap } from 'comlink';
import { gunzipIfNeeded } from '../../lib/digits.ts';
import { ModelHost } from './host.ts';

const COUNT = 100;

async function fetchFirstDigits(url: string): Promise<Response> {
  if (url.endsWith('data/digits.json')) {
    const meta = JSON.parse(readFileSync('public/data/digits.json', 'utf8'));
    const cut = (xs: number[]) => xs.slice(0, COUNT);
    return Response.json({
      ...meta,
      count: COUNT,
      labels: cut(meta.labels),
      heldOutPositions: cut(meta.heldOutPositions),
      sourceIndices: cut(meta.sourceIndices),
    });
  }
  if (url.endsWith('data/digits.u8.gz')) {
    const raw = await gunzipIfNeeded(new Uint8Array(readFileSync('public/data/digits.u8.gz')));
    return new Response(raw.slice(0, COUNT * 784)); // not gzipped: the loader takes either
  }
  return new Response(readFileSync(`public${url}`));
}

describe('kept values', () => {
  it("prepare a figure's session once, survive newer requests, and are freed with every tensor when released", async () => {
    const { port1, port2 } = new MessageChannel();
    const local = new ModelHost(undefined, fetchFirstDigits);
    expose(local, port1 as unknown as Parameters<typeof expose>[1]);
    const host = wrap<ModelHost>(port2 as unknown as Parameters<typeof wrap>[0]);
    await host.configure({ baseUrl: '/', backend: 'cpu' });
    const stages: string[] = [];
    const prepared = host.run(
      'pf/prepare',
      'pixel-feature/prepare',
      {},
      proxy((p: unknown) => void stages.push((p as { stage: string }).stage)),
    );
    // Analyses asked for meanwhile wait for the same session; the newer supersedes the older, and the
    // session's preparation goes on.
    const request = (dx: number) => ({
      drawn: null,
      anchorIndex: 3,
      transform: { dx, dy: 0, rotate: 0, brightness: 0, contrast: 1, noise: 0, seed: 1 },
    });
    const older = host.run('pf/analyse', 'pixel-feature/analyse', request(1));
    const newer = host.run('pf/analyse', 'pixel-feature/analyse', request(2));
    await expect(older).rejects.toMatchObject({ name: 'AbortError' });
    const [p, a] = (await Promise.all([prepared, newer])) as [
      { units: number; pairs: number },
      { copyDistances: { pixel: number } },
    ];
    expect(p).toMatchObject({ units: 32, pairs: (COUNT * (COUNT - 1)) / 2 });
    expect(a.copyDistances.pixel).toBeGreaterThan(0);
    await expect.poll(() => stages.at(-1)).toBe('ready'); // progress travels on its own port
    expect(await host.numTensors()).toBeGreaterThan(0);
    await host.release('pixel-feature/');
    expect(await host.numTensors()).toBe(0); // the feature network and the reference matrices
    await local.close();
    port1.close();
    port2.close();
  });
});
