// CSV formula injection (issue 15, "Injection safety"; OWASP "CSV Injection"): a text cell starting
// with =, +, -, @, tab or CR gets a leading ' so a spreadsheet shows it as text; numbers, and text that
// is a plain number, stay as they are. The rule by itself (hand-picked cells and a property), then
// through the CLI's travel-times CSV, whose ids and facility ids come straight from the input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../src/report/csv-cell.js';
import { runCli } from './support/run-cli.js';
import { fc as collection, scratchDir } from './support/scratch.js';
import { line, point } from './support/geo.js';

describe('neutralizeFormula', () => {
  it('prefixes every formula start, leaves plain numbers and other text', () => {
    for (const cell of ['=HYPERLINK("http://x","y")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1)', '\t=1', '\r=1', '=', '-', '+']) {
      expect(neutralizeFormula(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    }
    for (const cell of ['-12.5', '+3', '1e5', '-.5', '0', 'clinic-1', '卫生站', '', ' =1', "'=1"]) {
      expect(neutralizeFormula(cell), JSON.stringify(cell)).toBe(cell);
    }
  });

  it('never lets a formula start through, and changes nothing else (property)', () => {
    const start = fc.constantFrom('=', '+', '-', '@', '\t', '\r', 'a', '1', ' ', '长', '');
    fc.assert(fc.property(start, fc.string(), (head, tail) => {
      const cell = head + tail;
      const out = neutralizeFormula(cell);
      const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
      if (/^[=+\-@\t\r]/.test(cell) && !number) expect(out).toBe(`'${cell}`);
      else expect(out).toBe(cell);
    }), { numRuns: 2000 });
  });
});

describe('travel-times CSV from hostile ids', () => {
  const { dir, put } = scratchDir('lc-csv-formula-');
  it('writes the ids neutralised, a numeric id as it is', async () => {
    const network = put('streets.geojson', collection([line([[0, 0], [500, 0], [1000, 0]])]));
    const facilities = put('facilities.geojson', collection([point(0, 10, { id: '=HYPERLINK("http://evil")', category: 'health' })]));
    const points = put('homes.geojson', collection([point(1000, 10, { id: '@SUM(1)' }), point(500, 10, { id: '-7' }), point(200, 10, { id: '+cmd|\' /C calc\'!A0' })]));
    const out = join(dir, 'times.csv');
    const r = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.id)).toEqual(["'@SUM(1)", '-7', "'+cmd|' /C calc'!A0"]);
    expect(rows[0].health_facility).toBe('\'=HYPERLINK("http://evil")');
  });
});
