// Inputs are WGS-84 (ARCHITECTURE.md, "Contracts"). A CSV whose coordinate system is not stated is therefore read
// as WGS-84, never shifted on a guess; but Amap and Baidu exports (GCJ-02, BD-09) are common enough
// that the columns are checked for their fingerprints, and the warning then says so loudly.
import type { ImportDiagnostic } from './diagnostics.js';
import { normalizeColumnName } from './column-name.js';
import type { PointCrs } from './crs.js';

const AMAP_HINTS = ['typecode', '类型编码', 'adcode', 'pcode', 'citycode', 'pname', 'adname', 'bizext'];
const BAIDU_HINTS = ['uid', 'detailinfo', 'streetid', 'detail'];

/** The CRS a table's column names point to, and the column that says so; undefined when none does. */
export function crsHintOfColumns(columns: readonly string[]): { crs: PointCrs; column: string; why: string } | undefined {
  const raw = columns.map((c) => c.normalize('NFKC').toLowerCase());
  const named = (re: RegExp) => columns.find((_, i) => re.test(raw[i]));
  let c = named(/wgs-?84/);
  if (c) return { crs: 'wgs84', column: c, why: `column "${c}" names WGS-84` };
  c = named(/gcj-?02|火星|高德/);
  if (c) return { crs: 'gcj02', column: c, why: `column "${c}" names GCJ-02` };
  c = named(/bd-?09|百度|baidu/);
  if (c) return { crs: 'bd09', column: c, why: `column "${c}" names BD-09` };
  const norm = columns.map(normalizeColumnName);
  const amap = AMAP_HINTS.find((h) => norm.includes(h));
  if (amap) return { crs: 'gcj02', column: columns[norm.indexOf(amap)], why: `this looks like an Amap (Gaode) export (column "${columns[norm.indexOf(amap)]}"), whose coordinates are GCJ-02` };
  const baidu = BAIDU_HINTS.find((h) => norm.includes(h));
  if (baidu) return { crs: 'bd09', column: columns[norm.indexOf(baidu)], why: `this looks like a Baidu export (column "${columns[norm.indexOf(baidu)]}"), whose coordinates are BD-09` };
  return undefined;
}

/**
 * What to tell the user about a CSV read without a stated CRS (it is read as WGS-84 all the same).
 * `flag` is the option that states it for this input (`--crs`, `--population-crs`, ...); '' when the
 * input has none, and the advice is then to convert the file.
 */
export function unstatedCrsDiagnostic(columns: readonly string[], file: string, flag = '--crs'): ImportDiagnostic {
  const hint = crsHintOfColumns(columns);
  if (hint?.crs === 'wgs84') {
    // The file states it in a column name: nothing was assumed.
    return { level: 'info', code: 'crs-from-columns', file, message: `read as WGS-84: ${hint.why}` };
  }
  if (hint) {
    return {
      level: 'warning', code: 'crs-unstated', file,
      message: `coordinate system not stated; read as WGS-84, BUT ${hint.why}: ${flag ? `pass ${flag} ${hint.crs}` : 'convert it to WGS-84 first'}, or every point lands 100-700 m off`,
    };
  }
  return {
    level: 'warning', code: 'crs-unstated', file,
    message: flag
      ? `coordinate system not stated; read as WGS-84; pass ${flag} gcj02 for Amap/Tencent or bd09 for Baidu`
      : 'coordinate system not stated; read as WGS-84; convert Amap/Tencent (GCJ-02) or Baidu (BD-09) coordinates to WGS-84 first',
  };
}
