import * as aq from 'arquero';
import type { Plan, ProportionCiMethod } from '../pipeline/ingest/plan.js';
import { clopperPearson, type ProportionCI } from './stats/clopperPearson.js';
import { wilson } from './stats/wilson.js';

/** MRD_NEG, MRD_NEG_CR, SUSTAINED_MRD_NEG(_MARROW), or MRD_NEG_CR_<timepoint> */
export type MrdEndpoint = string;
export type MrdPopulation = 'ITT' | 'CR' | 'EVALUABLE';

export interface MrdRate {
  endpoint: MrdEndpoint;
  population: MrdPopulation;
  threshold: number;
  arm: string;
  n: number;
  x: number;
  rate: number;
  ciLower: number;
  ciUpper: number;
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
  const armCodes = plan.arms.map((a) => a.code);
  const populations: [MrdPopulation, string][] = [
    ['ITT', 'd => d.itt === 1'],
    ['CR', 'd => d.itt === 1 && d.cr === 1'],
    ['EVALUABLE', 'd => d.itt === 1 && d.evaluable === 1'],
  ];
  for (const e of input.endpoints) {
    const subjects = aq.table({ arm: input.arm, itt: input.itt, cr: input.crOrBetter, evaluable: input.evaluable.get(e.threshold)!, y: e.flag });
    for (const [population, filter] of populations) {
      const counts = subjects
        .filter(filter)
        .groupby('arm')
        .rollup({ n: aq.op.count(), x: aq.op.sum('y') })
        .objects() as { arm: string; n: number; x: number }[];
      const byArm = new Map(counts.map((c) => [c.arm, c]));
      for (const arm of armCodes) {
        const n = byArm.get(arm)?.n ?? 0;
        const x = byArm.get(arm)?.x ?? 0;
        const ci = proportionCi(x, n, plan.stats.ciLevel, plan.stats.proportionCi);
        out.push({ endpoint: e.endpoint, population, threshold: e.threshold, arm, n, x, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
      }
    }
  }
  return out;
}
