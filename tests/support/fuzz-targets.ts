// Fuzz targets shared by tests/fuzz.test.ts (500 cases in npm test) and scripts/fuzz.ts (`npm run fuzz`,
// 10,000): valid GeoJSON, CSV, standard files and OSM PBF files mutated by bit flips, truncation,
// deleted and repeated spans, type swaps, deep nesting and huge numbers, fed to the CLI in-process.
// The only outcomes allowed: a result (exit 0) or one line of InputError (exit 2) with no output
// left behind, each within 10 s.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runCli } from './run-cli.js';
import { ll } from './geo.js';
import { writeTestPbf } from '../helpers/osm-pbf-writer.js';

export type Outcome = 'result' | 'input-error';

export interface FuzzTarget {
  name: string;
  arbitrary: fc.Arbitrary<Mutation>;
  run(m: Mutation): Promise<Outcome>;
}

export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'swap-type'; node: number; to: number }
  | { kind: 'deep'; node: number; depth: number }
  | { kind: 'huge'; node: number; value: number }
  | { kind: 'cell'; row: number; column: number; value: number };

const SWAPS = ['null', 'true', '0', '-1', '""', '"x"', '[]', '{}', '[[]]', '{"type":"Feature"}', '"NaN"', '[1,2,3]'];
const HUGE = ['1e308', '-1e308', '1e400', '-1e400', '1e-320', '9007199254740993', '123456789012345678901234567890', '-0'];
const CELLS = ['=HYPERLINK("http://x","y")', '+cmd|\' /C calc\'!A0', '@SUM(1)', '"unclosed', 'x'.repeat(200_000), '1e999', '-', '\t', '\r', '',
  '经度', '\u2028', '""""', ',,,,', '\u0000'];
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const byteMutations: fc.Arbitrary<Mutation>[] = [
  fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fraction, length: fc.integer({ min: 1, max: 100 }), times: fc.integer({ min: 2, max: 50 }) }),
].map((a) => a as fc.Arbitrary<Mutation>);
const jsonMutations: fc.Arbitrary<Mutation>[] = [
  fc.record({ kind: fc.constant('swap-type' as const), node: fraction, to: fc.integer({ min: 0, max: SWAPS.length - 1 }) }),
  fc.record({ kind: fc.constant('deep' as const), node: fraction, depth: fc.oneof(fc.integer({ min: 10, max: 200 }), fc.integer({ min: 1000, max: 50_000 })) }),
  fc.record({ kind: fc.constant('huge' as const), node: fraction, value: fc.integer({ min: 0, max: HUGE.length - 1 }) }),
].map((a) => a as fc.Arbitrary<Mutation>);
const cellMutations = fc.record({ kind: fc.constant('cell' as const), row: fraction, column: fraction, value: fc.integer({ min: 0, max: CELLS.length - 1 }) }) as fc.Arbitrary<Mutation>;


function applyBytes(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = (f: number) => Math.floor(f * bytes.length);
  switch (m.kind) {
    case 'flip': { const out = bytes.slice(); out[at(m.at)] ^= 1 << m.bit; return out; }
    case 'truncate': return bytes.slice(0, at(m.at));
    case 'delete': { const i = at(m.at); return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + m.length)]); }
    case 'repeat': {
      const i = at(m.at);
      const span = bytes.subarray(i, i + m.length);
      return Buffer.concat([bytes.subarray(0, i), ...Array.from({ length: m.times }, () => span), bytes.subarray(i + m.length)]);
    }
    default: return bytes;
  }
}

/** JSON-level mutations: the value at a node (in a depth-first order) replaced by another type, a deep nest or a huge number. */
function applyJson(text: string, m: Mutation): string {
  if (m.kind !== 'swap-type' && m.kind !== 'deep' && m.kind !== 'huge') return text;
  const root = JSON.parse(text) as unknown;
  const slots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        slots.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
        stack.push(c);
      }
    }
  }
  if (!slots.length) return text;
  const slot = slots[Math.floor(m.node * slots.length)];
  const marker = '__FUZZ_VALUE__';
  (slot.parent as Record<string | number, unknown>)[slot.key] = marker;
  const replacement = m.kind === 'swap-type' ? SWAPS[m.to]
    : m.kind === 'huge' ? HUGE[m.value]
    : `${'{"a":['.repeat(m.depth)}1${']}'.repeat(m.depth)}`;
  return JSON.stringify(root).replace(`"${marker}"`, replacement);
}

function applyCell(text: string, m: Mutation): string {
  if (m.kind !== 'cell') return text;
  const lines = text.split('\n');
  const r = 1 + Math.floor(m.row * (lines.length - 2));
  const cells = lines[r].split(',');
  cells[Math.floor(m.column * cells.length)] = CELLS[m.value];
  lines[r] = cells.join(',');
  return lines.join('\n');
}

// Valid inputs: a street grid, facilities, communities (a valid ring each), a standard and an OSM extract.
const square = (x0: number, y0: number, s: number) => [ll(x0, y0), ll(x0 + s, y0), ll(x0 + s, y0 + s), ll(x0, y0 + s), ll(x0, y0)];
const NETWORK = JSON.stringify({ type: 'FeatureCollection', features: [
  ...[0, 200, 400].map((y) => ({ type: 'Feature', properties: { highway: 'residential', name: `路${y}` }, geometry: { type: 'LineString', coordinates: [ll(0, y), ll(400, y)] } })),
  ...[0, 200, 400].map((x) => ({ type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'LineString', coordinates: [ll(x, 0), ll(x, 400)] } })),
] });
const FACILITIES = JSON.stringify({ type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { id: 'H1', category: 'health', name: '社区卫生服务站', capacity: 10 }, geometry: { type: 'Point', coordinates: ll(100, 0) } },
  { type: 'Feature', properties: { id: 'G1', category: 'grocery', name: '菜市场' }, geometry: { type: 'Point', coordinates: ll(300, 200) } },
  { type: 'Feature', properties: { id: 'E1', category: 'elder-care' }, geometry: { type: 'Polygon', coordinates: [square(180, 180, 20)] } },
] });
const COMMUNITIES = JSON.stringify({ type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { id: 'A', name: '东湖社区', kind: 'urban', population: 1200 }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 200)] } },
  { type: 'Feature', properties: { id: 'B', name: '西岸村', kind: 'rural', population: 300 }, geometry: { type: 'Polygon', coordinates: [square(200, 200, 200)] } },
] });
const CSV = `lon,lat,category,name\n${[[100, 0, 'health', '卫生站'], [300, 200, 'grocery', '菜市场'], [200, 400, 'kindergarten', '幼儿园']]
  .map(([x, y, c, n]) => `${ll(x as number, y as number).map((v) => v.toFixed(7)).join(',')},${c},${n}`).join('\n')}\n`;
const STANDARD = readFileSync(new URL('../../data/standards/guangzhou-1530.json', import.meta.url), 'utf8');
const PBF = writeTestPbf(
  [{ id: 1, lon: 113.3, lat: 23.1 }, { id: 2, lon: 113.302, lat: 23.1 }, { id: 3, lon: 113.302, lat: 23.102, tags: { amenity: 'clinic', name: '诊所' } }],
  [{ id: 10, refs: [1, 2, 3], tags: { highway: 'residential' } }],
  [],
);

const scratch = mkdtempSync(join(tmpdir(), 'lc-fuzz-'));
let counter = 0;

/** Runs the CLI; checks the outcome is a result, or one InputError line with no output written. */
async function cli(args: string[], out: string): Promise<Outcome> {
  const started = Date.now();
  const r = await runCli([...args, '--out', out, '--quiet']);
  const ms = Date.now() - started;
  if (ms > 10_000) throw new Error(`took ${ms} ms`);
  const leftovers = readdirSync(scratch).filter((n) => n.includes('.lifecircle-'));
  if (leftovers.length) throw new Error(`left temporary files: ${leftovers.join(', ')}`);
  if (r.code === 0) {
    rmSync(out, { recursive: true, force: true });
    return 'result';
  }
  if (r.code !== 2 || !/^error: /.test(r.stderr) || /internal error|\n\s+at /.test(r.stderr) || r.stderr.trim().split('\n').length !== 1) {
    throw new Error(`exit ${r.code}: ${r.stderr.slice(0, 500)}`);
  }
  if (existsSync(out)) throw new Error(`an InputError left output in ${out}: ${readdirSync(out).join(', ')}`);
  return 'input-error';
}

function put(name: string, data: string | Uint8Array): string {
  const p = join(scratch, `${counter}-${name}`);
  writeFileSync(p, data);
  return p;
}

function fresh(): string {
  counter++;
  const out = join(scratch, `out-${counter}`);
  rmSync(out, { recursive: true, force: true });
  return out;
}

const mutateJson = (text: string, m: Mutation) => (m.kind === 'swap-type' || m.kind === 'deep' || m.kind === 'huge' ? applyJson(text, m) : applyBytes(Buffer.from(text), m));

export const FUZZ_TARGETS: FuzzTarget[] = [
  {
    name: 'GeoJSON inputs of analyze',
    arbitrary: fc.tuple(fc.constantFrom('network', 'facilities', 'communities'), fc.oneof(...byteMutations, ...jsonMutations))
      .map(([which, m]) => ({ ...m, which }) as Mutation & { which: string }),
    async run(m) {
      const out = fresh();
      const which = (m as Mutation & { which: string }).which;
      const texts: Record<string, string | Uint8Array> = { network: NETWORK, facilities: FACILITIES, communities: COMMUNITIES };
      texts[which] = mutateJson(texts[which] as string, m);
      return cli(['analyze', '--network', put('n.geojson', texts.network), '--facilities', put('f.geojson', texts.facilities),
        '--communities', put('c.geojson', texts.communities)], out);
    },
  },
  {
    name: 'CSV facilities',
    arbitrary: fc.oneof(...byteMutations, cellMutations),
    async run(m) {
      const out = fresh();
      const csv = m.kind === 'cell' ? applyCell(CSV, m) : applyBytes(Buffer.from(CSV), m);
      return cli(['analyze', '--network', put('n.geojson', NETWORK), '--facilities', put('f.csv', csv), '--communities', put('c.geojson', COMMUNITIES), '--crs', 'wgs84'], out);
    },
  },
  {
    name: 'standard files',
    arbitrary: fc.oneof(...byteMutations, ...jsonMutations),
    async run(m) {
      const out = fresh();
      return cli(['analyze', '--network', put('n.geojson', NETWORK), '--facilities', put('f.geojson', FACILITIES), '--communities', put('c.geojson', COMMUNITIES),
        '--standard', put('standard.json', mutateJson(STANDARD, m))], out);
    },
  },
  {
    name: 'OSM PBF blocks',
    arbitrary: fc.oneof(...byteMutations),
    async run(m) {
      const out = fresh();
      return cli(['import-osm', put('x.osm.pbf', applyBytes(PBF, m))], out);
    },
  },
];

/** Removes the scratch folder (call when done). */
export function cleanFuzzScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}
