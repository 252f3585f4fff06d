export interface ExactOddsRatioResult {
  /** Sample odds ratio x1 (n0 - x0) / (x0 (n1 - x1)): Infinity when only the denominator is 0, 0 when only
   * the numerator is 0, NaN when both are (written as null). */
  oddsRatio: number;
  /** Exact conditional lower limit; 0 when x1 is the smallest value the margins allow. */
  ciLower: number;
  /** Exact conditional upper limit; Infinity when x1 is the largest value the margins allow. */
  ciUpper: number;
  /** Two-sided exact conditional (Fisher) p-value, as R `fisher.test`. */
  pValue: number;
  level: number;
}

/**
 * Sample odds ratio of arm 1 vs arm 0 with the exact conditional (Cornfield) confidence interval and
 * Fisher's exact two-sided p-value, for x1 responders of n1 (experimental) and x0 of n0 (control).
 *
 * Given the margins, X = x1 follows the noncentral hypergeometric distribution
 * P(X = k; psi) ∝ C(n1, k) C(n0, m - k) psi^k, m = x1 + x0, k in [max(0, m - n0), min(n1, m)]
 * (Cornfield, Proc 3rd Berkeley Symp 1956;4:135-148; Agresti, Categorical Data Analysis 3rd ed., 16.6.4).
 * The limits solve P(X >= x1; psi_L) = alpha/2 and P(X <= x1; psi_U) = alpha/2: SAS PROC FREQ
 * EXACT OR and R `fisher.test(...)$conf.int`, but solved to full precision. R stops its root search at
 * ~1e-4 (ICARIA-MM 93/154 vs 54/153: fisher.test 4.561, precise and SAS 4.562). Here the weights are
 * built on the log scale by the ratio recursion C(n1,k+1)C(n0,m-k-1) / (C(n1,k)C(n0,m-k)) (no overflow,
 * no log-gamma rounding), and each tail equation is solved for theta = log(psi) by bisection inside a
 * bracket widened until it holds the sign change, to ~1e-14 on theta (1e-14 relative on psi).
 * The p-value sums the null probabilities not larger than the observed one times 1 + 1e-7 (R's rule
 * for ties), capped at 1. The sample odds ratio is not the conditional MLE that fisher.test reports.
 * Cost: O(support) per tail evaluation, about 100 evaluations (a million subjects: about 1 s).
 *
 * @example exactOddsRatio(93, 154, 54, 153)
 * // { oddsRatio: 2.795082, ciLower: 1.714847, ciUpper: 4.561588, pValue: 1.32167e-05, level: 0.95 }
 */
export function exactOddsRatio(x1: number, n1: number, x0: number, n0: number, level = 0.95): ExactOddsRatioResult {
  for (const [x, n, arm] of [[x1, n1, 1], [x0, n0, 0]] as const) {
    if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
      throw new RangeError(`exactOddsRatio needs integers 0 <= x${arm} <= n${arm}, got x${arm}=${x}, n${arm}=${n}`);
    }
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);

  const numerator = x1 * (n0 - x0);
  const denominator = x0 * (n1 - x1);
  const oddsRatio =
    numerator === 0 && denominator === 0 ? Number.NaN : denominator === 0 ? Infinity : numerator / denominator;

  const m = x1 + x0;
  const lo = Math.max(0, m - n0);
  const hi = Math.min(n1, m);
  const size = hi - lo + 1;
  const at = x1 - lo;
  // log C(n1, k) C(n0, m - k) relative to k = lo
  const logW = new Float64Array(size);
  for (let i = 1; i < size; i++) {
    const k = lo + i - 1;
    logW[i] = logW[i - 1] + Math.log(((n1 - k) * (m - k)) / ((k + 1) * (n0 - m + k + 1)));
  }
  const terms = new Float64Array(size);
  /** P(X >= x1) and P(X <= x1) at psi = exp(theta). */
  const tails = (theta: number): [number, number] => {
    let max = -Infinity;
    for (let i = 0; i < size; i++) {
      terms[i] = logW[i] + theta * (lo + i);
      if (terms[i] > max) max = terms[i];
    }
    let below = 0;
    let above = 0;
    for (let i = 0; i < size; i++) {
      const t = Math.exp(terms[i] - max);
      terms[i] = t;
      if (i < at) below += t;
      else if (i > at) above += t;
    }
    const total = below + terms[at] + above;
    return [(terms[at] + above) / total, (below + terms[at]) / total];
  };

  const alpha = (1 - level) / 2;
  const ciLower = x1 === lo ? 0 : Math.exp(solveIncreasing((t) => tails(t)[0] - alpha));
  const ciUpper = x1 === hi ? Infinity : Math.exp(solveIncreasing((t) => alpha - tails(t)[1]));

  // Two-sided p-value at psi = 1.
  tails(0);
  let total = 0;
  for (let i = 0; i < size; i++) total += terms[i];
  const cut = terms[at] * (1 + 1e-7);
  let tail = 0;
  for (let i = 0; i < size; i++) if (terms[i] <= cut) tail += terms[i];
  const pValue = Math.min(1, tail / total);

  return { oddsRatio, ciLower, ciUpper, pValue, level };
}

/** Root of an increasing function of theta: bracket widened from [-1, 1] by doubling, then bisection. */
function solveIncreasing(f: (theta: number) => number): number {
  let a = -1;
  let b = 1;
  while (f(a) > 0) {
    b = a;
    a *= 2;
    if (a < -1e6) return -Infinity;
  }
  while (f(b) < 0) {
    a = b;
    b *= 2;
    if (b > 1e6) return Infinity;
  }
  for (let iter = 0; iter < 200; iter++) {
    const mid = (a + b) / 2;
    if (b - a <= 1e-14 * Math.max(1, Math.abs(mid)) || mid <= a || mid >= b) break;
    if (f(mid) < 0) a = mid;
    else b = mid;
  }
  return (a + b) / 2;
}
