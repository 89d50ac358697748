import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature } from 'geojson';
import { streamCollection } from '../src/io/stream-geojson.js';
import { readFeatures } from '../src/io/read-geojson.js';
import { InputError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const write = (text: string, ext = '.geojson') => {
  const p = join(dir, `f${fileNo++}${ext}`);
  writeFileSync(p, text);
  return p;
};

/** Features with the awkward parts of real files: unicode, escapes, nesting, nulls, a property named "features". */
const awkward: Feature[] = [
  { type: 'Feature', properties: { name: '天河区 "东站" \\ 社区', features: [1, 2], nested: { a: [null, true, -0.5e-7] } }, geometry: { type: 'Point', coordinates: [113.3245, 23.1291] } },
  { type: 'Feature', id: 7, properties: null, geometry: { type: 'LineString', coordinates: [[113.3, 23.1], [113.31, 23.11, 12.5]] } },
  { type: 'Feature', properties: { emoji: '🚶', empty: '' }, geometry: null as unknown as Feature['geometry'] },
];

describe('stream-json reader (FeatureCollections too large for one string)', () => {
  it('gives the same features as JSON.parse, whatever comes before the features array', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', name: 'x', bbox: [113, 23, 114, 24], crs: { type: 'name', properties: { name: 'EPSG:4326' } }, features: awkward });
    expect(await streamCollection(write(text))).toEqual(JSON.parse(text).features);
  });

  it('agrees with JSON.parse on random collections (fast-check)', async () => {
    const position = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }));
    const feature = fc.record({
      type: fc.constant('Feature'),
      properties: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: null }),
      geometry: fc.record({ type: fc.constant('LineString'), coordinates: fc.array(position, { minLength: 2, maxLength: 5 }) }),
    });
    await fc.assert(fc.asyncProperty(fc.array(feature, { minLength: 1, maxLength: 20 }), async (features) => {
      const text = JSON.stringify({ type: 'FeatureCollection', features }, null, 1);
      expect(await streamCollection(write(text))).toEqual(JSON.parse(text).features);
    }), { numRuns: 40 });
  });

  it('names the feature that is not a Feature', async () => {
    const p = write(JSON.stringify({ type: 'FeatureCollection', features: [awkward[0], { type: 'Point', coordinates: [1, 2] }] }));
    const err = await streamCollection(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe(p);
    expect((err as InputError).feature).toBe(1);
    expect((err as InputError).field).toBe('type');
  });

  it('rejects broken JSON and a collection without features with an InputError naming the file', async () => {
    const broken = write('{"type":"FeatureCollection","features":[{"type":"Feature",');
    await expect(streamCollection(broken)).rejects.toThrow(InputError);
    await expect(streamCollection(broken)).rejects.toThrow(broken);
    await expect(streamCollection(write('{"type":"FeatureCollection","features":[]}'))).rejects.toThrow(/no features/);
    await expect(streamCollection(write('{"type":"FeatureCollection"}'))).rejects.toThrow(/no features/);
  });
});

describe('GeoJSONSeq', () => {
  const lines = awkward.map((f) => JSON.stringify(f));

  it('reads RFC 8142 records (RS before each), blank lines and CRLF the same as the collection', async () => {
    const seq = ['', ...lines.map((l) => `\x1e${l}`), '', '  ', ''].join('\r\n');
    expect(await readFeatures(write(seq, '.geojsonseq'))).toEqual(awkward);
  });

  it('recognises one feature per line by content, without a telling extension', async () => {
    const seq = `${lines.join('\n')}\n\n`;
    expect(await readFeatures(write(seq, '.json'))).toEqual(awkward);
    expect(await readFeatures(write(`\x1e${lines.join('\n\x1e')}\n`, '.json'))).toEqual(awkward);
  });

  it('names the line that is not JSON, counting features read so far', async () => {
    const p = write(`${lines[0]}\n\n{"type":"Feature",\n`, '.geojsonl');
    const err = await readFeatures(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/line 3 is not valid JSON/);
    expect((err as InputError).feature).toBe(1);
  });
});

describe('line-by-line reader (one feature per line, the layout of osmium, ogr2ogr and our own exports)', async () => {
  const { readCollectionByLines } = await import('../src/io/collection-by-lines.js');
  const oneFeaturePerLine = (features: Feature[], header = '{"type":"FeatureCollection","name":"roads","features":[') =>
    `${header}\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;

  it('gives the same features as JSON.parse', async () => {
    const text = oneFeaturePerLine(awkward);
    expect(await readCollectionByLines(write(text))).toEqual(JSON.parse(text).features);
    const crlf = text.replace(/\n/g, '\r\n');
    expect(await readCollectionByLines(write(crlf))).toEqual(JSON.parse(crlf).features);
  });

  it('declines any other layout, so the streaming parser takes over', async () => {
    const compact = JSON.stringify({ type: 'FeatureCollection', features: awkward });
    const pretty = JSON.stringify({ type: 'FeatureCollection', features: awkward }, null, 2);
    const trailingKeys = oneFeaturePerLine(awkward).replace(/\]\}\n$/, '],\n"bbox":[1,2,3,4]}\n');
    const splitFeature = oneFeaturePerLine(awkward).replace('"Feature","properties":{"emoji"', '"Feature",\n"properties":{"emoji"');
    for (const text of [compact, pretty, trailingKeys, splitFeature]) {
      expect(await readCollectionByLines(write(text))).toBeUndefined();
      expect(await streamCollection(write(text))).toEqual(JSON.parse(text).features);
    }
  });

  it('names the file and feature when a line is a Feature with bad properties', async () => {
    const bad = `{"type":"FeatureCollection","features":[\n${JSON.stringify(awkward[0])},\n{"type":"Feature","properties":5,"geometry":null}\n]}\n`;
    const p = write(bad);
    await expect(readCollectionByLines(p)).rejects.toThrow(/feature 1, field properties/);
  });
});
