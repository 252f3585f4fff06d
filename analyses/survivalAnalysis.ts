import { coxPH, type CoxTies } from './stats/coxPH.js';
import { kaplanMeier, type KaplanMeierCurve, type KmConfType } from './stats/kaplanMeier.js';
import { logRank } from './stats/logRank.js';
import { medianFollowUp, type MedianFollowUp } from './stats/medianFollowUp.js';
import { survivalAtTimes } from './stats/survivalAtTimes.js';
import { survivalQuantiles, type SurvivalQuantile } from './stats/survivalQuantiles.js';
import { mapFloat64, mapInt32, mapUint8 } from './typedMap.js';

export interface SurvivalLandmark {
  time: number;
  surv: number | null;
  lower: number | null;
  upper: number | null;
  nRisk: number;
}

export interface SurvivalGroup {
  group: string;
  n: number;
  events: number;
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /** 25th, 50th and 75th percentiles of the survival time with Brookmeyer-Crowley CIs */
  quartiles: SurvivalQuantile[];
  landmarks: SurvivalLandmark[];
  /** the Kaplan-Meier curve (null for an empty group), for figures */
  curve: KaplanMeierCurve | null;
}

export interface HazardRatio {
  /** the group compared with the reference group */
  group: string;
  hr: number | null;
  hrLower: number | null;
  hrUpper: number | null;
  /** Wald p-value of the coefficient */
  p: number | null;
  /**
   * true when the likelihood is monotone in this coefficient (e.g. no event in one group) or the fit
   * did not converge: the estimate runs off to infinity, so hr, its CI and p are null (R prints a huge
   * number and warns)
   */
  notEstimable: boolean;
}

export interface SurvivalAnalysis {
  groups: SurvivalGroup[];
  reference: string;
  /** log-rank test across all groups (stratified when strata are given); null with fewer than two groups */
  logrankChisq: number | null;
  logrankDf: number;
  logrankP: number | null;
  hazardRatios: HazardRatio[];
  stratified: boolean;
  /** median follow-up by reverse Kaplan-Meier, all groups pooled */
  followUp: MedianFollowUp | null;
  coxWarnings: string[];
}

export interface SurvivalInput {
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored */
  event: ArrayLike<number>;
  /** group code per subject (0..groupLabels.length - 1) */
  group: ArrayLike<number>;
  groupLabels: string[];
  /** code of the reference group (hazard ratios are each other group vs this one) */
  reference: number;
  /**
   * stratum code per subject (0..k-1) for the log-rank test and the Cox model; -1 leaves the subject
   * out of the test and the model (a missing stratum, as R's na.action does) but not out of its curve
   */
  strata?: ArrayLike<number>;
}

export interface SurvivalOptions {
  confType: KmConfType;
  level: number;
  ties: CoxTies;
  landmarks: readonly number[];
}

/**
 * Everything a time-to-event table needs for one endpoint (SPEC.md section 4): per group the
 * Kaplan-Meier curve with Greenwood variance, median and quartiles with Brookmeyer-Crowley CIs on the
 * curve's CI scale, survival and number at risk at the landmarks; the (stratified) log-rank test; the
 * Cox hazard ratio of each group vs the reference with its Wald CI (stratified, ties as chosen); median
 * follow-up by reverse Kaplan-Meier. Equal to R survfit/quantile/summary, survdiff and coxph.
 */
export function analyseSurvival(input: SurvivalInput, opt: SurvivalOptions): SurvivalAnalysis {
  const k = input.groupLabels.length;
  const n = input.time.length;
  const byGroup: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) byGroup[input.group[i]].push(i);

  const groups: SurvivalGroup[] = byGroup.map((rows, g) => {
    if (rows.length === 0) {
      return { group: input.groupLabels[g], n: 0, events: 0, median: null, medianLower: null, medianUpper: null, quartiles: [], landmarks: [], curve: null };
    }
    const curve = kaplanMeier(
      rows.map((i) => input.time[i]),
      rows.map((i) => input.event[i]),
      { confType: opt.confType, level: opt.level },
    );
    const quartiles = survivalQuantiles(curve, [0.25, 0.5, 0.75]);
    const med = quartiles[1];
    return {
      group: input.groupLabels[g],
      n: curve.n,
      events: curve.events,
      median: med.estimate,
      medianLower: med.lower,
      medianUpper: med.upper,
      quartiles,
      landmarks: survivalAtTimes(curve, opt.landmarks).map((s) => ({ time: s.time, surv: s.surv, lower: s.lower, upper: s.upper, nRisk: s.nRisk })),
      curve,
    };
  });

  // Tests and models only on the groups that have subjects; codes renumbered 0..m-1.
  const present = groups.map((g, i) => (g.n > 0 ? i : -1)).filter((i) => i >= 0);
  let logrankChisq: number | null = null;
  let logrankDf = 0;
  let logrankP: number | null = null;
  const hazardRatios: HazardRatio[] = [];
  const coxWarnings: string[] = [];
  if (present.length >= 2 && present.includes(input.reference)) {
    const code = new Int32Array(k).fill(-1);
    present.forEach((g, j) => (code[g] = j));
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (input.strata === undefined || input.strata[i] >= 0) rows.push(i);
    const time = mapFloat64(rows, (i) => input.time[i]);
    const event = mapUint8(rows, (i) => input.event[i]);
    const group = mapInt32(rows, (i) => code[input.group[i]]);
    const strata = input.strata === undefined ? undefined : mapInt32(rows, (i) => input.strata![i]);
    const lr = logRank({ time, event, group, strata });
    logrankChisq = lr.chisq;
    logrankDf = lr.df;
    logrankP = lr.p;
    const others = present.filter((g) => g !== input.reference);
    const covariates = others.map((g) => mapUint8(group, (c) => (c === code[g] ? 1 : 0)));
    const cox = coxPH({ time, event, covariates, strata, ties: opt.ties, level: opt.level });
    coxWarnings.push(...cox.warnings);
    others.forEach((g, j) => {
      const infinite = cox.possiblyInfinite[j] === true || !cox.converged || cox.hr[j] === null;
      hazardRatios.push(
        infinite
          ? { group: input.groupLabels[g], hr: null, hrLower: null, hrUpper: null, p: null, notEstimable: true }
          : { group: input.groupLabels[g], hr: cox.hr[j], hrLower: cox.hrLower[j], hrUpper: cox.hrUpper[j], p: cox.p[j], notEstimable: false },
      );
    });
  }

  const followUp = n > 0 ? medianFollowUp(input.time, input.event, { confType: opt.confType, level: opt.level }) : null;
  return {
    groups,
    reference: input.groupLabels[input.reference],
    logrankChisq,
    logrankDf,
    logrankP,
    hazardRatios,
    stratified: input.strata !== undefined,
    followUp,
    coxWarnings,
  };
}
