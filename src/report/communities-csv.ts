// '#csv-stringify' (package.json "imports"): csv-stringify's browser build for bundlers, its Node build in Node;
// the Node build touches Buffer when it loads, which would break the core in a browser.
import { stringify } from '#csv-stringify';
import { SAFE_CSV_CAST } from './csv-cell.js';
import type { Analysis } from '../scoring/analyze.js';
import { communityRows } from './community-table.js';

/** `communities.csv`: UTF-8 with a BOM, so Excel shows Chinese names right. `rows`: communityRows' (the GeoJSON shares them). */
export function communitiesCsv(analysis: Analysis, rows = communityRows(analysis)): string {
  const columns = Object.keys(rows[0] ?? {});
  return '\ufeff' + stringify(rows.map((r) => columns.map((k) => r[k] ?? '')), { header: true, columns, cast: SAFE_CSV_CAST });
}
