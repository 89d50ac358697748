import { neutralizeFormula } from './csv-cell.js';

/**
 * CSV text of a header and rows of text and number cells: what csv-stringify writes with
 * `{ header: true, columns, cast: SAFE_CSV_CAST }` (tested against it), without its per-cell machinery,
 * which was most of communities.csv's time on a city. Text cells get neutralizeFormula; numbers are
 * written as JavaScript writes them; a cell holding a quote, comma or line break is quoted, its quotes
 * doubled; every line ends in `\n`.
 */
export function csvText(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const lines: string[] = [csvLine(columns)];
  for (const row of rows) lines.push(csvLine(row));
  return `${lines.join('\n')}\n`;
}

function csvLine(cells: readonly (string | number)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    const cell = cells[i];
    line += typeof cell === 'number' ? `${cell}` : quoted(neutralizeFormula(cell));
  }
  return line;
}

const NEEDS_QUOTES = /[",\n\r]/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
