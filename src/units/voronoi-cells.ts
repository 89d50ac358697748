// Community cells from community points (居委会/村委会 locations) where no boundaries exist: each
// point's Voronoi cell (every place nearer to it than to any other point), clipped to the study
// area. d3-delaunay computes the diagram; polyclip-ts clips (the robust one in our isochrone
// measurements). Work is done on the local metre plane, so "nearer" means metres, not degrees.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { Delaunay } from 'd3-delaunay';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import { InputError } from '../errors.js';
import { localPlane, toLat, toLon, toX, toY, type LocalPlane } from '../geo/local-plane.js';

type Rings = Position[][];

/** The convex hull of a set of [lon, lat] positions (the study area when no boundary is given). */
export function convexHull(positions: readonly Position[]): Polygon {
  const d = Delaunay.from(positions as Position[], (p) => p[0], (p) => p[1]);
  const ring = d.hullPolygon() as Position[];
  if (ring.length < 4) throw new InputError('the network is too small to bound the study area (its convex hull is degenerate)', 'network');
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * One cell per point inside `area`, with the point's properties, clipped to `area`. Points outside
 * it are left out before the diagram is drawn: a community of the next street must not take a
 * share of this one (the caller reports them). Points at the same position are refused (their
 * cells would be empty), naming both features.
 */
export function voronoiCells(points: readonly Feature[], area: Polygon | MultiPolygon, source = 'communities'): Feature[] {
  const positions = points.map((f, i) => {
    if (f.geometry?.type !== 'Point') throw new InputError('community points must all be Points (or give polygons)', source, i, 'geometry');
    return f.geometry.coordinates;
  });
  const seen = new Map<string, number>();
  positions.forEach((p, i) => {
    const key = `${p[0]},${p[1]}`;
    const j = seen.get(key);
    if (j !== undefined) throw new InputError(`community point at the same place as feature ${j}`, source, i, 'geometry');
    seen.set(key, i);
  });
  const areaRings: Rings[] = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const kept = points.map((_, i) => i).filter((i) => booleanPointInPolygon(positions[i], area));
  if (kept.length === 0) return [];
  const all = [...positions, ...areaRings.flat(2)];
  const plane = localPlane(all.reduce((s, p) => s + p[0], 0) / all.length, all.reduce((s, p) => s + p[1], 0) / all.length);
  const xy = (p: Position): [number, number] => [toX(plane, p[0]), toY(plane, p[1])];
  const areaXy = areaRings.map((poly) => poly.map((ring) => ring.map(xy)));
  const box = bounds([...positions.map(xy), ...areaXy.flat(2) as [number, number][]]);
  const pad = Math.max(box[2] - box[0], box[3] - box[1]) + 1;
  const voronoi = Delaunay.from(kept.map((i) => xy(positions[i]))).voronoi([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad]);
  const cells: Feature[] = [];
  kept.forEach((i, k) => {
    const cell = voronoi.cellPolygon(k) as [number, number][] | null;
    if (!cell) return;
    const clipped = polyclip.intersection([cell] as polyclip.Geom, areaXy as polyclip.Geom) as [number, number][][][];
    if (clipped.length === 0) return;
    cells.push({ type: 'Feature', properties: { ...(points[i].properties ?? {}) }, geometry: toGeometry(clipped, plane) });
  });
  return cells;
}

function bounds(points: readonly [number, number][]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
  return b;
}

function toGeometry(polys: [number, number][][][], plane: LocalPlane): Polygon | MultiPolygon {
  const back = polys.map((poly) => poly.map((ring) => ring.map(([x, y]) => [toLon(plane, x), toLat(plane, y)])));
  return back.length === 1 ? { type: 'Polygon', coordinates: back[0] } : { type: 'MultiPolygon', coordinates: back };
}
