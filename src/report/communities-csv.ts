import type { Analysis } from '../scoring/analyze.js';
import { communityRows } from './community-table.js';
import { csvText } from './csv-text.js';

/** `communities.csv`: UTF-8 with a BOM, so Excel shows Chinese names right. `rows`: communityRows' (the GeoJSON shares them). */
export function communitiesCsv(analysis: Analysis, rows = communityRows(analysis)): string {
  const columns = Object.keys(rows[0] ?? {});
  return '\ufeff' + csvText(columns, rows.map((r) => columns.map((k) => r[k] ?? '')));
}
