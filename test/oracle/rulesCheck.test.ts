/**
 * The derivation rules of docs/rules.md against an independent R re-implementation (test/oracle/rulesCheck.R,
 * written from the documents only) on the synthetic studies data-samples/rules-check (primary-then-secondary)
 * and data-samples/rules-check-both (both-negative, hemodiluted negatives count, NGS LOD = 3 / cells).
 *
 * Compared: every sample's exclusion reason, achieved LOD and its source, and status/reason at each threshold;
 * every subject's best response, MRD-evaluable flag and endpoint flags (MRD_NEG, MRD_NEG_CR, SUSTAINED_MRD_NEG,
 * MRD_NEG_CR_M12) at each threshold; every rate (x, n, rate, Clopper-Pearson CI) and every comparison (CMH
 * statistic and p-value, Mantel-Haenszel OR with the RBG CI, strata used and dropped). Each check collects all its
 * disagreements, so that a failure lists every one of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { STATUS_LABEL } from '../../pipeline/derive/status.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { deriveFirstCrDay } from '../../pipeline/derive/deriveBestResponse.js';
import { deriveTimepointNegativity } from '../../pipeline/derive/deriveTimepointNegativity.js';
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
interface FixtureStudy {
  study: string;
  thresholds: number[];
  combine: string;
  sustainedEndpoint: string;
  samples: FixtureSample[];
  subjects: FixtureSubject[];
  rates: FixtureRate[];
  comparisons: FixtureComparison[];
}

const fixture = JSON.parse(readFileSync('test/oracle/fixtures/rulesCheck.json', 'utf8')) as Record<'main' | 'both', FixtureStudy>;
const STUDIES = [
  { key: 'main' as const, dir: 'data-samples/rules-check', files: rulesCheckFiles },
  { key: 'both' as const, dir: 'data-samples/rules-check-both', files: rulesCheckBothFiles },
];

const num = (v: Num): number | null => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
/** Non-finite pipeline figures compare as null unless the reference is infinite too. */
const got = (v: number | null | undefined): number | null => (v === undefined || v === null || Number.isNaN(v) ? null : v);

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
    sampleIndex = new Map(ids.map((s, i) => [`${a.tables.mrd.text.USUBJID[i]}|${s}`, i]));
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
      if ((a.exclusion[i] ?? null) !== s.exclusion) bad.push(`${s.sample} (line ${s.line}): exclusion ${a.exclusion[i]}, expected ${s.exclusion}`);
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
        const reason = st.reason[i] ?? null;
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
    // The R oracle does not compute the composite endpoint yet (MRD_NEG_IMAGING_FLC, docs/rules.md).
    expect(a.mrdRates.filter((x) => x.endpoint !== 'MRD_NEG_IMAGING_FLC').length).toBe(ref.rates.length);
    const bad: string[] = [];
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
    }
    expect(bad).toEqual([]);
  });

  it('computes every comparison (CMH statistic and p, MH OR with RBG CI, strata used and dropped) as the oracle', () => {
    expect(a.mrdComparisons.filter((x) => x.endpoint !== 'MRD_NEG_IMAGING_FLC').length).toBe(ref.comparisons.length);
    const bad: string[] = [];
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
    }
    expect(bad).toEqual([]);
  });
});
