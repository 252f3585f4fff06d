import type { Analysis } from '../pipeline/analyse.js';
import { num } from './format.js';
import type { MrdComparison } from '../analyses/mrdComparisons.js';
import { compareText } from '../model/compareText.js';
import { REASONS } from '../model/status.js';
import { groupFigures } from '../analyses/survivalAnalysis.js';

/**
 * results.json (SPEC.md section 5): every number of every table, machine-readable. Key order is fixed
 * by construction so that the same inputs give byte-identical files.
 */
export function buildResults(a: Analysis, version: string): unknown {
  // samples by exclusion reason code (0: the sample counts), then by reason text
  const byCode = new Float64Array(256);
  for (let i = 0; i < a.exclusion.length; i++) byCode[a.exclusion[i]]++;
  const exclusions = new Map<string, number>();
  for (let c = 1; c < byCode.length; c++) if (byCode[c] > 0) exclusions.set(REASONS.text(c)!, byCode[c]);
  return {
    meta: {
      study: a.plan.study,
      cutoff: a.plan.cutoff,
      version,
      options: planOptions(a),
      inputs: a.inputs.map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rows, format: i.format ?? null, table: i.table ?? null, layout: i.layout ?? null })),
    },
    accounting: a.accounting,
    sampleExclusions: [...exclusions.entries()].sort(([x], [y]) => compareText(x, y)).map(([reason, count]) => ({ reason, count })),
    mrdRates: a.mrdRates.map((r) => ({
      endpoint: r.endpoint,
      population: r.population,
      threshold: r.threshold,
      arm: r.arm,
      n: r.n,
      x: r.x,
      rate: num(r.rate),
      ciLower: num(r.ciLower),
      ciUpper: num(r.ciUpper),
    })),
    responseRates: a.responseRates.map((r) => ({ ...r, rate: num(r.rate), ciLower: num(r.ciLower), ciUpper: num(r.ciUpper) })),
    responseComparisons: a.responseComparisons.map((c) => comparisonJson(c, a.plan.strata)),
    mrdComparisons: a.mrdComparisons.map((c) => comparisonJson(c, a.plan.strata)),
    survival: a.timeToEvent.flatMap((t) =>
      t.analysis.groups.map((g) => ({ endpoint: t.endpoint, threshold: t.threshold, ...groupFigures(g, 'month') })),
    ),
    survivalComparisons: a.timeToEvent
      .filter((t) => t.analysis.hazardRatios.length > 0 || t.analysis.logrankP !== null)
      .flatMap((t) =>
        (t.analysis.hazardRatios.length ? t.analysis.hazardRatios : [{ group: null, hr: null, hrLower: null, hrUpper: null, notEstimable: true }]).map((h) => ({
          endpoint: t.endpoint,
          threshold: t.threshold,
          group: h.group,
          reference: t.analysis.reference,
          hr: h.hr,
          hrLower: h.hrLower,
          hrUpper: h.hrUpper,
          hrNotEstimable: h.notEstimable,
          logrankP: t.analysis.logrankP,
          stratified: t.analysis.stratified,
          strata: t.strataNote,
        })),
      ),
    followUp: a.timeToEvent
      .filter((t) => t.groupedBy === 'arm' && t.threshold === null && t.analysis.followUp)
      .map((t) => ({ endpoint: t.endpoint, median: t.analysis.followUp!.estimate, lower: t.analysis.followUp!.lower, upper: t.analysis.followUp!.upper })),
    concordance: a.concordance.map((c) => ({
      threshold: c.threshold,
      n: c.n,
      pairs: c.pairs,
      both_neg: c.table.bothNegative,
      both_pos: c.table.bothPositive,
      ngf_only_neg: c.table.ngfNegativeNgsPositive,
      ngs_only_neg: c.table.ngfPositiveNgsNegative,
      overallAgreement: num(c.agreement.overall.rate),
      overallLower: num(c.agreement.overall.ciLower),
      overallUpper: num(c.agreement.overall.ciUpper),
      positiveAgreement: num(c.agreement.positive.rate),
      negativeAgreement: num(c.agreement.negative.rate),
      kappa: c.kappa.kappa,
      kappaLower: c.kappa.ciLower,
      kappaUpper: c.kappa.ciUpper,
      mcnemarP: c.mcnemar.pValue,
      mcnemarExactP: c.mcnemar.exactPValue,
    })),
    failures: a.failures,
    failureRates: a.failureRates.map((r) => ({ ...r, rate: num(r.rate), ciLower: num(r.ciLower), ciUpper: num(r.ciUpper) })),
    conversion: a.conversion.map((c) => ({ ...c, rate: num(c.rate), ciLower: num(c.ciLower), ciUpper: num(c.ciUpper) })),
    flags: a.flags,
    subgroups: a.subgroups.map((g) => ({
      endpoint: g.endpoint,
      threshold: g.threshold,
      variable: g.variable,
      level: g.level,
      arms: g.arms.map((r) => ({ arm: r.arm, n: r.n, x: r.x, rate: num(r.rate), ciLower: num(r.ciLower), ciUpper: num(r.ciUpper) })),
      arm: g.arm,
      or: num(g.or),
      orLower: num(g.orLower),
      orUpper: num(g.orUpper),
      riskDiff: num(g.riskDiff),
      rdLower: num(g.rdLower),
      rdUpper: num(g.rdUpper),
      interactionP: g.interactionP === null ? null : num(g.interactionP),
    })),
  };
}

function comparisonJson(c: MrdComparison, strata: string[]) {
  return {
    endpoint: c.endpoint,
    population: c.population,
    threshold: num(c.threshold),
    arm: c.arm,
    control: c.control,
    cmhP: num(c.cmhP),
    cmhStatistic: num(c.cmhStatistic),
    orMH: num(c.orMH),
    orLower: num(c.orLower),
    orUpper: num(c.orUpper),
    riskDiff: num(c.riskDiff),
    rdLower: num(c.rdLower),
    rdUpper: num(c.rdUpper),
    orSample: c.orSample === null ? null : num(c.orSample),
    orExactLower: c.orExactLower === null ? null : num(c.orExactLower),
    orExactUpper: c.orExactUpper === null ? null : num(c.orExactUpper),
    strata,
    strataUsed: c.strataUsed,
    strataDropped: c.strataDropped,
  };
}

/** The plan actually used, with every default filled in (printed in the report too). */
export function planOptions(a: Analysis): Record<string, unknown> {
  const { cutoffDay: _day, ...rest } = a.plan;
  return rest;
}
