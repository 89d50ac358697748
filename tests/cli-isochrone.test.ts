import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { blockGrid as gridCity } from './support/geo.js';

describe('lifecircle isochrone (CLI)', () => {
  it('writes one MultiPolygon per origin and threshold, lines on request, and notes unlinked origins', async () => {
    const { mkdtempSync, writeFileSync, readFileSync: read } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../src/cli/main.js');
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-iso-'));
    const feats = gridCity(6);
    writeFileSync(join(dir, 'net.geojson'), JSON.stringify({ type: 'FeatureCollection', features: feats }));
    const near = feats[8].geometry.coordinates[0];
    const out = join(dir, 'iso.geojson');
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => { stderr.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      await main(['node', 'lifecircle', 'isochrone', '--network', join(dir, 'net.geojson'), '--from', `${near[0]},${near[1]}`, '113.9,23.9',
        '--minutes', '4,8', '--lines', '--out', out]);
    } finally {
      process.stderr.write = write;
    }
    expect(process.exitCode ?? 0).toBe(0);
    const fc = JSON.parse(read(out, 'utf8')) as { features: Feature[] };
    const polygons = fc.features.filter((f) => f.geometry.type === 'MultiPolygon').map((f) => f.properties);
    expect(polygons).toEqual([
      { origin: 0, minutes: 4, linked: true }, { origin: 0, minutes: 8, linked: true },
      { origin: 1, minutes: 4, linked: false }, { origin: 1, minutes: 8, linked: false },
    ]);
    const lines = fc.features.filter((f) => f.geometry.type === 'LineString');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.properties!.origin === 0 && l.properties!.toMin <= 8 && l.properties!.fromMin <= 8)).toBe(true);
    expect(stderr.join('')).toMatch(/origin 1 is farther than 500 m/);
    expect(stderr.join('')).not.toMatch(/LAT,LON/);

    // An origin given as LAT,LON: out of range in Guangzhou, so refused at once (exit 2)...
    stderr.length = 0;
    process.stderr.write = ((s: string) => { stderr.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      await main(['node', 'lifecircle', 'isochrone', '--network', join(dir, 'net.geojson'), '--from', `${near[1]},${near[0]}`, '--out', out]);
      expect(process.exitCode).toBe(2);
      expect(stderr.join('')).toMatch(/look swapped/);
      process.exitCode = 0;
      // ...and in range both ways in Monaco (lon 7.4, lat 43.7), where the note says what is likely wrong.
      const monaco = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[7.42, 43.73], [7.421, 43.731]] } }] };
      writeFileSync(join(dir, 'monaco.geojson'), JSON.stringify(monaco));
      stderr.length = 0;
      await main(['node', 'lifecircle', 'isochrone', '--network', join(dir, 'monaco.geojson'), '--from', '43.7302,7.4202', '--out', out]);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.join('')).toMatch(/did you give LAT,LON\? --from takes LON,LAT/);

    // Neither --from nor --origins: exit 2 with one line saying so.
    stderr.length = 0;
    process.stderr.write = ((s: string) => { stderr.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      await main(['node', 'lifecircle', 'isochrone', '--network', join(dir, 'net.geojson'), '--quiet']);
    } finally {
      process.stderr.write = write;
    }
    expect(process.exitCode).toBe(2);
    expect(stderr.join('')).toMatch(/give the origins either with --from LON,LAT or with --origins FILE/);
    process.exitCode = 0;
  });
});
