/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return as a formula, so a facility named `=HYPERLINK(...)` in the
 * input would become a live link in Excel. Such a text cell gets a leading `'`, which spreadsheets
 * show as text. Numbers, and text that is a plain number (`-12.5`, `+3`), are left as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** csv-stringify's `cast` option applying neutralizeFormula to every text cell. */
export const SAFE_CSV_CAST = { string: (value: string) => neutralizeFormula(value) };
