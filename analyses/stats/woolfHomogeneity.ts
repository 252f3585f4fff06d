import { chiSquareUpperTail } from './distributions.js';
import type { Table2x2 } from './table2x2.js';

export interface WoolfHomogeneityResult {
  /** sum over levels of w_k (log OR_k - weighted mean log OR)^2; null with fewer than two usable levels */
  statistic: number | null;
  /** levels - 1 */
  df: number;
  pValue: number | null;
  /** true when a zero cell made every cell of every level get 1/2 added (as vcd::woolf_test does) */
  haldane: boolean;
}

/**
 * Woolf's test of homogeneity of odds ratios across the levels of a subgroup variable: the
 * subgroup-by-treatment interaction of a forest plot (Woolf, Ann Hum Genet 1955;19:251-253). With
 * log OR_k = log(a d / (b c)) and w_k = 1 / (1/a + 1/b + 1/c + 1/d) per level, the statistic
 * sum w_k (log OR_k - sum w log OR / sum w)^2 is chi-square on K - 1 df under homogeneity. When any
 * cell of any level is 0, 1/2 is added to every cell of every level first. Levels where an arm is
 * empty carry no odds ratio and are left out. Matches R `vcd::woolf_test` on the 2 x 2 x K table.
 *
 * @example
 * woolfHomogeneity([{ x1: 40, n1: 70, x0: 20, n0: 50 }, { x1: 61, n1: 110, x0: 30, n0: 71 }]);
 * // { statistic: 0.11073, df: 1, pValue: 0.73932, haldane: false }
 */
export function woolfHomogeneity(levels: readonly Table2x2[]): WoolfHomogeneityResult {
  const used = levels.filter((t) => t.n1 > 0 && t.n0 > 0);
  const df = used.length - 1;
  if (used.length < 2) return { statistic: null, df: Math.max(df, 0), pValue: null, haldane: false };
  const cells = used.map((t) => [t.x1, t.n1 - t.x1, t.x0, t.n0 - t.x0]);
  const haldane = cells.some((c) => c.some((v) => v === 0));
  const add = haldane ? 0.5 : 0;
  let sumW = 0;
  let sumWO = 0;
  const o: number[] = [];
  const w: number[] = [];
  for (const c of cells) {
    const [a, b, cc, d] = c.map((v) => v + add);
    const logOr = Math.log((a * d) / (b * cc));
    const wk = 1 / (1 / a + 1 / b + 1 / cc + 1 / d);
    o.push(logOr);
    w.push(wk);
    sumW += wk;
    sumWO += wk * logOr;
  }
  const mean = sumWO / sumW;
  let statistic = 0;
  for (let k = 0; k < o.length; k++) statistic += w[k] * (o[k] - mean) ** 2;
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df), haldane };
}
