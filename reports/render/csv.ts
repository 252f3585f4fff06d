/**
 * CSV writing safe to open in a spreadsheet: RFC 4180 quoting, and text that a spreadsheet would run
 * as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe, unless it is a
 * plain number such as -0.25 or 1e-5, which stays numeric. "-1+2" is not a number: Excel computes 1.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  if (value.length === 0) return value;
  // fast path: a cell that cannot start a formula needs at most quoting
  const c = value.charCodeAt(0);
  const v = c === 61 || c === 43 || c === 64 || c === 9 || c === 13 || c === 45 ? (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value) : value;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Header plus rows, CRLF line ends (RFC 4180), UTF-8 with BOM so that Excel reads Chinese text. */
export function toCsv(columns: string[], rows: string[][]): string {
  const lines = [columns, ...rows].map((r) => r.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
