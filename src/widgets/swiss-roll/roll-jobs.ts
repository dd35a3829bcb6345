// The Swiss roll's heavy work, as plain functions of plain data: building a sample (100,000 points with
// noise and colours take 50-150 ms) and measuring a path through its neighbour graph (about half a
// second to build the graph at 100,000 points). The worker runs them off the main thread; where no
// worker can start, the client runs the very same functions in the page.
import { buildKnnGraph, neighboursFor, shortestPath, type KnnGraph } from '../../lib/knn-graph.ts';
import { makeSwissRoll } from '../../lib/swiss-roll.ts';
import { rollData, type RollData } from './geometry.ts';

/** What identifies a sample: the same parameters always give the same points. */
export interface RollParams {
  count: number;
  noise: number;
  hole: boolean;
  seed: number;
}

export interface Sample {
  params: RollParams;
  data: RollData;
}

export interface PathFound {
  distance: number;
  /** Indices of the sample points along the path, from a to b. */
  path: number[];
}

export const rollKey = (p: RollParams) => `${p.count}|${p.noise}|${p.hole ? 1 : 0}|${p.seed}`;

/** Builds samples and paths, keeping the last sample and its graph for further pairs on it. */
export function createRollJobs() {
  let last: { key: string; data: RollData } | null = null;
  let graph: { key: string; graph: KnnGraph } | null = null;

  function sample(params: RollParams): RollData {
    const key = rollKey(params);
    if (last?.key !== key) last = { key, data: rollData(makeSwissRoll(params)) };
    return last.data;
  }

  return {
    roll(params: RollParams): Sample {
      return { params, data: sample(params) };
    },
    path(params: RollParams, a: number, b: number): PathFound | null {
      const key = rollKey(params);
      if (graph?.key !== key) {
        const data = sample(params);
        graph = { key, graph: buildKnnGraph(data.positions, data.count, neighboursFor(data.count)) };
      }
      return shortestPath(graph.graph, a, b);
    },
  };
}

export type RollJobs = ReturnType<typeof createRollJobs>;

/** Messages to the worker and back. */
export type RollRequest =
  | { id: number; kind: 'roll'; params: RollParams }
  | { id: number; kind: 'path'; params: RollParams; a: number; b: number };
export type RollReply =
  | { id: number; kind: 'roll'; sample: Sample }
  | { id: number; kind: 'path'; found: PathFound | null }
  | { id: number; kind: 'error'; message: string };

/** Answers one request; a sample's arrays are copied, so the caller may transfer them. */
export function answer(jobs: RollJobs, request: RollRequest): { reply: RollReply; transfer: ArrayBuffer[] } {
  try {
    if (request.kind === 'path')
      return {
        reply: { id: request.id, kind: 'path', found: jobs.path(request.params, request.a, request.b) },
        transfer: [],
      };
    const { params, data } = jobs.roll(request.params);
    const copy: RollData = {
      count: data.count,
      positions: data.positions.slice(),
      t: data.t.slice(),
      height: data.height.slice(),
      offsets: data.offsets.slice(),
      colors: data.colors.slice(),
    };
    const transfer = [copy.positions, copy.t, copy.height, copy.offsets, copy.colors].map(
      (a) => a.buffer as ArrayBuffer,
    );
    return { reply: { id: request.id, kind: 'roll', sample: { params, data: copy } }, transfer };
  } catch (error) {
    return { reply: { id: request.id, kind: 'error', message: (error as Error).message }, transfer: [] };
  }
}
