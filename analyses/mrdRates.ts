import type { Plan, ProportionCiMethod } from '../model/plan.js';
import { clopperPearson, type ProportionCI } from './stats/clopperPearson.js';
import { wilson } from './stats/wilson.js';
import { mapInt32 } from './typedMap.js';

/** MRD_NEG, MRD_NEG_CR, SUSTAINED_MRD_NEG(_MARROW), or MRD_NEG_CR_<timepoint> */
export type MrdEndpoint = string;
export type MrdPopulation = 'ITT' | 'CR' | 'EVALUABLE';

/** A proportion in one arm: x of n with its CI (the row shape of every rate table). */
export interface ArmRate {
  arm: string;
  n: number;
  x: number;
  rate: number;
  ciLower: number;
  ciUpper: number;
}

export interface MrdRate extends ArmRate {
  endpoint: MrdEndpoint;
  population: MrdPopulation;
  threshold: number;
}

/** One subject-level endpoint at one threshold: 1 = responder. */
export interface MrdEndpointFlags {
  endpoint: MrdEndpoint;
  threshold: number;
  flag: Uint8Array;
}

export interface MrdRateInput {
  /** arm code per subject */
  arm: string[];
  /** 1 = ITT (ITTFL = Y) */
  itt: Uint8Array;
  /** 1 = best response CR or sCR */
  crOrBetter: Uint8Array;
  /** per threshold, 1 = at least one NEG or POS assessment */
  evaluable: Map<number, Uint8Array>;
  endpoints: MrdEndpointFlags[];
}

/** The proportion CI the plan selects (stats.proportionCi). */
export function proportionCi(x: number, n: number, level: number, method: ProportionCiMethod): ProportionCI {
  if (method === 'wilson') {
    if (n === 0) return { x, n, rate: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN };
    const w = wilson(x, n, level);
    return { x, n, rate: x / n, ciLower: w.ciLower, ciUpper: w.ciUpper };
  }
  return clopperPearson(x, n, level);
}

/**
 * MRD-negativity rates per endpoint, population, threshold and arm (SPEC.md section 3):
 * - ITT (primary): every ITTFL = Y subject of the arm is in the denominator; missing, failed and
 *   insufficiently sensitive samples count as not negative.
 * - CR: ITT subjects whose best response is CR or sCR (sensitivity analysis).
 * - EVALUABLE: ITT subjects with at least one NEG or POS sample at the threshold (sensitivity analysis).
 * MRD_NEG counts subjects with a NEG sample; MRD_NEG_CR those that are also CR or better.
 */
export function analyseMrdRates(input: MrdRateInput, plan: Plan): MrdRate[] {
  const out: MrdRate[] = [];
  const arms = plan.arms.map((a) => a.code);
  const armIndex = new Map(arms.map((a, k) => [a, k]));
  const armOf = mapInt32(input.arm, (a) => armIndex.get(a) ?? -1);
  const A = arms.length;
  const populations: MrdPopulation[] = ['ITT', 'CR', 'EVALUABLE'];
  for (const e of input.endpoints) {
    const evaluable = input.evaluable.get(e.threshold)!;
    // one pass per endpoint: ITT subjects counted by (arm, CR or better, evaluable, responder), a
    // histogram cell per subject without branching on the populations; N and responders per
    // population and arm are sums of cells (an arquero groupby here cost 0.9 s per 10^5 subjects)
    const hist = new Int32Array(A * 8);
    for (let i = 0; i < armOf.length; i++) {
      const a = armOf[i];
      if (a < 0 || !input.itt[i]) continue;
      hist[a * 8 + input.crOrBetter[i] * 4 + evaluable[i] * 2 + e.flag[i]]++;
    }
    const n = new Int32Array(3 * A);
    const x = new Int32Array(3 * A);
    for (let a = 0; a < A; a++) {
      for (let c = 0; c < 8; c++) {
        const count = hist[a * 8 + c];
        const y = c & 1;
        n[a] += count;
        x[a] += y * count;
        if (c & 4) {
          n[A + a] += count;
          x[A + a] += y * count;
        }
        if (c & 2) {
          n[2 * A + a] += count;
          x[2 * A + a] += y * count;
        }
      }
    }
    populations.forEach((population, p) => {
      arms.forEach((arm, a) => {
        const ci = proportionCi(x[p * A + a], n[p * A + a], plan.stats.ciLevel, plan.stats.proportionCi);
        out.push({ endpoint: e.endpoint, population, threshold: e.threshold, arm, n: n[p * A + a], x: x[p * A + a], rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
      });
    });
  }
  return out;
}
