import { betaCdf, chiSquareUpperTail } from './distributions.js';
import { assertPairedMrdTable, type PairedMrdTable } from './percentAgreement.js';

export interface McNemarResult {
  /** b: samples MRD-negative by NGF and MRD-positive by NGS */
  ngfNegativeNgsPositive: number;
  /** c: samples MRD-positive by NGF and MRD-negative by NGS */
  ngfPositiveNgsNegative: number;
  /** discordant pairs b + c: the only samples the tests use */
  discordant: number;
  /** whether the asymptotic statistic has the continuity correction */
  correct: boolean;
  /** chi-square statistic on 1 df; null when there are no discordant pairs */
  statistic: number | null;
  df: 1;
  /** asymptotic p-value P(chi-square_1 >= statistic); 1 when there are no discordant pairs */
  pValue: number;
  /** exact (conditional binomial) two-sided p-value; 1 when there are no discordant pairs */
  exactPValue: number;
}

/**
 * McNemar's test that NGF and NGS call MRD-positive equally often (marginal homogeneity of the paired
 * table), H0: P(b) = P(c) (McNemar, Psychometrika 1947;12:153-157).
 *
 * - Asymptotic: statistic (b - c)^2 / (b + c) on 1 df, as SAS PROC FREQ AGREE reports it and R
 *   `mcnemar.test(x, correct = FALSE)`. With `correct: true` (R's default), (|b - c| - 1)^2 / (b + c) when b != c and
 *   0 when b = c, exactly as R applies the continuity correction (Edwards 1948).
 * - Exact: conditional on the b + c discordant pairs, b ~ Binomial(b + c, 1/2) under H0; the two-sided p-value is
 *   min(1, 2 P(X <= min(b, c))) (the binomial distribution with p = 1/2 is symmetric, so this is also R's
 *   "probabilities no larger than the observed one" rule): R `binom.test(b, b + c)$p.value`, SAS EXACT MCNEM.
 *   P(X <= k) is computed as the regularized incomplete beta I_{1/2}(b + c - k, k + 1), exact to ~1e-14.
 *
 * No discordant pairs (b + c = 0): the data carry no evidence of a difference. R returns NaN for the statistic
 * and p-value and binom.test refuses n = 0; here the statistic is null and both p-values are 1.
 *
 * @example
 * // b = 5, c = 3: statistic (5 - 3)^2 / 8 = 0.5; exact p = 2 P(X <= 3 | 8, 1/2) = 2 * 93/256 = 0.7265625
 * mcnemarTest({ bothNegative: 40, ngfNegativeNgsPositive: 5, ngfPositiveNgsNegative: 3, bothPositive: 52 })
 * // { discordant: 8, statistic: 0.5, pValue: 0.4795001, exactPValue: 0.7265625, ... }
 */
export function mcnemarTest(table: PairedMrdTable, options: { correct?: boolean } = {}): McNemarResult {
  assertPairedMrdTable(table, 'mcnemarTest');
  const correct = options.correct ?? false;
  const b = table.ngfNegativeNgsPositive;
  const c = table.ngfPositiveNgsNegative;
  const discordant = b + c;
  const base = { ngfNegativeNgsPositive: b, ngfPositiveNgsNegative: c, discordant, correct, df: 1 as const };
  if (discordant === 0) return { ...base, statistic: null, pValue: 1, exactPValue: 1 };
  const difference = correct && b !== c ? Math.abs(b - c) - 1 : b - c;
  const statistic = (difference * difference) / discordant;
  const k = Math.min(b, c);
  const lowerTail = betaCdf(0.5, discordant - k, k + 1);
  return { ...base, statistic, pValue: chiSquareUpperTail(statistic, 1), exactPValue: Math.min(1, 2 * lowerTail) };
}
