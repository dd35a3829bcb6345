// The model worker's protocol, in Node: the host exposed through Comlink on one end of a
// MessageChannel and called from the other, as the page calls the worker. What a figure relies on:
// the newest request on a channel wins, a cancel stops a job within one chunk, errors arrive with
// their message (a broken file is named), typed arrays are transferred (not copied) except the
// host's own, and no tensor is left behind.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expose, proxy, wrap, type Remote } from 'comlink';
import type { JobContext } from '../../lib/jobs.ts';
import { JOBS, modelsNamed } from './jobs.ts';
import { ModelHost, SLICE_MS } from './host.ts';
import { acquireModelClient, deathWatch } from './client.ts';

/** Serves public/ as the site root; `broken` answers 404 for paths ending so. */
function fetchFromDisk(broken: string[] = []) {
  return async (url: string) => {
    if (broken.some((b) => url.endsWith(b))) return new Response('not found', { status: 404 });
    try {
      return new Response(readFileSync(join('public', url)));
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** Outputs the test keeps a hold of on the host's side, to see whether they were transferred. */
const heldByHost: { fresh?: Float32Array; digitRow?: Float32Array } = {};

const TEST_JOBS = {
  ...JOBS,
  'test/chunks': async () => async (ctx: JobContext<number>, input: { chunks: number; ms: number }) => {
    for (let i = 0; i < input.chunks; i++) {
      busy(input.ms);
      ctx.progress(i + 1);
      await ctx.checkpoint();
    }
    return input.chunks;
  },
  'test/fail': async () => async () => {
    throw new Error('models/x/weights.bin: truncated: 10 bytes, expected 40');
  },
  'test/arrays': async () => async (ctx: JobContext) => {
    const digits = await ctx.digits();
    heldByHost.fresh = new Float32Array([1, 2, 3]);
    heldByHost.digitRow = digits.pixels.subarray(0, 784);
    return { fresh: heldByHost.fresh, digitRow: heldByHost.digitRow };
  },
};

function connect(broken: string[] = []): { api: Remote<ModelHost>; close: () => Promise<void> } {
  const { port1, port2 } = new MessageChannel();
  const host = new ModelHost(TEST_JOBS, fetchFromDisk(broken));
  expose(host, port1 as unknown as Parameters<typeof expose>[1]);
  const api = wrap<ModelHost>(port2 as unknown as Parameters<typeof wrap>[0]);
  void api.configure({ baseUrl: '/', backend: 'cpu' });
  return {
    api,
    close: async () => {
      await host.close();
      port1.close();
      port2.close();
    },
  };
}

const { api, close } = connect();
afterAll(close);

describe('model worker protocol', () => {
  it('runs a job and reports its progress across the boundary', async () => {
    const seen: number[] = [];
    const out = await api.run(
      'a',
      'test/chunks',
      { chunks: 3, ms: 1 },
      proxy((p: unknown) => void seen.push(p as number)),
    );
    expect(out).toBe(3);
    await expect.poll(() => seen).toEqual([1, 2, 3]);
  });

  it('lets the newest request on a channel win, and leaves other channels alone', async () => {
    const older = api.run('lab', 'test/chunks', { chunks: 50, ms: SLICE_MS });
    const other = api.run('other', 'test/chunks', { chunks: 2, ms: 1 });
    const newer = api.run('lab', 'test/chunks', { chunks: 1, ms: 1 });
    await expect(older).rejects.toMatchObject({ name: 'AbortError', message: 'superseded' });
    await expect(newer).resolves.toBe(1);
    await expect(other).resolves.toBe(2);
  });

  it('stops a cancelled job within one chunk', async () => {
    const progress: number[] = [];
    const chunks = 200;
    let cancelledAt = 0;
    const running = api.run(
      'c',
      'test/chunks',
      { chunks, ms: 2 },
      proxy((p: unknown) => {
        progress.push(p as number);
        // Host and caller share this thread here, so the cancel is sent from the progress report.
        if (progress.length === 3) {
          cancelledAt = p as number;
          void api.cancel('c');
        }
      }),
    );
    await expect(running).rejects.toMatchObject({ name: 'AbortError', message: 'cancelled' });
    // The chunks of the slice under way when the cancel arrived may finish; the job stops there.
    const chunksPerSlice = Math.ceil(SLICE_MS / 2);
    expect(cancelledAt).toBeGreaterThan(0);
    expect(Math.max(...progress) - cancelledAt).toBeLessThanOrEqual(2 * chunksPerSlice + 1);
  });

  it("carries a job's error message across, and names a file that could not be loaded", async () => {
    await expect(api.run('e', 'test/fail', {})).rejects.toThrow(/^models\/x\/weights\.bin: truncated/);
    const broken = connect(['linear/weights.bin']);
    const attack = {
      model: 'linear',
      digit: 0,
      attack: 'fgsm',
      eps: 0.1,
      k: 1,
      alpha: 0.1,
      target: 0,
      randomStart: false,
    };
    await expect(broken.api.run('e', 'attack-lab/attack', attack)).rejects.toMatchObject({
      name: 'LoadError',
      message: 'the linear model could not be loaded: /models/linear/weights.bin: HTTP 404',
    });
    await expect(broken.api.run('e', 'no/such-job', {})).rejects.toThrow('no job called no/such-job');
    await broken.close();
  });

  it("transfers fresh typed arrays, and copies views of the host's own data", async () => {
    const out = (await api.run('t', 'test/arrays', {})) as { fresh: Float32Array; digitRow: Float32Array };
    expect(Array.from(out.fresh)).toEqual([1, 2, 3]);
    expect(heldByHost.fresh!.byteLength).toBe(0); // detached: it moved to the caller
    expect(out.digitRow).toHaveLength(784);
    expect(heldByHost.digitRow!.byteLength).toBe(784 * 4); // the host's digits are intact
    const digits = await api.digits();
    expect(digits.count).toBe(digits.labels.length);
    expect(digits.pixels.subarray(0, 784)).toEqual(out.digitRow);
  });

  it('leaves no tensor behind over 20 attacks, counted across the boundary', async () => {
    const attack = (model: string, i: number) =>
      api.run('n', 'attack-lab/attack', {
        model,
        digit: i,
        attack: (['fgsm', 'fgsm-targeted', 'pgd'] as const)[i % 3]!,
        eps: 0.1,
        k: 3,
        alpha: 0.05,
        target: 3,
        randomStart: true,
      });
    await attack('linear', 0);
    await attack('cnn', 0);
    const before = await api.numTensors();
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) await attack(i % 2 ? 'cnn' : 'linear', i);
    expect(await api.numTensors()).toBe(before);
    expect(await api.backend()).toEqual({ backend: 'cpu', fallbackReason: null });
  });
});

describe('loading ahead', () => {
  it('fetches the model a request names while the job’s code is still loading', async () => {
    const fetched: string[] = [];
    const disk = fetchFromDisk();
    let codeArrives: () => void = () => {};
    const codeLoaded = new Promise<void>((resolve) => (codeArrives = resolve));
    const host = new ModelHost(
      {
        'attack-lab/attack': async () => {
          await codeLoaded;
          return async (ctx: JobContext, input: { model: string }) => (await ctx.model(input.model)).name;
        },
      },
      (url) => {
        fetched.push(url);
        return disk(url);
      },
    );
    host.configure({ baseUrl: '/', backend: 'cpu' });
    const run = host.run('ahead/attack', 'attack-lab/attack', { model: 'linear' });
    // tfjs loads in this same thread meanwhile: a second or more on a busy machine.
    await expect.poll(() => fetched.filter((u) => u.startsWith('/models/linear/')).length, { timeout: 10_000 }).toBe(3);
    codeArrives();
    await expect(run).resolves.toBe('linear');
    // Fetched once: the job's own request was answered by the files already on their way.
    expect(fetched.filter((u) => u.startsWith('/models/linear/'))).toHaveLength(3);
    await host.close();
  });

  it('reads the model names of the jobs that name one, and nothing from other input', () => {
    expect(modelsNamed('attack-lab/attack', { model: 'cnn', digit: 3 })).toEqual(['cnn']);
    expect(modelsNamed('geo/grid', { seed: 1, model: 'cnn-robust' })).toEqual(['cnn-robust']);
    expect(modelsNamed('geo/noise-batch', { seed: 1, batch: 0, models: ['linear', 'cnn'] })).toEqual(['linear', 'cnn']);
    // The eval panel also needs the model its transfer attacks are made on.
    expect(modelsNamed('eval-panel/evaluate', { model: 'cnn-robust', count: 100 })).toEqual(['cnn-robust', 'cnn']);
    expect(modelsNamed('pixel-feature/prepare', {})).toEqual([]);
    expect(modelsNamed('attack-lab/attack', null)).toEqual([]);
    expect(modelsNamed('no/such-job', { model: 'cnn' })).toEqual([]);
  });
});

describe('model client', () => {
  it('falls back to the main thread when no worker starts, and says why', async () => {
    const client = acquireModelClient({
      baseUrl: '/',
      backend: 'cpu',
      startWorker: () => {
        throw new Error('blocked by the test');
      },
    });
    const where = await client.where();
    expect(where.mode).toBe('main-thread');
    expect(where.note).toMatch(/main thread: the model worker could not start \(blocked by the test\)/);
    client.close();
  });

  it('shares one host between figures, and rejects calls in flight when a figure closes', async () => {
    const { port1, port2 } = new MessageChannel();
    let started = 0;
    let terminated = 0;
    const host = new ModelHost(TEST_JOBS, fetchFromDisk());
    expose(host, port1 as unknown as Parameters<typeof expose>[1]);
    const fakeWorker = () => {
      started++;
      return Object.assign(port2, { terminate: () => void terminated++ }) as unknown as Worker;
    };
    const a = acquireModelClient({ baseUrl: '/', backend: 'cpu', startWorker: fakeWorker });
    const b = acquireModelClient({ baseUrl: '/', backend: 'cpu', startWorker: fakeWorker });
    expect((await a.where()).mode).toBe('worker');
    const long = b.channel('b/x').run('attack-lab/curve', {
      model: 'linear',
      attack: 'fgsm',
      epsilons: [0, 0.1],
      count: 800,
      steps: 1,
    });
    b.close();
    await expect(long).rejects.toMatchObject({ name: 'AbortError' });
    await expect(b.digits()).rejects.toMatchObject({ name: 'AbortError' });
    expect(terminated).toBe(0); // a still uses it
    await expect(a.channel('a/x').run('test/chunks' as never, { chunks: 1, ms: 0 } as never)).resolves.toBe(1);
    a.close();
    await expect.poll(() => terminated).toBe(1);
    expect(started).toBe(1);
    await host.close();
    port1.close();
  });

  it('keeps no answer once it has arrived, for as long as the worker lives', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { port1, port2 } = new MessageChannel();
    const host = new ModelHost(TEST_JOBS, fetchFromDisk());
    expose(host, port1 as unknown as Parameters<typeof expose>[1]);
    const client = acquireModelClient({
      baseUrl: '/',
      backend: 'cpu',
      startWorker: () => Object.assign(port2, { terminate: () => {} }) as unknown as Worker,
    });
    const answers: WeakRef<object>[] = [];
    for (let i = 0; i < 20; i++)
      answers.push(new WeakRef((await client.channel('leak/x').run('test/arrays' as never, {} as never)) as object));
    // A WeakRef holds its target until the current job ends: collect in the next task.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    // Raced against the worker's death (a promise that never settles while it lives), all 20 stayed.
    expect(answers.filter((a) => a.deref()).length).toBe(0);
    client.close();
    await host.close();
    port1.close();
  });
});

/**
 * A host on one end of a MessageChannel, the fake worker for a client on the other, the client's frames
 * given by hand, and `onRun` told of every run the host is asked for (it may wrap the progress callback).
 */
function hostWithFrames(
  onRun: (
    input: unknown,
    onProgress?: (p: unknown) => unknown,
  ) => {
    onProgress?: (p: unknown) => unknown;
    settled?: () => void;
  },
) {
  const { port1, port2 } = new MessageChannel();
  const host = new ModelHost(TEST_JOBS, fetchFromDisk());
  const run = host.run.bind(host);
  host.run = (channel, job, input, onProgress) => {
    const seen = onRun(input, onProgress);
    return run(channel, job, input, seen.onProgress ?? onProgress).finally(() => seen.settled?.());
  };
  expose(host, port1 as unknown as Parameters<typeof expose>[1]);
  const frames: (() => void)[] = [];
  const options = {
    baseUrl: '/',
    backend: 'cpu' as const,
    startWorker: () => Object.assign(port2, { terminate: () => {} }) as unknown as Worker,
    afterFrame: () => new Promise<void>((resolve) => frames.push(resolve)),
  };
  return {
    frames,
    options,
    close: async () => {
      await host.close();
      port1.close();
    },
  };
}

describe('a run that supersedes one still working', () => {
  it('stops the older at once and starts after the next frame; a run on an idle channel starts at once', async () => {
    // What the host saw: each run as it starts and as it ends, and how far the older got.
    const seen: string[] = [];
    let olderChunks = 0;
    const {
      frames,
      options,
      close: closeHost,
    } = hostWithFrames((input, onProgress) => {
      const which = (input as { chunks: number }).chunks === 500 ? 'older' : 'newer';
      seen.push(`${which} starts`);
      return {
        onProgress: (p) => {
          if (which === 'older') olderChunks = p as number;
          return onProgress?.(p);
        },
        settled: () => seen.push(`${which} ends`),
      };
    });
    const client = acquireModelClient(options);
    try {
      const channel = client.channel('keys/x');
      const progress: number[] = [];
      const older = channel.run(
        'test/chunks' as never,
        { chunks: 500, ms: 2 } as never,
        ((p: number) => void progress.push(p)) as never,
      );
      await expect.poll(() => progress.length).toBeGreaterThan(0);
      const newer = channel.run('test/chunks' as never, { chunks: 1, ms: 0 } as never);
      await expect(older).rejects.toMatchObject({ name: 'AbortError' });
      // The host stopped the older (the cancel) with no frame given yet, and had not started the newer.
      await expect.poll(() => seen).toEqual(['older starts', 'older ends']);
      expect(olderChunks).toBeLessThan(500);
      expect(frames).toHaveLength(1);
      frames.shift()?.();
      await expect(newer).resolves.toBe(1);
      expect(seen).toEqual(['older starts', 'older ends', 'newer starts', 'newer ends']);
      // Nothing was running on this channel: no frame is waited for.
      await expect(client.channel('idle/x').run('test/chunks' as never, { chunks: 2, ms: 0 } as never)).resolves.toBe(
        2,
      );
      expect(frames).toHaveLength(0);
    } finally {
      client.close();
      await closeHost();
    }
  });

  it('does not start once its figure has closed while it waited for the frame', async () => {
    const started: unknown[] = [];
    const {
      frames,
      options,
      close: closeHost,
    } = hostWithFrames((input) => {
      started.push(input);
      return {};
    });
    const client = acquireModelClient(options);
    // Another figure on the page keeps the worker running.
    const other = acquireModelClient(options);
    try {
      const channel = client.channel('gone/x');
      const older = channel.run('test/chunks' as never, { chunks: 500, ms: 2 } as never);
      await expect.poll(() => started).toHaveLength(1);
      const newer = channel.run('test/chunks' as never, { chunks: 1, ms: 0 } as never);
      await expect.poll(() => frames).toHaveLength(1);
      client.close();
      await expect(newer).rejects.toMatchObject({ name: 'AbortError' });
      await expect(older).rejects.toMatchObject({ name: 'AbortError' });
      frames.shift()?.();
      // A task later: the waiting run has looked again and given up.
      await new Promise((r) => setTimeout(r, 0));
      expect(started).toHaveLength(1);
    } finally {
      other.close();
      await closeHost();
    }
  });
});

describe('deathWatch', () => {
  it('lets go of each call once it settles', async () => {
    const death = deathWatch();
    await Promise.all([death.guard(Promise.resolve(1)), death.guard(Promise.reject(new Error('x'))).catch(() => {})]);
    expect(death.pending).toBe(0);
  });
  it('fails the calls in flight when the worker dies, and every later call at once', async () => {
    const death = deathWatch();
    const inFlight = death.guard(new Promise(() => {}));
    expect(death.pending).toBe(1);
    death.fail(new Error('the model worker stopped'));
    await expect(inFlight).rejects.toThrow('the model worker stopped');
    await expect(death.guard(Promise.resolve(2))).rejects.toThrow('the model worker stopped');
    expect(death.pending).toBe(0);
  });
});
