/**
 * Isochrone polygons: how we draw them against the usual alternatives, on speed and on accuracy
 * against the reached network, then 1,000 origins x 3 thresholds on Porto Alegre.
 *
 *   npx tsx benchmarks/isochrone-bench.ts [roads.geojson] [--origins N]
 *
 * Methods (all from the same search and the same exact reached pieces, 15 minutes at 3.6 km/h):
 * - splat + d3-contour (ours): every piece writes the cells within the 120 m cap; marching squares.
 * - kdbush + d3-contour: pieces resampled every 5 m into a point index, each cell asks for the points
 *   within the cap (the ecosystem survey's recipe), then the same contour.
 * - splat + @turf/isobands: the same raster as a Point grid for Turf (timed for the contour step only).
 * - concaveman: concave hull of the reached points (sampled every 10 m).
 * - buffered-edge union: a 50 m capsule around every reached piece (OSMnx's node buffer), unioned
 *   pairwise with polygon-clipping and with polyclip-ts (what @turf/union 7 uses).
 * Accuracy, per method: recall = share of reached street points (every 10 m) inside the polygon;
 * beyond-cap = share of the polygon's area (15 m lattice) farther than the cap from the reached street.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import KDBush from 'kdbush';
import concaveman from 'concaveman';
import isobands from '@turf/isobands';
import polygonClipping from 'polygon-clipping';
import * as polyclip from 'polyclip-ts';
import type { Feature, FeatureCollection, MultiPolygon, Point, Position } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import type { Network } from '../src/network/network.js';
import { linkPoints } from '../src/network/link-points.js';
import { NetworkSearch } from '../src/routing/network-search.js';
import { isochrones } from '../src/isochrone/isochrones.js';
import { seedLinks } from '../src/routing/distance-field.js';
import { ReachedPieces } from '../src/isochrone/reached-pieces.js';
import { TimeRaster } from '../src/isochrone/time-raster.js';
import { contourPolygons } from '../src/isochrone/contour-polygons.js';
import { viewField, type SearchState } from '../src/isochrone/reach-field.js';
import { seeded } from '../tests/support/geo.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? new URL('../../shared/data/porto-alegre/poa-roads.geojson', import.meta.url).pathname;
const batch = Number(args[args.indexOf('--origins') + 1] || 1000);
const CELL = 25, CAP = 120, SPEED = 60, T = 15, LEVEL = T * SPEED, SLACK = CELL / 2;
const COMPARE_ORIGINS = 20;

const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
const net = buildNetwork(fc.features);
const rand = seeded(42);
// Origins: random vertices of the largest component, so every one reaches a real neighbourhood.
const big = largestComponent(net);
const origins: Position[] = [];
while (origins.length < Math.max(batch, COMPARE_ORIGINS)) {
  const e = Math.floor(rand() * net.edgeCount);
  if (net.nodeComponent[net.edgeFrom[e]] !== big) continue;
  const v = net.geomVertex[net.edgeGeomStart[e]];
  origins.push([net.vertexLon[v], net.vertexLat[v]]);
}

console.log(`# Isochrone benchmark\n`);
console.log(`${file.split('/').slice(-2).join('/')}: ${net.stats.edges.toLocaleString('en-US')} edges, ${net.stats.nodes.toLocaleString('en-US')} nodes; ` +
  `${cpus()[0].model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);

// ---- 1. Methods compared on the same searches -------------------------------------------------------
type Method = 'splat + d3-contour (ours)' | 'kdbush + d3-contour' | 'splat + @turf/isobands' | 'concaveman' | '50 m buffers, polygon-clipping union' | '50 m buffers, polyclip-ts union';
const stats = new Map<Method, { ms: number[]; recall: number[]; beyond: number[]; areaKm2: number[]; vertices: number[]; failures: number; error?: string }>();
const record = (m: Method, ms: number, shape: MultiPolygon | undefined, truth: Truth, error?: string) => {
  let s = stats.get(m);
  if (!s) stats.set(m, (s = { ms: [], recall: [], beyond: [], areaKm2: [], vertices: [], failures: 0 }));
  if (!shape) { s.failures++; s.error ??= error; return; }
  s.ms.push(ms);
  const acc = accuracy(shape, truth);
  s.recall.push(acc.recall);
  s.beyond.push(acc.beyond);
  s.areaKm2.push(acc.areaKm2);
  s.vertices.push(shape.coordinates.reduce((n, p) => n + p.reduce((k, r) => k + r.length, 0), 0));
};

const search = new NetworkSearch(net);
const pieces = new ReachedPieces();
const raster = new TimeRaster();
const links = linkPoints(net, origins.slice(0, COMPARE_ORIGINS));
for (let i = 0; i < COMPARE_ORIGINS; i++) {
  const state = searchOne(i);
  // The truth: the street reached within T exactly, sampled every 10 m.
  pieces.collect(net, viewField(state), LEVEL);
  const truth = truthOf(pieces);

  let t0 = performance.now();
  pieces.collect(net, viewField(state), LEVEL + SLACK);
  raster.fit(pieces, CELL, CAP, 1e8).splat(pieces, CAP, LEVEL + SLACK);
  let [shape] = contourPolygons(raster, [LEVEL + SLACK], net.plane, { minAreaM2: 2 * CELL * CELL, decimals: 7 });
  record('splat + d3-contour (ours)', performance.now() - t0, toPlane(shape), truth);

  t0 = performance.now();
  pieces.collect(net, viewField(state), LEVEL + SLACK);
  const kd = kdbushRaster(pieces);
  [shape] = contourPolygons(kd, [LEVEL + SLACK], net.plane, { minAreaM2: 2 * CELL * CELL, decimals: 7 });
  record('kdbush + d3-contour', performance.now() - t0, toPlane(shape), truth);

  // Turf's isobands on the same raster: only the contouring is timed (it needs a Point grid first).
  raster.fit(pieces, CELL, CAP, 1e8).splat(pieces, CAP, LEVEL + SLACK);
  const grid = pointGrid(raster);
  t0 = performance.now();
  const bands = isobands(grid, [-1, LEVEL + SLACK], { zProperty: 'd' });
  const turfMs = performance.now() - t0;
  const band = bands.features[0]?.geometry as MultiPolygon | undefined;
  record('splat + @turf/isobands', turfMs, band && fromLonLatGrid(band, raster), truth);

  t0 = performance.now();
  pieces.collect(net, viewField(state), LEVEL);
  const pts: number[][] = [];
  forEachSample(pieces, 10, (x, y) => pts.push([x, y]));
  const hull = pts.length >= 3 ? concaveman(pts, 2, 0) : [];
  record('concaveman', performance.now() - t0, { type: 'MultiPolygon', coordinates: hull.length ? [[hull as Position[]]] : [] }, truth);

  const capsules: Position[][][] = [];
  for (let p = 0; p < pieces.count; p++) capsules.push([capsule(pieces.coords, p, 50)]);
  for (const [name, union] of [
    ['50 m buffers, polygon-clipping union', (a: Position[][][], b: Position[][][]) => polygonClipping.union(a as never, b as never) as Position[][][]],
    ['50 m buffers, polyclip-ts union', (a: Position[][][], b: Position[][][]) => polyclip.union(a as never, b as never) as Position[][][]],
  ] as const) {
    t0 = performance.now();
    try {
      const merged = treeUnion(capsules.map((c) => [c]), union);
      record(name, performance.now() - t0, { type: 'MultiPolygon', coordinates: merged }, truth);
    } catch (err) {
      record(name, 0, undefined, truth, err instanceof Error ? err.message.replace(/\[.*$/, '').trim() : String(err));
    }
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
console.log(`## One 15-minute polygon, ${COMPARE_ORIGINS} origins (cell ${CELL} m, cap ${CAP} m)\n`);
console.log('| method | median ms | recall (reached street inside) | area beyond the cap | area km² | vertices | failures |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [m, s] of stats) {
  console.log(`| ${m} | ${median(s.ms).toFixed(2)} | ${(100 * mean(s.recall)).toFixed(2)}% | ${(100 * mean(s.beyond)).toFixed(2)}% | ${mean(s.areaKm2).toFixed(2)} | ${Math.round(mean(s.vertices))} | ${s.failures}${s.error ? ` (${s.error})` : ''} |`);
}
console.log('\n(@turf/isobands: contouring only, on the same raster given as a Point grid.)\n');

// ---- 2. The batch: 1,000 origins x 3 thresholds through the public API ------------------------------
const minutes = [5, 10, 15];
isochrones(net, origins.slice(0, 50), { minutes }); // warm-up
const tBatch = performance.now();
const out = isochrones(net, origins.slice(0, batch), { minutes });
const batchMs = performance.now() - tBatch;
let verts = 0, empty = 0;
for (const f of out.features) {
  if (f.geometry.coordinates.length === 0) empty++;
  for (const p of f.geometry.coordinates) for (const r of p) verts += r.length;
}

// Where the time goes, per origin (same work, stage by stage).
const stage = { search: 0, pieces: 0, raster: 0, contour: 0 };
const levels = minutes.map((m) => m * SPEED + SLACK);
const allLinks = linkPoints(net, origins.slice(0, batch));
for (let i = 0; i < batch; i++) {
  let t = performance.now();
  const state = searchOne(i, allLinks);
  stage.search += performance.now() - t;
  t = performance.now();
  pieces.collect(net, viewField(state), levels[2]);
  stage.pieces += performance.now() - t;
  t = performance.now();
  raster.fit(pieces, CELL, CAP, 1e8).splat(pieces, CAP, levels[2]);
  stage.raster += performance.now() - t;
  t = performance.now();
  contourPolygons(raster, levels, net.plane, { minAreaM2: 2 * CELL * CELL, decimals: 7 });
  stage.contour += performance.now() - t;
}
console.log(`## ${batch.toLocaleString('en-US')} origins x ${minutes.join('/')} minutes through isochrones()\n`);
console.log(`- total ${(batchMs / 1000).toFixed(2)} s, **${(batchMs / batch).toFixed(2)} ms per origin** for all three polygons (target: under 10 ms)`);
console.log(`- ${Math.round(verts / out.features.length)} vertices per polygon on average, ${empty} empty polygons`);
console.log(`- per origin by stage: search ${(stage.search / batch).toFixed(2)} ms, reached pieces ${(stage.pieces / batch).toFixed(2)} ms, ` +
  `raster ${(stage.raster / batch).toFixed(2)} ms, contours + output ${(stage.contour / batch).toFixed(2)} ms`);

// ---- helpers ----------------------------------------------------------------------------------------

function largestComponent(n: Network): number {
  const count = new Int32Array(n.componentCount);
  for (let v = 0; v < n.nodeCount; v++) count[n.nodeComponent[v]]++;
  let best = 0;
  for (let c = 1; c < count.length; c++) if (count[c] > count[best]) best = c;
  return best;
}

function searchOne(i: number, l = links): SearchState {
  const one = { ...l, count: 1, edge: l.edge.subarray(i, i + 1), offsetM: l.offsetM.subarray(i, i + 1), offNetworkM: l.offNetworkM.subarray(i, i + 1), snapX: l.snapX.subarray(i, i + 1), snapY: l.snapY.subarray(i, i + 1) };
  seedLinks(net, search, one);
  search.run(LEVEL + SLACK);
  return { search, sources: one };
}

interface Truth { index: KDBush; xs: number[]; ys: number[] }

function forEachSample(p: ReachedPieces, stepM: number, visit: (x: number, y: number) => void): void {
  const c = p.coords;
  for (let k = 0; k < p.count; k++) {
    const ax = c[6 * k], ay = c[6 * k + 1], bx = c[6 * k + 3], by = c[6 * k + 4];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / stepM));
    for (let s = 0; s <= n; s++) visit(ax + ((bx - ax) * s) / n, ay + ((by - ay) * s) / n);
  }
}

function truthOf(p: ReachedPieces): Truth {
  const xs: number[] = [], ys: number[] = [];
  forEachSample(p, 10, (x, y) => { xs.push(x); ys.push(y); });
  const index = new KDBush(Math.max(xs.length, 1));
  for (let k = 0; k < xs.length; k++) index.add(xs[k], ys[k]);
  if (xs.length === 0) index.add(0, 0);
  index.finish();
  return { index, xs, ys };
}

/** Plane-metre rings: point-in-polygon by ray casting, counting every ring (holes flip parity). */
function contains(shape: MultiPolygon, x: number, y: number): boolean {
  let inside = false;
  for (const polygon of shape.coordinates) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

function accuracy(shape: MultiPolygon, truth: Truth): { recall: number; beyond: number; areaKm2: number } {
  let hit = 0;
  for (let k = 0; k < truth.xs.length; k++) if (contains(shape, truth.xs[k], truth.ys[k])) hit++;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const polygon of shape.coordinates) for (const [x, y] of polygon[0]) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  let cells = 0, far = 0;
  for (let x = minX; x <= maxX; x += 15) for (let y = minY; y <= maxY; y += 15) {
    if (!contains(shape, x, y)) continue;
    cells++;
    if (truth.index.within(x, y, CAP + 5).length === 0) far++;
  }
  return { recall: truth.xs.length ? hit / truth.xs.length : 1, beyond: cells ? far / cells : 0, areaKm2: (cells * 225) / 1e6 };
}

/** Our lon/lat output back to plane metres, for measuring. */
function toPlane(shape: MultiPolygon): MultiPolygon {
  const { lon0, lat0, kx, ky } = net.plane;
  return { type: 'MultiPolygon', coordinates: shape.coordinates.map((p) => p.map((r) => r.map(([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky]))) };
}

/** The survey's recipe: points every 5 m in a kdbush, and for each cell the best point within the cap. */
function kdbushRaster(p: ReachedPieces): TimeRaster {
  const xs: number[] = [], ys: number[] = [], ds: number[] = [];
  const c = p.coords;
  for (let k = 0; k < p.count; k++) {
    const ax = c[6 * k], ay = c[6 * k + 1], ad = c[6 * k + 2], bx = c[6 * k + 3], by = c[6 * k + 4], bd = c[6 * k + 5];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 5));
    for (let s = 0; s <= n; s++) { xs.push(ax + ((bx - ax) * s) / n); ys.push(ay + ((by - ay) * s) / n); ds.push(ad + ((bd - ad) * s) / n); }
  }
  const index = new KDBush(xs.length);
  for (let k = 0; k < xs.length; k++) index.add(xs[k], ys[k]);
  index.finish();
  const r = new TimeRaster().fit(p, CELL, CAP, 1e8);
  const v = r.values;
  for (let j = 0; j < r.ny; j++) for (let i = 0; i < r.nx; i++) {
    const cx = r.x0 + (i + 0.5) * CELL, cy = r.y0 + (j + 0.5) * CELL;
    let best = Infinity;
    for (const k of index.within(cx, cy, CAP)) best = Math.min(best, ds[k] + Math.hypot(xs[k] - cx, ys[k] - cy));
    if (best <= LEVEL + SLACK) v[j * r.nx + i] = -best;
  }
  return r;
}

function pointGrid(r: TimeRaster): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  // isobands wants rows of points; unreachable cells get a large finite value.
  for (let j = 0; j < r.ny; j++) for (let i = 0; i < r.nx; i++) {
    const v = r.values[j * r.nx + i];
    features.push({ type: 'Feature', properties: { d: v === -Infinity ? 1e6 : -v }, geometry: { type: 'Point', coordinates: [i, j] } });
  }
  return { type: 'FeatureCollection', features };
}

function fromLonLatGrid(shape: MultiPolygon, r: TimeRaster): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: shape.coordinates.map((p) => p.map((ring) => ring.map(([i, j]) => [r.x0 + (i + 0.5) * CELL, r.y0 + (j + 0.5) * CELL]))) };
}

function capsule(c: Float64Array, k: number, radius: number): Position[] {
  const ax = c[6 * k], ay = c[6 * k + 1], bx = c[6 * k + 3], by = c[6 * k + 4];
  const angle = Math.atan2(by - ay, bx - ax);
  const ring: Position[] = [];
  const arc = (x: number, y: number, from: number) => {
    for (let s = 0; s <= 8; s++) { const a = from + (Math.PI * s) / 8; ring.push([x + radius * Math.cos(a), y + radius * Math.sin(a)]); }
  };
  arc(bx, by, angle - Math.PI / 2);
  arc(ax, ay, angle + Math.PI / 2);
  ring.push(ring[0]);
  return ring;
}

function treeUnion(parts: Position[][][][], union: (a: Position[][][], b: Position[][][]) => Position[][][]): Position[][][] {
  let level = parts;
  while (level.length > 1) {
    const next: Position[][][][] = [];
    for (let k = 0; k < level.length; k += 2) next.push(k + 1 < level.length ? union(level[k], level[k + 1]) : level[k]);
    level = next;
  }
  return level[0] ?? [];
}
