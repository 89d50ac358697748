import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_CATEGORIES, generateCity, writeCity } from '../benchmarks/synthetic-city.js';
import { CATEGORIES } from '../scripts/synth/facilities.js';
import { pointInRings } from '../scripts/synth/geometry.js';
import { GUANGZHOU } from '../scripts/synth/projection.js';
import { analyze } from '../src/scoring/analyze.js';

// Size S of the benchmark city: about 10k edges, generated twice from the same seed (identical files)
// and once from another (different files), in both output formats.

let root: string;
const dirs: Record<'a' | 'b' | 'other', string> = { a: '', b: '', other: '' };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lifecircle-city-'));
  for (const [name, seed] of [['a', 7], ['b', 7], ['other', 8]] as const) {
    dirs[name] = join(root, name);
    await writeCity(generateCity('S', seed), dirs[name], 'both');
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) {
    if (f === 'city.json') continue;
    out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  }
  return out;
}

const read = async <T>(name: string): Promise<FeatureCollection<T extends 'line' ? LineString : T extends 'poly' ? Polygon : Point>> =>
  JSON.parse(await readFile(join(dirs.a, name), 'utf8'));

describe('synthetic benchmark city, size S', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, other] = await Promise.all([hashes(dirs.a), hashes(dirs.b), hashes(dirs.other)]);
    expect(Object.keys(a)).toHaveLength(8);
    expect(b).toEqual(a);
    for (const f of Object.keys(a)) expect(other[f]).not.toBe(a[f]);
  });

  it('has counts near the size targets', async () => {
    const manifest = JSON.parse(await readFile(join(dirs.a, 'city.json'), 'utf8'));
    const net = await read<'line'>('network.geojson');
    let edges = 0;
    for (const f of net.features) edges += f.geometry.coordinates.length - 1;
    expect(edges).toBe(manifest.counts.edges);
    expect(edges).toBeGreaterThan(8_000);
    expect(edges).toBeLessThan(13_000);
    expect(manifest.counts.communities).toBeGreaterThanOrEqual(15);
    expect(manifest.counts.communities).toBeLessThanOrEqual(60);
    expect(manifest.counts.populationPoints).toBeGreaterThan(9_000);
    expect(manifest.counts.populationPoints).toBeLessThan(11_000);
    expect(manifest.counts.facilities).toBeGreaterThan(250);
    expect(manifest.counts.facilities).toBeLessThan(350);
  });

  it('writes the same features as GeoJSON and as GeoJSONSeq', async () => {
    for (const layer of ['network', 'communities', 'population', 'facilities']) {
      const fc = JSON.parse(await readFile(join(dirs.a, `${layer}.geojson`), 'utf8'));
      const lines = (await readFile(join(dirs.a, `${layer}.geojsonl`), 'utf8')).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((l) => JSON.parse(l))).toEqual(fc.features);
    }
  });

  it('writes population text identical to the feature objects', () => {
    const city = generateCity('S', 3);
    const text = [...city.populationJson(GUANGZHOU)];
    expect(text).toEqual([...city.populationFeatures(GUANGZHOU)].map((f) => JSON.stringify(f)));
  });

  it('gives every community residents inside it, summing to its population', async () => {
    const comms = await read<'poly'>('communities.geojson');
    const pop = await read<'point'>('population.geojson');
    const rings = comms.features.map((f) =>
      f.geometry.coordinates.map((r) => r.slice(0, -1).flatMap(([lon, lat]) => [(lon - GUANGZHOU.lon0) * GUANGZHOU.kx, (lat - GUANGZHOU.lat0) * GUANGZHOU.ky])),
    );
    const sums = new Array<number>(rings.length).fill(0);
    for (const p of pop.features) {
      const [lon, lat] = p.geometry.coordinates;
      const x = (lon - GUANGZHOU.lon0) * GUANGZHOU.kx;
      const y = (lat - GUANGZHOU.lat0) * GUANGZHOU.ky;
      const homes = rings.flatMap((r, i) => (pointInRings(r, x, y) ? [i] : []));
      expect(homes).toHaveLength(1);
      sums[homes[0]] += p.properties!.population;
    }
    comms.features.forEach((f, i) => {
      expect(f.properties!.population).toBeGreaterThan(0);
      expect(sums[i]).toBe(f.properties!.population);
    });
    expect(new Set(comms.features.map((f) => f.properties!.name)).size).toBe(comms.features.length);
    expect(new Set(comms.features.map((f) => f.properties!.kind))).toEqual(new Set(['urban', 'rural']));
  });

  it('has facilities of every catalogue category with unique ids', async () => {
    const fac = await read<'point'>('facilities.geojson');
    expect(new Set(fac.features.map((f) => f.properties!.category))).toEqual(new Set(BENCH_CATEGORIES));
    expect(BENCH_CATEGORIES).toEqual(CATEGORIES);
    expect(new Set(fac.features.map((f) => f.properties!.id)).size).toBe(fac.features.length);
  });

  it('has a river crossed only on bridges, and roads that are not walkable', async () => {
    const net = await read<'line'>('network.geojson');
    const tags = net.features.map((f) => f.properties ?? {});
    expect(tags.filter((t) => t.bridge === 'yes' && t.highway !== 'motorway').length).toBeGreaterThanOrEqual(2);
    expect(tags.some((t) => t.highway === 'motorway')).toBe(true);
    expect(tags.some((t) => t.access === 'private')).toBe(true);
    expect(tags.some((t) => t.foot === 'no')).toBe(true);
  });
});

describe('the spread layout', () => {
  // The same counts over a Guangzhou-shaped extent (80 x 55 km at L, scaled with the square root of
  // the edges), several centres with countryside between, and capacities on nearly every facility.
  const city = generateCity('spread-M', 1);

  it('spans about 25 x 17 km at M, with urban and rural communities and a compact city\'s counts', () => {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let v = 0; v < city.net.vertexCount; v++) {
      minX = Math.min(minX, city.net.x(v)); maxX = Math.max(maxX, city.net.x(v));
      minY = Math.min(minY, city.net.y(v)); maxY = Math.max(maxY, city.net.y(v));
    }
    expect(maxX - minX).toBeGreaterThan(22_000);
    expect(maxX - minX).toBeLessThan(29_000);
    expect(maxY - minY).toBeGreaterThan(15_000);
    expect(maxY - minY).toBeLessThan(20_000);
    expect(city.net.edgeCount).toBeGreaterThan(80_000);
    expect(city.net.edgeCount).toBeLessThan(120_000);
    expect(city.communities.length).toBeGreaterThan(250);
    expect(city.communities.length).toBeLessThan(400);
    const rural = city.communities.filter((c) => c.kind === 'rural').length;
    expect(rural / city.communities.length).toBeGreaterThan(0.2);
    expect(rural / city.communities.length).toBeLessThan(0.8);
  });

  it('states a capacity on about nine in ten facilities, in every category', () => {
    const withCapacity = city.facilities.filter((f) => f.capacity !== undefined);
    expect(withCapacity.length / city.facilities.length).toBeGreaterThan(0.85);
    expect(new Set(withCapacity.map((f) => f.category))).toEqual(new Set(BENCH_CATEGORIES));
  });

  it('lets some communities reach the default standard\'s convenient circle and fewer the quality circle', () => {
    // Every category of guangzhou-1530 has facilities, including the ones its presence rules count
    // (a Yikang station and a children's home in the community; a Yikang centre, social-work station
    // and Kangyuan centre in the street), so attainment is neither nil nor complete.
    const small = generateCity('spread-S', 1);
    const analysis = analyze({
      network: [...small.networkFeatures(GUANGZHOU)], facilities: [...small.facilityFeatures(GUANGZHOU)],
      communities: [...small.communityFeatures(GUANGZHOU)], population: [...small.populationFeatures(GUANGZHOU)],
    });
    const scored = analysis.communities.length;
    const convenient = analysis.communities.filter((c) => c.attained.convenient).length;
    const quality = analysis.communities.filter((c) => c.attained.quality).length;
    expect(convenient / scored).toBeGreaterThan(0.2);
    expect(convenient / scored).toBeLessThan(0.95);
    expect(quality).toBeGreaterThan(0);
    expect(quality).toBeLessThan(convenient);
    for (const category of analysis.categories) expect(small.facilities.some((f) => f.category === category)).toBe(true);
  });

  it('leaves the compact layout as it was (its own generator version)', () => {
    expect(city.facilities.length).toBeGreaterThan(2_500);
    const compact = generateCity('S', 7);
    expect(compact.facilities.some((f) => f.category === 'health' && f.capacity !== undefined)).toBe(false);
  });
});
