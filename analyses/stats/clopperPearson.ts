import { betaQuantile } from './distributions.js';

export interface ProportionCI {
  x: number;
  n: number;
  /** x / n; NaN when n = 0 */
  rate: number;
  ciLower: number;
  ciUpper: number;
}

/**
 * Clopper-Pearson "exact" confidence interval for a binomial proportion (SAS PROC FREQ BINOMIAL
 * exact limits; R `binom.test(x, n)$conf.int`).
 *
 * lower = Beta^-1(alpha/2; x, n - x + 1), upper = Beta^-1(1 - alpha/2; x + 1, n - x), with lower = 0
 * when x = 0 and upper = 1 when x = n (Clopper & Pearson, Biometrika 1934;26:404-413).
 * With n = 0 there is no information: rate and both limits are NaN (written as null).
 *
 * @example clopperPearson(7, 20) // { rate: 0.35, ciLower: 0.1539092, ciUpper: 0.5921885 }
 */
export function clopperPearson(x: number, n: number, level = 0.95): ProportionCI {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new RangeError(`clopperPearson needs integers 0 <= x <= n, got x=${x}, n=${n}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  if (n === 0) return { x, n, rate: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN };
  const alpha = 1 - level;
  return {
    x,
    n,
    rate: x / n,
    ciLower: x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
    ciUpper: x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x),
  };
}
