import type { Feature, LineString, Position } from 'geojson';
import type { Network } from '../network/network.js';
import type { LocalPlane } from '../geo/local-plane.js';
import { DEFAULT_WALK_SPEED_KMH, metresPerMinute as perMinute } from '../geo/walking-speed.js';
import { DEFAULT_DECIMALS } from './options.js';
import { viewField, type ReachField } from './reach-field.js';
import { ReachedPieces } from './reached-pieces.js';

export interface ReachedLineProperties {
  /** Walking minutes at the line's first and last position; in between, time grows linearly with distance. */
  fromMin: number;
  toMin: number;
}

export interface ReachedLinesOptions {
  /** Walking speed. Default 3.6 km/h. */
  speedKmh?: number;
  /** Decimal places of coordinates. Default 7. Minutes are rounded to 4 decimals (6 ms). */
  decimals?: number;
}

/**
 * The street network reached within `maxMinutes` of a field's sources, as lines: partially reached
 * edges end where the time runs out, and every edge is split where its time stops rising (the point
 * reached last from both ends, a source standing on it), so each line's time is linear from `fromMin`
 * to `toMin`. The network's own answer, with no polygon's approximation (what "path isochrones" ask).
 */
export function reachedLines(network: Network, field: ReachField, maxMinutes: number, opts: ReachedLinesOptions = {}): Feature<LineString, ReachedLineProperties>[] {
  const metresPerMinute = perMinute(opts.speedKmh ?? DEFAULT_WALK_SPEED_KMH);
  const pieces = new ReachedPieces().collect(network, viewField(field), maxMinutes * metresPerMinute);
  return linesFromPieces(pieces, network.plane, metresPerMinute, opts.decimals ?? DEFAULT_DECIMALS);
}

export function linesFromPieces(pieces: ReachedPieces, plane: LocalPlane, metresPerMinute: number, decimals: number): Feature<LineString, ReachedLineProperties>[] {
  const scale = 10 ** decimals;
  const { lon0, lat0, kx, ky } = plane;
  const at = (x: number, y: number): Position => [Math.round((lon0 + x / kx) * scale) / scale, Math.round((lat0 + y / ky) * scale) / scale];
  const minutes = (d: number) => Math.round((d / metresPerMinute) * 1e4) / 1e4;
  const c = pieces.coords;
  const out: Feature<LineString, ReachedLineProperties>[] = [];
  let coords: Position[] = [];
  let fromM = 0, toM = 0;
  const flush = () => {
    // Rounding can merge the ends of a piece shorter than a centimetre; such a line is no line.
    const dedup = coords.filter((p, k) => k === 0 || p[0] !== coords[k - 1][0] || p[1] !== coords[k - 1][1]);
    if (dedup.length >= 2) out.push({ type: 'Feature', properties: { fromMin: minutes(fromM), toMin: minutes(toM) }, geometry: { type: 'LineString', coordinates: dedup } });
    coords = [];
  };
  for (let p = 0; p < pieces.count; p++) {
    if (pieces.edge[p] < 0) continue;
    if (pieces.startsLine[p] || coords.length === 0) {
      if (coords.length) flush();
      coords.push(at(c[6 * p], c[6 * p + 1]));
      fromM = c[6 * p + 2];
    }
    coords.push(at(c[6 * p + 3], c[6 * p + 4]));
    toM = c[6 * p + 5];
  }
  if (coords.length) flush();
  return out;
}
