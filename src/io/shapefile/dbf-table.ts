// The attribute table of a shapefile (.dbf, dBASE III as ArcGIS and GDAL write it), as one
// properties object per record. Text fields are decoded in the shapefile's encoding; plain ASCII
// (most numbers and OSM tags) skips the decoder, which is what makes this faster than parsedbf.
import iconv from 'iconv-lite';
import { InputError } from '../../errors.js';

export interface DbfField {
  name: string;
  type: string;
  offset: number;
  length: number;
}

export interface DbfHeader {
  records: number;
  headerLength: number;
  recordLength: number;
  /** dBASE language driver id (byte 29): 0x4d is code page 936 (GBK), 0x57 "system ANSI", 0 unset. */
  languageDriver: number;
  fields: DbfField[];
}

export function readDbfHeader(dbf: Uint8Array, file: string): DbfHeader {
  if (dbf.byteLength < 32) throw new InputError('the .dbf is too short to be a dBASE table', file);
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: DbfField[] = [];
  let offset = 1; // the deletion flag comes first
  for (let at = 32; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    let nameEnd = at;
    while (nameEnd < at + 11 && dbf[nameEnd] !== 0) nameEnd++;
    // Field names are ASCII in practice; GDAL writes non-ASCII names in the table's encoding.
    const name = Buffer.from(dbf.subarray(at, nameEnd));
    const length = dbf[at + 16];
    fields.push({ name: name.toString('latin1'), type: String.fromCharCode(dbf[at + 11]), offset, length });
    offset += length;
  }
  if (headerLength + records * recordLength > dbf.byteLength + 1) {
    throw new InputError(`the .dbf says it holds ${records} records but is too short for them (truncated?)`, file);
  }
  return { records, headerLength, recordLength, languageDriver: dbf[29], fields };
}

/** Re-decodes field names that are not ASCII once the encoding is known. */
export function decodeFieldNames(dbf: Uint8Array, header: DbfHeader, encoding: string): void {
  header.fields.forEach((f, k) => {
    const at = 32 + k * 32;
    let end = at;
    while (end < at + 11 && dbf[end] !== 0) end++;
    const bytes = dbf.subarray(at, end);
    if (bytes.some((b) => b >= 0x80)) f.name = iconv.decode(Buffer.from(bytes), encoding);
  });
}

/**
 * Every record's properties. Numbers come back as numbers, empty fields as null, logicals as
 * booleans, dates as "YYYY-MM-DD". Deleted records are skipped by the caller through `deleted`.
 */
export function readDbfRecords(dbf: Uint8Array, header: DbfHeader, encoding: string): { properties: Record<string, unknown>[]; deleted: boolean[] } {
  const buf = Buffer.from(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const properties: Record<string, unknown>[] = new Array(header.records);
  const deleted: boolean[] = new Array(header.records);
  const utf8 = /^utf-?8$/i.test(encoding);
  for (let r = 0; r < header.records; r++) {
    const at = header.headerLength + r * header.recordLength;
    deleted[r] = buf[at] === 0x2a; // '*'
    const props: Record<string, unknown> = {};
    for (const f of header.fields) {
      let s = at + f.offset;
      let e = s + f.length;
      while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0)) e--;
      if (f.type === 'C') {
        if (e === s) { props[f.name] = null; continue; }
        let ascii = true;
        for (let i = s; i < e; i++) if (buf[i] >= 0x80) { ascii = false; break; }
        props[f.name] = ascii ? buf.toString('latin1', s, e) : utf8 ? buf.toString('utf8', s, e) : iconv.decode(buf.subarray(s, e), encoding);
        continue;
      }
      while (s < e && buf[s] === 0x20) s++;
      if (s === e || buf[s] === 0x2a /* '*': overflow or null as GDAL writes it */) { props[f.name] = null; continue; }
      const text = buf.toString('latin1', s, e);
      if (f.type === 'N' || f.type === 'F') {
        const n = Number(text);
        props[f.name] = Number.isFinite(n) ? n : null;
      } else if (f.type === 'L') {
        props[f.name] = /^[YyTt]/.test(text) ? true : /^[NnFf]/.test(text) ? false : null;
      } else if (f.type === 'D' && /^\d{8}$/.test(text)) {
        props[f.name] = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
      } else {
        props[f.name] = text;
      }
    }
    properties[r] = props;
  }
  return { properties, deleted };
}
