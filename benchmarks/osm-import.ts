// OSM PBF import: time and peak memory on the real extracts in ../shared/data and on a synthetic
// grid city written block by block (so the file can be far larger than the real ones).
//   npx tsx benchmarks/osm-import.ts [gridSide=1500]
// Peak RSS is read from the process (resourceUsage().maxRSS), so run one case per process for clean
// numbers: `npx tsx benchmarks/osm-import.ts 1500 synthetic-only`.
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOsmTo } from '../src/intake/classified-readers.js';
import { pbfDataBlockBytes, pbfHeaderBytes, type TestNode, type TestWay } from '../tests/helpers/osm-pbf-writer.js';

/** A side x side grid of nodes 0.0005 degrees apart; every row and column cut into ways of 10 segments; 1 node in 50 a shop. */
function writeGridCity(path: string, side: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, pbfHeaderBytes());
  const id = (i: number, j: number) => 1 + i * side + j;
  let nodes: TestNode[] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const n: TestNode = { id: id(i, j), lon: 113.2 + j * 0.0005, lat: 23.0 + i * 0.0005 };
      if ((i * side + j) % 50 === 0) n.tags = { shop: 'supermarket', name: `market ${i}-${j}` };
      nodes.push(n);
      if (nodes.length === 8000) {
        writeSync(fd, pbfDataBlockBytes(nodes, [], []));
        nodes = [];
      }
    }
  }
  if (nodes.length) writeSync(fd, pbfDataBlockBytes(nodes, [], []));
  let ways: TestWay[] = [];
  let wayId = 1;
  const flush = () => {
    writeSync(fd, pbfDataBlockBytes([], ways, []));
    ways = [];
  };
  for (let i = 0; i < side; i++) {
    for (let j = 0; j + 1 < side; j += 10) {
      const refs: number[] = [];
      for (let k = j; k <= Math.min(j + 10, side - 1); k++) refs.push(id(i, k));
      ways.push({ id: wayId++, refs, tags: { highway: i % 5 === 0 ? 'secondary' : 'residential' } });
      const col: number[] = [];
      for (let k = j; k <= Math.min(j + 10, side - 1); k++) col.push(id(k, i));
      ways.push({ id: wayId++, refs: col, tags: { highway: 'footway' } });
      if (ways.length >= 8000) flush();
    }
  }
  if (ways.length) flush();
  closeSync(fd);
}

async function measure(label: string, file: string): Promise<void> {
  const t0 = performance.now();
  let lines = 0;
  let coords = 0;
  const summary = await importOsmTo(file, {
    network: (f) => {
      lines++;
      coords += f.geometry.coordinates.length;
    },
    facility: () => {},
    community: () => {},
    building: () => {},
  });
  const ms = performance.now() - t0;
  const mb = (statSync(file).size / 1e6).toFixed(1);
  const rss = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  console.log(
    `| ${label} | ${mb} MB | ${summary.counts.nodes.toLocaleString('en')} nodes, ${summary.counts.ways.toLocaleString('en')} ways | ${lines.toLocaleString('en')} lines (${coords.toLocaleString('en')} positions), ${summary.counts.facilities} facilities | ${(ms / 1000).toFixed(2)} s | ${rss} MB |`,
  );
}

const side = Number(process.argv[2] ?? 1500);
const syntheticOnly = process.argv[3] === 'synthetic-only';
console.log(`Node ${process.version}, ${process.platform} ${process.arch}`);
console.log('| file | size | elements | output | time | peak RSS (process so far) |');
console.log('|---|---|---|---|---|---|');
if (!syntheticOnly) {
  for (const [label, rel] of [['Monaco', 'monaco/monaco.osm.pbf'], ['Porto Alegre', 'porto-alegre/poa_osm.pbf']]) {
    const p = new URL(`../../shared/data/${rel}`, import.meta.url).pathname;
    if (existsSync(p)) await measure(label, p);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-bench-'));
try {
  const file = join(dir, 'grid.osm.pbf');
  writeGridCity(file, side);
  await measure(`synthetic grid ${side}x${side}`, file);
  // Keep the file to run other readers on it: OSM_BENCH_KEEP=/tmp/grid.osm.pbf
  if (process.env.OSM_BENCH_KEEP) writeFileSync(process.env.OSM_BENCH_KEEP, readFileSync(file));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
