/**
 * The isatuximab label, IMROZ table 9, reproduced by the pipeline on the synthetic study
 * data-samples/imroz-like (GitHub issue 7). The response and MRD counts are exact by construction of the
 * generator; the printed confidence intervals (Clopper-Pearson, whole percent) must then be the label's.
 * PFS is simulated, so only ranges are asserted for the hazard ratio and the control median.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
import { imrozLikeFiles } from '../../data-samples/imroz-like/generate.js';
import type { MrdRate } from '../../analyses/mrdRates.js';
import { REASONS } from '../../model/status.js';

const DIR = 'data-samples/imroz-like';
const T = 1e-5;

let a: Analysis;
beforeAll(async () => {
  a = await analyseStudy(DIR);
});

/** "[49~62]": the label's way of printing a 95% CI, in whole percent. */
const ci = (lower: number, upper: number) => `[${Math.round(lower * 100)}~${Math.round(upper * 100)}]`;

function rate(endpoint: string, population: 'ITT' | 'CR' | 'EVALUABLE', arm: string): MrdRate {
  const r = a.mrdRates.find((q) => q.endpoint === endpoint && q.population === population && q.arm === arm && q.threshold === T);
  if (!r) throw new Error(`no rate ${endpoint} ${population} ${arm}`);
  return r;
}

function bestResponseCounts(arm: string): Record<string, number> {
  const out: Record<string, number> = {};
  a.bestResponse.forEach((c, i) => {
    if (a.subjects.arm[i] !== arm || !a.subjects.itt[i]) return;
    const k = c ?? 'none';
    out[k] = (out[k] ?? 0) + 1;
  });
  return out;
}

describe('IMROZ table 9 (isatuximab label) on data-samples/imroz-like', () => {
  it('is exactly what its committed generator writes', () => {
    for (const [name, text] of imrozLikeFiles()) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });

  it('randomises 446 subjects 265 Isa-VRd : 181 VRd, all usable', () => {
    expect(a.subjects.n).toBe(446);
    expect(a.subjects.arm.filter((x) => x === 'ISA')).toHaveLength(265);
    expect(a.subjects.arm.filter((x) => x === 'CTL')).toHaveLength(181);
    expect(a.rejected).toEqual([]);
    expect(a.plan.strata).toEqual(['AGEGRP', 'RISSGRP']);
    expect(a.strataLabels).toHaveLength(4);
  });

  // label: sCR 29 (11) / 10 (6); CR 169 (64) / 106 (59); VGPR 38 (14) / 34 (19); PR 6 (2.3) / 17 (9)
  it.each([
    ['ISA', 265, { SCR: 29, CR: 169, VGPR: 38, PR: 6 }],
    ['CTL', 181, { SCR: 10, CR: 106, VGPR: 34, PR: 17 }],
  ] as const)('best response counts of %s', (arm, n, want) => {
    const got = bestResponseCounts(arm);
    expect({ SCR: got.SCR, CR: got.CR, VGPR: got.VGPR, PR: got.PR }).toEqual(want);
    const rest = Object.entries(got).filter(([k]) => !['SCR', 'CR', 'VGPR', 'PR'].includes(k));
    for (const [k] of rest) expect(['MR', 'SD', 'PD', 'NE']).toContain(k);
    expect(Object.values(got).reduce((s, x) => s + x, 0)).toBe(n);
  });

  // label: ORR 242 (91) [87~94] / 167 (92) [87~96]; ≥CR 198 (75) [69~80] / 116 (64) [57~71]
  it.each([
    ['ISA', 265, 242, '[87~94]', 198, '[69~80]'],
    ['CTL', 181, 167, '[87~96]', 116, '[57~71]'],
  ] as const)('ORR and ≥CR of %s with Clopper-Pearson CIs', (arm, n, orr, orrCi, cr, crCi) => {
    const got = bestResponseCounts(arm);
    const xCr = (got.SCR ?? 0) + (got.CR ?? 0);
    const xOrr = xCr + (got.VGPR ?? 0) + (got.PR ?? 0);
    expect([xOrr, xCr]).toEqual([orr, cr]);
    const o = clopperPearson(xOrr, n);
    const c = clopperPearson(xCr, n);
    expect(ci(o.ciLower, o.ciUpper)).toBe(orrCi);
    expect(ci(c.ciLower, c.ciUpper)).toBe(crCi);
    // the pipeline's ≥CR population is the same set of subjects
    expect(rate('MRD_NEG_CR', 'CR', arm).n).toBe(cr);
  });

  // label: MRD-negative CR (1e-5, NGS) 147 (55) [49~62] / 74 (41) [34~48] in ITT;
  // 147 (74) [68~80] / 74 (64) [54~73] among subjects with ≥CR (198 / 116)
  it.each([
    ['ITT', 'ISA', 147, 265, '[49~62]'],
    ['ITT', 'CTL', 74, 181, '[34~48]'],
    ['CR', 'ISA', 147, 198, '[68~80]'],
    ['CR', 'CTL', 74, 116, '[54~73]'],
  ] as const)('MRD_NEG_CR at 1e-5, %s population, %s: x/n and CI as printed on the label', (population, arm, x, n, printed) => {
    const r = rate('MRD_NEG_CR', population, arm);
    expect([r.x, r.n]).toEqual([x, n]);
    expect(ci(r.ciLower, r.ciUpper)).toBe(printed);
    const ref = clopperPearson(x, n);
    expect([r.ciLower, r.ciUpper]).toEqual([ref.ciLower, ref.ciUpper]);
  });

  it('has MRD-negative subjects who are not in CR, so MRD_NEG differs from MRD_NEG_CR', () => {
    expect(rate('MRD_NEG', 'ITT', 'ISA').x).toBeGreaterThan(147);
    expect(rate('MRD_NEG', 'ITT', 'CTL').x).toBeGreaterThan(74);
    // and subjects whose samples failed or were not sensitive enough, who stay in the ITT denominator
    const k = a.plan.mrd.thresholds.indexOf(T);
    const reasons = new Set(Array.from(a.sampleStatus[k].reason, (c) => REASONS.text(c)).filter((x) => x !== null));
    for (const r of ['FAILED', 'LOD_ABOVE_THRESHOLD', 'NOT_DONE', 'ON_OR_AFTER_PROGRESSION', 'ON_OR_AFTER_NEW_THERAPY', 'AFTER_CUTOFF']) {
      expect(reasons, r).toContain(r);
    }
  });

  it('prints the stratified CMH p of MRD-negative CR in ITT (label 0.0026)', () => {
    const c = a.mrdComparisons.find((q) => q.endpoint === 'MRD_NEG_CR' && q.population === 'ITT' && q.threshold === T)!;
    console.log(`IMROZ-like MRD_NEG_CR ITT 1e-5: stratified CMH p = ${c.cmhP.toFixed(4)} (label 0.0026), strata used ${c.strataUsed}`);
    expect(c.strataUsed).toBe(4);
    expect(c.cmhP).toBeLessThan(0.01);
  });

  it('gives a stratified PFS hazard ratio near 0.60 and a VRd median near 54 months (Isa-VRd not reached)', () => {
    const pfs = a.timeToEvent.find((t) => t.endpoint === 'PFS')!.analysis;
    const hr = pfs.hazardRatios[0];
    const ctl = pfs.groups.find((g) => g.group === 'CTL')!;
    const isa = pfs.groups.find((g) => g.group === 'ISA')!;
    const f = (x: number | null) => (x === null ? 'NR' : x.toFixed(2));
    console.log(
      `IMROZ-like PFS: HR ${f(hr.hr)} [${f(hr.hrLower)}~${f(hr.hrUpper)}] (label 0.60 [0.44~0.81]), stratified log-rank p ${pfs.logrankP!.toFixed(4)} (label 0.0009); ` +
        `VRd median ${f(ctl.median)} [${f(ctl.medianLower)}~${f(ctl.medianUpper)}] (label 54.34 [45.21~NR]); Isa-VRd median ${f(isa.median)}; ` +
        `median follow-up ${f(pfs.followUp!.estimate)} months (label 60)`,
    );
    expect(pfs.stratified).toBe(true);
    expect(hr.group).toBe('ISA');
    expect(hr.hr!).toBeGreaterThanOrEqual(0.5);
    expect(hr.hr!).toBeLessThanOrEqual(0.7);
    expect(ctl.median!).toBeGreaterThanOrEqual(50);
    expect(ctl.median!).toBeLessThanOrEqual(58);
    expect(isa.median).toBeNull();
    expect(pfs.followUp!.estimate!).toBeGreaterThan(57);
    expect(pfs.followUp!.estimate!).toBeLessThan(63);
  });
});

describe('data-samples/imroz-like is internally consistent', () => {
  it('dates every PFS progression at a PD assessment, with no assessment, marrow or imaging after progression or death that the pipeline could use', () => {
    const tte = a.tables.tte;
    const pfsEvent = new Map<number, number>();
    const death = new Map<number, number>();
    for (let i = 0; i < tte.n; i++) {
      const s = a.subjects.index.get(tte.text.USUBJID.at(i)!)!;
      if (tte.num.CNSR[i] !== 0) continue;
      if (tte.text.PARAMCD.at(i) === 'PFS') pfsEvent.set(s, tte.num.ADT[i]);
      if (tte.text.PARAMCD.at(i) === 'OS') death.set(s, tte.num.ADT[i]);
    }
    // the pipeline's progression day is the PFS event day, and every PD assessment is a PFS event
    for (let s = 0; s < a.subjects.n; s++) {
      const p = a.subjects.progressionDay[s];
      if (pfsEvent.has(s)) expect(p, a.subjects.id[s]).toBe(pfsEvent.get(s));
      else expect(Number.isNaN(p), a.subjects.id[s]).toBe(true);
      if (death.has(s) && pfsEvent.has(s)) expect(death.get(s)!).toBeGreaterThanOrEqual(pfsEvent.get(s)!);
    }
    const after = (file: 'response' | 'mrd' | 'imaging', dateCol: string) => {
      const t = a.tables[file];
      let n = 0;
      for (let i = 0; i < t.n; i++) {
        const s = a.subjects.index.get(t.text.USUBJID.at(i)!)!;
        const day = t.num[dateCol][i];
        if (death.has(s) && day > death.get(s)!) n++;
        if (file !== 'mrd' && pfsEvent.has(s) && day > pfsEvent.get(s)!) n++;
      }
      return n;
    };
    expect(after('response', 'ADT')).toBe(0);
    expect(after('imaging', 'ADT')).toBe(0);
    expect(after('mrd', 'COLLDT')).toBe(0);
  });

  it('treats the experimental arm with isatuximab (anti-CD38, not a new therapy) and has subsequent therapies', () => {
    const t = a.tables.therapy;
    const isaSubjects = new Set<string>();
    let later = 0;
    for (let i = 0; i < t.n; i++) {
      if (t.text.DRUG.at(i) === 'ISATUXIMAB') {
        expect(t.text.CLASS.at(i)).toBe('ANTI-CD38');
        expect(t.text.NEWTHER.at(i)).toBe('N');
        isaSubjects.add(t.text.USUBJID.at(i)!);
      }
      if (t.text.NEWTHER.at(i) === 'Y') later++;
    }
    expect(isaSubjects.size).toBe(265);
    for (const id of isaSubjects) expect(a.subjects.arm[a.subjects.index.get(id)!]).toBe('ISA');
    expect(later).toBeGreaterThan(50);
  });

  it('has an NGF subset with NGS pairs within 7 days for concordance, and PET-CT for a subset', () => {
    const c = a.concordance.find((q) => q.threshold === T)!;
    expect(c.n).toBeGreaterThan(100);
    expect(a.tables.imaging.present).toBe(true);
    expect(a.sustainedEndpoint).toBe('SUSTAINED_MRD_NEG');
  });
});
