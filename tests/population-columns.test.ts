// Population points read as columns (io/scan-point-collection.ts) must be exactly what the general
// reader makes of the same file, and anything the scanner does not take must go to the general reader,
// which reads it or names the problem as it always has. The oracle is JSON.parse (readFeatures).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Point, Polygon } from 'geojson';
import { readFeatures } from '../src/io/read-geojson.js';
import { readLayer } from '../src/io/read-layer.js';
import { readPointColumns } from '../src/io/read-point-columns.js';
import type { PointColumns } from '../src/geo/point-columns.js';
import { readCommunities, type Community } from '../src/scoring/communities.js';
import { communityIndex, containingCommunity, residentsOf } from '../src/scoring/residents.js';
import { CommunityLocator } from '../src/scoring/community-locator.js';
import { gridCells } from '../src/units/grid-cells.js';
import { analyze } from '../src/scoring/analyze.js';
import type { ImportDiagnostic } from '../src/io/diagnostics.js';
import { demoFeatures, DEMO_DIR } from './support/demo-scenario.js';
import { scratchDir } from './support/scratch.js';
import { collectionDress, collectionText, memberOrder, orderedFeature } from './support/collection-fuzz.js';

const { put } = scratchDir('lifecircle-columns-');
const DEMO_POPULATION = `${DEMO_DIR}population.geojson`;
const CHUNKS = [1, 7, 64, undefined];

/** The general reader's points: each feature's Point and its raw weight, which must be a number to compare. */
async function oracle(file: string, field = 'population') {
  const features = await readFeatures(file);
  return features.map((f) => ({ coordinates: (f.geometry as Point).coordinates, weight: f.properties?.[field] as unknown }));
}

/** Columns equal to the oracle value for value (Object.is: -0 stays -0). */
async function expectSameAsGeneral(file: string, columns: PointColumns | undefined, field = 'population') {
  expect(columns, 'the scanner took the file').toBeDefined();
  const want = await oracle(file, field);
  expect(columns!.count).toBe(want.length);
  want.forEach((w, i) => {
    if (!Object.is(columns!.lon[i], w.coordinates[0]) || !Object.is(columns!.lat[i], w.coordinates[1]) || !Object.is(columns!.weight[i], w.weight)) {
      throw new Error(`point ${i}: columns [${columns!.lon[i]}, ${columns!.lat[i]}] ${columns!.weight[i]}, general ${JSON.stringify(w)}`);
    }
  });
}

const pt = (lon: number, lat: number, properties: Record<string, unknown> | null = { population: 10 }): Feature => (
  { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } });

describe('scanPointCollection reads what the general reader reads', () => {
  it('the demo district (one feature a line), at every chunk size', async () => {
    for (const chunkBytes of CHUNKS) await expectSameAsGeneral(DEMO_POPULATION, await readPointColumns(DEMO_POPULATION, { chunkBytes }));
  });

  const demo = () => ({ type: 'FeatureCollection', features: demoFeatures('population').slice(0, 200) });
  const layouts: [string, () => string | Uint8Array][] = [
    ['pretty-printed (2 spaces)', () => JSON.stringify(demo(), null, 2)],
    ['tabs and CRLF', () => JSON.stringify(demo(), null, '\t').replace(/\n/g, '\r\n')],
    ['ogr2ogr style: name, crs, then features, spaces after colons', () => {
      const feats = demo().features.map((f) => `{ "type": "Feature", "properties": { "population": ${f.properties!.population} }, "geometry": { "type": "Point", "coordinates": [ ${(f.geometry as Point).coordinates.join(', ')} ] } }`);
      return `{\n"type": "FeatureCollection",\n"name": "population",\n"crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },\n"features": [\n${feats.join(',\n')}\n]\n}\n`;
    }],
    ['geometry first, id, type last', () => JSON.stringify({ features: demo().features.map((f, i) => ({ geometry: f.geometry, id: i % 2 ? i : `p${i}`, properties: f.properties, type: 'Feature' })), type: 'FeatureCollection' })],
    ['a byte-order mark', () => `\uFEFF${JSON.stringify(demo())}`],
    ['z values, more properties of every scalar kind, escapes and Chinese text', () => JSON.stringify({
      type: 'FeatureCollection', bbox: [113, 23, 114, 24], features: demo().features.map((f, i) => ({
        ...f,
        properties: { 名称: `楼 ${i} "A\\B"\n\u0001`, population: f.properties!.population, ok: i % 2 === 0, note: null, 'k\u00e9y': 1.5e-7 },
        geometry: { type: 'Point', coordinates: [...(f.geometry as Point).coordinates, 12.5] },
      })),
    })],
    ['numbers in every JSON spelling', () => {
      const spellings = ['113.3', '113.30490470000001234', '1.133e2', '11330E-2', '113.3049047E+0', '-0', '0', '0.0', '-0.0', '9007199254740993', '1e-320', '23.1', '1E2', '0.1e1'];
      const feats = spellings.map((s, i) => `{"type":"Feature","properties":{"population":${spellings[(i + 5) % spellings.length].replace('-', '')}},"geometry":{"type":"Point","coordinates":[${s},${spellings[(i + 3) % spellings.length]}]}}`);
      return `{"type":"FeatureCollection","features":[${feats.join(',')}]}`;
    }],
    ['an escaped key that is the weight field, others escaped too', () => '{"type":"FeatureCollection","features":[' +
      '{"type":"Feature","properties":{"\\u540d":"x","popul\\u0061tion":7},"geometry":{"type":"Point","coordinates":[113.3,23.1]}}]}'],
  ];
  for (const [name, text] of layouts) {
    it(name, async () => {
      const file = put(`layout-${name.replace(/\W+/g, '-')}.geojson`, text());
      for (const chunkBytes of CHUNKS) await expectSameAsGeneral(file, await readPointColumns(file, { chunkBytes }));
    });
  }

  it('another weight field (--population-field)', async () => {
    const file = put('field.geojson', { type: 'FeatureCollection', features: [pt(113.3, 23.1, { 人口: 5, population: 'x' }), pt(113.31, 23.11, { 人口: 0 })] });
    await expectSameAsGeneral(file, await readPointColumns(file, { field: '人口' }), '人口');
  });
});

describe('anything else goes to the general reader', () => {
  const P = '{"type":"Feature","properties":{"population":10},"geometry":{"type":"Point","coordinates":[113.3,23.1]}}';
  const collection = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
  const odd: [string, string][] = [
    ['a Polygon among the points', collection(P, JSON.stringify({ type: 'Feature', properties: { population: 1 }, geometry: { type: 'Polygon', coordinates: [[[113, 23], [113.1, 23], [113, 23.1], [113, 23]]] } }))],
    ['a weight as text', collection(P, P.replace('10', '"1,234"'))],
    ['a null weight', collection(P, P.replace('10', 'null'))],
    ['no weight', collection(P, P.replace('"population":10', '"other":10'))],
    ['null properties', collection(P, P.replace('{"population":10}', 'null'))],
    ['no properties', collection(P, P.replace('"properties":{"population":10},', ''))],
    ['a nested property', collection(P.replace('{"population":10}', '{"population":10,"tags":{"a":1}}'))],
    ['an array property', collection(P.replace('{"population":10}', '{"population":10,"tags":[1]}'))],
    ['the weight twice', collection(P.replace('{"population":10}', '{"population":10,"population":20}'))],
    ['null geometry', collection(P, P.replace(/"geometry":\{.*\}\}$/, '"geometry":null}'))],
    ['one coordinate', collection(P.replace('[113.3,23.1]', '[113.3]'))],
    ['a coordinate as text', collection(P.replace('[113.3,23.1]', '["113.3",23.1]'))],
    ['a feature bbox', collection(P.replace('{"type":"Feature",', '{"type":"Feature","bbox":[1,2,3,4],'))],
    ['a Point with a crs member', collection(P.replace('{"type":"Point",', '{"type":"Point","crs":null,'))],
    ['an escaped type', collection(P.replace('"Feature"', '"Fe\\u0061ture"'))],
    ['a trailing comma between features', `{"type":"FeatureCollection","features":[${P},]}`],
    ['a trailing comma in properties', collection(P.replace('{"population":10}', '{"population":10,}'))],
    ['text after the collection', `${collection(P)} x`],
    ['a second collection after the first', `${collection(P)}${collection(P)}`],
    ['unterminated', collection(P).slice(0, -3)],
    ['a single Feature', P],
    ['an empty collection', collection()],
    ['no features member', '{"type":"FeatureCollection"}'],
    ['a Feature type on the collection', collection(P).replace('FeatureCollection', 'Feature')],
    ['a raw control character in a string', collection(P.replace('{"population":10}', '{"population":10,"n":"a\u0001b"}'))],
    ['a bad escape', collection(P.replace('{"population":10}', '{"population":10,"n":"a\\xb"}'))],
    ['a leading zero', collection(P.replace('10', '010'))],
    ['a plus sign', collection(P.replace('10', '+10'))],
    ['a bare decimal point', collection(P.replace('113.3', '113.'))],
    ['NaN', collection(P.replace('10', 'NaN'))],
    ['a feature that is not an object', collection(P, '5')],
    ['a crs member nested deeper than the depth limit', `{"type":"FeatureCollection","crs":${'['.repeat(70)}${']'.repeat(70)},"features":[${P}]}`],
    ['single quotes', collection(P.replace('"population"', "'population'"))],
  ];
  for (const [name, text] of odd) {
    it(name, async () => {
      const file = put(`odd-${name.replace(/\W+/g, '-')}.geojson`, text);
      for (const chunkBytes of CHUNKS) expect(await readPointColumns(file, { chunkBytes })).toBeUndefined();
    });
  }

  it('GeoJSONSeq, other formats, an empty or missing file', async () => {
    expect(await readPointColumns(put('seq.geojsonl', `${JSON.stringify(pt(113.3, 23.1))}\n`))).toBeUndefined();
    expect(await readPointColumns(put('seq-like.geojson', `${JSON.stringify(pt(113.3, 23.1))}\n${JSON.stringify(pt(113.3, 23.1))}\n`))).toBeUndefined();
    expect(await readPointColumns(put('empty.geojson', ''))).toBeUndefined();
    expect(await readPointColumns(put('x.csv', 'lon,lat,population\n113.3,23.1,5\n'))).toBeUndefined();
    expect(await readPointColumns('/nonexistent/p.geojson')).toBeUndefined();
    expect(await readPointColumns('city.gpkg?layer=population')).toBeUndefined();
  });

  it('a depth limit under the two levels a Point needs', async () => {
    expect(await readPointColumns(DEMO_POPULATION, { limits: { jsonDepth: 1 } })).toBeUndefined();
    expect(await readPointColumns(DEMO_POPULATION, { limits: { jsonDepth: 2 } })).toBeDefined();
  });
});

describe('fast-check: the scanner never disagrees with JSON.parse', () => {
  // Features in the common shape with random numbers, keys, key order and spacing, sometimes with one
  // byte dropped, doubled or replaced. Whatever the scanner takes, JSON.parse must read the same points;
  // what JSON.parse refuses, the scanner must refuse; an unmutated common shape must be taken.
  const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 113.3049047, 23.1072941, 1e21, 5e-324));
  const scalar = fc.oneof(number, fc.string(), fc.string({ unit: 'binary' }), fc.boolean(), fc.constant(null));
  const feature = fc.record({
    lon: number, lat: number, z: fc.option(number), weight: number, id: fc.option(fc.oneof(fc.integer(), fc.string())),
    extra: fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== 'population'), scalar, { maxKeys: 3 }),
    order: memberOrder,
  });
  const file = fc.record({
    features: fc.array(feature, { minLength: 1, maxLength: 12 }),
    ...collectionDress,
  });

  it('on 300 random files (seed 1530)', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(file, async ({ features, indent, mutation, chunkBytes }) => {
      const feats = features.map((f) => {
        const parts: Record<string, unknown> = {
          type: 'Feature',
          properties: { ...f.extra, population: f.weight },
          geometry: { type: 'Point', coordinates: f.z === null ? [f.lon, f.lat] : [f.lon, f.lat, f.z] },
        };
        return orderedFeature(parts, f.order, f.id);
      });
      const text = collectionText(feats, indent, mutation);
      const path = put(`prop-${n++ % 4}.geojson`, text);
      const columns = await readPointColumns(path, { chunkBytes });
      let parsed: { features?: unknown } | undefined;
      try { parsed = JSON.parse(text) as { features?: unknown }; } catch { parsed = undefined; }
      if (!parsed) { expect(columns).toBeUndefined(); return; }
      if (!mutation) expect(columns).toBeDefined();
      if (columns) await expectSameAsGeneral(path, columns);
    }), { seed: 1530, numRuns: 300 });
  });
});

describe('residents, --units and analyze take the columns with the same results and messages', () => {
  const communities = () => readCommunities(demoFeatures('communities'));

  it('residentsOf: columns equal features on the demo district', async () => {
    const columns = (await readPointColumns(DEMO_POPULATION))!;
    const fromColumns = residentsOf(communities(), { population: columns });
    const fromFeatures = residentsOf(communities(), { population: demoFeatures('population') });
    expect(fromColumns).toEqual(fromFeatures);
    expect(fromColumns.method).toContain('points');
  });

  const bad: [string, Feature][] = [
    ['a negative weight', pt(113.3, 23.1, { population: -3 })],
    ['a position out of range', pt(200, 23.1)],
    ['a position that looks swapped', pt(23.1, 113.3)],
    ['a projected position', pt(500000, 2550000)],
  ];
  for (const [name, f] of bad) {
    it(`${name}: the same InputError as for features`, async () => {
      const features = [pt(113.29, 23.09), f];
      const file = put(`bad-${name.replace(/\W+/g, '-')}.geojson`, { type: 'FeatureCollection', features });
      const columns = await readPointColumns(file);
      expect(columns).toBeDefined();
      const message = (population: readonly Feature[] | PointColumns) => {
        try { residentsOf(communities(), { population, source: file }); } catch (err) { return (err as Error).message; }
        return 'no error';
      };
      expect(message(columns!)).toBe(message(features));
      expect(message(columns!)).toMatch(/feature 1, field .*(population|coordinates)/);
    });
  }

  it('gridCells (--units): columns equal features', async () => {
    const columns = (await readPointColumns(DEMO_POPULATION))!;
    for (const shape of ['hex', 'grid'] as const) {
      expect(gridCells({ shape, sizeM: 300 }, columns)).toEqual(gridCells({ shape, sizeM: 300 }, demoFeatures('population')));
    }
  });

  it('--population-crs gcj02: the offset removed as readLayer removes it, and said the same way', async () => {
    const notesColumns: ImportDiagnostic[] = [], notesFeatures: ImportDiagnostic[] = [];
    const columns = (await readPointColumns(DEMO_POPULATION, { crs: 'gcj02', notes: notesColumns }))!;
    const features = await readLayer(DEMO_POPULATION, { crs: 'gcj02', notes: notesFeatures });
    expect(notesColumns).toEqual(notesFeatures);
    features.forEach((f, i) => {
      const [lon, lat] = (f.geometry as Point).coordinates;
      expect([columns.lon[i], columns.lat[i]]).toEqual([lon, lat]);
    });
    expect(columns.lon[0]).not.toBe(demoFeatures('population')[0].geometry.type === 'Point' ? (demoFeatures('population')[0].geometry as Point).coordinates[0] : 0);
  });

  it('analyze: the same analysis from columns as from features', async () => {
    const inputs = { network: demoFeatures('network'), facilities: demoFeatures('facilities'), communities: demoFeatures('communities') };
    const a = analyze({ ...inputs, population: (await readPointColumns(DEMO_POPULATION))! });
    const b = analyze({ ...inputs, population: demoFeatures('population') });
    expect(a.communities).toEqual(b.communities);
    expect(a.facilities).toEqual(b.facilities);
    expect(a.residents).toEqual(b.residents);
    expect({ ...a.diagnostics, timingsMs: 0 }).toEqual({ ...b.diagnostics, timingsMs: 0 });
  });

  it('analyze refuses a PointColumns of the wrong shape, naming the input', () => {
    const inputs = { network: demoFeatures('network'), facilities: demoFeatures('facilities'), communities: demoFeatures('communities') };
    const columns = { type: 'PointColumns', count: 3, lon: new Float64Array(3), lat: [0, 0, 0], weight: new Float64Array(3), field: 'population' } as unknown as PointColumns;
    expect(() => analyze({ ...inputs, population: columns })).toThrow(/population, field lat: PointColumns needs lat as a Float64Array of at least 3 values/);
  });
});

describe('CommunityLocator finds what the R-tree search finds', () => {
  // Overlapping squares and triangles on a small area, and points on their corners, edges and inside:
  // the first community in input order holding the point, or -1, as containingCommunity says.
  const coord = fc.integer({ min: 0, max: 40 }).map((v) => 113 + v / 400);
  const latitude = fc.integer({ min: 0, max: 40 }).map((v) => 23 + v / 400);
  const shape = fc.record({ x: coord, y: latitude, w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 12 }), triangle: fc.boolean() });
  it('on 200 random layouts (seed 1530)', () => {
    fc.assert(fc.property(fc.array(shape, { minLength: 1, maxLength: 25 }), fc.array(fc.tuple(coord, latitude), { maxLength: 60 }), (shapes, extra) => {
      const features: Feature<Polygon>[] = shapes.map((s, i) => {
        const x1 = s.x + s.w / 400, y1 = s.y + s.h / 400;
        const ring = s.triangle ? [[s.x, s.y], [x1, s.y], [s.x, y1], [s.x, s.y]] : [[s.x, s.y], [x1, s.y], [x1, y1], [s.x, y1], [s.x, s.y]];
        return { type: 'Feature', properties: { id: `c${i}`, kind: 'urban' }, geometry: { type: 'Polygon', coordinates: [ring] } };
      });
      const communities: Community[] = readCommunities(features);
      const locator = new CommunityLocator(communities);
      const index = communityIndex(communities);
      const points = [...extra, ...features.flatMap((f) => f.geometry.coordinates[0] as [number, number][]),
        ...features.map((f) => { const r = f.geometry.coordinates[0]; return [(r[0][0] + r[1][0]) / 2, r[0][1]] as [number, number]; }), [112, 23], [114, 24], [113.05, 22.9]];
      for (const [x, y] of points) expect(locator.locate(x, y)).toBe(containingCommunity(index, communities, [x, y]));
    }), { seed: 1530, numRuns: 200 });
  });

  it('no communities: nothing holds any point', () => {
    expect(new CommunityLocator([]).locate(113.3, 23.1)).toBe(-1);
  });
});
