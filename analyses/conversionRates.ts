import type { Plan } from '../model/plan.js';
import type { Conversion } from '../model/derived.js';
import { proportionCi, type ArmRate } from './mrdRates.js';

export interface ConversionRate extends ArmRate {
  threshold: number;
}

/**
 * Conversion from MRD positive to negative by threshold and arm: among ITT subjects with a POS
 * assessment (n), those with a NEG assessment after their first POS (x), with the plan's proportion CI.
 */
export function analyseConversionRates(
  conversions: Conversion[],
  /** armIndex: position of each subject's arm in plan.arms */
  subjects: { armIndex: Int32Array; itt: Uint8Array },
  plan: Plan,
): ConversionRate[] {
  const out: ConversionRate[] = [];
  const A = plan.arms.length;
  for (const c of conversions) {
    // one pass per threshold: subjects ever positive and converted, per arm
    const n = new Int32Array(A);
    const x = new Int32Array(A);
    for (let s = 0; s < subjects.armIndex.length; s++) {
      if (!subjects.itt[s] || !c.everPositive[s]) continue;
      n[subjects.armIndex[s]]++;
      x[subjects.armIndex[s]] += c.converted[s];
    }
    plan.arms.forEach((arm, a) => {
      const ci = proportionCi(x[a], n[a], plan.stats.ciLevel, plan.stats.proportionCi);
      out.push({ threshold: c.threshold, arm: arm.code, n: n[a], x: x[a], rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper });
    });
  }
  return out;
}
