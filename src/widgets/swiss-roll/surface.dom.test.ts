// The page's side of the paint worker, with a stand-in worker: the canvas goes over once the worker
// answers, frames resolve when painted, a worker that cannot paint leaves the page to try, and a worker
// that fails later says so in a sentence and leaves no frame waiting. (happy-dom has no WebGL, so the
// page's own attempt finds none.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSurface, type PaintReply, type PaintRequest, type PaintWorkerLike } from './surface.ts';

const pose = { eye: [0, 0, 50], target: [0, 0, 0], near: 1, far: 100, fov: 35, aspect: 1.5 } as const;

/** Answers like the paint worker (`first` for init), on a later task, unless told to hold its replies. */
function fakeWorker(first: PaintReply['kind'] | 'load-error') {
  const seen: { message: PaintRequest; transfer?: Transferable[] }[] = [];
  const worker: PaintWorkerLike & { seen: typeof seen; terminated: boolean; hold: boolean; fail(m: string): void } = {
    seen,
    terminated: false,
    hold: false,
    onmessage: null,
    onerror: null,
    postMessage(message, transfer) {
      seen.push({ message, transfer });
      const send = (data: PaintReply) => setTimeout(() => worker.onmessage?.({ data } as MessageEvent<PaintReply>), 0);
      if (message.kind === 'init') {
        if (first === 'load-error') setTimeout(() => worker.fail('Failed to fetch paint-worker.js'), 0);
        else send({ kind: first } as PaintReply);
      } else if (worker.hold) return;
      else if (message.kind === 'draw') send({ kind: 'drawn', frame: message.frame });
      else if (message.kind === 'settle') send({ kind: 'settled', frame: message.frame });
    },
    terminate() {
      worker.terminated = true;
    },
    fail(message) {
      worker.onerror?.({ message, preventDefault() {} } as ErrorEvent);
    },
  };
  return worker;
}

const proto = HTMLCanvasElement.prototype as unknown as { transferControlToOffscreen?: () => unknown };
beforeEach(() => {
  proto.transferControlToOffscreen = () => ({ offscreen: true });
});
afterEach(() => {
  delete proto.transferControlToOffscreen;
});

describe('the paint surface', () => {
  it('hands its canvas to a worker that can paint, and resolves each frame once painted', async () => {
    const worker = fakeWorker('ready');
    const surface = await openSurface({ worker: () => worker, pixelRatio: 2 });
    expect(surface?.where).toBe('worker');
    const init = worker.seen[0]!;
    expect(init.message).toMatchObject({ kind: 'init', options: { pixelRatio: 2, alpha: true } });
    expect(init.transfer).toHaveLength(1);
    const positions = new Float32Array([1, 2, 3]);
    surface!.setData(new Uint8Array([255, 0, 0]), 1);
    surface!.setPositions(positions);
    // Copied, not transferred: the scene picks with its own array.
    expect(worker.seen.at(-1)).toEqual({ message: { kind: 'positions', positions }, transfer: undefined });
    await surface!.draw({ ...pose, eye: [...pose.eye], target: [...pose.target] }, 3);
    await surface!.settled();
    expect(worker.seen.map((s) => s.message.kind)).toEqual(['init', 'data', 'positions', 'draw', 'settle']);
    surface!.dispose();
    expect(worker.terminated).toBe(true);
  });

  it.each(['no-webgl', 'load-error'] as const)('lets the page try when the worker answers %s', async (first) => {
    const worker = fakeWorker(first);
    // The page has no WebGL here either, so there is no surface at all.
    await expect(openSurface({ worker: () => worker })).resolves.toBeNull();
    expect(worker.terminated).toBe(true);
  });

  it('says in a sentence when the worker fails after it started, and leaves no frame waiting', async () => {
    const worker = fakeWorker('ready');
    const surface = (await openSurface({ worker: () => worker }))!;
    const failures: string[] = [];
    surface.onFailure((error) => failures.push(error.message));
    worker.hold = true;
    const frame = surface.draw({ ...pose, eye: [...pose.eye], target: [...pose.target] }, 3);
    worker.fail('out of memory');
    await frame;
    expect(failures).toEqual(['The 3-D view stopped drawing (out of memory). Reload the page to try again.']);
    expect(worker.terminated).toBe(true);
    surface.dispose();
  });

  it('starts no worker without OffscreenCanvas; with neither a worker nor WebGL in the page, has no surface', async () => {
    await expect(openSurface({ worker: () => null })).resolves.toBeNull();
    delete proto.transferControlToOffscreen;
    let started = false;
    await openSurface({
      worker: () => {
        started = true;
        return null;
      },
    });
    expect(started).toBe(false); // no OffscreenCanvas: not even tried
  });
});
