import type { Plan } from '../../model/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import { subjectOf, type Subjects } from '../derive/deriveSubjects.js';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
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
  const ms = subjectOf(m, subjects);
  const site = subjects.text.SITEID;
  const dims: Exclude<FailureDimension, 'all' | 'reason'>[] = ['lab', 'site', 'method', 'visit'];
  // per dimension: the group of each row (through its dictionary code), tests and failures per group
  const labs = labelCodes(m.text.LAB.dict, orNotGiven);
  const sites = site ? labelCodes(site.dict, orNotGiven) : { of: new Int32Array(0), labels: [NOT_GIVEN] };
  const methods = labelCodes(m.text.METHOD.dict, (v) => `${v}`);
  const visits = labelCodes(m.text.VISIT.dict, orNotGiven);
  const reasons = labelCodes(m.text.FAILRSN.dict, orNotGiven);
  const byDim = { lab: labs, site: sites, method: methods, visit: visits };
  const counts = Object.fromEntries(dims.map((d) => [d, { failed: new Int32Array(byDim[d].labels.length), tests: new Int32Array(byDim[d].labels.length) }])) as Record<
    (typeof dims)[number],
    { failed: Int32Array; tests: Int32Array }
  >;
  const reasonCount = new Int32Array(reasons.labels.length);
  const result = m.text.RESULT.codes;
  const NOT_DONE = m.text.RESULT.codeOf('NOT DONE');
  const FAILED = m.text.RESULT.codeOf('FAILED');
  const labCodes = m.text.LAB.codes;
  const siteCodes = site?.codes;
  const methodCodes = m.text.METHOD.codes;
  const visitCodes = m.text.VISIT.codes;
  const reasonCodes = m.text.FAILRSN.codes;
  let failed = 0;
  let tests = 0;
  const bump = (c: { failed: Int32Array; tests: Int32Array }, g: number, isFailed: number) => {
    c.tests[g]++;
    c.failed[g] += isFailed;
  };
  for (let i = 0; i < m.n; i++) {
    const r = result[i];
    if (r === NOT_DONE) continue;
    const isFailed = r === FAILED ? 1 : 0;
    tests++;
    if (isFailed) {
      failed++;
      reasonCount[reasons.of[reasonCodes[i]]]++;
    }
    bump(counts.lab, labs.of[labCodes[i]], isFailed);
    bump(counts.site, siteCodes ? sites.of[siteCodes[ms[i]]] : 0, isFailed);
    bump(counts.method, methods.of[methodCodes[i]], isFailed);
    bump(counts.visit, visits.of[visitCodes[i]], isFailed);
  }
  const level = plan.stats.ciLevel;
  const row = (by: FailureDimension, lv: string, x: number, n: number): FailureRateRow => {
    if (n === 0) return { by, level: lv, failed: x, tests: n, rate: null, ciLower: null, ciUpper: null };
    const ci = clopperPearson(x, n, level);
    return { by, level: lv, failed: x, tests: n, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper };
  };
  const out: FailureRateRow[] = [row('all', 'all tests', failed, tests)];
  // levels in text order (the keys `${dimension}\u0000${level}` of one dimension share their prefix);
  // only levels some test has
  const sorted = (labels: string[], count: Int32Array) =>
    labels
      .map((l, g) => [l, g] as const)
      .filter(([, g]) => count[g] > 0)
      .sort(([x], [y]) => compareText(x, y));
  for (const d of dims) {
    for (const [lv, g] of sorted(byDim[d].labels, counts[d].tests)) out.push(row(d, lv, counts[d].failed[g], counts[d].tests[g]));
  }
  for (const [r, g] of sorted(reasons.labels, reasonCount)) out.push(row('reason', r, reasonCount[g], tests));
  return out;
}
