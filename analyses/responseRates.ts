import type { Plan } from '../model/plan.js';
import { RESPONSE_RANK, type ResponseCategory } from '../model/schema.js';
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
  input: {
    /** position of each subject's arm in plan.arms */
    arm: Int32Array;
    itt: Uint8Array;
    best: (ResponseCategory | null)[];
    stratum: Int32Array;
    nStrata: number;
  },
  plan: Plan,
): { rates: ResponseRate[]; comparisons: MrdComparison[] } {
  const rates: ResponseRate[] = [];
  const level = plan.stats.ciLevel;
  const categories = ['SCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD', 'NE', 'MISSING'];
  // each subject's category as its position in `categories`, looked up once; the flags then compare numbers
  const position = new Map<string | null, number>(categories.map((c, k) => [c, k]));
  position.set(null, categories.indexOf('MISSING'));
  const category = mapUint8(input.best, (b) => position.get(b)!);
  const rank = categories.map((c) => (c === 'MISSING' ? -1 : RESPONSE_RANK[c as ResponseCategory]));
  const atLeast = RESPONSE_ENDPOINTS.map((e) => Uint8Array.from(rank, (r) => (r >= RESPONSE_RANK[e.min] ? 1 : 0)));
  // one pass: ITT subjects per arm and per category and arm; every rate is a sum of these counts
  const A = plan.arms.length;
  const n = new Int32Array(A);
  const count = new Int32Array(categories.length * A);
  for (let i = 0; i < input.arm.length; i++) {
    if (!input.itt[i]) continue;
    n[input.arm[i]]++;
    count[category[i] * A + input.arm[i]]++;
  }
  const rate = (endpoint: string, inEndpoint: (c: number) => boolean) =>
    plan.arms.forEach((arm, a) => {
      let x = 0;
      for (let c = 0; c < categories.length; c++) if (inEndpoint(c)) x += count[c * A + a];
      const ci = proportionCi(x, n[a], level, plan.stats.proportionCi);
      rates.push({ endpoint, arm: arm.code, n: n[a], x, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
    });
  RESPONSE_ENDPOINTS.forEach((e, k) => rate(e.endpoint, (c) => atLeast[k][c] === 1));
  categories.forEach((name, k) => rate(name, (c) => c === k));
  const comparisons = analyseMrdComparisons(
    {
      arm: input.arm,
      inPopulation: () => input.itt,
      stratum: input.stratum,
      nStrata: input.nStrata,
      endpoints: RESPONSE_ENDPOINTS.map((e, k) => ({ endpoint: e.endpoint, threshold: Number.NaN, flag: byCategory(category, atLeast[k]) })),
      populations: ['ITT'],
    },
    plan,
  );
  return { rates, comparisons };
}

/** flag[i] = flagOf[category[i]]. */
function byCategory(category: Uint8Array, flagOf: Uint8Array): Uint8Array {
  const out = new Uint8Array(category.length);
  for (let i = 0; i < category.length; i++) out[i] = flagOf[category[i]];
  return out;
}
