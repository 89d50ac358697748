import { readTextFile } from '../io/read-text-file.js';
import { checkDepth, limitsWith } from '../io/limits.js';
import type { Feature } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import type { CategoryMap } from '../standards/category-map.js';
import { collectionFeatures } from '../io/read-geojson.js';
import { InputError, quoteValue } from '../errors.js';
import { changedFacilityFeatures, rescore } from '../planning/rescore.js';
import { readPointFeatures } from './load-inputs.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import type { Scenario } from '../report/scenario.js';

/**
 * Facility ids to remove, from a file: a GeoJSON FeatureCollection (each feature's `id` property, else
 * its GeoJSON id), a JSON array of ids, or text with one id per line (a first line `id` is a header).
 */
export async function readRemoveIds(path: string): Promise<(string | number)[]> {
  const text = await readTextFile(path);
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let obj: unknown;
    try {
      obj = JSON.parse(trimmed);
    } catch (err) {
      throw new InputError(`not valid JSON (${(err as Error).message})`, path);
    }
    checkDepth(obj, limitsWith(undefined).jsonDepth, path, undefined, '(root)');
    if (Array.isArray(obj)) {
      return obj.map((id, i) => {
        if (typeof id !== 'string' && typeof id !== 'number') throw new InputError(`expected a facility id, got ${quoteValue(id)}`, path, i);
        return id;
      });
    }
    return collectionFeatures(obj, path).map((f, i) => {
      const id = f.properties?.id ?? f.id;
      if (typeof id !== 'string' && typeof id !== 'number') throw new InputError('a feature to remove needs an id (property `id` or the GeoJSON id)', path, i, 'properties.id');
      return id;
    });
  }
  const lines = trimmed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines[0]?.toLowerCase() === 'id') lines.shift();
  return lines;
}

export interface WhatIfFiles {
  add?: string;
  remove?: string;
}

/** `analyze --add/--remove`: the analysis re-scored with the changes, and the facility list it numbers. */
export async function applyWhatIf(
  analysis: Analysis,
  facilities: readonly Feature[],
  files: WhatIfFiles,
  opts: { snapMaxM?: number; categoryMap?: CategoryMap; notes?: ImportDiagnostic[] },
): Promise<{ analysis: Analysis; facilities: Feature[]; scenario: Scenario }> {
  const changes = {
    // A CSV of additions is read as a facility table, so its `category` column (or names) count.
    // Added facilities share no --crs with the facilities table: a CSV is WGS-84, as suggestions.csv is.
    add: files.add ? await readPointFeatures(files.add, opts.notes, { role: 'facilities', crsFlag: '', allowEmpty: true }) : [],
    remove: files.remove ? await readRemoveIds(files.remove) : [],
  };
  const rescoreOpts = { snapMaxM: opts.snapMaxM, categoryMap: opts.categoryMap, sources: { add: files.add, remove: files.remove } };
  const scenario: Scenario = {
    kind: 'what-if',
    added: changes.add.map((f, i) => {
      const p = f.properties ?? {};
      const id = p.id ?? f.id ?? `added ${i}`;
      return {
        id: typeof id === 'string' || typeof id === 'number' ? id : quoteValue(id),
        ...(typeof p.category === 'string' ? { category: p.category } : {}),
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
      };
    }),
    removed: changes.remove,
    ...(files.add ? { addFile: files.add } : {}),
    ...(files.remove ? { removeFile: files.remove } : {}),
  };
  return {
    facilities: changedFacilityFeatures(analysis, facilities, changes, rescoreOpts),
    analysis: rescore(analysis, changes, rescoreOpts),
    scenario,
  };
}
