import type { Analysis } from '../../pipeline/analyse.js';
import { num } from '../format.js';
import { mrdParameters } from '../adam/mrdParameters.js';
import { tteParameters } from '../adam/buildAdtte.js';
import { ardId, type ComparisonMethod } from './ardIds.js';

/**
 * Analysis results data (ard.json), shaped after the CDISC Analysis Results Standard (ARS 1.0) as far
 * as it fits a flat file: analysis sets (populations, as conditions on the ADaM flags), methods with
 * their operations, and one analysis record per group of statistics a table cell shows, keyed by
 * analysis, parameter (the ADaM PARAMCD), population, group and method, with the data set and the
 * selection that reproduce it. Every value is the unrounded number of results.json.
 */

export interface ArdResult {
  operationId: string;
  rawValue: number | null;
}

export interface ArdRecord {
  id: string;
  /** kind of analysis: MRD_RATE, MRD_CMH, KM, COX, ... (the id's first part) */
  analysis: string;
  /** endpoint name of results.json */
  endpoint: string;
  /** PARAMCD in the ADaM data set, when there is one */
  parameter: string | null;
  dataset: string | null;
  analysisSetId: string;
  threshold: number | null;
  /** the group the statistics are for (arm, MRD group, lab...) */
  group: string | null;
  /** the comparator group of a comparison */
  reference: string | null;
  methodId: string;
  /** the records of `dataset` the statistic is computed on, as a SAS/R where clause */
  where: string | null;
  results: ArdResult[];
}

export interface Ard {
  standard: string;
  study: string;
  cutoff: string;
  version: string;
  analysisSets: { id: string; label: string; condition: string }[];
  methods: { id: string; label: string; operations: string[] }[];
  analyses: ArdRecord[];
}

const res = (pairs: [string, number | null | undefined][]): ArdResult[] => pairs.map(([operationId, v]) => ({ operationId, rawValue: v === undefined || v === null ? null : num(v) }));

export function buildArd(a: Analysis, version: string): Ard {
  const plan = a.plan;
  const level = plan.stats.ciLevel;
  const pctLevel = `${Math.round(level * 1000) / 10}%`;
  const strata = plan.strata.length ? plan.strata.join(' x ') : 'none';
  const ciName = plan.stats.proportionCi === 'wilson' ? 'Wilson score' : 'Clopper-Pearson exact';
  const methods: Ard['methods'] = [
    { id: 'PROPORTION', label: `Proportion with the ${ciName} ${pctLevel} CI`, operations: ['x', 'n', 'rate', 'ciLower', 'ciUpper'] },
    { id: 'CMH', label: `Cochran-Mantel-Haenszel test stratified by ${strata}, ${plan.stats.cmhCorrection ? 'with' : 'without'} continuity correction`, operations: ['statistic', 'p'] },
    { id: 'MH_OR', label: `Mantel-Haenszel common odds ratio stratified by ${strata}, Robins-Breslow-Greenland ${pctLevel} CI`, operations: ['estimate', 'lower', 'upper'] },
    { id: 'EXACT_OR', label: `Unstratified sample odds ratio with the exact conditional ${pctLevel} CI`, operations: ['estimate', 'lower', 'upper'] },
    { id: 'MN_RD', label: `Risk difference (proportion) weighted n1*n0/(n1+n0) per stratum (${strata}), stratified Miettinen-Nurminen ${pctLevel} CI`, operations: ['estimate', 'lower', 'upper'] },
    { id: 'WOOLF_OR', label: `Odds ratio within the subgroup level, Woolf ${pctLevel} CI`, operations: ['estimate', 'lower', 'upper'] },
    { id: 'SUBGROUP_RD', label: `Risk difference within the subgroup level, Miettinen-Nurminen ${pctLevel} CI`, operations: ['estimate', 'lower', 'upper'] },
    { id: 'WOOLF_HOMOGENEITY', label: 'Interaction of treatment and subgroup: Woolf test of homogeneity of the odds ratios across the levels (1/2 added to every cell when one is 0), nominal', operations: ['p'] },
    { id: 'KM', label: `Kaplan-Meier median (months) with the Brookmeyer-Crowley ${pctLevel} CI on the ${plan.stats.kmConfType} scale`, operations: ['n', 'events', 'median', 'lower', 'upper'] },
    { id: 'KM_LANDMARK', label: `Kaplan-Meier survival at the landmark month with the ${plan.stats.kmConfType} ${pctLevel} CI`, operations: ['surv', 'lower', 'upper', 'nRisk'] },
    { id: 'COX', label: `Cox proportional hazards model, ${plan.stats.coxTies} ties, hazard ratio with the Wald ${pctLevel} CI`, operations: ['hr', 'lower', 'upper', 'p'] },
    { id: 'LOGRANK', label: 'Log-rank test', operations: ['chisq', 'df', 'p'] },
    { id: 'CONCORDANCE_COUNTS', label: 'Paired NGF/NGS samples, both evaluable, by result', operations: ['n', 'pairs', 'bothNegative', 'bothPositive', 'ngfNegativeNgsPositive', 'ngfPositiveNgsNegative'] },
    { id: 'AGREEMENT', label: `Percent agreement (NGS as comparator) with the Clopper-Pearson ${pctLevel} CI`, operations: ['rate', 'ciLower', 'ciUpper'] },
    { id: 'KAPPA', label: `Cohen's kappa with the asymptotic ${pctLevel} CI (SAS)`, operations: ['kappa', 'lower', 'upper'] },
    { id: 'MCNEMAR', label: "McNemar's test: asymptotic without correction, and exact", operations: ['statistic', 'p', 'exactP'] },
  ];
  const analysisSets: Ard['analysisSets'] = [
    { id: 'ITT', label: 'Intent-to-treat', condition: "ITTFL = 'Y'" },
    { id: 'CR', label: 'ITT subjects with best response CR or better', condition: "ITTFL = 'Y' and CRFL = 'Y'" },
    { id: 'EVALUABLE', label: 'ITT subjects MRD-evaluable at the threshold', condition: "ITTFL = 'Y' and MRDEVLFL = 'Y'" },
    { id: 'EVER_POSITIVE', label: 'ITT subjects with a POS assessment at the threshold', condition: "ITTFL = 'Y' and MRDPOSFL = 'Y'" },
    { id: 'MRD_NEGATIVE', label: 'ITT subjects who became MRD negative at the threshold', condition: "ITTFL = 'Y'" },
    { id: 'LANDMARK', label: `ITT subjects event-free at month ${plan.mrdLandmark ?? ''}`, condition: "ITTFL = 'Y'" },
    { id: 'PAIRED_SAMPLES', label: 'NGF and NGS samples of one subject within 7 days, both evaluable', condition: '' },
    { id: 'ALL_TESTS', label: 'Every MRD test in the MRD file', condition: '' },
  ];
  const analyses: ArdRecord[] = [];
  const add = ({ id, ...rest }: Omit<ArdRecord, 'analysis'>) => analyses.push({ id, analysis: id.slice(0, id.indexOf(':')), ...rest });
  const paramcd = new Map(mrdParameters(plan, a.endpoints, a.compositeEndpoint).map((p) => [`${p.endpoint}|${p.threshold}`, p.paramcd]));
  const control = plan.arms.find((x) => x.control)!.code;

  for (const r of a.mrdRates) {
    const pc = paramcd.get(`${r.endpoint}|${r.threshold}`) ?? null;
    add({ id: ardId.mrdRate(r.endpoint, r.population, r.threshold, r.arm), endpoint: r.endpoint, parameter: pc, dataset: 'ADMRD', analysisSetId: r.population, threshold: r.threshold, group: r.arm, reference: null, methodId: 'PROPORTION', where: `PARAMCD = '${pc}' and ARMCD = '${r.arm}'`, results: res([['x', r.x], ['n', r.n], ['rate', r.n ? r.rate : null], ['ciLower', r.ciLower], ['ciUpper', r.ciUpper]]) });
  }
  const comparisons = (c: (typeof a.mrdComparisons)[number], threshold: number | null, idOf: (m: ComparisonMethod) => string, pc: string | null, set: string, dataset: string | null) => {
    const base = { endpoint: c.endpoint, parameter: pc, dataset, analysisSetId: set, threshold, group: c.arm, reference: c.control, where: pc ? `PARAMCD = '${pc}'` : null };
    add({ ...base, id: idOf('CMH'), methodId: 'CMH', results: res([['statistic', c.cmhStatistic], ['p', c.cmhP]]) });
    add({ ...base, id: idOf('MH_OR'), methodId: 'MH_OR', results: res([['estimate', c.orMH], ['lower', c.orLower], ['upper', c.orUpper]]) });
    if (c.orSample !== null) add({ ...base, id: idOf('EXACT_OR'), methodId: 'EXACT_OR', results: res([['estimate', c.orSample], ['lower', c.orExactLower], ['upper', c.orExactUpper]]) });
    add({ ...base, id: idOf('MN_RD'), methodId: 'MN_RD', results: res([['estimate', c.riskDiff], ['lower', c.rdLower], ['upper', c.rdUpper]]) });
  };
  for (const c of a.mrdComparisons) {
    const pc = paramcd.get(`${c.endpoint}|${c.threshold}`) ?? null;
    comparisons(c, c.threshold, (m) => ardId.mrdComparison(m, c.endpoint, c.population, c.threshold, c.arm), pc, c.population, 'ADMRD');
  }
  for (const r of a.responseRates) {
    add({ id: ardId.responseRate(r.endpoint, r.arm), endpoint: r.endpoint, parameter: null, dataset: null, analysisSetId: 'ITT', threshold: null, group: r.arm, reference: null, methodId: 'PROPORTION', where: null, results: res([['x', r.x], ['n', r.n], ['rate', r.n ? r.rate : null], ['ciLower', r.ciLower], ['ciUpper', r.ciUpper]]) });
  }
  for (const c of a.responseComparisons) comparisons(c, null, (m) => ardId.responseComparison(m, c.endpoint, c.arm), null, 'ITT', null);
  for (const c of a.conversion) {
    const pc = paramcd.get(`CONVERSION|${c.threshold}`) ?? null;
    add({ id: ardId.conversion(c.threshold, c.arm), endpoint: 'CONVERSION', parameter: pc, dataset: 'ADMRD', analysisSetId: 'EVER_POSITIVE', threshold: c.threshold, group: c.arm, reference: null, methodId: 'PROPORTION', where: `PARAMCD = '${pc}' and ARMCD = '${c.arm}'`, results: res([['x', c.x], ['n', c.n], ['rate', c.n ? c.rate : null], ['ciLower', c.ciLower], ['ciUpper', c.ciUpper]]) });
  }
  // one interaction record per variable, though each level's row carries its p
  const interactions = new Set<string>();
  for (const s of a.subgroups) {
    const pc = paramcd.get(`${s.endpoint}|${s.threshold}`) ?? null;
    for (const r of s.arms) {
      add({ id: ardId.subgroupRate(s.endpoint, s.threshold, s.variable, s.level, r.arm), endpoint: s.endpoint, parameter: pc, dataset: 'ADMRD', analysisSetId: 'ITT', threshold: s.threshold, group: r.arm, reference: null, methodId: 'PROPORTION', where: `PARAMCD = '${pc}' and ${s.variable} = '${s.level}' and ARMCD = '${r.arm}'`, results: res([['x', r.x], ['n', r.n], ['rate', r.n ? r.rate : null], ['ciLower', r.ciLower], ['ciUpper', r.ciUpper]]) });
    }
    const base = { endpoint: s.endpoint, parameter: pc, dataset: 'ADMRD', analysisSetId: 'ITT', threshold: s.threshold, group: s.arm, reference: control, where: `PARAMCD = '${pc}' and ${s.variable} = '${s.level}'` };
    add({ ...base, id: ardId.subgroupComparison('WOOLF_OR', s.endpoint, s.threshold, s.variable, s.level, s.arm), methodId: 'WOOLF_OR', results: res([['estimate', s.or], ['lower', s.orLower], ['upper', s.orUpper]]) });
    add({ ...base, id: ardId.subgroupComparison('MN_RD', s.endpoint, s.threshold, s.variable, s.level, s.arm), methodId: 'SUBGROUP_RD', results: res([['estimate', s.riskDiff], ['lower', s.rdLower], ['upper', s.rdUpper]]) });
    const interaction = ardId.subgroupInteraction(s.endpoint, s.threshold, s.variable, s.arm);
    if (s.interactionP !== null && !interactions.has(interaction)) {
      interactions.add(interaction);
      add({ ...base, id: interaction, where: `PARAMCD = '${pc}'`, methodId: 'WOOLF_HOMOGENEITY', results: res([['p', s.interactionP]]) });
    }
  }

  const tte = tteParameters(a);
  a.timeToEvent.forEach((r, j) => {
    const pc = tte[j].paramcd;
    const set = r.endpoint === 'MRD_NEG_DURATION' ? 'MRD_NEGATIVE' : r.groupedBy === 'mrd' ? 'LANDMARK' : 'ITT';
    const groupVar = r.groupedBy === 'mrd' ? 'MRDLMFL' : 'ARMCD';
    const groupValue = (g: string) => (r.groupedBy === 'mrd' ? (g === 'MRD_NEG' ? 'Y' : 'N') : g);
    const base = { endpoint: r.endpoint, parameter: pc, dataset: 'ADTTE', analysisSetId: set, threshold: r.threshold };
    for (const g of r.analysis.groups) {
      add({ ...base, id: ardId.km(r.endpoint, r.threshold, g.group), group: g.group, reference: null, methodId: 'KM', where: `PARAMCD = '${pc}' and ${groupVar} = '${groupValue(g.group)}'`, results: res([['n', g.n], ['events', g.events], ['median', g.median], ['lower', g.medianLower], ['upper', g.medianUpper]]) });
      for (const l of g.landmarks) {
        add({ ...base, id: ardId.kmLandmark(r.endpoint, r.threshold, g.group, l.time), group: g.group, reference: null, methodId: 'KM_LANDMARK', where: `PARAMCD = '${pc}' and ${groupVar} = '${groupValue(g.group)}'`, results: res([['surv', l.surv], ['lower', l.lower], ['upper', l.upper], ['nRisk', l.nRisk]]) });
      }
    }
    for (const h of r.analysis.hazardRatios) {
      add({ ...base, id: ardId.cox(r.endpoint, r.threshold, h.group), group: h.group, reference: r.analysis.reference, methodId: 'COX', where: `PARAMCD = '${pc}'`, results: res([['hr', h.hr], ['lower', h.hrLower], ['upper', h.hrUpper], ['p', h.p]]) });
    }
    if (r.analysis.logrankP !== null) {
      add({ ...base, id: ardId.logrank(r.endpoint, r.threshold), group: null, reference: r.analysis.reference, methodId: 'LOGRANK', where: `PARAMCD = '${pc}' (strata: ${r.strataNote})`, results: res([['chisq', r.analysis.logrankChisq], ['df', r.analysis.logrankDf], ['p', r.analysis.logrankP]]) });
    }
  });

  for (const c of a.concordance) {
    const base = { endpoint: 'METHOD_CONCORDANCE', parameter: null, dataset: 'ADMRDS', analysisSetId: 'PAIRED_SAMPLES', threshold: c.threshold, group: null, reference: 'NGS', where: null };
    add({ ...base, id: ardId.concordance('COUNTS', c.threshold), methodId: 'CONCORDANCE_COUNTS', results: res([['n', c.n], ['pairs', c.pairs], ['bothNegative', c.table.bothNegative], ['bothPositive', c.table.bothPositive], ['ngfNegativeNgsPositive', c.table.ngfNegativeNgsPositive], ['ngfPositiveNgsNegative', c.table.ngfPositiveNgsNegative]]) });
    for (const [part, p] of [['AGREEMENT_OVERALL', c.agreement.overall], ['AGREEMENT_POSITIVE', c.agreement.positive], ['AGREEMENT_NEGATIVE', c.agreement.negative]] as const) {
      add({ ...base, id: ardId.concordance(part, c.threshold), methodId: 'AGREEMENT', results: res([['rate', p.rate], ['ciLower', p.ciLower], ['ciUpper', p.ciUpper]]) });
    }
    add({ ...base, id: ardId.concordance('KAPPA', c.threshold), methodId: 'KAPPA', results: res([['kappa', c.kappa.kappa], ['lower', c.kappa.ciLower], ['upper', c.kappa.ciUpper]]) });
    add({ ...base, id: ardId.concordance('MCNEMAR', c.threshold), methodId: 'MCNEMAR', results: res([['statistic', c.mcnemar.statistic], ['p', c.mcnemar.pValue], ['exactP', c.mcnemar.exactPValue]]) });
  }
  for (const f of a.failureRates) {
    const level = f.by === 'method × arm' ? ` and ARMCD = '${f.level}'` : f.by === 'method × lab' ? ` and LAB = '${f.level}'` : '';
    // x: RESULT = 'FAILED' among the selected records
    const where = `METHOD = '${f.method}'${level} and RESULT ne 'NOT DONE'`;
    add({ id: ardId.failure(f.by, f.method, f.level), endpoint: 'ASSAY_FAILURE', parameter: null, dataset: 'ADMRDS', analysisSetId: 'ALL_TESTS', threshold: null, group: f.level || f.method, reference: null, methodId: 'PROPORTION', where, results: res([['x', f.failed], ['n', f.tests], ['rate', f.rate], ['ciLower', f.ciLower], ['ciUpper', f.ciUpper]]) });
  }
  return { standard: 'CDISC Analysis Results Standard 1.0 structure (analysis sets, methods with operations, analyses with results), flattened', study: plan.study, cutoff: plan.cutoff, version, analysisSets, methods, analyses };
}
