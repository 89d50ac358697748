/**
 * An error in what the user gave us: a file, a feature in it, a field of that feature.
 * The CLI turns it into one line on stderr and exit code 2; anything else is exit code 1.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    /** The file (or logical input name, e.g. "network") the problem was found in. */
    readonly file?: string,
    /** Index of the feature / row (0-based), when the problem is in one. */
    readonly feature?: number,
    /** The field or property at fault, e.g. "geometry.coordinates[3]" or "properties.kind". */
    readonly field?: string,
  ) {
    super(InputError.format(message, file, feature, field));
  }

  static format(message: string, file?: string, feature?: number, field?: string): string {
    const where: string[] = [];
    if (file !== undefined) where.push(file);
    if (feature !== undefined) where.push(`feature ${feature}`);
    if (field !== undefined) where.push(`field ${field}`);
    return where.length ? `${where.join(', ')}: ${message}` : message;
  }
}

/**
 * An output that cannot be written: a folder where a file should go, a read-only folder, a full disk.
 * Exit code 2 like an InputError: the user can fix it; the old outputs are left as they were.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(message: string, readonly path?: string) {
    super(path === undefined ? message : `${path}: ${message}`);
  }
}

/** A limit from the flag that raises it, so the message can say which flag to pass. */
export function limitMessage(what: string, found: number | string, limit: number, flag: string): string {
  return `${what} (${found}) is over the limit of ${limit}; if the input is right, raise it with ${flag}`;
}

/**
 * A value as a message can quote it: text and numbers as JSON, anything else by its kind, cut to
 * `max` characters. Never JSON.stringify a user's object into a message: it may nest 100,000 deep.
 */
export function quoteValue(value: unknown, max = 80): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const q = JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
    return q;
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/**
 * Something an importer noticed that the user should know but that does not stop the import:
 * an unstated coordinate system, rows left out, a boundary clipped by the extract.
 */
export interface InputDiagnostic {
  level: 'warning' | 'info';
  /** A stable machine-readable code, e.g. "crs-unstated". */
  code: string;
  message: string;
  file?: string;
  /** 0-based data row (CSV) or element index the diagnostic is about, when it is about one. */
  row?: number;
  /** The field at fault, e.g. "geometry.coordinates (polygon 0, ring 0)". */
  field?: string;
}
