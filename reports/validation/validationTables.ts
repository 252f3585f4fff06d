import type { Validation } from '../../pipeline/validate/validateStudy.js';
import { pct, thresholdLabel } from '../format.js';
import type { ReportTable } from '../tables/table.js';

const hours = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const ciCell = (x: number, n: number, rate: number | null, lo: number | null, hi: number | null) =>
  n === 0 ? '0/0' : `${x}/${n} (${pct(rate)}%) [${pct(lo)}, ${pct(hi)}]`;

/** Record accounting: rows read = used + rejected + not applicable, per file. */
export function accountingTable(v: Validation): ReportTable {
  return {
    id: 'accounting',
    title: 'Record accounting',
    subtitle: 'rows read = rows used + rows rejected + rows not applicable (each rejected row is an error-severity issue; rows not applicable, such as ADRS rows of other parameters, are left out by the layout or mapping.yaml)',
    columns: ['file', 'rows read', 'rows used', 'rows rejected', 'rows not applicable'],
    rows: v.accounting.map((a) => [a.file, String(a.rowsRead), String(a.rowsUsed), String(a.rowsRejected), String(a.rowsSkipped)]),
    footnotes: [],
  };
}

/** Achieved sensitivity of negative results against each threshold, by method. */
export function sensitivityTable(v: Validation): ReportTable {
  const p = v.plan.mrd;
  return {
    id: 'sensitivity',
    title: 'Achieved sensitivity of negative results',
    subtitle: `NEGATIVE results by method; primary threshold ${thresholdLabel(p.primaryThreshold)}`,
    columns: ['method', 'threshold', 'negatives', 'LOD reaches threshold', 'LOD does not reach', 'LOD unknown', 'LLOQ reaches threshold'],
    rows: v.sensitivity.map((r) => [
      r.method,
      thresholdLabel(r.threshold),
      String(r.negatives),
      String(r.lodReached),
      String(r.lodNotReached),
      String(r.lodUnknown),
      r.lloqReached === null ? '—' : String(r.lloqReached),
    ]),
    footnotes: [
      `LOD: the lab's LOD when given; else NGF ${p.ngf.lodEvents} events / CELLS; else NGS ${p.ngs.lodCells} cell(s) / cells, cells from CELLS or DNANG × 1000 / ${p.ngs.dnaPerCellPg} pg.`,
      `NGF LLOQ: ${p.ngf.lloqEvents} events / CELLS. A LOD equal to the threshold reaches it (relative slack 1e-9).`,
      `Where the LOD came from: ${v.lodSources.map((s) => `${s.method} ${s.source} ${s.samples}`).join('; ') || 'no samples'}.`,
    ],
  };
}

/** Failure rates with Clopper-Pearson CIs. */
export function failureRateTable(v: Validation): ReportTable {
  return {
    id: 'failure_rates',
    title: 'Failure rates',
    subtitle: `FAILED / tests performed (NEGATIVE, POSITIVE or FAILED), ${Math.round(v.plan.stats.ciLevel * 1000) / 10}% Clopper-Pearson CI`,
    columns: ['by', 'level', 'failed / tests (%) [CI]'],
    rows: v.failureRates.map((r) => [r.by, r.level, ciCell(r.failed, r.tests, r.rate, r.ciLower, r.ciUpper)]),
    footnotes: ['By reason: failures with that FAILRSN / all tests. Site: subjects.csv SITEID of the subject.'],
  };
}

/** Turnaround times by lab. */
export function turnaroundTable(v: Validation): ReportTable {
  return {
    id: 'turnaround',
    title: 'Turnaround times by lab (hours)',
    subtitle: 'median and 90th percentile',
    columns: ['lab', 'samples', 'collection → receipt: n', 'median', 'P90', 'receipt → processing: n', 'median', 'P90'],
    rows: v.turnaround.map((r) => [
      r.lab,
      String(r.samples),
      String(r.collectionToReceiptN),
      hours(r.collectionToReceiptMedianHours),
      hours(r.collectionToReceiptP90Hours),
      String(r.receiptToProcessingN),
      hours(r.receiptToProcessingMedianHours),
      hours(r.receiptToProcessingP90Hours),
    ]),
    footnotes: [
      'Collection → receipt is counted from 00:00 of COLLDT (no collection time is recorded), so it is an upper bound by up to 24 h.',
      'Percentiles interpolate linearly between order statistics (R quantile type 7). Intervals that are negative or incomplete are left out.',
    ],
  };
}
