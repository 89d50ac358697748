import type { GeoJsonProperties } from 'geojson';

/** Roads built for motor traffic only: walkable only where OSM says pedestrians may use them. */
const MOTOR_ONLY = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link']);

/**
 * Lines that carry a `highway` tag but are not (yet, or any more) a way anyone walks on.
 * Everything the tags do not exclude is walkable, but a road not built is not, so these are left out.
 */
const NOT_BUILT = new Set(['proposed', 'construction', 'abandoned', 'razed', 'disused', 'planned']);

const FOOT_ALLOWED = new Set(['yes', 'designated', 'permissive']);

/**
 * Whether a line is walkable, from its OSM-style tags (README, "What the numbers mean": Walkable). A line without tags is walkable:
 * a planner's own network file need not carry OSM tags at all.
 */
export function isWalkable(props: GeoJsonProperties): boolean {
  if (!props) return true;
  const highway = tag(props, 'highway');
  const foot = tag(props, 'foot');
  const footAllowed = foot !== undefined && FOOT_ALLOWED.has(foot);
  if (foot === 'no' || foot === 'private') return false;
  if (highway !== undefined && NOT_BUILT.has(highway)) return false;
  if (highway !== undefined && MOTOR_ONLY.has(highway) && !footAllowed) return false;
  const access = tag(props, 'access');
  if ((access === 'no' || access === 'private') && !footAllowed) return false;
  return true;
}

function tag(props: NonNullable<GeoJsonProperties>, key: string): string | undefined {
  const value = props[key];
  return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
}
