/**
 * Distances along a sampled manifold the way Isomap estimates them (Tenenbaum, de Silva & Langford,
 * "A Global Geometric Framework for Nonlinear Dimensionality Reduction", Science 2000): join every
 * point to its k nearest neighbours in the ambient space, weight each edge by its straight length, and
 * take shortest paths in that graph (Dijkstra). As the sample grows denser, graph distances approach the
 * distances along the manifold, as long as no edge jumps between sheets ("short circuits", which noise
 * and too large a k cause).
 *
 * Neighbours are found with a uniform grid over the bounding box, so building the graph costs about
 * O(n·k) for points that lie near a surface.
 */

import { boundsOf } from './bounds.ts';

export interface KnnGraph {
  count: number;
  /** CSR adjacency of the symmetrised graph (i ~ j if either is among the other's k nearest). */
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float32Array;
}

/**
 * How many neighbours to join for a sample of `count` points: k must grow (slowly) with the sample for
 * graph distances to converge, and stay small where the sample is sparse, or edges jump between turns.
 */
export function neighboursFor(count: number): number {
  return Math.round(Math.min(16, Math.max(5, 2 * Math.log(Math.max(count, 1)) - 6)));
}

/** Builds the symmetrised k-nearest-neighbour graph of `count` points given as interleaved x, y, z. */
export function buildKnnGraph(positions: ArrayLike<number>, count: number, k = 10): KnnGraph {
  k = Math.max(1, Math.min(k, count - 1));
  const {
    min: [minX, minY, minZ],
    max: [maxX, maxY, maxZ],
  } = boundsOf(positions, count);
  const ex = maxX - minX || 1,
    ey = maxY - minY || 1,
    ez = maxZ - minZ || 1;
  // Cells holding about k points if the data filled a surface spanning the box's two largest sides,
  // at most ~2 million cells.
  const [a, b] = [ex, ey, ez].sort((p, q) => q - p);
  let cell = Math.sqrt((a! * b! * k) / Math.max(count, 1));
  cell = Math.max(cell, Math.cbrt((ex * ey * ez) / 2e6));
  const nx = Math.floor(ex / cell) + 1,
    ny = Math.floor(ey / cell) + 1,
    nz = Math.floor(ez / cell) + 1;
  const cellOf = new Int32Array(count);
  const start = new Int32Array(nx * ny * nz + 1);
  for (let i = 0; i < count; i++) {
    const cx = Math.floor((positions[3 * i]! - minX) / cell);
    const cy = Math.floor((positions[3 * i + 1]! - minY) / cell);
    const cz = Math.floor((positions[3 * i + 2]! - minZ) / cell);
    const c = (cz * ny + cy) * nx + cx;
    cellOf[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < nx * ny * nz; c++) start[c + 1]! += start[c]!;
  const order = new Int32Array(count);
  const fill = start.slice(0, -1);
  for (let i = 0; i < count; i++) order[fill[cellOf[i]!]!++] = i;

  // k nearest of each point: search rings of cells until the k-th distance is within the searched radius.
  const knn = new Int32Array(count * k);
  const knnD = new Float32Array(count * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let i = 0; i < count; i++) {
    const x = positions[3 * i]!,
      y = positions[3 * i + 1]!,
      z = positions[3 * i + 2]!;
    const c = cellOf[i]!;
    const cx = c % nx,
      cy = Math.floor(c / nx) % ny,
      cz = Math.floor(c / (nx * ny));
    let found = 0;
    for (let r = 0; ; r++) {
      for (let dz = -r; dz <= r; dz++) {
        const zz = cz + dz;
        if (zz < 0 || zz >= nz) continue;
        for (let dy = -r; dy <= r; dy++) {
          const yy = cy + dy;
          if (yy < 0 || yy >= ny) continue;
          for (let dx = -r; dx <= r; dx++) {
            // Only the shell of this ring: inner cells were searched before.
            if (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) !== r) continue;
            const xx = cx + dx;
            if (xx < 0 || xx >= nx) continue;
            const cc = (zz * ny + yy) * nx + xx;
            for (let p = start[cc]!; p < start[cc + 1]!; p++) {
              const j = order[p]!;
              if (j === i) continue;
              const ddx = positions[3 * j]! - x,
                ddy = positions[3 * j + 1]! - y,
                ddz = positions[3 * j + 2]! - z;
              const d = ddx * ddx + ddy * ddy + ddz * ddz;
              if (found < k) {
                let q = found++;
                while (q > 0 && bestD[q - 1]! > d) {
                  bestD[q] = bestD[q - 1]!;
                  bestI[q] = bestI[q - 1]!;
                  q--;
                }
                bestD[q] = d;
                bestI[q] = j;
              } else if (d < bestD[k - 1]!) {
                let q = k - 1;
                while (q > 0 && bestD[q - 1]! > d) {
                  bestD[q] = bestD[q - 1]!;
                  bestI[q] = bestI[q - 1]!;
                  q--;
                }
                bestD[q] = d;
                bestI[q] = j;
              }
            }
          }
        }
      }
      // Every point outside rings 0..r is at least as far as the nearest face of the searched block.
      const covered = Math.min(
        x - minX - (cx - r) * cell,
        (cx + r + 1) * cell - (x - minX),
        y - minY - (cy - r) * cell,
        (cy + r + 1) * cell - (y - minY),
        z - minZ - (cz - r) * cell,
        (cz + r + 1) * cell - (z - minZ),
      );
      if (found === k && bestD[k - 1]! <= covered * covered) break;
      if (r > Math.max(nx, ny, nz)) break;
    }
    for (let q = 0; q < found; q++) {
      knn[i * k + q] = bestI[q]!;
      knnD[i * k + q] = Math.sqrt(bestD[q]!);
    }
    for (let q = found; q < k; q++) knn[i * k + q] = -1;
  }

  // Symmetrise: an edge i→j also gives j→i; duplicates are harmless for Dijkstra but are skipped here.
  const degree = new Int32Array(count + 1);
  for (let i = 0; i < count; i++)
    for (let q = 0; q < k; q++) {
      const j = knn[i * k + q]!;
      if (j < 0) continue;
      degree[i + 1]!++;
      if (!isMutual(knn, k, j, i)) degree[j + 1]!++;
    }
  for (let i = 0; i < count; i++) degree[i + 1]! += degree[i]!;
  const offsets = degree;
  const neighbours = new Int32Array(offsets[count]!);
  const weights = new Float32Array(offsets[count]!);
  const at = offsets.slice(0, -1);
  for (let i = 0; i < count; i++)
    for (let q = 0; q < k; q++) {
      const j = knn[i * k + q]!;
      if (j < 0) continue;
      const d = knnD[i * k + q]!;
      neighbours[at[i]!] = j;
      weights[at[i]!++] = d;
      if (!isMutual(knn, k, j, i)) {
        neighbours[at[j]!] = i;
        weights[at[j]!++] = d;
      }
    }
  return { count, offsets, neighbours, weights };
}

function isMutual(knn: Int32Array, k: number, j: number, i: number): boolean {
  for (let q = 0; q < k; q++) if (knn[j * k + q] === i) return true;
  return false;
}

/** Shortest path from `source` to `target` (Dijkstra with a binary heap, stopping at the target). */
export function shortestPath(
  graph: KnnGraph,
  source: number,
  target: number,
): { distance: number; path: number[] } | null {
  const n = graph.count;
  if (source < 0 || target < 0 || source >= n || target >= n) return null;
  if (source === target) return { distance: 0, path: [source] };
  const dist = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  // Heap of (distance, node) with lazy deletion.
  let heapD = new Float64Array(1024);
  let heapN = new Int32Array(1024);
  let size = 0;
  const push = (d: number, v: number) => {
    if (size === heapD.length) {
      const nd = new Float64Array(size * 2);
      nd.set(heapD);
      heapD = nd;
      const nn = new Int32Array(size * 2);
      nn.set(heapN);
      heapN = nn;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapD[p]! <= d) break;
      heapD[i] = heapD[p]!;
      heapN[i] = heapN[p]!;
      i = p;
    }
    heapD[i] = d;
    heapN[i] = v;
  };
  const pop = (): number => {
    const top = heapN[0]!;
    const d = heapD[--size]!,
      v = heapN[size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heapD[c + 1]! < heapD[c]!) c++;
      if (heapD[c]! >= d) break;
      heapD[i] = heapD[c]!;
      heapN[i] = heapN[c]!;
      i = c;
    }
    heapD[i] = d;
    heapN[i] = v;
    return top;
  };
  dist[source] = 0;
  push(0, source);
  while (size > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === target) break;
    const du = dist[u]!;
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const v = graph.neighbours[e]!;
      const w = du + graph.weights[e]!;
      if (w < dist[v]!) {
        dist[v] = w;
        prev[v] = u;
        push(w, v);
      }
    }
  }
  if (dist[target] === Infinity) return null;
  const path: number[] = [];
  for (let v = target; v >= 0; v = prev[v]!) path.push(v);
  path.reverse();
  return { distance: dist[target]!, path };
}
