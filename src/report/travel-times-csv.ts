// '#csv-stringify' (package.json "imports"): csv-stringify's browser build for bundlers, its Node build in Node;
// the Node build touches Buffer when it loads, which would break the core in a browser.
import { stringify } from '#csv-stringify';
import { SAFE_CSV_CAST } from './csv-cell.js';
import type { TravelTimes } from '../routing/travel-times.js';

/**
 * The travel-times CSV (README, "`travel-times` writes"): `id`, then per category `<category>_min` (2 decimals, empty when
 * unreachable) and `<category>_facility` (id of the nearest facility).
 */
export function travelTimesCsv(result: TravelTimes): string {
  const header = ['id'];
  for (const c of result.categories) header.push(`${c}_min`, `${c}_facility`);
  const rows: (string | number)[][] = [header];
  for (let i = 0; i < result.pointIds.length; i++) {
    const row: (string | number)[] = [result.pointIds[i]];
    for (const c of result.categories) {
      const t = result.byCategory.get(c)!;
      const m = t.minutes[i];
      row.push(Number.isFinite(m) ? m.toFixed(2) : '', t.facility[i] >= 0 ? result.facilityIds[t.facility[i]] : '');
    }
    rows.push(row);
  }
  return stringify(rows, { cast: SAFE_CSV_CAST });
}
