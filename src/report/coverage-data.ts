import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import { categoryColour } from './category-style.js';
import type { MapProjection } from './map-projection.js';
import { toX, toY } from '../geo/local-plane.js';

/**
 * The coverage areas for the report's canvas, at the map's resolution and within a byte budget.
 * On a city (30,000 facilities, 25 category thresholds) coverage.geojson holds about a million ring
 * points in 40,000 rings, 8 MB even as step-encoded integers: more than the whole page should weigh.
 * So rings are simplified (Douglas-Peucker) at the map's tolerance, rings smaller than that tolerance
 * squared are dropped as specks, and when the result is still over the budget the tolerance grows
 * until it fits. The method section's reader sees the tolerance used (`toleranceM`).
 */
export interface CoverageLayerData {
  readonly id: string;
  readonly category: string;
  readonly label: string;
  readonly threshold: string;
  readonly colour: string;
  /** Rings (outer and holes alike, drawn even-odd), each x0, y0, dx1, dy1, ... in integer map units. */
  readonly rings: number[][];
}

export interface CoverageData {
  readonly layers: CoverageLayerData[];
  /** The simplification tolerance the rings were drawn at, metres. */
  readonly toleranceM: number;
}

/** Characters of ring data the page may carry (about 3 MB). */
export const COVERAGE_BUDGET_CHARS = 3_000_000;

/** A category and threshold's rings, all in one array: ring r's points are ringStart[r] to ringStart[r + 1]. */
interface Group {
  readonly category: string;
  readonly threshold: string;
  /** The points, x and y interleaved (ring after ring). */
  readonly xy: Float64Array;
  readonly ringStart: Int32Array;
}

export function coverageData(
  analysis: Analysis, proj: MapProjection, coverage: FeatureCollection | undefined, labelOf: (category: string) => string,
  budgetChars = COVERAGE_BUDGET_CHARS,
): CoverageData {
  const groups = groupLayers(analysis, proj, coverage).map(rankGroup);
  const scale = 10 ** proj.digits;
  let tolerance = proj.toleranceM;
  for (let attempt = 0; attempt < 8; attempt++) {
    const chars = groups.reduce((n, g) => n + simplifiedAt(g, tolerance, scale), 0);
    if (chars <= budgetChars) break;
    // Points fall roughly as the tolerance's square root grows on wiggly outlines: step generously.
    tolerance *= Math.max(1.15, Math.min(4, (chars / budgetChars) ** 1.5));
  }
  return {
    toleranceM: tolerance,
    layers: groups.map((g, k) => {
      const rings: number[][] = [];
      simplifiedAt(g, tolerance, scale, rings);
      return { id: `cov-${k}`, category: g.category, label: labelOf(g.category), threshold: g.threshold, colour: categoryColour(analysis, g.category), rings };
    }),
  };
}

/** Coverage areas grouped per category and threshold, in the standard's category order, nearer thresholds first. */
function groupLayers(analysis: Analysis, proj: MapProjection, coverage: FeatureCollection | undefined): Group[] {
  const byKey = new Map<string, Feature[]>();
  for (const f of coverage?.features ?? []) {
    const category = String(f.properties?.category ?? '');
    const minutes = f.properties?.minutes, meters = f.properties?.meters;
    const threshold = typeof minutes === 'number' ? `${minutes} min` : typeof meters === 'number' ? `${meters} m` : '';
    const key = `${category}\u0000${threshold}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(f);
  }
  const order = (c: string) => { const i = analysis.categories.indexOf(c); return i < 0 ? 1e9 : i; };
  const keys = [...byKey.keys()].sort((a, b) => {
    const [ca, ta] = a.split('\u0000'), [cb, tb] = b.split('\u0000');
    return order(ca) - order(cb) || ca.localeCompare(cb) || (parseFloat(ta) || 0) - (parseFloat(tb) || 0);
  });
  return keys.map((key) => {
    const [category, threshold] = key.split('\u0000');
    const features = byKey.get(key)!;
    // Sized first, then filled: two arrays per group, not one per ring (a city has tens of thousands).
    let rings = 0, points = 0;
    for (const f of features) for (const ring of polygonRings(f.geometry)) { rings++; points += ring.length; }
    const xy = new Float64Array(2 * points), ringStart = new Int32Array(rings + 1);
    let r = 0, p = 0;
    for (const f of features) {
      for (const ring of polygonRings(f.geometry)) {
        for (let i = 0; i < ring.length; i++, p++) {
          // The map's projection (y down), written out: no array per vertex on a city's coverage.
          xy[2 * p] = toX(proj.plane, ring[i][0]);
          xy[2 * p + 1] = -toY(proj.plane, ring[i][1]);
        }
        ringStart[++r] = p;
      }
    }
    return { category, threshold, xy, ringStart };
  });
}

/** A group with, per point, the tolerance that Douglas-Peucker keeps it below, and per ring, its area. */
interface RankedGroup extends Group {
  /** Per point, squared: Douglas-Peucker at tolerance t keeps the point exactly when t * t is less (a ring's ends: Infinity). */
  readonly rank2: Float64Array;
  /** Per ring, its area (unsigned, map units squared). */
  readonly area: Float64Array;
}

/**
 * Ranks every point of a group's rings once (`rankRing`), so that the rings at any tolerance are a
 * filter, not a simplification: the budget's search tries several tolerances on a city's million points.
 */
function rankGroup(group: Group): RankedGroup {
  const { xy, ringStart } = group;
  const rank2 = new Float64Array(xy.length / 2), area = new Float64Array(ringStart.length - 1);
  for (let r = 0; r < area.length; r++) {
    area[r] = Math.abs(ringArea(xy, ringStart[r], ringStart[r + 1]));
    rankRing(xy, ringStart[r], ringStart[r + 1], rank2);
  }
  return { ...group, rank2, area };
}

/**
 * The characters a group's rings take on the page at `tolerance`, once step-encoded (and the rings
 * themselves, into `out`, when given): each ring simplified by Douglas-Peucker at the tolerance (its
 * points ranked above it), in integer map units, repeated points left out. Rings smaller than the
 * tolerance squared are dropped as specks, and so are rings that round to fewer than three distinct
 * corners (these still count towards the characters, as they always have: the tolerance steps depend on it).
 */
function simplifiedAt(group: RankedGroup, tolerance: number, scale: number, out?: number[][]): number {
  const { xy, ringStart, rank2, area } = group;
  const t2 = tolerance * tolerance;
  let chars = 0;
  for (let r = 0; r < area.length; r++) {
    if (area[r] < t2) continue;
    const ring: number[] | undefined = out && [];
    let lx = 0, ly = 0, distinct = 0;
    for (let i = ringStart[r]; i < ringStart[r + 1]; i++) {
      if (!(rank2[i] > t2)) continue;
      const x = Math.round(xy[2 * i] * scale), y = Math.round(xy[2 * i + 1] * scale);
      const dx = x - lx, dy = y - ly;
      if (distinct > 0 && dx === 0 && dy === 0) continue;
      chars += digits(dx) + digits(dy) + 2;
      ring?.push(dx, dy);
      lx = x; ly = y;
      distinct++;
    }
    // Fewer than three distinct corners (with the closing point, four) is no area at this tolerance.
    if (ring && distinct >= 4) out!.push(ring);
  }
  return chars;
}

/** Characters of an integer written in decimal (its sign included). */
function digits(n: number): number {
  const a = n < 0 ? -n : n;
  const sign = n < 0 ? 1 : 0;
  if (a < 10) return 1 + sign;
  if (a < 100) return 2 + sign;
  if (a < 1000) return 3 + sign;
  if (a < 10000) return 4 + sign;
  if (a < 100000) return 5 + sign;
  return Math.floor(Math.log10(a)) + 1 + sign;
}

/** Signed area of the ring of interleaved x, y at points [from, to) (shoelace). */
function ringArea(xy: Float64Array, from: number, to: number): number {
  let a = 0;
  const n = to - from;
  for (let i = 0, j = n - 1; i < n; j = i++) a += xy[2 * (from + j)] * xy[2 * (from + i) + 1] - xy[2 * (from + i)] * xy[2 * (from + j) + 1];
  return a / 2;
}

/**
 * Douglas-Peucker on interleaved x, y (the same rule as simplifyLine) over points [from, to) of xy,
 * run to the end once, writing each point's rank into `rank2` (squared): the tolerance below which the
 * point is kept. `rank2` must hold zeros there (a fresh array): points never split at keep them. The split of a chain (at its farthest point, the first of equals) does not depend on
 * the tolerance; the tolerance only decides where splitting stops. So a point is kept at tolerance t
 * exactly when it is farther than t from its chain and its chain is split at t, that is when t * t is
 * below both its own squared distance and the rank of the point that made its chain; the ends, always
 * kept, rank Infinity. A chain whose maker ranks 0 keeps nothing at any tolerance and is not split.
 */
function rankRing(xy: Float64Array, from: number, to: number, rank2: Float64Array): void {
  const n = to - from;
  if (n <= 0) return;
  rank2[from] = rank2[to - 1] = Infinity;
  if (stackScratch.length < 3 * n) stackScratch = new Float64Array(Math.max(3 * n, 2 * stackScratch.length));
  const stack = stackScratch;
  let top = 0;
  stack[top++] = from; stack[top++] = to - 1; stack[top++] = Infinity;
  while (top > 0) {
    const limit = stack[--top], b = stack[--top], a = stack[--top];
    const ax = xy[2 * a], ay = xy[2 * a + 1], dx = xy[2 * b] - ax, dy = xy[2 * b + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1, worstD = -1;
    for (let i = a + 1; i < b; i++) {
      const px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay;
      let d: number;
      if (len2 === 0) d = px * px + py * py;
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        d = (px - t * dx) ** 2 + (py - t * dy) ** 2;
      }
      if (d > worstD) { worst = i; worstD = d; }
    }
    if (worst < 0) continue;
    const rank = Math.min(worstD, limit);
    rank2[worst] = rank;
    if (rank > 0) {
      stack[top++] = a; stack[top++] = worst; stack[top++] = rank;
      stack[top++] = worst; stack[top++] = b; stack[top++] = rank;
    }
  }
}

/** The chains still to split, three numbers each (from, to, the rank that made the chain), reused from ring to ring. */
let stackScratch = new Float64Array(3072);

/** Every ring of a (Multi)Polygon; other geometries have none. */
function polygonRings(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}
