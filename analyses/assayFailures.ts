import { clopperPearson } from './stats/clopperPearson.js';
import { compareText } from '../pipeline/compareText.js';

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
  // Dictionary-encode the text columns once and count in typed arrays: this runs over every MRD row.
  const methods: string[] = [];
  const reasons: string[] = [];
  const labs: string[] = [];
  const codeOf = (dict: string[], map: Map<string, number>, v: string) => {
    let c = map.get(v);
    if (c === undefined) {
      c = dict.length;
      dict.push(v);
      map.set(v, c);
    }
    return c;
  };
  const mMap = new Map<string, number>();
  const rMap = new Map<string, number>();
  const lMap = new Map<string, number>();
  const armOf = new Map(armCodes.map((a, i) => [a, i]));
  const A = armCodes.length;
  const rowsM: number[] = [];
  const rowsR: number[] = [];
  const rowsL: number[] = [];
  const rowsA: number[] = [];
  const rowsF: number[] = [];
  for (let i = 0; i < rows.method.length; i++) {
    if (rows.result[i] === 'NOT DONE') continue;
    const failed = rows.result[i] === 'FAILED';
    rowsM.push(codeOf(methods, mMap, rows.method[i]!));
    rowsR.push(failed ? codeOf(reasons, rMap, rows.reason[i] ?? REASON_NOT_GIVEN) : -1);
    rowsL.push(codeOf(labs, lMap, rows.lab[i] ?? '(not given)'));
    rowsA.push(armOf.get(rows.arm[i])!);
    rowsF.push(failed ? 1 : 0);
  }
  const M = methods.length;
  const R = reasons.length;
  const Lb = labs.length;
  const byReason = new Int32Array(M * R * A);
  const tests = { method: new Int32Array(M), arm: new Int32Array(M * A), lab: new Int32Array(M * Lb) };
  const fails = { method: new Int32Array(M), arm: new Int32Array(M * A), lab: new Int32Array(M * Lb) };
  for (let k = 0; k < rowsM.length; k++) {
    const m = rowsM[k];
    const f = rowsF[k];
    if (f) byReason[(m * R + rowsR[k]) * A + rowsA[k]]++;
    tests.method[m]++;
    fails.method[m] += f;
    tests.arm[m * A + rowsA[k]]++;
    fails.arm[m * A + rowsA[k]] += f;
    tests.lab[m * Lb + rowsL[k]]++;
    fails.lab[m * Lb + rowsL[k]] += f;
  }
  const failures: FailureCount[] = [];
  for (let m = 0; m < M; m++)
    for (let r = 0; r < R; r++)
      for (let a = 0; a < A; a++) {
        const count = byReason[(m * R + r) * A + a];
        if (count > 0) failures.push({ method: methods[m], reason: reasons[r], arm: armCodes[a], count });
      }
  failures.sort((x, y) => compareText(x.method, y.method) || compareText(x.reason, y.reason) || armCodes.indexOf(x.arm) - armCodes.indexOf(y.arm));
  const rates: FailureRate[] = [];
  const rate = (by: string, method: string, lvl: string, t: number, f: number) => {
    if (t === 0) return;
    const ci = clopperPearson(f, t, level);
    rates.push({ by, method, level: lvl, tests: t, failed: f, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
  };
  for (let m = 0; m < M; m++) {
    rate('method', methods[m], '', tests.method[m], fails.method[m]);
    for (let a = 0; a < A; a++) rate('method × arm', methods[m], armCodes[a], tests.arm[m * A + a], fails.arm[m * A + a]);
    for (let l = 0; l < Lb; l++) rate('method × lab', methods[m], labs[l], tests.lab[m * Lb + l], fails.lab[m * Lb + l]);
  }
  rates.sort((x, y) => compareText(x.by, y.by) || compareText(x.method, y.method) || compareText(x.level, y.level));
  return { failures, rates };
}
