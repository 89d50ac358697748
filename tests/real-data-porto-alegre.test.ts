import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Feature, LineString } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import { travelTimes } from '../src/routing/travel-times.js';
import { isWalkable } from '../src/network/walkable.js';
import { seeded } from './support/geo.js';
import { oracleFor, oracleLink, oracleNearest } from './support/oracle.js';

// Real OSM streets (15,852 ways) against the oracle's plain Dijkstra over every vertex: in the slow
// project, as it takes seconds; skipped where the shared data folder is absent.
const POA = new URL('../../shared/data/porto-alegre/poa-roads.geojson', import.meta.url);

describe.skipIf(!existsSync(POA))('Porto Alegre street network (real OSM)', () => {
  it('travel times agree with a plain Dijkstra over every vertex for sampled points', () => {
    const fcoll = JSON.parse(readFileSync(POA, 'utf8')) as { features: Feature<LineString>[] };
    const walkable = fcoll.features.filter((f) => isWalkable(f.properties));
    const net = buildNetwork(fcoll.features);
    expect(net.stats.features).toBe(15852);
    expect(net.stats.edges).toBeGreaterThan(15000);
    const { g, project } = oracleFor(walkable, net);
    const rand = seeded(2024);
    const [minX, minY, maxX, maxY] = [-51.24, -30.1, -51.15, -30.0];
    const sample = (n: number) => Array.from({ length: n }, () => [minX + rand() * (maxX - minX), minY + rand() * (maxY - minY)]);
    const facilities = sample(6).map((c) => ({ type: 'Feature' as const, properties: { category: 'health' }, geometry: { type: 'Point' as const, coordinates: c } }));
    const points = sample(150).map((c) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: c } }));
    // Linking with the island rule off so that the oracle's nearest-segment scan is comparable.
    const result = travelTimes(net, facilities, points, { minIslandVertices: 0 }).byCategory.get('health')!;
    const osrc = facilities.map((f) => oracleLink(g, ...project(f.geometry.coordinates[0], f.geometry.coordinates[1]), 500)).filter((l) => l !== undefined);
    let agree = 0;
    points.forEach((p, i) => {
      const ol = oracleLink(g, ...project(p.geometry.coordinates[0], p.geometry.coordinates[1]), 500);
      const expectedMin = ol ? oracleNearest(g, osrc, ol) / 60 : Infinity;
      const ours = result.minutes[i];
      if (expectedMin === Infinity ? ours === Infinity : Math.abs(ours - expectedMin) <= Math.max(0.05, 0.005 * expectedMin)) agree++;
    });
    expect(agree / points.length).toBeGreaterThanOrEqual(0.995);
  });
});
