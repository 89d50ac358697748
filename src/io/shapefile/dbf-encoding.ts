// Which encoding a shapefile's attributes are in: --encoding when given, else the .cpg beside it,
// else the .dbf's language driver byte, else detected (valid UTF-8, or else GB18030, the superset of
// GBK that Chinese ArcGIS installs write without saying so).
import iconv from 'iconv-lite';
import { InputError } from '../../errors.js';
import type { DbfHeader } from './dbf-table.js';

export interface DbfEncoding {
  encoding: string;
  /** How it was chosen, for the diagnostics. */
  how: string;
}

const CODE_PAGES: Record<string, string> = {
  '65001': 'utf8', utf8: 'utf8', '936': 'gbk', cp936: 'gbk', ansi936: 'gbk', gbk: 'gbk', gb2312: 'gbk',
  '54936': 'gb18030', gb18030: 'gb18030', '950': 'big5', big5: 'big5', '1252': 'win1252', ansi1252: 'win1252',
  latin1: 'latin1', iso88591: 'latin1', '88591': 'latin1',
};

/** The .cpg text as an iconv-lite encoding name, undefined when it names none lifecircle knows. */
export function encodingOfCpg(cpg: string): string | undefined {
  const key = cpg.trim().toLowerCase().replace(/[\s_-]/g, '');
  const name = CODE_PAGES[key] ?? key;
  return iconv.encodingExists(name) ? name : undefined;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function dbfEncoding(dbf: Uint8Array, header: DbfHeader, file: string, cpg?: string, override?: string): DbfEncoding {
  if (override && override !== 'auto') return { encoding: override, how: `--encoding ${override}` };
  if (cpg !== undefined && cpg.trim()) {
    const enc = encodingOfCpg(cpg);
    if (!enc) throw new InputError(`the .cpg names encoding "${cpg.trim()}", which lifecircle does not know; pass --encoding (utf8, gbk, gb18030)`, file);
    return { encoding: enc, how: `.cpg says ${cpg.trim()}` };
  }
  if (header.languageDriver === 0x4d || header.languageDriver === 0x7a) return { encoding: 'gbk', how: 'the .dbf language driver says code page 936 (GBK)' };
  const records = dbf.subarray(header.headerLength, header.headerLength + header.records * header.recordLength);
  if (!records.some((b) => b >= 0x80)) return { encoding: 'utf8', how: 'plain ASCII' };
  try {
    utf8Strict.decode(records);
    return { encoding: 'utf8', how: 'no .cpg; the text is valid UTF-8' };
  } catch {
    return { encoding: 'gb18030', how: 'no .cpg and the text is not UTF-8: read as GB18030 (GBK); pass --encoding if names look wrong' };
  }
}
