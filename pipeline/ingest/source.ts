import type { Encoding } from './formats/textEncoding.js';

/**
 * Where one input table (subjects, mrd, response, imaging, tte, therapy) comes from and how its
 * columns are filled: the seam every reader plugs into. readStudy resolves one SourceSpec per table
 * (from mapping.yaml, the ADaM layout, or the native file names) and readTable reads it, whatever the
 * format, into the same typed columns with the same per-row accounting.
 */

export type SourceFormat = 'csv' | 'xpt' | 'json' | 'ndjson' | 'xlsx';

export const SOURCE_FORMATS: readonly SourceFormat[] = ['csv', 'xpt', 'json', 'ndjson', 'xlsx'];

/** How one of our columns is filled. */
export interface ColumnSource {
  /** the source column (upper case); null when the column is not taken from the file */
  column: string | null;
  /** further source columns to use, in order, when `column` is not in the header (TRT01P, then ARM) */
  or?: string[];
  /** the value every row gets when `column` is null (a constant such as CENTRAL: Y) */
  constant?: string;
  /** code list: a source value (trimmed, upper case) -> our value */
  values?: Map<string, string>;
  /** whether a free-text value the code list does not name is noted (true unless a built-in layout recodes a few values) */
  noteUnmapped?: boolean;
  /** the source value is multiplied by 10^scale (units: percent -2, microgram to nanogram 3) */
  scale?: number;
  /** date format of the source text (dateFormats.ts); ISO YYYY-MM-DD when absent */
  dateFormat?: string;
}

/** A row filter: rows whose `column` holds none of `values` are skipped (counted, not rejected). */
export interface RowFilter {
  column: string;
  /** upper case */
  values: string[];
  /** the filter applies only when the column is in the file (ADSL RANDFL) */
  optional?: boolean;
}

export interface SourceSpec {
  /** file name relative to the study folder (as shown in every message) */
  file: string;
  /** set when the mapping names it; otherwise detected from the file's content and name */
  format?: SourceFormat;
  encoding?: Encoding;
  delimiter?: string;
  /** ',' when numbers are written with a decimal comma */
  decimal?: '.' | ',';
  /** XLSX sheet name (first sheet when absent) */
  sheet?: string;
  /** XPT member (data set) name (first member when absent) */
  member?: string;
  /** our column name -> its source; columns not listed are read from the source column of the same name */
  columns: Record<string, ColumnSource>;
  /** default date format of this file's date columns */
  dateFormat?: string;
  where: RowFilter[];
  /** how this spec was made, for the report and messages: native file, the ADaM layout, or mapping.yaml */
  origin: 'native' | 'adam' | 'mapping';
}

/** A source that reads `file` with our own column names. */
export function nativeSource(file: string): SourceSpec {
  return { file, columns: {}, where: [], origin: 'native' };
}
