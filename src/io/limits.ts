import { InputError, limitMessage } from '../errors.js';

/**
 * How much a single input may ask of the machine before lifecircle refuses it with a sentence
 * instead of running out of stack or memory. Each has a CLI flag that raises it (named in the error).
 */
export interface InputLimits {
  /** Deepest nesting of objects and arrays inside one feature's properties or geometry. */
  jsonDepth: number;
  /** Positions in one feature's geometry. */
  coordsPerFeature: number;
  /** Characters in one CSV row (and so in any cell of it): a stray quote makes the rest of a file one cell. */
  csvRowChars: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  // GeoJSON needs 4 levels for a MultiPolygon's coordinates; properties from real exports stay under 10.
  jsonDepth: 64,
  // The largest admin boundary in OSM (Russia) has about 2.5 million nodes.
  coordsPerFeature: 5_000_000,
  // Amap/Baidu exports have cells of a few hundred characters; a 1 MB cell is a broken quote.
  csvRowChars: 1_000_000,
};

export const LIMIT_FLAGS: Record<keyof InputLimits, string> = {
  jsonDepth: '--max-json-depth',
  coordsPerFeature: '--max-coords',
  csvRowChars: '--max-csv-row',
};

function defined(partial: Partial<InputLimits> | undefined): Partial<InputLimits> {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined));
}

/** The limits in force when a reader is given none: the defaults, or what the CLI's flags set. */
let configured: InputLimits = DEFAULT_LIMITS;

/** Sets the limits readers use by default (the CLI calls this once from its flags). */
export function configureLimits(partial: Partial<InputLimits> | undefined): void {
  configured = { ...DEFAULT_LIMITS, ...defined(partial) };
}

export function limitsWith(partial: Partial<InputLimits> | undefined): InputLimits {
  return { ...configured, ...defined(partial) };
}

/**
 * Throws when `value` nests deeper than `maxDepth` (an object or array at the top is depth 1).
 * Iterative, so a value nested 100,000 deep cannot overflow the stack here as it would in
 * JSON.stringify or structuredClone later.
 */
export function checkDepth(value: unknown, maxDepth: number, file: string, feature: number | undefined, field: string): void {
  if (value === null || typeof value !== 'object') return;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length) {
    const v = stack.pop() as object;
    const d = depths.pop()!;
    if (d > maxDepth) {
      throw new InputError(limitMessage('nesting depth', `more than ${maxDepth} levels`, maxDepth, LIMIT_FLAGS.jsonDepth), file, feature, field);
    }
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      if (c !== null && typeof c === 'object') { stack.push(c); depths.push(d + 1); }
    }
  }
}

/**
 * Counts the positions of a geometry (arrays whose first item is a number), refusing more than
 * `maxCoords` and a nesting deeper than `maxDepth`; iterative for the same reason as checkDepth.
 */
export function checkGeometrySize(geometry: unknown, limits: InputLimits, file: string, feature: number): void {
  if (geometry === null || typeof geometry !== 'object') return;
  let positions = 0;
  const stack: unknown[] = [geometry];
  const depths: number[] = [1];
  while (stack.length) {
    const v = stack.pop();
    const d = depths.pop()!;
    if (d > limits.jsonDepth) {
      throw new InputError(limitMessage('nesting depth', `more than ${limits.jsonDepth} levels`, limits.jsonDepth, LIMIT_FLAGS.jsonDepth), file, feature, 'geometry');
    }
    if (Array.isArray(v)) {
      if (typeof v[0] === 'number') {
        if (++positions > limits.coordsPerFeature) {
          throw new InputError(limitMessage('number of positions', `more than ${limits.coordsPerFeature}`, limits.coordsPerFeature, LIMIT_FLAGS.coordsPerFeature),
            file, feature, 'geometry.coordinates');
        }
        continue;
      }
      for (const c of v) if (c !== null && typeof c === 'object') { stack.push(c); depths.push(d + 1); }
    } else if (v !== null && typeof v === 'object') {
      const g = v as { coordinates?: unknown; geometries?: unknown };
      if (g.coordinates !== null && typeof g.coordinates === 'object') { stack.push(g.coordinates); depths.push(d + 1); }
      if (g.geometries !== null && typeof g.geometries === 'object') { stack.push(g.geometries); depths.push(d + 1); }
    }
  }
}
