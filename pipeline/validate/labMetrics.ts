import type { Plan } from '../../model/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import { subjectOf, type Subjects } from '../derive/deriveSubjects.js';
import { factorOf, rateWithCi, tallyTests, type TestFactor } from '../../analyses/testTally.js';
import { compareText } from '../../model/compareText.js';
import { labelCodes } from '../../analyses/encodedText.js';

/** Label of an empty grouping value. */
export const NOT_GIVEN = '(not given)';

/**
 * The p-quantile of sorted values with linear interpolation between order statistics (Hyndman & Fan
 * type 7, R's `quantile()` default): h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface TurnaroundRow {
  lab: string;
  /** rows of mrd.csv from this lab */
  samples: number;
  /** collection to receipt: from 00:00 of COLLDT (no collection time is recorded) to RECVDTM */
  collectionToReceiptN: number;
  collectionToReceiptMedianHours: number | null;
  collectionToReceiptP90Hours: number | null;
  /** receipt to processing: RECVDTM to PROCDTM */
  receiptToProcessingN: number;
  receiptToProcessingMedianHours: number | null;
  receiptToProcessingP90Hours: number | null;
}

const orNotGiven = (v: string | null): string => v ?? NOT_GIVEN;

/** n, median and 90th percentile of `values` (sorted here, in place: a native numeric sort). */
function stats(values: Float64Array): [number, number | null, number | null] {
  const v = values.sort();
  return [v.length, quantileSorted(v, 0.5), quantileSorted(v, 0.9)];
}

/**
 * Turnaround times by lab (and over all labs, lab `(all)`), in hours: collection to receipt (from the
 * start of the collection day, an upper bound since COLLDT has no time) and receipt to processing.
 * Intervals that are negative (dates out of order, reported as issues) or incomplete are left out.
 */
export function turnaroundByLab(tables: StudyTables): TurnaroundRow[] {
  const m = tables.mrd;
  const lab = labelCodes(m.text.LAB.dict, orNotGiven);
  const labCodes = m.text.LAB.codes;
  const L = lab.labels.length;
  const { COLLDT, RECVDTM, PROCDTM } = m.num;
  const collectionToReceipt = (i: number) => (RECVDTM[i] - COLLDT[i] * 1440) / 60;
  const receiptToProcessing = (i: number) => (PROCDTM[i] - RECVDTM[i]) / 60;
  // hours per lab and over all labs in Float64Arrays, not arrays of 10^7 numbers: counted first,
  // then filled
  const samples = new Int32Array(L);
  const nC = new Int32Array(L);
  const nR = new Int32Array(L);
  for (let i = 0; i < m.n; i++) {
    const g = lab.of[labCodes[i]];
    samples[g]++;
    if (collectionToReceipt(i) >= 0) nC[g]++;
    if (receiptToProcessing(i) >= 0) nR[g]++;
  }
  const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
  const groups = lab.labels.map((_, g) => ({ samples: samples[g], c2r: new Float64Array(nC[g]), r2p: new Float64Array(nR[g]) }));
  const all = { samples: m.n, c2r: new Float64Array(sum(nC)), r2p: new Float64Array(sum(nR)) };
  const fillC = new Int32Array(L);
  const fillR = new Int32Array(L);
  let allC = 0;
  let allR = 0;
  for (let i = 0; i < m.n; i++) {
    const g = lab.of[labCodes[i]];
    const c2r = collectionToReceipt(i);
    const r2p = receiptToProcessing(i);
    if (c2r >= 0) {
      groups[g].c2r[fillC[g]++] = c2r;
      all.c2r[allC++] = c2r;
    }
    if (r2p >= 0) {
      groups[g].r2p[fillR[g]++] = r2p;
      all.r2p[allR++] = r2p;
    }
  }
  const row = (lab: string, g: typeof all): TurnaroundRow => {
    const [cn, cm, c9] = stats(g.c2r);
    const [rn, rm, r9] = stats(g.r2p);
    return {
      lab,
      samples: g.samples,
      collectionToReceiptN: cn,
      collectionToReceiptMedianHours: cm,
      collectionToReceiptP90Hours: c9,
      receiptToProcessingN: rn,
      receiptToProcessingMedianHours: rm,
      receiptToProcessingP90Hours: r9,
    };
  };
  // labs that some row names (the dictionary may hold values of rejected rows)
  const labs = lab.labels.map((l, g) => [l, g] as const).filter(([, g]) => groups[g].samples > 0);
  labs.sort(([x], [y]) => compareText(x, y));
  return [row('(all)', all), ...labs.map(([l, g]) => row(l, groups[g]))];
}

export type FailureDimension = 'all' | 'lab' | 'site' | 'method' | 'visit' | 'reason';

export interface FailureRateRow {
  by: FailureDimension;
  level: string;
  failed: number;
  /** tests performed: NEGATIVE, POSITIVE or FAILED (NOT DONE is no test) */
  tests: number;
  rate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}

/**
 * Failure rates FAILED / tests performed (NEGATIVE + POSITIVE + FAILED; NOT DONE is not a test) over
 * all tests and by lab, site (subjects.csv SITEID), method and visit, and by failure reason (failures
 * with that FAILRSN / all tests), each with the Clopper-Pearson CI at `stats.ciLevel`.
 */
export function failureRates(tables: StudyTables, subjects: Subjects, plan: Plan): FailureRateRow[] {
  const m = tables.mrd;
  const site = subjects.text.SITEID;
  const ms = subjectOf(m, subjects);
  const factors: Record<Exclude<FailureDimension, 'all'>, TestFactor> = {
    lab: factorOf(m.text.LAB, orNotGiven),
    site: { ...(site ? factorOf(site, orNotGiven) : { labels: [NOT_GIVEN], of: Int32Array.of(0), codes: new Int32Array(subjects.n) }), rowSubject: ms },
    method: factorOf(m.text.METHOD, (v) => `${v}`),
    visit: factorOf(m.text.VISIT, orNotGiven),
    reason: factorOf(m.text.FAILRSN, orNotGiven),
  };
  const dims = ['lab', 'site', 'method', 'visit', 'reason'] as const;
  // one count per dimension: the product of five dimensions (sites x visits x ...) could be large
  const byDim = dims.map((d) => tallyTests(m.text.RESULT, [factors[d]]));
  const tests = byDim[0].tests.reduce((x, y) => x + y, 0);
  const failed = byDim[0].failed.reduce((x, y) => x + y, 0);
  const level = plan.stats.ciLevel;
  const row = (by: FailureDimension, lv: string, x: number, n: number): FailureRateRow => ({ by, level: lv, failed: x, tests: n, ...rateWithCi(x, n, level) });
  const out: FailureRateRow[] = [row('all', 'all tests', failed, tests)];
  dims.forEach((d, k) => {
    const { labels } = factors[d];
    const counts = byDim[k];
    // levels some test has (for a reason: some failure), in text order; a reason's rate is over all tests
    const shown = labels.map((l, g) => [l, g] as const).filter(([, g]) => (d === 'reason' ? counts.failed[g] : counts.tests[g]) > 0);
    for (const [lv, g] of shown.sort(([x], [y]) => compareText(x, y))) out.push(row(d, lv, counts.failed[g], d === 'reason' ? tests : counts.tests[g]));
  });
  return out;
}
