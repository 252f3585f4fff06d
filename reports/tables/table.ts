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
}
