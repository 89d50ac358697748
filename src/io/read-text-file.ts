import { readInputBytes } from './file-errors.js';

/** A whole text file as UTF-8, a BOM from Windows editors dropped; a missing file is an InputError naming it. */
export async function readTextFile(path: string): Promise<string> {
  const text = new TextDecoder('utf-8').decode(await readInputBytes(path));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
