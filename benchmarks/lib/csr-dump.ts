import { writeFileSync } from 'node:fs';
import type { Network } from '../../src/network/network.js';

export interface Seed { node: number; distM: number }

/** Writes the network's CSR arrays and the sources in the layout benchmarks/native/dijkstra.cpp reads. */
export function dumpCsr(path: string, network: Network, treeSource: number, seeds: readonly Seed[]): void {
  const n = network.nodeCount, m = network.adjNode.length;
  const bytes = 8 + 4 * (n + 1) + 4 * m + 8 * m + 8 + 12 * seeds.length;
  const buf = Buffer.alloc(bytes);
  let o = 0;
  o = buf.writeInt32LE(n, o);
  o = buf.writeInt32LE(m, o);
  for (let i = 0; i <= n; i++) o = buf.writeInt32LE(network.adjStart[i], o);
  for (let i = 0; i < m; i++) o = buf.writeInt32LE(network.adjNode[i], o);
  for (let i = 0; i < m; i++) o = buf.writeDoubleLE(network.adjLengthM[i], o);
  o = buf.writeInt32LE(treeSource, o);
  o = buf.writeInt32LE(seeds.length, o);
  for (const s of seeds) {
    o = buf.writeInt32LE(s.node, o);
    o = buf.writeDoubleLE(s.distM, o);
  }
  writeFileSync(path, buf);
}
