import { chiSquareUpperTail } from './distributions.js';
import type { Table2x2 } from './table2x2.js';
export type { Table2x2 } from './table2x2.js';

export interface CmhTestResult {
  /** CMH chi-square; NaN when no stratum carries variance (e.g. no responder at all) */
  statistic: number;
  df: 1;
  pValue: number;
  /** sum over strata of x1 - E(x1) under independence (positive: more responders in arm 1) */
  observedMinusExpected: number;
  variance: number;
  correct: boolean;
  /** strata with at least 2 subjects, which enter the statistic */
  strataUsed: number;
  /** strata with fewer than 2 subjects: they carry no information and are left out (R refuses them) */
  strataDropped: number;
}

/**
 * Cochran-Mantel-Haenszel test of no association in a 2x2xK table, arm x response stratified by K strata.
 *
 * Q = (|sum_k (x1_k - n1_k m_k / N_k)| - c)^2 / sum_k n1_k n0_k m_k (N_k - m_k) / (N_k^2 (N_k - 1)),
 * m_k = x1_k + x0_k, N_k = n1_k + n0_k, on 1 df (Mantel & Haenszel, JNCI 1959;22:719-748;
 * Cochran, Biometrics 1954;10:417-451). The default c = 0 is SAS PROC FREQ CMH (general association
 * = correlation = row mean scores for 2x2xK) and R `mantelhaen.test(x, correct = FALSE)`;
 * `correct: true` is R's default continuity correction c = 1/2, applied as R does only when
 * |sum (x1 - E)| >= 1/2.
 * Strata with fewer than 2 subjects have no variance term (0/0) and are dropped and counted in
 * `strataDropped`; R stops on them ("sample size in each stratum must be > 1"), so the result equals R's
 * on the table without them.
 * A stratum with one arm only is kept and contributes zero, as in R.
 *
 * @example cmhTest([{ x1: 16, n1: 27, x0: 5, n0: 25 }, { x1: 12, n1: 28, x0: 7, n0: 26 }])
 * // { statistic: 8.305169, df: 1, pValue: 0.003953240, ... } (SAS PROC FREQ Migraine example: 8.3052)
 */
export function cmhTest(strata: readonly Table2x2[], options: { correct?: boolean } = {}): CmhTestResult {
  const correct = options.correct ?? false;
  if (strata.length === 0) throw new RangeError('cmhTest needs at least one stratum');
  let delta = 0;
  let variance = 0;
  let strataUsed = 0;
  let strataDropped = 0;
  strata.forEach((s, k) => {
    checkStratum(s, k, 'cmhTest');
    const N = s.n1 + s.n0;
    if (N < 2) {
      strataDropped++;
      return;
    }
    strataUsed++;
    const m = s.x1 + s.x0;
    delta += s.x1 - (s.n1 * m) / N;
    variance += (s.n1 * s.n0 * m * (N - m)) / (N * N * (N - 1));
  });
  const yates = correct && Math.abs(delta) >= 0.5 ? 0.5 : 0;
  const statistic = variance > 0 ? (Math.abs(delta) - yates) ** 2 / variance : Number.NaN;
  return {
    statistic,
    df: 1,
    pValue: Number.isNaN(statistic) ? Number.NaN : chiSquareUpperTail(statistic, 1),
    observedMinusExpected: delta,
    variance,
    correct,
    strataUsed,
    strataDropped,
  };
}

function checkStratum(s: Table2x2, k: number, fn: string): void {
  for (const [x, n, arm] of [[s.x1, s.n1, 1], [s.x0, s.n0, 0]] as const) {
    if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
      throw new RangeError(`${fn} needs integers 0 <= x${arm} <= n${arm}, stratum ${k} has x${arm}=${x}, n${arm}=${n}`);
    }
  }
}
