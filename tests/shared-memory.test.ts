import { describe, expect, it } from 'vitest';
import { inSharedMemory } from '../src/parallel/shared-memory.js';
import { shareGraph } from '../src/parallel/shared-graph.js';
import { buildNetwork } from '../src/network/build-network.js';
import { line } from './support/geo.js';

describe('inSharedMemory', () => {
  it('copies an array into shared memory once, and gives a shared array back as it is', () => {
    const a = Float64Array.of(1.5, -2, Infinity);
    const copy = inSharedMemory(a);
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(copy).not.toBe(a);
    expect(Array.from(copy)).toEqual(Array.from(a));
    expect(inSharedMemory(a)).toBe(copy);
    expect(inSharedMemory(copy)).toBe(copy);
    // Another array with the same values is another array.
    expect(inSharedMemory(Float64Array.from(a))).not.toBe(copy);
  });

  it('lets the route workers and the coverage worker read one copy of a graph', () => {
    const network = buildNetwork([line([[0, 0], [100, 0], [100, 100]]), line([[100, 0], [200, 0]])]);
    const first = shareGraph(network), second = shareGraph(network);
    for (const key of ['adjStart', 'adjNode', 'adjLengthM', 'adjEdge', 'edgeFrom', 'edgeTo', 'edgeLengthM'] as const) {
      expect(second[key], key).toBe(first[key]);
      expect(Array.from(first[key]), key).toEqual(Array.from(network[key]));
    }
  });
});
