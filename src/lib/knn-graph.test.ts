import { describe, expect, it } from 'vitest';
import { buildKnnGraph, neighboursFor, shortestPath } from './knn-graph.ts';
import { geodesicDistance, makeSwissRoll, straightDistance } from './swiss-roll.ts';

describe('k-nearest-neighbour graph', () => {
  it('finds the same neighbours as brute force', () => {
    const roll = makeSwissRoll({ count: 600, seed: 11, noise: 0.3 });
    const k = 6;
    const graph = buildKnnGraph(roll.positions, roll.count, k);
    for (const i of [0, 17, 311, 599]) {
      const brute = Array.from({ length: roll.count }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => straightDistance(roll, i, a) - straightDistance(roll, i, b))
        .slice(0, k);
      const mine = Array.from(graph.neighbours.slice(graph.offsets[i], graph.offsets[i + 1]));
      for (const j of brute) expect(mine).toContain(j);
    }
  });

  it('is symmetric, with edge weights equal to straight distances', () => {
    const roll = makeSwissRoll({ count: 500, seed: 12 });
    const graph = buildKnnGraph(roll.positions, roll.count, 5);
    for (let i = 0; i < roll.count; i++)
      for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) {
        const j = graph.neighbours[e]!;
        expect(graph.weights[e]).toBeCloseTo(straightDistance(roll, i, j), 4);
        expect(Array.from(graph.neighbours.slice(graph.offsets[j], graph.offsets[j + 1]))).toContain(i);
      }
  });
});

describe('neighboursFor', () => {
  it('grows slowly with the sample and stays within 5..16', () => {
    expect(neighboursFor(100)).toBe(5);
    expect(neighboursFor(1000)).toBe(8);
    expect(neighboursFor(100_000)).toBe(16);
    expect(neighboursFor(10_000)).toBeGreaterThan(neighboursFor(1000));
  });
});

describe('shortest path', () => {
  it('solves a small hand-made graph', () => {
    // A square 0-1-2-3 with unit sides and a long diagonal 0-2.
    const positions = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0];
    const graph = buildKnnGraph(positions, 4, 2);
    const result = shortestPath(graph, 0, 2)!;
    expect(result.distance).toBeCloseTo(2, 6);
    expect(result.path.length).toBe(3);
    expect(shortestPath(graph, 1, 1)).toEqual({ distance: 0, path: [1] });
    expect(shortestPath(graph, 0, 9)).toBeNull();
  });

  it('reports no path between disconnected clusters', () => {
    const positions = [0, 0, 0, 0.1, 0, 0, 50, 0, 0, 50.1, 0, 0];
    expect(shortestPath(buildKnnGraph(positions, 4, 1), 0, 3)).toBeNull();
  });

  it('approaches the exact distance along the sheet as the sample grows', () => {
    // Points on two neighbouring turns: close in 3-D, far along the sheet.
    const errors: number[] = [];
    for (const count of [1000, 4000, 16_000]) {
      const roll = makeSwissRoll({ count, seed: 21 });
      const graph = buildKnnGraph(roll.positions, roll.count, neighboursFor(count));
      let sum = 0;
      let pairs = 0;
      for (let p = 0; p < 12; p++) {
        const i = (p * 7919) % count;
        const j = (p * 104_729 + 13) % count;
        const exact = geodesicDistance(
          { t: roll.t[i]!, height: roll.height[i]! },
          { t: roll.t[j]!, height: roll.height[j]! },
        );
        const est = shortestPath(graph, i, j)!.distance;
        expect(est).toBeGreaterThanOrEqual(exact * (1 - 1e-3)); // a path on the sheet is never shorter
        sum += est / exact - 1;
        pairs++;
      }
      errors.push(sum / pairs);
    }
    expect(errors[1]).toBeLessThan(errors[0]!);
    expect(errors[2]).toBeLessThan(errors[1]!);
    expect(errors[2]).toBeLessThan(0.03);
  });
});
