import { normalQuantile } from './distributions.js';
import type { Table2x2 } from './table2x2.js';
export type { Table2x2 } from './table2x2.js';

export interface MantelHaenszelORResult {
  /** common odds ratio, arm 1 vs arm 0: 0 or Infinity when one of the MH sums is 0, NaN when both are */
  estimate: number;
  /** Robins-Breslow-Greenland standard error of log(estimate); NaN when the estimate is 0, Inf or NaN */
  seLog: number;
  /** NaN (written as null) when the estimate is 0, Infinity or NaN, as in R */
  ciLower: number;
  ciUpper: number;
  level: number;
  /** strata with at least 2 subjects */
  strataUsed: number;
  /** strata with fewer than 2 subjects: they add nothing to any sum and are left out (R refuses them) */
  strataDropped: number;
}

/**
 * Mantel-Haenszel common odds ratio over K 2x2 tables with the Robins-Breslow-Greenland confidence interval.
 *
 * With a = x1, b = n1 - x1, c = x0, d = n0 - x0 and N = n1 + n0 in each stratum,
 * OR_MH = sum(a d / N) / sum(b c / N) (Mantel & Haenszel, JNCI 1959;22:719-748) and
 * Var(log OR_MH) = sum(P R) / (2 R+^2) + sum(P S + Q R) / (2 R+ S+) + sum(Q S) / (2 S+^2),
 * P = (a + d)/N, Q = (b + c)/N, R = a d / N, S = b c / N (Robins, Breslow & Greenland, Biometrics
 * 1986;42:311-323); CI = OR_MH exp(-+ z_{1-alpha/2} SE). Matches R `mantelhaen.test(x, exact = FALSE)`
 * `$estimate` and `$conf.int` and SAS PROC FREQ CMH "Mantel-Haenszel" common odds ratio.
 * Strata with fewer than 2 subjects are dropped and counted (R refuses them; a single subject makes every
 * product a d and b c zero, and N = 0 would be 0/0). A stratum with one arm only adds zero, as in R.
 * When either MH sum is 0 the estimate is 0 or Infinity and the limits are NaN, as R returns them.
 *
 * @example mantelHaenszelOR([{ x1: 16, n1: 27, x0: 5, n0: 25 }, { x1: 12, n1: 28, x0: 7, n0: 26 }])
 * // { estimate: 3.313168, ciLower: 1.445613, ciUpper: 7.593375, ... } (SAS Migraine example)
 */
export function mantelHaenszelOR(strata: readonly Table2x2[], level = 0.95): MantelHaenszelORResult {
  if (strata.length === 0) throw new RangeError('mantelHaenszelOR needs at least one stratum');
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  let sumR = 0;
  let sumS = 0;
  let sumPR = 0;
  let sumPSQR = 0;
  let sumQS = 0;
  let strataUsed = 0;
  let strataDropped = 0;
  strata.forEach((s, k) => {
    for (const [x, n, arm] of [[s.x1, s.n1, 1], [s.x0, s.n0, 0]] as const) {
      if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
        throw new RangeError(`mantelHaenszelOR needs integers 0 <= x${arm} <= n${arm}, stratum ${k} has x${arm}=${x}, n${arm}=${n}`);
      }
    }
    const N = s.n1 + s.n0;
    if (N < 2) {
      strataDropped++;
      return;
    }
    strataUsed++;
    const a = s.x1;
    const b = s.n1 - s.x1;
    const c = s.x0;
    const d = s.n0 - s.x0;
    const R = (a * d) / N;
    const S = (b * c) / N;
    const P = (a + d) / N;
    const Q = (b + c) / N;
    sumR += R;
    sumS += S;
    sumPR += P * R;
    sumPSQR += P * S + Q * R;
    sumQS += Q * S;
  });
  const estimate = sumR / sumS;
  const defined = sumR > 0 && sumS > 0;
  const seLog = defined
    ? Math.sqrt(sumPR / (2 * sumR * sumR) + sumPSQR / (2 * sumR * sumS) + sumQS / (2 * sumS * sumS))
    : Number.NaN;
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    estimate,
    seLog,
    ciLower: defined ? estimate * Math.exp(-z * seLog) : Number.NaN,
    ciUpper: defined ? estimate * Math.exp(z * seLog) : Number.NaN,
    level,
    strataUsed,
    strataDropped,
  };
}
