import { InputError } from '../errors.js';
import { readCsvTable, parseNumberCell, type CsvEncodingOption } from '../io/csv.js';
import { normalizeColumnName } from '../io/column-name.js';
import { INDICATOR_FIELDS, type IndicatorData, type IndicatorField } from '../standards/plan-indicators.js';

/** Yes/no fields of the indicators CSV, read as 1/0. */
const YES_NO: readonly IndicatorField[] = ['community_foundation', 'volunteer_station', 'minors_station', 'online_station'];
const YES = new Set(['yes', 'y', 'true', '1', '是', '有']);
const NO = new Set(['no', 'n', 'false', '0', '否', '无']);
/** Columns kept for people (names) and ignored here. */
const IGNORED = new Set(['name', '名称', 'district', '区']);

/**
 * The optional indicators CSV (`analyze --indicators F`): one row per community (`id`) or per street or
 * town (`street`), with any of INDICATOR_FIELDS (nursing beds, workers, volunteers, ...). A row names
 * exactly one of `id` and `street`. An unknown column is refused, naming it, rather than ignored.
 */
export async function readIndicatorsCsv(path: string, opts: { encoding?: CsvEncodingOption } = {}): Promise<IndicatorData> {
  const table = await readCsvTable(path, { encoding: opts.encoding });
  const norm = table.columns.map(normalizeColumnName);
  const known = new Map(INDICATOR_FIELDS.map((f) => [normalizeColumnName(f), f]));
  const idCol = norm.indexOf('id');
  const streetCol = norm.findIndex((c) => c === 'street' || c === '街镇' || c === '街道');
  if (idCol < 0 && streetCol < 0) throw new InputError('the indicators CSV needs an `id` (community) or a `street` column', path);
  const fields: [number, IndicatorField][] = [];
  norm.forEach((c, i) => {
    if (i === idCol || i === streetCol || IGNORED.has(c)) return;
    const f = known.get(c);
    if (!f) throw new InputError(`unknown column "${table.columns[i]}" (known: id, street, name, ${INDICATOR_FIELDS.join(', ')})`, path, undefined, table.columns[i]);
    fields.push([i, f]);
  });
  const byCommunity = new Map<string, Partial<Record<IndicatorField, number>>>();
  const byStreet = new Map<string, Partial<Record<IndicatorField, number>>>();
  table.rows.forEach((row, r) => {
    const id = idCol >= 0 ? row[idCol].trim() : '';
    const street = streetCol >= 0 ? row[streetCol].trim() : '';
    if ((id === '') === (street === '')) {
      throw new InputError(`a row names ${id ? 'both a community `id` and a `street`' : 'neither a community `id` nor a `street`'} (line ${table.lines[r]})`, path, r, id ? 'street' : 'id');
    }
    const target = id ? byCommunity : byStreet;
    const key = id || street;
    if (target.has(key)) throw new InputError(`${id ? 'community' : 'street'} "${key}" appears twice (line ${table.lines[r]})`, path, r, id ? 'id' : 'street');
    const values: Partial<Record<IndicatorField, number>> = {};
    for (const [col, field] of fields) {
      const cell = row[col].normalize('NFKC').trim().toLowerCase();
      if (cell === '') continue;
      if (YES_NO.includes(field)) {
        if (YES.has(cell)) values[field] = 1;
        else if (NO.has(cell)) values[field] = 0;
        else throw new InputError(`"${row[col]}" is not yes or no (line ${table.lines[r]})`, path, r, table.columns[col]);
        continue;
      }
      const v = parseNumberCell(row[col], path, r, table.columns[col], table.lines[r]);
      if (v !== undefined && v < 0) throw new InputError(`must be a non-negative number, got ${v} (line ${table.lines[r]})`, path, r, table.columns[col]);
      if (v !== undefined) values[field] = v;
    }
    target.set(key, values);
  });
  return { source: path, byCommunity, byStreet };
}
