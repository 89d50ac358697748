// Admin boundaries the extract cuts become their part inside the extract's box, level by level,
// instead of being dropped: OSM extracts of a city rarely hold a street or district relation
// whole, and without them there is nothing to score.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { extractSides, type Box, type Shape } from './extract-sides.js';
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
  | { clipped: false; geometry: null; reason: 'undecided' | 'contradicted' };

function asShape(g: Polygon | MultiPolygon): Shape {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Shape;
}

function asGeometry(shape: Shape): Polygon | MultiPolygon {
  return shape.length === 1 ? { type: 'Polygon', coordinates: shape[0] } : { type: 'MultiPolygon', coordinates: shape };
}

/** For each incomplete boundary (index into `areas`), what clipping to `box` made of it. */
export function clipBoundaries(areas: readonly BoundaryToClip[], box: Box): Map<number, ClipOutcome> {
  const outcomes = new Map<number, ClipOutcome>();
  const levels = new Set(areas.map((a) => a.level));
  for (const level of levels) {
    const cutIndex: number[] = [];
    const complete: Shape[] = [];
    areas.forEach((a, i) => {
      if (a.level !== level) return;
      if (a.complete && a.geometry) complete.push(asShape(a.geometry));
      else cutIndex.push(i);
    });
    if (cutIndex.length === 0) continue;
    const choices: SideChoice[] = chooseSides(
      cutIndex.map((i) => ({ sides: extractSides(areas[i].lines, box), ownPoints: areas[i].ownPoints })),
      complete,
    );
    choices.forEach((choice, k) => {
      const i = cutIndex[k];
      if (choice.side === null) outcomes.set(i, { clipped: false, geometry: null, reason: choice.reason });
      else if (choice.side.length === 0) outcomes.set(i, { clipped: false, geometry: null, reason: 'outside' });
      else outcomes.set(i, { clipped: true, geometry: asGeometry(choice.side), reason: choice.reason });
    });
  }
  return outcomes;
}
