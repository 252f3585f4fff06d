import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy } from '../../pipeline/analyse.js';
import { startOutputs } from '../../reports/buildOutputs.js';
import { noFigures } from '../helpers/figureRenderers.js';
import { rtfTableText } from './rtfLite.js';
import { readZip, zipText } from './zipLite.js';
import { documentParts } from './docxLite.js';
import { csvRows } from '../helpers/csvRows.js';
import { LABELS } from '../../reports/labels.js';
import { cellMark, footnoteMarks } from '../../reports/render/page.js';
import { efficacySummaryTable } from '../../reports/tables/efficacySummaryTable.js';
import { mrdRatesTable } from '../../reports/tables/mrdRatesTable.js';
import { mrdComparisonsTable } from '../../reports/tables/mrdComparisonsTable.js';
import { survivalTable } from '../../reports/tables/survivalTable.js';
import { concordanceTable, failuresTable, flagsTable } from '../../reports/tables/qualityTables.js';
import type { Analysis } from '../../pipeline/analyse.js';

const BUILDERS = { efficacy_summary: efficacySummaryTable, mrd_rates: mrdRatesTable, mrd_comparisons: mrdComparisonsTable, time_to_event: survivalTable, concordance: concordanceTable, assay_failures: failuresTable, interference_flags: flagsTable };


describe.each(['en', 'zh'] as const)('submission tables read back (%s)', (lang) => {
  let files: Map<string, import('../../pipeline/write/writeOutputs.js').OutputContent>;
  let results: { mrdRates: { endpoint: string; population: string; threshold: number; arm: string; x: number; n: number; rate: number; ciLower: number; ciUpper: number }[]; mrdComparisons: { endpoint: string; population: string; threshold: number; cmhP: number }[] };
  let a: Analysis;
  beforeAll(async () => {
    a = await analyseStudy('data-samples/sample-study');
    // tables only: the figures are not drawn
    files = (await startOutputs(a, { lang, version: 't', figures: noFigures() })).ready;
    results = JSON.parse(files.get('results.json') as string);
  });
  const ids = ['efficacy_summary', 'mrd_rates', 'mrd_comparisons', 'time_to_event', 'concordance', 'assay_failures', 'interference_flags'];

  it.each(ids)('%s: RTF and DOCX hold exactly the cells of the CSV table, with their footnote marks', (id) => {
    // the CSV is data: no marks; RTF and DOCX print each marked cell's letters raised after its text
    const { cells: marks } = footnoteMarks(BUILDERS[id as keyof typeof BUILDERS](a, LABELS[lang]));
    const csv = csvRows(files.get(`tables/${id}.csv`) as string).map((r, i) => r.map((c, j) => c.replace(/^'(?=[=+@\t\r-])/, '') + cellMark(marks, i === 0 ? null : i - 1, j)));
    const rtf = rtfTableText(files.get(`tables/${id}.rtf`) as string);
    expect(rtf.rows).toEqual(csv);
    const docx = documentParts(zipText(readZip(files.get(`tables/${id}.docx`) as Uint8Array), 'word/document.xml'));
    expect(docx.rows.map((r) => r.cells)).toEqual(csv);
  });

  it('the efficacy summary prints the ITT MRD-negative CR rates and CMH p of results.json', () => {
    const rtf = rtfTableText(files.get('tables/efficacy_summary.rtf') as string);
    const docx = documentParts(zipText(readZip(files.get('tables/efficacy_summary.docx') as Uint8Array), 'word/document.xml')).rows.map((r) => r.cells);
    const sep = lang === 'zh' ? '~' : ', ';
    const cell = (arm: string) => {
      const r = results.mrdRates.find((q) => q.endpoint === 'MRD_NEG_CR' && q.population === 'ITT' && q.threshold === 1e-5 && q.arm === arm)!;
      return `${r.x} (${(r.rate * 100).toFixed(1)}) [${(r.ciLower * 100).toFixed(1)}${sep}${(r.ciUpper * 100).toFixed(1)}]`;
    };
    const p = results.mrdComparisons.find((c) => c.endpoint === 'MRD_NEG_CR' && c.population === 'ITT' && c.threshold === 1e-5)!.cmhP.toFixed(4);
    for (const rows of [rtf.rows, docx]) {
      const i = rows.findIndex((r) => r[1] === cell('EXP'));
      expect(i, `row with ${cell('EXP')}`).toBeGreaterThan(0);
      expect(rows[i][2]).toBe(cell('CTL'));
      expect(rows[i + 1][1]).toBe(p);
    }
  });
});
