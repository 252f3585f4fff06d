import { cohensKappa, type CohensKappaResult } from './stats/cohensKappa.js';
import { mcnemarTest, type McNemarResult } from './stats/mcnemarTest.js';
import { percentAgreement, type PairedMrdTable, type PercentAgreementResult } from './stats/percentAgreement.js';
import { STATUS } from '../model/status.js';

export interface MethodConcordance {
  threshold: number;
  /** pairs with both samples evaluable (NEG or POS) at the threshold */
  n: number;
  /** pairs found, evaluable or not */
  pairs: number;
  table: PairedMrdTable;
  agreement: PercentAgreementResult;
  kappa: CohensKappaResult;
  mcnemar: McNemarResult;
}

/**
 * NGF vs NGS concordance at one threshold over paired samples, both evaluable: the 2x2 table,
 * overall/positive/negative agreement (NGS as the comparator) with Clopper-Pearson CIs, Cohen's kappa
 * with the SAS asymptotic CI, and McNemar's test (asymptotic without correction, and exact).
 */
export function analyseMethodConcordance(threshold: number, ngsStatus: ArrayLike<number>, ngfStatus: ArrayLike<number>, level: number): MethodConcordance {
  const t: PairedMrdTable = { bothNegative: 0, ngfNegativeNgsPositive: 0, ngfPositiveNgsNegative: 0, bothPositive: 0 };
  const evaluable = (s: number) => s === STATUS.NEG || s === STATUS.POS;
  for (let k = 0; k < ngsStatus.length; k++) {
    const s = ngsStatus[k];
    const f = ngfStatus[k];
    if (!evaluable(s) || !evaluable(f)) continue;
    if (f === STATUS.NEG && s === STATUS.NEG) t.bothNegative++;
    else if (f === STATUS.NEG) t.ngfNegativeNgsPositive++;
    else if (s === STATUS.NEG) t.ngfPositiveNgsNegative++;
    else t.bothPositive++;
  }
  const n = t.bothNegative + t.ngfNegativeNgsPositive + t.ngfPositiveNgsNegative + t.bothPositive;
  return {
    threshold,
    n,
    pairs: ngsStatus.length,
    table: t,
    agreement: percentAgreement(t, { level }),
    kappa: cohensKappa(t, { level }),
    mcnemar: mcnemarTest(t),
  };
}
