import { clopperPearson } from './stats/clopperPearson.js';

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
  rows: { method: (string | null)[]; result: (string | null)[]; reason: (string | null)[]; lab: (string | null)[]; arm: string[] },
  armCodes: string[],
  level: number,
): { failures: FailureCount[]; rates: FailureRate[] } {
  const counts = new Map<string, number>();
  const tally = new Map<string, { tests: number; failed: number }>();
  const bump = (key: string, failed: boolean) => {
    const t = tally.get(key) ?? { tests: 0, failed: 0 };
    t.tests++;
    if (failed) t.failed++;
    tally.set(key, t);
  };
  for (let i = 0; i < rows.method.length; i++) {
    const r = rows.result[i];
    if (r === 'NOT DONE') continue;
    const m = rows.method[i]!;
    const failed = r === 'FAILED';
    if (failed) {
      const key = JSON.stringify([m, rows.reason[i] ?? REASON_NOT_GIVEN, rows.arm[i]]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    bump(JSON.stringify(['method', m, '']), failed);
    bump(JSON.stringify(['method × arm', m, rows.arm[i]]), failed);
    bump(JSON.stringify(['method × lab', m, rows.lab[i] ?? '(not given)']), failed);
  }
  const armOrder = (a: string) => armCodes.indexOf(a);
  const failures = [...counts.entries()]
    .map(([k, count]) => {
      const [method, reason, arm] = JSON.parse(k) as string[];
      return { method, reason, arm, count };
    })
    .sort((x, y) => (x.method < y.method ? -1 : x.method > y.method ? 1 : 0) || (x.reason < y.reason ? -1 : x.reason > y.reason ? 1 : 0) || armOrder(x.arm) - armOrder(y.arm));
  const rates = [...tally.entries()]
    .map(([k, t]) => {
      const [by, method, lvl] = JSON.parse(k) as string[];
      const ci = clopperPearson(t.failed, t.tests, level);
      return { by, method, level: lvl, tests: t.tests, failed: t.failed, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper };
    })
    .sort((x, y) => (x.by < y.by ? -1 : x.by > y.by ? 1 : 0) || (x.method < y.method ? -1 : x.method > y.method ? 1 : 0) || (x.level < y.level ? -1 : x.level > y.level ? 1 : 0));
  return { failures, rates };
}
