// One way of reading a population layer per process, its CPU time, wall time and peak RSS:
//   npx tsx benchmarks/experiments/population-read.ts FILE (features|reviver|lines|scan)
// features: the general reader (JSON.parse of the whole file, a Feature per point);
// reviver: JSON.parse with a reviver that moves each Feature into columns and drops it;
// lines: JSON.parse of each line into columns (one feature per line);
// scan: scanPointCollection (bytes straight into columns).
import { readFeatures } from '../../src/io/read-geojson.js';
import { fileLines } from '../../src/io/file-lines.js';
import { scanPointCollection } from '../../src/io/scan-point-collection.js';
import { limitsWith } from '../../src/io/limits.js';
import { readFileSync, statSync } from 'node:fs';

const [file, how] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let count = 0, sum = 0;
if (how === 'features') {
  const fs = await readFeatures(file);
  count = fs.length;
  for (const f of fs) sum += Number(f.properties?.population);
} else if (how === 'lines') {
  let cap = 1 << 20, lon = new Float64Array(cap), lat = new Float64Array(cap), w = new Float64Array(cap);
  for await (const raw of fileLines(file)) {
    const line = raw.trim();
    if (!line.startsWith('{"type":"Feature"')) continue;
    const f = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    if (count === cap) { cap *= 2; const g = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; }; lon = g(lon); lat = g(lat); w = g(w); }
    lon[count] = f.geometry.coordinates[0]; lat[count] = f.geometry.coordinates[1]; w[count] = f.properties.population; count++;
  }
  for (let i = 0; i < count; i++) sum += w[i];
} else if (how === 'reviver') {
  const text = readFileSync(file, 'utf8');
  let cap = 1 << 20, lon = new Float64Array(cap), lat = new Float64Array(cap), w = new Float64Array(cap);
  // Each Feature is taken into columns as JSON.parse finishes it and dropped (undefined deletes it).
  JSON.parse(text, function (this: unknown, _key: string, value: { type?: unknown; geometry?: { coordinates: number[] }; properties?: { population: number } }) {
    if (value && typeof value === 'object' && value.type === 'Feature') {
      if (count === cap) { cap *= 2; const g = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; }; lon = g(lon); lat = g(lat); w = g(w); }
      lon[count] = value.geometry!.coordinates[0]; lat[count] = value.geometry!.coordinates[1]; w[count] = value.properties!.population; count++;
      return undefined;
    }
    return value;
  });
  for (let i = 0; i < count; i++) sum += w[i];
} else {
  const cols = await scanPointCollection(file, { field: 'population', limits: limitsWith(undefined), sizeHint: statSync(file).size });
  if (!cols) throw new Error('not scanned');
  count = cols.count;
  for (let i = 0; i < count; i++) sum += cols.weight[i];
}
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ how, count, sum, wallS: +((performance.now() - t0) / 1000).toFixed(2), cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
