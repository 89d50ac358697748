import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csvTableFromBytes, decodeCsvBytes, readCsvTable, readPointsCsv } from '../src/io/csv.js';
import { InputError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(bytes: Uint8Array | string): string {
  const p = join(dir, `t${n++}.csv`);
  writeFileSync(p, bytes);
  return p;
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
const withBom = (s: string) => new Uint8Array([...BOM, ...utf8(s)]);

async function rejection(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('encodings', () => {
  const text = '名称,经度,纬度\n越秀公园,113.2665,23.1407\n';

  it('reads UTF-8 with and without a BOM to the same table', async () => {
    const a = await readCsvTable(file(utf8(text)));
    const b = await readCsvTable(file(withBom(text)));
    expect(a.encoding).toBe('utf8');
    expect(b.bom).toBe(true);
    expect(b.columns).toEqual(['名称', '经度', '纬度']);
    expect(b.rows).toEqual(a.rows);
  });

  it('detects GBK bytes made here with iconv-lite and decodes the Chinese names', async () => {
    const t = await readCsvTable(file(iconv.encode(text, 'gbk')));
    expect(t.encoding).toBe('gb18030');
    expect(t.rows[0][0]).toBe('越秀公园');
  });

  it('reads the committed GBK fixture (a Chinese Excel "Save as CSV") with a quoted comma in a name', async () => {
    const p = fileURLToPath(new URL('./fixtures/gbk-population.csv', import.meta.url));
    const { points, encoding } = await readPointsCsv(p);
    expect(encoding).toBe('gb18030');
    expect(points.features.map((f) => f.properties!['名称'])).toEqual(['流花街道社区', '登峰街,横枝岗', '华林寺前']);
    expect(points.features.map((f) => f.properties!.population)).toEqual([3200, 4100, 1850]);
    expect(points.features[1].geometry.coordinates).toEqual([113.295, 23.15]);
  });

  it('round-trips any text through GB18030 (property: detection never turns it to mojibake)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'社区卫生服务中心幼儿园菜市场颐康长者饭堂abc123 ,'), { minLength: 1, maxLength: 40 }), (chars) => {
        const s = `名称\n"${chars.join('')}"\n`;
        const decoded = decodeCsvBytes(iconv.encode(s, 'gb18030'));
        expect(decoded.text).toBe(s);
      }),
    );
  });

  it('honours an override, and refuses a forced UTF-8 that does not decode', async () => {
    const gbk = iconv.encode(text, 'gbk');
    expect((await readCsvTable(file(gbk), { encoding: 'gbk' })).rows[0][0]).toBe('越秀公园');
    const err = await rejection(readCsvTable(file(gbk), { encoding: 'utf8' }));
    expect(err.message).toMatch(/not valid UTF-8.*gb18030/);
  });

  it('reads UTF-16 with a BOM and tabs (Excel "Unicode text")', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode('名称\t经度\t纬度\r\n公园\t113.1\t23.1\r\n', 'utf16le')]);
    const t = csvTableFromBytes(bytes, 'unicode.txt');
    expect(t.delimiter).toBe('\t');
    expect(t.rows).toEqual([['公园', '113.1', '23.1']]);
  });
});

describe('readPointsCsv column names', () => {
  const cases: Array<[string, string]> = [
    ['经度,纬度,人口', '113.25,23.12,10'],
    ['lon,lat,population', '113.25,23.12,10'],
    ['lng,lat,population', '113.25,23.12,10'],
    ['Longitude,Latitude,Population', '113.25,23.12,10'],
    ['X,Y,pop', '113.25,23.12,10'],
    ['纬度（WGS84）,经度（WGS84）,常住人口', '23.12,113.25,10'],
    ['location,人口', '"113.25,23.12",10'],
  ];
  for (const [header, row] of cases) {
    it(`finds coordinates and weight in "${header}"`, async () => {
      const { points } = await readPointsCsv(file(`${header}\n${row}\n`));
      expect(points.features[0].geometry.coordinates).toEqual([113.25, 23.12]);
      expect(points.features[0].properties!.population).toBe(10);
    });
  }

  it('uses a named weight field, and reads lat,lon column order by name (Porto Alegre landmarks style)', async () => {
    const { points } = await readPointsCsv(file('id,lat,lon,jobs\nufrgs,-30.0331,-51.2300,5000\n'), { weightField: 'jobs' });
    expect(points.features[0].geometry.coordinates).toEqual([-51.23, -30.0331]);
    expect(points.features[0].properties).toEqual({ id: 'ufrgs', population: 5000 });
  });

  it('converts GCJ-02 when told, so a population CSV from a Chinese source lands on OSM streets', async () => {
    const { points } = await readPointsCsv(file('lon,lat\n116.404,39.915\n'), { crs: 'gcj02' });
    const [lon, lat] = points.features[0].geometry.coordinates;
    expect(lon).toBeCloseTo(116.39775550083061, 6);
    expect(lat).toBeCloseTo(39.91359571849836, 6);
  });
});

describe('bad rows', () => {
  it('names file, row and column for a cell that is not a number, with its line', async () => {
    const p = file('名称,经度,纬度\n甲,113.2,23.1\n乙,113.2,abc\n');
    const err = await rejection(readPointsCsv(p));
    expect(err.file).toBe(p);
    expect(err.feature).toBe(1);
    expect(err.field).toBe('纬度');
    expect(err.message).toMatch(/"abc" is not a number \(line 3\)/);
  });

  it('detects swapped longitude and latitude', async () => {
    const err = await rejection(readPointsCsv(file('lon,lat\n23.1,113.2\n')));
    expect(err.message).toMatch(/swapped/);
  });

  it('rejects out-of-range and projected coordinates, and empty cells', async () => {
    expect((await rejection(readPointsCsv(file('lon,lat\n200,10\n')))).message).toMatch(/out of range/);
    expect((await rejection(readPointsCsv(file('x,y\n435000,2555000\n')))).message).toMatch(/projected/);
    expect((await rejection(readPointsCsv(file('lon,lat\n,23.1\n')))).message).toMatch(/longitude is empty/);
  });

  it('rejects a row with more cells than the header (an unquoted comma in a name)', async () => {
    const err = await rejection(readPointsCsv(file('name,lon,lat\n登峰街,横枝岗,113.2,23.1\n')));
    expect(err.feature).toBe(0);
    expect(err.message).toMatch(/4 cells but the header has 3/);
  });

  it('rejects a negative population and a table without coordinate columns', async () => {
    expect((await rejection(readPointsCsv(file('lon,lat,population\n113.2,23.1,-5\n')))).field).toBe('population');
    expect((await rejection(readPointsCsv(file('name,address\na,b\n')))).message).toMatch(/cannot find coordinate columns/);
  });
});
