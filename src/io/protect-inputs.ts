import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { inputFileOf } from './read-layer.js';

/**
 * The path a file is or would be at, links followed: an existing file's realpath, else its nearest
 * existing folder's realpath joined with the rest, so that `out/../dir/x.geojson`, a symlinked folder
 * and the plain path all compare equal.
 */
async function canonicalPath(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await canonicalPath(parent), basename(absolute));
  }
}

/**
 * Inputs are never modified (ARCHITECTURE.md, "Contracts"). Throws InputError naming the input when any output
 * would replace it, e.g. `analyze --communities dir/communities.geojson --out dir`. Call before writing.
 */
export async function assertNotOverwritingInputs(outputs: readonly string[], inputs: readonly (string | undefined)[]): Promise<void> {
  // A GeoPackage layer (`city.gpkg?layer=roads`) guards its file; a database URI guards no file.
  const given = inputs.map((p) => (typeof p === 'string' && p !== '' ? inputFileOf(p) : undefined)).filter((p): p is string => p !== undefined);
  const inputPaths = new Map<string, string>();
  for (const input of given) inputPaths.set(await canonicalPath(input), input);
  for (const output of outputs) {
    const input = inputPaths.get(await canonicalPath(output));
    if (input !== undefined) {
      throw new InputError(`the output ${output} would overwrite this input; inputs are never modified: write the outputs elsewhere (another --out)`, input);
    }
  }
}
