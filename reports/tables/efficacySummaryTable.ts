import type { Analysis } from '../../pipeline/analyse.js';
import { estimateCi, labelRateCell, pValue, thresholdLabel, DECIMALS } from '../format.js';
import type { Labels } from '../labels.js';
import type { ReportTable } from './table.js';
import { ardId } from '../ard/ardIds.js';

/**
 * The efficacy summary laid out like the isatuximab label's IMROZ table 9: one column per arm (N =
 * ITT), best-response rows, then the MRD rows at the primary threshold, each comparison row printed in
 * the experimental arm's column.
 */
export function efficacySummaryTable(a: Analysis, L: Labels): ReportTable {
  const { plan } = a;
  const d = plan.report.percentDecimals;
  const sep = L.ciSeparator;
  const t = plan.mrd.primaryThreshold;
  const arms = plan.arms;
  const firstExp = arms.findIndex((x) => !x.control);
  const rows: string[][] = [];
  const refs: (string | null)[][] = [];
  const blank = arms.map(() => '');
  const section = (title: string) => {
    rows.push([title, ...blank]);
    refs.push([null, ...arms.map(() => null)]);
  };
  const perArm = (label: string, cell: (arm: string) => string, ref: (arm: string) => string) => {
    rows.push([label, ...arms.map((x) => cell(x.code))]);
    refs.push([null, ...arms.map((x) => ref(x.code))]);
  };
  // a comparison is printed in the experimental arm's column (each of them with several)
  const shown = (i: number) => !arms[i].control && (i === firstExp || arms.length > 2);
  const comparison = (label: string, value: (arm: string) => string, ref: (arm: string) => string) => {
    rows.push([label, ...arms.map((x, i) => (shown(i) ? value(x.code) : ''))]);
    refs.push([null, ...arms.map((x, i) => (shown(i) ? ref(x.code) : null))]);
  };

  const resp = (endpoint: string, arm: string, ci: boolean) => {
    const r = a.responseRates.find((q) => q.endpoint === endpoint && q.arm === arm)!;
    return labelRateCell(r.x, r.n, r.rate, r.ciLower, r.ciUpper, d, sep, ci);
  };
  const respCmp = (endpoint: string, arm: string) => a.responseComparisons.find((c) => c.endpoint === endpoint && c.arm === arm)!;
  section(L.summary.responseSection);
  const respRef = (endpoint: string) => (arm: string) => ardId.responseRate(endpoint, arm);
  perArm(L.summary.orr, (arm) => resp('ORR', arm, true), respRef('ORR'));
  comparison(L.summary.exactOr, (arm) => { const c = respCmp('ORR', arm); return estimateCi(c.orSample, c.orExactLower, c.orExactUpper, DECIMALS.ratio, sep); }, (arm) => ardId.responseComparison('EXACT_OR', 'ORR', arm));
  for (const cat of ['SCR', 'CR', 'VGPR', 'PR'] as const) perArm(L.summary.category(cat), (arm) => resp(cat, arm, false), respRef(cat));
  perArm(L.summary.vgprOrBetter, (arm) => resp('VGPR_OR_BETTER', arm, true), respRef('VGPR_OR_BETTER'));
  perArm(L.summary.crOrBetter, (arm) => resp('CR_OR_BETTER', arm, true), respRef('CR_OR_BETTER'));
  comparison(L.summary.cmhP, (arm) => pValue(respCmp('CR_OR_BETTER', arm).cmhP), (arm) => ardId.responseComparison('CMH', 'CR_OR_BETTER', arm));

  const rate = (endpoint: string, population: string, arm: string) => a.mrdRates.find((r) => r.endpoint === endpoint && r.population === population && r.threshold === t && r.arm === arm)!;
  const cmp = (endpoint: string, arm: string) => a.mrdComparisons.find((c) => c.endpoint === endpoint && c.population === 'ITT' && c.threshold === t && c.arm === arm)!;
  section(L.summary.mrdSection(thresholdLabel(t), plan.mrd.primaryMethod, plan.mrd.combine));
  const rateRef = (endpoint: string, population: string) => (arm: string) => ardId.mrdRate(endpoint, population, t, arm);
  const cmpRef = (method: 'CMH' | 'MH_OR' | 'MN_RD', endpoint: string) => (arm: string) => ardId.mrdComparison(method, endpoint, 'ITT', t, arm);
  perArm(L.summary.mrdNegCrItt, (arm) => { const r = rate('MRD_NEG_CR', 'ITT', arm); return labelRateCell(r.x, r.n, r.rate, r.ciLower, r.ciUpper, d, sep); }, rateRef('MRD_NEG_CR', 'ITT'));
  comparison(L.summary.cmhP, (arm) => pValue(cmp('MRD_NEG_CR', arm).cmhP), cmpRef('CMH', 'MRD_NEG_CR'));
  comparison(L.summary.mhOr, (arm) => { const c = cmp('MRD_NEG_CR', arm); return estimateCi(c.orMH, c.orLower, c.orUpper, DECIMALS.ratio, sep); }, cmpRef('MH_OR', 'MRD_NEG_CR'));
  comparison(L.summary.riskDiff, (arm) => { const c = cmp('MRD_NEG_CR', arm); return estimateCi(c.riskDiff * 100, c.rdLower * 100, c.rdUpper * 100, Math.max(d, 1), sep); }, cmpRef('MN_RD', 'MRD_NEG_CR'));
  perArm(L.summary.crPatients, (arm) => String(rate('MRD_NEG_CR', 'CR', arm).n), rateRef('MRD_NEG_CR', 'CR'));
  perArm(L.summary.mrdNegAmongCr, (arm) => { const r = rate('MRD_NEG_CR', 'CR', arm); return labelRateCell(r.x, r.n, r.rate, r.ciLower, r.ciUpper, d, sep); }, rateRef('MRD_NEG_CR', 'CR'));
  perArm(L.summary.mrdNegItt, (arm) => { const r = rate('MRD_NEG', 'ITT', arm); return labelRateCell(r.x, r.n, r.rate, r.ciLower, r.ciUpper, d, sep); }, rateRef('MRD_NEG', 'ITT'));
  comparison(L.summary.cmhP, (arm) => pValue(cmp('MRD_NEG', arm).cmhP), cmpRef('CMH', 'MRD_NEG'));
  const extra = [a.sustainedEndpoint, ...plan.mrd.timepoints.map((tp) => `MRD_NEG_CR_${tp.name}`), ...(a.compositeEndpoint ? [a.compositeEndpoint] : [])];
  for (const e of extra) {
    perArm(`${L.endpoint(e, plan.mrd.timepoints)}, ITT`, (arm) => { const r = rate(e, 'ITT', arm); return labelRateCell(r.x, r.n, r.rate, r.ciLower, r.ciUpper, d, sep); }, rateRef(e, 'ITT'));
    comparison(L.summary.cmhP, (arm) => pValue(cmp(e, arm).cmhP), cmpRef('CMH', e));
  }

  const ittN = arms.map((x) => a.responseRates.find((r) => r.endpoint === 'ORR' && r.arm === x.code)!.n);
  return {
    id: 'efficacy_summary',
    title: L.summary.title,
    subtitle: L.summary.subtitle(ittN.reduce((s, v) => s + v, 0)),
    columns: [L.endpointCol, ...arms.map((x, i) => `${x.label} (N=${ittN[i]})`)],
    rows,
    refs,
    footnotes: L.summary.footnotes({
      level: plan.stats.ciLevel,
      ciMethod: plan.stats.proportionCi,
      strata: plan.strata,
      correct: plan.stats.cmhCorrection,
      threshold: thresholdLabel(t),
      method: plan.mrd.primaryMethod,
    }),
  };
}
