// Street lines scanned as columns (io/scan-line-collection.ts) must build exactly the network the
// general reader's Features build, and anything the scanner does not take must go to the general
// reader, which reads it or names the problem as it always has. The oracle is JSON.parse
// (readFeatures) and buildNetwork.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFeatures } from '../src/io/read-geojson.js';
import { readLineParts } from '../src/io/scan-line-collection.js';
import { limitsWith, type InputLimits } from '../src/io/limits.js';
import { buildNetwork } from '../src/network/build-network.js';
import { buildNetworkFromParts } from '../src/network/network-from-parts.js';
import type { Network } from '../src/network/network.js';
import { isWalkable } from '../src/network/walkable.js';
import { DEMO_DIR } from './support/demo-scenario.js';
import { scratchDir } from './support/scratch.js';
import { collectionDress, collectionText, memberOrder, orderedFeature } from './support/collection-fuzz.js';

const { put } = scratchDir('lifecircle-line-scan-');
const DEMO_NETWORK = `${DEMO_DIR}network.geojson`;
const CHUNKS = [1, 7, 64, undefined];

const scan = (file: string, chunkBytes?: number, limits: Partial<InputLimits> = {}) =>
  readLineParts(file, { walkable: isWalkable, limits: limitsWith(limits), chunkBytes });

/** A network, or the message of what building it threw. */
function outcome(build: () => Network): Network | string {
  try { return build(); } catch (err) { return `${(err as Error).constructor.name}: ${(err as Error).message}`; }
}

/** Every array byte for byte (so -0 stays -0), the stats, and the segment index's own bytes. */
function expectSame(a: Network | string, b: Network | string): void {
  if (typeof a === 'string' || typeof b === 'string') { expect(a).toEqual(b); return; }
  for (const [key, value] of Object.entries(a)) {
    const other = (b as unknown as Record<string, unknown>)[key];
    if (key === 'segmentIndex') expect(Buffer.from(b.segmentIndex.data).equals(Buffer.from(a.segmentIndex.data)), key).toBe(true);
    else if (ArrayBuffer.isView(value)) {
      const v = value as Float64Array, o = other as Float64Array;
      expect(o.length, key).toBe(v.length);
      expect(Buffer.from(o.buffer, o.byteOffset, o.byteLength).equals(Buffer.from(v.buffer, v.byteOffset, v.byteLength)), key).toBe(true);
    } else expect(other, key).toEqual(value);
  }
}

async function expectSameAsGeneral(file: string, chunkBytes?: number): Promise<void> {
  const parts = await scan(file, chunkBytes);
  expect(parts, 'the scanner took the file').toBeDefined();
  const features = await readFeatures(file);
  expectSame(outcome(() => buildNetwork(features, { source: 's' })), outcome(() => buildNetworkFromParts(parts!, 's')));
}

const L = '{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[113.3,23.1],[113.301,23.1001]]}}';
const collection = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;

describe('scanLineCollection builds what the general reader builds', () => {
  it('the demo district, at every chunk size', async () => {
    for (const chunkBytes of CHUNKS) await expectSameAsGeneral(DEMO_NETWORK, chunkBytes);
  });

  const layouts: [string, string][] = [
    ['pretty-printed, CRLF, a byte-order mark', `\uFEFF${JSON.stringify(JSON.parse(collection(L, L.replace('113.3,', '113.302,'))), null, 2).replace(/\n/g, '\r\n')}`],
    ['ogr2ogr style: name, crs, spaces after colons', `{ "type": "FeatureCollection", "name": "roads", "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } }, "features": [ ${L.replace(/([:,])/g, '$1 ')} ] }`],
    ['geometry first, ids, type last, z values', collection(
      '{"geometry":{"type":"LineString","coordinates":[[113.3,23.1,5],[113.301,23.1001,6.5]]},"id":7,"properties":{"highway":"footway"},"type":"Feature"}',
      '{"id":"w1","geometry":{"type":"LineString","coordinates":[[113.301,23.1001],[113.302,23.1]]},"type":"Feature","properties":null}',
      '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[113.302,23.1],[113.303,23.1]]}}')],
    ['MultiLineStrings with empty and one-position lines, an empty LineString', collection(
      '{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[113.3,23.1],[113.301,23.1001]],[],[[113.305,23.1]],[[113.301,23.1001],[113.3,23.102],[113.301,23.1001]]]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[113.3,23.1],[113.3,23.1]]}}',
      L)],
    ['not walkable lines, nested and escaped properties, Chinese text', collection(
      L.replace('"residential"', '"motorway"'),
      L.replace('{"highway":"residential"}', '{"highway":"primary","foot":" No ","tags":{"a":[1,{"b":null}]}}'),
      L.replace('{"highway":"residential"}', '{"名称":"路 \\"A\\\\B\\"\\n\\u0001","highw\\u0061y":"construction"}'),
      L.replace('{"highway":"residential"}', '{"highway":"motorway","foot":"yes","access":"private"}'),
      L.replace('113.3,', '113.304,'))],
    ['numbers in every JSON spelling', collection(...['113.3', '113.30490470000001234', '1.133e2', '11330E-2', '113.3049047E+0', '-0', '0', '0.0', '-0.0', '1e-320', '0.1e1', '-179.99999999999999']
      .map((s, i) => L.replace('[113.3,23.1]', `[${s},${['23.1', '-0', '2.31E1', '89.9999999', '-0.0'][i % 5]}]`)))],
    ['every line not walkable (the general message)', collection(L.replace('"residential"', '"proposed"'))],
  ];
  for (const [name, text] of layouts) {
    it(name, async () => {
      const file = put(`layout-${name.replace(/\W+/g, '-')}.geojson`, text);
      for (const chunkBytes of CHUNKS) await expectSameAsGeneral(file, chunkBytes);
    });
  }
});

describe('anything else goes to the general reader', () => {
  const odd: [string, string][] = [
    ['a Point among the lines', collection(L, '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[113.3,23.1]}}')],
    ['a null geometry', collection(L, '{"type":"Feature","properties":{},"geometry":null}')],
    ['no geometry', collection(L, '{"type":"Feature","properties":{}}')],
    ['coordinates before type', collection(L.replace('{"type":"LineString","coordinates":[[113.3,23.1],[113.301,23.1001]]}', '{"coordinates":[[113.3,23.1],[113.301,23.1001]],"type":"LineString"}'))],
    ['a position out of range', collection(L, L.replace('113.3,', '200,'))],
    ['a position that looks swapped', collection(L.replace('[113.3,23.1]', '[23.1,113.3]'))],
    ['a number too large for a double', collection(L.replace('113.3,', '1e999,'))],
    ['one coordinate', collection(L.replace('[113.3,23.1]', '[113.3]'))],
    ['four coordinates', collection(L.replace('[113.3,23.1]', '[113.3,23.1,1,2]'))],
    ['a coordinate as text', collection(L.replace('[113.3,23.1]', '["113.3",23.1]'))],
    ['a position nested too deep', collection(L.replace('[113.3,23.1]', '[[113.3,23.1]]'))],
    ['a line that is not an array', collection(L.replace('"LineString","coordinates":[[113.3,23.1],[113.301,23.1001]]', '"MultiLineString","coordinates":[5]'))],
    ['properties as text', collection(L.replace('{"highway":"residential"}', '"x"'))],
    ['properties as an array', collection(L.replace('{"highway":"residential"}', '[]'))],
    ['properties nested past the depth limit', collection(L.replace('{"highway":"residential"}', `{"a":${'['.repeat(70)}${']'.repeat(70)}}`))],
    ['a feature bbox', collection(L.replace('{"type":"Feature",', '{"type":"Feature","bbox":[1,2,3,4],'))],
    ['a geometry bbox', collection(L.replace('{"type":"LineString",', '{"type":"LineString","bbox":[1,2,3,4],'))],
    ['an escaped type', collection(L.replace('"Feature"', '"Fe\\u0061ture"'))],
    ['a trailing comma between features', `{"type":"FeatureCollection","features":[${L},]}`],
    ['a trailing comma in a line', collection(L.replace(']]}', '],]}'))],
    ['text after the collection', `${collection(L)} x`],
    ['unterminated', collection(L).slice(0, -3)],
    ['a single Feature', L],
    ['an empty collection', collection()],
    ['a duplicate geometry', collection(L.replace('}}', '},"geometry":null}'))],
    ['a leading zero', collection(L.replace('113.3,', '0113.3,'))],
    ['a bare decimal point', collection(L.replace('113.3,', '113.,'))],
    ['a raw control character in a property', collection(L.replace('"residential"', '"a\u0001b"'))],
  ];
  for (const [name, text] of odd) {
    it(name, async () => {
      const file = put(`odd-${name.replace(/\W+/g, '-')}.geojson`, text);
      for (const chunkBytes of CHUNKS) expect(await scan(file, chunkBytes)).toBeUndefined();
    });
  }

  it('GeoJSONSeq, other formats, an empty or missing file', async () => {
    expect(await scan(put('seq.geojsonl', `${L}\n`))).toBeUndefined();
    expect(await scan(put('seq-like.geojson', `${L}\n${L}\n`))).toBeUndefined();
    expect(await scan(put('empty.geojson', ''))).toBeUndefined();
    expect(await scan('/nonexistent/n.geojson')).toBeUndefined();
    expect(await scan('city.gpkg?layer=roads')).toBeUndefined();
  });

  it('limits: a depth under a MultiLineString\'s four levels, more positions than allowed', async () => {
    const file = put('limits.geojson', collection(L, L));
    expect(await scan(file, undefined, { jsonDepth: 3 })).toBeUndefined();
    expect(await scan(file, undefined, { coordsPerFeature: 1 })).toBeUndefined();
    expect(await scan(file, undefined, { coordsPerFeature: 2, jsonDepth: 4 })).toBeDefined();
  });
});

describe('fast-check: the scanner never disagrees with JSON.parse and buildNetwork', () => {
  // Streets in the common shapes with random coordinates (often shared, so lines join), tags, key
  // order and spacing, sometimes with one byte dropped, doubled or replaced. Whatever the scanner
  // takes must build what the Features build (or fail with the same message); what JSON.parse
  // refuses, the scanner must refuse; an unmutated file in range must be taken.
  const coord = fc.oneof(fc.integer({ min: 0, max: 6 }).map((k) => 113.3 + k * 0.001), fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(-0, 1e-7, 113.30000004));
  const position = fc.tuple(coord, coord.map((x) => x / 2), fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })));
  const line = fc.array(position, { maxLength: 5 });
  const tags = fc.oneof(fc.constant(null), fc.record({
    highway: fc.constantFrom('residential', 'motorway', 'proposed', 'footway', ' Trunk '),
    foot: fc.option(fc.constantFrom('yes', 'no', 'private')),
    name: fc.option(fc.string()),
  }, { requiredKeys: ['highway'] }));
  const feature = fc.record({
    multi: fc.boolean(), lines: fc.array(line, { minLength: 1, maxLength: 3 }), tags, id: fc.option(fc.oneof(fc.integer(), fc.string())),
    order: memberOrder,
  });
  const file = fc.record({
    features: fc.array(feature, { minLength: 1, maxLength: 10 }),
    ...collectionDress,
  });

  it('on 300 random files (seed 2412)', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(file, async ({ features, indent, mutation, chunkBytes }) => {
      const feats = features.map((f) => {
        const lines = f.lines.map((l) => l.map(([x, y, z]) => (z === null ? [x, y] : [x, y, z])));
        const parts: Record<string, unknown> = {
          type: 'Feature', properties: f.tags,
          geometry: f.multi ? { type: 'MultiLineString', coordinates: lines } : { type: 'LineString', coordinates: lines[0] },
        };
        return orderedFeature(parts, f.order, f.id);
      });
      const text = collectionText(feats, indent, mutation);
      const path = put(`prop-${n++ % 4}.geojson`, text);
      const parts = await scan(path, chunkBytes);
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
      if (parsed === undefined) { expect(parts).toBeUndefined(); return; }
      if (!mutation) expect(parts).toBeDefined();
      if (!parts) return;
      const general = await readFeatures(path).then((fs) => outcome(() => buildNetwork(fs, { source: 's' })), (err: Error) => `${err.constructor.name}: ${err.message}`);
      expectSame(general, outcome(() => buildNetworkFromParts(parts, 's')));
    }), { seed: 2412, numRuns: 300 });
  });
});
