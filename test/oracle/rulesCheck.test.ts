/**
 * The derivation rules of docs/rules.md against an independent R re-implementation (test/oracle/rulesCheck.R,
 * written from the documents only) on the synthetic studies data-samples/rules-check (primary-then-secondary)
 * and data-samples/rules-check-both (both-negative, hemodiluted negatives count, NGS LOD = 3 / cells).
 *
 * Compared: every sample's exclusion reason, achieved LOD and its source, and status/reason at each threshold;
 * every subject's best response, MRD-evaluable flag and endpoint flags (MRD_NEG, MRD_NEG_CR, SUSTAINED_MRD_NEG,
 * MRD_NEG_CR_M12) at each threshold; every rate (x, n, rate, Clopper-Pearson CI) and every comparison (CMH
 * statistic and p-value, Mantel-Haenszel OR with the RBG CI, strata used and dropped); and every time-to-event
 * analysis of `mrd run` (each tte.csv parameter by arm stratified by the randomisation strata, MRD_NEG_DURATION by
 * arm at each threshold, PFS_BY_MRD_<L>M by MRD status stratified by arm), computed in R with the survival package
 * from the oracle's own assessments: per group n, events, median and quartiles with Brookmeyer-Crowley limits,
 * survival with its limits and the number at risk at the plan's landmarks; the log-rank statistic and p-value; the
 * Cox hazard ratio with its Wald CI and p-value (null where R's fit warns that it is not estimable); the median
 * follow-up by reverse Kaplan-Meier. Also (docs/rules.md, "Concordance, failures, composite and flags"): the
 * composite MRD_NEG_IMAGING_FLC per subject and in the rates and comparisons like every other endpoint; the NGF-NGS
 * concordance at each threshold (pairs, evaluable pairs, the 2x2 table, overall/positive/negative agreement with
 * Clopper-Pearson CIs, Cohen's kappa with its ASE and Wald CI, McNemar statistic and asymptotic and exact p); the
 * assay failure counts by method, reason and arm and the failure rates by method, method x arm and method x lab;
 * conversion by threshold and arm; the NGF anti-CD38 and masked-CR flags. Each check collects all its
 * disagreements, so that a failure lists every one of them. RULES_CHECK_COUNT=1 prints how many figures each
 * check compared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { REASONS, STATUS_LABEL } from '../../model/status.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { deriveFirstCrDay } from '../../pipeline/derive/deriveBestResponse.js';
import { deriveTimepointNegativity } from '../../pipeline/derive/deriveTimepointNegativity.js';
import { deriveImagingAndFlcNormal } from '../../pipeline/derive/deriveCompositeResponse.js';
import { rulesCheckBothFiles, rulesCheckFiles } from '../../data-samples/rules-check/generate.js';
import { expectClose } from '../helpers/approx.js';

type Num = number | null | 'Infinity' | '-Infinity';
interface FixtureSample {
  line: number;
  subject: string;
  sample: string;
  exclusion: string | null;
  lod: number | null;
  lodSource: string;
  status: string[];
  reason: (string | null)[];
}
interface FixtureSubject {
  subject: string;
  arm: string;
  itt: boolean;
  bestResponse: string | null;
  crDay: number | null;
  EVALUABLE: boolean[];
  [endpoint: string]: unknown;
}
interface FixtureRate {
  endpoint: string;
  population: string;
  threshold: number;
  arm: string;
  n: number;
  x: number;
  rate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}
interface FixtureComparison {
  endpoint: string;
  population: string;
  threshold: number;
  arm: string;
  control: string;
  strataUsed: number;
  strataDropped: number;
  cmhStatistic: Num;
  cmhP: Num;
  orMH: Num;
  orLower: Num;
  orUpper: Num;
}
type R = number | null;
interface FixtureQuantile {
  prob: number;
  estimate: R;
  lower: R;
  upper: R;
}
interface FixtureLandmark {
  time: number;
  surv: R;
  lower: R;
  upper: R;
  nRisk: number;
}
interface FixtureSurvivalGroup {
  group: string;
  n: number;
  events: number;
  median: R;
  medianLower: R;
  medianUpper: R;
  quartiles: FixtureQuantile[];
  landmarks: FixtureLandmark[];
}
interface FixtureTimeToEvent {
  endpoint: string;
  threshold: number | null;
  groupedBy: 'arm' | 'mrd';
  reference: string;
  stratified: boolean;
  nStrata: number;
  groups: FixtureSurvivalGroup[];
  logrankChisq: R;
  logrankP: R;
  hrGroup: string;
  hr: R;
  hrLower: R;
  hrUpper: R;
  hrP: R;
  /** null when there is no comparison (a group without subjects) */
  notEstimable: boolean | null;
  coxWarnings: string[];
  followUp: { estimate: R; lower: R; upper: R };
}
interface FixtureProportion {
  x: number;
  n: number;
  rate: R;
  ciLower: R;
  ciUpper: R;
}
interface FixtureConcordance {
  threshold: number;
  pairs: number;
  n: number;
  bothNegative: number;
  ngfNegativeNgsPositive: number;
  ngfPositiveNgsNegative: number;
  bothPositive: number;
  overall: FixtureProportion;
  positive: FixtureProportion;
  negative: FixtureProportion;
  kappa: R;
  ase: R;
  kappaLower: R;
  kappaUpper: R;
  mcnemarStatistic: R;
  mcnemarP: R;
  mcnemarExactP: R;
}
interface FixtureFailureRate {
  /** `method`, `arm` (method x arm) or `lab` (method x lab) */
  by: 'method' | 'arm' | 'lab';
  method: string;
  level: string;
  tests: number;
  failed: number;
  rate: R;
  ciLower: R;
  ciUpper: R;
}
interface FixtureStudy {
  study: string;
  thresholds: number[];
  combine: string;
  sustainedEndpoint: string;
  samples: FixtureSample[];
  subjects: FixtureSubject[];
  rates: FixtureRate[];
  comparisons: FixtureComparison[];
  timeToEvent: FixtureTimeToEvent[];
  compositeEndpoint: string | null;
  concordance: FixtureConcordance[];
  failures: { method: string; reason: string; arm: string; count: number }[];
  failureRates: FixtureFailureRate[];
  conversion: ({ threshold: number; arm: string } & FixtureProportion)[];
  flags: {
    ngfAntiCd38: { subject: string; sample: string; line: number; collected: string; drug: string; daysAfterEnd: number | null }[];
    maskedCr: { subject: string; bestResponse: string; lastIfeDate: string; drug: string }[];
  };
}

const fixture = JSON.parse(readFileSync('test/oracle/fixtures/rulesCheck.json', 'utf8')) as Record<'main' | 'both', FixtureStudy>;
const STUDIES = [
  { key: 'main' as const, dir: 'data-samples/rules-check', files: rulesCheckFiles },
  { key: 'both' as const, dir: 'data-samples/rules-check-both', files: rulesCheckBothFiles },
];

const num = (v: Num): number | null => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
/** Non-finite pipeline figures compare as null unless the reference is infinite too. */
const got = (v: number | null | undefined): number | null => (v === undefined || v === null || Number.isNaN(v) ? null : v);

/** The pipeline's label of a failure-rate breakdown. */
const FAILURE_BY = { method: 'method', arm: 'method × arm', lab: 'method × lab' } as const;

/** Runs a check and records its failure message instead of stopping at the first one. */
function collect(out: string[], f: () => void): void {
  try {
    f();
  } catch (e) {
    out.push((e as Error).message.split('\n')[0]);
  }
}

describe.each(STUDIES)('rules check: $dir against the R oracle', ({ key, dir, files }) => {
  const ref = fixture[key];
  let a: Analysis;
  let sampleIndex: Map<string, number>;
  beforeAll(async () => {
    a = await analyseStudy(dir);
    const ids = a.tables.mrd.text.SAMPLEID;
    sampleIndex = new Map(ids.toArray().map((s, i) => [`${a.tables.mrd.text.USUBJID.at(i)}|${s}`, i]));
  });

  it('is exactly what its committed generator writes', () => {
    for (const [name, text] of files()) expect(readFileSync(join(dir, name), 'utf8'), `${dir}/${name}`).toBe(text);
  });

  it('reads every row (none rejected) and uses the plan the oracle read', () => {
    expect(a.rejected).toEqual([]);
    expect(a.plan.mrd.thresholds).toEqual(ref.thresholds);
    expect(a.plan.mrd.combine).toBe(ref.combine);
    expect(a.sustainedEndpoint).toBe(ref.sustainedEndpoint);
    expect(a.tables.mrd.n).toBe(ref.samples.length);
    expect(a.subjects.n).toBe(ref.subjects.length);
  });

  it('gives every sample the exclusion reason, LOD and LOD source of the oracle', () => {
    const bad: string[] = [];
    for (const s of ref.samples) {
      const i = sampleIndex.get(`${s.subject}|${s.sample}`);
      if (i === undefined) {
        bad.push(`${s.sample}: missing`);
        continue;
      }
      if (a.tables.mrd.line[i] !== s.line) bad.push(`${s.sample}: line ${a.tables.mrd.line[i]}, expected ${s.line}`);
      const exclusion = REASONS.text(a.exclusion[i]);
      if (exclusion !== s.exclusion) bad.push(`${s.sample} (line ${s.line}): exclusion ${exclusion}, expected ${s.exclusion}`);
      const source = LOD_SOURCE[a.sensitivity.source[i]];
      if (source !== s.lodSource) bad.push(`${s.sample} (line ${s.line}): LOD source ${source}, expected ${s.lodSource}`);
      collect(bad, () => expectClose(got(a.sensitivity.lod[i]), s.lod, 1e-12, 0, `${s.sample} (line ${s.line}) LOD`));
    }
    expect(bad).toEqual([]);
  });

  it('gives every sample the status and reason of the oracle at every threshold', () => {
    const bad: string[] = [];
    ref.thresholds.forEach((t, k) => {
      const st = a.sampleStatus[k];
      expect(st.threshold).toBe(t);
      for (const s of ref.samples) {
        const i = sampleIndex.get(`${s.subject}|${s.sample}`)!;
        const status = STATUS_LABEL[st.status[i]];
        const reason = REASONS.text(st.reason[i]);
        if (status !== s.status[k] || reason !== s.reason[k]) {
          bad.push(`${s.sample} (line ${s.line}) at ${t}: ${status}/${reason}, expected ${s.status[k]}/${s.reason[k]}`);
        }
      }
    });
    expect(bad).toEqual([]);
  });

  it('gives every subject the best response and first CR day of the oracle', () => {
    const bad: string[] = [];
    const crDay = deriveFirstCrDay(a.tables.response, a.subjects, a.plan, a.bestResponse);
    for (const s of ref.subjects) {
      const i = a.subjects.index.get(s.subject)!;
      if ((a.bestResponse[i] ?? null) !== s.bestResponse) bad.push(`${s.subject}: best response ${a.bestResponse[i]}, expected ${s.bestResponse}`);
      if (a.subjects.arm[i] !== s.arm) bad.push(`${s.subject}: arm ${a.subjects.arm[i]}, expected ${s.arm}`);
      if (a.subjects.itt[i] !== (s.itt ? 1 : 0)) bad.push(`${s.subject}: ITT ${a.subjects.itt[i]}, expected ${s.itt}`);
      const cr = got(crDay[i]);
      if (s.bestResponse === 'CR' || s.bestResponse === 'SCR') {
        if (cr !== s.crDay) bad.push(`${s.subject}: first CR day ${cr}, expected ${s.crDay}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('gives every subject the MRD-evaluable and endpoint flags of the oracle at every threshold', () => {
    const bad: string[] = [];
    const crDay = deriveFirstCrDay(a.tables.response, a.subjects, a.plan, a.bestResponse);
    ref.thresholds.forEach((t, k) => {
      const mrd = a.subjectMrd[k];
      expect(mrd.threshold).toBe(t);
      expect(a.sustained[k].threshold).toBe(t);
      const flags: Record<string, ArrayLike<number>> = {
        EVALUABLE: mrd.evaluable,
        MRD_NEG: mrd.negative,
        MRD_NEG_CR: mrd.negative.map((v, i) => v & (a.bestResponse[i] === 'CR' || a.bestResponse[i] === 'SCR' ? 1 : 0)),
        [a.sustainedEndpoint]: a.sustained[k].sustained,
      };
      for (const tp of a.plan.mrd.timepoints) {
        flags[`MRD_NEG_CR_${tp.name}`] = deriveTimepointNegativity(a.assessments[k], a.subjects.randDay, crDay, tp);
      }
      if (a.compositeEndpoint) {
        const imagingFlc = deriveImagingAndFlcNormal(a.tables.imaging, a.tables.response, a.subjects, a.plan);
        flags[a.compositeEndpoint] = mrd.negative.map((v, i) => v & imagingFlc[i]);
      }
      const endpoints = Object.keys(ref.subjects[0]).filter((e) => e === 'EVALUABLE' || e.startsWith('MRD_') || e.startsWith('SUSTAINED_'));
      expect(Object.keys(flags).sort()).toEqual(endpoints.sort());
      for (const s of ref.subjects) {
        const i = a.subjects.index.get(s.subject)!;
        for (const e of endpoints) {
          const want = (s[e] as boolean[])[k] ? 1 : 0;
          if (flags[e][i] !== want) bad.push(`${s.subject} ${e} at ${t}: ${flags[e][i]}, expected ${want}`);
        }
      }
    });
    expect(bad).toEqual([]);
  });

  it('computes every rate (x, n, rate, Clopper-Pearson CI) as the oracle', () => {
    expect(a.compositeEndpoint).toBe(ref.compositeEndpoint);
    expect(a.mrdRates.length).toBe(ref.rates.length);
    const bad: string[] = [];
    let compared = 0;
    for (const r of ref.rates) {
      const label = `${r.endpoint} ${r.population} ${r.threshold} ${r.arm}`;
      const q = a.mrdRates.find((x) => x.endpoint === r.endpoint && x.population === r.population && x.threshold === r.threshold && x.arm === r.arm);
      if (!q) {
        bad.push(`${label}: missing`);
        continue;
      }
      if (q.x !== r.x || q.n !== r.n) bad.push(`${label}: ${q.x}/${q.n}, expected ${r.x}/${r.n}`);
      collect(bad, () => expectClose(got(q.rate), r.rate, 1e-6, 1e-12, `${label} rate`));
      collect(bad, () => expectClose(got(q.ciLower), r.ciLower, 1e-6, 1e-12, `${label} ciLower`));
      collect(bad, () => expectClose(got(q.ciUpper), r.ciUpper, 1e-6, 1e-12, `${label} ciUpper`));
      compared += 5;
    }
    if (process.env.RULES_CHECK_COUNT) {
      const composite = ref.rates.filter((r) => r.endpoint === ref.compositeEndpoint).length * 5;
      console.log(`${key}: ${compared} rate figures compared (${composite} of ${ref.compositeEndpoint}), ${bad.length} disagreements`);
    }
    expect(bad).toEqual([]);
  });

  it('computes every comparison (CMH statistic and p, MH OR with RBG CI, strata used and dropped) as the oracle', () => {
    expect(a.mrdComparisons.length).toBe(ref.comparisons.length);
    const bad: string[] = [];
    let compared = 0;
    for (const r of ref.comparisons) {
      const label = `${r.endpoint} ${r.population} ${r.threshold}`;
      const q = a.mrdComparisons.find((x) => x.endpoint === r.endpoint && x.population === r.population && x.threshold === r.threshold);
      if (!q) {
        bad.push(`${label}: missing`);
        continue;
      }
      if (q.arm !== r.arm || q.control !== r.control) bad.push(`${label}: ${q.arm} vs ${q.control}, expected ${r.arm} vs ${r.control}`);
      if (q.strataUsed !== r.strataUsed || q.strataDropped !== r.strataDropped) {
        bad.push(`${label}: strata used/dropped ${q.strataUsed}/${q.strataDropped}, expected ${r.strataUsed}/${r.strataDropped}`);
      }
      for (const f of ['cmhStatistic', 'cmhP', 'orMH', 'orLower', 'orUpper'] as const) {
        collect(bad, () => expectClose(got(q[f]), num(r[f]), 1e-6, 1e-12, `${label} ${f}`));
      }
      compared += 7;
    }
    if (process.env.RULES_CHECK_COUNT) {
      const composite = ref.comparisons.filter((r) => r.endpoint === ref.compositeEndpoint).length * 7;
      console.log(`${key}: ${compared} comparison figures compared (${composite} of ${ref.compositeEndpoint}), ${bad.length} disagreements`);
    }
    expect(bad).toEqual([]);
  });

  it('computes every time-to-event figure (KM, quartiles, landmarks, log-rank, Cox HR, follow-up) as the oracle', () => {
    expect(a.timeToEvent.length).toBe(ref.timeToEvent.length);
    const bad: string[] = [];
    let compared = 0;
    const close = (x: number | null | undefined, want: R, label: string) => {
      compared++;
      collect(bad, () => expectClose(got(x), want, 1e-6, 1e-12, label));
    };
    const same = (x: unknown, want: unknown, label: string) => {
      compared++;
      if (x !== want) bad.push(`${label}: ${String(x)}, expected ${String(want)}`);
    };
    for (const r of ref.timeToEvent) {
      const label = `${r.endpoint}${r.threshold === null ? '' : ` ${r.threshold}`}`;
      const q = a.timeToEvent.find((x) => x.endpoint === r.endpoint && x.threshold === r.threshold);
      if (!q) {
        bad.push(`${label}: missing`);
        continue;
      }
      const an = q.analysis;
      if (q.groupedBy !== r.groupedBy || an.reference !== r.reference || an.stratified !== r.stratified) {
        bad.push(`${label}: grouped by ${q.groupedBy}, reference ${an.reference}, stratified ${an.stratified}; expected ${r.groupedBy}, ${r.reference}, ${r.stratified}`);
      }
      expect(an.groups.map((g) => g.group).sort(), `${label} groups`).toEqual(r.groups.map((g) => g.group).sort());
      for (const rg of r.groups) {
        const g = an.groups.find((x) => x.group === rg.group)!;
        const gl = `${label} ${rg.group}`;
        same(g.n, rg.n, `${gl} n`);
        same(g.events, rg.events, `${gl} events`);
        close(g.median, rg.median, `${gl} median`);
        close(g.medianLower, rg.medianLower, `${gl} medianLower`);
        close(g.medianUpper, rg.medianUpper, `${gl} medianUpper`);
        same(g.quartiles.length, rg.quartiles.length, `${gl} number of quartiles`);
        for (const rq of rg.quartiles) {
          const qq = g.quartiles.find((x) => x.prob === rq.prob);
          if (!qq) {
            bad.push(`${gl} quartile ${rq.prob}: missing`);
            continue;
          }
          close(qq.estimate, rq.estimate, `${gl} quartile ${rq.prob}`);
          close(qq.lower, rq.lower, `${gl} quartile ${rq.prob} lower`);
          close(qq.upper, rq.upper, `${gl} quartile ${rq.prob} upper`);
        }
        same(g.landmarks.length, rg.landmarks.length, `${gl} number of landmarks`);
        for (const rl of rg.landmarks) {
          const l = g.landmarks.find((x) => x.time === rl.time);
          if (!l) {
            bad.push(`${gl} landmark ${rl.time}: missing`);
            continue;
          }
          const ll = `${gl} at ${rl.time} months`;
          close(l.surv, rl.surv, `${ll} surv`);
          close(l.lower, rl.lower, `${ll} lower`);
          close(l.upper, rl.upper, `${ll} upper`);
          same(l.nRisk, rl.nRisk, `${ll} nRisk`);
        }
      }
      close(an.logrankChisq, r.logrankChisq, `${label} log-rank chisq`);
      close(an.logrankP, r.logrankP, `${label} log-rank p`);
      if (r.notEstimable === null) {
        same(an.hazardRatios.length, 0, `${label} number of hazard ratios`);
      } else {
        const h = an.hazardRatios.find((x) => x.group === r.hrGroup);
        if (!h || an.hazardRatios.length !== 1) {
          bad.push(`${label}: hazard ratio of ${r.hrGroup} missing (${an.hazardRatios.length} reported)`);
        } else {
          // the pipeline's "not estimable" (monotone likelihood, no convergence) is exactly where R's coxph warns
          same(h.notEstimable, r.notEstimable, `${label} HR not estimable (R: ${r.coxWarnings.join('; ') || 'no warning'})`);
          if (r.notEstimable) expect(r.coxWarnings.length, `${label} R warnings`).toBeGreaterThan(0);
          close(h.hr, r.hr, `${label} HR ${r.hrGroup}`);
          close(h.hrLower, r.hrLower, `${label} HR lower`);
          close(h.hrUpper, r.hrUpper, `${label} HR upper`);
          close(h.p, r.hrP, `${label} HR Wald p`);
        }
      }
      close(an.followUp?.estimate, r.followUp.estimate, `${label} median follow-up`);
      close(an.followUp?.lower, r.followUp.lower, `${label} median follow-up lower`);
      close(an.followUp?.upper, r.followUp.upper, `${label} median follow-up upper`);
    }
    if (process.env.RULES_CHECK_COUNT) console.log(`${key}: ${compared} time-to-event figures compared, ${bad.length} disagreements`);
    expect(bad).toEqual([]);
  });

  it('computes the NGF-NGS concordance at every threshold (table, agreements, kappa, McNemar) as the oracle', () => {
    expect(a.concordance.map((c) => c.threshold)).toEqual(ref.concordance.map((c) => c.threshold));
    const bad: string[] = [];
    let compared = 0;
    const close = (x: number | null | undefined, want: R, label: string) => {
      compared++;
      collect(bad, () => expectClose(got(x), want, 1e-6, 1e-12, label));
    };
    const same = (x: unknown, want: unknown, label: string) => {
      compared++;
      if (x !== want) bad.push(`${label}: ${String(x)}, expected ${String(want)}`);
    };
    for (const r of ref.concordance) {
      const q = a.concordance.find((x) => x.threshold === r.threshold)!;
      const label = `concordance at ${r.threshold}`;
      same(q.pairs, r.pairs, `${label} pairs`);
      same(q.n, r.n, `${label} evaluable pairs`);
      for (const f of ['bothNegative', 'ngfNegativeNgsPositive', 'ngfPositiveNgsNegative', 'bothPositive'] as const) same(q.table[f], r[f], `${label} ${f}`);
      same(q.agreement.reference, 'ngs', `${label} agreement comparator`);
      for (const f of ['overall', 'positive', 'negative'] as const) {
        const p = q.agreement[f];
        same(p.x, r[f].x, `${label} ${f} agreement x`);
        same(p.n, r[f].n, `${label} ${f} agreement n`);
        close(p.rate, r[f].rate, `${label} ${f} agreement`);
        close(p.ciLower, r[f].ciLower, `${label} ${f} agreement ciLower`);
        close(p.ciUpper, r[f].ciUpper, `${label} ${f} agreement ciUpper`);
      }
      close(q.kappa.kappa, r.kappa, `${label} kappa`);
      close(q.kappa.ase, r.ase, `${label} kappa ASE`);
      close(q.kappa.ciLower, r.kappaLower, `${label} kappa lower`);
      close(q.kappa.ciUpper, r.kappaUpper, `${label} kappa upper`);
      same(q.mcnemar.correct, false, `${label} McNemar continuity correction`);
      close(q.mcnemar.statistic, r.mcnemarStatistic, `${label} McNemar statistic`);
      close(q.mcnemar.pValue, r.mcnemarP, `${label} McNemar p`);
      close(q.mcnemar.exactPValue, r.mcnemarExactP, `${label} McNemar exact p`);
    }
    if (process.env.RULES_CHECK_COUNT) console.log(`${key}: ${compared} concordance figures compared, ${bad.length} disagreements`);
    expect(bad).toEqual([]);
  });

  it('counts every assay failure (method, reason, arm) and computes every failure rate as the oracle', () => {
    const bad: string[] = [];
    let compared = 0;
    const counted = a.failures.filter((f) => f.count > 0);
    if (counted.length !== ref.failures.length) bad.push(`${counted.length} failure counts, expected ${ref.failures.length}`);
    for (const r of ref.failures) {
      const label = `failures ${r.method}/${r.reason}/${r.arm}`;
      const q = a.failures.find((x) => x.method === r.method && x.reason === r.reason && x.arm === r.arm);
      compared++;
      if (!q) bad.push(`${label}: missing`);
      else if (q.count !== r.count) bad.push(`${label}: ${q.count}, expected ${r.count}`);
    }
    for (const q of counted) {
      if (!ref.failures.some((r) => r.method === q.method && r.reason === q.reason && r.arm === q.arm)) bad.push(`failures ${q.method}/${q.reason}/${q.arm}: ${q.count}, expected none`);
    }
    if (a.failureRates.length !== ref.failureRates.length) bad.push(`${a.failureRates.length} failure rates, expected ${ref.failureRates.length}`);
    for (const r of ref.failureRates) {
      const by = FAILURE_BY[r.by];
      const label = `failure rate ${by} ${r.method} ${r.level}`;
      const q = a.failureRates.find((x) => x.by === by && x.method === r.method && x.level === r.level);
      if (!q) {
        bad.push(`${label}: missing`);
        continue;
      }
      compared += 5;
      if (q.failed !== r.failed || q.tests !== r.tests) bad.push(`${label}: ${q.failed}/${q.tests}, expected ${r.failed}/${r.tests}`);
      collect(bad, () => expectClose(got(q.rate), r.rate, 1e-6, 1e-12, `${label} rate`));
      collect(bad, () => expectClose(got(q.ciLower), r.ciLower, 1e-6, 1e-12, `${label} ciLower`));
      collect(bad, () => expectClose(got(q.ciUpper), r.ciUpper, 1e-6, 1e-12, `${label} ciUpper`));
    }
    if (process.env.RULES_CHECK_COUNT) console.log(`${key}: ${compared} failure figures compared, ${bad.length} disagreements`);
    expect(bad).toEqual([]);
  });

  it('computes conversion from MRD positive to negative by threshold and arm as the oracle', () => {
    expect(a.conversion.length).toBe(ref.conversion.length);
    const bad: string[] = [];
    let compared = 0;
    for (const r of ref.conversion) {
      const label = `conversion ${r.threshold} ${r.arm}`;
      const q = a.conversion.find((x) => x.threshold === r.threshold && x.arm === r.arm);
      if (!q) {
        bad.push(`${label}: missing`);
        continue;
      }
      compared += 5;
      if (q.x !== r.x || q.n !== r.n) bad.push(`${label}: ${q.x}/${q.n}, expected ${r.x}/${r.n}`);
      collect(bad, () => expectClose(got(q.rate), r.rate, 1e-6, 1e-12, `${label} rate`));
      collect(bad, () => expectClose(got(q.ciLower), r.ciLower, 1e-6, 1e-12, `${label} ciLower`));
      collect(bad, () => expectClose(got(q.ciUpper), r.ciUpper, 1e-6, 1e-12, `${label} ciUpper`));
    }
    if (process.env.RULES_CHECK_COUNT) console.log(`${key}: ${compared} conversion figures compared, ${bad.length} disagreements`);
    expect(bad).toEqual([]);
  });

  it('raises exactly the NGF anti-CD38 and masked-CR flags of the oracle', () => {
    const ngf = (f: { subject: string; sample: string; collected: string; drug: string; daysAfterEnd: number | null }) =>
      `${f.subject} ${f.sample} ${f.collected} ${f.drug} daysAfterEnd=${f.daysAfterEnd ?? 'ongoing'}`;
    const masked = (f: { subject: string; bestResponse: string; lastIfeDate: string; drug: string }) => `${f.subject} ${f.bestResponse} ${f.lastIfeDate} ${f.drug}`;
    const gotNgf = a.flags.ngfAntiCd38.map(ngf).sort();
    const wantNgf = ref.flags.ngfAntiCd38.map(ngf).sort();
    const gotMasked = a.flags.maskedCr.map(masked).sort();
    const wantMasked = ref.flags.maskedCr.map(masked).sort();
    if (process.env.RULES_CHECK_COUNT) {
      console.log(`${key}: ${wantNgf.length} NGF anti-CD38 flags x 5 fields and ${wantMasked.length} masked-CR flags x 4 fields compared`);
    }
    expect({
      ngfAntiCd38: { missing: wantNgf.filter((x) => !gotNgf.includes(x)), unexpected: gotNgf.filter((x) => !wantNgf.includes(x)) },
      maskedCr: { missing: wantMasked.filter((x) => !gotMasked.includes(x)), unexpected: gotMasked.filter((x) => !wantMasked.includes(x)) },
    }).toEqual({ ngfAntiCd38: { missing: [], unexpected: [] }, maskedCr: { missing: [], unexpected: [] } });
    expect(gotNgf).toEqual(wantNgf);
    expect(gotMasked).toEqual(wantMasked);
    // the lines of mrd.csv the flags point to
    const lines = (xs: { line: number }[]) => xs.map((f) => f.line).sort((p, q) => p - q);
    expect(lines(a.flags.ngfAntiCd38)).toEqual(lines(ref.flags.ngfAntiCd38));
  });
});
