import type { Validation } from '../../pipeline/validate/validateStudy.js';
import { pct, thresholdLabel } from '../format.js';
import type { ReportTable } from '../tables/table.js';
import { VALIDATION_LABELS, type ValidationLabels } from './validationLabels.js';

const EN = VALIDATION_LABELS.en;

const hours = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const ciCell = (x: number, n: number, rate: number | null, lo: number | null, hi: number | null) =>
  n === 0 ? '0/0' : `${x}/${n} (${pct(rate)}%) [${pct(lo)}, ${pct(hi)}]`;

/** Record accounting: rows read = used + rejected + not applicable, per file. */
export function accountingTable(v: Validation, L: ValidationLabels = EN): ReportTable {
  return {
    id: 'accounting',
    title: L.accounting.title,
    subtitle: L.accounting.subtitle,
    columns: L.accounting.columns,
    rows: v.accounting.map((a) => [a.file, String(a.rowsRead), String(a.rowsUsed), String(a.rowsRejected), String(a.rowsSkipped)]),
    footnotes: [],
  };
}

/** Achieved sensitivity of negative results against each threshold, by method. */
export function sensitivityTable(v: Validation, L: ValidationLabels = EN): ReportTable {
  const p = v.plan.mrd;
  return {
    id: 'sensitivity',
    title: L.sensitivity.title,
    subtitle: L.sensitivity.subtitle(thresholdLabel(p.primaryThreshold)),
    columns: L.sensitivity.columns,
    rows: v.sensitivity.map((r) => [
      r.method,
      thresholdLabel(r.threshold),
      String(r.negatives),
      String(r.lodReached),
      String(r.lodNotReached),
      String(r.lodUnknown),
      r.lloqReached === null ? '—' : String(r.lloqReached),
    ]),
    footnotes: L.sensitivity.footnotes({
      lodEvents: p.ngf.lodEvents,
      lodCells: p.ngs.lodCells,
      dna: p.ngs.dnaPerCellPg,
      lloqEvents: p.ngf.lloqEvents,
      sources: v.lodSources.map((s) => `${s.method} ${s.source} ${s.samples}`).join('; '),
    }),
  };
}

/** Failure rates with Clopper-Pearson CIs. */
export function failureRateTable(v: Validation, L: ValidationLabels = EN): ReportTable {
  return {
    id: 'failure_rates',
    title: L.failures.title,
    subtitle: L.failures.subtitle(Math.round(v.plan.stats.ciLevel * 1000) / 10),
    columns: L.failures.columns,
    rows: v.failureRates.map((r) => [L.failures.by(r.by), r.level, ciCell(r.failed, r.tests, r.rate, r.ciLower, r.ciUpper)]),
    footnotes: L.failures.footnotes,
  };
}

/** Turnaround times by lab. */
export function turnaroundTable(v: Validation, L: ValidationLabels = EN): ReportTable {
  return {
    id: 'turnaround',
    title: L.turnaround.title,
    subtitle: L.turnaround.subtitle,
    columns: L.turnaround.columns,
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
    footnotes: L.turnaround.footnotes,
  };
}
