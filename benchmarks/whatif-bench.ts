// What-if speed: one facility change in the report's engine (WhatIfSession, as the page's worker runs
// it), on the demo district and on the 100k-edge synthetic city (size M). Each change re-routes only
// the category it touches; `view` is what the worker then builds for the page (charts, the redrawn
// sections, every community's row and details) and its size as JSON. Run: npx tsx benchmarks/whatif-bench.ts [--sizes demo,M] [--changes 30]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { readFeatures } from '../src/io/read-geojson.js';
import { analyze } from '../src/scoring/analyze.js';
import { whatIfState } from '../src/whatif/state.js';
import { WhatIfSession } from '../src/whatif/session.js';
import { whatIfView } from '../src/whatif/view.js';
import { ensureCity } from './synthetic-city.js';
import { mulberry32 } from '../scripts/synth/random.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const sizes = arg('sizes', 'demo,M').split(',');
const changes = Number(arg('changes', '30'));

async function inputsOf(size: string) {
  const dir = size === 'demo' ? fileURLToPath(new URL('../data/demo/', import.meta.url)) : (await ensureCity(size as 'M', 1, 'geojson')).dir;
  const read = (name: string) => readFeatures(join(dir, `${name}.geojson`));
  return { network: await read('network'), facilities: await read('facilities'), communities: await read('communities'), population: await read('population') };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p90 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]; };

console.log(`what-if benchmark · node ${process.version} · ${os.cpus().length} cores (${os.cpus()[0]?.model}) · load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const size of sizes) {
  const inputs = await inputsOf(size);
  const base = analyze(inputs);
  const json = JSON.stringify(whatIfState(base, inputs.facilities));
  let t0 = performance.now();
  const session = new WhatIfSession(JSON.parse(json));
  const initMs = performance.now() - t0;
  const rnd = mulberry32(7);
  const times: Record<string, number[]> = { add: [], move: [], remove: [], view: [] };
  let viewBytes = 0;
  const resident = () => Math.floor(rnd() * base.residents.count);
  for (let k = 0; k < changes; k++) {
    const category = base.categories[Math.floor(rnd() * base.categories.length)];
    const r = resident(), r2 = resident();
    t0 = performance.now();
    const id = `bench-${k}`;
    session.add({ category, lon: base.residents.lon[r], lat: base.residents.lat[r], id });
    times.add.push(performance.now() - t0);
    t0 = performance.now();
    session.move(id, base.residents.lon[r2], base.residents.lat[r2]);
    times.move.push(performance.now() - t0);
    t0 = performance.now();
    session.remove(id);
    times.remove.push(performance.now() - t0);
    t0 = performance.now();
    const view = whatIfView(session, 0);
    times.view.push(performance.now() - t0);
    viewBytes = JSON.stringify(view).length;
  }
  const n = base.network;
  console.log(`\n${size}: ${n.stats.edges} edges (${n.stats.segments} segments), ${base.residents.count} residents, ${base.facilities.length} facilities, ${base.communities.length} communities`);
  console.log(`  state ${(json.length / 1e6).toFixed(2)} MB JSON; engine start (decode + route every category once) ${initMs.toFixed(0)} ms`);
  for (const [op, xs] of Object.entries(times)) console.log(`  ${op.padEnd(6)} median ${median(xs).toFixed(1)} ms, p90 ${p90(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} changes)`);
  console.log(`  view   ${(viewBytes / 1e6).toFixed(2)} MB as JSON (what the worker posts to the page per change)`);
}
