import type { Plan } from '../pipeline/ingest/plan.js';
import type { MrdEndpointFlags, MrdPopulation } from './mrdRates.js';
import { cmhTest } from './stats/cmhTest.js';
import { exactOddsRatio } from './stats/exactOddsRatio.js';
import { mantelHaenszelOR } from './stats/mantelHaenszelOR.js';
import { riskDifference } from './stats/riskDifference.js';
import type { Table2x2 } from './stats/table2x2.js';

export interface MrdComparison {
  endpoint: string;
  population: MrdPopulation;
  threshold: number;
  /** experimental arm compared with the control arm */
  arm: string;
  control: string;
  cmhStatistic: number;
  cmhP: number;
  orMH: number;
  orLower: number;
  orUpper: number;
  riskDiff: number;
  rdLower: number;
  rdUpper: number;
  /** unstratified sample odds ratio with the exact conditional CI (ITT only; null elsewhere) */
  orSample: number | null;
  orExactLower: number | null;
  orExactUpper: number | null;
  strataUsed: number;
  strataDropped: number;
}

export interface ComparisonInput {
  arm: string[];
  /** 1 = the subject is in the population, per population and threshold */
  inPopulation: (population: MrdPopulation, threshold: number) => Uint8Array;
  /** randomisation stratum per subject (0 when the plan has no strata) */
  stratum: Int32Array;
  nStrata: number;
  endpoints: MrdEndpointFlags[];
}

/** Builds the 2x2xK table of one endpoint in one population: experimental vs control, by stratum. */
export function tablesByStratum(flag: Uint8Array, member: Uint8Array, arm: string[], exp: string, ctl: string, stratum: Int32Array, nStrata: number): Table2x2[] {
  const t: Table2x2[] = Array.from({ length: nStrata }, () => ({ x1: 0, n1: 0, x0: 0, n0: 0 }));
  for (let i = 0; i < arm.length; i++) {
    if (!member[i]) continue;
    const s = t[stratum[i]];
    if (arm[i] === exp) {
      s.n1++;
      s.x1 += flag[i];
    } else if (arm[i] === ctl) {
      s.n0++;
      s.x0 += flag[i];
    }
  }
  return t;
}

/**
 * Each experimental arm vs the control arm, per endpoint, population and threshold (SPEC.md section 4):
 * CMH test stratified by the randomisation strata (no continuity correction unless
 * stats.cmhCorrection), Mantel-Haenszel common odds ratio with the Robins-Breslow-Greenland CI, and the
 * CMH-weighted risk difference with the Miettinen-Nurminen CI. In the ITT population the unstratified
 * sample odds ratio with its exact conditional CI is added (the label's "odds ratio [95% exact CI]").
 */
export function analyseMrdComparisons(input: ComparisonInput, plan: Plan): MrdComparison[] {
  const control = plan.arms.find((a) => a.control)!.code;
  const level = plan.stats.ciLevel;
  const out: MrdComparison[] = [];
  for (const e of input.endpoints) {
    for (const population of ['ITT', 'CR', 'EVALUABLE'] as const) {
      const member = input.inPopulation(population, e.threshold);
      for (const exp of plan.arms.filter((a) => !a.control)) {
        const strata = tablesByStratum(e.flag, member, input.arm, exp.code, control, input.stratum, input.nStrata);
        const cmh = cmhTest(strata, { correct: plan.stats.cmhCorrection });
        const mh = mantelHaenszelOR(strata, level);
        const rd = riskDifference(strata, { level });
        let exact: ReturnType<typeof exactOddsRatio> | null = null;
        if (population === 'ITT') {
          const all = strata.reduce((a, s) => ({ x1: a.x1 + s.x1, n1: a.n1 + s.n1, x0: a.x0 + s.x0, n0: a.n0 + s.n0 }), { x1: 0, n1: 0, x0: 0, n0: 0 });
          if (all.n1 > 0 && all.n0 > 0) exact = exactOddsRatio(all.x1, all.n1, all.x0, all.n0, level);
        }
        out.push({
          endpoint: e.endpoint,
          population,
          threshold: e.threshold,
          arm: exp.code,
          control,
          cmhStatistic: cmh.statistic,
          cmhP: cmh.pValue,
          orMH: mh.estimate,
          orLower: mh.ciLower,
          orUpper: mh.ciUpper,
          riskDiff: rd.estimate,
          rdLower: rd.ciLower,
          rdUpper: rd.ciUpper,
          orSample: exact?.oddsRatio ?? null,
          orExactLower: exact?.ciLower ?? null,
          orExactUpper: exact?.ciUpper ?? null,
          strataUsed: cmh.strataUsed,
          strataDropped: cmh.strataDropped,
        });
      }
    }
  }
  return out;
}
