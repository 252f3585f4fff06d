import type { Problem } from '../errors.js';
import type { SourceFormat } from './source.js';
import type { TextColumn } from './textColumn.js';

/**
 * One input table as columns, whatever file it was read from. Text columns (string, enum, yn) are
 * dictionary-encoded TextColumns with null for an empty cell; numeric columns (number, date as day
 * number, datetime as minutes) are Float64Arrays with NaN for an empty cell. Row i of every column came
 * from source row `line[i]`: a line of a text file (the header is line 1), a row of a spreadsheet (its
 * row number), an observation of a SAS transport file or a row of a Dataset-JSON file (numbered from 1).
 */
export interface Table {
  /** the source file, relative to the study folder (as every message names it) */
  file: string;
  present: boolean;
  n: number;
  line: Int32Array;
  text: Record<string, TextColumn>;
  num: Record<string, Float64Array>;
  /** header names as written in the file, upper-cased */
  header: string[];
  sha256: string | null;
  rowsRead: number;
  rejected: Problem[];
  /** rows left out on purpose (e.g. ADRS rows of another PARAMCD), by reason; neither used nor rejected */
  skipped: SkippedRows[];
  /** cell-level findings on rows that were kept (e.g. a value not in the mapping's code list, kept as written) */
  notes: Problem[];
  /** what `line` numbers: lines of text, spreadsheet rows, or records (observations) */
  lineUnit: LineUnit;
  format: SourceFormat | null;
}

export type LineUnit = 'line' | 'row' | 'record';

export interface SkippedRows {
  rule: string;
  message: string;
  count: number;
}

/** Rows read = used + rejected + skipped, for the accounting tables. */
export function rowsSkipped(t: Table): number {
  return t.skipped.reduce((s, k) => s + k.count, 0);
}

/** One input file's rows: read = used + rejected + skipped. */
export interface Accounting {
  file: string;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  /** rows a row filter left out on purpose (e.g. ADRS rows of other parameters) */
  rowsSkipped: number;
}

/** The accounting of every table read; a table whose rows do not add up is a bug, not a user error. */
export function accountRows(tables: readonly Table[]): Accounting[] {
  return tables
    .filter((t) => t.present)
    .map((t) => {
      const a = { file: t.file, rowsRead: t.rowsRead, rowsUsed: t.n, rowsRejected: t.rejected.length, rowsSkipped: rowsSkipped(t) };
      if (a.rowsUsed + a.rowsRejected + a.rowsSkipped !== a.rowsRead) throw new Error(`row accounting broken for ${a.file}: ${JSON.stringify(a)}`);
      return a;
    });
}
