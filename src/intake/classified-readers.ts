// The readers as a user calls them: io reads (categoryOf injected), standards classify, and this
// layer joins the two with the category map (the built-in one unless given). The CLI and
// `lifecircle/node` use these; io never imports the classifier (ARCHITECTURE.md, "One-way imports").
import { categorize, defaultCategoryMap, type CategoryMap } from '../standards/category-map.js';
import { importOsm as importOsmWith, importOsmTo as importOsmToWith, type ImportOsmOptions, type OsmImport, type OsmImportSink, type OsmImportSummary } from '../io/osm/import-osm.js';
import { readPoiTable as readPoiTableWith, type PoiTable, type PoiTableOptions } from '../io/poi-table.js';
import type { PbfSource } from '../io/osm/blobs.js';
import type { CategoryOf } from '../io/category-of.js';

/** A reader's options with the category map in place of a classifier. Default: the built-in map. */
export type Classified<O> = Omit<O, 'categoryOf'> & { categoryMap?: CategoryMap };

function classifier(map: CategoryMap | undefined): CategoryOf {
  const m = map ?? defaultCategoryMap();
  return (properties) => categorize(properties, m);
}

/** Reads an Amap/Baidu POI table (CSV, or CSV exported from XLSX) into categorised facility points. */
export function readPoiTable(path: string, opts: Classified<PoiTableOptions> = {}): Promise<PoiTable> {
  return readPoiTableWith(path, { ...opts, categoryOf: classifier(opts.categoryMap) });
}

/**
 * Reads an OSM PBF (a path, streamed, or bytes) into the four GeoJSON inputs of an analysis.
 * Holds the results in memory; for very large extracts use `importOsmTo` with a writing sink.
 */
export function importOsm(source: PbfSource, opts: Classified<ImportOsmOptions> = {}): Promise<OsmImport> {
  return importOsmWith(source, { ...opts, categoryOf: classifier(opts.categoryMap) });
}

/** Streams an OSM PBF into the sink; returns counts and diagnostics. */
export function importOsmTo(source: PbfSource, sink: OsmImportSink, opts: Classified<ImportOsmOptions> = {}): Promise<OsmImportSummary> {
  return importOsmToWith(source, sink, { ...opts, categoryOf: classifier(opts.categoryMap) });
}
