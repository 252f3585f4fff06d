import { clopperPearson } from './stats/clopperPearson.js';
import { compareText } from '../model/compareText.js';
import { labelCodes, type EncodedText } from './encodedText.js';
import { mapUint8 } from './typedMap.js';

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
  // Number the methods, reasons and labs once per dictionary entry and count in typed arrays: this
  // runs over every MRD row. Levels no test has stay at zero and are left out below.
  const { of: methodOf, labels: methods } = labelCodes(rows.method.dict, (v) => v!);
  const { of: reasonOf, labels: reasons } = labelCodes(rows.reason.dict, (v) => v ?? REASON_NOT_GIVEN);
  const { of: labOf, labels: labs } = labelCodes(rows.lab.dict, (v) => v ?? '(not given)');
  // per result code: 0 NOT DONE (no test), 1 a result, 2 FAILED
  const kind = mapUint8(rows.result.dict, (v) => (v === 'NOT DONE' ? 0 : v === 'FAILED' ? 2 : 1));
  const A = armCodes.length;
  const M = methods.length;
  const R = reasons.length;
  const Lb = labs.length;
  const byReason = new Int32Array(M * R * A);
  const tests = { method: new Int32Array(M), arm: new Int32Array(M * A), lab: new Int32Array(M * Lb) };
  const fails = { method: new Int32Array(M), arm: new Int32Array(M * A), lab: new Int32Array(M * Lb) };
  const n = rows.method.codes.length;
  const { codes: methodCodes } = rows.method;
  const { codes: resultCodes } = rows.result;
  const { codes: reasonCodes } = rows.reason;
  const { codes: labCodes } = rows.lab;
  for (let i = 0; i < n; i++) {
    const k = kind[resultCodes[i]];
    if (k === 0) continue;
    const f = k === 2 ? 1 : 0;
    const m = methodOf[methodCodes[i]];
    const a = rows.armOfSubject[rows.subject[i]];
    const l = labOf[labCodes[i]];
    if (f) byReason[(m * R + reasonOf[reasonCodes[i]]) * A + a]++;
    tests.method[m]++;
    fails.method[m] += f;
    tests.arm[m * A + a]++;
    fails.arm[m * A + a] += f;
    tests.lab[m * Lb + l]++;
    fails.lab[m * Lb + l] += f;
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
