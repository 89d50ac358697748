// The route stage's parts on a city, CPU milliseconds, best of three rounds:
//   npx tsx benchmarks/experiments/route-stage-parts.ts [DIR]   (default: the spread-L benchmark city)
// classify: `classify` over every facility (the facilities stage's category and type);
// field: one `distanceField` per category, from its facilities (the search and writeField);
// points: `distancesAtPoints` of every population point in each of those fields (the first call lays out the entries).
// Run it on two checkouts to compare them; ENGINE-CHANGES.md, "Route stage and intake overlap", quotes it.
import { fileURLToPath } from 'node:url';
import { readFeatures } from '../../src/io/read-geojson.js';
import { readPointColumns } from '../../src/io/read-point-columns.js';
import { readNetworkOnWorker } from '../../src/parallel/read-network.js';
import { linkPlanePoints, linkPoints } from '../../src/network/link-points.js';
import { distanceField, distancesAtPoints } from '../../src/routing/distance-field.js';
import { NetworkSearch } from '../../src/routing/network-search.js';
import { classify } from '../../src/standards/category-map.js';
import { toX, toY } from '../../src/geo/local-plane.js';
import type { Position } from 'geojson';

const dir = process.argv[2] ?? fileURLToPath(new URL('../.cache/spread-L-1-v2/', import.meta.url));
const network = await readNetworkOnWorker(`${dir}/network.geojson`, []);
const facilities = await readFeatures(`${dir}/facilities.geojson`);
const population = (await readPointColumns(`${dir}/population.geojson`))!;
const points = linkPlanePoints(network, population.lon.map((l) => toX(network.plane, l)), population.lat.map((l) => toY(network.plane, l)));
const categories = [...new Set(facilities.map((f) => String(f.properties?.category)))];
const sources = categories.map((c) => linkPoints(network, facilities.filter((f) => f.properties?.category === c).map((f) => (f.geometry as { coordinates: Position }).coordinates)));
const search = new NetworkSearch(network);

const cpuMs = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const best = { classify: Infinity, field: Infinity, points: Infinity };
let typed = 0, checksum = 0;
for (let round = 0; round < 3; round++) {
  best.classify = Math.min(best.classify, cpuMs(() => { typed = 0; for (const f of facilities) if (classify(f.properties)?.type) typed++; }));
  const fields = sources.map((s) => distanceField(network, s));
  best.field = Math.min(best.field, cpuMs(() => { for (const s of sources) distanceField(network, s, { search }); }) / sources.length);
  best.points = Math.min(best.points, cpuMs(() => { checksum = 0; for (const f of fields) { const at = distancesAtPoints(f, points); checksum += at.distM[12345] + at.source[999]; } }) / fields.length);
}
console.log(`${facilities.length} facilities, ${typed} typed: classify ${best.classify.toFixed(0)} ms`);
console.log(`${network.nodeCount} nodes, ${categories.length} category fields: ${best.field.toFixed(1)} ms a field`);
console.log(`${points.count} points: distancesAtPoints ${best.points.toFixed(1)} ms a field (checksum ${checksum})`);
