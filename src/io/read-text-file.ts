import { readFile } from 'node:fs/promises';
import { checkInputFile, readFailure } from './file-errors.js';

/** A whole text file as UTF-8, a BOM from Windows editors dropped; a missing file is an InputError naming it. */
export async function readTextFile(path: string): Promise<string> {
  await checkInputFile(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw readFailure(err, path);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
