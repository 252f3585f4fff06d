import type { Plan } from '../ingest/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import { subjectOf, type Subjects } from '../derive/deriveSubjects.js';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
import { compareText } from '../compareText.js';

/** Label of an empty grouping value. */
export const NOT_GIVEN = '(not given)';

/**
 * The p-quantile of sorted values with linear interpolation between order statistics (Hyndman & Fan
 * type 7, R's `quantile()` default): h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 */
export function quantileSorted(sorted: number[], p: number): number | null {
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

function stats(values: number[]): [number, number | null, number | null] {
  const v = [...values].sort((a, b) => a - b);
  return [v.length, quantileSorted(v, 0.5), quantileSorted(v, 0.9)];
}

/**
 * Turnaround times by lab (and over all labs, lab `(all)`), in hours: collection to receipt (from the
 * start of the collection day, an upper bound since COLLDT has no time) and receipt to processing.
 * Intervals that are negative (dates out of order, reported as issues) or incomplete are left out.
 */
export function turnaroundByLab(tables: StudyTables): TurnaroundRow[] {
  const m = tables.mrd;
  const groups = new Map<string, { samples: number; c2r: number[]; r2p: number[] }>();
  const all = { samples: 0, c2r: [] as number[], r2p: [] as number[] };
  for (let i = 0; i < m.n; i++) {
    const lab = m.text.LAB[i] ?? NOT_GIVEN;
    let g = groups.get(lab);
    if (!g) groups.set(lab, (g = { samples: 0, c2r: [], r2p: [] }));
    g.samples++;
    all.samples++;
    const recv = m.num.RECVDTM[i];
    const proc = m.num.PROCDTM[i];
    const c2r = (recv - m.num.COLLDT[i] * 1440) / 60;
    const r2p = (proc - recv) / 60;
    if (c2r >= 0) {
      g.c2r.push(c2r);
      all.c2r.push(c2r);
    }
    if (r2p >= 0) {
      g.r2p.push(r2p);
      all.r2p.push(r2p);
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
  const labs = [...groups.keys()].sort(compareText);
  return [row('(all)', all), ...labs.map((l) => row(l, groups.get(l)!))];
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
  const counts = new Map<string, { failed: number; tests: number }>();
  const reasons = new Map<string, number>();
  let failed = 0;
  let tests = 0;
  const bump = (key: string, isFailed: boolean) => {
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { failed: 0, tests: 0 }));
    c.tests++;
    if (isFailed) c.failed++;
  };
  for (let i = 0; i < m.n; i++) {
    const r = m.text.RESULT[i];
    if (r === 'NOT DONE') continue;
    const isFailed = r === 'FAILED';
    tests++;
    if (isFailed) {
      failed++;
      const why = m.text.FAILRSN[i] ?? NOT_GIVEN;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    const levels: Record<(typeof dims)[number], string> = {
      lab: m.text.LAB[i] ?? NOT_GIVEN,
      site: site?.[ms[i]] ?? NOT_GIVEN,
      method: m.text.METHOD[i]!,
      visit: m.text.VISIT[i] ?? NOT_GIVEN,
    };
    for (const d of dims) bump(`${d}\u0000${levels[d]}`, isFailed);
  }
  const level = plan.stats.ciLevel;
  const row = (by: FailureDimension, lv: string, x: number, n: number): FailureRateRow => {
    if (n === 0) return { by, level: lv, failed: x, tests: n, rate: null, ciLower: null, ciUpper: null };
    const ci = clopperPearson(x, n, level);
    return { by, level: lv, failed: x, tests: n, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper };
  };
  const out: FailureRateRow[] = [row('all', 'all tests', failed, tests)];
  for (const d of dims) {
    const keys = [...counts.keys()].filter((k) => k.startsWith(d + '\u0000')).sort(compareText);
    for (const k of keys) out.push(row(d, k.slice(d.length + 1), counts.get(k)!.failed, counts.get(k)!.tests));
  }
  for (const r of [...reasons.keys()].sort(compareText)) out.push(row('reason', r, reasons.get(r)!, tests));
  return out;
}
