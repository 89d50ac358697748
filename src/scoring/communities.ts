import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../errors.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import type { CommunityKind, Zone } from '../standards/standard.js';

/** A community (社区) or village (村) as the scoring reads it from its polygon feature. */
export interface Community {
  /** Position in the input. */
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: CommunityKind;
  readonly zone?: Zone;
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
}

/** Validates community polygons and reads the properties of DESIGN section 2. */
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
    polygons.forEach((rings, p) => rings.forEach((ring, r) => {
      if (!Array.isArray(ring) || ring.length < 4) throw new InputError('a polygon ring needs at least 4 positions', file, i, `geometry.coordinates (polygon ${p}, ring ${r})`);
      ring.forEach((pos, k) => checkPosition(pos, file, i, `geometry.coordinates (polygon ${p}, ring ${r}, position ${k})`));
    }));
    const props = f.properties ?? {};
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
      population: count(props.population, file, i, 'population'),
      households: count(props.households, file, i, 'households'),
      street: textOf(props.street, file, i, 'street'),
      workers: count(props.workers, file, i, 'workers'),
      feature: f as Feature<Polygon | MultiPolygon>,
    };
  });
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
