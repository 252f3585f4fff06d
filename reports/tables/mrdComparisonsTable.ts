import type { Analysis } from '../../pipeline/analyse.js';
import { estimateCi, pValue, thresholdLabel, DECIMALS } from '../format.js';
import type { Labels } from '../labels.js';
import { markHeaders, type ReportTable } from './table.js';
import { ardId } from '../ard/ardIds.js';

/** Experimental vs control comparison of every MRD endpoint: CMH p, MH OR, exact OR, risk difference. */
export function mrdComparisonsTable(a: Analysis, L: Labels): ReportTable {
  const { plan } = a;
  const armLabel = (code: string) => plan.arms.find((x) => x.code === code)?.label ?? code;
  // one experimental arm: the comparison is the same on every row, so it is said once, in the subtitle
  const single = plan.arms.filter((x) => !x.control).length === 1;
  const rows = a.mrdComparisons.map((c) => [
    L.endpoint(c.endpoint, plan.mrd.timepoints),
    L.population[c.population],
    thresholdLabel(c.threshold),
    ...(single ? [] : [L.versus(armLabel(c.arm), armLabel(c.control))]),
    pValue(c.cmhP),
    estimateCi(c.orMH, c.orLower, c.orUpper, DECIMALS.ratio, L.ciSeparator),
    c.orSample === null ? '' : estimateCi(c.orSample, c.orExactLower, c.orExactUpper, DECIMALS.ratio, L.ciSeparator),
    estimateCi(c.riskDiff * 100, c.rdLower * 100, c.rdUpper * 100, DECIMALS.percent, L.ciSeparator),
  ]);
  const refs = a.mrdComparisons.map((c) => {
    const id = (m: 'CMH' | 'MH_OR' | 'EXACT_OR' | 'MN_RD') => ardId.mrdComparison(m, c.endpoint, c.population, c.threshold, c.arm);
    return [null, null, null, ...(single ? [] : [null]), id('CMH'), id('MH_OR'), c.orSample === null ? null : id('EXACT_OR'), id('MN_RD')];
  });
  const strata = plan.strata.length ? `${L.stratifiedBy} ${plan.strata.join(', ')} (${a.strataLabels.length} ${L.strataWord})` : L.unstratified;
  const control = plan.arms.find((x) => x.control)!;
  const comparison = single ? `${L.versus(plan.arms.find((x) => !x.control)!.label, control.label)}; ` : '';
  // footnotes: 0 CMH and 5 nominal p (p column), 1 MH OR, 2 exact OR, 3 risk difference; 4 is general
  const p = single ? 3 : 4;
  return {
    id: 'mrd_comparisons',
    title: L.comparisonsTitle,
    subtitle: `${comparison}${strata}`,
    columns: [L.endpointCol, L.populationCol, L.threshold, ...(single ? [] : [L.comparisonCol]), L.cmhPCol, L.orMhCol, L.orExactCol, L.rdCol],
    rows,
    refs,
    marks: [...markHeaders(0, [p]), ...markHeaders(5, [p]), ...markHeaders(1, [p + 1]), ...markHeaders(2, [p + 2]), ...markHeaders(3, [p + 3])],
    footnotes: L.comparisonFootnotes(plan.stats.cmhCorrection, plan.stats.ciLevel),
  };
}
