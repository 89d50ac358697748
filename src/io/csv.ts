// CSV tables as planners actually have them: UTF-8 with or without Excel's BOM, GBK/GB18030 from a
// Chinese Excel "Save as CSV", UTF-16 from Excel's "Unicode text", commas or tabs, Chinese or
// English headers. The encoding is detected (valid UTF-8 -> UTF-8, else GB18030, a superset of GBK)
// and can be forced; a forced UTF-8 that does not decode is an error, never mojibake.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Feature, FeatureCollection, Point, Position } from 'geojson';
import { InputError, limitMessage } from '../errors.js';
import { limitsWith, LIMIT_FLAGS } from './limits.js';
import { readInputBytes } from './file-errors.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import type { ImportDiagnostic } from './diagnostics.js';
import { toWgs84, type PointCrs } from './crs.js';
import { normalizeColumnName } from './column-name.js';
import { unstatedCrsDiagnostic } from './crs-unstated.js';

export type CsvEncodingOption = 'auto' | 'utf8' | 'gbk' | 'gb18030';
export type CsvEncoding = 'utf8' | 'gbk' | 'gb18030' | 'utf16le' | 'utf16be';

export interface CsvTable {
  file: string;
  /** The encoding the text was decoded with. */
  encoding: CsvEncoding;
  /** Whether the file began with a byte-order mark. */
  bom: boolean;
  delimiter: string;
  /** Header cells, trimmed; an empty header cell becomes `column_<n>` (1-based). */
  columns: string[];
  /** Data rows, each as long as `columns` (short rows padded with ''). */
  rows: string[][];
  /** 1-based line in the file where each row starts, for messages a spreadsheet user can follow. */
  lines: number[];
  /** Set when the encoding detection had doubts (lines that read as both): a warning to pass on. */
  encodingWarning?: string;
}

export interface ReadCsvOptions {
  /** Default `auto`. */
  encoding?: CsvEncodingOption;
  /** Default: detected from the header line among `,` tab `;` `|`. */
  delimiter?: string;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes a CSV file's bytes; see the module comment for the detection rule. */
export function decodeCsvBytes(
  bytes: Uint8Array,
  encoding: CsvEncodingOption = 'auto',
  file?: string,
): { text: string; encoding: CsvEncoding; bom: boolean; warning?: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: decodeUtf8(buf.subarray(3), file), encoding: 'utf8', bom: true };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf16le'), encoding: 'utf16le', bom: true };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf16be'), encoding: 'utf16be', bom: true };
  if (encoding === 'gbk' || encoding === 'gb18030') return { text: iconv.decode(buf, encoding), encoding, bom: false };
  if (encoding === 'utf8') return { text: decodeUtf8(buf, file), encoding: 'utf8', bom: false };
  try {
    return { text: utf8Strict.decode(buf), encoding: 'utf8', bom: false };
  } catch {
    // Not UTF-8 as a whole. Decided line by line: a file whose non-ASCII lines are all not UTF-8 is
    // GBK/GB18030 (Chinese Excel); one that mixes UTF-8 lines with others was pasted together from two
    // sources, and decoding all of it either way would turn one part into mojibake.
    const { utf8Lines, otherLines } = classifyLines(buf);
    if (utf8Lines.length === 0) return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030', bom: false };
    const list = (lines: number[]) => lines.slice(0, 10).join(', ') + (lines.length > 10 ? `, ... (${lines.length} in all)` : '');
    if (utf8Lines.length > otherLines.length) {
      throw new InputError(
        `mixed text encodings: the file is UTF-8 but line${otherLines.length === 1 ? '' : 's'} ${list(otherLines)} ` +
          `${otherLines.length === 1 ? 'is' : 'are'} not (GBK from Excel?); save the whole file in one encoding, or force one with --encoding`,
        file,
      );
    }
    // Mostly GBK: a short GBK line can happen to be valid UTF-8 too, so this is read as GB18030 with a
    // loud warning naming the lines to check, not refused.
    return {
      text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030', bom: false,
      warning: `read as GBK/GB18030, but line${utf8Lines.length === 1 ? '' : 's'} ${list(utf8Lines)} ` +
        `${utf8Lines.length === 1 ? 'is' : 'are'} also valid UTF-8: if ${utf8Lines.length === 1 ? 'it was' : 'they were'} pasted from a UTF-8 file, ` +
        `${utf8Lines.length === 1 ? 'its' : 'their'} text is now garbled; save the whole file in one encoding`,
    };
  }
}

/**
 * Text a Chinese table's UTF-8 line is made of: ASCII, CJK ideographs and punctuation, full-width
 * forms, general punctuation and the middle dot of transliterated names. A GBK line that happens to be
 * valid UTF-8 decodes to Latin, Greek or Cyrillic letters instead, so it is not counted as UTF-8.
 */
// eslint-disable-next-line no-control-regex -- ASCII (every byte below 0x80) is part of the class on purpose
const PLAUSIBLE_UTF8 = /^[\x00-\x7f\u00b7\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]*$/;

/** 1-based numbers of the lines with non-ASCII bytes that are (plausibly) UTF-8, and of those that are not. */
function classifyLines(buf: Buffer): { utf8Lines: number[]; otherLines: number[] } {
  const utf8Lines: number[] = [], otherLines: number[] = [];
  let start = 0, line = 1;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    const bytes = buf.subarray(start, end);
    let high = false;
    for (let k = 0; k < bytes.length; k++) if (bytes[k] >= 0x80) { high = true; break; }
    if (high) {
      let text: string | undefined;
      try {
        text = utf8Strict.decode(bytes);
      } catch {
        text = undefined;
      }
      (text !== undefined && PLAUSIBLE_UTF8.test(text.replace(/\r$/, '')) ? utf8Lines : otherLines).push(line);
    }
    start = end + 1;
    line++;
  }
  return { utf8Lines, otherLines };
}

function decodeUtf8(buf: Uint8Array, file?: string): string {
  try {
    return utf8Strict.decode(buf);
  } catch {
    throw new InputError('the file is not valid UTF-8; if it was saved by Chinese Excel, read it as gb18030 (--encoding gb18030)', file);
  }
}

/** The delimiter used most in the header line, outside quotes; a comma when none is used. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], ['\t', 0], [';', 0], ['|', 0]]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Parses decoded CSV text into a header and rows of strings. */
export function parseCsvText(
  text: string,
  file: string,
  opts: { delimiter?: string } = {},
): { columns: string[]; rows: string[][]; lines: number[]; delimiter: string } {
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
      max_record_size: limitsWith(undefined).csvRowChars,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      const max = limitsWith(undefined).csvRowChars;
      throw new InputError(
        `${limitMessage(`a row${e.lines ? ` (line ${e.lines})` : ''}`, `more than ${max} characters`, max, LIMIT_FLAGS.csvRowChars)}; a quote left open makes the rest of the file one cell`,
        file,
      );
    }
    throw new InputError(`cannot parse CSV${e.lines ? ` (line ${e.lines})` : ''}: ${e.message}`, file);
  }
  if (records.length === 0) throw new InputError('the CSV file is empty (no header line)', file);
  const columns = records[0].record.map((c, i) => c.trim() || `column_${i + 1}`);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    if (record.every((c) => c.trim() === '')) continue;
    const rowIndex = rows.length;
    if (record.length > columns.length && record.slice(columns.length).some((c) => c.trim() !== '')) {
      throw new InputError(
        `row has ${record.length} cells but the header has ${columns.length} (line ${info.lines}); a value with a "${delimiter === '\t' ? 'tab' : delimiter}" in it must be quoted`,
        file, rowIndex,
      );
    }
    const row = record.slice(0, columns.length);
    while (row.length < columns.length) row.push('');
    rows.push(row);
    lines.push(info.lines);
  }
  return { columns, rows, lines, delimiter };
}

/** Reads a CSV file whole into a table of strings. */
export async function readCsvTable(path: string, opts: ReadCsvOptions = {}): Promise<CsvTable> {
  return csvTableFromBytes(await readInputBytes(path), path, opts);
}

/** As readCsvTable, for bytes already in memory (`file` names them in messages). */
export function csvTableFromBytes(bytes: Uint8Array, file: string, opts: ReadCsvOptions = {}): CsvTable {
  const { text, encoding, bom, warning } = decodeCsvBytes(bytes, opts.encoding ?? 'auto', file);
  const parsed = parseCsvText(text, file, { delimiter: opts.delimiter });
  return { file, encoding, bom, ...parsed, ...(warning ? { encodingWarning: warning } : {}) };
}

// Column names -------------------------------------------------------------------------------

export { normalizeColumnName };

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', '经度', 'wgs84lon', 'wgs84lng', 'lonwgs84', 'lngwgs84', 'gcj02lng', 'gcj02lon', 'lnggcj02', 'longcj02', 'bd09lng', 'lngbd09', 'pointx', 'xcoord'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度', 'wgs84lat', 'latwgs84', 'gcj02lat', 'latgcj02', 'bd09lat', 'latbd09', 'pointy', 'ycoord'];
const LOCATION_NAMES = ['location', 'lnglat', 'lonlat', '经纬度', '坐标', 'coordinates', 'coord', 'coords', '位置'];

/** Index of the first column whose normalized name is one of `names` (already normalized), or -1. */
export function findColumn(columns: readonly string[], names: readonly string[]): number {
  const norm = columns.map(normalizeColumnName);
  for (const n of names) {
    const i = norm.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

function requireColumn(columns: readonly string[], name: string, file: string, what: string): number {
  let i = columns.indexOf(name);
  if (i < 0) i = columns.findIndex((c) => normalizeColumnName(c) === normalizeColumnName(name));
  if (i < 0) throw new InputError(`no column "${name}" for the ${what}; columns are: ${columns.join(', ')}`, file, undefined, name);
  return i;
}

export interface CoordinateColumnOptions {
  lonField?: string;
  latField?: string;
  /** A single column holding "lon,lat" (Amap's `location`). */
  locationField?: string;
}

export type CoordinateColumns =
  | { kind: 'pair'; lon: number; lat: number }
  | { kind: 'location'; location: number };

/**
 * Finds where a table keeps its coordinates: named columns first, then the usual names in Chinese
 * or English (经度/纬度, lon/lat, lng, longitude/latitude, x/y), then a single "lng,lat" column.
 */
export function locateCoordinateColumns(columns: readonly string[], file: string, opts: CoordinateColumnOptions = {}): CoordinateColumns {
  if (opts.locationField) return { kind: 'location', location: requireColumn(columns, opts.locationField, file, 'coordinates') };
  if (opts.lonField || opts.latField) {
    if (!opts.lonField || !opts.latField) throw new InputError('give both the longitude and the latitude column', file);
    return { kind: 'pair', lon: requireColumn(columns, opts.lonField, file, 'longitude'), lat: requireColumn(columns, opts.latField, file, 'latitude') };
  }
  const lon = findColumn(columns, LON_NAMES);
  const lat = findColumn(columns, LAT_NAMES);
  if (lon >= 0 && lat >= 0) return { kind: 'pair', lon, lat };
  const location = findColumn(columns, LOCATION_NAMES);
  if (location >= 0) return { kind: 'location', location };
  throw new InputError(
    `cannot find coordinate columns (looked for 经度/纬度, lon/lat, lng/lat, longitude/latitude, x/y or a "location" column of "lng,lat"); columns are: ${columns.join(', ')}`,
    file,
  );
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number from a cell: full-width digits and thousands separators accepted; undefined when empty. */
export function parseNumberCell(cell: string, file: string, row: number, column: string, line?: number): number | undefined {
  const s = cell.normalize('NFKC').trim().replace(/(?<=\d),(?=\d{3}\b)/g, '');
  if (s === '') return undefined;
  if (!NUMBER.test(s)) {
    throw new InputError(`"${cell}" is not a number${line ? ` (line ${line})` : ''}`, file, row, column);
  }
  return Number(s);
}

/** A row's [lon, lat] in the table's own CRS, checked for range and swapped axes. */
export function rowPosition(table: CsvTable, r: number, where: CoordinateColumns): Position {
  const { file, columns, rows, lines } = table;
  const row = rows[r];
  const line = lines[r];
  let lon: number | undefined;
  let lat: number | undefined;
  let field: string;
  if (where.kind === 'pair') {
    field = `${columns[where.lon]}/${columns[where.lat]}`;
    lon = parseNumberCell(row[where.lon], file, r, columns[where.lon], line);
    lat = parseNumberCell(row[where.lat], file, r, columns[where.lat], line);
    if (lon === undefined) throw new InputError(`the longitude is empty (line ${line})`, file, r, columns[where.lon]);
    if (lat === undefined) throw new InputError(`the latitude is empty (line ${line})`, file, r, columns[where.lat]);
  } else {
    field = columns[where.location];
    const parts = row[where.location].normalize('NFKC').split(/[,;\s]+/).filter((s) => s !== '');
    if (parts.length !== 2) {
      throw new InputError(`expected "lng,lat" in one cell, got "${row[where.location]}" (line ${line})`, file, r, field);
    }
    lon = parseNumberCell(parts[0], file, r, field, line);
    lat = parseNumberCell(parts[1], file, r, field, line);
  }
  const p = [lon!, lat!];
  if (Math.abs(p[1]) > 90 && Math.abs(p[1]) <= 180 && Math.abs(p[0]) <= 90) {
    throw new InputError(
      `latitude ${p[1]} is out of range while longitude ${p[0]} would be a valid latitude: the longitude and latitude look swapped (line ${line})`,
      file, r, field,
    );
  }
  try {
    checkPosition(p, file, r, field);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const prefix = InputError.format('', file, r, field);
    throw new InputError(`${err.message.slice(prefix.length)} (line ${line})`, file, r, field);
  }
  return p;
}

// Point tables ---------------------------------------------------------------------------------

export interface PointsCsvOptions extends ReadCsvOptions, CoordinateColumnOptions {
  /**
   * Whether the points carry a weight (population points do; travel-times origins and candidate
   * sites do not, and then a weight column is neither required nor checked). Default true.
   */
  weighted?: boolean;
  /**
   * Property the weight is written to, which the analysis reads residents from (its
   * `populationField`). Default `population`. A column of this name holds the weight; for the
   * default, `人口`, `pop`, `weight`... columns are recognised too.
   */
  populationField?: string;
  /** Column holding each point's weight, when it is named otherwise than `populationField`. */
  weightField?: string;
  /** Coordinate system of the table (default `wgs84`, as inputs are (ARCHITECTURE.md, "Contracts"); unstated, a warning says so). */
  crs?: PointCrs;
  /** The option that states `crs`, named in the warning when it is not stated. Default `--crs`. */
  crsFlag?: string;
}

export interface PointsCsv {
  points: FeatureCollection<Point>;
  encoding: CsvEncoding;
  diagnostics: ImportDiagnostic[];
}

const WEIGHT_NAMES = ['population', 'pop', '人口', '人口数', '常住人口', 'weight', '权重'];
/** Properties the analysis reads as numbers; the rest stay strings as written. */
const NUMERIC_FIELDS = new Set(['population', 'capacity', 'area_m2', 'households', 'workers']);

/**
 * Reads facilities or population points from a CSV as GeoJSON Points in WGS-84.
 * Every other column becomes a property; `population`, `capacity`, `area_m2`, `households`,
 * `workers` become numbers. A bad row throws InputError naming the row and column.
 */
export async function readPointsCsv(path: string, opts: PointsCsvOptions = {}): Promise<PointsCsv> {
  return pointsFromTable(await readCsvTable(path, opts), opts);
}

export function pointsFromTable(table: CsvTable, opts: PointsCsvOptions = {}): PointsCsv {
  const { file, columns, rows, lines } = table;
  const where = locateCoordinateColumns(columns, file, opts);
  const weighted = opts.weighted ?? true;
  const field = opts.populationField ?? 'population';
  const weight = !weighted ? -1
    : opts.weightField ? requireColumn(columns, opts.weightField, file, 'weight')
    : field !== 'population' ? requireColumn(columns, field, file, 'population weight')
    : findColumn(columns, WEIGHT_NAMES);
  const idCol = findColumn(columns, ID_NAMES);
  const crs = opts.crs ?? 'wgs84';
  const coordinateColumns = new Set(where.kind === 'pair' ? [where.lon, where.lat] : [where.location]);
  const features: Feature<Point>[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const properties: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      if (coordinateColumns.has(c) || c === weight) continue;
      const name = columns[c];
      properties[name] = NUMERIC_FIELDS.has(name) ? numericProperty(row[c], file, r, name, lines[r], weighted) : row[c];
    }
    setRowId(properties, row, idCol);
    if (weight >= 0) {
      const w = parseNumberCell(row[weight], file, r, columns[weight], lines[r]);
      if (w === undefined || w < 0) {
        throw new InputError(`the weight must be a number >= 0, got "${row[weight]}" (line ${lines[r]})`, file, r, columns[weight]);
      }
      properties[field] = w;
    }
    const p = toWgs84(rowPosition(table, r, where), crs);
    features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: p } });
  }
  const diagnostics: ImportDiagnostic[] = [
    { level: 'info', code: 'csv-encoding', file, message: `read as ${table.encoding}${table.bom ? ' (with BOM)' : ''}, ${rows.length} rows` },
  ];
  if (table.encodingWarning) diagnostics.push({ level: 'warning', code: 'csv-encoding-mixed', file, message: table.encodingWarning });
  if (opts.crs === undefined) diagnostics.push(unstatedCrsDiagnostic(columns, file, opts.crsFlag));
  return { points: { type: 'FeatureCollection', features }, encoding: table.encoding, diagnostics };
}

/** A numeric column's cell; in a table whose numbers nothing reads (`strict` false) a non-number stays text. */
function numericProperty(cell: string, file: string, r: number, name: string, line: number, strict: boolean): number | string | null {
  if (strict) return parseNumberCell(cell, file, r, name, line) ?? null;
  try {
    return parseNumberCell(cell, file, r, name, line) ?? null;
  } catch {
    return cell;
  }
}

/** Columns that give a row its id (it becomes the `id` property, see featureId), in order of preference. */
export const ID_NAMES = ['id', 'poiid', 'uid', '编号', '序号'];

/**
 * Sets `properties.id` from the id column, or leaves no id when there is none or the cell is blank, so
 * that the feature's index stands for it (featureId).
 */
export function setRowId(properties: Record<string, unknown>, row: readonly string[], idCol: number): void {
  const id = idCol >= 0 ? row[idCol].trim() : '';
  if (id !== '') properties.id = id;
  else if (typeof properties.id === 'string' && properties.id.trim() === '') delete properties.id;
}
