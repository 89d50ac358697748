import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readPoiTable } from '../src/intake/classified-readers.js';
import { fromWgs84, parseCrs, toWgs84 } from '../src/io/crs.js';
import { InputError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-poi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(bytes: Uint8Array | string): string {
  const p = join(dir, `poi${n++}.csv`);
  writeFileSync(p, bytes);
  return p;
}

/** Great-circle distance in metres (haversine, mean Earth radius): plenty for a 1 m tolerance. */
function metres(a: number[], b: number[]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

// Oracle: the published GCJ-02 forward formula (Krasovsky 1940 ellipsoid, a = 6378245,
// ee = 0.00669342162296594323) and the BD-09 forward step, written out here independently of gcoord.
// The forward direction is the definition; gcoord's inverse is what we check against it.
function oracleWgsToGcj(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}
function oracleGcjToBd(lon: number, lat: number): [number, number] {
  const xPi = (Math.PI * 3000.0) / 180.0;
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * xPi);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * xPi);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

describe('GCJ-02 and BD-09 to WGS-84 (gcoord), within 1 m', () => {
  // Reference pairs published with wandergis/coordtransform's README and repeated in hutool's tests
  // (CoordinateUtilTest) and other ports: input (116.404, 39.915) in Beijing, plus two BD-09 -> GCJ-02
  // pairs (Nanjing area, Shenzhen) from a Kotlin port's tests.
  it('the oracle reproduces the published forward pairs (so it can judge the inverse)', () => {
    const g = oracleWgsToGcj(116.404, 39.915);
    expect(metres(g, [116.41024449916938, 39.91640428150164])).toBeLessThan(1e-3);
    const b = oracleGcjToBd(116.404, 39.915);
    expect(metres(b, [116.41036949371029, 39.92133699351021])).toBeLessThan(1e-3);
  });

  it('matches the published inverse pairs', () => {
    expect(metres(toWgs84([116.404, 39.915], 'gcj02'), [116.39775550083061, 39.91359571849836])).toBeLessThan(1);
    expect(metres(toWgs84([116.404, 39.915], 'bd09'), [116.3913836995125, 39.907253214522164])).toBeLessThan(1);
    // BD-09 -> GCJ-02 published pairs, checked through WGS-84: both sides must land on the same point.
    const bdToGcj: Array<[[number, number], [number, number]]> = [
      [[116.404, 39.915], [116.39762729119315, 39.90865673957631]],
      [[118.76519558159015, 30.946576225978003], [118.75866025417945, 30.940779294367676]],
      [[114.06611219325782, 22.548514883102943], [114.05956013578918, 22.542860065931386]],
    ];
    for (const [bd, gcj] of bdToGcj) expect(metres(toWgs84(bd, 'bd09'), toWgs84(gcj, 'gcj02'))).toBeLessThan(1);
  });

  it('inverts the oracle to within 1 m anywhere in mainland China (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 75, max: 134, noNaN: true }), fc.double({ min: 18.2, max: 53.5, noNaN: true }), (lon, lat) => {
        const gcj = oracleWgsToGcj(lon, lat);
        expect(metres(toWgs84(gcj, 'gcj02'), [lon, lat])).toBeLessThan(1);
        const bd = oracleGcjToBd(gcj[0], gcj[1]);
        expect(metres(toWgs84(bd, 'bd09'), [lon, lat])).toBeLessThan(1);
        expect(metres(fromWgs84([lon, lat], 'gcj02'), gcj)).toBeLessThan(1e-3);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves WGS-84 alone and parses the usual CRS names', () => {
    expect(toWgs84([113.3, 23.1], 'wgs84')).toEqual([113.3, 23.1]);
    expect(['GCJ-02', 'amap', 'gaode'].map(parseCrs)).toEqual(['gcj02', 'gcj02', 'gcj02']);
    expect(['BD09', 'baidu', 'bd09ll'].map(parseCrs)).toEqual(['bd09', 'bd09', 'bd09']);
    expect(['WGS84', 'EPSG:4326'].map(parseCrs)).toEqual(['wgs84', 'wgs84']);
    expect(parseCrs('utm50n')).toBeUndefined();
  });
});

describe('readPoiTable', () => {
  // An Amap web-service export: English columns, a single "lng,lat" location column, GCJ-02 unstated.
  const amap = [
    'id,name,type,typecode,address,location',
    'B00140A1,登峰街社区卫生服务中心,医疗保健服务;综合医院;卫生院,090102,环市东路,"113.295,23.150"',
    'B00140A2,阳光幼儿园,科教文化服务;学校;幼儿园,141204,,"113.300,23.140"',
    'B00140A3,东山肉菜市场,购物服务;综合市场;菜市场,060705,,"113.301,23.141"',
    'B00140A4,爱宠宠物医院,医疗保健服务;动物医疗场所;宠物诊所,090701,,"113.302,23.142"',
    'B00140A5,星巴克,餐饮服务;咖啡厅;星巴克咖啡,050501,,"113.303,23.143"',
  ].join('\n');

  it('maps types and names to categories and converts from GCJ-02 when told', async () => {
    const t = await readPoiTable(file(amap), { crs: 'gcj02' });
    expect(t.crs).toBe('gcj02');
    expect(t.crsStated).toBe(true);
    expect(t.facilities.features.map((f) => [f.properties!.id, f.properties!.category])).toEqual([
      ['B00140A1', 'health'],
      ['B00140A2', 'kindergarten'],
      ['B00140A3', 'grocery'],
    ]);
    expect(t.counts).toMatchObject({ rows: 5, categorized: 3, uncategorized: 2 });
    const clinic = t.facilities.features[0];
    expect(metres(clinic.geometry.coordinates, toWgs84([113.295, 23.15], 'gcj02'))).toBeLessThan(1e-6);
    // The offset is real: about 500-600 m in Guangzhou.
    expect(metres(clinic.geometry.coordinates, [113.295, 23.15])).toBeGreaterThan(300);
    expect(clinic.properties).toMatchObject({ name: '登峰街社区卫生服务中心', typecode: '090102', source_crs: 'gcj02' });
  });

  it('unstated, reads even an Amap export as WGS-84, and warns loudly that it looks like GCJ-02', async () => {
    const t = await readPoiTable(file(amap));
    expect(t.crs).toBe('wgs84');
    expect(t.crsStated).toBe(false);
    const warning = t.diagnostics.find((d) => d.code === 'crs-unstated');
    expect(warning?.level).toBe('warning');
    expect(warning?.message).toMatch(/read as WGS-84, BUT this looks like an Amap \(Gaode\) export \(column "typecode"\), whose coordinates are GCJ-02: pass --crs gcj02/);
    expect(t.facilities.features[0].geometry.coordinates).toEqual([113.295, 23.15]);
    expect(t.facilities.features[0].properties).toMatchObject({ source_crs: 'wgs84' });
  });

  it('gives no CRS warning when the CRS is stated, and keeps uncategorized rows on request', async () => {
    const t = await readPoiTable(file(amap), { crs: 'gcj02', keepUncategorized: true });
    expect(t.diagnostics.filter((d) => d.level === 'warning')).toEqual([]);
    expect(t.facilities.features).toHaveLength(5);
    expect(t.facilities.features[4].properties!.category).toBeNull();
  });

  it('reads a GBK Baidu-style table with Chinese columns 名称/类型/经度/纬度 in BD-09', async () => {
    const text = '名称,类型,经度,纬度\r\n流花社区居委会,政府机构;居民委员会,113.2663,23.1420\r\n华林颐康中心,,113.2610,23.1225\r\n';
    const t = await readPoiTable(file(iconv.encode(text, 'gbk')), { crs: 'bd09' });
    expect(t.encoding).toBe('gb18030');
    expect(t.facilities.features.map((f) => [f.properties!.name, f.properties!.category])).toEqual([
      ['流花社区居委会', 'community-service'],
      ['华林颐康中心', 'elder-care'],
    ]);
    expect(metres(t.facilities.features[1].geometry.coordinates, toWgs84([113.261, 23.1225], 'bd09'))).toBeLessThan(1e-6);
  });

  it('reads Baidu-looking and WGS-84-named columns as WGS-84: a warning for the first, a note for the second', async () => {
    const baidu = await readPoiTable(file('uid,name,lng,lat\nabc,越秀区图书馆,113.27,23.13\n'));
    expect(baidu.crs).toBe('wgs84');
    expect(baidu.facilities.features[0].geometry.coordinates).toEqual([113.27, 23.13]);
    expect(baidu.diagnostics.find((d) => d.code === 'crs-unstated')?.message).toMatch(/Baidu export \(column "uid"\), whose coordinates are BD-09: pass --crs bd09/);
    const wgs = await readPoiTable(file('name,lng_wgs84,lat_wgs84\n越秀区图书馆,113.27,23.13\n'));
    expect(wgs.crs).toBe('wgs84');
    expect(wgs.facilities.features[0].geometry.coordinates).toEqual([113.27, 23.13]);
    expect(wgs.diagnostics.filter((d) => d.level === 'warning')).toEqual([]);
    expect(wgs.diagnostics.find((d) => d.code === 'crs-from-columns')?.message).toMatch(/column "lng_wgs84" names WGS-84/);
  });

  it('joins 大类/中类/小类 columns into the Amap type', async () => {
    const t = await readPoiTable(file('名称,大类,中类,小类,经度,纬度\n某某市场,购物服务,综合市场,菜市场,113.3,23.1\n'), { crs: 'gcj02' });
    expect(t.facilities.features[0].properties).toMatchObject({ type: '购物服务;综合市场;菜市场', category: 'grocery' });
  });

  it('rejects swapped coordinates in a Chinese CRS, and warns about points outside China', async () => {
    await expect(readPoiTable(file('name,lng,lat\n幼儿园,23.1,113.3\n'), { crs: 'gcj02' })).rejects.toThrow(InputError);
    await expect(readPoiTable(file('name,lng,lat\n幼儿园,23.1,113.3\n'), { crs: 'gcj02' })).rejects.toThrow(/swapped/);
    const t = await readPoiTable(file('name,lng,lat\nschool kindergarten 幼儿园,7.42,43.73\n'), { crs: 'gcj02' });
    expect(t.diagnostics.find((d) => d.code === 'outside-china')?.level).toBe('warning');
    expect(t.facilities.features[0].geometry.coordinates).toEqual([7.42, 43.73]);
  });
});
