import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importOsm } from '../src/io/osm/import-osm.js';
import { chainRings, nestRings, pointInRing, signedArea2 } from '../src/io/osm/rings.js';
import { areaM2, interiorPoint } from '../src/io/osm/interior-point.js';
import { NodeIdSet } from '../src/io/osm/node-locations.js';
import { categorize } from '../src/standards/category-map.js';
import { isWalkable } from '../src/network/walkable.js';
import { importOsmCommand } from '../src/cli/import-osm.js';
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
    expect([...lines.keys()].sort()).toEqual(['way/301', 'way/302']);
    expect(lines.get('way/301')!.properties!.highway).toBe('footway');
    expect(lines.get('way/302')!.geometry.coordinates).toHaveLength(2);
    expect(r.summary.skipped).toMatchObject({ waysMissingNodes: 1, degenerateWays: 1 });
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

  it('has the same walkable ways as osmium under the DESIGN filter', () => {
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
      expect(f.properties!.kind).toBe('urban');
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
