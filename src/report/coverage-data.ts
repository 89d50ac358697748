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

interface Group {
  readonly category: string;
  readonly threshold: string;
  /** Each ring's projected points, x and y interleaved. */
  readonly rings: Float64Array[];
}

export function coverageData(
  analysis: Analysis, proj: MapProjection, coverage: FeatureCollection | undefined, labelOf: (category: string) => string,
  budgetChars = COVERAGE_BUDGET_CHARS,
): CoverageData {
  let groups = groupLayers(analysis, proj, coverage);
  const scale = 10 ** proj.digits;
  let tolerance = proj.toleranceM;
  let encoded = groups.map((g) => encodeGroup(g, tolerance, scale));
  for (let attempt = 0; attempt < 8; attempt++) {
    const chars = encoded.reduce((n, e) => n + e.chars, 0);
    if (chars <= budgetChars) break;
    // Points fall roughly as the tolerance's square root grows on wiggly outlines: step generously.
    tolerance *= Math.max(1.15, Math.min(4, (chars / budgetChars) ** 1.5));
    // Each further pass simplifies what the last one kept (a city's raw rings hold millions of points);
    // the error stays within the sum of the tolerances, under 1.3 times the last one since each step at least 1.15 times the one before.
    groups = encoded.map((e, k) => keptGroup(groups[k], e.kept));
    encoded = groups.map((g) => encodeGroup(g, tolerance, scale));
  }
  return {
    toleranceM: tolerance,
    layers: groups.map((g, k) => ({
      id: `cov-${k}`, category: g.category, label: labelOf(g.category), threshold: g.threshold,
      colour: categoryColour(analysis, g.category), rings: encoded[k].rings,
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
    const rings: Float64Array[] = [];
    for (const f of byKey.get(key)!) {
      for (const ring of polygonRings(f.geometry)) {
        const xy = new Float64Array(ring.length * 2);
        for (let i = 0; i < ring.length; i++) {
          // The map's projection (y down), written out: no array per vertex on a city's coverage.
          xy[2 * i] = toX(proj.plane, ring[i][0]);
          xy[2 * i + 1] = -toY(proj.plane, ring[i][1]);
        }
        rings.push(xy);
      }
    }
    return { category, threshold, rings };
  });
}

/**
 * A group's rings simplified and step-encoded, with the characters they take on the page; `kept` is,
 * per ring (null: dropped), the indices simplification kept, for a further pass if over the budget.
 */
function encodeGroup(group: Group, tolerance: number, scale: number): { rings: number[][]; chars: number; kept: (Int32Array | null)[] } {
  const rings: number[][] = [];
  const kept: (Int32Array | null)[] = [];
  let chars = 0;
  const minArea = tolerance * tolerance;
  for (const xy of group.rings) {
    kept.push(null);
    if (Math.abs(ringArea(xy)) < minArea) continue;
    const keep = simplifyFlat(xy, tolerance);
    const out: number[] = [];
    let lx = 0, ly = 0, distinct = 0;
    for (let i = 0; i < keep.length; i++) {
      const x = Math.round(xy[2 * keep[i]] * scale), y = Math.round(xy[2 * keep[i] + 1] * scale);
      const dx = x - lx, dy = y - ly;
      if (out.length > 0 && dx === 0 && dy === 0) continue;
      out.push(dx, dy);
      chars += digits(dx) + digits(dy) + 2;
      lx = x; ly = y;
      distinct++;
    }
    // Fewer than three distinct corners (with the closing point, four) is no area at this tolerance.
    if (distinct < 4) continue;
    rings.push(out);
    kept[kept.length - 1] = keep;
  }
  return { rings, chars, kept };
}

/** The points a pass kept of each ring it did not drop: what the next pass simplifies. */
function keptGroup(group: Group, kept: readonly (Int32Array | null)[]): Group {
  const rings: Float64Array[] = [];
  group.rings.forEach((xy, r) => {
    const keep = kept[r];
    if (!keep) return;
    const ring = new Float64Array(keep.length * 2);
    for (let i = 0; i < keep.length; i++) { ring[2 * i] = xy[2 * keep[i]]; ring[2 * i + 1] = xy[2 * keep[i] + 1]; }
    rings.push(ring);
  });
  return { ...group, rings };
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

/** Signed area of a ring of interleaved x, y (shoelace). */
function ringArea(xy: Float64Array): number {
  let a = 0;
  const n = xy.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) a += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
  return a / 2;
}

/**
 * Douglas-Peucker on interleaved x, y (the same rule as simplifyLine, without an array per point):
 * the indices kept, in order, both ends always.
 */
export function simplifyFlat(xy: Float64Array, tolerance: number): Int32Array {
  const n = xy.length / 2;
  if (n <= 2) return Int32Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack = new Int32Array(2 * n);
  let top = 0;
  stack[top++] = 0; stack[top++] = n - 1;
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
      keep[worst] = 1;
      stack[top++] = a; stack[top++] = worst;
      stack[top++] = worst; stack[top++] = b;
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) out[k++] = i;
  return out;
}

/** Every ring of a (Multi)Polygon; other geometries have none. */
function polygonRings(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}
