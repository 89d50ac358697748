import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { ll, line, point } from './support/geo.js';

const { dir, put } = scratchDir('lc-tt-');

const network = put('streets.geojson', fc([line([[0, 0], [500, 0], [1000, 0]]), line([[500, 0], [500, 600]])]));
const facilities = put('facilities.geojson', fc([
  point(0, 10, { id: 'clinic-1', category: 'health' }),
  point(500, 590, { id: 'market-1', category: 'grocery' }),
]));
const points = put('homes.geojson', fc([point(1000, 10, { id: 'home-a' }), point(500, 5000, { id: 'far-away' }), point(250, -10)]));

describe('lifecircle travel-times', () => {
  it('writes one row per point with minutes and the nearest facility, empty when unreachable', async () => {
    const out = join(dir, 'times.csv');
    const r = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['id', 'grocery_min', 'grocery_facility', 'health_min', 'health_facility']);
    // home-a: 10 m off + 1000 m along + 10 m off to the clinic = 1020 m = 17.00 min at 60 m/min.
    expect(rows[0]).toMatchObject({ id: 'home-a', health_min: '17.00', health_facility: 'clinic-1' });
    // home-a to the market, which stands on the side street: 10 + 500 + 590 + 0 = 1100 m = 18.33 min.
    expect(rows[0].grocery_min).toBe('18.33');
    expect(rows[1]).toMatchObject({ id: 'far-away', health_min: '', health_facility: '' });
    expect(rows[2].id).toBe('2'); // no id: the feature's index
  });

  it('honours --categories, --speed-kmh and writes to stdout without --out', async () => {
    const r = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--categories', 'health', '--speed-kmh', '7.2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('id,health_min,health_facility');
    expect(r.stdout).toContain('home-a,8.50,clinic-1');
  });
});

describe('bad input: exit code 2, one line naming file, feature and field, no output written', () => {
  const out = join(dir, 'never.csv');
  const swapped = put('swapped.geojson', fc([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[23.1, 113.3], [23.2, 113.3]] } }]));
  const projected = put('projected.geojson', fc([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[440000, 2550000], [440100, 2550000]] } }]));
  const nan = put('nan.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[113.3,23.1],[null,23.1]]}}]}');
  const pointNet = put('points-as-network.geojson', fc([line([[0, 0], [10, 0]]), point(0, 0)]));
  const empty = put('empty.geojson', fc([]));
  const notJson = put('broken.geojson', '{"type": "FeatureCollection", "features": [');
  const outOfRange = put('range.geojson', fc([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[190, 23], [113, 23]] } }]));
  const polygonFacility = put('bad-facilities.geojson', fc([{ type: 'Feature', properties: { category: 'health' }, geometry: { type: 'Polygon', coordinates: [[ll(0, 0), ll(1, 0), ll(0, 0)]] } }]));
  const seq = put('seq.geojsonl', `${JSON.stringify(line([[0, 0], [10, 0]]))}\n{not json}\n`);

  it.each([
    ['swapped lat/lon', ['--network', swapped], /swapped\.geojson, feature 0, field geometry\.coordinates\[0\]: .*look swapped/],
    ['projected metres', ['--network', projected], /projected\.geojson, feature 0, field geometry\.coordinates\[0\]: .*look projected/],
    ['non-finite coordinate', ['--network', nan], /nan\.geojson, feature 0, field geometry\.coordinates\[1\]: coordinates must be finite/],
    ['a Point in the network', ['--network', pointNet], /points-as-network\.geojson, feature 1, field geometry\.type: a network needs LineString/],
    ['empty collection', ['--network', empty], /empty\.geojson, field features: .*no features/],
    ['invalid JSON', ['--network', notJson], /broken\.geojson: not valid JSON/],
    ['out of range', ['--network', outOfRange], /range\.geojson, feature 0, field geometry\.coordinates\[0\]: .*out of range/],
    ['missing file', ['--network', join(dir, 'nope.geojson')], /nope\.geojson: no such file/],
    ['bad line in GeoJSONSeq', ['--network', seq], /seq\.geojsonl, feature 1: line 2 is not valid JSON/],
    ['degenerate polygon facility', ['--facilities', polygonFacility], /bad-facilities\.geojson, feature 0, field geometry\.coordinates/],
    ['bad speed', ['--speed-kmh', 'fast'], /--speed-kmh.*expected a number of km\/h/],
  ])('%s', async (_name, override, message) => {
    const args: Record<string, string> = { '--network': network, '--facilities': facilities, '--points': points };
    const extra: string[] = [];
    for (let i = 0; i < override.length; i += 2) {
      if (override[i] in args) args[override[i]] = override[i + 1];
      else extra.push(override[i], override[i + 1]);
    }
    const r = await runCli(['travel-times', ...Object.entries(args).flat(), ...extra, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // the message (and commander's usage hint)
    expect(existsSync(out)).toBe(false);
  });
});
