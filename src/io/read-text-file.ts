import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** A whole text file as UTF-8, a BOM from Windows editors dropped; a missing file is an InputError naming it. */
export async function readTextFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, path);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
