// Shapefile inputs as they arrive from bureaus: without a .cpg (encoding detected), with a wrong
// one (--encoding overrides), without a .prj (degrees accepted with a warning, projected numbers
// refused), and through the CLI (exit 2 naming the file).
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayer } from '../src/io/read-layer.js';
import type { ImportDiagnostic } from '../src/io/diagnostics.js';
import { HAVE_GDAL, NO_GDAL, ogr2ogr } from './support/gdal.js';
import { runCli } from './support/run-cli.js';
import { scratchDir } from './support/scratch.js';

const DEMO = new URL('../data/demo/', import.meta.url).pathname;

describe.skipIf(!HAVE_GDAL)(`Shapefile encodings and coordinate systems${HAVE_GDAL ? '' : ` (skipped: ${NO_GDAL})`}`, () => {
  const { dir } = scratchDir('lifecircle-shp-');
  const copy = (stem: string, to: string, exts: string[]) => exts.forEach((e) => copyFileSync(join(dir, `${stem}.${e}`), join(dir, `${to}.${e}`)));
  beforeAll(() => {
    ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=GBK', join(dir, 'gbk.shp'), join(DEMO, 'communities.geojson')]);
    ogr2ogr(['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', join(dir, 'utf8.shp'), join(DEMO, 'communities.geojson')]);
  });

  it('no .cpg: GBK text is detected as not UTF-8 and read as GB18030, names intact, and the note says so', async () => {
    copy('gbk', 'nocpg', ['shp', 'shx', 'dbf', 'prj']);
    const notes: ImportDiagnostic[] = [];
    const f = await readLayer(join(dir, 'nocpg.shp'), { notes });
    expect(f[0].properties!.name).toBe('乐泉社区');
    expect(notes.find((n) => n.code === 'encoding')!.message).toMatch(/gb18030 .*not UTF-8/);
  });

  it('no .cpg: UTF-8 text is detected as UTF-8', async () => {
    copy('utf8', 'u-nocpg', ['shp', 'shx', 'dbf', 'prj']);
    expect((await readLayer(join(dir, 'u-nocpg.shp')))[0].properties!.name).toBe('乐泉社区');
  });

  it('a wrong .cpg is overridden by --encoding', async () => {
    copy('gbk', 'wrongcpg', ['shp', 'shx', 'dbf', 'prj']);
    writeFileSync(join(dir, 'wrongcpg.cpg'), 'UTF-8');
    expect((await readLayer(join(dir, 'wrongcpg.shp')))[0].properties!.name).not.toBe('乐泉社区');
    expect((await readLayer(join(dir, 'wrongcpg.shp'), { encoding: 'gbk' }))[0].properties!.name).toBe('乐泉社区');
  });

  it('no .prj: longitude/latitude is read as WGS-84 with a warning; projected numbers are an InputError', async () => {
    copy('utf8', 'deg-noprj', ['shp', 'shx', 'dbf', 'cpg']);
    const notes: ImportDiagnostic[] = [];
    await readLayer(join(dir, 'deg-noprj.shp'), { notes });
    expect(notes.find((n) => n.code === 'crs-unstated')?.level).toBe('warning');
    copy('gbk', 'proj-noprj', ['shp', 'shx', 'dbf', 'cpg']);
    await expect(readLayer(join(dir, 'proj-noprj.shp'))).rejects.toThrow(/proj-noprj\.shp, feature 0, field geometry: coordinates \(\d+\.?\d*, \d+\.?\d*\) are not longitude\/latitude .*no \.prj/);
  });

  it('the CLI exits 2 naming the shapefile whose CRS is missing, and writes nothing', async () => {
    const out = join(dir, 'out-noprj');
    const r = await runCli(['analyze', '--network', join(DEMO, 'network.geojson'), '--facilities', join(DEMO, 'facilities.geojson'),
      '--communities', join(dir, 'proj-noprj.shp'), '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/proj-noprj\.shp.*not longitude\/latitude/);
    expect(() => rmSync(out)).toThrow();
  });

  it('a GeoPackage with several layers and no ?layer= is refused with the layer names', async () => {
    const gpkg = join(dir, 'two.gpkg');
    ogr2ogr(['-f', 'GPKG', '-nln', 'communities', gpkg, join(DEMO, 'communities.geojson')]);
    ogr2ogr(['-f', 'GPKG', '-update', '-nln', 'facilities', gpkg, join(DEMO, 'facilities.geojson')]);
    await expect(readLayer(gpkg)).rejects.toThrow(/2 layers \(communities, facilities\); choose one with .*two\.gpkg\?layer=NAME/);
    await expect(readLayer(`${gpkg}?layer=roads`)).rejects.toThrow(/no feature layer "roads" \(layers: communities, facilities\)/);
  });
});
