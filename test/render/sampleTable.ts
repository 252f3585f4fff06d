import type { ReportTable } from '../../reports/tables/table.js';

/**
 * A table with everything a renderer can get wrong: Chinese, a character outside the BMP, accents and
 * symbols, backslashes, braces, text that looks like a formula, leading spaces, a literal "?" right after
 * an escaped character (the \uN? fallback), a digit right after a control word, an empty cell, a line
 * break and a tab.
 */
export const TRICKY: ReportTable = {
  id: 'tricky',
  title: 'Table 14.2.1 MRD阴性率 {by arm}',
  subtitle: 'ITT N = 39; n/N (%) [95% CI] — 意向治疗人群',
  columns: ['终点 Endpoint', 'Arm A\\B (N=20)', '{braces}', 'Formula', 'Rate ≥ 10⁻⁵'],
  rows: [
    ['MRD阴性率', '10/20 (50.0) [27.2, 72.8]', '{a}', '=SUM(A1:A3)', '12.5'],
    ['C:\\data\\mrd.csv', '}{', '\\par not a paragraph', '+1', '-cmd|x'],
    ['  leading spaces', '阴?', '𠀀 surrogate', '@HYPERLINK("x")', ''],
    ['line one\nline two', 'tab\there', 'café naïve', '\\u123? literal', '≥CR（sCR 或 CR）'],
  ],
  footnotes: ['CI: Clopper-Pearson {exact}.', '95% CI 采用 Clopper-Pearson 精确法估计。', 'Path C:\\x\\y'],
};
