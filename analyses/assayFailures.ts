import { compareText } from '../model/compareText.js';
import type { EncodedText } from './encodedText.js';
import { cellLevels, factorOf, marginal, rateWithCi, tallyTests, type TestFactor } from './testTally.js';

export interface FailureCount {
  method: string;
  reason: string;
  arm: string;
  count: number;
}

export interface FailureRate {
  /** what the rate is broken down by: `method`, `method × arm`, `method × lab` */
  by: string;
  method: string;
  /** arm code, lab, or '' for the method alone */
  level: string;
  tests: number;
  failed: number;
  rate: number;
  ciLower: number;
  ciUpper: number;
}

/** Failure reason used when FAILRSN is empty. */
export const REASON_NOT_GIVEN = '(not given)';

/**
 * Assay failures (CDE guideline: track and analyse failed tests): FAILED results counted by method,
 * reason and arm, and failure rates (FAILED / all tests with a result or a failure, NOT DONE excluded)
 * by method, method × arm and method × lab, each with a Clopper-Pearson CI.
 */
export function analyseAssayFailures(
  rows: {
    method: EncodedText;
    result: EncodedText;
    reason: EncodedText;
    lab: EncodedText;
    /** each row's subject */
    subject: Int32Array;
    /** position in `armCodes` of each subject's arm (looked up per row: no array of 10^7 arms) */
    armOfSubject: Int32Array;
  },
  armCodes: string[],
  level: number,
): { failures: FailureCount[]; rates: FailureRate[] } {
  // Levels numbered once per dictionary entry; levels no test has stay at zero and are left out below.
  const method = factorOf(rows.method, (v) => v!);
  const reason = factorOf(rows.reason, (v) => v ?? REASON_NOT_GIVEN);
  const lab = factorOf(rows.lab, (v) => v ?? '(not given)');
  const arm: TestFactor = { labels: armCodes, of: Int32Array.from(armCodes, (_, a) => a), codes: rows.armOfSubject, rowSubject: rows.subject };
  const all = tallyTests(rows.result, [method, reason, arm, lab]);
  const [byReason, byMethod, byArm, byLab] = [marginal(all, [0, 1, 2]), marginal(all, [0]), marginal(all, [0, 2]), marginal(all, [0, 3])];
  const failures: FailureCount[] = [];
  byReason.failed.forEach((count, cell) => {
    if (count === 0) return;
    const [m, r, a] = cellLevels(byReason.factors, cell);
    failures.push({ method: method.labels[m], reason: reason.labels[r], arm: armCodes[a], count });
  });
  failures.sort((x, y) => compareText(x.method, y.method) || compareText(x.reason, y.reason) || armCodes.indexOf(x.arm) - armCodes.indexOf(y.arm));
  const rates: FailureRate[] = [];
  for (const [by, counts] of [['method', byMethod], ['method × arm', byArm], ['method × lab', byLab]] as const) {
    counts.tests.forEach((tests, cell) => {
      if (tests === 0) return;
      const [m, l] = cellLevels(counts.factors, cell);
      const { rate, ciLower, ciUpper } = rateWithCi(counts.failed[cell], tests, level);
      rates.push({ by, method: method.labels[m], level: l === undefined ? '' : counts.factors[1].labels[l], tests, failed: counts.failed[cell], rate: rate!, ciLower: ciLower!, ciUpper: ciUpper! });
    });
  }
  rates.sort((x, y) => compareText(x.by, y.by) || compareText(x.method, y.method) || compareText(x.level, y.level));
  return { failures, rates };
}
