import { InputError } from '../errors.js';
import { readTextFile } from './read-text-file.js';

/** A small JSON file (a standard, a category map), parsed; a BOM from Windows editors is dropped. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`not valid JSON (${(err as Error).message})`, path);
  }
}
