import { loadStandard } from '../standards/load-standard.js';
import type { Standard } from '../standards/standard.js';
import { readJsonFile } from '../io/read-json-file.js';

/** A user's standard file (JSON, see README, "Standards"), validated; errors name the file. */
export async function readStandardFile(path: string): Promise<Standard> {
  return loadStandard(await readJsonFile(path), { file: path });
}
