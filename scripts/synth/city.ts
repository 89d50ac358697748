import type { Feature, LineString, Point, Polygon } from 'geojson';
import { describeFacility, type Category, type FacilityRecord, type Level, UniqueNames } from './facilities.js';
import { distanceToRing, pointInRings } from './geometry.js';
import type { GridDistrict } from './grid-district.js';
import type { NetworkBuilder } from './network-builder.js';
import type { Projection } from './projection.js';
import { hashSeed, Random } from './random.js';
import type { Village } from './village-field.js';

// A synthetic city held compactly: the street network in typed arrays, communities and facilities as
// records in metres, population generated on demand per community from its own seed (a 5M-point
// layer is never held in memory). Features come out one at a time, in WGS-84, rounded to 7 decimals.

export type Kind = 'urban' | 'rural';
export type Zone = 'central' | 'outer';

export interface CommunityRecord {
  id: string;
  name: string;
  kind: Kind;
  zone: Zone;
  /** Whether the data states `zone`; the others state only their `district`, which gives the zone (issue 11). */
  statesZone: boolean;
  /** The 区 the community belongs to. */
  district: string;
  /** The 街道 or 镇 the community belongs to. */
  street: string;
  population: number;
  households: number;
  workers: number;
  /** Outer ring then holes, flat [x0, y0, ...] metres, counter-clockwise outer. */
  rings: number[][];
  centreX: number;
  centreY: number;
  /** Name root (东湖 of 东湖社区) and the street's root, for naming facilities. */
  root: string;
  streetRoot: string;
  /** A residence inside the community. */
  residence(rng: Random): [number, number];
  /** A facility site inside the community, a few metres off a street junction. */
  site(rng: Random): [number, number];
}

/** Community shape and samplers for a group of blocks of a street grid. */
export function gridCommunityShape(district: GridDistrict, cells: readonly number[]) {
  const rings = district.outline(cells);
  let cx = 0;
  let cy = 0;
  for (const c of cells) {
    const [x, y] = district.cellCentre(c);
    cx += x;
    cy += y;
  }
  return {
    rings,
    centreX: cx / cells.length,
    centreY: cy / cells.length,
    residence: (rng: Random) => district.pointInCell(rng.pick(cells), rng.uniform(0.08, 0.92), rng.uniform(0.08, 0.92)),
    site: (rng: Random) => {
      const u = rng.chance(0.5) ? rng.uniform(0.1, 0.2) : rng.uniform(0.8, 0.9);
      const v = rng.chance(0.5) ? rng.uniform(0.1, 0.2) : rng.uniform(0.8, 0.9);
      return district.pointInCell(rng.pick(cells), u, v);
    },
  };
}

/** Community shape for a village territory: residents and facilities in the village's built-up
 * cluster, kept inside the territory (and a metre away from its border, so rounding cannot move them out). */
export function villageCommunityShape(village: Village) {
  const { cluster, ring } = village;
  const land: number[] = [];
  for (let c = 0; c < cluster.cellLand.length; c++) if (cluster.cellLand[c]) land.push(c);
  const inside = (p: [number, number]) => pointInRings([ring], p[0], p[1]) && distanceToRing(ring, p[0], p[1]) > 1;
  const sampler = (pick: (rng: Random) => [number, number]) => (rng: Random) => {
    for (let k = 0; k < 30; k++) {
      const p = pick(rng);
      if (inside(p)) return p;
    }
    return [village.centreX, village.centreY] as [number, number];
  };
  return {
    rings: [ring],
    centreX: village.centreX,
    centreY: village.centreY,
    residence: sampler((rng) => cluster.pointInCell(rng.pick(land), rng.uniform(0.05, 0.95), rng.uniform(0.05, 0.95))),
    site: sampler((rng) =>
      cluster.pointInCell(rng.pick(land), rng.chance(0.5) ? rng.uniform(0.1, 0.2) : rng.uniform(0.8, 0.9), rng.chance(0.5) ? rng.uniform(0.1, 0.2) : rng.uniform(0.8, 0.9)),
    ),
  };
}

/** Realistic head counts: urban 5k-15k (central denser), villages 1k-4k; about 2.8 people per
 * household; community workers near the plan's 18 per 10,000 residents (urban) or 1 per 300
 * households (villages), some above and some below. */
export function communityPeople(rng: Random, kind: Kind, zone: Zone) {
  const population = kind === 'rural' ? 10 * rng.int(100, 400) : zone === 'central' ? 10 * rng.int(700, 1500) : 10 * rng.int(500, 1100);
  const households = Math.round(population / rng.uniform(2.65, 2.95));
  const workers =
    kind === 'rural'
      ? Math.max(3, Math.round((households / 300) * rng.uniform(0.7, 1.5)))
      : Math.max(5, Math.round((population / 10000) * 18 * rng.uniform(0.6, 1.4)));
  return { population, households, workers };
}

export class SyntheticCity {
  readonly facilities: FacilityRecord[] = [];
  private readonly facilityNames = new UniqueNames();
  private facilitySerial = 0;

  constructor(
    readonly seed: number,
    readonly net: NetworkBuilder,
    readonly communities: CommunityRecord[],
    /** Population points per community (at most population / 3, so every point weighs >= 1). */
    readonly pointsPerCommunity: (c: CommunityRecord, index: number) => number,
  ) {}

  /** Adds a facility of the category at (x, y), named after the community (or its street);
   * `station`: see describeFacility. */
  addFacility(rng: Random, category: Category, level: Level, c: CommunityRecord, at: [number, number], station = false): FacilityRecord {
    const described = describeFacility(rng, category, level, {
      root: c.root,
      communityName: c.name,
      streetName: c.street,
      streetRoot: c.streetRoot,
      rural: c.kind === 'rural',
    }, station);
    const f: FacilityRecord = {
      id: `F${String(++this.facilitySerial).padStart(5, '0')}`,
      category,
      ...described,
      name: this.facilityNames.unique(described.name),
      x: at[0],
      y: at[1],
    };
    this.facilities.push(f);
    return f;
  }

  get populationPointCount(): number {
    let n = 0;
    this.communities.forEach((c, k) => (n += this.pointsPerCommunity(c, k)));
    return n;
  }

  *networkFeatures(proj: Projection): Generator<Feature<LineString>> {
    const { net } = this;
    for (let i = 0; i < net.lineCount; i++) {
      const { vertices, tags } = net.line(i);
      const coordinates: number[][] = new Array(vertices.length);
      for (let k = 0; k < vertices.length; k++) coordinates[k] = [proj.lon(net.x(vertices[k])), proj.lat(net.y(vertices[k]))];
      yield { type: 'Feature', properties: { ...tags }, geometry: { type: 'LineString', coordinates } };
    }
  }

  /** Population features as JSON text, built without intermediate objects: the same bytes as
   * JSON.stringify of populationFeatures(), twice as fast for the million-point cities. */
  *populationJson(proj: Projection): Generator<string> {
    for (let i = 0; i < this.communities.length; i++) {
      const { x, y, weight } = this.populationOf(i);
      for (let k = 0; k < x.length; k++)
        yield `{"type":"Feature","properties":{"population":${weight[k]}},"geometry":{"type":"Point","coordinates":[${proj.lon(x[k])},${proj.lat(y[k])}]}}`;
    }
  }

  *communityFeatures(proj: Projection): Generator<Feature<Polygon>> {
    for (const c of this.communities) {
      const coordinates = c.rings.map((ring) => {
        const out: number[][] = [];
        for (let k = 0; k < ring.length; k += 2) out.push([proj.lon(ring[k]), proj.lat(ring[k + 1])]);
        out.push(out[0]);
        return out;
      });
      yield {
        type: 'Feature',
        properties: {
          id: c.id,
          name: c.name,
          kind: c.kind,
          ...(c.statesZone ? { zone: c.zone } : {}),
          district: c.district,
          street: c.street,
          population: c.population,
          households: c.households,
          workers: c.workers,
        },
        geometry: { type: 'Polygon', coordinates },
      };
    }
  }

  *facilityFeatures(proj: Projection): Generator<Feature<Point>> {
    for (const f of this.facilities) {
      const properties: Record<string, string | number> = { id: f.id, category: f.category, name: f.name };
      if (f.capacity !== undefined) properties.capacity = f.capacity;
      if (f.area_m2 !== undefined) properties.area_m2 = f.area_m2;
      yield { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [proj.lon(f.x), proj.lat(f.y)] } };
    }
  }

  /** Residents of one community as weighted points; weights are whole people summing exactly to the
   * community's population. Recreated identically from (seed, index) on every call. */
  populationOf(index: number): { x: Float64Array; y: Float64Array; weight: Int32Array } {
    const c = this.communities[index];
    const n = this.pointsPerCommunity(c, index);
    const rng = new Random(hashSeed(this.seed, 0x9e37, index));
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const raw = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const [px, py] = c.residence(rng);
      x[k] = px;
      y[k] = py;
      raw[k] = rng.uniform(0.3, 1.7);
      total += raw[k];
    }
    const weight = apportion(raw, total, c.population);
    return { x, y, weight };
  }

  *populationFeatures(proj: Projection): Generator<Feature<Point>> {
    for (let i = 0; i < this.communities.length; i++) {
      const { x, y, weight } = this.populationOf(i);
      for (let k = 0; k < x.length; k++)
        yield { type: 'Feature', properties: { population: weight[k] }, geometry: { type: 'Point', coordinates: [proj.lon(x[k]), proj.lat(y[k])] } };
    }
  }
}

/** Whole numbers proportional to raw that sum exactly to total (largest remainder, ties by index). */
function apportion(raw: Float64Array, rawTotal: number, total: number): Int32Array {
  const n = raw.length;
  const out = new Int32Array(n);
  const rest: [number, number][] = [];
  let given = 0;
  for (let k = 0; k < n; k++) {
    const exact = (raw[k] / rawTotal) * total;
    out[k] = Math.floor(exact);
    given += out[k];
    rest.push([exact - out[k], k]);
  }
  rest.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; r < total - given; r++) out[rest[r % n][1]]++;
  return out;
}
