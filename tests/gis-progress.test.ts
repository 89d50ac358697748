// Progress while reading GIS layers: Shapefile, GeoPackage and FlatGeobuf report bytes of the file
// as they parse it (as the GeoJSON reader does), ending at the file's size; the terminal bar shows
// rows read from a database beside the bytes.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayer } from '../src/io/read-layer.js';
import { progressReporter } from '../src/cli/progress.js';
import { HAVE_GDAL, NO_GDAL, ogr2ogr } from './support/gdal.js';
import { scratchDir } from './support/scratch.js';

const NETWORK = new URL('../data/demo/network.geojson', import.meta.url).pathname;

describe.skipIf(!HAVE_GDAL)(`byte progress of the file formats${HAVE_GDAL ? '' : ` (${NO_GDAL})`}`, () => {
  const { dir } = scratchDir('lifecircle-progress-');
  const files: Record<string, string> = {};
  beforeAll(() => {
    // 1,053 streets: more than two progress steps of 512 records.
    files.shp = join(dir, 'network.shp');
    ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', files.shp, NETWORK]);
    files.gpkg = join(dir, 'network.gpkg');
    ogr2ogr(['-f', 'GPKG', '-t_srs', 'EPSG:4547', files.gpkg, NETWORK]);
    files.fgb = join(dir, 'network.fgb');
    ogr2ogr(['-f', 'FlatGeobuf', files.fgb, NETWORK]);
  });

  for (const format of ['shp', 'gpkg', 'fgb']) {
    it(`${format}: reports bytes while parsing, never backwards, ending at the file's size`, async () => {
      const seen: number[] = [];
      const features = await readLayer(files[format], { onBytes: (n) => seen.push(n) });
      expect(features).toHaveLength(1053);
      const size = statSync(files[format]).size;
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen[seen.length - 1]).toBe(size);
      // Some report comes before the end: the bar moves while the file is parsed.
      expect(seen.some((n) => n > 0 && n < size)).toBe(true);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    });
  }
});

describe('the progress bar shows rows read from a database', () => {
  // The bar redraws at most 5 times a second (cli-progress), so each check waits for a redraw.
  const redraw = () => new Promise((r) => setTimeout(r, 450));
  it('beside the bytes of the read stage, and drops them at the next stage', async () => {
    const out: string[] = [];
    const stream = Object.assign(new PassThrough(), { isTTY: true as const, columns: 120 });
    stream.on('data', (c: Buffer) => out.push(c.toString()));
    const progress = progressReporter({ stream });
    progress.onProgress!('read', 2e6, 4e6);
    progress.detail('5,000 of ~12,000 rows from PostGIS');
    await redraw();
    expect(out.join('')).toContain('2/4 MB, 5,000 of ~12,000 rows from PostGIS');
    out.length = 0;
    progress.onProgress!('network', 1, 1);
    await redraw();
    expect(out.join('')).not.toContain('rows from PostGIS');
    progress.stop();
  });
});
