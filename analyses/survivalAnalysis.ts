import { coxPH, type CoxTies } from './stats/coxPH.js';
import { kaplanMeierCounts, type KaplanMeierCurve, type KmConfType, type TimeCounts } from './stats/kaplanMeier.js';
import { logRank } from './stats/logRank.js';
import { medianFollowUpCounts, type MedianFollowUp } from './stats/medianFollowUp.js';
import { rankTimes, stratumTimePositions, type StratumTimeOrder, type TimeRanks } from './stats/survivalOrder.js';
import { survivalAtTimes } from './stats/survivalAtTimes.js';
import { survivalQuantiles, type SurvivalQuantile } from './stats/survivalQuantiles.js';

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

/**
 * A group's figures as the JSON outputs print them, everything but the curve: results.json `survival`
 * (landmark times under `month`, SPEC section 5) and `mrd survival --json` (under `time`: its times are
 * in the data's own unit). The one mapping of both.
 */
export function groupFigures(g: SurvivalGroup, timeKey: 'time' | 'month') {
  return {
    group: g.group,
    n: g.n,
    events: g.events,
    median: g.median,
    medianLower: g.medianLower,
    medianUpper: g.medianUpper,
    quartiles: g.quartiles.map((q) => ({ prob: q.prob, estimate: q.estimate, lower: q.lower, upper: q.upper })),
    landmarks: g.landmarks.map((l) => ({ [timeKey]: l.time, surv: l.surv, lower: l.lower, upper: l.upper, nRisk: l.nRisk })),
  };
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
  checkObservations(input);
  // The times are ranked once (a hash of the few thousand distinct days, no sort of the subjects):
  // the curves and the follow-up are computed from counts by rank, and the same ranks order the
  // observations for the log-rank test and the Cox model.
  const ranks = rankTimes(input.time);
  const counts = countsByGroup(input, ranks);

  const groups: SurvivalGroup[] = counts.groups.map((c, g) => {
    if (c.time.length === 0) {
      return { group: input.groupLabels[g], n: 0, events: 0, median: null, medianLower: null, medianUpper: null, quartiles: [], landmarks: [], curve: null };
    }
    const curve = kaplanMeierCounts(c, { confType: opt.confType, level: opt.level });
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
    const tested = testedObservations(input, code);
    const { time, event, group, strata, sorted } = inStratumTimeOrder(tested, stratumTimePositions(tested.time, tested.strata, true, tested.all ? ranks : undefined));
    const lr = logRank({ time, event, group, strata, sorted });
    logrankChisq = lr.chisq;
    logrankDf = lr.df;
    logrankP = lr.p;
    const others = present.filter((g) => g !== input.reference);
    const covariates = others.map((g) => indicator(group, code[g]));
    const cox = coxPH({ time, event, covariates, strata, ties: opt.ties, level: opt.level, sorted });
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

  const followUp = n > 0 ? medianFollowUpCounts(counts.pooled, { confType: opt.confType, level: opt.level }) : null;
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

/** Checks the columns once, so that every later pass can trust them. */
function checkObservations(input: SurvivalInput): void {
  const n = input.time.length;
  const k = input.groupLabels.length;
  if (input.event.length !== n || input.group.length !== n || (input.strata !== undefined && input.strata.length !== n)) {
    throw new RangeError(`analyseSurvival: time, event, group${input.strata ? ', strata' : ''} must have equal length`);
  }
  for (let i = 0; i < n; i++) {
    const t = input.time[i];
    if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`time[${i}] must be a finite number >= 0, got ${String(t)}`);
    const e = input.event[i];
    if (e !== 0 && e !== 1) throw new RangeError(`event[${i}] must be 0 or 1, got ${String(e)}`);
    const g = input.group[i];
    if (!(Number.isInteger(g) && g >= 0 && g < k)) throw new RangeError(`analyseSurvival: group[${i}] must be a code 0..${k - 1}, got ${g}`);
  }
}

/**
 * Each group's events and censorings by distinct time, and all observations' (`pooled`, for the
 * follow-up): one counting pass per group over the observations' ranks. Times a curve has no
 * observation at are left out of it.
 */
function countsByGroup(input: SurvivalInput, { values, rank }: TimeRanks): { groups: TimeCounts[]; pooled: TimeCounts } {
  const d = values.length;
  const ev = new Int32Array(d);
  const ce = new Int32Array(d);
  const pooled: TimeCounts = { time: values, nEvent: new Int32Array(d), nCensor: new Int32Array(d) };
  const groups = input.groupLabels.map((_, g) => {
    ev.fill(0);
    ce.fill(0);
    for (let i = 0; i < rank.length; i++) {
      if (input.group[i] !== g) continue;
      if (input.event[i] === 1) ev[rank[i]]++;
      else ce[rank[i]]++;
    }
    let m = 0;
    for (let r = 0; r < d; r++) if (ev[r] + ce[r] > 0) m++;
    const out: TimeCounts = { time: new Float64Array(m), nEvent: new Int32Array(m), nCensor: new Int32Array(m) };
    for (let r = 0, j = 0; r < d; r++) {
      if (ev[r] + ce[r] === 0) continue;
      out.time[j] = values[r];
      out.nEvent[j] = ev[r];
      out.nCensor[j] = ce[r];
      pooled.nEvent[r] += ev[r];
      pooled.nCensor[r] += ce[r];
      j++;
    }
    return out;
  });
  return { groups, pooled };
}

/**
 * The observations the log-rank test and the Cox model use: those with a stratum (-1 is missing) in a
 * group present, group codes renumbered by `code`. The input columns themselves when that is every
 * observation and no code changes (`all`: the ranks of the input times still apply).
 */
function testedObservations(
  input: SurvivalInput,
  code: Int32Array,
): { time: ArrayLike<number>; event: ArrayLike<number>; group: ArrayLike<number>; strata: ArrayLike<number> | undefined; all: boolean } {
  const n = input.time.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (input.strata === undefined || input.strata[i] >= 0) m++;
  const identity = code.every((c, g) => c === g);
  if (m === n && identity) return { time: input.time, event: input.event, group: input.group, strata: input.strata, all: true };
  const time = new Float64Array(m);
  const event = new Uint8Array(m);
  const group = new Int32Array(m);
  const strata = input.strata === undefined ? undefined : new Int32Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    if (input.strata !== undefined && input.strata[i] < 0) continue;
    time[j] = input.time[i];
    event[j] = input.event[i];
    group[j] = code[input.group[i]];
    if (strata !== undefined) strata[j] = input.strata![i];
    j++;
  }
  return { time, event, group, strata, all: m === n };
}

/**
 * The observations moved into their (stratum, time) order, with that order as the identity: the
 * log-rank test and the Cox model then read every column in sequence instead of through the order
 * (a cache miss per observation and column at 10^6 subjects). Each column is read in sequence and
 * written to its sorted position.
 */
function inStratumTimeOrder(
  obs: { time: ArrayLike<number>; event: ArrayLike<number>; group: ArrayLike<number>; strata: ArrayLike<number> | undefined },
  sorted: ReturnType<typeof stratumTimePositions>,
): { time: Float64Array; event: Uint8Array; group: Int32Array; strata: Int32Array | undefined; sorted: StratumTimeOrder } {
  const n = obs.time.length;
  const { position, stratumStart } = sorted;
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = position[i];
    time[k] = obs.time[i];
    event[k] = obs.event[i];
    group[k] = obs.group[i];
  }
  let strata: Int32Array | undefined;
  if (obs.strata !== undefined) {
    strata = new Int32Array(n);
    for (let s = 0; s + 1 < stratumStart.length; s++) strata.fill(s, stratumStart[s], stratumStart[s + 1]);
  }
  const identity = position; // reused: no longer needed
  for (let k = 0; k < n; k++) identity[k] = k;
  return { time, event, group, strata, sorted: { order: identity, sortedTime: sorted.sortedTime, stratumStart } };
}

/** 1 where `codes` is `c`, else 0 (a group's indicator covariate). */
function indicator(codes: ArrayLike<number>, c: number): Uint8Array {
  const out = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] === c ? 1 : 0;
  return out;
}
