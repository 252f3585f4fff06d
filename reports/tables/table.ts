/**
 * A report table, independent of the output format: every renderer (CSV, HTML, and later RTF/DOCX)
 * prints exactly these strings.
 */
export interface ReportTable {
  /** file stem, e.g. `mrd_rates` → tables/mrd_rates.csv */
  id: string;
  /** the table's number in the list of tables (report.tables), once numbered */
  number?: string;
  title: string;
  /** population and N, printed under the title */
  subtitle: string;
  columns: string[];
  rows: string[][];
  footnotes: string[];
  /**
   * per cell, the id of the ard.json record its figures come from (null for labels); absent for
   * listings. Renderers ignore it.
   */
  refs?: (string | null)[][];
  /**
   * which cells a footnote explains: the footnote (0-based index) gets a letter and those cells the
   * same letter raised (row null: the column header); footnotes without a mark are general notes
   */
  marks?: FootnoteMark[];
  /** page orientation of the RTF and DOCX: auto (default) takes portrait when the table fits it */
  orientation?: 'auto' | 'portrait' | 'landscape';
}

export interface FootnoteMark {
  footnote: number;
  row: number | null;
  column: number;
}

/** Marks the column headers `columns` with footnote `footnote`. */
export function markHeaders(footnote: number, columns: readonly number[]): FootnoteMark[] {
  return columns.map((column) => ({ footnote, row: null, column }));
}

/** Marks the cell in `column` of the first row whose cell there passes `test` (none: no mark). */
export function markFirst(rows: readonly string[][], column: number, test: (cell: string) => boolean, footnote: number): FootnoteMark[] {
  const row = rows.findIndex((r) => test(r[column]));
  return row < 0 ? [] : [{ footnote, row, column }];
}
