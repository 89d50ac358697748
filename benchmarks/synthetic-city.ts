import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { communityPeople, type CommunityRecord, gridCommunityShape, SyntheticCity, villageCommunityShape, type Kind, type Zone } from '../scripts/synth/city.js';
import { CATEGORIES, type Category } from '../scripts/synth/facilities.js';
import { EXTENSIONS, type FeatureFormat, writeFeatures } from '../scripts/synth/geojson-writer.js';
import { defaultGridSpec, GridDistrict } from '../scripts/synth/grid-district.js';
import { addBridgedLink, connectPorts, type LinkOptions } from '../scripts/synth/links.js';
import { ruralRoots, streetRoots, urbanRoots } from '../scripts/synth/names.js';
import { NetworkBuilder } from '../scripts/synth/network-builder.js';
import { GUANGZHOU } from '../scripts/synth/projection.js';
import { hashSeed, Random } from '../scripts/synth/random.js';
import { River } from '../scripts/synth/river.js';
import { VillageField } from '../scripts/synth/village-field.js';

// Seeded synthetic cities for the benchmarks, from 10k to 5M network edges (segments between
// consecutive vertices). The city is a patchwork of 1.5 km sectors grown outwards from the centre:
// dense cores and irregular old towns in the middle, rotated new towns around them, villages on
// country roads outside, rivers running east-west across everything with bridges every kilometre or
// so. Proportions follow size L: 1M edges, 3,000 communities, 1M population points, 30k facilities.

export type BaseSize = 'S' | 'M' | 'L' | 'XL';
/**
 * A size, optionally `spread-`: the same counts laid out over a Guangzhou-sized extent (80 x 55 km at
 * L, scaled with the square root of the edges for other sizes) around several centres, countryside in
 * between, and capacities on nearly every facility: the city a planner of the whole municipality runs.
 */
export type CitySize = BaseSize | `spread-${BaseSize}`;
export const CITY_SIZES: readonly CitySize[] = ['S', 'M', 'L', 'XL', 'spread-S', 'spread-M', 'spread-L', 'spread-XL'];

export function baseSize(size: CitySize): BaseSize {
  return (size.startsWith('spread-') ? size.slice('spread-'.length) : size) as BaseSize;
}
export const isSpread = (size: CitySize) => size.startsWith('spread-');

/** Bump whenever the generated data changes for a given size and seed, so cached cities are remade. */
export const GENERATOR_VERSION = 3;
/** Likewise for the spread layout (its caches are separate: `spread-<size>-<seed>-v<version>`). */
export const SPREAD_GENERATOR_VERSION = 2;

export const SIZE_TARGETS: Record<BaseSize, { edges: number; communities: number; populationPoints: number; facilities: number }> = {
  S: { edges: 10_000, communities: 30, populationPoints: 10_000, facilities: 300 },
  M: { edges: 100_000, communities: 300, populationPoints: 100_000, facilities: 3_000 },
  L: { edges: 1_000_000, communities: 3_000, populationPoints: 1_000_000, facilities: 30_000 },
  XL: { edges: 5_000_000, communities: 15_000, populationPoints: 5_000_000, facilities: 150_000 },
};

type SectorType = 'core' | 'old-town' | 'new-town' | 'rural';

const SECTOR_M = 1500;
const GAP_M = 140;
/** Edges a sector of each type adds, measured on generated cities; used only to plan the layout. */
const EDGES_PER_SECTOR: Record<SectorType, number> = { core: 2250, 'old-town': 2400, 'new-town': 840, rural: 230 };

interface Sector {
  si: number;
  sj: number;
  type: SectorType;
  zone: Zone;
  ports: number[];
  grid?: GridDistrict;
  field?: VillageField;
}

/** Sector types by rank from the centre: a third urban core, a third new town, a third countryside. */
function sectorType(rankShare: number, rng: Random): SectorType {
  if (rankShare < 0.3) return rng.chance(0.2) ? 'old-town' : 'core';
  if (rankShare < 0.6) return 'new-town';
  return 'rural';
}

/** Grid cells per community side in each urban sector type, chosen so that communities come out
 * near 3 per 1,000 edges as in size L. */
const CHUNK: Record<Exclude<SectorType, 'rural'>, [number, number]> = { core: [5, 7], 'old-town': [5, 7], 'new-town': [4, 5] };

export function generateCity(size: CitySize, seed = 1): SyntheticCity {
  if (isSpread(size)) return generateSpreadCity(baseSize(size), seed);
  const target = SIZE_TARGETS[size as BaseSize];
  const rng = new Random(seed);
  const avgEdges = 0.24 * EDGES_PER_SECTOR.core + 0.06 * EDGES_PER_SECTOR['old-town'] + 0.3 * EDGES_PER_SECTOR['new-town'] + 0.4 * EDGES_PER_SECTOR.rural;
  const plannedSectors = Math.max(4, Math.round(target.edges / avgEdges));
  const k = Math.ceil(Math.sqrt(plannedSectors) * 1.3) + 2;
  // Sector slots sorted by distance from the centre (ties broken by position), grown outwards.
  const slots: [number, number, number][] = [];
  for (let sj = 0; sj < k; sj++) for (let si = 0; si < k; si++) slots.push([Math.hypot(si - (k - 1) / 2, sj - (k - 1) / 2), si, sj]);
  slots.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[1] - b[1]);
  const rivers = makeRivers(rng, k, k);

  const net = new NetworkBuilder();
  const sectors = new Map<number, Sector>();
  const key = (si: number, sj: number) => sj * k + si;
  let placed = 0;
  for (const [, si, sj] of slots) {
    if (net.edgeCount >= target.edges) break;
    const type = sectorType(placed / plannedSectors, rng);
    const zone: Zone = placed / plannedSectors < 0.3 ? 'central' : 'outer';
    const sector = buildSector(net, rng, rivers, si, sj, type, zone);
    sectors.set(key(si, sj), sector);
    placed++;
  }
  return finishCity(net, rng, rivers, sectors, k, k, seed, target, false);
}

/** Rivers running east-west across a kx x ky sector grid, about one per five rows of sectors. */
function makeRivers(rng: Random, kx: number, ky: number): River[] {
  const span = ky * SECTOR_M;
  const rivers: River[] = [];
  const riverCount = Math.max(1, Math.round(ky / 5));
  for (let r = 0; r < riverCount; r++) {
    rivers.push(
      new River({
        y0: ((r + 0.5) / riverCount) * span + rng.uniform(-0.2, 0.2) * SECTOR_M,
        amplitudeM: rng.uniform(80, 250),
        wavelengthM: rng.uniform(2500, 6000),
        phase: rng.uniform(0, 2 * Math.PI),
        halfWidthM: rng.uniform(70, 140),
        xMin: -1000,
        xMax: kx * SECTOR_M + 1000,
      }),
    );
  }
  return rivers;
}

function finishCity(net: NetworkBuilder, rng: Random, rivers: River[], sectors: Map<number, Sector>, kx: number, ky: number, seed: number,
  target: (typeof SIZE_TARGETS)[BaseSize], capacityOnAll: boolean): SyntheticCity {
  connectSectors(net, rng, rivers, sectors, kx, ky);
  const communities = benchCommunities(rng, sectors, kx);
  const totalPeople = communities.reduce((s, c) => s + c.population, 0);
  const pointsPerPerson = target.populationPoints / totalPeople;
  const city = new SyntheticCity(seed, net, communities, (c) => Math.max(1, Math.min(Math.floor(c.population / 3), Math.round(c.population * pointsPerPerson))));
  placeBenchFacilities(city, seed ^ 0x5bd1e995, communities, target.facilities, capacityOnAll);
  return city;
}

/** Extent of the spread city at size L, metres: Guangzhou's built-up municipality is about 80 x 55 km. */
const SPREAD_EXTENT_M: [number, number] = [80_000, 55_000];

/**
 * The spread layout: every sector of an 80 x 55 km grid (at L) is built. Urban sectors gather around
 * one main centre and five smaller ones (as Guangzhou's old city, Tianhe, Panyu, Huadu, Zengcheng and
 * Nansha), in just the number that brings the city to its edge target; countryside fills the rest.
 */
function generateSpreadCity(size: BaseSize, seed: number): SyntheticCity {
  const target = SIZE_TARGETS[size];
  const rng = new Random(hashSeed(seed, 0x5b5e, 1));
  const scale = Math.sqrt(target.edges / SIZE_TARGETS.L.edges);
  const kx = Math.max(3, Math.round((SPREAD_EXTENT_M[0] * scale) / SECTOR_M));
  const ky = Math.max(2, Math.round((SPREAD_EXTENT_M[1] * scale) / SECTOR_M));
  const centres: [number, number, number][] = [[kx * 0.42, ky * 0.45, 2]];
  for (let c = 0; c < 5; c++) centres.push([rng.uniform(0.1, 0.9) * kx, rng.uniform(0.1, 0.9) * ky, rng.uniform(0.6, 1)]);
  const slots: [number, number, number][] = [];
  for (let sj = 0; sj < ky; sj++)
    for (let si = 0; si < kx; si++) {
      let score = Infinity;
      for (const [cx, cy, w] of centres) score = Math.min(score, Math.hypot(si + 0.5 - cx, sj + 0.5 - cy) / w);
      slots.push([score, si, sj]);
    }
  slots.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[1] - b[1]);
  const urbanEdges = (0.4 * EDGES_PER_SECTOR.core + 0.1 * EDGES_PER_SECTOR['old-town'] + 0.5 * EDGES_PER_SECTOR['new-town']);
  const urban = Math.max(1, Math.min(slots.length, Math.round((target.edges - slots.length * EDGES_PER_SECTOR.rural) / (urbanEdges - EDGES_PER_SECTOR.rural))));
  const rivers = makeRivers(rng, kx, ky);
  const net = new NetworkBuilder();
  const sectors = new Map<number, Sector>();
  slots.forEach(([, si, sj], rank) => {
    const share = rank / urban;
    const type: SectorType = share >= 1 ? 'rural' : share < 0.5 ? (rng.chance(0.2) ? 'old-town' : 'core') : 'new-town';
    const zone: Zone = share < 0.5 ? 'central' : 'outer';
    sectors.set(sj * kx + si, buildSector(net, rng, rivers, si, sj, type, zone));
  });
  return finishCity(net, rng, rivers, sectors, kx, ky, seed, target, true);
}

export function buildSector(net: NetworkBuilder, rng: Random, rivers: River[], si: number, sj: number, type: SectorType, zone: Zone): Sector {
  const x0 = si * SECTOR_M;
  const y0 = sj * SECTOR_M;
  const inner = SECTOR_M - GAP_M;
  const sector: Sector = { si, sj, type, zone, ports: [] };
  if (type === 'rural') {
    const field = new VillageField(
      { x0, y0, tx: 1, ty: 1, territoryM: SECTOR_M, cornerJitterM: 0, loopShare: 0, bridgesPerRiver: 0, clusterCells: [5, 7], clusterCellM: 70 },
      rng,
      rivers,
    );
    field.build(net);
    sector.field = field;
    sector.ports = field.ports();
    return sector;
  }
  const cell = type === 'core' ? 80 : type === 'old-town' ? 60 : 130;
  const rotation = type === 'core' ? rng.uniform(-0.08, 0.08) : type === 'old-town' ? rng.uniform(-0.4, 0.4) : rng.uniform(-0.3, 0.3);
  // Rotated grids must still fit in the sector: shrink the extent by the rotation's overhang.
  const fit = inner / (Math.abs(Math.cos(rotation)) + Math.abs(Math.sin(rotation)));
  const n = Math.max(3, Math.floor(fit / cell) - 1);
  const grid = new GridDistrict(
    {
      ...defaultGridSpec,
      centreX: x0 + SECTOR_M / 2,
      centreY: y0 + SECTOR_M / 2,
      nx: n,
      ny: n,
      cellWM: cell,
      cellHM: cell * rng.uniform(0.9, 1.05),
      rotationRad: rotation,
      jitterM: type === 'old-town' ? cell * 0.22 : cell * 0.08,
      warpAmpM: type === 'old-town' ? 25 : 15,
      warpWaveM: rng.uniform(900, 2500),
      subdivisions: type === 'new-town' ? 5 : 4,
      wobbleM: 4,
      arterialEvery: type === 'old-town' ? 1000 : type === 'core' ? 5 : 4,
      dropShare: type === 'old-town' ? 0.22 : 0.05,
      footpathShare: type === 'old-town' ? 0.3 : 0.6,
      serviceShare: type === 'old-town' ? 0.2 : 0.4,
      privateShare: 0.2,
      bridgeEveryCols: type === 'new-town' ? 5 : 8,
      bridgeOffset: rng.int(0, 4),
      maxWaySegments: type === 'old-town' ? 3 : 6,
      minorHighway: 'residential',
    },
    rng,
    rivers,
  );
  grid.build(net);
  if (type === 'core' && rng.chance(0.3)) {
    const a = Math.floor(n / 5);
    grid.addPass(net, [a, a], [n - a, Math.floor(n / 2)], { highway: 'primary', bridge: 'yes', layer: '1' });
  }
  if (type === 'new-town' && rng.chance(0.3)) {
    grid.addPass(net, [1, Math.floor(n / 2)], [Math.floor(n / 2), 1], { highway: 'tertiary', tunnel: 'yes', layer: '-1' });
  }
  sector.grid = grid;
  sector.ports = grid.ports();
  return sector;
}

/** Roads across the gaps between neighbouring sectors, and a motorway along one column of gaps,
 * crossing streets and rivers without joining them. */
function connectSectors(net: NetworkBuilder, rng: Random, rivers: River[], sectors: Map<number, Sector>, kx: number, ky: number): void {
  const urbanLink: LinkOptions = { stepM: 50, wanderM: 8, tags: { highway: 'secondary' } };
  const minorLink: LinkOptions = { stepM: 50, wanderM: 10, tags: { highway: 'residential' } };
  const ruralLink: LinkOptions = { stepM: 80, wanderM: 80, tags: { highway: 'unclassified' }, branchShare: 0.05 };
  for (let sj = 0; sj < ky; sj++)
    for (let si = 0; si < kx; si++) {
      const a = sectors.get(sj * kx + si);
      if (!a) continue;
      const east = si + 1 < kx ? sectors.get(sj * kx + si + 1) : undefined;
      const north = sj + 1 < ky ? sectors.get((sj + 1) * kx + si) : undefined;
      for (const b of [east, north]) {
        if (!b) continue;
        const rural = a.type === 'rural' || b.type === 'rural';
        if (rural) {
          const made = connectPorts(net, rng, rivers, a.ports, b.ports, 1500, 500, ruralLink, 2);
          // Across a river, now and then a country bridge.
          if (made === 0 && rng.chance(0.35)) bridgeNearest(net, rng, rivers, a.ports, b.ports, ruralLink);
        }
        else {
          connectPorts(net, rng, rivers, a.ports, b.ports, GAP_M + 160, 250, minorLink);
          connectPorts(net, rng, rivers, a.ports, b.ports, GAP_M + 250, 600, urbanLink, 2);
        }
      }
    }
  // The motorway runs north-south in the gap west of the middle column of sectors.
  const column = Math.floor(kx / 2);
  const x = column * SECTOR_M - GAP_M / 2;
  const rows = [...sectors.values()].filter((s) => s.si === column).map((s) => s.sj);
  const yEnd = (Math.max(...rows) + 1) * SECTOR_M;
  let prev = -1;
  for (let y = Math.min(...rows) * SECTOR_M; y < yEnd; ) {
    const way = prev < 0 ? [] : [prev];
    const elevated = rivers.some((r) => r.contains(x, y + 300, 300)) || rng.chance(0.5);
    for (let s = 0; s < 6 && y < yEnd; s++, y += 150) way.push(net.addVertex(x + 5 * Math.sin(y / 700), y));
    net.addLine(way, elevated ? { highway: 'motorway', bridge: 'yes', layer: '1' } : { highway: 'motorway' });
    prev = way[way.length - 1];
  }
}

function bridgeNearest(net: NetworkBuilder, rng: Random, rivers: River[], portsA: number[], portsB: number[], opts: LinkOptions): void {
  let best: [number, number, number] = [Infinity, -1, -1];
  for (const a of portsA)
    for (const b of portsB) {
      const d = Math.hypot(net.x(a) - net.x(b), net.y(a) - net.y(b));
      if (d < best[0]) best = [d, a, b];
    }
  if (best[1] < 0 || best[0] > 2000) return;
  const [, a, b] = best;
  const river = rivers.find((r) => r.crossedBy(net.x(a), net.y(a), net.x(b), net.y(b)));
  if (river) addBridgedLink(net, rng, a, b, river, { ...opts, tags: { highway: 'tertiary' } });
}

function benchCommunities(rng: Random, sectors: Map<number, Sector>, kx: number): CommunityRecord[] {
  const urbanNames = urbanRoots(rng);
  const ruralNames = ruralRoots(rng);
  const streetNames = streetRoots(rng);
  const streets = new Map<number, string>();
  const out: CommunityRecord[] = [];
  const street = (key: number, town: boolean) => {
    let root = streets.get(key);
    if (!root) { root = streetNames.take(); streets.set(key, root); }
    return { street: `${root}${town ? '镇' : '街道'}`, streetRoot: root };
  };
  const add = (kind: Kind, zone: Zone, streetKey: number, shape: ReturnType<typeof gridCommunityShape>) => {
    const root = kind === 'urban' ? urbanNames.take() : ruralNames.take();
    out.push({
      id: '',
      name: `${root}${kind === 'urban' ? '社区' : '村'}`,
      kind,
      zone,
      statesZone: true,
      district: zone === 'central' ? '海珠区' : '番禺区',
      ...street(streetKey, kind === 'rural'),
      ...communityPeople(rng, kind, zone),
      ...shape,
      root,
    });
  };
  for (const key of [...sectors.keys()].sort((a, b) => a - b)) {
    const s = sectors.get(key)!;
    if (s.grid) {
      const chunk = CHUNK[s.type as Exclude<SectorType, 'rural'>];
      for (const cells of s.grid.communityBlocks(chunk, chunk, 4)) add('urban', s.zone, key, gridCommunityShape(s.grid, cells));
    } else if (s.field) {
      // A town (镇) spans 2 x 2 rural sectors.
      const town = -1 - (Math.floor(s.sj / 2) * kx + Math.floor(s.si / 2));
      for (const v of s.field.villages) add('rural', 'outer', town, villageCommunityShape(v));
    }
  }
  const width = String(out.length).length;
  out.forEach((c, i) => (c.id = `C${String(i + 1).padStart(Math.max(4, width), '0')}`));
  return out;
}

/** Every category of the catalogue, so the default standard (guangzhou-1530) can be met. */
export const BENCH_CATEGORIES = CATEGORIES as readonly Category[];

/**
 * The facilities the plan puts "in every community" or "in every street" (presence rules), and the
 * share of communities or streets that have one: high but not complete, so some communities miss the
 * quality circle for want of a Yikang station or a children's home, as in a real register.
 */
const IN_EVERY_COMMUNITY: Record<Kind, Partial<Record<Category, number>>> = {
  urban: { 'community-service': 0.97, 'elder-care': 0.85, culture: 0.85, 'children-home': 0.85, health: 0.4 },
  rural: { 'community-service': 0.95, 'elder-care': 0.7, culture: 0.8, 'children-home': 0.75, health: 0.6 },
};
const IN_EVERY_STREET: Partial<Record<Category, number>> = {
  'community-service': 1, health: 1, 'elder-care': 0.9, culture: 1, 'social-work': 0.9, kangyuan: 0.85,
};
/** The rest of the facility target, in proportion to communities, with the mix a Guangzhou district
 * has: shops, markets and parcel points everywhere, schools and kindergartens often, childcare scarce. */
const RATES: Record<Kind, Partial<Record<Category, number>>> = {
  urban: { health: 0.2, 'elder-care': 0.4, childcare: 1, kindergarten: 1.2, 'primary-school': 1, sports: 1.8, grocery: 1.4,
    'social-work': 0.2, 'convenience-store': 1.8, 'repair-housekeeping': 1.5, 'express-delivery': 1.3 },
  rural: { health: 0.1, 'elder-care': 0.2, childcare: 0.2, kindergarten: 0.5, 'primary-school': 0.5, sports: 0.3, grocery: 1,
    'social-work': 0.1, 'convenience-store': 1.2, 'repair-housekeeping': 0.7, 'express-delivery': 0.8 },
};

/** Capacities the spread city gives categories the catalogue leaves without one (people a day it can
 * serve: consultations, visitors, stalls' customers, parcels), so that 2SFCA runs for every category. */
const SPREAD_CAPACITY: Partial<Record<Category, [number, number]>> = {
  'community-service': [100, 400], health: [50, 300], 'elder-care': [8, 200], childcare: [30, 100], kindergarten: [90, 450],
  'primary-school': [270, 1620], culture: [50, 300], sports: [100, 1000], grocery: [200, 2000], 'social-work': [20, 100],
  'convenience-store': [100, 600], 'repair-housekeeping': [10, 60], 'express-delivery': [200, 1500], 'children-home': [20, 80],
};

/**
 * Each community and street draws its facilities of each category from its own random stream
 * (hashSeed of the seed, its index and the category), so a change to one rate moves only that
 * category's facilities. Community facilities stand at a random site in the community; street-level
 * ones in one member community (the street's hub).
 */
function placeBenchFacilities(city: SyntheticCity, seed: number, communities: CommunityRecord[], targetCount: number, capacityOnAll = false): void {
  const add = (rng: Random, cat: Category, level: 'community' | 'street', c: CommunityRecord, station = false) => {
    const f = city.addFacility(rng, cat, level, c, c.site(rng), station);
    // Nine in ten state a capacity; the rest are left without, as in real registers.
    if (capacityOnAll && f.capacity === undefined && rng.chance(0.9)) f.capacity = rng.int(...(SPREAD_CAPACITY[cat] ?? [10, 100]));
  };
  const stream = (index: number, cat: Category) => new Random(hashSeed(seed, index, CATEGORIES.indexOf(cat)));
  const byStreet = new Map<string, CommunityRecord[]>();
  for (const c of communities) byStreet.set(c.street, [...(byStreet.get(c.street) ?? []), c]);

  let placed = 0;
  communities.forEach((c, ci) => {
    for (const [cat, p] of Object.entries(IN_EVERY_COMMUNITY[c.kind]) as [Category, number][]) {
      const rng = stream(ci, cat);
      if (rng.chance(p)) { add(rng, cat, 'community', c, cat === 'elder-care'); placed++; }
    }
  });
  [...byStreet.values()].forEach((members, si) => {
    for (const [cat, p] of Object.entries(IN_EVERY_STREET) as [Category, number][]) {
      const rng = stream(-1 - si, cat);
      if (!rng.chance(p)) continue;
      add(rng, cat, 'street', members[rng.int(0, members.length - 1)]);
      placed++;
    }
  });

  // The rest of the target, spread in proportion to the rates.
  let expected = 0;
  for (const c of communities) for (const cat of CATEGORIES) expected += RATES[c.kind][cat] ?? 0;
  const scale = Math.max(0, targetCount - placed) / expected;
  communities.forEach((c, ci) => {
    for (const [cat, rate] of Object.entries(RATES[c.kind]) as [Category, number][]) {
      const rng = stream(communities.length + ci, cat);
      const n = Math.floor(rate * scale + rng.next());
      for (let i = 0; i < n; i++) add(rng, cat, 'community', c);
    }
  });
}

export interface CityFiles {
  dir: string;
  format: FeatureFormat | 'both';
  counts: { edges: number; lines: number; communities: number; populationPoints: number; facilities: number };
}

/** Writes the city's four layers into dir (network, communities, population, facilities), in one
 * or both formats, then city.json with the counts: its presence marks a complete cache entry. */
export async function writeCity(city: SyntheticCity, dir: string, format: FeatureFormat | 'both', version = GENERATOR_VERSION): Promise<CityFiles> {
  await mkdir(dir, { recursive: true });
  const formats: FeatureFormat[] = format === 'both' ? ['geojson', 'geojsonseq'] : [format];
  let populationPoints = 0;
  for (const f of formats) {
    const ext = EXTENSIONS[f];
    await writeFeatures(join(dir, `network${ext}`), city.networkFeatures(GUANGZHOU), f);
    await writeFeatures(join(dir, `communities${ext}`), city.communityFeatures(GUANGZHOU), f);
    populationPoints = await writeFeatures(join(dir, `population${ext}`), city.populationJson(GUANGZHOU), f);
    await writeFeatures(join(dir, `facilities${ext}`), city.facilityFeatures(GUANGZHOU), f);
  }
  const files: CityFiles = {
    dir,
    format,
    counts: {
      edges: city.net.edgeCount,
      lines: city.net.lineCount,
      communities: city.communities.length,
      populationPoints,
      facilities: city.facilities.length,
    },
  };
  await writeFile(join(dir, 'city.json'), JSON.stringify({ generatorVersion: version, seed: city.seed, ...files }, null, 2) + '\n');
  return files;
}

const generatorVersion = (size: CitySize) => (isSpread(size) ? SPREAD_GENERATOR_VERSION : GENERATOR_VERSION);
/** The cache folder names the generator version, so a stale city (or a link to another worktree's
 * stale city) is never read, and never deleted through a link either. */
export const cacheDir = (size: CitySize, seed: number) => new URL(`./.cache/${size}-${seed}-v${generatorVersion(size)}/`, import.meta.url);

/** The cached city of this size and seed, generated on first use. */
export async function ensureCity(size: CitySize, seed = 1, format: FeatureFormat | 'both' = 'both'): Promise<CityFiles> {
  const dir = fileURLToPath(cacheDir(size, seed));
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'city.json'), 'utf8')) as CityFiles & { generatorVersion?: number };
    const current = manifest.generatorVersion === generatorVersion(size);
    if (current && (manifest.format === format || manifest.format === 'both')) return { dir, format: manifest.format, counts: manifest.counts };
  } catch {
    // No complete cache entry: generate below.
  }
  await rm(dir, { recursive: true, force: true });
  return writeCity(generateCity(size, seed), dir, format, generatorVersion(size));
}
