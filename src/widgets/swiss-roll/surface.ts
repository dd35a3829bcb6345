// Where the Swiss roll is painted: a canvas for the page, drawn by the paint worker (paint-worker.ts)
// through an OffscreenCanvas, so that three.js, the WebGL context and every frame's drawing stay off the
// main thread. Where that cannot start (no OffscreenCanvas, the worker's code missing, no WebGL in
// workers) the same painter runs in the page on a fresh canvas; `where` says which.
import type { CameraPose } from './camera.ts';
import type { Painter } from './painter.ts';
import { contextAttributes, type RendererOptions } from '../../runtime/three-renderer.ts';
import { importFigureCode } from '../../runtime/figure-failure.ts';

export type PaintRequest =
  | { kind: 'init'; canvas: OffscreenCanvas; options: RendererOptions }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'data'; colors: Uint8Array; count: number }
  | { kind: 'positions'; positions: Float32Array }
  | { kind: 'draw'; pose: CameraPose; pointSize: number; frame: number }
  /** Answered once the frames drawn so far have reached the screen. */
  | { kind: 'settle'; frame: number };

export type PaintReply =
  | { kind: 'ready' }
  | { kind: 'no-webgl' }
  | { kind: 'drawn'; frame: number }
  | { kind: 'settled'; frame: number }
  | { kind: 'restored' }
  | { kind: 'error'; message: string };

export interface Surface {
  /** Not yet in the document: the scene places it. */
  canvas: HTMLCanvasElement;
  where: 'worker' | 'page';
  setSize(width: number, height: number): void;
  setData(colors: Uint8Array, count: number): void;
  setPositions(positions: Float32Array): void;
  /** Resolves once the frame is drawn (the next may follow at once). */
  draw(pose: CameraPose, pointSize: number): Promise<void>;
  /** Resolves once what was drawn is on screen (a worker's frames reach it on their own schedule). */
  settled(): Promise<void>;
  /** The WebGL context came back after a loss: everything must be drawn again. */
  onRestored(callback: () => void): void;
  /** The painter stopped working (the worker crashed or threw); the error's message is a sentence for the reader. */
  onFailure(callback: (error: Error) => void): void;
  dispose(): void;
}

/** The part of a Worker the surface uses (tests pass a stand-in). */
export interface PaintWorkerLike {
  postMessage(message: PaintRequest, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<PaintReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface SurfaceOptions {
  preserveDrawingBuffer?: boolean;
  pixelRatio?: number;
  /** Starts the paint worker; null or a throw means none can start. */
  worker?: () => PaintWorkerLike | null;
}

const startWorker = (): PaintWorkerLike =>
  new Worker(new URL('./paint-worker.ts', import.meta.url), { type: 'module' }) as unknown as PaintWorkerLike;

/** A surface to paint the roll on, or null when neither the worker nor the page has WebGL2. */
export async function openSurface(options: SurfaceOptions = {}): Promise<Surface | null> {
  const renderer: RendererOptions = {
    alpha: true,
    preserveDrawingBuffer: options.preserveDrawingBuffer,
    pixelRatio: options.pixelRatio ?? (devicePixelRatio || 1),
  };
  const offscreen = await inWorker(renderer, options.worker ?? startWorker);
  if (offscreen !== 'no-webgl' && offscreen) return offscreen;
  return inPage(renderer);
}

async function inWorker(
  options: RendererOptions,
  start: () => PaintWorkerLike | null,
): Promise<Surface | null | 'no-webgl'> {
  const canvas = document.createElement('canvas');
  if (typeof canvas.transferControlToOffscreen !== 'function') return null;
  let worker: PaintWorkerLike | null;
  try {
    worker = start();
  } catch {
    worker = null;
  }
  if (!worker) return null;
  const w = worker;
  const offscreen = canvas.transferControlToOffscreen();
  // The first answer says whether the worker could paint; a worker whose code did not load says so
  // with an error event instead.
  const first = await new Promise<PaintReply | null>((resolve) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      resolve(null);
    };
    w.postMessage({ kind: 'init', canvas: offscreen, options }, [offscreen]);
  });
  if (first?.kind !== 'ready') {
    w.terminate();
    return first?.kind === 'no-webgl' ? 'no-webgl' : null;
  }

  let restored = () => {};
  let failed: (error: Error) => void = () => {};
  let frame = 0;
  const waiting = new Map<number, () => void>();
  let disposed = false;
  /** Lets go of the worker (and its context with it) and of every caller still waiting for a frame. */
  const release = () => {
    if (disposed) return false;
    disposed = true;
    w.terminate();
    for (const done of waiting.values()) done();
    waiting.clear();
    return true;
  };
  // A worker that failed once is not trusted with the next frame.
  const fail = (error: Error) => {
    if (release()) failed(error);
  };
  const stopped = (cause: string) =>
    fail(new Error(`The 3-D view stopped drawing (${cause}). Reload the page to try again.`));
  /** Sends the request made for a new frame number; resolves when the worker answers that number. */
  const answered = (request: (id: number) => PaintRequest) =>
    new Promise<void>((resolve) => {
      const id = ++frame;
      waiting.set(id, resolve);
      w.postMessage(request(id));
    });
  w.onmessage = (e) => {
    const reply = e.data;
    if (reply.kind === 'drawn' || reply.kind === 'settled') {
      waiting.get(reply.frame)?.();
      waiting.delete(reply.frame);
    } else if (reply.kind === 'restored') restored();
    else if (reply.kind === 'error') stopped(reply.message);
  };
  w.onerror = (e) => {
    e.preventDefault();
    stopped(e.message || 'its worker failed');
  };
  return {
    canvas,
    where: 'worker',
    setSize: (width, height) => w.postMessage({ kind: 'size', width, height }),
    setData: (colors, count) => w.postMessage({ kind: 'data', colors, count }),
    // Copied, not transferred: the scene keeps its positions for picking.
    setPositions: (positions) => w.postMessage({ kind: 'positions', positions }),
    draw: (pose, pointSize) => answered((id) => ({ kind: 'draw', pose, pointSize, frame: id })),
    settled: () => answered((id) => ({ kind: 'settle', frame: id })),
    onRestored: (callback) => (restored = callback),
    onFailure: (callback) => (failed = callback),
    dispose: () => void release(),
  };
}

async function inPage(options: RendererOptions): Promise<Surface | null> {
  const canvas = document.createElement('canvas');
  // Asked before three.js is loaded: without WebGL2 there is nothing to load it for. The painter asks
  // again with the same attributes and gets this same context.
  if (!canvas.getContext('webgl2', contextAttributes(options))) return null;
  const { createPainter } = await importFigureCode(() => import('./painter.ts'), '3-D view');
  const painter: Painter | null = createPainter(canvas, options);
  if (!painter) return null;
  let restored = () => {};
  const onRestored = () => restored();
  canvas.addEventListener('webglcontextrestored', onRestored);
  return {
    canvas,
    where: 'page',
    setSize: (width, height) => painter.setSize(width, height),
    setData: (colors, count) => painter.setData(colors, count),
    setPositions: (positions) => painter.setPositions(positions),
    async draw(pose, pointSize) {
      painter.draw(pose, pointSize);
    },
    // A page canvas's frame goes out with the page's own.
    settled: async () => {},
    onRestored: (callback) => (restored = callback),
    onFailure: () => {},
    dispose() {
      canvas.removeEventListener('webglcontextrestored', onRestored);
      painter.dispose();
    },
  };
}
