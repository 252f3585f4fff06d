import type { Plan } from '../../model/plan.js';
import { UserError } from '../../pipeline/errors.js';
import type { AdamParameter } from './adamDataset.js';
import { thresholdText } from '../format.js';

/**
 * The short code of an MRD threshold in parameter and variable names: the exponent for a power of ten
 * (1e-5 → "5"), else its position among the plan's thresholds ("T1", "T2", ...).
 */
export function thresholdCode(threshold: number, plan: Plan): string {
  const k = -Math.log10(threshold);
  const n = Math.round(k);
  if (Math.abs(k - n) < 1e-9 && n >= 1 && n <= 9) return String(n);
  return `T${plan.mrd.thresholds.indexOf(threshold) + 1}`;
}

export { thresholdText } from '../format.js';

export interface MrdParameter extends AdamParameter {
  /** the endpoint name of results.json (MRD_NEG, MRD_NEG_CR, ...) or CONVERSION */
  endpoint: string;
  threshold: number;
  /** the population the rate tables use as denominator */
  population: string;
}

const SUSTAINED_RULE = (plan: Plan, imaging: boolean) =>
  `two NEG assessments at least ${plan.mrd.sustained.minGapDays} days apart with no POS assessment between them (NE assessments neither break nor count)` +
  (imaging ? ', and a negative imaging assessment within the span of the two, ends included' : '; imaging not required or not available (marrow only)');

/**
 * Every subject-level MRD parameter of ADMRD, in PARAMN order: per threshold (plan order), MRD
 * negativity, MRD-negative CR, sustained negativity, each timepoint, the composite when imaging exists,
 * and conversion. Codes have at most 8 characters, as ADaM requires.
 */
export function mrdParameters(plan: Plan, endpoints: readonly { endpoint: string; threshold: number }[], composite: string | null): MrdParameter[] {
  const out: MrdParameter[] = [];
  const add = (p: MrdParameter) => {
    if (p.paramcd.length > 8) throw new UserError({ rule: 'adam.paramcd', message: `parameter code ${p.paramcd} (${p.param}) is longer than 8 characters; use at most 8 timepoints and power-of-ten thresholds, or fewer thresholds` });
    out.push(p);
  };
  for (const threshold of plan.mrd.thresholds) {
    const e = thresholdCode(threshold, plan);
    const t = thresholdText(threshold);
    for (const { endpoint } of endpoints.filter((x) => x.threshold === threshold)) {
      const base = { endpoint, threshold };
      if (endpoint === 'MRD_NEG') {
        add({ ...base, paramcd: `MRDNEG${e}`, param: `MRD Negative at ${t}`, population: 'ITT', method: `Y when at least one MRD assessment is NEG at ${t}: no sample exclusion applies, the achieved LOD is at most ${t} and the level is below ${t} (docs/rules.md, sample and subject level). Subjects without an evaluable assessment are N (ITT rule).` });
      } else if (endpoint === 'MRD_NEG_CR') {
        add({ ...base, paramcd: `MRDNCR${e}`, param: `MRD-Negative CR or Better at ${t}`, population: 'ITT', method: `Y when MRD negative at ${t} (MRDNEG${e} = Y) and the best overall response is CR or sCR; the MRD sample need not follow the CR.` });
      } else if (endpoint === 'SUSTAINED_MRD_NEG' || endpoint === 'SUSTAINED_MRD_NEG_MARROW') {
        const imaging = endpoint === 'SUSTAINED_MRD_NEG';
        add({ ...base, paramcd: `${imaging ? 'SMRDNI' : 'SMRDNM'}${e}`, param: `Sustained MRD Negative${imaging ? ' with Imaging' : ' (Marrow)'} at ${t}`, population: 'ITT', method: `Y when ${SUSTAINED_RULE(plan, imaging)}, at ${t}. ADT is the date of the confirming assessment.` });
      } else if (endpoint.startsWith('MRD_NEG_CR_')) {
        const name = endpoint.slice('MRD_NEG_CR_'.length);
        const k = plan.mrd.timepoints.findIndex((tp) => tp.name === name);
        const tp = plan.mrd.timepoints[k];
        add({
          ...base,
          paramcd: `TP${k + 1}NCR${e}`,
          param: `MRD-Negative CR at ${name} at ${t}`,
          population: 'ITT',
          method: `Y when a NEG assessment at ${t} was collected between ${tp.month - tp.windowMonths} and ${tp.month + tp.windowMonths} months after randomisation (months of 30.4375 days, ends included) and a best response of CR or sCR was first recorded on or before the end of that window.`,
        });
      } else if (endpoint === composite) {
        add({ ...base, paramcd: `MRDNIF${e}`, param: `MRD Negative, Imaging and FLC Normal at ${t}`, population: 'ITT', method: `Y when MRD negative at ${t}, with imaging-confirmed clearance of extramedullary disease and a normal free light chain ratio (CDE guideline composite).` });
      }
    }
    add({ endpoint: 'CONVERSION', threshold, paramcd: `MRDCNV${e}`, param: `Conversion MRD Positive to Negative at ${t}`, population: 'ITT subjects with a POS assessment', method: `Among subjects with a POS assessment at ${t} (MRDPOSFL = Y): Y when a NEG assessment follows their first POS assessment.` });
  }
  return out;
}
