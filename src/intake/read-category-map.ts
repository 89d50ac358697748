import { loadCategoryMap, type CategoryMap } from '../standards/category-map.js';
import { readJsonFile } from '../io/read-json-file.js';

/**
 * A user's category-map file. It replaces the built-in map unless `extend` is true (the same default
 * as loadCategoryMap); then its rules go before the built-in ones and win ties.
 */
export async function readCategoryMap(path: string, opts: { extend?: boolean } = {}): Promise<CategoryMap> {
  return loadCategoryMap(await readJsonFile(path), { file: path, extend: opts.extend ?? false });
}
