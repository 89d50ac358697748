import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importOsm } from '../src/intake/classified-readers.js';
import { chainRings, nestRings, pointInRing, signedArea2 } from '../src/io/osm/rings.js';
import { areaM2, interiorPoint } from '../src/io/osm/interior-point.js';
import { NodeIdSet } from '../src/io/osm/node-locations.js';
import { categorize } from '../src/standards/category-map.js';
import { isWalkable } from '../src/network/walkable.js';
import { importOsmCommand } from '../src/cli/import-osm.js';
import { chooseAdminLevel } from '../src/io/osm/admin-level.js';
import { parseBuildingLevels } from '../src/io/osm/building-levels.js';
import { communityKindFromName } from '../src/io/osm/community-kind.js';
import { runCli } from './support/run-cli.js';
import { InputError } from '../src/errors.js';
import { writeTestPbf, type TestNode, type TestRelation, type TestWay } from './helpers/osm-pbf-writer.js';

const data = (p: string) => fileURLToPath(new URL(`../../shared/data/${p}`, import.meta.url));
const MONACO = data('monaco/monaco.osm.pbf');
const POA = data('porto-alegre/poa_osm.pbf');

function insidePolygon(p: Position, g: Polygon | MultiPolygon): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((rings) => pointInRing(p[0], p[1], rings[0]) && !rings.slice(1).some((h) => pointInRing(p[0], p[1], h)));
}

describe('chainRings: member ways in any order and direction', () => {
  it('rebuilds a ring cut into pieces, shuffled and some reversed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, pieces, flips, seed) => {
          const ring = Array.from({ length: n }, (_, i) => 100 + i);
          ring.push(ring[0]);
          // Cut points along the ring (distinct, sorted), then pieces sharing their end nodes.
          const cuts = [...new Set(Array.from({ length: Math.min(pieces, n) - 1 }, (_, i) => 1 + ((seed * (i + 7)) % (n - 1))))].sort((a, b) => a - b);
          const bounds = [0, ...cuts, n];
          let ways = bounds.slice(1).map((end, i) => ({ refs: ring.slice(bounds[i], end + 1) }));
          ways = ways.map((w, i) => (flips[i % 8] ? { refs: [...w.refs].reverse() } : w));
          ways.sort((a, b) => ((a.refs[0] * 31 + seed) % 17) - ((b.refs[0] * 31 + seed) % 17));
          const { rings, openChains } = chainRings(ways);
          expect(openChains).toBe(0);
          expect(rings).toHaveLength(1);
          const got = rings[0];
          expect(got[0]).toBe(got[got.length - 1]);
          // Same cycle up to rotation and direction.
          const body = got.slice(0, -1);
          const start = body.indexOf(100);
          const rotated = [...body.slice(start), ...body.slice(0, start)];
          const forward = ring.slice(0, -1);
          const backward = [forward[0], ...forward.slice(1).reverse()];
          expect([JSON.stringify(forward), JSON.stringify(backward)]).toContain(JSON.stringify(rotated));
        },
      ),
    );
  });

  it('reports a chain that cannot close (a member missing from the extract)', () => {
    const { rings, openChains } = chainRings([{ refs: [1, 2, 3] }, { refs: [3, 4] }]);
    expect(rings).toHaveLength(0);
    expect(openChains).toBe(1);
  });
});

describe('NodeLocations: coordinates of the needed nodes only', () => {
  it('answers like a Map for any needed ids, offers and query order (property)', () => {
    const id = fc.integer({ min: 1, max: 2 ** 40 });
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 200 }), fc.array(id, { maxLength: 200 }), fc.array(id, { maxLength: 300 }), (needed, offered, queries) => {
        const set = new NodeIdSet();
        set.addAll(needed);
        const locations = set.finish();
        const expected = new Map<number, [number, number]>();
        const wanted = new Set(needed);
        // Offers in file order (sorted, as in most PBFs) and out of order: both must work.
        for (const o of [...offered, ...needed].sort((a, b) => a - b).concat(offered)) {
          const p: [number, number] = [o % 360, (o % 170) - 85];
          locations.offer(o, p[0], p[1]);
          if (wanted.has(o)) expected.set(o, p);
        }
        expect(locations.size).toBe(wanted.size);
        for (const q of [...queries, ...needed]) expect(locations.get(q)).toEqual(expected.get(q) ?? null);
      }),
    );
  });
});

describe('nestRings', () => {
  const square = (x0: number, y0: number, s: number, ccw: boolean): Position[] => {
    const r = [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];
    return ccw ? r : r.reverse();
  };
  it('makes a hole of a ring inside another, with RFC 7946 winding whatever the input winding', () => {
    const g = nestRings([square(2, 2, 1, true), square(0, 0, 5, false)]);
    expect(g?.type).toBe('Polygon');
    const rings = (g as Polygon).coordinates;
    expect(rings).toHaveLength(2);
    expect(signedArea2(rings[0])).toBeGreaterThan(0);
    expect(signedArea2(rings[1])).toBeLessThan(0);
  });
  it('keeps disjoint rings as parts of a MultiPolygon, and an island in a hole as a part', () => {
    const g = nestRings([square(0, 0, 10, true), square(2, 2, 6, true), square(4, 4, 1, true), square(20, 0, 1, true)]);
    expect(g?.type).toBe('MultiPolygon');
    const parts = (g as MultiPolygon).coordinates;
    expect(parts.map((p) => p.length).sort()).toEqual([1, 1, 2]);
  });
});

describe('interiorPoint and areaM2', () => {
  it('puts a U-shaped polygon\'s point on its own ground, not in the courtyard where its centroid falls', () => {
    const u: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
    const p = interiorPoint(u);
    expect(insidePolygon(p, u)).toBe(true);
  });
  it('returns a point inside random star-shaped polygons with a hole', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 5, maxLength: 30 }), (radii) => {
        const ring: Position[] = radii.map((r, i) => {
          const a = (2 * Math.PI * i) / radii.length;
          return [r * Math.cos(a), r * Math.sin(a)];
        });
        ring.push(ring[0]);
        const hole: Position[] = [[-0.1, -0.1], [-0.1, 0.1], [0.1, 0.1], [0.1, -0.1], [-0.1, -0.1]];
        const g: Polygon = { type: 'Polygon', coordinates: [ring, hole] };
        expect(insidePolygon(interiorPoint(g), g)).toBe(true);
      }),
    );
  });
  it('measures a 0.001 x 0.001 degree cell at 43.7305 N as the ellipsoid does (hand-worked M and N radii)', () => {
    const a = 6378137;
    const f = 1 / 298.257223563;
    const e2 = f * (2 - f);
    const phi = (43.7305 * Math.PI) / 180;
    const w = 1 - e2 * Math.sin(phi) ** 2;
    const N = a / Math.sqrt(w);
    const M = (a * (1 - e2)) / w ** 1.5;
    const expected = ((0.001 * Math.PI) / 180) * N * Math.cos(phi) * (((0.001 * Math.PI) / 180) * M);
    const cell: Polygon = { type: 'Polygon', coordinates: [[[7.42, 43.73], [7.421, 43.73], [7.421, 43.731], [7.42, 43.731], [7.42, 43.73]]] };
    expect(Math.abs(areaM2(cell) - expected) / expected).toBeLessThan(1e-4);
  });
});

describe('importOsm on a PBF written here', () => {
  // A 100 m grid around (113.3, 23.1) in Guangzhou; node ids say where they are.
  const d = 0.001;
  const at = (id: number, i: number, j: number, tags?: Record<string, string>): TestNode => ({ id, lon: 113.3 + i * d, lat: 23.1 + j * d, tags });
  const nodes: TestNode[] = [
    // community outer ring corners (0,0)-(4,4) and hole (1,1)-(2,2)
    at(1, 0, 0), at(2, 4, 0), at(3, 4, 4), at(4, 0, 4), at(5, 2, 0),
    at(11, 1, 1), at(12, 2, 1), at(13, 2, 2), at(14, 1, 2),
    // a U-shaped school
    at(21, 5, 0), at(22, 8, 0), at(23, 8, 3), at(24, 7, 3), at(25, 7, 1), at(26, 6, 1), at(27, 6, 3), at(28, 5, 3),
    // a footway, a building 1 x 1 cell with 3 levels
    at(31, 0, 5), at(32, 3, 5), at(41, 10, 0), at(42, 11, 0), at(43, 11, 1), at(44, 10, 1),
    // a kindergarten node and an untagged node
    at(51, 3, 3, { amenity: 'kindergarten', name: '阳光幼儿园' }), at(52, 9, 9),
    // names with service keywords on things that are not services
    at(53, 9, 8, { place: 'neighbourhood', name: '菜市场' }), at(54, 9, 7, { building: 'yes', name: '登峰街社区卫生服务站' }),
    // a pitch drawn as a multipolygon of two open ways
    at(61, 12, 0), at(62, 13, 0), at(63, 13, 1), at(64, 12, 1),
  ];
  const ways: TestWay[] = [
    // community boundary in three pieces, listed out of order, the middle one reversed
    { id: 103, refs: [3, 4, 1] },
    { id: 101, refs: [1, 5, 2] },
    { id: 102, refs: [3, 2] },
    { id: 104, refs: [11, 12, 13, 14, 11] },
    { id: 201, refs: [21, 22, 23, 24, 25, 26, 27, 28, 21], tags: { amenity: 'school', 'isced:level': '1', name: 'Primary' } },
    { id: 301, refs: [31, 32], tags: { highway: 'footway', name: '医院路' } },
    { id: 302, refs: [32, 99, 52], tags: { highway: 'service' } }, // node 99 is not in the file
    { id: 303, refs: [52, 52], tags: { highway: 'steps' } }, // degenerate
    { id: 401, refs: [41, 42, 43, 44, 41], tags: { building: 'apartments', 'building:levels': '3' } },
    { id: 402, refs: [41, 42, 43, 41], tags: { building: 'garage' } },
    { id: 601, refs: [61, 62, 63] },
    { id: 602, refs: [61, 64, 63] },
  ];
  const relations: TestRelation[] = [
    { id: 900, tags: { type: 'boundary', boundary: 'administrative', admin_level: '10', name: '测试社区', population: '4,500' },
      members: [{ type: 'way' as const, ref: 101, role: 'outer' }, { type: 'way' as const, ref: 104, role: 'inner' },
        { type: 'way' as const, ref: 102, role: 'outer' }, { type: 'node' as const, ref: 51, role: 'label' }, { type: 'way' as const, ref: 103, role: 'outer' }] },
    { id: 901, tags: { type: 'boundary', boundary: 'administrative', admin_level: '8', name: 'Street' },
      members: [{ type: 'way' as const, ref: 101, role: 'outer' }] },
    { id: 902, tags: { type: 'multipolygon', leisure: 'pitch' },
      members: [{ type: 'way' as const, ref: 602, role: 'outer' }, { type: 'way' as const, ref: 601, role: 'outer' }] },
  ];
  const bytes = writeTestPbf(nodes, ways, relations);

  it('builds the community from scrambled member ways, with its hole, at the finest admin level', async () => {
    const r = await importOsm(bytes);
    expect(r.summary.adminLevel).toBe(10);
    expect(r.summary.adminLevels).toEqual({ '8': 1, '10': 1 });
    expect(r.communities.features).toHaveLength(1);
    const c = r.communities.features[0];
    expect(c.properties).toMatchObject({ id: 'relation/900', name: '测试社区', kind: 'urban', population: 4500 });
    const g = c.geometry as Polygon;
    expect(g.type).toBe('Polygon');
    expect(g.coordinates).toHaveLength(2);
    // 4 x 4 cells minus the 1 x 1 hole, in squared degrees
    expect(Math.abs(signedArea2(g.coordinates[0]) / 2)).toBeCloseTo(16 * d * d, 12);
    expect(Math.abs(signedArea2(g.coordinates[1]) / 2)).toBeCloseTo(d * d, 12);
  });

  it('reports an admin boundary clipped by the extract instead of making a wrong polygon', async () => {
    const r = await importOsm(bytes, { adminLevel: 8 });
    expect(r.communities.features).toHaveLength(0);
    expect(r.summary.diagnostics.map((x) => x.code)).toContain('community-boundary-incomplete');
  });

  it('turns tagged nodes, closed ways and multipolygons into categorized points on their own ground', async () => {
    const r = await importOsm(bytes);
    const byId = new Map(r.facilities.features.map((f) => [f.properties!.id, f]));
    // Not the place named 菜市场 nor the road named 医院路; the named building is a clinic.
    expect([...byId.keys()].sort()).toEqual(['node/51', 'node/54', 'relation/902', 'way/201']);
    expect(byId.get('node/54')!.properties!.category).toBe('health');
    expect(byId.get('node/51')!.properties).toMatchObject({ category: 'kindergarten', name: '阳光幼儿园', amenity: 'kindergarten' });
    expect(byId.get('node/51')!.geometry.coordinates).toEqual([113.3 + 3 * d, 23.1 + 3 * d]);
    const school = byId.get('way/201')!;
    expect(school.properties!.category).toBe('primary-school');
    const u: Polygon = { type: 'Polygon', coordinates: [[21, 22, 23, 24, 25, 26, 27, 28, 21].map((id) => { const n = nodes.find((x) => x.id === id)!; return [n.lon, n.lat]; })] };
    expect(insidePolygon(school.geometry.coordinates, u)).toBe(true);
    expect(byId.get('relation/902')!.properties!.category).toBe('sports');
    expect(byId.get('relation/902')!.geometry.coordinates[0]).toBeCloseTo(113.3 + 12.5 * d, 9);
  });

  it('keeps highway ways with their tags, drops nodes outside the extract, skips degenerate ways', async () => {
    const r = await importOsm(bytes);
    const lines = new Map(r.network.features.map((f) => [f.properties!.id, f]));
    // way/302 is node 32, a node outside, node 52: one position either side of the gap, no line.
    expect([...lines.keys()].sort()).toEqual(['way/301']);
    expect(lines.get('way/301')!.properties!.highway).toBe('footway');
    expect(r.summary.skipped).toMatchObject({ waysMissingNodes: 1, degenerateWays: 2 });
  });

  it('weights buildings by footprint x levels and leaves garages out', async () => {
    const r = await importOsm(bytes, { buildings: true });
    expect(r.buildings!.features).toHaveLength(1);
    const b = r.buildings!.features[0].properties!;
    const cell = areaM2({ type: 'Polygon', coordinates: [[[113.31, 23.1], [113.311, 23.1], [113.311, 23.101], [113.31, 23.101], [113.31, 23.1]]] });
    expect(b.footprint_m2).toBeCloseTo(cell, 0);
    expect(b.population).toBeCloseTo(3 * cell, 0);
    expect(r.summary.skipped.nonResidentialBuildings).toBe(1);
  });

  it('rejects a file that is not a PBF with an InputError', async () => {
    await expect(importOsm(new TextEncoder().encode('<?xml version="1.0"?><osm></osm>'))).rejects.toBeInstanceOf(InputError);
  });

  it('writes the four outputs and a summary through the CLI function, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-'));
    const pbf = join(dir, 'test.osm.pbf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(pbf, bytes);
    try {
      const out = join(dir, 'out');
      await importOsmCommand(pbf, { out, buildings: true, quiet: true });
      expect(readdirSync(out).sort()).toEqual(['buildings.geojson', 'communities.geojson', 'facilities.geojson', 'import-summary.json', 'network.geojson']);
      const communities = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8'));
      expect(communities.features[0].properties.name).toBe('测试社区');
      const summary = JSON.parse(readFileSync(join(out, 'import-summary.json'), 'utf8'));
      expect(summary.counts.facilities).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Like with like: osmium exports a closed way tagged area=yes as a polygon only, never as a line. */
function osmiumWouldExportAsLine(f: Feature): boolean {
  const c = (f.geometry as { coordinates: Position[] }).coordinates;
  const closed = c[0][0] === c[c.length - 1][0] && c[0][1] === c[c.length - 1][1];
  return !(closed && f.properties?.area === 'yes');
}

const lineKey = (f: Feature) => JSON.stringify((f.geometry as { coordinates: Position[] }).coordinates);

function countByCategory(features: Feature[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of features) {
    const c = categorize(f.properties);
    if (c) out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

describe.skipIf(!existsSync(MONACO))('importOsm on the Monaco extract (compared with osmium exports beside it)', async () => {
  const r = existsSync(MONACO) ? await importOsm(MONACO) : undefined;
  const roads = existsSync(MONACO) ? JSON.parse(readFileSync(data('monaco/monaco-roads.geojson'), 'utf8')).features as Feature[] : [];

  it('has the same highway lines as osmium, geometry for geometry, once its area=yes rule is applied', () => {
    const mine = r!.network.features.filter(osmiumWouldExportAsLine);
    expect(mine).toHaveLength(roads.length);
    expect(new Set(mine.map(lineKey))).toEqual(new Set(roads.map(lineKey)));
    // The difference, exactly: closed pedestrian squares etc. that we keep as walkable outlines.
    expect(r!.network.features.length - mine.length).toBe(r!.summary.counts.highwayAreas);
    expect(r!.summary.counts.highwayAreas).toBe(21);
    // highway ways in the file = lines + ways with fewer than two distinct positions.
    expect(r!.summary.counts.highwayWays).toBe(r!.network.features.length + r!.summary.skipped.degenerateWays);
  });

  it('has the same walkable ways as osmium under the walkable filter', () => {
    const mineWalkable = r!.network.features.filter(osmiumWouldExportAsLine).filter((f) => isWalkable(f.properties)).length;
    const refWalkable = roads.filter((f) => isWalkable(f.properties)).length;
    expect(mineWalkable).toBe(refWalkable);
  });

  it('has the same facilities per category as osmium (points and areas; its closed ways also appear as lines)', () => {
    const pois = JSON.parse(readFileSync(data('monaco/monaco-pois.geojson'), 'utf8')).features as Feature[];
    const points = pois.filter((f) => f.geometry.type === 'Point');
    const areas = pois.filter((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon');
    const openLines = pois.filter((f) => f.geometry.type === 'LineString' && osmiumWouldExportAsLine(f) && (() => {
      const c = (f.geometry as { coordinates: Position[] }).coordinates;
      return c[0][0] !== c[c.length - 1][0] || c[0][1] !== c[c.length - 1][1];
    })());
    // Open ways with a facility category would be neither point nor area on either side.
    expect(countByCategory(openLines)).toEqual({});
    const mine = r!.facilities.features;
    expect(countByCategory(mine)).toEqual(countByCategory([...points, ...areas]));
    const fromNodes = mine.filter((f) => String(f.properties!.id).startsWith('node/'));
    expect(countByCategory(fromNodes)).toEqual(countByCategory(points));
    // Every facility carries the category its own tags give.
    for (const f of mine) expect(f.properties!.category).toBe(categorize({ ...f.properties, category: undefined }));
  });

  it('makes the 9 quarters (admin_level 10) into communities with closed rings matching osmium\'s', () => {
    const quarters = JSON.parse(readFileSync(data('monaco/monaco-quarters.geojson'), 'utf8')).features as Feature<MultiPolygon>[];
    expect(r!.summary.adminLevel).toBe(10);
    const mine = r!.communities.features;
    expect(mine.map((f) => f.properties!.name).sort()).toEqual(quarters.map((f) => f.properties!.name).sort());
    for (const f of mine) {
      // Monaco's quarter names say nothing of urban or rural: no kind is made up.
      expect(f.properties!.kind).toBeUndefined();
      expect(String(f.properties!.id)).toMatch(/^relation\/\d+$/);
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : (f.geometry as MultiPolygon).coordinates;
      for (const rings of polys) {
        for (const ring of rings) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
        }
        expect(signedArea2(rings[0])).toBeGreaterThan(0);
      }
      const ref = quarters.find((q) => q.properties!.name === f.properties!.name)!;
      // Shoelace area in squared degrees does not depend on where a ring starts or which way it runs.
      const degreeArea = (g: Polygon | MultiPolygon) =>
        (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).reduce((s, rings) => s + rings.reduce((t, ring, i) => t + (i === 0 ? 1 : -1) * Math.abs(signedArea2(ring)), 0), 0);
      const a = degreeArea(f.geometry);
      expect(Math.abs(a - degreeArea(ref.geometry)) / a).toBeLessThan(1e-9);
      const vertices = (g: Polygon | MultiPolygon) => new Set((g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2).map((p) => p.join(',')));
      expect(vertices(f.geometry)).toEqual(vertices(ref.geometry));
    }
  });
});

describe.skipIf(!existsSync(POA))('importOsm on the Porto Alegre extract', async () => {
  const r = existsSync(POA) ? await importOsm(POA) : undefined;
  it('has the same highway lines as osmium once its area=yes rule is applied', () => {
    const roads = JSON.parse(readFileSync(data('porto-alegre/poa-roads.geojson'), 'utf8')).features as Feature[];
    const mine = r!.network.features.filter(osmiumWouldExportAsLine);
    expect(mine).toHaveLength(roads.length);
    expect(new Set(mine.map(lineKey))).toEqual(new Set(roads.map(lineKey)));
    expect(r!.summary.counts.highwayAreas).toBe(34);
    expect(mine.filter((f) => isWalkable(f.properties)).length).toBe(roads.filter((f) => isWalkable(f.properties)).length);
  });
  it('finds the extract\'s only facilities (a sports centre and a marketplace) and no admin boundary, with a warning', () => {
    expect(countByCategory(r!.facilities.features)).toEqual({ sports: 1, grocery: 1 });
    expect(r!.communities.features).toHaveLength(0);
    expect(r!.summary.diagnostics.map((x) => x.code)).toContain('no-admin-boundaries');
  });
});

/** A synthetic grid of 100 m cells around (113.3, 23.1); `grid(i, j)` is a node id that says where it is. */
const cell = 0.001;
const gridId = (i: number, j: number) => 1_000_000 + i * 1000 + j;
const gridNode = (i: number, j: number): TestNode => ({ id: gridId(i, j), lon: 113.3 + i * cell, lat: 23.1 + j * cell });
/** As the PBF stores it: to 1e-7 degrees. */
const gridPos = (i: number, j: number): Position => [Math.round((113.3 + i * cell) * 1e7) / 1e7, Math.round((23.1 + j * cell) * 1e7) / 1e7];
const stored = (c: Position[]) => c.map((p) => p.map((v) => Math.round(v * 1e7) / 1e7));

/** A closed rectangle way over grid nodes (counter-clockwise), and the nodes it needs. */
function rectangle(wayId: number, i0: number, j0: number, i1: number, j1: number, tags?: Record<string, string>) {
  const corners: Array<[number, number]> = [[i0, j0], [i1, j0], [i1, j1], [i0, j1]];
  const way: TestWay = { id: wayId, refs: [...corners, corners[0]].map(([i, j]) => gridId(i, j)), tags };
  return { way, nodes: corners.map(([i, j]) => gridNode(i, j)) };
}

/** Admin boundary relations, each a rectangle way, written into one PBF. */
function adminPbf(boundaries: Array<{ id: number; level: number; box: [number, number, number, number]; name?: string }>, extra: { nodes?: TestNode[]; ways?: TestWay[] } = {}) {
  const nodes = new Map<number, TestNode>();
  const ways: TestWay[] = [...(extra.ways ?? [])];
  const relations: TestRelation[] = [];
  for (const b of boundaries) {
    const r = rectangle(b.id + 50_000, ...b.box);
    for (const n of r.nodes) nodes.set(n.id, n);
    ways.push(r.way);
    relations.push({
      id: b.id,
      tags: { type: 'boundary', boundary: 'administrative', admin_level: String(b.level), name: b.name ?? `B${b.id}` },
      members: [{ type: 'way', ref: r.way.id, role: 'outer' }],
    });
  }
  for (const n of extra.nodes ?? []) nodes.set(n.id, n);
  return writeTestPbf([...nodes.values()].sort((a, b) => a.id - b.id), ways, relations);
}

describe('importOsm: a highway that leaves the extract and comes back', () => {
  // Way 700 runs 0 -> 1 -> [out] -> 3 -> 4 -> [out] -> 6 -> [out] -> 8 -> 9 along row 0: three
  // stretches inside, one of them a single node. Way 701 is clipped at its end only.
  const inside = [0, 1, 3, 4, 6, 8, 9].map((i) => gridNode(i, 0));
  const ways: TestWay[] = [
    { id: 700, refs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => gridId(i, 0)), tags: { highway: 'footway', name: '海滨步道' } },
    { id: 701, refs: [gridId(0, 0), gridId(1, 0), gridId(2, 0)], tags: { highway: 'service' } },
  ];
  const bytes = writeTestPbf(inside, ways, []);

  it('writes each stretch inside as its own line, with the way\'s tags, and never joins them across the gap', async () => {
    const r = await importOsm(bytes);
    const lines = new Map(r.network.features.map((f) => [f.properties!.id, f]));
    expect([...lines.keys()].sort()).toEqual(['way/700#1', 'way/700#2', 'way/700#3', 'way/701']);
    expect(stored(lines.get('way/700#1')!.geometry.coordinates)).toEqual([gridPos(0, 0), gridPos(1, 0)]);
    expect(stored(lines.get('way/700#2')!.geometry.coordinates)).toEqual([gridPos(3, 0), gridPos(4, 0)]);
    expect(stored(lines.get('way/700#3')!.geometry.coordinates)).toEqual([gridPos(8, 0), gridPos(9, 0)]);
    expect(stored(lines.get('way/701')!.geometry.coordinates)).toEqual([gridPos(0, 0), gridPos(1, 0)]);
    for (const k of [1, 2, 3]) expect(lines.get(`way/700#${k}`)!.properties).toMatchObject({ highway: 'footway', name: '海滨步道' });
    // No segment of any line spans a missing node: consecutive positions are one cell apart.
    for (const f of r.network.features) {
      const c = f.geometry.coordinates;
      for (let i = 1; i < c.length; i++) expect(Math.abs(c[i][0] - c[i - 1][0])).toBeCloseTo(cell, 9);
    }
    expect(r.summary.counts).toMatchObject({ networkLines: 4, splitWays: 1, highwayWays: 2 });
    expect(r.summary.skipped).toMatchObject({ waysMissingNodes: 2, degenerateWays: 0 });
    expect(r.summary.diagnostics.find((d) => d.code === 'ways-clipped')?.message).toContain('1 of them cut into several lines');
  });

  it('does not close a building or facility ring across a missing node', async () => {
    const b = rectangle(710, 0, 2, 2, 4, { building: 'apartments', amenity: 'kindergarten' });
    const present = b.nodes.filter((n) => n.id !== gridId(2, 4));
    const r = await importOsm(writeTestPbf(present, [b.way], []), { buildings: true });
    expect(r.buildings!.features).toHaveLength(0);
    expect(r.facilities.features).toHaveLength(0);
    expect(r.summary.skipped.brokenAreas).toBe(2);
  });
});

describe('community kind', () => {
  it('reads the kind a name states and nothing else', () => {
    expect(communityKindFromName('石牌村')).toBe('rural');
    expect(communityKindFromName('石牌村村委会')).toBe('rural');
    expect(communityKindFromName('华师社区')).toBe('urban');
    expect(communityKindFromName('石牌村社区')).toBe('urban');
    expect(communityKindFromName('东山居委会')).toBe('urban');
    expect(communityKindFromName(' 东山居民委员会 ')).toBe('urban');
    for (const n of ['Monte-Carlo', '村口街道', '天河区', '', undefined]) expect(communityKindFromName(n)).toBeUndefined();
  });

  // Four quarters tiling a level-8 street: a village, a 社区, a 居委会 and one whose name says nothing.
  const bytes = adminPbf([
    { id: 1, level: 8, box: [0, 0, 8, 2], name: '石牌街道' },
    { id: 2, level: 10, box: [0, 0, 2, 2], name: '棠下村' },
    { id: 3, level: 10, box: [2, 0, 4, 2], name: '华师社区' },
    { id: 4, level: 10, box: [4, 0, 6, 2], name: '东山居委会' },
    { id: 5, level: 10, box: [6, 0, 8, 2], name: 'Riverside' },
  ]);
  const kinds = (features: Feature[]) => Object.fromEntries(features.map((f) => [f.properties!.name, f.properties!.kind]));

  it('leaves kind out where the name does not say it, unless the caller gives one', async () => {
    const plain = await importOsm(bytes);
    expect(kinds(plain.communities.features)).toEqual({ 棠下村: 'rural', 华师社区: 'urban', 东山居委会: 'urban', Riverside: undefined });
    expect('kind' in plain.communities.features.find((f) => f.properties!.name === 'Riverside')!.properties!).toBe(false);
    expect(plain.summary.counts.communitiesByKind).toEqual({ urban: 2, rural: 1, none: 1 });
    // The caller's kind fills the gap; it does not overrule a name that says otherwise.
    const rural = await importOsm(bytes, { communityKind: 'rural' });
    expect(kinds(rural.communities.features)).toEqual({ 棠下村: 'rural', 华师社区: 'urban', 东山居委会: 'urban', Riverside: 'rural' });
  });

  it('import-osm --kind sets it, and help and output say communities may come without a kind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-kind-'));
    const { writeFileSync } = await import('node:fs');
    const pbf = join(dir, 'k.osm.pbf');
    writeFileSync(pbf, bytes);
    try {
      const withKind = await runCli(['import-osm', pbf, '--out', join(dir, 'a'), '--kind', 'urban']);
      expect(withKind.code).toBe(0);
      const a = JSON.parse(readFileSync(join(dir, 'a', 'communities.geojson'), 'utf8'));
      expect(kinds(a.features)).toEqual({ 棠下村: 'rural', 华师社区: 'urban', 东山居委会: 'urban', Riverside: 'urban' });
      expect(withKind.stderr).toContain('4 communities (3 urban, 1 rural)');
      const without = await runCli(['import-osm', pbf, '--out', join(dir, 'b')]);
      expect(without.stderr).toContain('1 without kind');
      expect(without.stderr).toContain('--default-kind');
      const bad = await runCli(['import-osm', pbf, '--out', join(dir, 'c'), '--kind', 'suburban']);
      expect(bad.code).not.toBe(0);
      const help = await runCli(['import-osm', '--help']);
      expect(help.stdout).toContain('--kind');
      expect(help.stdout).toContain('村');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('default admin level', () => {
  // A street (8), its two quarters (10) tiling it, and one tiny level-11 relation in a quarter.
  const stray = adminPbf([
    { id: 1, level: 8, box: [0, 0, 10, 10] },
    { id: 2, level: 10, box: [0, 0, 5, 10] },
    { id: 3, level: 10, box: [5, 0, 10, 10] },
    { id: 4, level: 11, box: [1, 1, 2, 2] },
  ]);

  it('is not a stray finer level with a single boundary', async () => {
    const r = await importOsm(stray);
    expect(r.summary.adminLevel).toBe(10);
    expect(r.communities.features.map((f) => f.properties!.id).sort()).toEqual(['relation/2', 'relation/3']);
    expect(r.summary.adminLevels).toEqual({ '8': 1, '10': 2, '11': 1 });
    expect(r.summary.adminLevelsComplete).toEqual({ '8': 1, '10': 2, '11': 1 });
    expect(r.summary.adminLevelReason).toBe('covers-parent');
    expect(r.summary.adminLevelParentShare['10']).toBeCloseTo(1, 6);
    // Asking still gets any level.
    const asked = await importOsm(stray, { adminLevel: 11 });
    expect(asked.summary).toMatchObject({ adminLevel: 11, adminLevelReason: 'requested' });
    expect(asked.communities.features).toHaveLength(1);
  });

  it('says in the CLI line which level was used, the others found, and that --admin-level overrides it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-osm-level-'));
    const { writeFileSync } = await import('node:fs');
    const pbf = join(dir, 's.osm.pbf');
    writeFileSync(pbf, stray);
    try {
      const run = await runCli(['import-osm', pbf, '--out', join(dir, 'o')]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('communities from admin_level 10');
      expect(run.stderr).toContain('--admin-level N overrides');
      expect(run.stderr).toContain('8: 1/1, 10: 2/2, 11: 1/1');
      const summary = JSON.parse(readFileSync(join(dir, 'o', 'import-summary.json'), 'utf8'));
      expect(summary).toMatchObject({ adminLevel: 10, adminLevelsComplete: { '8': 1, '10': 2, '11': 1 } });
      const asked = await runCli(['import-osm', pbf, '--out', join(dir, 'p'), '--admin-level', '11']);
      expect(asked.stderr).toContain('communities from admin_level 11 (as asked)');
      expect(asked.stderr).not.toContain('overrides');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes over two strays that cover little of their quarter, but takes a finer level that tiles it', async () => {
    const quarters = [
      { id: 1, level: 8, box: [0, 0, 10, 10] as [number, number, number, number] },
      { id: 2, level: 10, box: [0, 0, 5, 10] as [number, number, number, number] },
      { id: 3, level: 10, box: [5, 0, 10, 10] as [number, number, number, number] },
    ];
    const twoStrays = await importOsm(adminPbf([...quarters, { id: 4, level: 11, box: [1, 1, 2, 2] }, { id: 5, level: 11, box: [3, 3, 4, 4] }]));
    expect(twoStrays.summary.adminLevel).toBe(10);
    // 2 cells of the quarter's 50.
    expect(twoStrays.summary.adminLevelParentShare['11']).toBeCloseTo(2 / 50, 3);
    const tiling = await importOsm(adminPbf([...quarters, { id: 4, level: 11, box: [0, 0, 5, 6] }, { id: 5, level: 11, box: [0, 6, 5, 10] }]));
    expect(tiling.summary).toMatchObject({ adminLevel: 11, adminLevelReason: 'covers-parent' });
  });

  it('counts only complete boundaries: two clipped level-11 relations do not make a level', async () => {
    const clipped = [6, 7].map((id, k): TestRelation => ({
      id, tags: { type: 'boundary', boundary: 'administrative', admin_level: '11' },
      members: [{ type: 'way', ref: 990 + k, role: 'outer' }], // ways not in the file
    }));
    const base = adminPbf([{ id: 1, level: 8, box: [0, 0, 10, 10] }, { id: 2, level: 10, box: [0, 0, 5, 10] }, { id: 3, level: 10, box: [5, 0, 10, 10] }]);
    expect((await importOsm(base)).summary.adminLevel).toBe(10);
    const nodes = [0, 5, 10].flatMap((i) => [0, 10].map((j) => gridNode(i, j)));
    const ways = [rectangle(50_001, 0, 0, 10, 10).way, rectangle(50_002, 0, 0, 5, 10).way, rectangle(50_003, 5, 0, 10, 10).way];
    const relations: TestRelation[] = [1, 2, 3].map((id) => ({
      id, tags: { type: 'boundary', boundary: 'administrative', admin_level: id === 1 ? '8' : '10' },
      members: [{ type: 'way', ref: 50_000 + id, role: 'outer' }],
    }));
    const r = await importOsm(writeTestPbf(nodes, ways, [...relations, ...clipped]));
    expect(r.summary.adminLevels).toEqual({ '8': 1, '10': 2, '11': 2 });
    expect(r.summary.adminLevelsComplete).toEqual({ '8': 1, '10': 2 });
    expect(r.summary.adminLevel).toBe(10);
  });

  it('falls back to the finest level with two boundaries when none lies in a coarser one, and to one boundary', () => {
    const sq = (x: number, s: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, 0], [x + s, 0], [x + s, s], [x, s], [x, 0]]] });
    const b = (level: number, g: Polygon) => ({ level, geometry: g, complete: true });
    expect(chooseAdminLevel([b(8, sq(0, 1)), b(8, sq(2, 1)), b(10, sq(5, 0.1)), b(10, sq(6, 0.1))])).toMatchObject({ level: 10, reason: 'finest-with-two' });
    expect(chooseAdminLevel([b(8, sq(0, 1)), b(10, sq(5, 0.1))])).toMatchObject({ level: 10, reason: 'finest-complete' });
    expect(chooseAdminLevel([{ level: 9, geometry: null, complete: false }])).toMatchObject({ level: 9, reason: 'finest-present' });
    expect(chooseAdminLevel([])).toMatchObject({ level: null, reason: 'none' });
  });
});

describe('building:levels', () => {
  it('takes the largest of a list, a decimal comma as a decimal, 0 as no storey, and refuses the unreadable', () => {
    const cases: Array<[string | undefined, number | null]> = [
      ['3', 3], ['3;4', 4], ['4;3', 4], ['3,4', 4], ['3, 12', 12], ['2,5', 2.5], ['2.5', 2.5], ['0', 0], [' 6 ', 6],
      ['-1', null], ['many', null], ['', null], ['1000', null], [undefined, null], ['3;x', 3],
    ];
    for (const [value, expected] of cases) expect([value, parseBuildingLevels(value)]).toEqual([value, expected]);
  });

  it('weights a building by its tallest part, and one with 0 levels by nothing', async () => {
    const a = rectangle(720, 0, 0, 1, 1, { building: 'apartments', 'building:levels': '3;4' });
    const b = rectangle(721, 2, 0, 3, 1, { building: 'residential', 'building:levels': '0' });
    const c = rectangle(722, 4, 0, 5, 1, { building: 'house', 'building:levels': '-1' });
    const nodes = [...a.nodes, ...b.nodes, ...c.nodes].sort((x, y) => x.id - y.id);
    const r = await importOsm(writeTestPbf(nodes, [a.way, b.way, c.way], []), { buildings: true, defaultLevels: 2 });
    const byId = new Map(r.buildings!.features.map((f) => [f.properties!.id, f.properties!]));
    const footprint = (id: string) => byId.get(id)!.footprint_m2 as number;
    expect(byId.get('way/720')).toMatchObject({ levels: 4 });
    expect(byId.get('way/720')!.population).toBeCloseTo(4 * footprint('way/720'), 0);
    expect(byId.get('way/721')).toMatchObject({ levels: 0, population: 0 });
    expect(byId.get('way/722')).toMatchObject({ levels: null });
    expect(byId.get('way/722')!.population).toBeCloseTo(2 * footprint('way/722'), 0);
  });
});
