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
  let groups = groupLayers(analysis, proj, coverage);
  const scale = 10 ** proj.digits;
  let tolerance = proj.toleranceM;
  let passes = groups.map((g) => simplifyGroup(g, tolerance, scale));
  for (let attempt = 0; attempt < 8; attempt++) {
    const chars = passes.reduce((n, e) => n + e.chars, 0);
    if (chars <= budgetChars) break;
    // Points fall roughly as the tolerance's square root grows on wiggly outlines: step generously.
    tolerance *= Math.max(1.15, Math.min(4, (chars / budgetChars) ** 1.5));
    // Each further pass simplifies what the last one kept (a city's raw rings hold millions of points);
    // the error stays within the sum of the tolerances, under 1.3 times the last one since each step at least 1.15 times the one before.
    groups = passes.map((e) => e.kept);
    passes = groups.map((g) => simplifyGroup(g, tolerance, scale));
  }
  return {
    toleranceM: tolerance,
    layers: passes.map((e, k) => ({
      id: `cov-${k}`, category: groups[k].category, label: labelOf(groups[k].category), threshold: groups[k].threshold,
      colour: categoryColour(analysis, groups[k].category), rings: encodeRings(e.kept, scale),
    })),
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

/**
 * One simplification pass over a group: the characters its rings take on the page once step-encoded,
 * and the points it kept of each ring it did not drop (as a group: the next pass's input, or the rings
 * `encodeRings` writes out). Rings smaller than the tolerance squared are dropped as specks, and so
 * are rings that round to fewer than three distinct corners.
 */
function simplifyGroup(group: Group, tolerance: number, scale: number): { chars: number; kept: Group } {
  const { xy, ringStart } = group;
  const rings = ringStart.length - 1;
  const keptXy = new Float64Array(xy.length), keptStart = new Int32Array(rings + 1);
  let chars = 0, keptRings = 0, keptPoints = 0;
  const minArea = tolerance * tolerance;
  for (let r = 0; r < rings; r++) {
    const from = ringStart[r], to = ringStart[r + 1];
    if (Math.abs(ringArea(xy, from, to)) < minArea) continue;
    const count = simplifyRange(xy, from, to, tolerance);
    const keep = keptScratch;
    let lx = 0, ly = 0, distinct = 0, ringChars = 0;
    for (let i = 0; i < count; i++) {
      const x = Math.round(xy[2 * keep[i]] * scale), y = Math.round(xy[2 * keep[i] + 1] * scale);
      const dx = x - lx, dy = y - ly;
      if (distinct > 0 && dx === 0 && dy === 0) continue;
      ringChars += digits(dx) + digits(dy) + 2;
      lx = x; ly = y;
      distinct++;
    }
    // The budget counts this ring even if it is dropped below (as it always has: the tolerance steps depend on it).
    chars += ringChars;
    // Fewer than three distinct corners (with the closing point, four) is no area at this tolerance.
    if (distinct < 4) continue;
    for (let i = 0; i < count; i++, keptPoints++) {
      keptXy[2 * keptPoints] = xy[2 * keep[i]];
      keptXy[2 * keptPoints + 1] = xy[2 * keep[i] + 1];
    }
    keptStart[++keptRings] = keptPoints;
  }
  return {
    chars,
    kept: { category: group.category, threshold: group.threshold, xy: keptXy.slice(0, 2 * keptPoints), ringStart: keptStart.slice(0, keptRings + 1) },
  };
}

/** A group's rings step-encoded in integer map units: x0, y0, dx1, dy1, ..., repeated points left out. */
function encodeRings(group: Group, scale: number): number[][] {
  const { xy, ringStart } = group;
  const rings: number[][] = [];
  for (let r = 0; r + 1 < ringStart.length; r++) {
    const out: number[] = [];
    let lx = 0, ly = 0;
    for (let i = ringStart[r]; i < ringStart[r + 1]; i++) {
      const x = Math.round(xy[2 * i] * scale), y = Math.round(xy[2 * i + 1] * scale);
      const dx = x - lx, dy = y - ly;
      if (out.length > 0 && dx === 0 && dy === 0) continue;
      out.push(dx, dy);
      lx = x; ly = y;
    }
    rings.push(out);
  }
  return rings;
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
 * Douglas-Peucker on interleaved x, y (the same rule as simplifyLine, without an array per point) over
 * points [from, to) of xy: writes the indices kept (into xy's points, in order,
 * both ends always) to `keptScratch` and returns how many. Scratch arrays are reused from ring to ring.
 */
function simplifyRange(xy: Float64Array, from: number, to: number, tolerance: number): number {
  const n = to - from;
  if (keepScratch.length < n) {
    keepScratch = new Uint8Array(Math.max(n, 2 * keepScratch.length));
    stackScratch = new Int32Array(2 * keepScratch.length);
    keptScratch = new Int32Array(keepScratch.length);
  }
  if (n <= 2) {
    for (let i = 0; i < n; i++) keptScratch[i] = from + i;
    return n;
  }
  const keep = keepScratch, stack = stackScratch;
  keep.fill(0, 0, n);
  keep[0] = keep[n - 1] = 1;
  let top = 0;
  stack[top++] = from; stack[top++] = to - 1;
  const t2 = tolerance * tolerance;
  while (top > 0) {
    const b = stack[--top], a = stack[--top];
    const ax = xy[2 * a], ay = xy[2 * a + 1], dx = xy[2 * b] - ax, dy = xy[2 * b + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1, worstD = t2;
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
    if (worst >= 0) {
      keep[worst - from] = 1;
      stack[top++] = a; stack[top++] = worst;
      stack[top++] = worst; stack[top++] = b;
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (keep[i]) keptScratch[count++] = from + i;
  return count;
}

let keepScratch = new Uint8Array(1024);
let stackScratch = new Int32Array(2048);
let keptScratch = new Int32Array(1024);

/** Every ring of a (Multi)Polygon; other geometries have none. */
function polygonRings(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}
