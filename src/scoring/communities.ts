import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { localPlane, toX, toY } from '../geo/local-plane.js';
import { InputError } from '../errors.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import { ringSelfIntersection } from '../geo/ring-self-intersection.js';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import type { CommunityKind, Zone } from '../standards/standard.js';

/** A community (社区) or village (村) as the scoring reads it from its polygon feature. */
export interface Community {
  /** Position in the input. */
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: CommunityKind;
  /** Central or outer: the feature's `zone`, else its `district` looked up in the standard (see zones.ts). */
  readonly zone?: Zone;
  /** Where the zone came from. */
  readonly zoneFrom?: 'zone' | 'district';
  /** The district (区) it belongs to. */
  readonly district?: string;
  /** Residents as the data states them; undefined when the feature has no `population`. */
  readonly population?: number;
  readonly households?: number;
  /** The street (街道) or town (镇) it belongs to. */
  readonly street?: string;
  readonly workers?: number;
  readonly feature: Feature<Polygon | MultiPolygon>;
}

const KIND_WORDS: Record<string, CommunityKind> = {
  urban: 'urban', rural: 'rural', '社区': 'urban', '村': 'rural', '居委会': 'urban', '村委会': 'rural',
  community: 'urban', village: 'rural',
};
const ZONE_WORDS: Record<string, Zone> = {
  central: 'central', outer: 'outer', '中心城区': 'central', '中心': 'central', '外围城区': 'outer', '外围': 'outer',
};

export interface ReadCommunitiesOptions {
  /** Input name for error messages. */
  source?: string;
  /** Kind given to a community without `kind`. Default: an error naming the feature. */
  defaultKind?: CommunityKind;
  /** Receives the warnings about odd shapes (unclosed, zero-area, self-intersecting rings). */
  onWarning?: (d: ImportDiagnostic) => void;
}

/**
 * Validates community polygons and reads their properties (README, "Inputs"). Odd but usable shapes
 * (an unclosed ring, no area, a ring crossing itself) go on with a warning to `onWarning`.
 */
export function readCommunities(features: readonly Feature[], opts: ReadCommunitiesOptions = {}): Community[] {
  const file = opts.source ?? 'communities';
  if (features.length === 0) throw new InputError('there are no communities', file);
  const seen = new Map<string, number>();
  return features.map((f, i) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      throw new InputError(`a community needs a Polygon or MultiPolygon, got ${g ? g.type : 'no geometry'}`, file, i, 'geometry.type');
    }
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0) throw new InputError('the community polygon is empty', file, i, 'geometry.coordinates');
    polygons.forEach((rings, p) => {
      if (!Array.isArray(rings) || rings.length === 0) throw new InputError('a polygon needs an exterior ring', file, i, `geometry.coordinates (polygon ${p})`);
    });
    let closed: Position[][][] | undefined;
    polygons.forEach((rings, p) => rings.forEach((ring, r) => {
      const field = `geometry.coordinates (polygon ${p}, ring ${r})`;
      if (!Array.isArray(ring)) throw new InputError('a polygon ring must be an array of positions', file, i, field);
      ring.forEach((pos, k) => checkPosition(pos, file, i, `geometry.coordinates (polygon ${p}, ring ${r}, position ${k})`));
      const first = ring[0], last = ring[ring.length - 1];
      if (ring.length > 0 && (first[0] !== last[0] || first[1] !== last[1])) {
        // GeoJSON requires closed rings; an unclosed one is closed here (on a copy: inputs are never
        // modified) and said, since a wrong last vertex can also mean a truncated ring.
        closed ??= polygons.map((rs) => rs.map((rr) => rr.slice()));
        closed[p][r].push(first.slice());
        opts.onWarning?.({ level: 'warning', code: 'ring-unclosed', file, row: i, field, message: `${InputError.format('', undefined, i, field)}the ring was not closed (its last position differs from its first); closed it` });
      }
      const length = closed ? closed[p][r].length : ring.length;
      if (length < 4) throw new InputError('a polygon ring needs at least 4 positions', file, i, field);
    }));
    const feature = closed ? withRings(f, g, closed) : (f as Feature<Polygon | MultiPolygon>);
    checkShape(feature, file, i, opts.onWarning);
    const props = f.properties ?? {};
    // import-osm marks boundaries the extract cut and it clipped to the extract's box.
    if (props.clipped === true || props.clipped === 'true') {
      opts.onWarning?.({
        level: 'warning', code: 'community-clipped', file, row: i, field: 'properties.clipped',
        message: `${InputError.format('', undefined, i, 'properties.clipped')}${typeof props.name === 'string' ? `${props.name}: ` : ''}the boundary was clipped to the edge of an OSM extract; its scores cover only the part inside`,
      });
    }
    const idValue = props.id ?? f.id ?? i;
    const id = String(idValue);
    const previous = seen.get(id);
    if (previous !== undefined) throw new InputError(`community id "${id}" is used again (first by feature ${previous})`, file, i, 'properties.id');
    seen.set(id, i);
    const kindRaw = props.kind;
    let kind: CommunityKind | undefined;
    if (kindRaw === undefined || kindRaw === null || kindRaw === '') kind = opts.defaultKind;
    else kind = KIND_WORDS[String(kindRaw).trim().toLowerCase()];
    if (!kind) {
      throw new InputError(
        kindRaw === undefined || kindRaw === null || kindRaw === ''
          ? 'a community needs `kind` ("urban"/"社区" or "rural"/"村")'
          : `unknown kind "${String(kindRaw)}"; use "urban" (社区) or "rural" (村)`,
        file, i, 'properties.kind');
    }
    let zone: Zone | undefined;
    if (props.zone !== undefined && props.zone !== null && props.zone !== '') {
      zone = ZONE_WORDS[String(props.zone).trim().toLowerCase()];
      if (!zone) throw new InputError(`unknown zone "${String(props.zone)}"; use "central" or "outer"`, file, i, 'properties.zone');
    }
    return {
      index: i,
      id,
      name: textOf(props.name, file, i, 'name') ?? id,
      kind,
      zone,
      ...(zone !== undefined ? { zoneFrom: 'zone' as const } : {}),
      district: textOf(props.district, file, i, 'district'),
      population: count(props.population, file, i, 'population'),
      households: count(props.households, file, i, 'households'),
      street: textOf(props.street, file, i, 'street'),
      workers: count(props.workers, file, i, 'workers'),
      feature,
    };
  });
}

/** Area in square metres in a local plane at the first position (shoelace; holes subtract): enough to tell "none". */
function polygonAreaM2(g: Polygon | MultiPolygon): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const first = polygons[0][0][0];
  const plane = localPlane(first[0], first[1]);
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      let twice = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        twice += toX(plane, ring[k][0]) * toY(plane, ring[k + 1][1]) - toX(plane, ring[k + 1][0]) * toY(plane, ring[k][1]);
      }
      total += (r === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return Math.max(0, total);
}

/** The feature with its rings replaced (a copy). */
function withRings(f: Feature, g: Polygon | MultiPolygon, rings: Position[][][]): Feature<Polygon | MultiPolygon> {
  const geometry: Polygon | MultiPolygon = g.type === 'Polygon' ? { type: 'Polygon', coordinates: rings[0] } : { type: 'MultiPolygon', coordinates: rings };
  return { ...f, geometry } as Feature<Polygon | MultiPolygon>;
}

/**
 * Odd shapes that still score, flagged: a community of (almost) no area is measured from a single
 * point, and a self-intersecting ring has an inside that depends on the program reading it.
 */
function checkShape(feature: Feature<Polygon | MultiPolygon>, file: string, i: number, warn: ((d: ImportDiagnostic) => void) | undefined): void {
  if (!warn) return;
  const where = InputError.format('', undefined, i, 'geometry');
  const areaM2 = polygonAreaM2(feature.geometry);
  if (!(areaM2 >= 1)) {
    warn({ level: 'warning', code: 'community-zero-area', file, row: i, field: 'geometry', message: `${where}the community has no area (${areaM2.toFixed(2)} m²); it is scored from a single point` });
  }
  const g = feature.geometry;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  polygons.forEach((rings, p) => rings.forEach((ring, r) => {
    const at = ringSelfIntersection(ring);
    if (at !== undefined) {
      warn({ level: 'warning', code: 'community-self-intersecting', file, row: i, field: `geometry.coordinates (polygon ${p}, ring ${r})`,
        message: `${InputError.format('', undefined, i, `geometry.coordinates (polygon ${p}, ring ${r})`)}the ring crosses itself (segments ${at[0]} and ${at[1]}); what is inside it is ambiguous, check the boundary` });
    }
  }));
}

/** A text property (a number is taken as its text); blank is undefined; anything else is an error. */
function textOf(value: unknown, file: string, index: number, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new InputError(`${field} must be text, got ${JSON.stringify(value)}`, file, index, `properties.${field}`);
  return value.trim() === '' ? undefined : value;
}

/**
 * A non-negative number property, numeric strings accepted as spreadsheets export them ("1,234");
 * blank is undefined; anything else (text, a list) is an error naming the field.
 */
export function count(value: unknown, file: string, index: number, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/,/g, '').trim()) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new InputError(`${field} must be a non-negative number, got ${JSON.stringify(value)}`, file, index, `properties.${field}`);
  return n;
}
