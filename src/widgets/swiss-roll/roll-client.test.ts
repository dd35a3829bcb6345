// The Swiss roll worker's client, with a stand-in worker that answers from the same jobs a step later:
// requests are coalesced, a closed client rejects what was pending, and a broken worker falls back
// to the page.
import { describe, expect, it } from 'vitest';
import { ClientClosedError, createRollClient, type WorkerLike } from './roll-client.ts';
import { answer, createRollJobs, type RollReply, type RollRequest } from './roll-jobs.ts';

const params = (count: number, noise = 0) => ({ count, noise, hole: false, seed: 7 });

/** Answers each message on a later task, or never (`hold`), and records what it was asked. */
function fakeWorker(options: { hold?: boolean } = {}) {
  const jobs = createRollJobs();
  const seen: RollRequest[] = [];
  const worker: WorkerLike & { seen: RollRequest[]; fail(): void; terminated: boolean } = {
    seen,
    terminated: false,
    onmessage: null,
    onerror: null,
    postMessage(request) {
      seen.push(request);
      if (options.hold) return;
      setTimeout(() => worker.onmessage?.({ data: answer(jobs, request).reply } as MessageEvent<RollReply>), 0);
    },
    terminate() {
      worker.terminated = true;
    },
    fail() {
      worker.onerror?.({ preventDefault() {} } as ErrorEvent);
    },
  };
  return worker;
}

describe('the roll client', () => {
  it('builds a sample in the worker and measures paths on it', async () => {
    const worker = fakeWorker();
    const client = createRollClient(() => worker);
    const sample = await client.roll(params(800, 0.2));
    expect(sample?.data.count).toBe(800);
    expect(sample?.data.colors.length).toBe(2400);
    const found = await client.path(params(800, 0.2), 1, 2);
    expect(found?.path[0]).toBe(1);
    expect(found?.path.at(-1)).toBe(2);
    expect(client.inPage).toBe(false);
    client.dispose();
  });

  it('coalesces: while one sample is built, only the newest request waits, the others resolve to null', async () => {
    const worker = fakeWorker();
    const client = createRollClient(() => worker);
    const results = await Promise.all([300, 400, 500, 600].map((n) => client.roll(params(n))));
    expect(results.map((r) => r?.data.count ?? null)).toEqual([300, null, null, 600]);
    expect(worker.seen.filter((r) => r.kind === 'roll').map((r) => r.params.count)).toEqual([300, 600]);
    client.dispose();
  });

  it('rejects pending and later requests once disposed, so no caller waits forever', async () => {
    const worker = fakeWorker({ hold: true });
    const client = createRollClient(() => worker);
    const building = client.roll(params(300));
    const queued = client.roll(params(400));
    const path = client.path(params(300), 0, 1);
    client.dispose();
    await expect(building).rejects.toBeInstanceOf(ClientClosedError);
    await expect(queued).rejects.toBeInstanceOf(ClientClosedError);
    await expect(path).rejects.toBeInstanceOf(ClientClosedError);
    await expect(client.roll(params(300))).rejects.toBeInstanceOf(ClientClosedError);
    expect(worker.terminated).toBe(true);
  });

  it('runs in the page when no worker can start, and says so', async () => {
    const client = createRollClient(() => {
      throw new Error('no workers here');
    });
    expect((await client.roll(params(300)))?.data.count).toBe(300);
    expect(client.inPage).toBe(true);
    client.dispose();
  });

  it('answers in the page what a failed worker left unanswered', async () => {
    const worker = fakeWorker({ hold: true });
    const client = createRollClient(() => worker);
    const pending = client.roll(params(300));
    worker.fail();
    expect((await pending)?.data.count).toBe(300);
    expect(client.inPage).toBe(true);
    expect(worker.terminated).toBe(true);
    client.dispose();
  });

  it('reports a job that failed in the worker as a rejection, not a hang', async () => {
    const worker = fakeWorker({ hold: true });
    worker.postMessage = (request) =>
      setTimeout(
        () =>
          worker.onmessage?.({
            data: { id: request.id, kind: 'error', message: 'out of memory' },
          } as MessageEvent<RollReply>),
        0,
      );
    const client = createRollClient(() => worker);
    await expect(client.path(params(300), 0, 1)).rejects.toThrow('out of memory');
    await expect(client.roll(params(300))).rejects.toThrow('out of memory');
    // The queue is free again after a failure.
    await expect(client.roll(params(400))).rejects.toThrow('out of memory');
    client.dispose();
  });
});

describe('answer', () => {
  it('hands out copies, so transferring them leaves the worker its sample', () => {
    const jobs = createRollJobs();
    const { reply, transfer } = answer(jobs, { id: 1, kind: 'roll', params: params(300) });
    expect(reply.kind).toBe('roll');
    expect(transfer).toHaveLength(5);
    const again = jobs.roll(params(300)).data;
    if (reply.kind !== 'roll') throw new Error('expected a sample');
    expect(reply.sample.data.positions).not.toBe(again.positions);
    expect(Array.from(reply.sample.data.positions)).toEqual(Array.from(again.positions));
  });
});
