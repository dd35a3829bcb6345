// Asks graph-worker.ts for shortest paths through the neighbour graph; if a worker cannot be started,
// computes on the main thread instead. One worker per figure, terminated with it.
import { buildKnnGraph, neighboursFor, shortestPath, type KnnGraph } from '../../lib/knn-graph.ts';
import type { GraphReply, GraphRequest } from './graph-worker.ts';

export interface GraphClient {
  path(
    key: string,
    positions: Float32Array,
    count: number,
    a: number,
    b: number,
  ): Promise<{ distance: number; path: number[] } | null>;
  dispose(): void;
}

export function createGraphClient(): GraphClient {
  let worker: Worker | null = null;
  let broken = false;
  let seq = 0;
  const pending = new Map<number, { resolve: (r: GraphReply) => void; reject: (e: Error) => void }>();
  let local: { key: string; graph: KnnGraph } | null = null;

  function start(): Worker | null {
    if (worker || broken) return worker;
    try {
      worker = new Worker(new URL('./graph-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      broken = true;
      return null;
    }
    worker.onmessage = (e: MessageEvent<GraphReply>) => {
      pending.get(e.data.id)?.resolve(e.data);
      pending.delete(e.data.id);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      broken = true;
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) p.reject(new Error('graph worker failed'));
      pending.clear();
    };
    return worker;
  }

  function onMainThread(key: string, positions: Float32Array, count: number, a: number, b: number) {
    if (local?.key !== key) local = { key, graph: buildKnnGraph(positions, count, neighboursFor(count)) };
    return shortestPath(local.graph, a, b);
  }

  return {
    async path(key, positions, count, a, b) {
      const w = start();
      if (w) {
        try {
          const id = ++seq;
          const reply = await new Promise<GraphReply>((resolve, reject) => {
            pending.set(id, { resolve, reject });
            w.postMessage({ id, key, positions, count, a, b } satisfies GraphRequest);
          });
          return reply.distance === null ? null : { distance: reply.distance, path: reply.path! };
        } catch {
          // fall through to the main thread
        }
      }
      return onMainThread(key, positions, count, a, b);
    },
    dispose() {
      worker?.terminate();
      worker = null;
      pending.clear();
      local = null;
    },
  };
}
