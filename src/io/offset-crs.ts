// GCJ-02 (Amap, Tencent) and BD-09 (Baidu) are longitude/latitude with a deliberate offset that no
// file states (a .prj or an SRID says WGS 84 or 4326): the user names it (--crs, --population-crs,
// --points-crs, --candidates-crs) and it applies whatever the input's format, after the layer's own
// coordinate system. An offset on projected numbers means nothing, so that is refused.
import type { Feature } from 'geojson';
import type { PointColumns } from '../geo/point-columns.js';
import { InputError } from '../errors.js';
import { toWgs84, type PointCrs } from './crs.js';
import type { ImportDiagnostic } from './diagnostics.js';
import { forEachPosition, type LayerCrs } from './layer-crs.js';

const NAMES: Record<Exclude<PointCrs, 'wgs84'>, string> = { gcj02: 'GCJ-02 (Amap/Gaode, Tencent)', bd09: 'BD-09 (Baidu)' };

/**
 * Removes the offset from freshly read features, in place. `stated`: the coordinate system the
 * layer itself states (undefined for GeoJSON, which is longitude/latitude by definition).
 */
export function removeOffset(features: Feature[], crs: PointCrs | undefined, source: string, stated: LayerCrs | undefined, notes?: ImportDiagnostic[]): void {
  if (!crs || crs === 'wgs84') return;
  if (stated?.definition) {
    throw new InputError(`the input was said to be ${NAMES[crs]}, longitude/latitude with an offset, but the layer states ${stated.label}, a projected system; leave out the coordinate system option for this input, or reproject it to EPSG:4326 first`, source);
  }
  features.forEach((f) => {
    if (!f.geometry) return;
    forEachPosition(f.geometry, (p) => {
      const [lon, lat] = toWgs84(p, crs);
      p[0] = lon;
      p[1] = lat;
    });
  });
  notes?.push(offsetRemoved(crs, source));
}

/** removeOffset for points read as columns (GeoJSON: no stated system), in place. */
export function removeColumnsOffset(columns: PointColumns, crs: PointCrs | undefined, source: string, notes?: ImportDiagnostic[]): void {
  if (!crs || crs === 'wgs84') return;
  const { count, lon, lat } = columns;
  for (let i = 0; i < count; i++) {
    const p = toWgs84([lon[i], lat[i]], crs);
    lon[i] = p[0];
    lat[i] = p[1];
  }
  notes?.push(offsetRemoved(crs, source));
}

function offsetRemoved(crs: Exclude<PointCrs, 'wgs84'>, source: string): ImportDiagnostic {
  return { level: 'info', code: 'crs-offset-removed', file: source, message: `converted from ${NAMES[crs]} to WGS-84, as the coordinate system option says` };
}
