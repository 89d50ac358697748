// Admin boundaries the extract cuts become their part inside the extract's box, level by level,
// instead of being dropped: OSM extracts of a city rarely hold a street or district relation
// whole, and without them there is nothing to score.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { extractSides, rasterize, rasterizeSide, sideRings, type Box, type ExtractSides, type Side } from './extract-sides.js';
import { nestRings } from './rings.js';
import { chooseSides, type SideChoice } from './boundary-sides.js';

export interface BoundaryToClip {
  level: number;
  geometry: Polygon | MultiPolygon | null;
  complete: boolean;
  /** What is left of the boundary's lines (position runs), when it is not complete. */
  lines: Position[][];
  /** Its label and admin_centre nodes found in the extract. */
  ownPoints: Array<[number, number]>;
}

export type ClipOutcome =
  | { clipped: true; geometry: Polygon | MultiPolygon; reason: 'own-node' | 'neighbours' }
  /** The evidence puts the boundary wholly outside the box: nothing of it is in the extract. */
  | { clipped: false; geometry: null; reason: 'outside' }
  | { clipped: false; geometry: null; reason: 'undecided' | 'contradicted' }
  /** Its lines cross each other (a broken boundary): the side has no outline to trace. */
  | { clipped: false; geometry: null; reason: 'crossing' };

const CHECK_GRID = 128;

/**
 * Whether the traced polygon covers the same cells as the side itself (the parity rule): tracing
 * assumes the lines do not cross, as the lines of a valid boundary do not.
 */
function tracedFaithfully(sides: ExtractSides, side: Side, geometry: Polygon | MultiPolygon): boolean {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const traced = rasterize(rings, sides.box, CHECK_GRID);
  const expected = rasterizeSide(sides, side, CHECK_GRID);
  let differ = 0;
  for (let i = 0; i < traced.length; i++) differ += traced[i] ^ expected[i];
  return differ <= 0.002 * traced.length;
}

/** For each incomplete boundary (index into `areas`), what clipping to `box` made of it. */
export function clipBoundaries(areas: readonly BoundaryToClip[], box: Box): Map<number, ClipOutcome> {
  const outcomes = new Map<number, ClipOutcome>();
  const levels = new Set(areas.map((a) => a.level));
  for (const level of levels) {
    const cutIndex: number[] = [];
    const complete: Position[][][] = [];
    areas.forEach((a, i) => {
      if (a.level !== level) return;
      if (a.complete && a.geometry) complete.push(a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat());
      else cutIndex.push(i);
    });
    if (cutIndex.length === 0) continue;
    const cut = cutIndex.map((i) => ({ sides: extractSides(areas[i].lines, box), ownPoints: areas[i].ownPoints }));
    const choices: SideChoice[] = chooseSides(cut, complete, box);
    choices.forEach((choice, k) => {
      const i = cutIndex[k];
      if (choice.side === null) {
        outcomes.set(i, { clipped: false, geometry: null, reason: choice.reason });
        return;
      }
      const geometry = nestRings(sideRings(cut[k].sides, choice.side));
      if (!geometry) outcomes.set(i, { clipped: false, geometry: null, reason: 'outside' });
      else if (!tracedFaithfully(cut[k].sides, choice.side, geometry)) outcomes.set(i, { clipped: false, geometry: null, reason: 'crossing' });
      else outcomes.set(i, { clipped: true, geometry, reason: choice.reason });
    });
  }
  return outcomes;
}
