// Experiment behind benchmarks/ENGINE-CHANGES.md: our search against the C++ Dijkstra on a shuffled
// jittered grid of about N edges.  g++ -O2 -std=c++17 -o /tmp/dijk benchmarks/native/dijkstra.cpp &&
//   npx tsx benchmarks/experiments/native-grid.ts 1000000   (W=<metres> sets the queue bin)
import { execFileSync } from 'node:child_process';
import { gridCity, mulberry32 } from '../lib/grid-city.js';
import { buildNetwork } from '../../src/network/build-network.js';
import { linkPlanePoints } from '../../src/network/link-points.js';
import { NetworkSearch } from '../../src/routing/network-search.js';
import { dumpCsr, type Seed } from '../lib/csr-dump.js';

const edges = Number(process.argv[2] ?? 1_000_000);
const t = performance.now();
const feats = gridCity(edges, 1);
const net = buildNetwork(feats, { walkable: () => true });
console.log('build', (performance.now() - t).toFixed(0), 'ms', net.nodeCount, 'nodes', net.edgeCount, 'edges');
const rand = mulberry32(5);
let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
for (let v = 0; v < net.vertexCount; v++) { minX = Math.min(minX, net.vertexX[v]); maxX = Math.max(maxX, net.vertexX[v]); minY = Math.min(minY, net.vertexY[v]); maxY = Math.max(maxY, net.vertexY[v]); }
const xs = new Float64Array(3000).map(() => minX + rand() * (maxX - minX));
const ys = new Float64Array(3000).map(() => minY + rand() * (maxY - minY));
const links = linkPlanePoints(net, xs, ys);
const seeds: Seed[] = [];
for (let i = 0; i < links.count; i++) {
  const e = links.edge[i]; if (e < 0) continue;
  seeds.push({ node: net.edgeFrom[e], distM: links.offNetworkM[i] + links.offsetM[i] });
  seeds.push({ node: net.edgeTo[e], distM: links.offNetworkM[i] + net.edgeLengthM[e] - links.offsetM[i] });
}
const src = Math.floor(net.nodeCount / 2);
dumpCsr('/tmp/graph.bin', net, src, seeds);
const native = JSON.parse(execFileSync('/tmp/dijk', ['/tmp/graph.bin', '7'], { encoding: 'utf8' }));
const search = new NetworkSearch(net, process.env.W ? { bucketWidthM: Number(process.env.W) } : {});
const time = (fn: () => void) => { let best = Infinity; for (let r = 0; r < 7; r++) { const t0 = performance.now(); fn(); best = Math.min(best, performance.now() - t0); } return best; };
const sum = () => { let s = 0; for (let i = 0; i < net.nodeCount; i++) { const d = search.distanceM(i); if (d < Infinity) s += d; } return s; };
const treeMs = time(() => { search.reset(); search.seed(src, 0, 0); search.run(); });
const treeSum = sum();
const fieldMs = time(() => { search.reset(); for (const s of seeds) search.seed(s.node, s.distM, 0); search.run(); });
const fieldSum = sum();
console.log({ native, treeMs, fieldMs, treeRatio: treeMs / native.treeMs, fieldRatio: fieldMs / native.fieldMs,
  treeSumDiff: treeSum - native.treeChecksum, fieldSumDiff: fieldSum - native.fieldChecksum });
