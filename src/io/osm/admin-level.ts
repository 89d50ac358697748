// Which `admin_level` becomes the communities when the caller does not say.
//
// Communities are the smallest unit a plan scores, so the finest level is wanted, but not a stray
// one: a single level-11 relation somebody drew inside a quarter must not replace the quarters.
// A level qualifies with at least two closed, complete boundaries; among qualifying levels the
// finest one whose boundaries tile (most of) the parents they lie in wins, since real subdivisions
// cover their parent while strays are islands in it.
import type { MultiPolygon, Polygon } from 'geojson';
import { pointInRing } from './rings.js';
import { areaM2, interiorPoint } from './interior-point.js';

export interface AdminBoundaryArea {
  level: number;
  /** Null when no ring could be built. */
  geometry: Polygon | MultiPolygon | null;
  /** Every member present and every ring closed. */
  complete: boolean;
}

export type AdminLevelReason =
  /** The caller asked for it. */
  | 'requested'
  /** Finest level with >= 2 complete boundaries that cover at least MIN_PARENT_SHARE of their parents. */
  | 'covers-parent'
  /**
   * Finest level with >= 2 complete boundaries: none lying in a coarser boundary (nothing to
   * measure), or no level covering its parents.
   */
  | 'finest-with-two'
  /** No level has two complete boundaries: the finest with one. */
  | 'finest-complete'
  /** No complete boundary at all: the finest level present (its boundaries will be reported as incomplete). */
  | 'finest-present'
  /** No administrative boundary in the file. */
  | 'none';

export interface AdminLevelChoice {
  level: number | null;
  reason: AdminLevelReason;
  /** Closed, complete boundaries per level. */
  complete: Record<string, number>;
  /**
   * Per level with >= 2 complete boundaries and a coarser level to compare with: the share of the
   * area of the coarser boundaries containing them (their parents) that they cover.
   */
  parentShare: Record<string, number>;
}

/**
 * Subdivisions tile their parent except where the extract clips them (clipped ones are not
 * complete and do not count); a stray covers a few percent. Half separates the two with room.
 */
export const MIN_PARENT_SHARE = 0.5;

interface Measured {
  level: number;
  geometry: Polygon | MultiPolygon;
  areaM2: number;
  /** West, south, east, north: spares the ring test for most child-parent pairs in a large extract. */
  box: [number, number, number, number];
}

function boxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    for (const p of rings[0]) {
      if (p[0] < box[0]) box[0] = p[0];
      if (p[1] < box[1]) box[1] = p[1];
      if (p[0] > box[2]) box[2] = p[0];
      if (p[1] > box[3]) box[3] = p[1];
    }
  }
  return box;
}

function contains(m: Measured, x: number, y: number): boolean {
  if (x < m.box[0] || y < m.box[1] || x > m.box[2] || y > m.box[3]) return false;
  const g = m.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((rings) => pointInRing(x, y, rings[0]) && !rings.slice(1).some((h) => pointInRing(x, y, h)));
}

/** Share of their parents' area that `children` cover, or null when no child lies in a parent. */
function parentShare(children: readonly Measured[], coarser: readonly Measured[]): number | null {
  const parents = new Set<Measured>();
  let childArea = 0;
  for (const child of children) {
    const [x, y] = interiorPoint(child.geometry);
    const parent = coarser.find((p) => contains(p, x, y));
    if (!parent) continue;
    parents.add(parent);
    childArea += child.areaM2;
  }
  if (parents.size === 0) return null;
  let parentArea = 0;
  for (const p of parents) parentArea += p.areaM2;
  return parentArea > 0 ? childArea / parentArea : null;
}

export function chooseAdminLevel(boundaries: readonly AdminBoundaryArea[], requested?: number): AdminLevelChoice {
  const byLevel = new Map<number, Measured[]>();
  const present = new Set<number>();
  for (const b of boundaries) {
    if (!Number.isFinite(b.level)) continue;
    present.add(b.level);
    if (!b.complete || !b.geometry) continue;
    if (!byLevel.has(b.level)) byLevel.set(b.level, []);
    byLevel.get(b.level)!.push({ level: b.level, geometry: b.geometry, areaM2: areaM2(b.geometry), box: boxOf(b.geometry) });
  }
  const complete: Record<string, number> = {};
  for (const [level, list] of byLevel) complete[level] = list.length;
  const finestFirst = [...byLevel.keys()].sort((a, b) => b - a);
  const qualifying = finestFirst.filter((l) => byLevel.get(l)!.length >= 2);
  const shares: Record<string, number> = {};
  let covering: number | undefined;
  for (const level of qualifying) {
    // Parents at the nearest coarser level that has any (a level in between may be clipped away).
    let share: number | null = null;
    for (const coarser of finestFirst) {
      if (coarser >= level) continue;
      share = parentShare(byLevel.get(level)!, byLevel.get(coarser)!);
      if (share !== null) break;
    }
    if (share === null) continue;
    shares[level] = share;
    if (covering === undefined && share >= MIN_PARENT_SHARE) covering = level;
  }
  const choice = (level: number | null, reason: AdminLevelReason): AdminLevelChoice => ({ level, reason, complete, parentShare: shares });
  if (requested !== undefined) return choice(requested, 'requested');
  // A qualifying level with nothing to measure against is not a stray of any level we know.
  const unmeasured = qualifying.find((l) => shares[l] === undefined);
  if (covering !== undefined && (unmeasured === undefined || covering > unmeasured)) return choice(covering, 'covers-parent');
  if (unmeasured !== undefined) return choice(unmeasured, 'finest-with-two');
  if (qualifying.length) return choice(qualifying[0], 'finest-with-two');
  if (finestFirst.length) return choice(finestFirst[0], 'finest-complete');
  if (present.size) return choice(Math.max(...present), 'finest-present');
  return choice(null, 'none');
}
