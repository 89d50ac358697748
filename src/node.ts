// The Node-only library surface: everything that reads or writes files. The browser-safe core is
// `lifecircle` (src/index.ts); this entry is `lifecircle/node`. Re-exports only, one line per module.
export * from './index.js';
export { importOsm, importOsmTo, readPoiTable, type Classified } from './intake/classified-readers.js';
export type { ImportOsmOptions, OsmImport, OsmImportSink, OsmImportSummary } from './io/osm/import-osm.js';
export type { Box as ExtractBox } from './io/osm/extract-sides.js';
export type { AdminLevelReason } from './io/osm/admin-level.js';
export type { PbfSource } from './io/osm/blobs.js';
export type { PoiTable, PoiTableOptions } from './io/poi-table.js';
export type { CategoryOf } from './io/category-of.js';
export { readCsvTable, readPointsCsv, type CsvTable, type CsvEncoding, type CsvEncodingOption, type PointsCsv, type PointsCsvOptions, type ReadCsvOptions } from './io/csv.js';
export { toWgs84, fromWgs84, parseCrs, type PointCrs } from './io/crs.js';
export type { ImportDiagnostic } from './io/diagnostics.js';
export { readStandardFile } from './intake/read-standard-file.js';
export { readCategoryMap } from './intake/read-category-map.js';
export { readFeatures, type ReadFeaturesOptions } from './io/read-geojson.js';
export { readPointColumns, type ReadPointColumnsOptions } from './io/read-point-columns.js';
export type { InputLimits } from './io/limits.js';
export { writeFileAtomic, writeFilesAtomic } from './io/write-atomic.js';
export { ParallelRouter, type ParallelRouterOptions } from './parallel/parallel-router.js';
export type { BatchCounts } from './parallel/shared-tasks.js';
export { readNetworkOnWorker, type ReadNetworkOptions } from './parallel/read-network.js';
