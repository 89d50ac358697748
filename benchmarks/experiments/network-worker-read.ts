// The network worker's read and build, from worker start to the built network on this thread: wall
// time, CPU of every thread and minor page faults (first touches of fresh memory, a large part of the
// cost on the project's VMs).
//   npx tsx benchmarks/experiments/network-worker-read.ts FILE [DIST]
// DIST: a built dist/ folder (default: this checkout's), so that two builds can be run alternately.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type ReadNetwork = typeof import('../../src/parallel/read-network.js');

const [file, dist = new URL('../../dist', import.meta.url).pathname] = process.argv.slice(2);
const { readNetworkOnWorker } = (await import(pathToFileURL(resolve(dist, 'parallel/read-network.js')).href)) as ReadNetwork;
const cpu0 = process.cpuUsage();
const faults0 = process.resourceUsage().minorPageFault;
const t0 = performance.now();
const network = await readNetworkOnWorker(resolve(file), [], { label: 'network' });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`${dist}: wall ${wall.toFixed(2)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
  `page faults ${process.resourceUsage().minorPageFault - faults0}, ${network.edgeCount} edges`);
