/**
 * Generator of the synthetic "IMROZ-like" study (no patient data): 446 subjects with newly diagnosed
 * myeloma ineligible for transplant, randomised 3:2 to isatuximab + VRd (ISA, 265) or VRd (CTL, 181),
 * whose data reproduce the published figures of the isatuximab label (IMROZ, table 9) when the pipeline
 * is run on them: best-response counts, ≥CR and ORR rates, the MRD-negative CR rate at 10^-5 (NGS) in
 * ITT and among ≥CR subjects, a stratified PFS hazard ratio near 0.60 with a control median near 54
 * months and a median follow-up near 60 months. test/labels/imroz.test.ts checks every figure.
 *
 * How the figures are hit (README.md says more):
 * - PFS: within each arm, subjects are ranked by a prognostic score (age, R-ISS, cytogenetics, noise) and
 *   given latent progression-or-death times by stratified ("Latin hypercube") sampling of an exponential
 *   distribution — the k-th best of n gets the quantile at a uniform draw inside ((k, k+1)/n) — so the
 *   arm's sample follows its distribution closely whatever the seed (control median CTL_MEDIAN_MONTHS,
 *   experimental hazard HAZARD_RATIO times the control's). A progression is dated at the first response
 *   assessment on or after the latent time; a death on its day.
 * - Responses: the label's counts per category are dealt, best first, to the subjects in order of a noisy
 *   copy of the same score, skipping a subject whose follow-up before progression has too few
 *   assessments to reach the category, so the counts are exact by construction and response tracks PFS.
 * - MRD: the label's MRD-negative CR counts are dealt the same way among the ≥CR subjects (plus a few
 *   MRD-negative VGPR subjects); every sample of an MRD-negative subject before its first negative is
 *   positive at >= 1e-5 or failed, and no sample of any other subject that counts (bone marrow, central,
 *   NGS, after randomisation, before progression, new therapy and the cut-off) can be negative at 1e-5:
 *   it is positive at >= 1.2e-5, a negative with fewer than 100,000 cells, failed or not done.
 *
 * Run: npm run build --silent && node dist/data-samples/imroz-like/generate.js
 * (rewrites the files next to this script). Seeded (mulberry32, data-samples/random.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../random.js';

export const SEED = 12522;
export const CUTOFF = '2024-01-26';
const FIRST_RAND = '2017-12-11';
const LAST_RAND = '2019-09-16';
/**
 * Median (months) of the latent exponential progression-or-death time in the control arm. Tuned, with
 * HAZARD_RATIO and the cut-off (accrual Dec 2017 to Sep 2019, as in IMROZ; cut-off chosen for a median
 * follow-up near 60 months), so that the pipeline gives a control median of 54.6 months and a stratified
 * hazard ratio of 0.60 (label: 54.34 and 0.60): progressions are dated at the next scheduled assessment.
 */
export const CTL_MEDIAN_MONTHS = 54.5;
/** hazard of the experimental arm relative to the control arm (latent times; see CTL_MEDIAN_MONTHS) */
export const HAZARD_RATIO = 0.62;

export type Arm = 'ISA' | 'CTL';
export type Category = 'SCR' | 'CR' | 'VGPR' | 'PR' | 'MR' | 'SD' | 'PD' | 'NE';

/** The label's figures (IMROZ, table 9) that the study reproduces, per arm. */
export const LABEL = {
  ISA: { n: 265, SCR: 29, CR: 169, VGPR: 38, PR: 6, mrdNegCr: 147, mrdNegNotCr: 4 },
  CTL: { n: 181, SCR: 10, CR: 106, VGPR: 34, PR: 17, mrdNegCr: 74, mrdNegNotCr: 3 },
} as const;

// ------------------------------------------------------------------------------------------------
// PRNG and date helpers

const DAY_MS = 86_400_000;
const DAYS_PER_MONTH = 30.4375;
function dayNumber(iso: string): number {
  return Math.round(Date.parse(iso + 'T00:00:00Z') / DAY_MS);
}
function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
/** 1.23E-05 */
function sci(x: number): string {
  const [m, e] = x.toExponential(2).split('e');
  const n = Number(e);
  return `${m}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

// ------------------------------------------------------------------------------------------------
// Subjects
interface Subject {
  id: string;
  arm: Arm;
  /** randomisation day number */
  rand: number;
  age: number;
  sex: 'M' | 'F';
  riss: 'I' | 'II' | 'III' | 'UNK';
  cyto: 'HIGH' | 'STANDARD';
  isotype: string;
  emd: 'Y' | 'N';
  site: string;
  /** prognostic score: higher is better */
  score: number;

  /** latent progression-or-death time, days from randomisation */
  latent: number;
  deathFirst: boolean;
  /** withdrawal of consent, days from randomisation */
  dropout: number | null;
  /** subsequent therapy started without progression (toxicity), days from randomisation */
  earlyNt: number | null;
  /** scheduled response assessments, days from randomisation */
  schedule: number[];

  /** PFS: event day (progression documented, or death) or censoring day, from randomisation */
  pfsDay: number;
  pfsEvent: 'PD' | 'DEATH' | null;
  pfsCensorReason: string;
  /** assessments that count for best response (before progression, new therapy, withdrawal; <= cut-off) */
  pre: number[];
  /** samples count when collected on days 0 <= d < window */
  window: number;
  /** days from randomisation to the cut-off */
  cutoffRel: number;

  best: Category;
  /** assessment index at which each level is first reached */
  reach: Partial<Record<Category, number>>;
  mrdNeg: boolean;
}

const CATEGORY_NEEDS: Record<'SCR' | 'CR' | 'VGPR' | 'PR', number> = { PR: 1, VGPR: 2, CR: 3, SCR: 4 };

function makeSubjects(rng: Rng): Subject[] {
  const n = LABEL.ISA.n + LABEL.CTL.n;
  const first = dayNumber(FIRST_RAND);
  const last = dayNumber(LAST_RAND);
  const randDays = Array.from({ length: n }, () => rng.int(first, last)).sort((a, b) => a - b);
  // random allocation with fixed totals (265 : 181, the label's split of 3:2)
  const arms = rng.shuffle([...Array<Arm>(LABEL.ISA.n).fill('ISA'), ...Array<Arm>(LABEL.CTL.n).fill('CTL')]);
  const cutoff = dayNumber(CUTOFF);
  return randDays.map((rand, i): Subject => {
    const ageBand = rng.weighted<[number, number]>([
      [[55, 69], 0.31],
      [[70, 74], 0.41],
      [[75, 80], 0.28],
    ]);
    const age = rng.int(ageBand[0], ageBand[1]);
    const riss = rng.weighted<Subject['riss']>([
      ['I', 0.23],
      ['II', 0.64],
      ['III', 0.1],
      ['UNK', 0.03],
    ]);
    const cyto = rng.chance(0.17) ? 'HIGH' : 'STANDARD';
    const isotype = rng.weighted<string>([
      ['IGG-KAPPA', 0.36],
      ['IGG-LAMBDA', 0.2],
      ['IGA-KAPPA', 0.12],
      ['IGA-LAMBDA', 0.08],
      ['LIGHT-CHAIN-KAPPA', 0.14],
      ['LIGHT-CHAIN-LAMBDA', 0.1],
    ]);
    const score = rng.normal() - (age >= 75 ? 0.3 : 0) - (riss === 'III' ? 0.5 : riss === 'UNK' ? 0.2 : 0) - (cyto === 'HIGH' ? 0.5 : 0);
    return {
      id: `IMZ-${String(i + 1).padStart(4, '0')}`,
      arm: arms[i],
      rand,
      age,
      sex: rng.chance(0.53) ? 'M' : 'F',
      riss,
      cyto,
      isotype,
      emd: rng.chance(0.05) ? 'Y' : 'N',
      site: `S${String(rng.int(1, 60)).padStart(3, '0')}`,
      score,
      latent: 0,
      deathFirst: false,
      dropout: null,
      earlyNt: null,
      schedule: [],
      pfsDay: 0,
      pfsEvent: null,
      pfsCensorReason: '',
      pre: [],
      window: 0,
      cutoffRel: cutoff - rand,
      best: 'NE',
      reach: {},
      mrdNeg: false,
    };
  });
}

/** Assessment days: every induction cycle (42 days) to day 168, then every 28 days to month 12, 56 to month 36, 84 after. */
function makeSchedule(rng: Rng): number[] {
  const days: number[] = [];
  let d = 0;
  const step = (by: number, until: number) => {
    while (d + by <= until) {
      d += by;
      days.push(d);
    }
  };
  step(42, 168);
  step(28, 365);
  step(56, 1096);
  step(84, 2600);
  return days.map((x, i) => (i === 0 ? x + rng.int(0, 3) : x + rng.int(-3, 3)));
}

function assignOutcomes(subjects: Subject[], rng: Rng): void {
  const lambdaCtl = Math.log(2) / (CTL_MEDIAN_MONTHS * DAYS_PER_MONTH);
  for (const arm of ['ISA', 'CTL'] as const) {
    const lambda = arm === 'ISA' ? lambdaCtl * HAZARD_RATIO : lambdaCtl;
    const members = subjects.filter((s) => s.arm === arm).sort((a, b) => b.score - a.score);
    members.forEach((s, k) => {
      const survival = (k + rng.next()) / members.length; // stratified draw of S(T)
      s.latent = Math.max(5, -Math.log(survival) / lambda);
    });
  }
  for (const s of subjects) {
    s.deathFirst = rng.chance(s.arm === 'ISA' ? 0.3 : 0.18);
    s.dropout = rng.chance(0.05) ? rng.int(20, 1800) : null;
    s.earlyNt = rng.chance(0.035) ? rng.int(180, 1500) : null;
    if (s.earlyNt !== null && (s.earlyNt >= s.latent || (s.dropout !== null && s.earlyNt >= s.dropout))) s.earlyNt = null;
    s.schedule = makeSchedule(rng);

    let eventDay = Infinity;
    if (s.deathFirst) eventDay = Math.ceil(s.latent);
    else eventDay = s.schedule.find((d) => d >= s.latent) ?? Infinity;
    const stop = Math.min(s.dropout ?? Infinity, s.earlyNt ?? Infinity, s.cutoffRel + 1);
    if (eventDay < stop) {
      s.pfsEvent = s.deathFirst ? 'DEATH' : 'PD';
      s.pfsDay = eventDay;
      s.window = eventDay;
    } else {
      s.window = stop;
      s.pfsCensorReason =
        stop === s.dropout ? 'WITHDRAWAL BY SUBJECT' : stop === s.earlyNt ? 'NEW ANTI-MYELOMA THERAPY' : 'DATA CUT-OFF';
    }
    s.pre = s.schedule.filter((d) => d < s.window);
    if (s.pfsEvent === null) s.pfsDay = s.pre.length ? s.pre[s.pre.length - 1] : 0;
  }
}

/** Deals the label's response counts, best category first, in order of a noisy copy of the prognostic score. */
function assignResponses(subjects: Subject[], rng: Rng): void {
  for (const arm of ['ISA', 'CTL'] as const) {
    const want = LABEL[arm];
    const order = subjects
      .filter((s) => s.arm === arm)
      .map((s) => ({ s, key: s.score + 0.8 * rng.normal() }))
      .sort((a, b) => b.key - a.key)
      .map((x) => x.s);
    const taken = new Set<Subject>();
    const deal = (count: number, need: number, cat: Category) => {
      let left = count;
      for (const s of order) {
        if (left === 0) break;
        if (taken.has(s) || s.pre.length < need) continue;
        s.best = cat;
        taken.add(s);
        left--;
      }
      if (left) throw new Error(`${arm}: not enough follow-up to deal ${count} ${cat}`);
    };
    deal(want.SCR + want.CR, CATEGORY_NEEDS.SCR, 'CR');
    // sCR (normal FLC ratio, no clonal plasma cells) among the ≥CR subjects, at random
    const crs = rng.shuffle(order.filter((s) => s.best === 'CR'));
    for (const s of crs.slice(0, want.SCR)) s.best = 'SCR';
    deal(want.VGPR, CATEGORY_NEEDS.VGPR, 'VGPR');
    deal(want.PR, CATEGORY_NEEDS.PR, 'PR');
    for (const s of order) {
      if (taken.has(s)) continue;
      if (s.pre.length === 0) s.best = s.pfsEvent === 'PD' ? 'PD' : 'NE';
      else s.best = rng.chance(0.3) ? 'MR' : 'SD';
    }
    // MRD negativity: the label's count among ≥CR subjects, plus a few VGPR subjects
    const byKey = (xs: Subject[]) =>
      xs
        .map((s) => ({ s, key: s.score + 0.9 * rng.normal() }))
        .sort((a, b) => b.key - a.key)
        .map((x) => x.s);
    byKey(order.filter((s) => s.best === 'CR' || s.best === 'SCR'))
      .slice(0, want.mrdNegCr)
      .forEach((s) => (s.mrdNeg = true));
    byKey(order.filter((s) => s.best === 'VGPR'))
      .slice(0, want.mrdNegNotCr)
      .forEach((s) => (s.mrdNeg = true));
  }
  for (const s of subjects) s.reach = trajectory(s, rng);
}

/** Index of the first assessment at or after `day`. */
function indexAt(days: number[], day: number): number {
  const i = days.findIndex((d) => d >= day);
  return i < 0 ? days.length - 1 : i;
}

/** Where each level of response is first reached on the subject's assessments before progression. */
function trajectory(s: Subject, rng: Rng): Partial<Record<Category, number>> {
  const levels = (['PR', 'VGPR', 'CR', 'SCR'] as const).slice(0, s.best in CATEGORY_NEEDS ? CATEGORY_NEEDS[s.best as 'PR'] : 0);
  const m = s.pre.length;
  const targets: Record<'PR' | 'VGPR' | 'CR' | 'SCR', number> = {
    PR: rng.chance(0.65) ? 0 : 40,
    VGPR: rng.int(80, 220),
    CR: Math.round(Math.exp(Math.log(250) + 0.45 * rng.normal())),
    SCR: 0,
  };
  const reach: Partial<Record<Category, number>> = {};
  let prev = -1;
  levels.forEach((lv, k) => {
    const latest = m - (levels.length - k); // leave room for the levels still to come
    let idx = lv === 'SCR' ? prev + rng.int(1, 3) : Math.max(prev + 1, indexAt(s.pre, targets[lv]));
    idx = Math.min(idx, latest);
    if (idx <= prev) idx = prev + 1;
    reach[lv] = idx;
    prev = idx;
  });
  return reach;
}

/** Category of the subject at its i-th assessment before progression. */
function categoryAt(s: Subject, i: number): Category {
  const r = s.reach;
  if (r.SCR !== undefined && i >= r.SCR) return 'SCR';
  if (r.CR !== undefined && i >= r.CR) return 'CR';
  if (r.VGPR !== undefined && i >= r.VGPR) return 'VGPR';
  if (r.PR !== undefined && i >= r.PR) return 'PR';
  if (s.best === 'MR' && i >= 1) return 'MR';
  if (s.best === 'PD') return 'PD';
  if (s.best === 'NE') return 'NE';
  return r.PR !== undefined && i === r.PR - 1 && i > 0 ? 'MR' : 'SD';
}

// ------------------------------------------------------------------------------------------------
// MRD samples
type Kind = 'neg' | 'lowpos' | 'pos' | 'insufficient' | 'failed' | 'notdone';
interface Sample {
  day: number;
  visit: string;
  kind: Kind;
  /** true disease level for positives */
  level?: number;
}

function ngsCells(rng: Rng): number {
  return Math.round(Math.min(4_500_000, Math.max(150_000, Math.exp(Math.log(1_300_000) + 0.6 * rng.normal()))));
}

const NGS_FAIL = ['INSUFFICIENT DNA', 'SAMPLE DEGRADED', 'SEQUENCING QC FAILURE'];

/** Planned NGS marrows of one subject on study (before results are drawn). */
function plannedVisits(s: Subject, rng: Rng): { day: number; visit: string }[] {
  const out: { day: number; visit: string }[] = [];
  const cr = s.reach.CR;
  const isCr = s.best === 'CR' || s.best === 'SCR';
  let crVisit = -Infinity;
  if (isCr && cr !== undefined) {
    crVisit = Math.min(s.pre[cr] + rng.int(0, 21), s.window - 1);
    out.push({ day: crVisit, visit: 'CR' });
  }
  const compliance = isCr ? 0.85 : s.best === 'VGPR' ? 0.7 : s.best === 'PR' ? 0.25 : 0;
  for (let y = 1; y <= 5; y++) {
    if (!isCr && y > (s.best === 'VGPR' ? 2 : 1)) break;
    const day = Math.round(y * 365.25) + rng.int(-14, 14);
    if (day >= s.window || Math.abs(day - crVisit) < 60) continue;
    if (rng.chance(compliance) || (s.mrdNeg && out.length === 0)) out.push({ day, visit: `M${12 * y}` });
  }
  if (s.mrdNeg && out.length === 0) {
    // an MRD-negative VGPR subject whose annual marrow fell after progression: sampled at VGPR
    out.push({ day: Math.min(s.pre[s.reach.VGPR!] + 14, s.window - 1), visit: 'UNSCHEDULED' });
  }
  return out.sort((a, b) => a.day - b.day);
}

function drawResults(s: Subject, visits: { day: number; visit: string }[], noClone: boolean, rng: Rng): Sample[] {
  const isCr = s.best === 'CR' || s.best === 'SCR';
  if (noClone) return visits.map((v) => ({ ...v, kind: 'notdone' }));
  if (s.mrdNeg) {
    const first = visits.length > 1 && rng.chance(0.3) ? 1 : 0;
    return visits.map((v, i): Sample => {
      if (i < first) return rng.chance(0.15) ? { ...v, kind: 'failed' } : { ...v, kind: 'pos', level: rng.logUniform(1.2e-5, 3e-4) };
      if (i === first) return rng.chance(0.12) ? { ...v, kind: 'lowpos', level: rng.uniform(1.5e-6, 9e-6) } : { ...v, kind: 'neg' };
      // MRD reappears only ahead of a progression (the last marrow before it, more often than not)
      if (i === visits.length - 1 && s.pfsEvent === 'PD' && rng.chance(0.6)) return { ...v, kind: 'pos', level: rng.logUniform(1.2e-5, 1e-3) };
      return rng.weighted<Sample>([
        [{ ...v, kind: 'neg' }, 0.88],
        [{ ...v, kind: 'lowpos', level: rng.uniform(1.5e-6, 9e-6) }, 0.05],
        [{ ...v, kind: 'failed' }, 0.04],
        [{ ...v, kind: 'insufficient' }, 0.03],
      ]);
    });
  }
  // not MRD negative at 1e-5: nothing that counts may be negative at 1e-5
  if (isCr && rng.chance(0.15)) return []; // CR without a marrow
  const hi = isCr ? 1e-3 : s.best === 'VGPR' ? 1e-2 : 5e-2;
  return visits.map((v) =>
    rng.weighted<Sample>([
      [{ ...v, kind: 'pos', level: rng.logUniform(1.2e-5, hi) }, 0.72],
      [{ ...v, kind: 'insufficient' }, 0.14],
      [{ ...v, kind: 'failed' }, 0.14],
    ]),
  );
}

type Row = (string | number | undefined)[];

const MRD_HEADER = ['USUBJID', 'SAMPLEID', 'COLLDT', 'METHOD', 'RESULT', 'SPEC', 'LAB', 'CENTRAL', 'VISIT', 'MRDLEVEL', 'CELLS', 'DNANG', 'CLONALEV', 'LOD', 'FAILRSN', 'HEMODIL', 'RECVDTM', 'PROCDTM', 'CLONEID'];

/** One NGS row: cells either counted (CELLS) or from the DNA input (DNANG), as clonoSEQ-like labs report. */
function ngsRow(s: Subject, sid: string, day: number, visit: string, kind: Kind, level: number | undefined, rng: Rng, cloneId = 'Y'): Row {
  const date = isoOf(s.rand + day);
  const base = (result: string, lvl: string | undefined, cells: number | undefined, dna: string | undefined, clonal: number | undefined, fail: string | undefined): Row => [
    s.id, sid, date, 'NGS', result, 'BM', 'CENTRAL-NGS', 'Y', visit, lvl, cells, dna, clonal, undefined, fail, undefined, undefined, undefined, cloneId,
  ];
  if (kind === 'failed') return base('FAILED', undefined, undefined, undefined, undefined, NGS_FAIL[rng.int(0, NGS_FAIL.length - 1)]);
  if (kind === 'notdone') return base('NOT DONE', undefined, undefined, undefined, undefined, 'NO TRACKABLE CLONE AT BASELINE');
  let cells = kind === 'insufficient' ? rng.int(30_000, 95_000) : ngsCells(rng);
  if (kind === 'lowpos') cells = Math.max(cells, 1_000_000);
  const byDna = rng.chance(0.3);
  // DNA given to 0.1 ng, rounded down so that the derived cell count never exceeds the intended one
  const dna = byDna ? (Math.floor((cells * 6.5) / 100) / 10).toFixed(1) : undefined;
  const cellCol = byDna ? undefined : cells;
  if (kind === 'neg' || kind === 'insufficient') return base('NEGATIVE', undefined, cellCol, dna, undefined, undefined);
  const clonal = Math.max(1, Math.round(level! * cells));
  return base('POSITIVE', sci(level!), cellCol, dna, clonal, undefined);
}

const pad2 = (x: number) => String(x).padStart(2, '0');
function dtm(day: number, minutes: number): string {
  const d = day + Math.floor(minutes / 1440);
  const m = minutes % 1440;
  return `${isoOf(d)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** An NGF (EuroFlow-like) tube taken with an NGS marrow: agrees with it most of the time. */
function ngfRow(s: Subject, sid: string, day: number, visit: string, ngs: Sample, rng: Rng): Row {
  const abs = s.rand + day;
  const recv = rng.int(7 * 60, 14 * 60) + 1440;
  const proc = recv + rng.int(60, 300);
  const times = [dtm(abs, recv), dtm(abs, proc)];
  const row = (result: string, lvl: string | undefined, cells: number | undefined, clonal: number | undefined, fail: string | undefined, hemo: string): Row => [
    s.id, sid, isoOf(abs), 'NGF', result, 'BM', 'CENTRAL-NGF', 'Y', visit, lvl, cells, undefined, clonal, undefined, fail, hemo, times[0], times[1], undefined,
  ];
  if (rng.chance(0.04)) return row('FAILED', undefined, undefined, undefined, 'LOW CELL VIABILITY', 'N');
  const cells = rng.chance(0.06) ? rng.int(1_000_000, 1_900_000) : Math.round(Math.min(9e6, Math.max(2.2e6, Math.exp(Math.log(4e6) + 0.35 * rng.normal()))));
  if (rng.chance(0.03)) return row('NEGATIVE', undefined, cells, undefined, undefined, 'Y');
  let level: number | null = null;
  if (ngs.kind === 'pos') {
    const l = ngs.level!;
    if (rng.chance(l >= 5e-5 ? 0.95 : 0.6)) level = l * rng.uniform(0.6, 1.6);
  } else if (ngs.kind === 'failed' || ngs.kind === 'notdone') {
    if (rng.chance(0.4)) level = rng.logUniform(2e-5, 1e-3);
  } else if (rng.chance(0.05)) {
    level = rng.uniform(1.5e-5, 4e-5);
  }
  if (level === null) return row('NEGATIVE', undefined, cells, undefined, undefined, 'N');
  return row('POSITIVE', sci(level), cells, Math.max(1, Math.round(level * cells)), undefined, 'N');
}

// ------------------------------------------------------------------------------------------------
function csv(header: string[], rows: Row[]): string {
  return [header.join(','), ...rows.map((r) => r.map((v) => (v === undefined ? '' : String(v))).join(','))].join('\n') + '\n';
}

const PLAN = `# IMROZ-like synthetic study (no patient data), written by generate.ts: see README.md.
study: IMROZ-LIKE-SYN
cutoff: ${CUTOFF}
arms:
  - { code: ISA, label: Isa-VRd, control: false }
  - { code: CTL, label: VRd, control: true }
strata: [AGEGRP, RISSGRP]
subgroups: [AGEGRP, RISSGRP, SEX]
mrd:
  primaryMethod: NGS
  combine: primary-only
  thresholds: [1.0e-4, 1.0e-5, 1.0e-6]
  primaryThreshold: 1.0e-5
  timepoints:
    - { name: M12, month: 12, windowMonths: 3 }
landmarks: [12, 24, 36, 48, 60]
mrdLandmark: 12
lang: en
report:
  variables:
    AGEGRP:
      label: { en: Age, zh: 年龄 }
      levels: { "<70": { en: "< 70 years", zh: "< 70 岁" }, ">=70": { en: "≥ 70 years", zh: "≥ 70 岁" } }
    RISSGRP:
      label: { en: R-ISS stage at screening, zh: 筛选期 R-ISS 分期 }
      levels: { I-II: { en: Stage I or II, zh: I 或 II 期 }, III-UNCL: { en: Stage III or unclassified, zh: III 期或未分类 } }
    SEX:
      label: { en: Sex, zh: 性别 }
      levels: { F: { en: Female, zh: 女 }, M: { en: Male, zh: 男 } }
`;

const LATER_LINES: Record<Arm, [string, string, number][]> = {
  CTL: [
    ['DARATUMUMAB', 'ANTI-CD38', 0.5],
    ['CARFILZOMIB', 'PI', 0.25],
    ['POMALIDOMIDE', 'IMID', 0.25],
  ],
  ISA: [
    ['POMALIDOMIDE', 'IMID', 0.4],
    ['CARFILZOMIB', 'PI', 0.35],
    ['ELOTUZUMAB', 'ANTI-SLAMF7', 0.15],
    ['DARATUMUMAB', 'ANTI-CD38', 0.1],
  ],
};

export function imrozLikeFiles(): Map<string, string> {
  const subjects = makeSubjects(new Rng(SEED));
  assignOutcomes(subjects, new Rng(SEED + 1));
  assignResponses(subjects, new Rng(SEED + 2));

  const rng = new Rng(SEED + 3);
  const subj: Row[] = [];
  const resp: Row[] = [];
  const mrd: Row[] = [];
  const img: Row[] = [];
  const ther: Row[] = [];
  const tte: Row[] = [];
  for (const s of subjects) {
    const iso = (d: number) => isoOf(s.rand + d);
    subj.push([
      s.id, s.arm, isoOf(s.rand), 'Y', 'Y', s.age, s.age < 70 ? '<70' : '>=70', s.sex, s.riss === 'UNK' ? '' : s.riss,
      s.riss === 'III' || s.riss === 'UNK' ? 'III-UNCL' : 'I-II', s.cyto, s.isotype, s.emd, s.site,
    ]);

    // responses: on study, then PD at the progression date, then (after an early switch) under the new therapy
    const isCr = s.best === 'CR' || s.best === 'SCR';
    const respRow = (d: number, c: Category) => {
      const ife = c === 'NE' ? undefined : c === 'CR' || c === 'SCR' ? 'NEG' : 'POS';
      const flc = c === 'NE' ? undefined : c === 'SCR' || (c === 'CR' && rng.chance(0.8)) || (c === 'VGPR' && rng.chance(0.5)) ? 'Y' : 'N';
      resp.push([s.id, iso(d), c, flc, ife]);
    };
    if (s.pre.length === 0) {
      if (s.pfsEvent === 'PD') respRow(s.pfsDay, 'PD');
      else respRow(Math.max(1, Math.floor(s.window / 2)), 'NE');
    } else {
      s.pre.forEach((d, i) => respRow(d, categoryAt(s, i)));
      if (s.pfsEvent === 'PD') respRow(s.pfsDay, 'PD');
    }
    if (s.earlyNt !== null && s.window === s.earlyNt) {
      // assessments under the new therapy: they must not count towards the best response
      const after = s.schedule.filter((d) => d >= s.earlyNt! && d <= s.cutoffRel && d < s.latent).slice(0, 2);
      const better: Partial<Record<Category, Category>> = { SD: 'PR', MR: 'PR', PR: 'VGPR', VGPR: 'CR', CR: 'CR', SCR: 'SCR' };
      for (const d of after) respRow(d, better[s.best] ?? 'SD');
    }

    // MRD: baseline clone identification, on-study marrows, then marrows that must not count
    let k = 0;
    const sid = () => `${s.id}-M${String(++k).padStart(2, '0')}`;
    const noClone = !s.mrdNeg && rng.chance(0.04);
    const screenDay = -rng.int(7, 28);
    mrd.push(ngsRow(s, sid(), screenDay, 'SCREENING', 'pos', rng.logUniform(0.03, 0.6), rng, noClone ? 'N' : 'Y'));
    const samples = drawResults(s, plannedVisits(s, rng), noClone, rng);
    for (const x of samples) {
      mrd.push(ngsRow(s, sid(), x.day, x.visit, x.kind, x.level, rng, noClone ? 'N' : 'Y'));
      if ((x.visit === 'CR' || x.visit === 'M12' || x.visit === 'M24') && rng.chance(0.3)) {
        const lag = rng.chance(0.6) ? 0 : rng.int(1, 7);
        const day = x.day + lag < s.window ? x.day + lag : x.day;
        mrd.push(ngfRow(s, sid(), day, x.visit, x, rng));
      }
    }
    const good = isCr || s.best === 'VGPR';
    if (s.pfsEvent === 'PD' && good && rng.chance(0.3)) {
      mrd.push(ngsRow(s, sid(), s.pfsDay, 'PROGRESSION', 'pos', rng.logUniform(1e-3, 5e-2), rng));
    }
    if (s.earlyNt !== null && s.window === s.earlyNt && good && s.earlyNt + 180 <= s.cutoffRel && s.earlyNt + 180 < s.latent) {
      mrd.push(ngsRow(s, sid(), s.earlyNt + 180, 'UNSCHEDULED', 'neg', undefined, rng));
    }
    if (s.pfsEvent === null && s.window === s.cutoffRel + 1 && isCr && noClone === false) {
      const next = [1, 2, 3, 4, 5, 6].map((y) => Math.round(y * 365.25)).find((d) => d > s.cutoffRel && d <= s.cutoffRel + 30);
      if (next !== undefined && rng.chance(0.6)) {
        mrd.push(ngsRow(s, sid(), next, `M${12 * Math.round(next / 365.25)}`, s.mrdNeg ? 'neg' : 'pos', s.mrdNeg ? undefined : rng.logUniform(1.2e-5, 1e-3), rng));
      }
    }

    // imaging (PET-CT): baseline for some, at CR and two years for ≥CR subjects
    if (rng.chance(0.35)) img.push([s.id, iso(screenDay + rng.int(0, 5)), 'PET-CT', 'POSITIVE', s.emd]);
    if (isCr && rng.chance(0.6)) {
      const d = Math.min(Math.max(1, s.pre[s.reach.CR!] + rng.int(-14, 14)), s.window - 1);
      img.push([s.id, iso(d), 'PET-CT', rng.chance(s.mrdNeg ? 0.9 : 0.7) ? 'NEGATIVE' : 'POSITIVE', 'N']);
    }
    if (isCr && s.mrdNeg && rng.chance(0.45)) {
      const d = 730 + rng.int(-30, 30);
      if (d < s.window) img.push([s.id, iso(d), 'PET-CT', rng.chance(0.92) ? 'NEGATIVE' : 'POSITIVE', 'N']);
    }

    // therapy: study drugs, then subsequent lines
    const start = rng.int(0, 3);
    const end = s.pfsEvent !== null ? s.pfsDay : s.window === s.cutoffRel + 1 ? null : s.window - 1;
    const endIso = end === null ? undefined : iso(end);
    if (s.arm === 'ISA') ther.push([s.id, 'ISATUXIMAB', 'ANTI-CD38', iso(start), endIso, 'N']);
    ther.push([s.id, 'BORTEZOMIB', 'PI', iso(start), iso(end === null ? 168 : Math.min(168, end)), 'N']);
    ther.push([s.id, 'LENALIDOMIDE', 'IMID', iso(start), endIso, 'N']);
    ther.push([s.id, 'DEXAMETHASONE', 'CORTICOSTEROID', iso(start), endIso, 'N']);

    let death: number | null = s.pfsEvent === 'DEATH' ? s.pfsDay : null;
    if (s.pfsEvent === 'PD') {
      const pps = -Math.log(1 - rng.next()) / (Math.log(2) / (30 * DAYS_PER_MONTH));
      if (s.pfsDay + pps <= s.cutoffRel) death = s.pfsDay + Math.max(7, Math.round(pps));
      if (rng.chance(0.8)) {
        const nt = s.pfsDay + rng.int(10, 60);
        if (nt <= s.cutoffRel && (death === null || nt < death)) {
          const [drug, cls] = rng.weighted(LATER_LINES[s.arm].map(([d, c, w]) => [[d, c], w] as [[string, string], number]));
          ther.push([s.id, drug, cls, iso(nt), undefined, 'Y']);
        }
      }
    }
    if (s.earlyNt !== null && s.window === s.earlyNt) {
      ther.push([s.id, s.arm === 'ISA' ? 'CARFILZOMIB' : 'DARATUMUMAB', s.arm === 'ISA' ? 'PI' : 'ANTI-CD38', iso(s.earlyNt), undefined, 'Y']);
    }

    // time to event
    const pfsDesc = s.pfsEvent === 'PD' ? 'DISEASE PROGRESSION' : s.pfsEvent === 'DEATH' ? 'DEATH' : undefined;
    const pfsCns = s.pfsEvent === null ? (s.pre.length ? `LAST ADEQUATE ASSESSMENT (${s.pfsCensorReason})` : 'NO ADEQUATE POST-BASELINE ASSESSMENT') : undefined;
    tte.push([s.id, 'PFS', isoOf(s.rand), iso(s.pfsDay), s.pfsEvent === null ? 1 : 0, pfsDesc, pfsCns]);
    const withdrew = s.dropout !== null && s.pfsEvent === null && s.window === s.dropout;
    if (death !== null) tte.push([s.id, 'OS', isoOf(s.rand), iso(death), 0, 'DEATH', undefined]);
    else if (withdrew) tte.push([s.id, 'OS', isoOf(s.rand), iso(s.dropout!), 1, undefined, 'WITHDRAWAL BY SUBJECT']);
    else tte.push([s.id, 'OS', isoOf(s.rand), CUTOFF, 1, undefined, 'ALIVE AT DATA CUT-OFF']);
  }

  const files = new Map<string, string>();
  files.set('study.yaml', PLAN);
  files.set('subjects.csv', csv(['USUBJID', 'ARM', 'RANDDT', 'ITTFL', 'SAFFL', 'AGE', 'AGEGRP', 'SEX', 'RISS', 'RISSGRP', 'CYTORISK', 'ISOTYPE', 'EMDBL', 'SITEID'], subj));
  files.set('mrd.csv', csv(MRD_HEADER, mrd));
  files.set('response.csv', csv(['USUBJID', 'ADT', 'AVALC', 'FLCNORM', 'IFE'], resp));
  files.set('imaging.csv', csv(['USUBJID', 'ADT', 'MODALITY', 'RESULT', 'EMD'], img));
  files.set('therapy.csv', csv(['USUBJID', 'DRUG', 'CLASS', 'STDT', 'ENDT', 'NEWTHER'], ther));
  files.set('tte.csv', csv(['USUBJID', 'PARAMCD', 'STARTDT', 'ADT', 'CNSR', 'EVNTDESC', 'CNSDTDSC'], tte));
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // dist/data-samples/imroz-like/generate.js writes into data-samples/imroz-like/
  const here = dirname(fileURLToPath(import.meta.url));
  const target = here.includes('/dist/') ? here.replace('/dist/', '/') : here;
  mkdirSync(target, { recursive: true });
  const files = imrozLikeFiles();
  for (const [name, text] of files) writeFileSync(join(target, name), text);
  console.log(`wrote ${[...files.keys()].join(', ')} to ${target}`);
}
