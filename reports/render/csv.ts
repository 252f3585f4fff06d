/**
 * CSV writing safe to open in a spreadsheet: RFC 4180 quoting, and text that a spreadsheet would run
 * as a formula (starting with =, +, @, tab, CR, or - not followed by a digit) is prefixed with an
 * apostrophe. Plain numbers such as -0.25 stay numeric.
 */
const FORMULA_START = /^(?:[=+@\t\r]|-(?![0-9.]))/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  if (value.length === 0) return value;
  // fast path: a cell that cannot start a formula needs at most quoting
  const c = value.charCodeAt(0);
  const v = c === 61 || c === 43 || c === 64 || c === 9 || c === 13 || c === 45 ? (FORMULA_START.test(value) ? `'${value}` : value) : value;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Header plus rows, CRLF line ends (RFC 4180), UTF-8 with BOM so that Excel reads Chinese text. */
export function toCsv(columns: string[], rows: string[][]): string {
  const lines = [columns, ...rows].map((r) => r.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/**
 * The same CSV as `toCsv`, generated row by row in chunks of about 1 MB, for listings of millions of
 * rows: each chunk is written and dropped before the next is made.
 */
export function* csvChunks(columns: string[], nRows: number, row: (i: number) => string[], escape?: boolean[]): Generator<string> {
  let lines: string[] = ['\uFEFF' + columns.map(csvCell).join(',')];
  let size = 0;
  for (let i = 0; i < nRows; i++) {
    const cells = row(i);
    // `escape[k] === false` marks a column of numbers, dates or fixed codes: no quoting needed
    const line = (escape ? cells.map((c, k) => (escape[k] ? csvCell(c) : c)) : cells.map(csvCell)).join(',');
    lines.push(line);
    size += line.length;
    if (size > 1 << 20) {
      yield lines.join('\r\n') + '\r\n';
      lines = [];
      size = 0;
    }
  }
  if (lines.length) yield lines.join('\r\n') + '\r\n';
}
