import { woolfHomogeneity } from './stats/woolfHomogeneity.js';
import type { Plan } from '../model/plan.js';
import type { MrdEndpointFlags } from './mrdRates.js';
import { proportionCi, type ArmRate } from './mrdRates.js';
import { tablesByStratum } from './mrdComparisons.js';
import { mantelHaenszelOR } from './stats/mantelHaenszelOR.js';
import { riskDifference } from './stats/riskDifference.js';
import { strataIndex, type StrataColumn } from './strataIndex.js';
import { compareText } from '../model/compareText.js';


/** One subgroup level: the rates by arm and the effect estimates a forest plot draws. */
export interface SubgroupRate {
  endpoint: string;
  threshold: number;
  variable: string;
  level: string;
  arms: ArmRate[];
  /** experimental arm compared with the control arm */
  arm: string;
  /** unstratified odds ratio (the Mantel-Haenszel estimate with one stratum) with its Woolf/RBG CI */
  or: number;
  orLower: number;
  orUpper: number;
  riskDiff: number;
  rdLower: number;
  rdUpper: number;
  /** Woolf test of homogeneity of the odds ratios across the variable's levels (the interaction p), the same on each level's row; null with fewer than two usable levels */
  interactionP: number | null;
}

/**
 * MRD-negativity rates by subgroup (plan.subgroups columns of subjects.csv), in the ITT population,
 * unstratified within each subgroup level (the usual forest-plot convention; randomisation strata are
 * often the subgroups themselves).
 */
export function analyseSubgroupRates(
  input: {
    /** position of each subject's arm in plan.arms */
    arm: Int32Array;
    itt: Uint8Array;
    text: Record<string, StrataColumn>;
    endpoints: MrdEndpointFlags[];
  },
  plan: Plan,
): SubgroupRate[] {
  const controlArm = plan.arms.findIndex((a) => a.control);
  const control = plan.arms[controlArm].code;
  const level = plan.stats.ciLevel;
  const out: SubgroupRate[] = [];
  const n = input.arm.length;
  for (const variable of plan.subgroups) {
    const { index, labels } = strataIndex([input.text[variable]], n);
    const order = labels.map((l, k) => [l, k] as const).sort(([a], [b]) => compareText(a, b));
    for (const e of input.endpoints) {
      for (const exp of plan.arms.filter((a) => !a.control)) {
        const tables = tablesByStratum(e.flag, input.itt, input.arm, plan.arms.indexOf(exp), controlArm, index, labels.length);
        const interactionP = woolfHomogeneity(tables).pValue;
        for (const [label, k] of order) {
          const t = tables[k];
          const rates = [
            { arm: exp.code, x: t.x1, n: t.n1 },
            { arm: control, x: t.x0, n: t.n0 },
          ].map((r) => {
            const ci = proportionCi(r.x, r.n, level, plan.stats.proportionCi);
            return { arm: r.arm, n: r.n, x: r.x, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper };
          });
          const usable = t.n1 > 0 && t.n0 > 0;
          const or = usable ? mantelHaenszelOR([t], level) : null;
          const rd = usable ? riskDifference(t, { level }) : null;
          out.push({
            endpoint: e.endpoint,
            threshold: e.threshold,
            variable,
            level: label,
            arms: rates,
            arm: exp.code,
            or: or?.estimate ?? Number.NaN,
            orLower: or?.ciLower ?? Number.NaN,
            orUpper: or?.ciUpper ?? Number.NaN,
            riskDiff: rd?.estimate ?? Number.NaN,
            rdLower: rd?.ciLower ?? Number.NaN,
            rdUpper: rd?.ciUpper ?? Number.NaN,
            interactionP,
          });
        }
      }
    }
  }
  return out;
}
