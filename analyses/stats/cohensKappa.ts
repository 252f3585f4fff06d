import { normalCdf, normalQuantile, normalTwoSidedP } from './distributions.js';
import { assertPairedMrdTable, type PairedMrdTable } from './percentAgreement.js';

export interface CohensKappaResult {
  /** number of paired results */
  n: number;
  /** confidence level of the Wald limits */
  level: number;
  /** observed agreement Po = (a + d) / n; null when n = 0 */
  observedAgreement: number | null;
  /** agreement expected by chance from the margins, Pe; null when n = 0 */
  expectedAgreement: number | null;
  /** Cohen's kappa (Po - Pe) / (1 - Pe); null when Pe = 1 (every sample in one concordant cell) or n = 0 */
  kappa: number | null;
  /** asymptotic standard error (Fleiss, Cohen & Everitt 1969), as SAS reports it next to kappa */
  ase: number | null;
  /** Wald limits kappa -+ z * ASE, not truncated to [-1, 1] (as SAS) */
  ciLower: number | null;
  ciUpper: number | null;
  /** standard error under H0: kappa = 0 (SAS "ASE under H0") */
  aseNull: number | null;
  /** Z = kappa / aseNull; null when aseNull = 0 (one method gives a single result for every sample) */
  z: number | null;
  /** two-sided p-value P(|Z| >= |z|) (SAS "Pr > |Z|") */
  pValue: number | null;
  /** one-sided p-value in the direction of z: P(Z >= z) if z > 0, else P(Z <= z) (SAS "Pr > Z" / "Pr < Z") */
  pValueOneSided: number | null;
}

/**
 * Cohen's kappa for NGF-vs-NGS MRD agreement (Cohen, Educ Psychol Meas 1960;20:37-46) with the asymptotic
 * standard error of Fleiss, Cohen & Everitt (Psychol Bull 1969;72:323-327), its Wald confidence limits and the
 * test of kappa = 0: SAS PROC FREQ `TABLES ngf*ngs / AGREE; TEST KAPPA;` ("Simple Kappa Coefficient"); in R,
 * `vcd::Kappa(x)` gives the same kappa and ASE.
 *
 * With margins r1 = (a + b)/n, r2 = (c + d)/n (NGF negative, positive) and c1 = (a + c)/n, c2 = (b + d)/n
 * (NGS negative, positive):
 * - kappa = 2 (ad - bc) / [(a + b)(b + d) + (a + c)(c + d)], the 2 x 2 form of (Po - Pe) / (1 - Pe);
 * - SAS's ASE^2 = (A + B - C) / (n (1 - Pe)^2) is a variance, sum p_ij (u_ij - mean u)^2, which for a 2 x 2 table
 *   is, with k = kappa,
 *   n (1 - Pe)^2 ASE^2 = (1-k)^2 [4 p_a r2^2 c2^2 + 4 p_d r1^2 c1^2] + p_b [2 (1-k) r2 c1 + k]^2 + p_c [2 (1-k) r1 c2 + k]^2,
 *   evaluated as this sum of non-negative terms (the textbook difference A + B - C loses digits as agreement nears
 *   perfection, ~1e-11 relative for 4 discordant pairs in 2e6, and gives ~1e-8 instead of 0 when the true ASE is 0);
 * - SAS's ASE under H0, sqrt(Pe + Pe^2 - sum r_i c_i (r_i + c_i)) / ((1 - Pe) sqrt(n)), is for a 2 x 2 table
 *   2 sqrt(r1 r2 c1 c2) / ((1 - Pe) sqrt(n)), so Z = sqrt(n) (ad - bc) / sqrt((a+b)(c+d)(a+c)(b+d)): Z^2 is Pearson's
 *   chi-square without continuity correction.
 *
 * Kappa is symmetric in the two methods, so no comparator is needed (unlike percentAgreement's PPA/NPA).
 *
 * @example
 * // By hand for a = 40, b = 5, c = 3, d = 52 (n = 100): margins NGF 45/55, NGS 43/57,
 * // Po = 0.92, Pe = 0.45 * 0.43 + 0.55 * 0.57 = 0.5070,
 * // kappa = (0.92 - 0.507) / (1 - 0.507) = 2 (40*52 - 5*3) / (45*57 + 43*55) = 4130 / 4930 = 0.8377282
 * cohensKappa({ bothNegative: 40, ngfNegativeNgsPositive: 5, ngfPositiveNgsNegative: 3, bothPositive: 52 })
 * // { observedAgreement: 0.92, expectedAgreement: 0.507, kappa: 0.8377282, ase: 0.0549734,
 * //   ciLower: 0.7299823, ciUpper: 0.9454741, aseNull: 0.0999177, z: 8.3841840,
 * //   pValue: 5.107886e-17, pValueOneSided: 2.553943e-17 }
 */
export function cohensKappa(table: PairedMrdTable, options: { level?: number } = {}): CohensKappaResult {
  assertPairedMrdTable(table, 'cohensKappa');
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const { bothNegative: a, ngfNegativeNgsPositive: b, ngfPositiveNgsNegative: c, bothPositive: d } = table;
  const n = a + b + c + d;
  const empty: CohensKappaResult = {
    n,
    level,
    observedAgreement: null,
    expectedAgreement: null,
    kappa: null,
    ase: null,
    ciLower: null,
    ciUpper: null,
    aseNull: null,
    z: null,
    pValue: null,
    pValueOneSided: null,
  };
  if (n === 0) return empty;
  const rowNeg = a + b; // NGF negative
  const rowPos = c + d; // NGF positive
  const colNeg = a + c; // NGS negative
  const colPos = b + d; // NGS positive
  const observedAgreement = (a + d) / n;
  // n^2 (1 - Pe) = rowNeg colPos + rowPos colNeg, without the cancellation of 1 - Pe
  const disagreementByChance = rowNeg * colPos + rowPos * colNeg;
  const expectedAgreement = (rowNeg * colNeg + rowPos * colPos) / (n * n);
  if (disagreementByChance === 0) return { ...empty, observedAgreement, expectedAgreement };

  const kappa = (2 * (a * d - b * c)) / disagreementByChance;
  const oneMinusKappa = (n * (b + c)) / disagreementByChance;
  const oneMinusPe = disagreementByChance / (n * n);
  const [r1, r2, c1, c2] = [rowNeg / n, rowPos / n, colNeg / n, colPos / n];
  const [pa, pb, pc, pd] = [a / n, b / n, c / n, d / n];
  const radicand =
    oneMinusKappa * oneMinusKappa * (4 * pa * (r2 * c2) ** 2 + 4 * pd * (r1 * c1) ** 2) +
    pb * (2 * oneMinusKappa * r2 * c1 + kappa) ** 2 +
    pc * (2 * oneMinusKappa * r1 * c2 + kappa) ** 2;
  const ase = Math.sqrt(radicand / n) / oneMinusPe;
  const zq = normalQuantile(1 - (1 - level) / 2);

  const aseNull = (2 * Math.sqrt(r1 * r2 * c1 * c2)) / (Math.sqrt(n) * oneMinusPe);
  const marginProduct = rowNeg * rowPos * colNeg * colPos;
  const z = marginProduct > 0 ? (Math.sqrt(n) * (a * d - b * c)) / Math.sqrt(marginProduct) : null;
  return {
    n,
    level,
    observedAgreement,
    expectedAgreement,
    kappa,
    ase,
    ciLower: kappa - zq * ase,
    ciUpper: kappa + zq * ase,
    aseNull,
    z,
    pValue: z === null ? null : normalTwoSidedP(z),
    pValueOneSided: z === null ? null : z > 0 ? normalCdf(-z) : normalCdf(z),
  };
}
