// Off the main thread: the neighbour graph of a noisy sample and shortest paths through it
// (src/lib/knn-graph.ts). For 100,000 points building the graph takes about half a second; the page
// stays responsive meanwhile. The last graph is kept for further pairs on the same sample.
import { buildKnnGraph, neighboursFor, shortestPath, type KnnGraph } from '../../lib/knn-graph.ts';

export interface GraphRequest {
  id: number;
  /** Identifies the sample (count, noise, hole, seed): same key, same graph. */
  key: string;
  positions: Float32Array;
  count: number;
  a: number;
  b: number;
}
export interface GraphReply {
  id: number;
  distance: number | null;
  path: number[] | null;
}

let cache: { key: string; graph: KnnGraph } | null = null;

self.onmessage = (event: MessageEvent<GraphRequest>) => {
  const { id, key, positions, count, a, b } = event.data;
  if (cache?.key !== key) cache = { key, graph: buildKnnGraph(positions, count, neighboursFor(count)) };
  const found = shortestPath(cache.graph, a, b);
  const reply: GraphReply = { id, distance: found?.distance ?? null, path: found?.path ?? null };
  self.postMessage(reply);
};
