import { maxCode, sortByStratumTime, type StratumTimeOrder } from './survivalOrder.js';
import { chiSquareUpperTail } from './distributions.js';

export interface LogRankInput {
  /** follow-up time (any finite number; ties after R's `timefix` are tied) */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored */
  event: ArrayLike<number>;
  /** group code 0..k-1 (k = largest code + 1) */
  group: ArrayLike<number>;
  /** optional stratum code 0..s-1 */
  strata?: ArrayLike<number>;
  /**
   * Merge times that differ by less than sqrt(machine epsilon), absolutely or relative to the mean
   * distinct time, as R's `aeqSurv` does (survdiff's `timefix = TRUE`). Default true.
   */
  timefix?: boolean;
  /**
   * sortByStratumTime(time, strata, timefix) of these observations when the caller has it (one
   * sort shared by the log-rank test and the Cox model of an endpoint); computed here otherwise
   */
  sorted?: StratumTimeOrder;
}

export interface LogRankResult {
  /** log-rank chi-square; 0 when fewer than 2 groups have expected > 0 (as R); null when the variance is singular */
  chisq: number | null;
  /** (number of groups with expected > 0) - 1, never below 0 */
  df: number;
  /** P(chi-square_df >= chisq); null when df = 0 (no test) or chisq is null */
  p: number | null;
  /** events per group (summed over strata) */
  observed: number[];
  /** expected events per group under H0 (summed over strata) */
  expected: number[];
  /** k x k covariance of observed - expected (summed over strata) */
  variance: number[][];
  /** subjects per group */
  n: number[];
}

/**
 * Stratified K-sample log-rank test (Mantel 1966; Peto & Peto 1972 with rho = 0; the stratified
 * form sums observed, expected and the hypergeometric covariance over strata: Kalbfleisch &
 * Prentice, The Statistical Analysis of Failure Time Data, 2nd ed., 2002, section 7.3).
 *
 * At each distinct event time t within a stratum, with N at risk, D events, n_g at risk and d_g
 * events in group g: O_g += d_g, E_g += D n_g / N and, when N > 1,
 * V_gh += D (N - D) / (N - 1) * (n_g / N) * (delta_gh - n_h / N).
 * chisq = (O - E)' V^- (O - E) over the groups with E_g > 0, dropping the first of them (exactly
 * R's `survdiff`), on (number of such groups - 1) degrees of freedom.
 *
 * Matches R `survdiff(Surv(time, event) ~ group + strata(s))` (survival 3.5, rho = 0, timefix) and
 * SAS `PROC LIFETEST; STRATA s / GROUP = group TEST = LOGRANK`.
 * Cost: one sort by (stratum, time) (radix on the time bits, then a stable pass by stratum: O(n)),
 * then a single backward pass with cumulative at-risk counts per group (O(n + T k^2) for T distinct
 * event times).
 *
 * Deviation from R: with df = 0 (e.g. no events) R prints p = 0 or NaN; here p is null.
 * R stops with "There is only 1 group" when a single group is present; this throws a RangeError, as
 * it does for NaN inputs (R drops rows with NA; here the validate stage removes them).
 *
 * @example
 * // 6 subjects, group 1 dies at t = 1, 3, 5, group 0 at t = 2, 4 and is censored at 6
 * logRank({ time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 1, 1, 0], group: [1, 0, 1, 0, 1, 0] })
 * // { chisq: 0.48487626031164066, df: 1, p: 0.48622183388523255, observed: [2, 3],
 * //   expected: [2.7666666666666666, 2.2333333333333334],
 * //   variance: [[1.2122222222222223, -1.2122222222222223], [-1.2122222222222223, 1.212222222222222]], n: [3, 3] }
 * // R survdiff: chisq 0.48487626031164066, pvalue 0.48622183388523255 (= 529/1091 exactly)
 */
export function logRank(input: LogRankInput): LogRankResult {
  const { time, event, group, strata } = input;
  const n = time.length;
  if (event.length !== n || group.length !== n || (strata !== undefined && strata.length !== n)) {
    throw new RangeError(
      `logRank needs time, event, group${strata ? ', strata' : ''} of equal length, got ${n}, ${event.length}, ${group.length}` +
        (strata ? `, ${strata.length}` : ''),
    );
  }
  const k = maxCode(group, 'group') + 1;
  // group codes as an Int32Array, for the pass below (a copy unless they are one already)
  const gcode = group instanceof Int32Array ? group : new Int32Array(n);
  const nGroup = checkedGroups(time, event, group, gcode, k);
  if (nGroup.filter((c) => c > 0).length < 2) {
    throw new RangeError('logRank needs at least 2 groups with observations (R: "There is only 1 group")');
  }

  const sorted = input.sorted ?? sortByStratumTime(time, strata, input.timefix ?? true);
  const { observed, expected, variance } = logRankSums(sorted, event, gcode, k);

  // Test over the groups with expected > 0, dropping the first of them (R survdiff).
  const used: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g] > 0) used.push(g);
  const df = Math.max(used.length - 1, 0);
  let chisq: number | null = 0;
  if (used.length >= 2) {
    const m = used.length - 1;
    const mat: number[][] = [];
    const rhs: number[] = [];
    for (let r = 0; r < m; r++) {
      const gr = used[r + 1];
      rhs.push(observed[gr] - expected[gr]);
      const row: number[] = [];
      for (let c = 0; c < m; c++) row.push(variance[gr * k + used[c + 1]]);
      mat.push(row);
    }
    const sol = solveLinear(mat, rhs);
    if (sol === null) chisq = null;
    else {
      let q = 0;
      for (let r = 0; r < m; r++) q += sol[r] * rhs[r];
      chisq = q;
    }
  }
  const varRows: number[][] = [];
  for (let g = 0; g < k; g++) varRows.push(Array.from(variance.subarray(g * k, (g + 1) * k)));
  return {
    chisq,
    df,
    p: chisq === null || df === 0 ? null : chiSquareUpperTail(chisq, df),
    observed: Array.from(observed),
    expected: Array.from(expected),
    variance: varRows,
    n: nGroup,
  };
}

/**
 * Checks times, events and group codes; copies the codes into `gcode` and returns the number of
 * observations per group. (Each pass over the observations is a small function: compiled once, it
 * stays optimised across a run's endpoints.)
 */
function checkedGroups(time: ArrayLike<number>, event: ArrayLike<number>, group: ArrayLike<number>, gcode: Int32Array, k: number): number[] {
  const nGroup = new Array<number>(k).fill(0);
  const copy = gcode !== group;
  for (let i = 0; i < time.length; i++) {
    const g = group[i];
    if (copy) gcode[i] = g;
    nGroup[g]++;
    const t = time[i];
    if (!Number.isFinite(t)) throw new RangeError(`logRank: time[${i}] must be finite, got ${t}`);
    const e = event[i];
    if (e !== 0 && e !== 1) throw new RangeError(`logRank: event[${i}] must be 0 or 1, got ${e}`);
  }
  return nGroup;
}

/** Observed and expected events per group and their covariance, summed over the strata. */
function logRankSums(
  { order, sortedTime, stratumStart }: StratumTimeOrder,
  event: ArrayLike<number>,
  gcode: Int32Array,
  k: number,
): { observed: Float64Array; expected: Float64Array; variance: Float64Array } {
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const atRisk = new Float64Array(k);
  const deaths = new Float64Array(k);
  const nStrata = stratumStart.length - 1;
  for (let s = 0; s < nStrata; s++) {
    const lo = stratumStart[s];
    atRisk.fill(0);
    let nRisk = 0;
    // Walk backwards: everyone with time >= t is at risk at t.
    let pos = stratumStart[s + 1] - 1;
    while (pos >= lo) {
      const t = sortedTime[pos];
      let dTotal = 0;
      deaths.fill(0);
      while (pos >= lo && sortedTime[pos] === t) {
        const i = order[pos];
        const g = gcode[i];
        atRisk[g]++;
        nRisk++;
        if (event[i] === 1) {
          deaths[g]++;
          dTotal++;
        }
        pos--;
      }
      if (dTotal === 0) continue;
      const frac = dTotal / nRisk;
      for (let g = 0; g < k; g++) {
        observed[g] += deaths[g];
        expected[g] += frac * atRisk[g];
      }
      if (nRisk > 1) {
        const kt = (dTotal * (nRisk - dTotal)) / (nRisk * (nRisk - 1));
        for (let g = 0; g < k; g++) {
          if (atRisk[g] === 0) continue;
          const tg = kt * atRisk[g];
          variance[g * k + g] += tg;
          for (let h = 0; h < k; h++) variance[g * k + h] -= (tg * atRisk[h]) / nRisk;
        }
      }
    }
  }

  return { observed, expected, variance };
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular
 * (a pivot below 1e-12 of the largest absolute entry; R's `solve` would stop).
 */
function solveLinear(a: number[][], b: number[]): number[] | null {
  const m = b.length;
  const A = a.map((row) => row.slice());
  const x = b.slice();
  let scale = 0;
  for (const row of A) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0)) return null;
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    if (!(Math.abs(A[piv][c]) > 1e-12 * scale)) return null;
    if (piv !== c) {
      [A[piv], A[c]] = [A[c], A[piv]];
      [x[piv], x[c]] = [x[c], x[piv]];
    }
    for (let r = c + 1; r < m; r++) {
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let j = c; j < m; j++) A[r][j] -= f * A[c][j];
      x[r] -= f * x[c];
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = x[r];
    for (let j = r + 1; j < m; j++) s -= A[r][j] * x[j];
    x[r] = s / A[r][r];
  }
  return x;
}
