import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import { analyze } from '../src/scoring/analyze.js';
import { categorizeAll } from '../src/standards/category-map.js';
import { isWalkable } from '../src/network/walkable.js';
import { oracleDijkstra, oracleGraph, oracleLines, oracleLink } from './support/oracle.js';
import { seeded } from './support/geo.js';
import { featurePosition } from '../src/geo/feature-point.js';

const DIR = new URL('../../shared/data/monaco/', import.meta.url);
const read = <T extends Geometry>(name: string) => JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as FeatureCollection<T>;

/**
 * Monaco end to end: its 9 quarters as communities, buildings as residents (footprint x levels), OSM
 * POIs through the category map. A network the engine's tests never saw.
 */
describe.skipIf(!existsSync(DIR))('Monaco, end to end', () => {
  // Loaded in beforeAll: a skipped suite's body still runs to collect its tests.
  let roads: FeatureCollection<LineString>, pois: FeatureCollection<Geometry>;
  let result: ReturnType<typeof analyze>;
  beforeAll(() => {
    roads = read<LineString>('monaco-roads.geojson');
    pois = read<Geometry>('monaco-pois.geojson');
    const quarters = read<Geometry>('monaco-quarters.geojson');
    const buildings = read<Point>('monaco-buildings.geojson');
    const population = buildings.features.map((b) => ({
      ...b,
      properties: { population: (b.properties?.footprint_m2 ?? 0) * (Number(b.properties?.levels) || 1) },
    }));
    result = analyze(
      { network: roads.features, facilities: pois.features, communities: quarters.features, population },
      { defaultKind: 'urban' },
    );
  });

  it('scores the 9 quarters, each with buildings as residents', () => {
    expect(result.communities).toHaveLength(9);
    expect(result.communities.every((c) => c.method === 'points' && c.samples > 0)).toBe(true);
    expect(result.kinds.find((k) => k.kind === 'urban')!.scored).toBe(9);
  });

  it('is consistent: attainment follows the rule outcomes, shares are shares, quality implies convenient', () => {
    for (const c of result.communities) {
      const conv = c.rules.filter((r) => r.rule.level === 'convenient');
      expect(c.attained.convenient).toBe(conv.every((r) => r.met));
      expect(c.attained.quality).toBe(c.attained.convenient === true && c.rules.every((r) => r.met));
      for (const r of c.rules) {
        expect(r.share).toBeGreaterThanOrEqual(0);
        expect(r.share).toBeLessThanOrEqual(1);
        // A presence rule is met when a facility is present (share 1), a walking rule at its minimum share.
        expect(r.met).toBe(r.rule.within ? r.share === 1 : r.share >= r.rule.minShare - 1e-12);
      }
    }
    const urban = result.kinds.find((k) => k.kind === 'urban')!;
    expect(urban.attained.convenient).toBe(result.communities.filter((c) => c.attained.convenient).length);
  });

  it('counts facilities per category as the category map does', () => {
    const expected = categorizeAll(pois.features);
    for (const [category, n] of Object.entries(result.diagnostics.facilities.byCategory)) expect(n).toBe(expected.counts[category]);
    expect(result.diagnostics.facilities.unmatched).toBe(expected.unmatched.length);
    expect(result.diagnostics.categoriesWithoutFacilities).toContain('elder-care'); // none in the 2016 snapshot
  });

  it('resident distances to sports facilities agree with an independent Dijkstra', () => {
    const net = result.network;
    const { lon0, lat0, kx, ky } = net.plane;
    const project = (lon: number, lat: number): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky];
    const g = oracleGraph(oracleLines(roads.features.filter((f) => isWalkable(f.properties)), project));
    const sports = result.facilities.filter((f) => f.category === 'sports' && f.linked);
    const seeds: [number, number][] = [];
    const sportLinks = sports.map((f) => {
      const [x, y] = xyOfFacility(result, f.index, pois.features as Feature[]);
      return oracleLink(g, x, y, 500)!;
    });
    for (const l of sportLinks) {
      const [a, b] = g.segments[l.seg];
      const len = Math.hypot(g.xs[b] - g.xs[a], g.ys[b] - g.ys[a]);
      seeds.push([a, l.off + l.t * len], [b, l.off + (1 - l.t) * len]);
    }
    const dist = oracleDijkstra(g, seeds);
    const rand = seeded(11);
    const ours = result.residentDistancesM.get('sports')!;
    let agree = 0, n = 0;
    for (let k = 0; k < 300; k++) {
      const r = Math.floor(rand() * result.residents.count);
      const [x, y] = project(result.residents.lon[r], result.residents.lat[r]);
      const l = oracleLink(g, x, y, 500);
      if (!l) continue;
      const [a, b] = g.segments[l.seg];
      const len = Math.hypot(g.xs[b] - g.xs[a], g.ys[b] - g.ys[a]);
      let expected = Math.min(dist[a] + l.t * len, dist[b] + (1 - l.t) * len);
      sportLinks.forEach((s) => { if (s.seg === l.seg) expected = Math.min(expected, s.off + Math.abs(s.t - l.t) * len); });
      expected += l.off;
      n++;
      // Island rule: the oracle links to the nearest segment whatever its component; allow those few.
      if (Math.abs(ours[r] - expected) <= Math.max(0.05 * 60, 0.005 * expected)) agree++;
    }
    expect(n).toBeGreaterThan(250);
    expect(agree / n).toBeGreaterThanOrEqual(0.98);
  });
});

function xyOfFacility(result: ReturnType<typeof analyze>, i: number, features: Feature[]): [number, number] {
  const [lon, lat] = featurePosition(features[i], 'pois', i);
  const { lon0, lat0, kx, ky } = result.network.plane;
  return [(lon - lon0) * kx, (lat - lat0) * ky];
}

describe.skipIf(!existsSync(DIR))('Monaco travel-times against an independent implementation of the travel time', () => {
  it('agree to a microminute for every point (the issue asks 0.5% or 0.05 min for 99.5%)', async () => {
    const { travelTimes } = await import('../src/routing/travel-times.js');
    const { buildNetwork } = await import('../src/network/build-network.js');
    const roads = read<LineString>('monaco-roads.geojson');
    const net = buildNetwork(roads.features);
    const { lon0, lat0, kx, ky } = net.plane;
    const project = (lon: number, lat: number): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky];
    const g = oracleGraph(oracleLines(roads.features.filter((f) => isWalkable(f.properties)), project));
    const rand = seeded(99);
    const at = (): Feature<Point> => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [7.405 + rand() * 0.035, 43.725 + rand() * 0.028] } });
    const facilities = Array.from({ length: 5 }, () => ({ ...at(), properties: { category: 'health' } }));
    const points = Array.from({ length: 400 }, at);
    // The oracle links to the nearest segment whatever its component, so the island rule is off here.
    const ours = travelTimes(net, facilities, points, { minIslandVertices: 0 }).byCategory.get('health')!.minutes;
    const link = (f: Feature<Point>) => oracleLink(g, ...project(f.geometry.coordinates[0], f.geometry.coordinates[1]), 500);
    const sources = facilities.map(link).filter((l) => l !== undefined);
    const seeds: [number, number][] = [];
    const len = (seg: number) => { const [a, b] = g.segments[seg]; return Math.hypot(g.xs[b] - g.xs[a], g.ys[b] - g.ys[a]); };
    for (const s of sources) { const [a, b] = g.segments[s.seg]; seeds.push([a, s.off + s.t * len(s.seg)], [b, s.off + (1 - s.t) * len(s.seg)]); }
    const dist = oracleDijkstra(g, seeds);
    let agree = 0;
    points.forEach((p, i) => {
      const l = link(p);
      let expected = Infinity;
      if (l) {
        const [a, b] = g.segments[l.seg];
        expected = Math.min(dist[a] + l.t * len(l.seg), dist[b] + (1 - l.t) * len(l.seg));
        for (const s of sources) if (s.seg === l.seg) expected = Math.min(expected, s.off + Math.abs(s.t - l.t) * len(l.seg));
        expected = (expected + l.off) / 60;
      }
      if (expected === Infinity ? ours[i] === Infinity : Math.abs(ours[i] - expected) <= 1e-6) agree++;
    });
    expect(agree).toBe(points.length);
  });
});
