import { basename, dirname } from 'node:path';
import { UserError } from '../errors.js';
import { readTable } from '../ingest/readTable.js';
import type { FileSpec } from '../../model/schema.js';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
import { cmhTest } from '../../analyses/stats/cmhTest.js';
import { exactOddsRatio } from '../../analyses/stats/exactOddsRatio.js';
import { mantelHaenszelOR } from '../../analyses/stats/mantelHaenszelOR.js';
import { riskDifference } from '../../analyses/stats/riskDifference.js';
import type { Table2x2 } from '../../analyses/stats/table2x2.js';

/** One stratum of `mrd compare --strata FILE`. */
export interface Stratum extends Table2x2 {
  stratum: string;
}

const STRATA_COLUMNS = ['STRATUM', 'X1', 'N1', 'X0', 'N0'];

/**
 * The strata file of `mrd compare`: one row per stratum with STRATUM, X1, N1, X0, N0 (responders and
 * subjects of the experimental and the control arm), in any format the study reader reads. Every value
 * must be a whole number with x <= n; a bad one is an error naming its line and column.
 */
export async function readStrataFile(path: string): Promise<Stratum[]> {
  const name = basename(path);
  const spec: FileSpec = { table: 'tte', file: name, required: true, columns: STRATA_COLUMNS.map((c) => ({ name: c, type: 'string' as const, required: true })) };
  const table = await readTable(dirname(path), spec, [], false, undefined, { file: name, columns: {}, where: [], origin: 'native' });
  const first = table.rejected[0];
  if (first !== undefined) throw new UserError(first);
  const out: Stratum[] = [];
  for (let i = 0; i < table.n; i++) {
    const line = table.line[i];
    const count = (c: string): number => {
      const v = (table.text[c].at(i) ?? '').trim();
      if (!/^\d+$/.test(v)) throw new UserError({ file: name, line, column: c, value: v, rule: 'number.count', message: 'a count must be a whole number >= 0' });
      return Number(v);
    };
    const [x1, n1, x0, n0] = ['X1', 'N1', 'X0', 'N0'].map(count);
    for (const [x, n, c] of [[x1, n1, 'X1'], [x0, n0, 'X0']] as const)
      if (x > n) throw new UserError({ file: name, line, column: c, value: String(x), rule: 'compare.x-above-n', message: `responders (${x}) must not exceed subjects (${n})` });
    out.push({ stratum: table.text.STRATUM.at(i) ?? '', x1, n1, x0, n0 });
  }
  if (out.length === 0) throw new UserError({ file: name, rule: 'compare.no-strata', message: 'the strata file has no rows' });
  return out;
}

export interface CompareResult {
  level: number;
  strata: number;
  /** experimental (1) and control (0) arm, strata pooled, with the Clopper-Pearson CI */
  arms: { arm: 1 | 0; x: number; n: number; rate: number | null; ciLower: number | null; ciUpper: number | null }[];
  /** pooled table: sample odds ratio with the exact conditional CI and Fisher's exact p */
  exactOddsRatio: { estimate: number | null; ciLower: number | null; ciUpper: number | null; fisherP: number | null };
  /** Mantel-Haenszel common odds ratio over the strata, Robins-Breslow-Greenland CI */
  mhOddsRatio: { estimate: number | null; ciLower: number | null; ciUpper: number | null };
  /** risk difference arm 1 - arm 0 (proportion), stratified Miettinen-Nurminen CI */
  riskDifference: { estimate: number | null; ciLower: number | null; ciUpper: number | null };
  /** Cochran-Mantel-Haenszel test over the strata (one stratum: the Mantel-Haenszel chi-square) */
  cmh: { statistic: number | null; pValue: number | null; correct: boolean };
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Two proportions compared as the MRD tables compare them (SAS PROC FREQ defaults). */
export function compareProportions(strata: readonly Table2x2[], level: number, correct: boolean): CompareResult {
  const sum = (k: keyof Table2x2) => strata.reduce((s, t) => s + t[k], 0);
  const pooled = { x1: sum('x1'), n1: sum('n1'), x0: sum('x0'), n0: sum('n0') };
  const arm = (a: 1 | 0, x: number, n: number) => {
    if (n === 0) return { arm: a, x, n, rate: null, ciLower: null, ciUpper: null };
    const ci = clopperPearson(x, n, level);
    return { arm: a, x, n, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper };
  };
  const exact = exactOddsRatio(pooled.x1, pooled.n1, pooled.x0, pooled.n0, level);
  const mh = mantelHaenszelOR(strata, level);
  const rd = riskDifference(strata, { level });
  const cmh = cmhTest(strata, { correct });
  return {
    level,
    strata: strata.length,
    arms: [arm(1, pooled.x1, pooled.n1), arm(0, pooled.x0, pooled.n0)],
    exactOddsRatio: { estimate: fin(exact.oddsRatio) ?? (exact.oddsRatio === Infinity ? Infinity : null), ciLower: fin(exact.ciLower), ciUpper: exact.ciUpper === Infinity ? Infinity : fin(exact.ciUpper), fisherP: fin(exact.pValue) },
    mhOddsRatio: { estimate: fin(mh.estimate), ciLower: fin(mh.ciLower), ciUpper: fin(mh.ciUpper) },
    riskDifference: { estimate: fin(rd.estimate), ciLower: fin(rd.ciLower), ciUpper: fin(rd.ciUpper) },
    cmh: { statistic: fin(cmh.statistic), pValue: fin(cmh.pValue), correct },
  };
}
