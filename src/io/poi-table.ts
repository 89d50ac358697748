// Amap (Gaode) and Baidu POI exports -> facility points in WGS-84 with a category.
// Such tables carry a name (名称), a type ("医疗保健服务;综合医院;卫生院", or 大类/中类/小类 columns), often
// an Amap typecode, and coordinates in GCJ-02 (Amap) or BD-09 (Baidu). The coordinate system is
// rarely written in the file. Unstated, the table is read as WGS-84 (as every input) with a warning,
// a loud one when the columns look like an Amap or Baidu export: a guessed conversion would move every
// facility by hundreds of metres whenever the guess is wrong, and nobody would see it.
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { CategoryOf } from './category-of.js';
import { InputError } from '../errors.js';
import type { ImportDiagnostic } from './diagnostics.js';
import {
  findColumn,
  locateCoordinateColumns,
  readCsvTable,
  rowPosition,
  setRowId,
  ID_NAMES,
  type CoordinateColumnOptions,
  type CsvEncoding,
  type CsvTable,
  type ReadCsvOptions,
} from './csv.js';
import { inChinaBox, toWgs84, type PointCrs } from './crs.js';
import { unstatedCrsDiagnostic } from './crs-unstated.js';

export interface PoiTableOptions extends ReadCsvOptions, CoordinateColumnOptions {
  /** Coordinate system of the table. Unstated: WGS-84, with a warning. */
  crs?: PointCrs;
  /** The option that states `crs`, named in the warning when it is not stated. Default `--crs`. */
  crsFlag?: string;
  nameField?: string;
  /** Amap-style type text ("大类;中类;小类"). Default: 类型/type/分类/类别/tag, or 大类+中类+小类 joined. */
  typeField?: string;
  /** Amap numeric type code. Default: 类型编码/typecode/分类编码. */
  typecodeField?: string;
  /**
   * A row's category from its properties (name, type, typecode, category), undefined when none
   * fits. Reading does not classify: the caller brings the classifier (the CLI and
   * `lifecircle/node` pass the category map's).
   */
  categoryOf: CategoryOf;
  /** Keep rows no category matched (with `category: null`); default false. */
  keepUncategorized?: boolean;
}

export interface PoiTable {
  facilities: FeatureCollection<Point>;
  /** The CRS the coordinates were converted from. */
  crs: PointCrs;
  /** False when `crs` was not stated and WGS-84 was taken (a diagnostic says so). */
  crsStated: boolean;
  encoding: CsvEncoding;
  counts: { rows: number; categorized: number; uncategorized: number; byCategory: Record<string, number> };
  diagnostics: ImportDiagnostic[];
}

const NAME_NAMES = ['名称', 'name', 'poi名称', 'poiname', '名字', '机构名称', '设施名称', 'title'];
const TYPE_NAMES = ['类型', 'type', 'poi类型', '分类', '类别', 'tag', 'amaptype'];
const TYPECODE_NAMES = ['类型编码', 'typecode', '类型代码', '分类编码', '分类代码', 'poicode'];
function columnIndex(columns: readonly string[], field: string | undefined, names: readonly string[], file: string): number {
  if (field === undefined) return findColumn(columns, names);
  const i = columns.indexOf(field);
  if (i < 0) throw new InputError(`no column "${field}"; columns are: ${columns.join(', ')}`, file, undefined, field);
  return i;
}

/** Reads an Amap/Baidu POI table (CSV, or CSV exported from XLSX). */
export async function readPoiTable(path: string, opts: PoiTableOptions): Promise<PoiTable> {
  return poiTableFrom(await readCsvTable(path, opts), opts);
}

export function poiTableFrom(table: CsvTable, opts: PoiTableOptions): PoiTable {
  const { file, columns, rows, lines } = table;
  const diagnostics: ImportDiagnostic[] = [
    { level: 'info', code: 'csv-encoding', file, message: `read as ${table.encoding}${table.bom ? ' (with BOM)' : ''}, ${rows.length} rows` },
  ];
  const crs: PointCrs = opts.crs ?? 'wgs84';
  if (table.encodingWarning) diagnostics.push({ level: 'warning', code: 'csv-encoding-mixed', file, message: table.encodingWarning });
  if (opts.crs === undefined) diagnostics.push(unstatedCrsDiagnostic(columns, file, opts.crsFlag));
  const where = locateCoordinateColumns(columns, file, opts);
  const nameCol = columnIndex(columns, opts.nameField, NAME_NAMES, file);
  const typeCol = columnIndex(columns, opts.typeField, TYPE_NAMES, file);
  const typecodeCol = columnIndex(columns, opts.typecodeField, TYPECODE_NAMES, file);
  const idCol = findColumn(columns, ID_NAMES);
  // Some exports split the type over 大类/中类/小类 columns.
  const levelCols = typeCol < 0 ? ['大类', '中类', '小类'].map((n) => columns.indexOf(n)).filter((i) => i >= 0) : [];
  if (nameCol < 0 && typeCol < 0 && typecodeCol < 0 && levelCols.length === 0 && !columns.includes('category')) {
    throw new InputError(`no name, type, typecode or category column to categorize by; columns are: ${columns.join(', ')}`, file);
  }
  const coordinateCols = new Set(where.kind === 'pair' ? [where.lon, where.lat] : [where.location]);

  const features: Feature<Point>[] = [];
  const byCategory: Record<string, number> = {};
  let uncategorized = 0;
  let outsideChina = 0;
  const unmatchedTypes = new Map<string, number>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const properties: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) if (!coordinateCols.has(c)) properties[columns[c]] = row[c];
    setRowId(properties, row, idCol);
    if (nameCol >= 0) properties.name = row[nameCol].trim();
    if (typeCol >= 0) properties.type = row[typeCol].trim();
    else if (levelCols.length) properties.type = levelCols.map((i) => row[i].trim()).filter((s) => s !== '').join(';');
    if (typecodeCol >= 0) properties.typecode = row[typecodeCol].trim();

    const source = rowPosition(table, r, where);
    if (crs !== 'wgs84' && !inChinaBox(source[0], source[1])) {
      if (inChinaBox(source[1], source[0])) {
        throw new InputError(
          `[${source[0]}, ${source[1]}] lies outside China but [${source[1]}, ${source[0]}] inside: the longitude and latitude look swapped (line ${lines[r]})`,
          file, r, where.kind === 'pair' ? columns[where.lon] : columns[where.location],
        );
      }
      outsideChina++;
    }
    const category = opts.categoryOf(properties);
    if (category === undefined) {
      uncategorized++;
      const key = String(properties.type ?? properties.typecode ?? '(no type)');
      unmatchedTypes.set(key, (unmatchedTypes.get(key) ?? 0) + 1);
      if (!opts.keepUncategorized) continue;
    } else byCategory[category] = (byCategory[category] ?? 0) + 1;
    properties.category = category ?? null;
    properties.source_crs = crs;
    features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: toWgs84(source, crs) } });
  }
  if (outsideChina > 0) {
    diagnostics.push({
      level: 'warning', code: 'outside-china', file,
      message: `${outsideChina} points lie outside China, where ${crs.toUpperCase()} is not defined; their coordinates were kept unconverted`,
    });
  }
  if (uncategorized > 0) {
    const top = [...unmatchedTypes].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([t, n]) => `${t} (${n})`);
    diagnostics.push({
      level: 'info', code: 'uncategorized', file,
      message: `${uncategorized} of ${rows.length} rows match no category${opts.keepUncategorized ? '' : ' and were left out'}; most common types: ${top.join(', ')}`,
    });
  }
  return {
    facilities: { type: 'FeatureCollection', features },
    crs,
    crsStated: opts.crs !== undefined,
    encoding: table.encoding,
    counts: { rows: rows.length, categorized: rows.length - uncategorized, uncategorized, byCategory },
    diagnostics,
  };
}
