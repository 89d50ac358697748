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
