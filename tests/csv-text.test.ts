import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { csvText } from '../src/report/csv-text.js';
import { SAFE_CSV_CAST } from '../src/report/csv-cell.js';

/** What the reports wrote with csv-stringify before csvText (and still do for the other tables). */
const viaCsvStringify = (columns: string[], rows: (string | number)[][]) => stringify(rows, { header: true, columns, cast: SAFE_CSV_CAST });

describe('csvText', () => {
  it('writes what csv-stringify writes with SAFE_CSV_CAST, for text and number cells', () => {
    // Text that needs quoting or neutralizing, plain numbers as text, and numbers JavaScript writes oddly.
    const text = fc.oneof(
      fc.string(), fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', '=', '+', '-', '@', '\t', 'a', '1', '.', ' ', '名', '\uFF1D', "'") }),
      fc.constantFrom('', '-12.5', '+3', '=SUM(A1)', '@x', '1e5', 'a"b', 'line\r\nbreak'),
    );
    const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e21, 1e-7, 0.1 + 0.2));
    const cell = fc.oneof(text, number);
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(
      fc.array(text, { minLength: n, maxLength: n }),
      fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 8 }),
    )), ([columns, rows]) => {
      expect(csvText(columns, rows)).toBe(viaCsvStringify(columns, rows));
    }), { numRuns: 500 });
  });

  it('worked example: a formula neutralized, a comma and a quote quoted, numbers as written', () => {
    expect(csvText(['id', 'name', 'share'], [['C1', '=HYPERLINK("x")', 0.8], ['C2', 'Li, "the" village', -0], ['C3', '', NaN]]))
      .toBe('id,name,share\nC1,"\'=HYPERLINK(""x"")",0.8\nC2,"Li, ""the"" village",0\nC3,,NaN\n');
  });
});
