import { InputError } from '../errors.js';
import { DEFAULT_WALK_SPEED_KMH, metresPerMinute } from '../geo/walking-speed.js';

/** How isochrone polygons are drawn. Every option has a default that suits 5-30 minute walks. */
export interface DrawOptions {
  /** Walking speed, on the street and off it. Default 3.6 km/h (60 m per minute). */
  speedKmh?: number;
  /**
   * Raster cell size, metres. Default 25: fine enough that a street-block (usually 80-300 m across)
   * spans several cells and a 15-minute walk costs only a few thousand cells, coarse enough that a
   * polygon has a few hundred vertices and draws in a few milliseconds.
   */
  cellM?: number;
  /**
   * Longest straight walk from a reached street to the ground it covers, metres. Default 120 (two
   * minutes at 3.6 km/h): the depth of a typical block from its street to its middle, so built-up
   * blocks fill in, while water, parks, rail yards and campuses wider than 240 m always stay out (holes)
   * and a bank of a river wider than 120 m is not covered from the other bank. The cap is tested at
   * cell centres with cellM / sqrt 2 to spare, which is what makes "wider than twice the cap" exact at
   * any alignment of the raster; the drawn edge therefore lies 0.7 to 1.7 cells inside the cap.
   */
  capM?: number;
  /** Polygon pieces and holes smaller than this are dropped. Default: two cells (1,250 m² at 25 m). */
  minAreaM2?: number;
  /** Decimal places of output coordinates. Default 7 (about 1 cm), so output is byte-stable. */
  decimals?: number;
  /**
   * Rings are simplified (Douglas-Peucker) so that no point moves more than this many metres. Default
   * 0: the marching-squares outline as it is. Coverage at city extent uses the cell size.
   */
  simplifyM?: number;
  /**
   * The contour for T minutes is drawn at T minutes plus this many metres, so that the streets reached
   * within T lie inside it despite the raster's resolution. Default: half a cell.
   */
  slackM?: number;
  /** Largest raster allowed, in cells (protects against a huge bound on a huge network). Default 25 million. */
  maxCells?: number;
}

export const DEFAULT_CELL_M = 25;
export const DEFAULT_CAP_M = 120;
export const DEFAULT_DECIMALS = 7;
export const DEFAULT_MAX_CELLS = 25_000_000;
export const DEFAULT_MINUTES: readonly number[] = [5, 10, 15];

export interface ResolvedDrawOptions {
  metresPerMinute: number;
  cellM: number;
  capM: number;
  minAreaM2: number;
  decimals: number;
  simplifyM: number;
  slackM: number;
  maxCells: number;
}

export function resolveDrawOptions(opts: DrawOptions): ResolvedDrawOptions {
  const speedKmh = positive(opts.speedKmh ?? DEFAULT_WALK_SPEED_KMH, 'speedKmh');
  const cellM = positive(opts.cellM ?? DEFAULT_CELL_M, 'cellM');
  const capM = positive(opts.capM ?? DEFAULT_CAP_M, 'capM');
  const minAreaM2 = nonNegative(opts.minAreaM2 ?? 2 * cellM * cellM, 'minAreaM2');
  const decimals = opts.decimals ?? DEFAULT_DECIMALS;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) throw new InputError(`decimals must be an integer from 0 to 15, got ${decimals}`, undefined, undefined, 'decimals');
  const slackM = nonNegative(opts.slackM ?? cellM / 2, 'slackM');
  const maxCells = positive(opts.maxCells ?? DEFAULT_MAX_CELLS, 'maxCells');
  const simplifyM = nonNegative(opts.simplifyM ?? 0, 'simplifyM');
  return { metresPerMinute: metresPerMinute(speedKmh), cellM, capM, minAreaM2, decimals, slackM, maxCells, simplifyM };
}

/** Thresholds in minutes: finite and positive, as given (order kept). */
export function checkMinutes(minutes: readonly number[]): readonly number[] {
  if (minutes.length === 0) throw new InputError('at least one threshold in minutes is needed', undefined, undefined, 'minutes');
  for (const m of minutes) positive(m, 'minutes');
  return minutes;
}

function positive(v: number, field: string): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new InputError(`${field} must be a positive number, got ${String(v)}`, undefined, undefined, field);
  return v;
}

function nonNegative(v: number, field: string): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new InputError(`${field} must be a number >= 0, got ${String(v)}`, undefined, undefined, field);
  return v;
}
