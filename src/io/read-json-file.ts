import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** A small JSON file (a standard, a category map), parsed; a BOM from Windows editors is dropped. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, path);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`not valid JSON (${(err as Error).message})`, path);
  }
}
