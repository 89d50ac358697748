import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, LineString, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints } from '../src/network/link-points.js';
import { drawCoverageGroups, type CoverageGroup } from '../src/isochrone/coverage-stack.js';
import { resolveDrawOptions } from '../src/isochrone/options.js';
import type { LaneKernel } from '../src/isochrone/lane-lattice.js';
import { line, ll, seeded } from './support/geo.js';
import { oracleDijkstra, oracleGraph, oracleLines, oracleLink, type OracleGraph, type OracleLink } from './support/oracle.js';

// Coverage of several groups drawn together (one pass over the streets for all of them), checked point
// by point against the independent oracle (every vertex a node, textbook Dijkstra, linking by scanning
// every segment). For a point P and a street segment S of the oracle, with h the distance from P to S:
//  - f_S(P) = walk to the nearest point of S + h is what the raster holds at cell centres near S; it
//    changes by at most 2 per metre P moves, so where f_S(P) <= level - 2 sqrt2 cell and S lies within
//    the cap (less what the raster spares) of the four cell centres around P, P must be inside;
//  - g_S(P) = the least over points p of S of the walk to p + |P p| is a lower bound of anything written
//    near S and changes by at most 1 per metre; where every segment within reach has g_S(P) > level +
//    sqrt2 cell, or none is within reach, P must be outside.
// Between the two bands the raster decides; the test asserts only what must hold at any alignment.

const walkAll = { walkable: () => true };

function street(from: [number, number], to: [number, number], stepM = 50): Feature<LineString> {
  const n = Math.max(1, Math.round(Math.hypot(to[0] - from[0], to[1] - from[1]) / stepM));
  return line(Array.from({ length: n + 1 }, (_, k) => [from[0] + ((to[0] - from[0]) * k) / n, from[1] + ((to[1] - from[1]) * k) / n] as [number, number]));
}

// A 2.4 x 2.4 km grid (and a lone street 600 m east of it) of 120 m blocks with a diagonal avenue; no streets in a 240 m park (360-600 each
// way), nor along a 360 m river (x in 1200-1560) crossed by one bridge at y = 1920.
const features: Feature<LineString>[] = [];
const inPark = (mx: number, my: number) => mx > 360 && mx < 600 && my > 360 && my < 600;
const inRiver = (mx: number, my: number) => mx > 1200 && mx < 1560 && my !== 1920;
for (let i = 0; i <= 20; i++) {
  for (let j = 0; j <= 20; j++) {
    const x = i * 120, y = j * 120;
    if (i < 20 && !inPark(x + 60, y) && !inRiver(x + 60, y)) features.push(street([x, y], [x + 120, y]));
    if (j < 20 && !inPark(x, y + 60) && !inRiver(x, y + 60)) features.push(street([x, y], [x, y + 120]));
  }
}
features.push(street([1560, 0], [2400, 840], 40));
// A lone street with nothing around it: ground beside it is reached only from it, up to the cap.
// A short cross street at y = 1500 splits it, so its northern part is drawn from its ends' distances.
features.push(street([3000, 0], [3000, 2400]), street([2950, 1500], [3050, 1500]));
const net = buildNetwork(features, walkAll);
const { lon0, lat0, kx, ky } = net.plane;
/** [lon, lat] to the network's plane, where the oracle and the bounds work. */
const toXY = ([lon, lat]: number[]): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky];
const g = oracleGraph(oracleLines(features, (lon, lat) => [(lon - lon0) * kx, (lat - lat0) * ky]));

interface Facility { x: number; y: number }
// Positions in the same metres as the features.
const groupsGiven: { facilities: Facility[]; levelsM: number[] }[] = [
  { facilities: [{ x: 480, y: 610 }, { x: 1000, y: 1010 }, { x: 2000, y: 300 }], levelsM: [300 + 12.5, 600 + 12.5] },
  // Off the street by 40-60 m (the walk to the street counts), one on the avenue, one across the river.
  { facilities: [{ x: 60, y: 1300 }, { x: 1700, y: 150 }, { x: 1100, y: 2000 }, { x: 2340, y: 1560 }, { x: 3000, y: 1200 }], levelsM: [480 + 12.5] },
];

function drawn(cellM: number, given = groupsGiven, kernel?: LaneKernel) {
  const o = resolveDrawOptions({ cellM, minAreaM2: 0 });
  const groups: CoverageGroup[] = given.map(({ facilities, levelsM }) => ({
    sources: linkPoints(net, facilities.map((f) => ll(f.x, f.y))),
    sourceX: Float64Array.from(facilities, (f) => toXY(ll(f.x, f.y))[0]),
    sourceY: Float64Array.from(facilities, (f) => toXY(ll(f.x, f.y))[1]),
    levelsM,
  }));
  return { o, shapes: drawCoverageGroups(net, groups, o, { kernel }) };
}

/** The oracle's walk to every vertex from a group's facilities, and the facilities' links. */
function oracleGroup(facilities: Facility[]) {
  const links: (OracleLink & { x: number; y: number })[] = facilities.map((f) => {
    const [x, y] = toXY(ll(f.x, f.y));
    return { ...oracleLink(g, x, y)!, x, y };
  });
  const seeds: [number, number][] = [];
  for (const l of links) {
    const [a, b] = g.segments[l.seg];
    const len = segLength(g, l.seg);
    seeds.push([a, l.off + l.t * len], [b, l.off + (1 - l.t) * len]);
  }
  return { dist: oracleDijkstra(g, seeds), links };
}

function segLength(gr: OracleGraph, seg: number): number {
  const [a, b] = gr.segments[seg];
  return Math.hypot(gr.xs[b] - gr.xs[a], gr.ys[b] - gr.ys[a]);
}

/** Nearest point of segment a-b to p: its fraction along and the distance. */
function project(ax: number, ay: number, bx: number, by: number, px: number, py: number): { t: number; h: number } {
  const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return { t, h: Math.hypot(ax + t * dx - px, ay + t * dy - py) };
}

/**
 * The two bounds at P. upper: the least f_S(P) over segments whose nearest point is near enough to be
 * written at the four cell centres around P. lower: over segments within reach, the least true walk
 * from S to P, min over points p of S of walk(p) + |P p|; the walk along S is linear between its ends
 * and the sources on it with slope +-1, so the minimum sits at one of those points.
 */
function bounds(oracle: ReturnType<typeof oracleGroup>, px: number, py: number, cellM: number, capM: number) {
  const reachM = capM - cellM * Math.SQRT1_2;
  const diag = cellM * Math.SQRT2;
  let upper = Infinity, lower = Infinity;
  const consider = (walkAt: (t: number) => number, knots: [number, number][], ax: number, ay: number, bx: number, by: number) => {
    const { t, h } = project(ax, ay, bx, by, px, py);
    if (h <= reachM - diag) upper = Math.min(upper, walkAt(t) + h);
    if (h <= capM + cellM) for (const [at, walk] of knots) lower = Math.min(lower, walk + Math.hypot(ax + at * (bx - ax) - px, ay + at * (by - ay) - py));
  };
  g.segments.forEach(([a, b], seg) => {
    const len = segLength(g, seg);
    const onIt = oracle.links.filter((l) => l.seg === seg);
    const walkAt = (t: number) => Math.min(oracle.dist[a] + t * len, oracle.dist[b] + (1 - t) * len, ...onIt.map((l) => l.off + Math.abs(t - l.t) * len));
    const knots: [number, number][] = [[0, walkAt(0)], [1, walkAt(1)], ...onIt.map((l): [number, number] => [l.t, l.off])];
    consider(walkAt, knots, g.xs[a], g.ys[a], g.xs[b], g.ys[b]);
  });
  // Each facility's straight walk to its street.
  for (const l of oracle.links) {
    const [a, b] = g.segments[l.seg];
    const sx = g.xs[a] + l.t * (g.xs[b] - g.xs[a]), sy = g.ys[a] + l.t * (g.ys[b] - g.ys[a]);
    consider((t) => t * l.off, [[0, 0]], l.x, l.y, sx, sy);
  }
  return { upper, lower };
}

describe('coverage of several groups drawn together, against the oracle', () => {
  for (const cellM of [8, 25, 40]) {
    it(`${cellM} m cells: inside where the walk is clearly within the level, outside where clearly beyond or out of reach`, () => {
      const { o, shapes } = drawn(cellM);
      const rand = seeded(cellM);
      // Over the whole map, and more near the facilities where the small levels are.
      const probes = Array.from({ length: 700 }, () => [rand() * 3200 - 100, rand() * 2600 - 100] as [number, number]);
      for (const f of groupsGiven.flatMap((gr) => gr.facilities)) {
        for (let k = 0; k < 150; k++) probes.push([f.x + (rand() - 0.5) * 1400, f.y + (rand() - 0.5) * 1400]);
      }
      // Beside the lone street where its walk runs out: the ground reached only straight from it.
      for (let k = 0; k < 400; k++) probes.push([3000 + (rand() - 0.5) * 240, 1500 + rand() * 300]);
      groupsGiven.forEach((group, k) => {
        const oracle = oracleGroup(group.facilities);
        const b = probes.map(([x, y]) => bounds(oracle, ...toXY(ll(x, y)), cellM, o.capM));
        group.levelsM.forEach((level, li) => {
          const shape: MultiPolygon = shapes[k][li];
          let inside = 0, outside = 0;
          probes.forEach(([x, y], p) => {
            const pt = ll(x, y);
            if (b[p].upper <= level - 2 * Math.SQRT2 * cellM) {
              inside++;
              expect(booleanPointInPolygon(pt, shape), `group ${k} level ${level}: (${x.toFixed(0)}, ${y.toFixed(0)}) walk ${b[p].upper.toFixed(0)} m`).toBe(true);
            } else if (b[p].lower > level + Math.SQRT2 * cellM + 0.01) {
              outside++;
              expect(booleanPointInPolygon(pt, shape), `group ${k} level ${level}: (${x.toFixed(0)}, ${y.toFixed(0)}) at least ${b[p].lower.toFixed(0)} m`).toBe(false);
            }
          });
          expect(inside, 'probes decided inside').toBeGreaterThan(25);
          expect(outside, 'probes decided outside').toBeGreaterThan(200);
        });
      });
    });
  }

  it('keeps the park and the far bank as holes or outside, and nests the levels', () => {
    const { shapes } = drawn(25);
    // The park's middle is 240 m from any street: out at every level, though streets all around are in.
    const parkMiddle = ll(480, 480);
    expect(shapes[0][1].coordinates.length).toBeGreaterThan(0);
    expect(booleanPointInPolygon(parkMiddle, shapes[0][1])).toBe(false);
    const holes = shapes[0][1].coordinates.reduce((n, p) => n + p.length - 1, 0);
    expect(holes).toBeGreaterThan(0);
    // Every vertex of the 5-minute outline lies within the 10-minute area (one surface for both).
    for (const polygon of shapes[0][0].coordinates) {
      for (const [lon, lat] of polygon[0]) expect(booleanPointInPolygon([lon, lat], shapes[0][1])).toBe(true);
    }
  });

  it('draws the same polygons with the WebAssembly kernel as lane by lane in JavaScript, over two blocks of lanes', () => {
    // Ten groups (lanes 0-9 of two blocks of eight): the two given, and each of their eight facilities alone.
    const alone = groupsGiven.flatMap((gr) => gr.facilities).map((f, k) => ({ facilities: [f], levelsM: [200 + 90 * k, 700 + 50 * k] }));
    const given = [...groupsGiven, ...alone];
    const wasm = drawn(25, given, 'wasm').shapes, js = drawn(25, given, 'js').shapes;
    expect(wasm.length).toBe(10);
    expect(wasm.flat().filter((shape) => shape.coordinates.length > 0).length).toBeGreaterThan(15);
    expect(wasm).toEqual(js);
  });
});
