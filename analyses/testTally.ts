import { clopperPearson } from './stats/clopperPearson.js';
import { labelCodes, type EncodedText } from './encodedText.js';
import { mapUint8 } from './typedMap.js';

/**
 * One factor MRD tests are grouped by (lab, method, arm, site, ...): each row's level, read through a
 * dictionary code, per row or (with `rowSubject`) per subject: no array of 10^7 levels is built.
 */
export interface TestFactor {
  /** the level labels */
  labels: readonly string[];
  /** level of each dictionary code */
  of: Int32Array;
  /** dictionary code of each row, or of each subject when `rowSubject` is given */
  codes: ArrayLike<number>;
  /** each row's subject, for a factor that belongs to the subject (its arm, its site) */
  rowSubject?: Int32Array;
}

/**
 * Tests and failures in every cell of a product of factors: cell index ((l0 * n1 + l1) * n2 + l2)...
 * for levels l0, l1, ... of the factors in order.
 */
export interface TestCounts {
  factors: readonly TestFactor[];
  tests: Int32Array;
  failed: Int32Array;
}

/** What a RESULT code is: 0 no test (NOT DONE), 1 a result (NEGATIVE, POSITIVE), 2 a failure (FAILED). */
export function resultKinds(result: EncodedText): Uint8Array {
  return mapUint8(result.dict, (v) => (v === 'NOT DONE' ? 0 : v === 'FAILED' ? 2 : 1));
}

/**
 * Counts MRD tests (rows whose RESULT is NEGATIVE, POSITIVE or FAILED; NOT DONE is no test) and
 * failures (FAILED) in every cell of the product of `factors` (at most four), in one pass over the
 * rows; `marginal` then sums out factors. The one counter of assay failures: the run's failure tables
 * (analyses/assayFailures.ts) and the lab's failure rates in `mrd validate`
 * (pipeline/validate/labMetrics.ts) both count here.
 *
 * @example
 * // rows: NGS FAILED, NGS NEGATIVE, NGF NOT DONE
 * tallyTests({ dict: ['FAILED', 'NEGATIVE', 'NOT DONE'], codes: [0, 1, 2] },
 *   [{ labels: ['NGS', 'NGF'], of: Int32Array.of(0, 1), codes: [0, 0, 1] }])
 * // { tests: [2, 0], failed: [1, 0], ... }
 */
export function tallyTests(result: EncodedText, factors: readonly TestFactor[]): TestCounts {
  if (factors.length > 4) throw new RangeError('tallyTests: at most four factors');
  const cells = factors.reduce((n, f) => n * f.labels.length, 1);
  const tests = new Int32Array(cells);
  const failed = new Int32Array(cells);
  const kind = resultKinds(result);
  const codes = result.codes;
  // The factors' arrays in locals, unused slots a one-level factor: a loop over an array of factor
  // objects inside the row loop was 5x slower at 10^7 rows (their property loads do not stay monomorphic).
  const none: TestFactor = { labels: [''], of: Int32Array.of(0), codes: Int32Array.of(0) };
  const [a, b, c, d] = [0, 1, 2, 3].map((j) => factors[j] ?? none);
  const [useA, useB, useC, useD] = [a, b, c, d].map((f) => f !== none);
  const [ofA, ofB, ofC, ofD] = [a.of, b.of, c.of, d.of];
  const [codesA, codesB, codesC, codesD] = [a.codes, b.codes, c.codes, d.codes];
  const [subA, subB, subC, subD] = [a.rowSubject, b.rowSubject, c.rowSubject, d.rowSubject];
  const [nB, nC, nD] = [b.labels.length, c.labels.length, d.labels.length];
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const k = kind[codes[i]];
    if (k === 0) continue;
    let cell = useA ? ofA[codesA[subA ? subA[i] : i]] : 0;
    if (useB) cell = cell * nB + ofB[codesB[subB ? subB[i] : i]];
    if (useC) cell = cell * nC + ofC[codesC[subC ? subC[i] : i]];
    if (useD) cell = cell * nD + ofD[codesD[subD ? subD[i] : i]];
    tests[cell]++;
    if (k === 2) failed[cell]++;
  }
  return { factors, tests, failed };
}

/** The counts of `c` over the factors at positions `keep` (in that order), the others summed out. */
export function marginal(c: TestCounts, keep: readonly number[]): TestCounts {
  const factors = keep.map((j) => c.factors[j]);
  const cells = factors.reduce((n, f) => n * f.labels.length, 1);
  const tests = new Int32Array(cells);
  const failed = new Int32Array(cells);
  for (let cell = 0; cell < c.tests.length; cell++) {
    if (c.tests[cell] === 0) continue;
    const levels = cellLevels(c.factors, cell);
    let to = 0;
    for (const j of keep) to = to * c.factors[j].labels.length + levels[j];
    tests[to] += c.tests[cell];
    failed[to] += c.failed[cell];
  }
  return { factors, tests, failed };
}

/** The levels of each factor of cell `cell` of a grouping (the inverse of its mixed-radix index). */
export function cellLevels(factors: readonly TestFactor[], cell: number): number[] {
  const levels = new Array<number>(factors.length);
  for (let j = factors.length - 1; j >= 0; j--) {
    const size = factors[j].labels.length;
    levels[j] = cell % size;
    cell = Math.floor(cell / size);
  }
  return levels;
}

/** x / n with its Clopper-Pearson CI at `level`; nulls when n is 0. */
export function rateWithCi(x: number, n: number, level: number): { rate: number | null; ciLower: number | null; ciUpper: number | null } {
  if (n === 0) return { rate: null, ciLower: null, ciUpper: null };
  const ci = clopperPearson(x, n, level);
  return { rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper };
}

/** A text column as a factor: its distinct labels (`label` of each value) and each row's dictionary code. */
export function factorOf(col: EncodedText, label: (value: string | null) => string): TestFactor {
  const { of, labels } = labelCodes(col.dict, label);
  return { labels, of, codes: col.codes };
}
