import { InputError } from '../errors.js';
import { readTextFile } from './read-text-file.js';
import { checkDepth, limitsWith } from './limits.js';

/** A small JSON file (a standard, a category map), parsed; a BOM from Windows editors is dropped. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readTextFile(path);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`not valid JSON (${(err as Error).message})`, path);
  }
  // Nothing later may recurse through a value nested 100,000 deep (a message quoting it would overflow the stack).
  checkDepth(value, limitsWith(undefined).jsonDepth, path, undefined, '(root)');
  return value;
}
