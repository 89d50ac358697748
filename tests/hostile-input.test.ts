// Everything a hostile user or a newcomer who mistypes can feed the CLI (issue 15): every case must end
// in exit code 2 and one line naming the file (and feature and field where there is one), never a
// stack trace, a bare errno, a hang or a crash; and no output may be left behind.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { band, line, ll, point, straightStreet } from './support/geo.js';
import { frameBlob, pbfHeaderBytes, writeTestPbf } from './helpers/osm-pbf-writer.js';

const { dir, put } = scratchDir('lc-hostile-');

const nest = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
/** Deep nesting written as text (JSON.stringify itself would overflow the stack on it). */
const deepText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const network = put('streets.geojson', fc([straightStreet(0, 1500)]));
const facilities = put('facilities.geojson', fc([point(300, 0, { id: 'H1', category: 'health' })]));
const communities = put('communities.geojson', fc([band(0, 600, { id: 'A', name: 'A社区', kind: 'urban', population: 1000 })]));
const points = put('points.geojson', fc([point(100, 0, { id: 'p1' })]));
const folder = join(dir, 'a-folder');
mkdirSync(folder);
const fifo = join(dir, 'a-fifo');
execFileSync('mkfifo', [fifo]);
const fileInTheWay = put('a-file', 'not a folder');
const foreignFolder = join(dir, 'someones-folder');
mkdirSync(foreignFolder);
writeFileSync(join(foreignFolder, 'notes.txt'), 'mine');
/** What a path holds now: a folder's entries, a file's text, or nothing. */
const snapshot = (p: string) => (!existsSync(p) ? undefined : statSync(p).isDirectory() ? readdirSync(p).sort().join('\n') : readFileSync(p, 'utf8'));

const base = (over: Record<string, string> = {}, out = join(dir, `out-${Math.random().toString(36).slice(2)}`)) => {
  const a: Record<string, string> = { '--network': network, '--facilities': facilities, '--communities': communities, '--out': out, ...over };
  return Object.entries(a).flat();
};

const fcText = (features: unknown[]) => JSON.stringify(fc(features));
const pbf = (name: string, bytes: Uint8Array) => put(name, bytes);
const goodPbf = writeTestPbf([{ id: 1, lon: 113.3, lat: 23.1 }, { id: 2, lon: 113.301, lat: 23.1 }], [{ id: 10, refs: [1, 2], tags: { highway: 'residential' } }], []);
const bitFlipped = goodPbf.slice();
bitFlipped[goodPbf.length - 40] ^= 0xff;
bitFlipped[goodPbf.length - 41] ^= 0x5a;

interface Case {
  name: string;
  args: () => string[];
  /** What stderr must match; the file named in it is `names`. */
  expect: RegExp;
  names?: string;
}

const analyze = (over: Record<string, string>) => () => ['analyze', ...base(over)];

const cases: Case[] = [
  // A folder where a file is expected, for every input flag.
  ...['--network', '--facilities', '--communities', '--population', '--add', '--remove', '--category-map'].map((flag): Case => ({
    name: `${flag} names a folder`, args: analyze({ [flag]: folder }), expect: /folder, not a file|folder/, names: folder,
  })),
  { name: '--standard names a folder', args: analyze({ '--standard': `${folder}/` }), expect: /folder|not a file/, names: folder },
  { name: 'travel-times --points names a folder', args: () => ['travel-times', '--network', network, '--facilities', facilities, '--points', folder], expect: /folder, not a file/, names: folder },
  { name: 'isochrone --origins names a folder', args: () => ['isochrone', '--network', network, '--origins', folder], expect: /folder, not a file/, names: folder },
  { name: 'plan --candidates names a folder', args: () => ['plan', ...base({ '--candidates': folder })], expect: /folder, not a file/, names: folder },
  { name: 'import-osm names a folder', args: () => ['import-osm', folder, '--out', join(dir, 'osm-out-1')], expect: /folder, not a file/, names: folder },
  // A FIFO would block a read for ever.
  { name: '--network is a FIFO', args: analyze({ '--network': fifo }), expect: /named pipe \(FIFO\)/, names: fifo },
  { name: '--communities is a FIFO', args: analyze({ '--communities': fifo }), expect: /named pipe \(FIFO\)/, names: fifo },
  { name: '--standard is a FIFO', args: analyze({ '--standard': fifo }), expect: /named pipe \(FIFO\)/, names: fifo },
  { name: 'import-osm reads a FIFO', args: () => ['import-osm', fifo, '--out', join(dir, 'osm-out-2')], expect: /named pipe \(FIFO\)/, names: fifo },
  { name: '--facilities is /dev/null (a device)', args: analyze({ '--facilities': '/dev/null' }), expect: /device, not a file/, names: '/dev/null' },
  // Missing files.
  { name: '--population is missing', args: analyze({ '--population': join(dir, 'nope.geojson') }), expect: /no such file/, names: 'nope.geojson' },
  { name: '--category-map is missing', args: analyze({ '--category-map': join(dir, 'nope.json') }), expect: /no such file/, names: 'nope.json' },
  { name: 'a path through a file', args: analyze({ '--network': join(fileInTheWay, 'x.geojson') }), expect: /part of this path is a file|no such file/, names: 'a-file' },
  // Outputs in the way.
  { name: '--out names an existing file', args: () => ['analyze', ...base({}, fileInTheWay)], expect: /a file is in the way/, names: fileInTheWay },
  { name: '--out lies under a file', args: () => ['analyze', ...base({}, join(fileInTheWay, 'report'))], expect: /is a file, not a folder|part of this path is a file/, names: 'a-file' },
  { name: '--out holds files lifecircle did not write', args: () => ['analyze', ...base({}, foreignFolder)], expect: /holds files lifecircle did not write \(notes.txt\)/, names: foreignFolder },
  { name: '--out is the folder holding the inputs', args: () => ['analyze', ...base({}, dir)], expect: /this input is inside the output folder/, names: 'streets.geojson' },
  { name: 'plan --out names an existing file', args: () => ['plan', ...base({}, fileInTheWay)], expect: /a file is in the way/, names: fileInTheWay },
  { name: 'import-osm --out names a file', args: () => ['import-osm', pbf('good.osm.pbf', goodPbf), '--out', fileInTheWay], expect: /a file is in the way/, names: fileInTheWay },
  { name: 'travel-times --out names a folder', args: () => ['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--out', folder], expect: /this is a folder; name the file/, names: folder },
  { name: 'isochrone --out names a folder', args: () => ['isochrone', '--network', network, '--from', ll(100, 0).join(','), '--out', folder], expect: /this is a folder; name the file/, names: folder },
  // GeoJSON that is not.
  { name: 'empty network file', args: analyze({ '--network': put('empty.geojson', '') }), expect: /the file is empty/, names: 'empty.geojson' },
  { name: 'truncated network', args: analyze({ '--network': put('trunc.geojson', fcText([line([[0, 0], [100, 0]])]).slice(0, 60)) }), expect: /not valid JSON/, names: 'trunc.geojson' },
  { name: 'binary network', args: analyze({ '--network': put('bin.geojson', new Uint8Array([0, 159, 146, 150, 255, 1, 2])) }), expect: /not valid JSON/, names: 'bin.geojson' },
  { name: 'a JSON array as communities', args: analyze({ '--communities': put('arr.geojson', '[1,2,3]') }), expect: /expected a FeatureCollection or Feature/, names: 'arr.geojson' },
  { name: 'a collection without features', args: analyze({ '--communities': put('nofeat.geojson', '{"type":"FeatureCollection"}') }), expect: /needs a features array/, names: 'nofeat.geojson' },
  { name: 'properties as a string', args: analyze({ '--facilities': put('strprops.geojson', fcText([{ type: 'Feature', properties: 'x', geometry: null }])) }), expect: /feature 0, field properties/, names: 'strprops.geojson' },
  { name: 'a community name nested 100,000 deep', args: analyze({ '--communities': put('deep-name.geojson', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A","kind":"urban","name":${deepText(100_000)}},"geometry":${JSON.stringify(band(0, 600, {}).geometry)}}]}`) }), expect: /feature 0, field properties: nesting depth .* --max-json-depth/, names: 'deep-name.geojson' },
  { name: 'a facility property nested 100,000 deep', args: analyze({ '--facilities': put('deep-prop.geojson', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"category":"health","x":${deepText(100_000)}},"geometry":{"type":"Point","coordinates":[113.3,23.1]}}]}`) }), expect: /feature 0, field properties: nesting depth .* --max-json-depth/, names: 'deep-prop.geojson' },
  { name: 'coordinates nested 100,000 deep', args: analyze({ '--network': put('deep-coords.geojson', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`) }), expect: /feature 0, field geometry: nesting depth/, names: 'deep-coords.geojson' },
  { name: 'properties over --max-json-depth 8', args: () => ['--max-json-depth', '8', ...analyze({ '--facilities': put('depth9.geojson', fcText([{ type: 'Feature', properties: { category: 'health', x: nest(9) }, geometry: { type: 'Point', coordinates: ll(0, 0) } }])) })()], expect: /nesting depth .* --max-json-depth/, names: 'depth9.geojson' },
  { name: 'a line over --max-coords', args: () => [...analyze({})(), '--max-coords', '10'], expect: /feature 0, field geometry.coordinates: number of positions .* --max-coords/, names: 'streets.geojson' },
  { name: 'a huge number as a coordinate', args: analyze({ '--facilities': put('huge.geojson', fcText([]).replace('[]', '[{"type":"Feature","properties":{"category":"health"},"geometry":{"type":"Point","coordinates":[1e999,23]}}]')) }), expect: /feature 0/, names: 'huge.geojson' },
  { name: 'coordinates as strings', args: analyze({ '--facilities': put('strcoords.geojson', fcText([{ type: 'Feature', properties: { category: 'health' }, geometry: { type: 'Point', coordinates: ['113.3', '23.1'] } }])) }), expect: /feature 0, field geometry.coordinates/, names: 'strcoords.geojson' },
  { name: 'a LineString among the communities', args: analyze({ '--communities': put('linecom.geojson', fcText([line([[0, 0], [100, 0]], { kind: 'urban' })])) }), expect: /feature 0, field geometry.type/, names: 'linecom.geojson' },
  { name: 'a ring of two positions', args: analyze({ '--communities': put('ring2.geojson', fcText([{ type: 'Feature', properties: { kind: 'urban' }, geometry: { type: 'Polygon', coordinates: [[ll(0, 0), ll(10, 0)]] } }])) }), expect: /ring needs at least 4 positions/, names: 'ring2.geojson' },
  { name: 'swapped longitude and latitude', args: analyze({ '--facilities': put('swapped.geojson', fcText([{ type: 'Feature', properties: { category: 'health' }, geometry: { type: 'Point', coordinates: [23.1, 113.3] } }])) }), expect: /feature 0/, names: 'swapped.geojson' },
  { name: 'GeoJSONSeq with a broken line', args: analyze({ '--network': put('broken.geojsonl', `${JSON.stringify(line([[0, 0], [100, 0]]))}\n{"type":"Feat`) }), expect: /line 2 is not valid JSON/, names: 'broken.geojsonl' },
  // CSV.
  { name: 'CSV with an unclosed quote over --max-csv-row', args: () => [...analyze({ '--facilities': put('quote.csv', `lon,lat,category\n113.3,23.1,"health\n${'x,'.repeat(2000)}`) })(), '--max-csv-row', '1000'], expect: /over the limit of 1000; .*--max-csv-row/, names: 'quote.csv' },
  { name: 'CSV mixing UTF-8 and GBK lines', args: analyze({ '--facilities': put('mixed.csv', Buffer.concat([Buffer.from('lon,lat,category,name\n113.3,23.1,health,东湖诊所\n113.3,23.1,health,西岸诊所\n'), Buffer.from([0x31, 0x31, 0x33, 0x2e, 0x33, 0x2c, 0x32, 0x33, 0x2e, 0x31, 0x2c, 0x68, 0x2c, 0xb6, 0xab, 0xba, 0xfe, 0x0a])])) }), expect: /mixed text encodings: .* line 4/, names: 'mixed.csv' },
  { name: 'CSV without coordinate columns', args: analyze({ '--facilities': put('nocoords.csv', 'name,category\na,health\n') }), expect: /cannot find coordinate columns/, names: 'nocoords.csv' },
  { name: 'CSV with a word for a longitude', args: analyze({ '--facilities': put('word.csv', 'lon,lat,category\neast,23.1,health\n') }), expect: /"east" is not a number/, names: 'word.csv' },
  { name: 'CSV swapped columns', args: analyze({ '--facilities': put('swapped.csv', 'lon,lat,category\n23.1,113.3,health\n') }), expect: /look swapped/, names: 'swapped.csv' },
  { name: 'empty CSV', args: analyze({ '--facilities': put('empty.csv', '') }), expect: /empty/, names: 'empty.csv' },
  { name: 'population CSV with a negative weight', args: analyze({ '--population': put('negpop.csv', 'lon,lat,population\n113.3,23.1,-5\n') }), expect: /weight must be a number >= 0/, names: 'negpop.csv' },
  { name: 'CSV as --points with a text id only', args: () => ['travel-times', '--network', network, '--facilities', facilities, '--points', put('pts.csv', 'id\n1\n')], expect: /cannot find coordinate columns/, names: 'pts.csv' },
  // Standards and category maps.
  { name: 'standard file not JSON', args: analyze({ '--standard': put('std.json', 'rules: []') }), expect: /not valid JSON/, names: 'std.json' },
  { name: 'standard file a JSON array', args: analyze({ '--standard': put('stdarr.json', '[]') }), expect: /std|standard|object/i, names: 'stdarr.json' },
  { name: 'standard file nested 100,000 deep', args: analyze({ '--standard': put('stddeep.json', deepText(100_000)) }), expect: /field a: unknown field "a"|nesting depth/, names: 'stddeep.json' },
  { name: 'unknown built-in standard', args: analyze({ '--standard': 'guangzhou-9999' }), expect: /guangzhou-9999/ },
  { name: 'category map not JSON', args: analyze({ '--category-map': put('map.json', '{') }), expect: /not valid JSON/, names: 'map.json' },
  { name: 'category map nested 100,000 deep', args: analyze({ '--category-map': put('mapdeep.json', deepText(100_000)) }), expect: /nesting depth|map/, names: 'mapdeep.json' },
  // What-if inputs.
  { name: '--remove a JSON array of objects', args: analyze({ '--remove': put('remove.json', '[{"id":1}]') }), expect: /feature 0: expected a facility id/, names: 'remove.json' },
  { name: '--remove features without ids', args: analyze({ '--remove': put('remove.geojson', fcText([point(0, 0)])) }), expect: /needs an id/, names: 'remove.geojson' },
  { name: '--add not JSON', args: analyze({ '--add': put('add.geojson', '{"type":') }), expect: /not valid JSON/, names: 'add.geojson' },
  // Flags out of range: the flag is named, nothing loops or fills memory.
  { name: '--grid-m 1e-9', args: analyze({ '--grid-m': '1e-9' }), expect: /--grid-m.*expected 1 to 10000 metres/ },
  { name: '--grid-m 0', args: analyze({ '--grid-m': '0' }), expect: /--grid-m/ },
  { name: '--grid-m 1e308', args: analyze({ '--grid-m': '1e308' }), expect: /--grid-m/ },
  { name: 'plan --spacing-m 1e-320', args: () => ['plan', ...base({ '--spacing-m': '1e-320' })], expect: /--spacing-m.*expected 5 to 10000 metres/ },
  { name: 'plan --spacing-m 0.01', args: () => ['plan', ...base({ '--spacing-m': '0.01' })], expect: /--spacing-m/ },
  { name: '--speed-kmh 1e308', args: analyze({ '--speed-kmh': '1e308' }), expect: /--speed-kmh.*km\/h/ },
  { name: '--speed-kmh -1', args: analyze({ '--speed-kmh': '-1' }), expect: /--speed-kmh/ },
  { name: '--snap-max-m NaN', args: analyze({ '--snap-max-m': 'NaN' }), expect: /--snap-max-m/ },
  { name: 'isochrone --cap-m 1e7', args: () => ['isochrone', '--network', network, '--from', ll(100, 0).join(','), '--cap-m', '1e7'], expect: /--cap-m.*expected 1 to 10000 metres/ },
  { name: 'isochrone --cell-m 0', args: () => ['isochrone', '--network', network, '--from', ll(100, 0).join(','), '--cell-m', '0'], expect: /--cell-m/ },
  { name: 'a grid over --max-grid-cells', args: () => [...analyze({ '--grid-m': '1' })(), '--max-grid-cells', '1000'], expect: /feature 0, field geometry: a 1 m sampling grid .* --max-grid-cells/, names: 'communities.geojson' },
  { name: 'candidate sites over --max-candidates', args: () => ['plan', ...base({ '--spacing-m': '5' }), '--max-candidates', '10'], expect: /--spacing-m.*--max-candidates/ },
  { name: 'travel-times --categories unknown', args: () => ['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--categories', 'hospital,eldercare'], expect: /unknown categories "hospital", "eldercare"; valid: .*health/ },
  { name: 'plan --categories unknown', args: () => ['plan', ...base({ '--categories': 'hospital' })], expect: /no category "hospital"/ },
  // OSM PBF.
  { name: 'PBF of random bytes', args: () => ['import-osm', pbf('random.osm.pbf', new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256))), '--out', join(dir, 'osm-3')], expect: /not an OSM PBF file|corrupt/, names: 'random.osm.pbf' },
  { name: 'PBF truncated', args: () => ['import-osm', pbf('trunc.osm.pbf', goodPbf.slice(0, goodPbf.length - 25)), '--out', join(dir, 'osm-4')], expect: /truncated OSM PBF file/, names: 'trunc.osm.pbf' },
  { name: 'PBF with flipped bits in a block', args: () => ['import-osm', pbf('flipped.osm.pbf', bitFlipped), '--out', join(dir, 'osm-5')], expect: /corrupt OSM PBF block|not an OSM PBF|truncated/, names: 'flipped.osm.pbf' },
  { name: 'PBF zlib bomb (raw_size 100, inflates to 8 MiB)', args: () => ['import-osm', pbf('bomb.osm.pbf', Buffer.concat([pbfHeaderBytes(), frameBlob('OSMData', { rawSize: 100, zlib: deflateSync(new Uint8Array(8 << 20)) })])), '--out', join(dir, 'osm-6')], expect: /inflates to more than the 100 bytes it declares/, names: 'bomb.osm.pbf' },
  { name: 'PBF block declaring 1 GiB', args: () => ['import-osm', pbf('big.osm.pbf', Buffer.concat([pbfHeaderBytes(), frameBlob('OSMData', { rawSize: 1 << 30, zlib: deflateSync(new Uint8Array(10)) })])), '--out', join(dir, 'osm-7')], expect: /declares 1073741824 bytes inflated, over the format's 32 MiB/, names: 'big.osm.pbf' },
  { name: 'PBF with zstd blocks', args: () => ['import-osm', pbf('zstd.osm.pbf', Buffer.concat([pbfHeaderBytes(), frameBlob('OSMData', { rawSize: 3, otherField: 7 })])), '--out', join(dir, 'osm-8')], expect: /uses zstd compression/, names: 'zstd.osm.pbf' },
  { name: 'PBF block of garbage inflating fine', args: () => ['import-osm', pbf('garbage.osm.pbf', Buffer.concat([pbfHeaderBytes(), frameBlob('OSMData', { rawSize: 64, zlib: deflateSync(new Uint8Array(64).fill(0xff)) })])), '--out', join(dir, 'osm-9')], expect: /corrupt OSM PBF block at byte \d+/, names: 'garbage.osm.pbf' },
  { name: 'PBF with a corrupt zlib stream', args: () => ['import-osm', pbf('badzlib.osm.pbf', Buffer.concat([pbfHeaderBytes(), frameBlob('OSMData', { rawSize: 64, zlib: new Uint8Array([0x78, 0x9c, 1, 2, 3, 4]) })])), '--out', join(dir, 'osm-10')], expect: /corrupt OSM PBF block at byte \d+ \(zlib/, names: 'badzlib.osm.pbf' },
];

describe('hostile and mistaken input: exit 2, one line naming the file, nothing written', () => {
  it('covers at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const args = c.args();
    const outAt = args.indexOf('--out');
    const out = outAt >= 0 ? args[outAt + 1] : undefined;
    const before = out ? snapshot(out) : undefined;
    const r = await runCli([...args, '--quiet']);
    expect(r.stderr).toMatch(c.expect);
    expect(r.code, r.stderr).toBe(2);
    // One line; a usage error (a flag out of range) adds commander's pointer to --help.
    expect(r.stderr.trim().split('\n').filter((l) => l !== '(run with --help for usage)')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|\bE[A-Z]{3,}\b(?!.*\()/);
    if (c.names) expect(r.stderr).toContain(c.names);
    // Nothing new: a fresh --out is not created, an existing one keeps what it had; no temporaries beside it.
    if (out) expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.includes('.lifecircle-'))).toEqual([]);
  }, 20_000);
});

describe('unreadable and read-only paths', () => {
  const root = process.getuid?.() === 0;
  it.skipIf(root)('an unreadable input is a permission sentence, not EACCES', async () => {
    const p = put('secret.geojson', fcText([point(0, 0, { category: 'health' })]));
    chmodSync(p, 0o000);
    const r = await runCli(['analyze', ...base({ '--facilities': p }), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${p}: permission denied`);
  });
  it.skipIf(root)('a read-only --out keeps its outputs and says so', async () => {
    const out = join(dir, 'readonly-out');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), '{}');
    chmodSync(out, 0o555);
    const r = await runCli(['analyze', ...base({}, out), '--quiet']);
    chmodSync(out, 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/read-only/);
    expect(readdirSync(out)).toEqual(['summary.json']);
  });
});
