// Exploratory units where there are no community boundaries at all: `--units hex:500` or
// `grid:500` lays hexagons (500 m between neighbouring centres) or 500 m squares over the
// populated area -- every cell holding at least one population point -- on the local metre plane.
import type { Feature, Polygon, Position } from 'geojson';
import { InputError } from '../errors.js';
import { featurePosition } from '../geo/feature-point.js';
import { isPointColumns, type PointColumns } from '../geo/point-columns.js';
import { checkLonLat } from '../geo/validate-coordinates.js';
import { localPlane, toLat, toLon, toX, toY } from '../geo/local-plane.js';

export interface UnitsSpec {
  shape: 'hex' | 'grid';
  /** Hexagons: distance between neighbouring centres (flat to flat); squares: side. Metres. */
  sizeM: number;
}

/** Parses `hex:500` / `grid:500`. */
export function parseUnits(text: string): UnitsSpec {
  const m = /^(hex|grid|square):(\d+(?:\.\d+)?)$/i.exec(text.trim());
  const sizeM = m ? Number(m[2]) : NaN;
  if (!m || !(sizeM >= 10)) throw new InputError(`--units takes hex:SIZE or grid:SIZE in metres (at least 10), got "${text}"`);
  return { shape: m[1].toLowerCase() === 'hex' ? 'hex' : 'grid', sizeM };
}

const SQRT3 = Math.sqrt(3);

/**
 * The cells that hold population points, each with an id (H12_-3 / G4_7), its kind and the sum of
 * the points' weights as `population` (the analysis assigns the points to the cells all the same).
 */
export function gridCells(spec: UnitsSpec, population: readonly Feature[] | PointColumns,
  opts: { populationField?: string; kind?: 'urban' | 'rural'; source?: string } = {}): Feature[] {
  const columns = isPointColumns(population) ? population : undefined;
  const n = columns ? columns.count : (population as readonly Feature[]).length;
  if (n === 0) throw new InputError('--units needs population points (--population) to know where people live', opts.source ?? 'population');
  const field = opts.populationField ?? 'population';
  const positions: Position[] = [];
  for (let i = 0; i < n; i++) {
    if (columns) checkLonLat(columns.lon[i], columns.lat[i], opts.source, i, 'geometry.coordinates');
    positions.push(columns ? [columns.lon[i], columns.lat[i]] : featurePosition((population as readonly Feature[])[i], opts.source, i));
  }
  const weightOf = (k: number): unknown => (columns ? columns.weight[k] : (population as readonly Feature[])[k].properties?.[field]);
  const plane = localPlane(positions.reduce((s, p) => s + p[0], 0) / positions.length, positions.reduce((s, p) => s + p[1], 0) / positions.length);
  const cells = new Map<string, { i: number; j: number; population: number }>();
  positions.forEach((p, k) => {
    const [i, j] = spec.shape === 'hex' ? hexOf(toX(plane, p[0]), toY(plane, p[1]), spec.sizeM) : [Math.floor(toX(plane, p[0]) / spec.sizeM), Math.floor(toY(plane, p[1]) / spec.sizeM)];
    const key = `${i},${j}`;
    const w = Number(weightOf(k) ?? 0);
    const c = cells.get(key) ?? { i, j, population: 0 };
    c.population += Number.isFinite(w) ? w : 0;
    cells.set(key, c);
  });
  const out: Feature[] = [];
  for (const { i, j, population: pop } of cells.values()) {
    const ring = (spec.shape === 'hex' ? hexRing(i, j, spec.sizeM) : squareRing(i, j, spec.sizeM)).map(([x, y]): Position => [toLon(plane, x), toLat(plane, y)]);
    const id = `${spec.shape === 'hex' ? 'H' : 'G'}${i}_${j}`;
    const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
    out.push({ type: 'Feature', properties: { id, name: id, kind: opts.kind ?? 'urban', population: Math.round(pop * 1000) / 1000 }, geometry });
  }
  out.sort((a, b) => String(a.properties!.id).localeCompare(String(b.properties!.id)));
  return out;
}

/** Axial coordinates (q, r) of the pointy-top hexagon holding (x, y); d = centre spacing. */
export function hexOf(x: number, y: number, d: number): [number, number] {
  const R = d / SQRT3; // centre to corner
  const q = ((SQRT3 / 3) * x - y / 3) / R;
  const r = ((2 / 3) * y) / R;
  // Cube rounding: round all three, fix the one that moved most.
  const s = -q - r;
  let rq = Math.round(q), rr = Math.round(r);
  const rs = Math.round(s);
  const dq = Math.abs(rq - q), dr = Math.abs(rr - r), ds = Math.abs(rs - s);
  if (dq > dr && dq > ds) rq = -rr - rs;
  else if (dr > ds) rr = -rq - rs;
  return [rq, rr];
}

export function hexCentre(q: number, r: number, d: number): [number, number] {
  const R = d / SQRT3;
  return [R * SQRT3 * (q + r / 2), R * 1.5 * r];
}

function hexRing(q: number, r: number, d: number): [number, number][] {
  const R = d / SQRT3;
  const [cx, cy] = hexCentre(q, r, d);
  const ring: [number, number][] = [];
  for (let k = 0; k < 6; k++) {
    const a = (Math.PI / 180) * (30 + 60 * k);
    ring.push([cx + R * Math.cos(a), cy + R * Math.sin(a)]);
  }
  ring.push(ring[0]);
  return ring;
}

function squareRing(i: number, j: number, s: number): [number, number][] {
  return [[i * s, j * s], [(i + 1) * s, j * s], [(i + 1) * s, (j + 1) * s], [i * s, (j + 1) * s], [i * s, j * s]];
}
