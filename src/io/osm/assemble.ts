// Lines and areas from the ways and relations import-osm keeps, once passes 2 and 3 have found
// their member ways and node positions. A shape is never closed or joined across ground outside the
// extract: what is missing there is reported (`missing`, `complete: false`), not guessed.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { RelationMember, Tags } from './primitive-block.js';
import type { NodeLocations } from './node-locations.js';
import { chainRings, nestRings } from './rings.js';

export interface KeptWay {
  id: number;
  tags: Tags;
  refs: number[];
}

export interface KeptRelation {
  id: number;
  tags: Tags;
  members: RelationMember[];
}

/** A relation member that lies inside the boundary: its label or its seat. */
export function isOwnPoint(m: RelationMember): boolean {
  return m.type === 'node' && (m.role === 'label' || m.role === 'admin_centre');
}

/** Passes 2 and 3: the node ids of every member way kept (null: not in the file), and the positions of the nodes used. */
export interface Located {
  readonly memberRefs: ReadonlyMap<number, number[] | null>;
  readonly nodes: NodeLocations;
}

/** A closed way's area, or null when its ring does not close in the extract. */
export function wayArea(w: KeptWay, nodes: NodeLocations): Polygon | MultiPolygon | null {
  const ring = ringCoordinates(w.refs, nodes);
  return ring ? nestRings([ring]) : null;
}

/**
 * A multipolygon's area from the rings its outer and inner member ways close into; `complete` is
 * false when a member is missing or a ring does not close (the rings that did close still count).
 */
export function relationArea(r: KeptRelation, { memberRefs, nodes }: Located): { geometry: Polygon | MultiPolygon | null; complete: boolean } {
  const byRole = new Map<string, Array<{ refs: number[] }>>();
  let complete = true;
  for (const m of r.members) {
    if (m.type !== 'way') continue;
    const role = m.role === 'inner' ? 'inner' : m.role === 'outer' || m.role === '' ? 'outer' : null;
    if (role === null) continue;
    const refs = memberRefs.get(m.ref);
    if (!refs) {
      complete = false;
      continue;
    }
    if (!byRole.has(role)) byRole.set(role, []);
    byRole.get(role)!.push({ refs });
  }
  const rings: Position[][] = [];
  for (const ways of byRole.values()) {
    const { rings: idRings, openChains } = chainRings(ways);
    if (openChains > 0) complete = false;
    for (const ids of idRings) {
      const ring = ringCoordinates(ids, nodes);
      if (ring) rings.push(ring);
      else complete = false;
    }
  }
  return { geometry: rings.length ? nestRings(rings) : null, complete };
}

/** What is left of an incomplete boundary: its chained member ways as runs of known positions. */
export function relationLines(r: KeptRelation, { memberRefs, nodes }: Located): Position[][] {
  const ways: Array<{ refs: number[] }> = [];
  for (const m of r.members) {
    const refs = m.type === 'way' && (m.role === 'outer' || m.role === 'inner' || m.role === '') ? memberRefs.get(m.ref) : undefined;
    if (refs) ways.push({ refs });
  }
  const { rings, open } = chainRings(ways);
  const lines: Position[][] = [];
  for (const ids of [...rings, ...open]) {
    const { runs } = lineRuns(ids, nodes);
    // A ring cut somewhere else than at its first node: its last run continues into its first.
    if (runs.length > 1 && ids[0] === ids[ids.length - 1] && nodes.get(ids[0])) runs[0] = [...runs.pop()!, ...runs[0].slice(1)];
    lines.push(...runs.filter((run) => run.length >= 2));
  }
  return lines;
}

/** The positions of a boundary's label and admin_centre nodes found in the extract. */
export function ownPoints(r: KeptRelation, nodes: NodeLocations): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (const m of r.members) {
    const p = isOwnPoint(m) ? nodes.get(m.ref) : undefined;
    if (p) points.push([p[0], p[1]]);
  }
  return points;
}

/**
 * A way's positions as the stretches between nodes outside the extract, repeated positions
 * dropped (as osmium does). The stretches are not joined: the way's course between them is
 * unknown, and a straight link would invent a walk across ground outside the extract.
 */
export function lineRuns(refs: readonly number[], nodes: NodeLocations): { runs: Position[][]; missing: boolean } {
  const runs: Position[][] = [];
  let run: Position[] = [];
  let missing = false;
  for (const ref of refs) {
    const p = nodes.get(ref);
    if (!p) {
      missing = true;
      if (run.length) runs.push(run);
      run = [];
      continue;
    }
    const last = run[run.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    run.push(p);
  }
  if (run.length) runs.push(run);
  return { runs, missing };
}

/**
 * A closed ring's positions, or null when a node is missing (an area is never closed across the
 * ground outside the extract) or fewer than 3 distinct positions remain.
 */
function ringCoordinates(refs: readonly number[], nodes: NodeLocations): Position[] | null {
  const { runs, missing } = lineRuns(refs, nodes);
  if (missing || runs.length !== 1) return null;
  const coords = runs[0];
  if (coords.length < 4) return null;
  const first = coords[0];
  const last = coords[coords.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) return null;
  return coords;
}
