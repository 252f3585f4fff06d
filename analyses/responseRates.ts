import type { Plan } from '../pipeline/ingest/plan.js';
import type { ResponseCategory } from '../pipeline/ingest/schema.js';
import { RESPONSE_RANK } from '../pipeline/derive/deriveBestResponse.js';
import { proportionCi, type ArmRate } from './mrdRates.js';
import { analyseMrdComparisons, type MrdComparison } from './mrdComparisons.js';
import { mapUint8 } from './typedMap.js';

/** Best-response endpoints of a submission efficacy table (IMWG categories). */
export const RESPONSE_ENDPOINTS = [
  { endpoint: 'ORR', min: 'PR' },
  { endpoint: 'VGPR_OR_BETTER', min: 'VGPR' },
  { endpoint: 'CR_OR_BETTER', min: 'CR' },
] as const;

export interface ResponseRate extends ArmRate {
  /** ORR, VGPR_OR_BETTER, CR_OR_BETTER, or a single category (SCR, CR, VGPR, PR, MR, SD, PD, NE, MISSING) */
  endpoint: string;
}

/**
 * Best overall response in the ITT population by arm: each category's count (no assessment:
 * MISSING) and the cumulative rates ORR (PR or better), ≥VGPR and ≥CR with CIs, plus the same
 * comparisons as the MRD endpoints (stratified CMH, MH OR, exact OR, MN risk difference).
 */
export function analyseResponseRates(
  input: { arm: string[]; itt: Uint8Array; best: (ResponseCategory | null)[]; stratum: Int32Array; nStrata: number },
  plan: Plan,
): { rates: ResponseRate[]; comparisons: MrdComparison[] } {
  const rates: ResponseRate[] = [];
  const level = plan.stats.ciLevel;
  const categories = ['SCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD', 'NE', 'MISSING'];
  const flags = new Map<string, Uint8Array>();
  for (const e of RESPONSE_ENDPOINTS) flags.set(e.endpoint, mapUint8(input.best, (b) => (b !== null && RESPONSE_RANK[b] >= RESPONSE_RANK[e.min] ? 1 : 0)));
  for (const c of categories) flags.set(c, mapUint8(input.best, (b) => ((b ?? 'MISSING') === c ? 1 : 0)));
  for (const [endpoint, flag] of flags) {
    for (const arm of plan.arms) {
      let n = 0;
      let x = 0;
      for (let i = 0; i < input.arm.length; i++) {
        if (!input.itt[i] || input.arm[i] !== arm.code) continue;
        n++;
        x += flag[i];
      }
      const ci = proportionCi(x, n, level, plan.stats.proportionCi);
      rates.push({ endpoint, arm: arm.code, n, x, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
    }
  }
  const comparisons = analyseMrdComparisons(
    {
      arm: input.arm,
      inPopulation: () => input.itt,
      stratum: input.stratum,
      nStrata: input.nStrata,
      endpoints: RESPONSE_ENDPOINTS.map((e) => ({ endpoint: e.endpoint, threshold: Number.NaN, flag: flags.get(e.endpoint)! })),
    },
    plan,
  ).filter((c) => c.population === 'ITT');
  return { rates, comparisons };
}
