import { stat } from 'node:fs/promises';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { InputError } from '../errors.js';
import { inputFileOf, isCsvTable, readLayer, sourceLabel } from '../io/read-layer.js';
import type { Network } from '../network/network.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import type { PointCrs } from '../io/crs.js';
import type { CsvEncodingOption } from '../io/csv.js';
import type { PointColumns } from '../geo/point-columns.js';
import { readPointColumns } from '../io/read-point-columns.js';

export interface PointInputOptions {
  /**
   * `facilities`: a CSV is read as a POI table (Amap/Baidu exports too: names and types are
   * categorised); `population`: a lon/lat table with a weight column; `points`: a lon/lat table
   * whose other columns are kept as they are (origins, candidate sites).
   */
  role: 'facilities' | 'population' | 'points';
  /**
   * GCJ-02 / BD-09 offset of the input, whatever its format (a CSV, GeoJSON or a GIS layer, after
   * its own coordinate system); a CSV that does not state it is read as WGS-84 with a warning.
   */
  crs?: PointCrs;
  /** The option that states `crs` for this input, named in that warning. */
  crsFlag?: string;
  encoding?: CsvEncodingOption;
  /** Population: the property the weight is read from (GeoJSON) or written to (CSV). Default `population`. */
  populationField?: string;
  /** Whether an empty collection is allowed (facilities, added facilities, candidates). */
  allowEmpty?: boolean;
  /** Bytes of the file read so far (GeoJSON as it is read; a CSV once read). */
  onBytes?: (bytesRead: number) => void;
  /** Rows read so far from a database input, and its estimated rows. */
  onRows?: (rowsRead: number, rowsEstimated: number | undefined) => void;
}

/** A layer of any format (GeoJSON, Shapefile, GeoPackage, FlatGeobuf, PostGIS); notes go to `notes`. */
export function readInputLayer(source: string, notes: ImportDiagnostic[], opts: {
  encoding?: CsvEncodingOption; allowEmpty?: boolean; onBytes?: (bytesRead: number) => void; crs?: PointCrs;
  onRows?: (rowsRead: number, rowsEstimated: number | undefined) => void;
} = {}): Promise<Feature[]> {
  return readLayer(source, { notes, encoding: opts.encoding, allowEmpty: opts.allowEmpty, onBytes: opts.onBytes, crs: opts.crs, onRows: opts.onRows });
}

/**
 * Points from a CSV table (by extension) or any layer format. Notes about the read (a CSV's encoding,
 * an unstated coordinate system, rows that matched no category, a layer's CRS) go to `notes`.
 */
export async function readPointFeatures(path: string, notes: ImportDiagnostic[] = [], opts: PointInputOptions = { role: 'points' }): Promise<Feature[]> {
  if (!isCsvTable(path)) {
    const features = await readInputLayer(path, notes, { encoding: opts.encoding, allowEmpty: opts.allowEmpty, onBytes: opts.onBytes, crs: opts.crs, onRows: opts.onRows });
    notes.push(...reducedToPoints(features, path));
    return features;
  }
  const features = await readPointTable(path, notes, opts);
  opts.onBytes?.((await stat(path)).size);
  return features;
}

async function readPointTable(path: string, notes: ImportDiagnostic[], opts: PointInputOptions): Promise<Feature[]> {
  if (opts.role === 'facilities') {
    const { readPoiTable } = await import('../intake/classified-readers.js');
    // Unmatched rows are kept (category null) so that the analysis counts them.
    const table = await readPoiTable(path, { crs: opts.crs, crsFlag: opts.crsFlag, encoding: opts.encoding, keepUncategorized: true });
    notes.push(...table.diagnostics);
    return table.facilities.features;
  }
  const { readPointsCsv } = await import('../io/csv.js');
  const table = await readPointsCsv(path, {
    crs: opts.crs, crsFlag: opts.crsFlag, encoding: opts.encoding,
    weighted: opts.role === 'population', populationField: opts.populationField,
  });
  notes.push(...table.diagnostics);
  return table.points.features;
}

/** The inputs `analyze` and `plan` share, with the options that say how to read them. */
export interface AnalysisFiles {
  network: string;
  facilities: string;
  /** Polygons, or points (居委会/村委会) turned into Voronoi cells; may be left out with `units`. */
  communities?: string;
  population?: string;
  /** The study area that Voronoi cells of community points are clipped to (default: the network's hull). */
  boundary?: string;
}

export interface AnalysisReadOptions {
  crs?: PointCrs;
  populationCrs?: PointCrs;
  encoding?: CsvEncodingOption;
  populationField?: string;
  /** Bytes read so far over all the input files, and their total size (for a progress bar). */
  onBytes?: (bytesRead: number, bytesTotal: number) => void;
  /** Rows read so far over all the database (PostGIS) inputs, and their estimated total when known. */
  onRows?: (rowsRead: number, rowsEstimated: number | undefined) => void;
  /** `hex:500` / `grid:500`: cells over the populated area instead of communities. */
  units?: string;
  /** Kind of the `units` cells. */
  defaultKind?: 'urban' | 'rural';
  /** Street files at least this large are read and built on a worker (default NETWORK_WORKER_MIN_BYTES). */
  networkWorkerMinBytes?: number;
}

/**
 * A street file at least this large is read and built into a graph on a worker thread while this
 * thread reads the other inputs: on the spread-L city (49 MB of streets, 118 MB of population) that
 * takes the network's read and build (about 3.5 s) off the critical path. A thread costs about 40 ms
 * to start, more than a small network takes, so smaller files are read here.
 */
export const NETWORK_WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** The inputs of an analysis as read: the street layer (or the network built from it) and the point layers. */
export interface AnalysisInputs {
  network: Feature[] | Network;
  facilities: Feature[];
  communities: Feature[];
  population?: Feature[] | PointColumns;
}

/**
 * The reads of `readAnalysisInputs` as two promises: the point layers come as soon as they are read
 * (waiting for the network only when community points are clipped to its hull), so a caller can work
 * on them while a large street file is still being built on a worker. The network promise never goes
 * unhandled: a caller that stops early (the point layers failed) is not crashed by its later failure.
 */
export function startAnalysisInputs(files: AnalysisFiles, opts: AnalysisReadOptions, notes: ImportDiagnostic[]):
  { network: Promise<Feature[] | Network>; points: Promise<Omit<AnalysisInputs, 'network'>> } {
  const paths = [files.network, files.facilities, files.communities, files.population];
  const counters = opts.onBytes ? byteCounter(paths, opts.onBytes) : Promise.resolve([]);
  const rows = opts.onRows ? rowCounter(paths.length, opts.onRows) : [];
  const network = counters.then((bytes) => readNetworkInput(files.network, notes, {
    encoding: opts.encoding, onBytes: bytes[0], onRows: rows[0], workerMinBytes: opts.networkWorkerMinBytes ?? NETWORK_WORKER_MIN_BYTES,
  }));
  network.catch(() => {});
  const points = counters.then(async (bytes) => {
    const [facilities, communities, population] = await Promise.all([
      readPointFeatures(files.facilities, notes, { role: 'facilities', crs: opts.crs, crsFlag: '--crs', encoding: opts.encoding, allowEmpty: true, onBytes: bytes[1], onRows: rows[1] }),
      files.communities ? readInputLayer(files.communities, notes, { encoding: opts.encoding, onBytes: bytes[2], onRows: rows[2] }) : Promise.resolve([] as Feature[]),
      files.population
        ? readPopulationInput(files.population, notes, { role: 'population', crs: opts.populationCrs, crsFlag: '--population-crs', encoding: opts.encoding, populationField: opts.populationField, onBytes: bytes[3], onRows: rows[3] })
        : Promise.resolve(undefined),
    ]);
    return { facilities, communities: await unitsOrCommunities(files, opts, { network, communities, population }, notes), population };
  });
  return { network, points };
}

/**
 * Reads network, facilities (may be empty: a city without any yet), communities and optional
 * population, in parallel; CSV notes go to `notes`. A large street file comes back as a built
 * network (see NETWORK_WORKER_MIN_BYTES); `analyze` takes either.
 */
export async function readAnalysisInputs(files: AnalysisFiles, opts: AnalysisReadOptions, notes: ImportDiagnostic[]): Promise<AnalysisInputs> {
  const started = startAnalysisInputs(files, opts, notes);
  const [network, points] = await Promise.all([started.network, started.points]);
  return { network, ...points };
}

/**
 * The units scored: `--units` cells over the populated area, Voronoi cells of community points, or
 * the community polygons as given.
 */
async function unitsOrCommunities(files: AnalysisFiles, opts: AnalysisReadOptions,
  read: { network: Promise<Feature[] | Network>; communities: Feature[]; population?: Feature[] | PointColumns }, notes: ImportDiagnostic[]): Promise<Feature[]> {
  if (opts.units) {
    if (files.communities) throw new InputError('give either --communities or --units, not both', files.communities);
    const { gridCells, parseUnits } = await import('../units/grid-cells.js');
    const spec = parseUnits(opts.units);
    if (!read.population) throw new InputError('--units needs --population: the cells are laid where people live');
    const cells = gridCells(spec, read.population, { populationField: opts.populationField, kind: opts.defaultKind, source: files.population });
    notes.push({ level: 'info', code: 'units-cells', message: `${cells.length} ${spec.shape === 'hex' ? 'hexagons' : 'squares'} of ${spec.sizeM} m over the populated area are the units scored` });
    return cells;
  }
  if (!files.communities) throw new InputError('give --communities (polygons or points) or --units hex:SIZE / grid:SIZE');
  const { communities } = read;
  if (communities.length === 0 || !communities.every((f) => f.geometry?.type === 'Point')) return communities;
  const { convexHull, voronoiCells } = await import('../units/voronoi-cells.js');
  let area: Polygon | MultiPolygon;
  if (files.boundary) {
    const polys = (await readInputLayer(files.boundary, notes)).flatMap((f) =>
      f.geometry?.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry?.type === 'MultiPolygon' ? f.geometry.coordinates : []);
    if (polys.length === 0) throw new InputError('the boundary holds no Polygon or MultiPolygon', files.boundary);
    area = { type: 'MultiPolygon', coordinates: polys };
  } else {
    const { networkPositions } = await import('../network/network-positions.js');
    area = convexHull(networkPositions(await read.network));
  }
  const cells = voronoiCells(communities, area, files.communities);
  notes.push({ level: 'info', code: 'community-cells', file: files.communities,
    message: `the communities are points: each scored as its Voronoi cell, clipped to ${files.boundary ?? "the network's convex hull"}` });
  if (cells.length < communities.length) {
    notes.push({ level: 'warning', code: 'community-outside', file: files.communities, message: `${communities.length - cells.length} community points lie outside ${files.boundary ?? "the network's hull"} and were left out` });
  }
  return cells;
}

/**
 * The population layer: a GeoJSON collection of points with numeric weights is scanned straight into
 * columns (spread-L's 1M points: a fifth of the CPU of a Feature per point, see benchmarks/READERS.md);
 * anything else, a CSV or another format, is read as features, with the same checks and messages.
 */
async function readPopulationInput(source: string, notes: ImportDiagnostic[], opts: PointInputOptions): Promise<Feature[] | PointColumns> {
  if (!isCsvTable(source)) {
    const columns = await readPointColumns(source, { field: opts.populationField, crs: opts.crs, notes, onBytes: opts.onBytes });
    if (columns) return columns;
  }
  return readPointFeatures(source, notes, opts);
}

/** The street layer: read and built on a worker thread when it is a large file, else read here. */
async function readNetworkInput(source: string, notes: ImportDiagnostic[],
  opts: { encoding?: CsvEncodingOption; onBytes?: (bytesRead: number) => void; onRows?: (rowsRead: number, rowsEstimated: number | undefined) => void; workerMinBytes: number }): Promise<Feature[] | Network> {
  const file = inputFileOf(source);
  const size = file ? (await stat(file).catch(() => undefined))?.size ?? 0 : 0;
  if (!file || size < opts.workerMinBytes) return readInputLayer(source, notes, opts);
  const { readNetworkOnWorker } = await import('../parallel/read-network.js');
  return readNetworkOnWorker(source, notes, { label: sourceLabel(source), encoding: opts.encoding, onBytes: opts.onBytes });
}

/**
 * One byte callback per file, adding up to `report(read over all files, their total size)`. A file
 * that cannot be stat'ed counts 0 here: its reader names the problem.
 */
async function byteCounter(paths: readonly (string | undefined)[], report: (bytesRead: number, bytesTotal: number) => void): Promise<((n: number) => void)[]> {
  // A GeoPackage layer counts its file; a database counts 0 (its rows are not bytes of a file).
  const files = paths.map((p) => (p ? inputFileOf(p) : undefined));
  const sizes = await Promise.all(files.map(async (p) => (p ? (await stat(p).catch(() => undefined))?.size ?? 0 : 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const read = sizes.map(() => 0);
  let sum = 0;
  return paths.map((_, k) => (n: number) => {
    sum += n - read[k];
    read[k] = n;
    report(sum, total);
  });
}

/**
 * One row callback per input, adding up to `report(rows over all database inputs, their estimated
 * total)`; the total is given only when every database input so far has an estimate.
 */
function rowCounter(n: number, report: (rowsRead: number, rowsEstimated: number | undefined) => void): ((rows: number, estimated: number | undefined) => void)[] {
  const read = new Array<number>(n).fill(0);
  const estimates = new Array<number | undefined | null>(n).fill(null); // null: not a database input
  return read.map((_, k) => (rows: number, estimated: number | undefined) => {
    read[k] = rows;
    estimates[k] = estimated;
    const known = estimates.filter((e) => e !== null);
    const total = known.every((e) => e !== undefined) ? known.reduce((a: number, e) => a + (e ?? 0), 0) : undefined;
    report(read.reduce((a, b) => a + b, 0), total);
  });
}

/**
 * Points are expected; a Polygon (a building, a park) or a line is measured from one point of it.
 * That is useful, not silent: one warning per file with the count and the first features.
 */
export function reducedToPoints(features: readonly Feature[], file: string): ImportDiagnostic[] {
  const reduced: number[] = [];
  const types = new Set<string>();
  features.forEach((f, i) => {
    const t = f.geometry?.type;
    if (t && t !== 'Point') { reduced.push(i); types.add(t); }
  });
  if (!reduced.length) return [];
  return [{
    level: 'warning', code: 'non-point-reduced', file, row: reduced[0], field: 'geometry.type',
    message: `${reduced.length} feature${reduced.length === 1 ? ' is' : 's are'} not a Point (${[...types].join(', ')}; feature${reduced.length === 1 ? '' : 's'} ` +
      `${reduced.slice(0, 5).join(', ')}${reduced.length > 5 ? ', ...' : ''}): each is measured from one point of it (an area's interior point, a vertex of a line)`,
  }];
}
