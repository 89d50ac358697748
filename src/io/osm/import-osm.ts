// OSM PBF -> the inputs lifecircle analyses: walkable lines, facility points, community polygons
// and (optionally) resident points from buildings.
//
// Three passes over the file, each streaming block by block:
//   1. everything but coordinates: tagged nodes become facilities at once (a node carries its own
//      position); ways and relations that matter are kept with their node ids;
//   2. only blocks holding ways, and only if relations need member ways not kept in pass 1;
//   3. only blocks holding nodes: the coordinates of the node ids kept, into typed arrays.
// Memory is what is kept (ways' node ids, tags of kept objects, 24 bytes per needed node) plus a
// few inflated blocks; it does not grow with the nodes or ways that are thrown away.
import type { Feature, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { CategoryOf } from '../category-of.js';
import { InputError } from '../../errors.js';
import type { ImportDiagnostic } from '../diagnostics.js';
import { corruptBlock, readBlocks, type PbfSource, type RawBlock } from './blobs.js';
import {
  decodeHeaderBlock,
  decodePrimitiveBlock,
  unsupportedFeatures,
  HAS_NODES,
  HAS_WAYS,
  type RelationMember,
  type Tags,
} from './primitive-block.js';
import { NodeIdSet, type NodeLocations } from './node-locations.js';
import { isOwnPoint, lineRuns, ownPoints, relationArea, relationLines, wayArea, type KeptRelation, type KeptWay, type Located } from './assemble.js';
import { areaM2, interiorPoint } from './interior-point.js';
import { chooseAdminLevel, type AdminBoundaryArea, type AdminLevelReason } from './admin-level.js';
import { communityKindFromName, type CommunityKind } from './community-kind.js';
import { parseBuildingLevels } from './building-levels.js';
import { clipBoundaries, type ClipOutcome } from './clip-boundaries.js';
import type { Box } from './extract-sides.js';

export interface ImportOsmOptions {
  /**
   * `admin_level` of the boundaries that become communities. Default: the finest level with at
   * least two closed, complete boundaries, preferring one whose boundaries cover their parents
   * (see `chooseAdminLevel`); the summary lists every level found so another can be chosen.
   */
  adminLevel?: number;
  /**
   * `kind` of communities whose name does not tell it. A name ending in 村 (or 村委会, 村民委员会)
   * is rural, one ending in 社区 (or 居委会, 居民委员会) urban, whatever this says. Default: no
   * `kind` property (analyze's `defaultKind` or a per-feature kind decides).
   */
  communityKind?: CommunityKind;
  /** Also emit buildings as resident points (default false). */
  buildings?: boolean;
  /** Storeys assumed where `building:levels` is missing or unreadable (default 1). */
  defaultLevels?: number;
  /**
   * `residential` (default) leaves out buildings whose `building` value says nobody lives there
   * (garage, church, school, industrial...); `all` keeps every building.
   */
  buildingTypes?: 'residential' | 'all';
  /**
   * A facility's category from its OSM tags, undefined for anything else. Reading does not classify:
   * the caller brings the classifier (the CLI and `lifecircle/node` pass the category map's).
   */
  categoryOf: CategoryOf;
  /** Progress: phase name and bytes of the file done so far. */
  onProgress?: (phase: 'scan' | 'members' | 'coordinates', bytesDone: number, bytesTotal: number) => void;
}

/** Receives features as they are made, so a caller can write them out without holding them all. */
export interface OsmImportSink {
  network(f: Feature<LineString>): void;
  facility(f: Feature<Point>): void;
  community(f: Feature<Polygon | MultiPolygon>): void;
  building(f: Feature<Point>): void;
}

export interface OsmImportSummary {
  /** The admin_level used for communities, or null when the file has no administrative boundary. */
  adminLevel: number | null;
  /** Why that level: asked for, or which default rule chose it. */
  adminLevelReason: AdminLevelReason;
  /** Every `boundary=administrative` level in the file with its number of relations and closed ways. */
  adminLevels: Record<string, number>;
  /** Of those, the boundaries that are closed and complete in this extract, per level. */
  adminLevelsComplete: Record<string, number>;
  /**
   * Of those, the boundaries the extract cuts that were clipped to it (`clip-boundaries.ts`), per
   * level; they count with the complete ones when the level is chosen.
   */
  adminLevelsClipped: Record<string, number>;
  /** The extract's box boundaries are clipped to: the file header's bbox, else the box of its nodes. */
  extractBox: { bbox: Box; from: 'header' | 'nodes' } | null;
  /** Per level with >= 2 complete boundaries inside coarser ones: the share of those parents' area they cover. */
  adminLevelParentShare: Record<string, number>;
  counts: {
    nodes: number;
    ways: number;
    relations: number;
    /** Ways with a `highway` tag. */
    highwayWays: number;
    /**
     * Of those, closed ways tagged `area=yes` (pedestrian squares): kept as their outline, which
     * people walk along; `osmium export` writes them as polygons only, so they are absent from its lines.
     */
    highwayAreas: number;
    /** LineStrings written to the network (highway ways with at least two distinct positions). */
    networkLines: number;
    /**
     * Highway ways that leave the extract and come back: written as one line per stretch inside
     * (ids `way/N#1`, `way/N#2`...), never joined straight across the ground outside.
     */
    splitWays: number;
    facilities: number;
    facilitiesByCategory: Record<string, number>;
    facilitiesByElement: { node: number; way: number; relation: number };
    communities: number;
    /** Of those, boundaries cut by the extract and clipped to it (property `clipped: true`). */
    communitiesClipped: number;
    /** Communities by the kind written (`none`: no kind property). */
    communitiesByKind: { urban: number; rural: number; none: number };
    buildings: number;
  };
  skipped: {
    /** Highway ways left with fewer than 2 distinct positions (missing nodes or a degenerate way). */
    degenerateWays: number;
    /** Highway ways with at least one node outside the extract (kept as the stretches present). */
    waysMissingNodes: number;
    /** Unclosed ways whose tags name a facility category: neither a point nor an area. */
    openWayFacilities: number;
    /** Areas (ways or relations) that could not be built: missing members or rings that do not close. */
    brokenAreas: number;
    /** Buildings left out by `buildingTypes: 'residential'`. */
    nonResidentialBuildings: number;
  };
  diagnostics: ImportDiagnostic[];
}

/** `building` values of structures where nobody lives; `building=yes` (unknown) is kept. */
const NON_RESIDENTIAL_BUILDINGS = new Set([
  'garage', 'garages', 'carport', 'parking', 'shed', 'roof', 'hut', 'cabin_storage', 'storage_tank',
  'industrial', 'warehouse', 'factory', 'manufacture', 'commercial', 'retail', 'office', 'kiosk',
  'supermarket', 'church', 'cathedral', 'chapel', 'mosque', 'temple', 'synagogue', 'shrine',
  'religious', 'school', 'kindergarten', 'university', 'college', 'hospital', 'public', 'civic',
  'government', 'train_station', 'transportation', 'stadium', 'sports_hall', 'sports_centre',
  'grandstand', 'pavilion', 'greenhouse', 'barn', 'farm_auxiliary', 'stable', 'cowshed', 'sty',
  'service', 'transformer_tower', 'water_tower', 'bunker', 'ruins', 'construction', 'toilets',
  'bridge', 'tower', 'hangar', 'fire_station', 'museum', 'castle', 'military', 'digester', 'silo',
]);

/**
 * Keys that say an OSM object is a place where a service is offered. Only such objects go to the
 * category map: its Chinese name keywords would otherwise turn 医院路 (Hospital Road) or a
 * place=suburb named after a market into facilities. Also spares the map most of the file's ways.
 */
const FACILITY_KEYS = ['amenity', 'leisure', 'shop', 'healthcare', 'social_facility', 'office', 'club', 'sport'];

/** A facility tag, or a named building (a 社区卫生服务站 mapped as just a building with its name). */
function mayBeFacility(tags: Tags): boolean {
  for (const k of FACILITY_KEYS) if (tags[k] !== undefined) return true;
  return tags.building !== undefined && (tags.name !== undefined || tags['name:zh'] !== undefined);
}

function isClosed(refs: readonly number[]): boolean {
  return refs.length >= 4 && refs[0] === refs[refs.length - 1];
}

function isAdminBoundary(tags: Tags): boolean {
  return tags.boundary === 'administrative' && tags.admin_level !== undefined;
}

function isBuilding(tags: Tags): boolean {
  return tags.building !== undefined && tags.building !== 'no';
}

/** What every step of one import shares: where it reads, where features go, and the tally so far. */
interface ImportRun {
  readonly source: PbfSource;
  /** The file's path, for messages (undefined when bytes were given). */
  readonly file: string | undefined;
  readonly opts: ImportOsmOptions;
  readonly sink: OsmImportSink;
  readonly summary: OsmImportSummary;
}

/** What pass 1 keeps: the ways and relations that matter, with their node ids, and what each block holds. */
interface Scan {
  /** Per block offset, which kinds of element it holds (HAS_NODES, HAS_WAYS...): passes 2 and 3 skip the others. */
  readonly blockKinds: Map<number, number>;
  readonly highways: KeptWay[];
  readonly facilityWays: Array<KeptWay & { category: string }>;
  readonly buildingWays: KeptWay[];
  readonly adminWays: KeptWay[];
  readonly facilityRelations: Array<KeptRelation & { category: string }>;
  readonly buildingRelations: KeptRelation[];
  readonly adminRelations: KeptRelation[];
  /** The header's bbox, if it has one. */
  headerBox?: Box;
  /** The box of every node in the file (west, south, east, north). */
  readonly nodeBox: Box;
}


/** An administrative boundary of any level, assembled, and what clipping it to the extract made of it. */
interface AdminArea {
  readonly element: 'way' | 'relation';
  readonly id: number;
  readonly tags: Tags;
  readonly geometry: Polygon | MultiPolygon | null;
  readonly complete: boolean;
  clip?: ClipOutcome;
}

/** Streams an OSM PBF into the sink; returns counts and diagnostics. */
export async function importOsmTo(
  source: PbfSource,
  sink: OsmImportSink,
  opts: ImportOsmOptions,
): Promise<OsmImportSummary> {
  const run: ImportRun = { source, file: typeof source === 'string' ? source : undefined, opts, sink, summary: emptySummary() };
  const scan = await scanElements(run);
  const memberRefs = await memberWays(run, scan);
  const located: Located = { memberRefs, nodes: await nodeCoordinates(run, scan, memberRefs) };
  emitNetwork(run, scan.highways, located.nodes);
  emitFacilityAreas(run, scan, located);
  const communityAreas = chooseCommunities(run, adminAreas(run, scan, located));
  emitCommunities(run, communityAreas);
  if (opts.buildings === true) emitBuildings(run, scan, located);
  noteWaysCut(run);
  return run.summary;
}

function emptySummary(): OsmImportSummary {
  return {
    adminLevel: null,
    adminLevelReason: 'none',
    adminLevels: {},
    adminLevelsComplete: {},
    adminLevelsClipped: {},
    extractBox: null,
    adminLevelParentShare: {},
    counts: {
      nodes: 0, ways: 0, relations: 0, highwayWays: 0, highwayAreas: 0, networkLines: 0, splitWays: 0, facilities: 0,
      facilitiesByCategory: {}, facilitiesByElement: { node: 0, way: 0, relation: 0 },
      communities: 0, communitiesClipped: 0, communitiesByKind: { urban: 0, rural: 0, none: 0 }, buildings: 0,
    },
    skipped: { degenerateWays: 0, waysMissingNodes: 0, openWayFacilities: 0, brokenAreas: 0, nonResidentialBuildings: 0 },
    diagnostics: [],
  };
}

/** Adds one to a per-key tally. */
function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function emitFacility(run: ImportRun, element: 'node' | 'way' | 'relation', id: number, tags: Tags, category: string, at: Position): void {
  const counts = run.summary.counts;
  counts.facilities++;
  counts.facilitiesByElement[element]++;
  tally(counts.facilitiesByCategory, category);
  run.sink.facility({
    type: 'Feature',
    properties: { ...tags, id: `${element}/${id}`, category, name: tags.name ?? null },
    geometry: { type: 'Point', coordinates: at },
  });
}

/**
 * Pass 1, everything but coordinates: tagged nodes become facilities at once (a node carries its own
 * position); ways and relations that matter are kept with their node ids.
 */
async function scanElements(run: ImportRun): Promise<Scan> {
  const { file, opts } = run;
  const scan: Scan = {
    blockKinds: new Map(), highways: [], facilityWays: [], buildingWays: [], adminWays: [],
    facilityRelations: [], buildingRelations: [], adminRelations: [], nodeBox: [Infinity, Infinity, -Infinity, -Infinity],
  };
  let sawHeader = false;
  for await (const block of readBlocks(run.source, { onProgress: (d, t) => opts.onProgress?.('scan', d, t) })) {
    if (block.type === 'OSMHeader') {
      sawHeader = true;
      scan.headerBox = readHeader(block, file);
      continue;
    }
    if (block.type !== 'OSMData') continue;
    const kinds = decodeOrExplain(block, file, () => decodePrimitiveBlock(block.data, {
      node: (id, lon, lat, tags) => scanNode(run, scan, id, lon, lat, tags),
      way: (id, tags, refs) => scanWay(run, scan, id, tags, refs),
      relation: (id, tags, members) => scanRelation(run, scan, id, tags, members),
    }));
    scan.blockKinds.set(block.offset, kinds);
  }
  if (!sawHeader) throw new InputError('not an OSM PBF file (no OSMHeader block)', file);
  return scan;
}

/** The header's bbox; a file that needs features this reader lacks is refused. */
function readHeader(block: RawBlock, file: string | undefined): Box | undefined {
  const header = decodeOrExplain(block, file, () => decodeHeaderBlock(block.data));
  const missing = unsupportedFeatures(header);
  if (missing.length) {
    throw new InputError(`the PBF requires features this reader does not support: ${missing.join(', ')}`, file);
  }
  return header.bbox;
}

function scanNode(run: ImportRun, scan: Scan, id: number, lon: number, lat: number, tags: Tags | null): void {
  run.summary.counts.nodes++;
  const box = scan.nodeBox;
  if (lon < box[0]) box[0] = lon;
  if (lat < box[1]) box[1] = lat;
  if (lon > box[2]) box[2] = lon;
  if (lat > box[3]) box[3] = lat;
  if (!tags || !mayBeFacility(tags)) return;
  const category = run.opts.categoryOf(tags);
  if (category) emitFacility(run, 'node', id, tags, category, [lon, lat]);
}

/** Keeps a way that is a street, a facility's outline, an admin boundary or (when asked for) a building. */
function scanWay(run: ImportRun, scan: Scan, id: number, tags: Tags, refs: number[]): void {
  const { counts, skipped } = run.summary;
  counts.ways++;
  const closed = isClosed(refs);
  if (tags.highway !== undefined) {
    counts.highwayWays++;
    if (closed && tags.area === 'yes') counts.highwayAreas++;
    scan.highways.push({ id, tags, refs });
  }
  const category = mayBeFacility(tags) ? run.opts.categoryOf(tags) : undefined;
  if (category) {
    if (closed && tags.area !== 'no') scan.facilityWays.push({ id, tags, refs, category });
    else if (tags.highway === undefined) skipped.openWayFacilities++;
  }
  if (closed && isAdminBoundary(tags)) {
    scan.adminWays.push({ id, tags, refs });
    tally(run.summary.adminLevels, tags.admin_level);
  }
  if (run.opts.buildings === true && closed && isBuilding(tags)) scan.buildingWays.push({ id, tags, refs });
}

/** Keeps a relation that is an admin boundary, or a multipolygon that is a facility or (when asked for) a building. */
function scanRelation(run: ImportRun, scan: Scan, id: number, tags: Tags, members: RelationMember[]): void {
  run.summary.counts.relations++;
  const type = tags.type;
  if ((type === 'boundary' || type === 'multipolygon') && isAdminBoundary(tags)) {
    scan.adminRelations.push({ id, tags, members });
    tally(run.summary.adminLevels, tags.admin_level);
  }
  if (type !== 'multipolygon') return;
  const category = mayBeFacility(tags) ? run.opts.categoryOf(tags) : undefined;
  if (category) scan.facilityRelations.push({ id, tags, members, category });
  if (run.opts.buildings === true && isBuilding(tags)) scan.buildingRelations.push({ id, tags, members });
}

/**
 * Pass 2, the member ways of the relations kept: those pass 1 did not keep for themselves are read
 * again from the blocks holding ways, only when there are any. Boundaries of every level are
 * assembled: choosing the level needs to know which are complete.
 */
async function memberWays(run: ImportRun, scan: Scan): Promise<Map<number, number[] | null>> {
  const { file, opts } = run;
  const areaRelations: KeptRelation[] = [...scan.adminRelations, ...scan.facilityRelations, ...scan.buildingRelations];
  const memberRefs = new Map<number, number[] | null>();
  for (const r of areaRelations) for (const m of r.members) if (m.type === 'way') memberRefs.set(m.ref, null);
  for (const list of [scan.highways, scan.facilityWays, scan.buildingWays, scan.adminWays]) {
    for (const w of list) if (memberRefs.has(w.id)) memberRefs.set(w.id, w.refs);
  }
  let missingMembers = 0;
  for (const refs of memberRefs.values()) if (refs === null) missingMembers++;
  if (missingMembers === 0) return memberRefs;
  const wanted = (offset: number) => ((scan.blockKinds.get(offset) ?? HAS_WAYS) & HAS_WAYS) !== 0;
  for await (const block of readBlocks(run.source, { wanted, onProgress: (d, t) => opts.onProgress?.('members', d, t) })) {
    if (block.type !== 'OSMData') continue;
    decodeOrExplain(block, file, () => decodePrimitiveBlock(block.data, {
      wayTags: false,
      way(id, _tags, refs) {
        if (memberRefs.get(id) === null) memberRefs.set(id, refs);
      },
    }));
  }
  return memberRefs;
}

/**
 * Pass 3, the coordinates of every node used (by the ways kept, the member ways, and boundaries'
 * label and admin_centre nodes, which tell which side of a cut boundary is inside it), read from the
 * blocks holding nodes into typed arrays.
 */
async function nodeCoordinates(run: ImportRun, scan: Scan, memberRefs: ReadonlyMap<number, number[] | null>): Promise<NodeLocations> {
  const { file, opts } = run;
  const needed = new NodeIdSet();
  for (const list of [scan.highways, scan.facilityWays, scan.buildingWays, scan.adminWays]) for (const w of list) needed.addAll(w.refs);
  for (const refs of memberRefs.values()) if (refs) needed.addAll(refs);
  for (const r of scan.adminRelations) for (const m of r.members) if (isOwnPoint(m)) needed.add(m.ref);
  const nodes = needed.finish();
  if (nodes.size === 0) return nodes;
  const wanted = (offset: number) => ((scan.blockKinds.get(offset) ?? HAS_NODES) & HAS_NODES) !== 0;
  for await (const block of readBlocks(run.source, { wanted, onProgress: (d, t) => opts.onProgress?.('coordinates', d, t) })) {
    if (block.type !== 'OSMData') continue;
    decodeOrExplain(block, file, () => decodePrimitiveBlock(block.data, { nodeTags: false, node: (id, lon, lat) => nodes.offer(id, lon, lat) }));
  }
  return nodes;
}

/** Each highway way as the lines of its stretches inside the extract (one line when it is whole). */
function emitNetwork(run: ImportRun, highways: readonly KeptWay[], nodes: NodeLocations): void {
  const { counts, skipped } = run.summary;
  for (const w of highways) {
    const { runs, missing } = lineRuns(w.refs, nodes);
    if (missing) skipped.waysMissingNodes++;
    const pieces = runs.filter((r) => r.length >= 2);
    if (pieces.length === 0) {
      skipped.degenerateWays++;
      continue;
    }
    if (pieces.length > 1) counts.splitWays++;
    pieces.forEach((coords, k) => {
      counts.networkLines++;
      const id = pieces.length > 1 ? `way/${w.id}#${k + 1}` : `way/${w.id}`;
      run.sink.network({ type: 'Feature', properties: { ...w.tags, id }, geometry: { type: 'LineString', coordinates: coords } });
    });
  }
}

/** Facilities mapped as areas, each placed at a point inside its area. */
function emitFacilityAreas(run: ImportRun, scan: Scan, located: Located): void {
  const { summary, file } = run;
  for (const w of scan.facilityWays) {
    const geometry = wayArea(w, located.nodes);
    if (!geometry) {
      summary.skipped.brokenAreas++;
      continue;
    }
    emitFacility(run, 'way', w.id, w.tags, w.category, interiorPoint(geometry));
  }
  for (const r of scan.facilityRelations) {
    const { geometry, complete } = relationArea(r, located);
    // A point is all a facility needs: the rings that did close are enough to place it.
    if (!geometry) {
      summary.skipped.brokenAreas++;
      continue;
    }
    if (!complete) summary.diagnostics.push({ level: 'info', code: 'facility-area-incomplete', file, message: `relation/${r.id} (${r.tags.name ?? 'unnamed'}) is incomplete in this extract; placed on the rings that close` });
    emitFacility(run, 'relation', r.id, r.tags, r.category, interiorPoint(geometry));
  }
}

/**
 * Every boundary of every level, assembled once (the level is chosen on them, then emitted); when
 * some are cut by the extract, they are clipped to its box, so a city extract still has its streets.
 */
function adminAreas(run: ImportRun, scan: Scan, located: Located): AdminArea[] {
  const { summary } = run;
  const areas: AdminArea[] = [
    ...scan.adminRelations.map((r) => ({ element: 'relation' as const, id: r.id, tags: r.tags, ...relationArea(r, located) })),
    ...scan.adminWays.map((w) => {
      const geometry = wayArea(w, located.nodes);
      return { element: 'way' as const, id: w.id, tags: w.tags, geometry, complete: geometry !== null };
    }),
  ];
  const box: Box | undefined = scan.headerBox ?? (summary.counts.nodes > 0 ? scan.nodeBox : undefined);
  if (!box || !areas.some((a) => !a.complete)) return areas;
  summary.extractBox = { bbox: box, from: scan.headerBox ? 'header' : 'nodes' };
  const relationById = new Map(scan.adminRelations.map((r) => [r.id, r]));
  const outcomes = clipBoundaries(areas.map((a) => {
    const r = a.element === 'relation' && !a.complete ? relationById.get(a.id) : undefined;
    return { level: Number(a.tags.admin_level), geometry: a.geometry, complete: a.complete, lines: r ? relationLines(r, located) : [], ownPoints: r ? ownPoints(r, located.nodes) : [] };
  }), box);
  for (const [i, clip] of outcomes) {
    areas[i].clip = clip;
    if (clip.clipped) tally(summary.adminLevelsClipped, areas[i].tags.admin_level);
  }
  return areas;
}

/**
 * The admin level that becomes communities (asked for, or chosen on the complete and clipped
 * boundaries), recorded in the summary with why; returns that level's boundaries.
 */
function chooseCommunities(run: ImportRun, areas: readonly AdminArea[]): AdminArea[] {
  const { summary, file } = run;
  const choice = chooseAdminLevel(
    areas.map((a): AdminBoundaryArea => a.clip?.clipped
      ? { level: Number(a.tags.admin_level), geometry: a.clip.geometry, complete: true }
      : { level: Number(a.tags.admin_level), geometry: a.geometry, complete: a.complete }),
    run.opts.adminLevel,
  );
  summary.adminLevel = choice.level;
  summary.adminLevelReason = choice.reason;
  // Complete only: chooseAdminLevel counted the clipped ones with them.
  for (const a of areas) if (a.complete && a.geometry) tally(summary.adminLevelsComplete, a.tags.admin_level);
  summary.adminLevelParentShare = choice.parentShare;
  const levels = Object.keys(summary.adminLevels).map(Number).filter(Number.isFinite);
  const communityAreas = areas.filter((a) => choice.level !== null && a.tags.admin_level === String(choice.level));
  if (choice.level === null) {
    summary.diagnostics.push({ level: 'warning', code: 'no-admin-boundaries', message: 'the file has no boundary=administrative relations; no communities were made', file });
  } else if (communityAreas.length === 0) {
    summary.diagnostics.push({
      level: 'warning', code: 'admin-level-absent', file,
      message: `no boundary=administrative with admin_level=${choice.level}; levels present: ${levels.sort((a, b) => a - b).join(', ') || 'none'}`,
    });
  }
  return communityAreas;
}

/**
 * The chosen level's boundaries as communities: whole ones as they are, cut ones clipped to the
 * extract (and listed in one warning); those that lie outside or cannot be clipped are left out,
 * each saying why.
 */
function emitCommunities(run: ImportRun, communityAreas: readonly AdminArea[]): void {
  const { summary, file } = run;
  const clippedNames: string[] = [];
  for (const a of communityAreas) {
    if (a.geometry && a.complete) {
      emitCommunity(run, a.element, a.id, a.tags, a.geometry);
      continue;
    }
    const label = `${a.element}/${a.id} (${a.tags.name ?? 'unnamed'})`;
    if (a.clip?.clipped) {
      emitCommunity(run, a.element, a.id, a.tags, a.clip.geometry, true);
      clippedNames.push(label);
      continue;
    }
    if (a.clip?.reason === 'outside') {
      summary.diagnostics.push({ level: 'info', code: 'community-boundary-outside', file, message: `admin boundary ${label} lies outside this extract` });
      continue;
    }
    summary.skipped.brokenAreas++;
    if (a.element === 'relation') {
      summary.diagnostics.push({
        level: 'warning', code: 'community-boundary-incomplete', file,
        message: `admin boundary ${label} is not complete in this extract and could not be clipped to it: ${whyNotClipped(a.clip)}; left out`,
      });
    }
  }
  if (clippedNames.length > 0) {
    const [w, s, e, n] = summary.extractBox!.bbox;
    summary.diagnostics.push({
      level: 'warning', code: 'community-boundary-clipped', file,
      message: `${clippedNames.length} admin boundaries are cut by the edge of this extract and were clipped to its box ` +
        `[${[w, s, e, n].map((v) => v.toFixed(5)).join(', ')}] (from the ${summary.extractBox!.from === 'header' ? 'file header' : 'nodes in the file'}); ` +
        `they are marked clipped: true and their scores cover only the part inside: ${clippedNames.join(', ')}`,
    });
  }
}

function whyNotClipped(clip: ClipOutcome | undefined): string {
  return clip?.reason === 'contradicted'
    ? 'its cut lines fit neither side (it overlaps its neighbours or its label lies outside it)'
    : clip?.reason === 'crossing' ? 'its lines cross each other'
    : 'nothing in the extract tells which side of its cut lines is inside (no label or admin_centre node, no neighbour of the same level)';
}

function emitCommunity(run: ImportRun, element: 'way' | 'relation', id: number, tags: Tags, geometry: Polygon | MultiPolygon, clipped = false): void {
  const counts = run.summary.counts;
  counts.communities++;
  const kind = communityKindFromName(tags.name ?? tags['name:zh']) ?? run.opts.communityKind;
  counts.communitiesByKind[kind ?? 'none']++;
  const properties: Record<string, unknown> = { ...tags, id: `${element}/${id}`, name: tags.name ?? null };
  // Without a kind the property is left out (not null), so analyze's --default-kind applies.
  if (kind) properties.kind = kind;
  else delete properties.kind;
  // An OSM population tag is kept only when it is a number; analyze reads it as the community's population.
  const population = Number(tags.population?.replace(/[\s,]/g, ''));
  if (Number.isFinite(population) && population >= 0 && tags.population !== undefined) properties.population = population;
  else delete properties.population;
  // The part inside the extract only: its scores are for that part, and its population tag (if
  // any) is the whole boundary's, so it is dropped rather than spread over the part.
  if (clipped) {
    properties.clipped = true;
    delete properties.population;
    counts.communitiesClipped++;
  } else delete properties.clipped;
  run.sink.community({ type: 'Feature', properties, geometry });
}

/** Buildings as resident points inside their footprints, weighted by floor area. */
function emitBuildings(run: ImportRun, scan: Scan, located: Located): void {
  const { skipped } = run.summary;
  for (const w of scan.buildingWays) {
    const geometry = wayArea(w, located.nodes);
    if (geometry) emitBuilding(run, 'way', w.id, w.tags, geometry);
    else skipped.brokenAreas++;
  }
  for (const r of scan.buildingRelations) {
    const { geometry } = relationArea(r, located);
    if (geometry) emitBuilding(run, 'relation', r.id, r.tags, geometry);
    else skipped.brokenAreas++;
  }
}

function emitBuilding(run: ImportRun, element: 'way' | 'relation', id: number, tags: Tags, geometry: Polygon | MultiPolygon): void {
  const { opts, summary } = run;
  if ((opts.buildingTypes ?? 'residential') === 'residential' && NON_RESIDENTIAL_BUILDINGS.has(tags.building)) {
    summary.skipped.nonResidentialBuildings++;
    return;
  }
  const footprint = areaM2(geometry);
  const levels = parseBuildingLevels(tags['building:levels']);
  summary.counts.buildings++;
  run.sink.building({
    type: 'Feature',
    properties: {
      id: `${element}/${id}`,
      building: tags.building,
      levels,
      footprint_m2: Math.round(footprint * 10) / 10,
      // A relative weight (floor area in m2); the scorer rescales it to a community's population when given.
      population: Math.round(footprint * (levels ?? opts.defaultLevels ?? 1) * 10) / 10,
    },
    geometry: { type: 'Point', coordinates: interiorPoint(geometry) },
  });
}

/** One line for all the highway ways the extract cuts (kept as their stretches inside). */
function noteWaysCut(run: ImportRun): void {
  const { summary, file } = run;
  if (summary.skipped.waysMissingNodes === 0) return;
  summary.diagnostics.push({
    level: 'info', code: 'ways-clipped', file,
    message: `${summary.skipped.waysMissingNodes} highway ways reference nodes outside the extract; kept as the stretches inside it` +
      (summary.counts.splitWays > 0 ? `, ${summary.counts.splitWays} of them cut into several lines where they leave and re-enter it` : ''),
  });
}

export interface OsmImport {
  network: { type: 'FeatureCollection'; features: Feature<LineString>[] };
  facilities: { type: 'FeatureCollection'; features: Feature<Point>[] };
  communities: { type: 'FeatureCollection'; features: Feature<Polygon | MultiPolygon>[] };
  /** Present when `buildings: true`. */
  buildings?: { type: 'FeatureCollection'; features: Feature<Point>[] };
  summary: OsmImportSummary;
}

/**
 * Reads an OSM PBF (a path, streamed, or bytes) into the four GeoJSON inputs of an analysis.
 * Holds the results in memory; for very large extracts use `importOsmTo` with a writing sink.
 */
export async function importOsm(source: PbfSource, opts: ImportOsmOptions): Promise<OsmImport> {
  const network: Feature<LineString>[] = [];
  const facilities: Feature<Point>[] = [];
  const communities: Feature<Polygon | MultiPolygon>[] = [];
  const buildings: Feature<Point>[] = [];
  const summary = await importOsmTo(
    source,
    {
      network: (f) => network.push(f),
      facility: (f) => facilities.push(f),
      community: (f) => communities.push(f),
      building: (f) => buildings.push(f),
    },
    opts,
  );
  const fc = <T extends Feature>(features: T[]) => ({ type: 'FeatureCollection' as const, features });
  return {
    network: fc(network),
    facilities: fc(facilities),
    communities: fc(communities),
    ...(opts.buildings ? { buildings: fc(buildings) } : {}),
    summary,
  };
}

/**
 * Decodes one block; whatever a corrupt block makes the decoder throw (`Unimplemented type: 7`,
 * `Expected varint not more than 10 bytes`, a RangeError) becomes an InputError naming the block.
 */
function decodeOrExplain<T>(block: { offset: number }, file: string | undefined, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw corruptBlock(err, file ?? "OSM PBF", block.offset);
  }
}
