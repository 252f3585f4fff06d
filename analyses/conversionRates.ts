import type { Plan } from '../pipeline/ingest/plan.js';
import type { Conversion } from '../pipeline/derive/deriveConversion.js';
import { proportionCi, type ArmRate } from './mrdRates.js';

export interface ConversionRate extends ArmRate {
  threshold: number;
}

/**
 * Conversion from MRD positive to negative by threshold and arm: among ITT subjects with a POS
 * assessment (n), those with a NEG assessment after their first POS (x), with the plan's proportion CI.
 */
export function analyseConversionRates(conversions: Conversion[], subjects: { arm: string[]; itt: Uint8Array }, plan: Plan): ConversionRate[] {
  const out: ConversionRate[] = [];
  for (const c of conversions) {
    for (const arm of plan.arms) {
      let n = 0;
      let x = 0;
      for (let s = 0; s < subjects.arm.length; s++) {
        if (!subjects.itt[s] || subjects.arm[s] !== arm.code || !c.everPositive[s]) continue;
        n++;
        x += c.converted[s];
      }
      const ci = proportionCi(x, n, plan.stats.ciLevel, plan.stats.proportionCi);
      out.push({ threshold: c.threshold, arm: arm.code, n, x, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
    }
  }
  return out;
}
